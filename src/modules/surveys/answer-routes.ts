import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, formValues, idFrom } from '../../http/forms.js';
import {
  type AnswerTarget,
  accountTarget,
  answerState,
  closedReason,
  linkTarget,
  questionsOf,
  submitAnswers,
  surveyLinkPath,
  todayOf,
} from './answers.js';
import { AUDIENCE_FOR_LABELS } from './labels.js';

const answer = { access: { roles: MODULE_ROLES.surveysAnswer } };
/** The personal link: no account; the token is the only key, to this one questionnaire. */
const link = { access: 'public' as const };

function tokenFrom(params: unknown): string {
  const token = (params as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : '';
}

interface AnswerPage {
  target: AnswerTarget;
  action: string;
  /** Why no form is shown (answered, not begun, finished), or null. */
  message: string | null;
  values: Record<string, string>;
  errors: FieldErrors;
  /** The personal link's page greets by first name and has no account around it. */
  viaLink: boolean;
}

export async function answerRoutes(app: FastifyInstance): Promise<void> {
  const renderAnswer = async (reply: FastifyReply, page: AnswerPage, status = 200) => {
    const questions = await questionsOf(app.db, page.target);
    const labels: Record<string, string> = {};
    questions.forEach((q, i) => {
      labels[`q${q.id}`] = `Вопрос ${i + 1}`;
    });
    return reply.render(
      'surveys/answer',
      {
        title: page.target.survey.title,
        ...(page.viaLink ? {} : { breadcrumbs: [{ label: 'Главная', href: '/' }, { label: 'Анкета' }] }),
        survey: page.target.survey,
        schoolName: page.target.schoolName,
        firstName: page.viaLink ? page.target.person.firstName : null,
        audienceFor: AUDIENCE_FOR_LABELS[page.target.survey.audience],
        questions,
        questionLabels: labels,
        action: page.action,
        message: page.message,
        values: page.values,
        errors: page.errors,
        viaLink: page.viaLink,
      },
      status,
    );
  };

  // -------------------------------------------------------------------------------------------
  // A mentor or mentee with an account

  app.get('/surveys/:id/answer', { config: answer }, async (request, reply) => {
    const id = idFrom(request.params);
    const target = await accountTarget(app.db, actorOf(request), id);
    const message = closedReason(answerState(target, todayOf(target)), target);
    return renderAnswer(reply, { target, action: `/surveys/${id}/answer`, message, values: {}, errors: {}, viaLink: false });
  });

  app.post('/surveys/:id/answer', { config: answer }, async (request, reply) => {
    const id = idFrom(request.params);
    const target = await accountTarget(app.db, actorOf(request), id);
    const values = formValues(request.body);
    const result = await submitAnswers(app.db, target, values, 'account', todayOf(target));
    if (!result.ok)
      return renderAnswer(
        reply,
        { target, action: `/surveys/${id}/answer`, message: null, values, errors: result.errors, viaLink: false },
        400,
      );
    reply.flash('success', 'Спасибо! Ваши ответы приняты. Они анонимны: в результатах не видно, кто как ответил.');
    return reply.redirect('/', 303);
  });

  // -------------------------------------------------------------------------------------------
  // The personal link, without an account

  /** The link's invitation, or the «link does not work» page: 404 unknown, 410 answered or finished. */
  const linkOr = async (request: FastifyRequest, reply: FastifyReply): Promise<AnswerTarget | null> => {
    reply.header('cache-control', 'no-store');
    const target = await linkTarget(app.db, tokenFrom(request.params));
    if (!target) {
      await reply.render('surveys/link-invalid', { title: 'Ссылка не действует', reason: 'unknown' }, 404);
      return null;
    }
    const state = answerState(target, todayOf(target));
    if (state === 'answered' || state === 'finished') {
      await reply.render(
        'surveys/link-invalid',
        { title: 'Ссылка больше не действует', reason: state, message: closedReason(state, target) },
        410,
      );
      return null;
    }
    return target;
  };

  app.get('/survey-link/:token', { config: link }, async (request, reply) => {
    const target = await linkOr(request, reply);
    if (!target) return reply;
    const message = closedReason(answerState(target, todayOf(target)), target);
    return renderAnswer(reply, {
      target,
      action: surveyLinkPath(tokenFrom(request.params)),
      message,
      values: {},
      errors: {},
      viaLink: true,
    });
  });

  app.post('/survey-link/:token', { config: link }, async (request, reply) => {
    const target = await linkOr(request, reply);
    if (!target) return reply;
    const values = formValues(request.body);
    const result = await submitAnswers(app.db, target, values, 'link', todayOf(target));
    if (!result.ok)
      return renderAnswer(
        reply,
        {
          target,
          action: surveyLinkPath(tokenFrom(request.params)),
          message: null,
          values,
          errors: result.errors,
          viaLink: true,
        },
        400,
      );
    // No redirect: the link's page now answers 410, and the thanks belong to this answer.
    return reply.render('surveys/thanks', { title: 'Спасибо за ответы', survey: target.survey });
  });
}
