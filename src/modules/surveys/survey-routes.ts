import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canIssueSurveyLinks, MODULE_ROLES, surveyKeeperMunicipalityOf, surveySchoolOf } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues, idFrom } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { pageUrl } from '../../lib/pagination.js';
import { type IssuedLink, issueSurveyLinks, linkCandidates, surveyLinkPath } from './answers.js';
import {
  AUDIENCE_FOR_LABELS,
  MIN_GROUP,
  SURVEY_VIEW_LABELS as labels,
  SURVEYS_CRUMB as LIST_CRUMB,
  surveyState,
} from './labels.js';
import { listSurveys, listTemplates, type SurveyRow } from './queries.js';
import { surveyResults } from './results.js';
import { listField, surveyForm, surveyListQuery, templateQuery } from './schemas.js';
import { getSurvey, openSurvey, surveyChoices } from './service.js';

/** Surveys (`/surveys`, `/surveys/new`, `/surveys/:id`, `/surveys/:id/links`): the list, opening one, its results, the personal links. */

const read = { access: { roles: MODULE_ROLES.surveys } };
const manage = { access: { roles: MODULE_ROLES.surveysManage } };
const links = { access: { roles: MODULE_ROLES.surveyLinks } };

/** 'YYYY-MM-DD' `days` after `day`. */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function surveyPageRoutes(app: FastifyInstance): Promise<void> {
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
    return renderSurveyForm(
      request,
      reply,
      { template_id: template ? String(template) : '', opens_on: today, closes_on: addDays(today, 30) },
      schools,
      {},
      200,
      choices,
    );
  });

  app.post('/surveys', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const values = formValues(request.body);
    const schools = listField(request.body, 'schools');
    const parsed = surveyForm.safeParse({ ...values, schools });
    if (!parsed.success) return renderSurveyForm(request, reply, values, schools, fieldErrors(parsed.error), 400);
    const result = await openSurvey(app.db, actor, parsed.data, todayIso());
    if (!result.ok) return renderSurveyForm(request, reply, values, schools, result.errors, 400);
    reply.flash(
      'success',
      `Опрос открыт. Приглашено участников: ${result.invited}. Кураторы школ выдают личные ссылки тем, у кого нет учётной записи.`,
    );
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

  const renderLinks = async (
    request: FastifyRequest,
    reply: FastifyReply,
    survey: SurveyRow,
    state: { chosen: string[] | null; errors: FieldErrors },
    status = 200,
  ) => {
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
      links: result.links.map((l: IssuedLink) => ({
        name: l.name,
        detail: l.detail,
        url: new URL(surveyLinkPath(l.token), base).toString(),
      })),
      labels,
    });
  });
}
