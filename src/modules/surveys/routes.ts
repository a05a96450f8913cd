import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canIssueSurveyLinks, MODULE_ROLES, surveyKeeperMunicipalityOf, surveySchoolOf } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues, idFrom } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { pageUrl } from '../../lib/pagination.js';
import { type IssuedLink, issueSurveyLinks, linkCandidates, surveyLinkPath } from './answers.js';
import { registerAnswerRoutes } from './answer-routes.js';
import {
  AUDIENCE_FOR_LABELS,
  AUDIENCE_LABELS,
  MIN_GROUP,
  QUESTION_KIND_LABELS,
  SURVEY_STATE_LABELS,
  surveyState,
} from './labels.js';
import { listSurveys, listTemplates, type QuestionRow, type SurveyRow, type TemplateRow } from './queries.js';
import { surveyResults } from './results.js';
import { listField, MAX_QUESTIONS, parseTemplateForm, rowCount, surveyForm, surveyListQuery } from './schemas.js';
import {
  archiveTemplate,
  copySource,
  createTemplate,
  getSurvey,
  openSurvey,
  surveyChoices,
  TEMPLATE_IN_USE,
  templatePage,
  templateWithQuestions,
  updateTemplate,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.surveys } };
const manage = { access: { roles: MODULE_ROLES.surveysManage } };
const links = { access: { roles: MODULE_ROLES.surveyLinks } };

const LIST_CRUMB = { label: 'Анкетирование', href: '/surveys' };

const labels = {
  audience: AUDIENCE_LABELS,
  audienceFor: AUDIENCE_FOR_LABELS,
  kind: QUESTION_KIND_LABELS,
  state: SURVEY_STATE_LABELS,
};

const audienceOptions = Object.entries(AUDIENCE_LABELS).map(([value, label]) => ({ value, label }));

/** How many empty rows a new questionnaire starts with, and how many an edited one gets below its questions. */
const NEW_ROWS = 5;
const SPARE_ROWS = 2;

const fromQuery = z.object({ from: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined) });
const templateQuery = z.object({ template: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined) });

/** The questionnaire form's values from a stored questionnaire (its questions as rows). */
function templateValues(template: Pick<TemplateRow, 'title' | 'audience' | 'description'>, questions: QuestionRow[], spare: number): Record<string, string> {
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

/** 'YYYY-MM-DD' `days` after `day`. */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function surveyRoutes(app: FastifyInstance): Promise<void> {
  // -------------------------------------------------------------------------------------------
  // The list: questionnaires (the coordinator) and surveys

  app.get('/surveys', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = surveyListQuery.parse(request.query ?? {});
    const today = todayIso();
    const page = await listSurveys(app.db, actor.user, query, today);
    const canManage = surveyKeeperMunicipalityOf(actor.user) !== null;
    const filters = { state: query.state };
    return reply.render('surveys/list', {
      title: 'Анкетирование участников наставничества',
      page,
      filters,
      today,
      labels,
      canManage,
      ownSchool: surveySchoolOf(actor.user) !== null,
      templates: canManage ? await listTemplates(app.db, actor.user) : [],
      stateOf: (s: SurveyRow) => surveyState(s, today),
      urlFor: (n: number) => pageUrl('/surveys', filters, n),
    });
  });

  // -------------------------------------------------------------------------------------------
  // Questionnaires

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
        breadcrumbs: [LIST_CRUMB, ...(template ? [{ label: template.title, href: `/surveys/templates/${template.id}` }] : []), { label: template ? 'Изменение' : 'Новая анкета' }],
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
      const values = templateValues({ ...source.template, title: `${source.template.title} (копия)` }, source.questions, SPARE_ROWS);
      return renderTemplateForm(reply, { values, errors: {} });
    }
    return renderTemplateForm(reply, { values: { audience: '', rows: String(NEW_ROWS) }, errors: {} });
  });

  app.post('/surveys/templates', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const values = formValues(request.body);
    if (values.add !== undefined) {
      return renderTemplateForm(reply, { values: { ...values, rows: String(Math.min(rowCount(values, NEW_ROWS) + 1, MAX_QUESTIONS)) }, errors: {} });
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
    return renderTemplateForm(reply, { template, questions, values: templateValues(template, questions, SPARE_ROWS), errors: {} });
  });

  app.post('/surveys/templates/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { template, questions } = await templateWithQuestions(app.db, actor, idFrom(request.params));
    const values = formValues(request.body);
    const locked = template.survey_count > 0;
    // A form with question rows was opened before the questionnaire was used: its questions are checked and compared.
    const withQuestions = !locked || values.rows !== undefined;
    if (values.add !== undefined && !locked) {
      return renderTemplateForm(reply, { template, questions, values: { ...values, rows: String(Math.min(rowCount(values, 1) + 1, MAX_QUESTIONS)) }, errors: {} });
    }
    const parsed = parseTemplateForm(locked ? { ...values, audience: template.audience } : values, withQuestions);
    if (!parsed.ok) return renderTemplateForm(reply, { template, questions, values: locked ? { ...values, audience: template.audience } : values, errors: parsed.errors }, 400);
    const { title, description, audience } = parsed.input;
    await updateTemplate(app.db, actor, template.id, withQuestions ? { title, description, audience, questions: parsed.input.questions } : { title, description });
    reply.flash('success', 'Изменения анкеты сохранены.');
    return reply.redirect(`/surveys/templates/${template.id}`, 303);
  });

  app.post('/surveys/templates/:id/archive', { config: manage }, async (request, reply) => {
    const id = idFrom(request.params);
    const archived = await archiveTemplate(app.db, actorOf(request), id);
    reply.flash(archived ? 'success' : 'info', archived ? 'Анкета перенесена в архив: новые опросы по ней не открываются, прежние остаются.' : 'Анкета уже в архиве.');
    return reply.redirect(`/surveys/templates/${id}`, 303);
  });

  // -------------------------------------------------------------------------------------------
  // Opening a survey

  const renderSurveyForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    schools: string[],
    errors: FieldErrors,
    status = 200,
    known?: Awaited<ReturnType<typeof surveyChoices>>,
  ) => {
    const choices = known ?? (await surveyChoices(app.db, actorOf(request).user));
    return reply.render(
      'surveys/survey-form',
      {
        title: 'Открыть опрос',
        breadcrumbs: [LIST_CRUMB, { label: 'Открыть опрос' }],
        values,
        selectedSchools: schools,
        errors,
        templates: choices.templates.map((t) => ({ value: t.id, label: `${t.title} (${AUDIENCE_FOR_LABELS[t.audience]})` })),
        schools: choices.schools.map((s) => ({ value: s.id, label: s.short_name })),
        labels,
      },
      status,
    );
  };

  app.get('/surveys/new', { config: manage }, async (request, reply) => {
    const { template } = templateQuery.parse(request.query ?? {});
    const today = todayIso();
    const choices = await surveyChoices(app.db, actorOf(request).user);
    const schools = choices.schools.map((s) => String(s.id));
    return renderSurveyForm(request, reply, { template_id: template ? String(template) : '', opens_on: today, closes_on: addDays(today, 30) }, schools, {}, 200, choices);
  });

  app.post('/surveys', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const values = formValues(request.body);
    const schools = listField(request.body, 'schools');
    const parsed = surveyForm.safeParse({ ...values, schools });
    if (!parsed.success) return renderSurveyForm(request, reply, values, schools, fieldErrors(parsed.error), 400);
    const result = await openSurvey(app.db, actor, parsed.data, todayIso());
    if (!result.ok) return renderSurveyForm(request, reply, values, schools, result.errors, 400);
    reply.flash('success', `Опрос открыт. Приглашено участников: ${result.invited}. Кураторы школ выдают личные ссылки тем, у кого нет учётной записи.`);
    return reply.redirect(`/surveys/${result.id}`, 303);
  });

  // -------------------------------------------------------------------------------------------
  // Results

  app.get('/surveys/:id', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const survey = await getSurvey(app.db, actor, idFrom(request.params));
    const today = todayIso();
    const state = surveyState(survey, today);
    return reply.render('surveys/show', {
      title: survey.title,
      breadcrumbs: [LIST_CRUMB, { label: survey.title }],
      survey,
      state,
      results: await surveyResults(app.db, actor.user, survey),
      ownSchool: surveySchoolOf(actor.user) !== null,
      canIssueLinks: canIssueSurveyLinks(actor.user, survey) && state !== 'finished',
      minGroup: MIN_GROUP,
      labels,
    });
  });

  // -------------------------------------------------------------------------------------------
  // Personal links: the curator, for its school's participants without an account

  const renderLinks = async (request: FastifyRequest, reply: FastifyReply, survey: SurveyRow, state: { chosen: string[] | null; errors: FieldErrors }, status = 200) => {
    const actor = actorOf(request);
    const candidates = await linkCandidates(app.db, actor, survey);
    return reply.render(
      'surveys/links',
      {
        title: `Личные ссылки: ${survey.title}`,
        breadcrumbs: [LIST_CRUMB, { label: survey.title, href: `/surveys/${survey.id}` }, { label: 'Личные ссылки' }],
        survey,
        state: surveyState(survey, todayIso()),
        candidates,
        // by default those who have no link yet
        chosen: state.chosen ?? candidates.filter((c) => c.issuedAt === null).map((c) => String(c.invitationId)),
        errors: state.errors,
        labels,
      },
      status,
    );
  };

  app.get('/surveys/:id/links', { config: links }, async (request, reply) => {
    const survey = await getSurvey(app.db, actorOf(request), idFrom(request.params));
    return renderLinks(request, reply, survey, { chosen: null, errors: {} });
  });

  app.post('/surveys/:id/links', { config: links }, async (request, reply) => {
    const actor = actorOf(request);
    const survey = await getSurvey(app.db, actor, idFrom(request.params));
    const chosen = listField(request.body, 'invitation');
    const result = await issueSurveyLinks(
      app.db,
      actor,
      survey,
      chosen.map(Number).filter((n) => Number.isInteger(n)),
      todayIso(),
    );
    if (!result.ok) return renderLinks(request, reply, survey, { chosen, errors: result.errors }, 400);
    // Shown once, on this very answer: the portal keeps only the tokens' hashes.
    reply.header('cache-control', 'no-store');
    const base = app.config.publicUrl ?? `${request.protocol}://${request.host}`;
    return reply.render('surveys/links-issued', {
      title: `Личные ссылки: ${survey.title}`,
      breadcrumbs: [LIST_CRUMB, { label: survey.title, href: `/surveys/${survey.id}` }, { label: 'Личные ссылки' }],
      survey,
      schoolName: actor.user.organizationName,
      links: result.links.map((l: IssuedLink) => ({ name: l.name, detail: l.detail, url: new URL(surveyLinkPath(l.token), base).toString() })),
      labels,
    });
  });

  await registerAnswerRoutes(app);
}
