import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MODULE_ROLES } from '../../access/policy.js';
import type { DiagnosticStage } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { NotFoundError } from '../../http/errors.js';
import { type FieldErrors, formValues } from '../../http/forms.js';
import type { QuestionRow } from '../surveys/queries.js';
import { feedbackLinkPath, lookupFeedbackLink } from '../pairs/feedback.js';
import { pairCrumbs } from '../pairs/pair-page.js';
import { accountDiagnostic, type DiagnosticTarget, linkDiagnostic, submitDiagnostic } from './diagnostics.js';
import {
  OLYMPIAD_LEVEL_LABELS,
  OLYMPIAD_RESULT_LABELS,
  OUTCOME_FIELD_LABELS,
  QUALIFICATION_LABELS,
  STAGE_TITLES,
} from './labels.js';
import { outcomeSubject, saveOutcome } from './outcomes.js';
import { stageParam } from './schemas.js';

const answer = { access: { roles: MODULE_ROLES.diagnosticAnswer } };
const manage = { access: { roles: MODULE_ROLES.pairsManage } };
/** The pair's personal feedback link (issued by the curator): no account, this mentee's pair only. */
const link = { access: 'public' as const };

const MAX_ID = 2_147_483_647;
const params = z.object({
  id: z.coerce.number().int().positive().max(MAX_ID).optional(),
  menteeId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  stage: stageParam.optional(),
  token: z.string().optional(),
});

function paramsOf(raw: unknown) {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw new NotFoundError();
  return {
    id: parsed.data.id ?? 0,
    menteeId: parsed.data.menteeId ?? 0,
    stage: parsed.data.stage ?? 'before',
    token: parsed.data.token ?? '',
  };
}

function stageOf(raw: unknown): DiagnosticStage {
  const stage = (raw as { stage?: unknown } | undefined)?.stage;
  const parsed = stageParam.safeParse(stage);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

function questionLabels(questions: QuestionRow[]): Record<string, string> {
  return Object.fromEntries(questions.map((q, i) => [`q${q.id}`, `Вопрос ${i + 1}`]));
}

export async function impactRoutes(app: FastifyInstance): Promise<void> {
  const renderDiagnostic = (
    reply: FastifyReply,
    opened: { target: DiagnosticTarget; questions: QuestionRow[]; closed: string | null },
    page: {
      action: string;
      back: string;
      viaLink: boolean;
      values: Record<string, string>;
      errors: FieldErrors;
      breadcrumbs?: unknown;
    },
    status = 200,
  ) =>
    reply.render(
      'impact/diagnostic',
      {
        title: STAGE_TITLES[opened.target.stage],
        templateTitle: opened.target.templateTitle,
        questions: opened.questions,
        questionLabels: questionLabels(opened.questions),
        message: opened.closed,
        ...page,
      },
      status,
    );

  // -------------------------------------------------------------------------------------------
  // A participant with an account: a mentor, a teacher-mentee

  app.get('/pairs/:id/diagnostic/:stage', { config: answer }, async (request, reply) => {
    const { id } = paramsOf(request.params);
    const stage = stageOf(request.params);
    const actor = actorOf(request);
    const opened = await accountDiagnostic(app.db, actor, id, stage);
    return renderDiagnostic(reply, opened, {
      action: `/pairs/${id}/diagnostic/${stage}`,
      back: `/pairs/${id}`,
      viaLink: false,
      values: {},
      errors: {},
      breadcrumbs: pairCrumbs(actor.user, opened.pair, opened.title, 'Диагностика'),
    });
  });

  app.post('/pairs/:id/diagnostic/:stage', { config: answer }, async (request, reply) => {
    const { id } = paramsOf(request.params);
    const stage = stageOf(request.params);
    const actor = actorOf(request);
    const opened = await accountDiagnostic(app.db, actor, id, stage);
    const values = formValues(request.body);
    const result = await submitDiagnostic(app.db, { userId: actor.user.id, ip: actor.ip }, opened, values, 'account');
    if (!result.ok)
      return renderDiagnostic(
        reply,
        opened,
        { action: `/pairs/${id}/diagnostic/${stage}`, back: `/pairs/${id}`, viaLink: false, values, errors: result.errors },
        400,
      );
    reply.flash('success', 'Спасибо! Ответы на диагностическую анкету приняты.');
    return reply.redirect(`/pairs/${id}`, 303);
  });

  // -------------------------------------------------------------------------------------------
  // A pupil, through the pair's personal link

  const linkOr = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    const { token } = paramsOf(request.params);
    const found = await lookupFeedbackLink(app.db, token);
    if (found.state === 'valid') return found.link;
    await reply.render(
      'pairs/feedback-invalid',
      { title: 'Ссылка больше не действует', ended: found.state === 'ended' },
      found.state === 'ended' ? 410 : 404,
    );
    return null;
  };

  app.get('/feedback/:token/diagnostic/:stage', { config: link }, async (request, reply) => {
    const found = await linkOr(request, reply);
    if (!found) return reply;
    const { token } = paramsOf(request.params);
    const stage = stageOf(request.params);
    const opened = await linkDiagnostic(app.db, found, stage);
    return renderDiagnostic(reply, opened, {
      action: `${feedbackLinkPath(token)}/diagnostic/${stage}`,
      back: feedbackLinkPath(token),
      viaLink: true,
      values: {},
      errors: {},
    });
  });

  app.post('/feedback/:token/diagnostic/:stage', { config: link }, async (request, reply) => {
    const found = await linkOr(request, reply);
    if (!found) return reply;
    const { token } = paramsOf(request.params);
    const stage = stageOf(request.params);
    const opened = await linkDiagnostic(app.db, found, stage);
    const values = formValues(request.body);
    const result = await submitDiagnostic(app.db, { userId: null, ip: null }, opened, values, 'link');
    const action = `${feedbackLinkPath(token)}/diagnostic/${stage}`;
    if (!result.ok)
      return renderDiagnostic(
        reply,
        opened,
        { action, back: feedbackLinkPath(token), viaLink: true, values, errors: result.errors },
        400,
      );
    reply.flash('success', 'Спасибо! Ответы на анкету приняты.');
    return reply.redirect(feedbackLinkPath(token), 303);
  });

  // -------------------------------------------------------------------------------------------
  // The curator records a mentee's outcomes at the end

  const renderOutcome = async (
    request: FastifyRequest,
    reply: FastifyReply,
    subject: Awaited<ReturnType<typeof outcomeSubject>>,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) =>
    reply.render(
      'impact/outcome',
      {
        title: `Результаты наставляемого: ${subject.mentee.name}`,
        breadcrumbs: pairCrumbs(actorOf(request).user, subject.pair, subject.title, 'Результаты наставляемого'),
        pair: subject.pair,
        mentee: subject.mentee,
        pupil: subject.pupil,
        values,
        errors,
        fieldLabels: OUTCOME_FIELD_LABELS,
        olympiadLevels: Object.entries(OLYMPIAD_LEVEL_LABELS).map(([value, label]) => ({ value, label })),
        olympiadResults: Object.entries(OLYMPIAD_RESULT_LABELS).map(([value, label]) => ({ value, label })),
        qualifications: Object.entries(QUALIFICATION_LABELS).map(([value, label]) => ({ value, label })),
      },
      status,
    );

  app.get('/pairs/:id/mentees/:menteeId/outcome', { config: manage }, async (request, reply) => {
    const { id, menteeId } = paramsOf(request.params);
    const subject = await outcomeSubject(app.db, actorOf(request), id, menteeId);
    return renderOutcome(request, reply, subject, outcomeValues(subject.current), {});
  });

  app.post('/pairs/:id/mentees/:menteeId/outcome', { config: manage }, async (request, reply) => {
    const { id, menteeId } = paramsOf(request.params);
    const actor = actorOf(request);
    const values = formValues(request.body);
    const result = await saveOutcome(app.db, actor, id, menteeId, values);
    if (!result.ok)
      return renderOutcome(request, reply, await outcomeSubject(app.db, actor, id, menteeId), values, result.errors, 400);
    reply.flash('success', 'Результаты наставляемого сохранены.');
    return reply.redirect(`/pairs/${id}`, 303);
  });
}

function outcomeValues(current: Record<string, unknown> | null): Record<string, string> {
  if (!current) return {};
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(current)) {
    if (value === null || value === undefined) continue;
    if (key === 'stayed_in_profession') values[key] = value ? 'yes' : 'no';
    else if (typeof value === 'boolean') {
      if (value) values[key] = 'on';
    } else values[key] = String(value);
  }
  return values;
}
