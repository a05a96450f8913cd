import type { FastifyInstance, FastifyReply } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, formValues, idFrom } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { AUDIENCE_LABELS, SURVEY_VIEW_LABELS as labels, SURVEYS_CRUMB as LIST_CRUMB, surveyState } from './labels.js';
import type { QuestionRow, TemplateRow } from './queries.js';
import { fromQuery, MAX_QUESTIONS, parseTemplateForm, rowCount } from './schemas.js';
import {
  archiveTemplate,
  copySource,
  createTemplate,
  TEMPLATE_IN_USE,
  templatePage,
  templateWithQuestions,
  updateTemplate,
} from './service.js';

/** Questionnaires (`/surveys/templates/…`): the coordinator keeps those of its municipality. */

const manage = { access: { roles: MODULE_ROLES.surveysManage } };

const audienceOptions = Object.entries(AUDIENCE_LABELS).map(([value, label]) => ({ value, label }));

/** How many empty rows a new questionnaire starts with, and how many an edited one gets below its questions. */
const NEW_ROWS = 5;
const SPARE_ROWS = 2;

/** The questionnaire form's values from a stored questionnaire (its questions as rows). */
function templateValues(
  template: Pick<TemplateRow, 'title' | 'audience' | 'description'>,
  questions: QuestionRow[],
  spare: number,
): Record<string, string> {
  const values: Record<string, string> = {
    title: template.title,
    audience: template.audience,
    description: template.description ?? '',
    rows: String(Math.min(Math.max(questions.length + spare, 1), MAX_QUESTIONS)),
  };
  questions.forEach((q, i) => {
    values[`q${i}_text`] = q.text;
    values[`q${i}_kind`] = q.kind;
    values[`q${i}_required`] = q.required ? 'on' : '';
    values[`q${i}_satisfaction`] = q.counts_for_satisfaction ? 'on' : '';
  });
  return values;
}

export async function templateRoutes(app: FastifyInstance): Promise<void> {
  const renderTemplateForm = (
    reply: FastifyReply,
    state: { template?: TemplateRow; questions?: QuestionRow[]; values: Record<string, string>; errors: FieldErrors },
    status = 200,
  ) => {
    const { template } = state;
    const locked = template !== undefined && template.survey_count > 0;
    const heading = template ? 'Изменение анкеты' : 'Новая анкета';
    return reply.render(
      'surveys/template-form',
      {
        title: template ? `${heading}: ${template.title}` : heading,
        heading,
        breadcrumbs: [
          LIST_CRUMB,
          ...(template ? [{ label: template.title, href: `/surveys/templates/${template.id}` }] : []),
          { label: template ? 'Изменение' : 'Новая анкета' },
        ],
        template: template ?? null,
        locked,
        lockedText: TEMPLATE_IN_USE,
        questions: state.questions ?? [],
        values: state.values,
        errors: state.errors,
        rows: locked ? 0 : rowCount(state.values, NEW_ROWS),
        maxRows: MAX_QUESTIONS,
        action: template ? `/surveys/templates/${template.id}/edit` : '/surveys/templates',
        labels,
        audienceOptions,
      },
      status,
    );
  };

  app.get('/surveys/templates/new', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { from } = fromQuery.parse(request.query ?? {});
    // «Создать копию»: the form filled from another questionnaire of the municipality.
    const source = from ? await copySource(app.db, actor, from) : undefined;
    if (source) {
      const values = templateValues(
        { ...source.template, title: `${source.template.title} (копия)` },
        source.questions,
        SPARE_ROWS,
      );
      return renderTemplateForm(reply, { values, errors: {} });
    }
    return renderTemplateForm(reply, { values: { audience: '', rows: String(NEW_ROWS) }, errors: {} });
  });

  app.post('/surveys/templates', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const values = formValues(request.body);
    if (values.add !== undefined) {
      return renderTemplateForm(reply, {
        values: { ...values, rows: String(Math.min(rowCount(values, NEW_ROWS) + 1, MAX_QUESTIONS)) },
        errors: {},
      });
    }
    const parsed = parseTemplateForm(values);
    if (!parsed.ok) return renderTemplateForm(reply, { values, errors: parsed.errors }, 400);
    const id = await createTemplate(app.db, actor, parsed.input);
    reply.flash('success', 'Анкета сохранена. Теперь по ней можно открыть опрос.');
    return reply.redirect(`/surveys/templates/${id}`, 303);
  });

  app.get('/surveys/templates/:id', { config: manage }, async (request, reply) => {
    const { template, questions, surveys } = await templatePage(app.db, actorOf(request), idFrom(request.params));
    return reply.render('surveys/template', {
      title: template.title,
      breadcrumbs: [LIST_CRUMB, { label: template.title }],
      template,
      questions,
      surveys,
      today: todayIso(),
      stateOf: (s: { opens_on: string; closes_on: string }) => surveyState(s, todayIso()),
      labels,
    });
  });

  app.get('/surveys/templates/:id/edit', { config: manage }, async (request, reply) => {
    const { template, questions } = await templateWithQuestions(app.db, actorOf(request), idFrom(request.params));
    return renderTemplateForm(reply, {
      template,
      questions,
      values: templateValues(template, questions, SPARE_ROWS),
      errors: {},
    });
  });

  app.post('/surveys/templates/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { template, questions } = await templateWithQuestions(app.db, actor, idFrom(request.params));
    const values = formValues(request.body);
    const locked = template.survey_count > 0;
    // A form with question rows was opened before the questionnaire was used: its questions are checked and compared.
    const withQuestions = !locked || values.rows !== undefined;
    if (values.add !== undefined && !locked) {
      return renderTemplateForm(reply, {
        template,
        questions,
        values: { ...values, rows: String(Math.min(rowCount(values, 1) + 1, MAX_QUESTIONS)) },
        errors: {},
      });
    }
    const parsed = parseTemplateForm(locked ? { ...values, audience: template.audience } : values, withQuestions);
    if (!parsed.ok)
      return renderTemplateForm(
        reply,
        { template, questions, values: locked ? { ...values, audience: template.audience } : values, errors: parsed.errors },
        400,
      );
    const { title, description, audience } = parsed.input;
    await updateTemplate(
      app.db,
      actor,
      template.id,
      withQuestions ? { title, description, audience, questions: parsed.input.questions } : { title, description },
    );
    reply.flash('success', 'Изменения анкеты сохранены.');
    return reply.redirect(`/surveys/templates/${template.id}`, 303);
  });

  app.post('/surveys/templates/:id/archive', { config: manage }, async (request, reply) => {
    const id = idFrom(request.params);
    const archived = await archiveTemplate(app.db, actorOf(request), id);
    reply.flash(
      archived ? 'success' : 'info',
      archived ? 'Анкета перенесена в архив: новые опросы по ней не открываются, прежние остаются.' : 'Анкета уже в архиве.',
    );
    return reply.redirect(`/surveys/templates/${id}`, 303);
  });
}
