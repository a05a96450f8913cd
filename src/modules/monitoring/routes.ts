import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  canEditCampaign,
  canExportCampaign,
  canLaunchCampaign,
  canViewCampaignSummary,
  MODULE_ROLES,
  readsSnapshotOnly,
} from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { todayIso } from '../../lib/dates.js';
import { formatDate } from '../../lib/ru.js';
import { listField } from '../surveys/schemas.js';
import {
  CAMPAIGN_FIELD_LABELS,
  FIELD_KIND_LABELS,
  HAND_FIELD_KINDS,
  LEVEL_LABELS,
  OVERDUE_LABEL,
  PERIOD_KIND_LABELS,
  STATUS_LABELS,
} from './labels.js';
import { periodFormValues } from './period.js';
import { submissionRoutes } from './submission-routes.js';
import { summaryRoutes } from './summary-routes.js';
import { campaignQuery, DOCUMENT_ROWS, HAND_FIELD_ROWS, newCampaignQuery, parseCampaignForm } from './schemas.js';
import {
  type CampaignChoices,
  type CampaignForm,
  campaignChoices,
  campaignCopy,
  campaignList,
  campaignSubmissions,
  createCampaign,
  getCampaignForEdit,
  getCampaignForm,
  updateCampaign,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.monitoring } };
const launch = { access: { roles: MODULE_ROLES.monitoringLaunch } };
const manage = { access: { roles: MODULE_ROLES.monitoringManage } };

export const LIST_CRUMB = { label: 'Мониторинг', href: '/monitoring' };

const labels = {
  levels: LEVEL_LABELS,
  periods: PERIOD_KIND_LABELS,
  kinds: FIELD_KIND_LABELS,
  statuses: STATUS_LABELS,
  fields: CAMPAIGN_FIELD_LABELS,
};

const options = (record: Record<string, string>) => Object.entries(record).map(([value, label]) => ({ value, label }));
const handKindOptions = HAND_FIELD_KINDS.map((k) => ({ value: k, label: FIELD_KIND_LABELS[k] }));

interface FormState {
  mode: 'create' | 'edit';
  id?: number;
  values: Record<string, string>;
  schools: string[];
  indicators: string[];
  surveys: string[];
  errors: FieldErrors;
  copiedFrom?: string;
  /** A copy: the questionnaires of the old form without a later survey (nothing ticked for them). */
  surveysMissing?: string[];
}

/** The campaign's stored form as the form's values. */
function valuesOf(form: CampaignForm & { schools: number[] }): FormState {
  const c = form.campaign;
  const values: Record<string, string> = {
    title: c.title,
    level: c.level,
    period_kind: c.period_kind,
    ...periodFormValues(c.period_kind, c.period_start),
    as_of: c.as_of,
    opens_on: c.opens_on,
    deadline: c.deadline,
    all_schools: c.all_schools ? 'all' : 'chosen',
  };
  form.fields
    .filter((f) => f.kind !== 'indicator')
    .forEach((f, i) => {
      const n = i + 1;
      values[`field_${n}_kind`] = f.kind;
      values[`field_${n}_label`] = f.label;
      values[`field_${n}_hint`] = f.hint ?? '';
      values[`field_${n}_options`] = f.options.join('; ');
      if (f.required) values[`field_${n}_required`] = 'on';
    });
  form.documents.forEach((d, i) => {
    values[`doc_${i + 1}_title`] = d.title;
    if (d.required) values[`doc_${i + 1}_required`] = 'on';
  });
  return {
    mode: 'edit',
    id: c.id,
    values,
    schools: c.all_schools ? [] : form.schools.map(String),
    indicators: form.fields.filter((f) => f.indicator_code !== null).map((f) => String(f.indicator_code)),
    surveys: form.surveys.map((s) => String(s.id)),
    errors: {},
  };
}

export async function monitoringRoutes(app: FastifyInstance): Promise<void> {
  await app.register(submissionRoutes);
  await app.register(summaryRoutes);
  function renderForm(reply: FastifyReply, choices: CampaignChoices, state: FormState, status = 200) {
    const edit = state.mode === 'edit';
    return reply.render(
      'monitoring/form',
      {
        title: edit ? 'Изменение мониторинга' : 'Новый мониторинг',
        breadcrumbs: [LIST_CRUMB, { label: edit ? 'Изменение мониторинга' : 'Новый мониторинг' }],
        ...state,
        labels,
        levelOptions: options(LEVEL_LABELS),
        periodOptions: options(PERIOD_KIND_LABELS),
        handKindOptions,
        schoolOptions: choices.schools.map((s) => ({ value: s.id, label: s.short_name })),
        indicatorOptions: choices.indicators.map((i) => ({ value: i.code, label: `${i.code}. ${i.name}` })),
        surveyOptions: choices.surveys.map((s) => ({
          value: s.id,
          label: `${s.title} (${formatDate(s.opens_on)} — ${formatDate(s.closes_on)})`,
        })),
        fieldRows: HAND_FIELD_ROWS,
        documentRows: DOCUMENT_ROWS,
      },
      status,
    );
  }

  const lists = (body: unknown) => ({
    schools: listField(body, 'schools'),
    indicators: listField(body, 'indicators'),
    surveys: listField(body, 'surveys'),
  });

  app.get('/monitoring', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const campaigns = await campaignList(app.db, actor);
    return reply.render('monitoring/list', {
      title: 'Мониторинг',
      campaigns,
      labels,
      today: todayIso(),
      canLaunch: canLaunchCampaign(actor.user),
      showsMunicipality: readsSnapshotOnly(actor.user),
    });
  });

  app.get('/monitoring/new', { config: launch }, async (request, reply) => {
    const actor = actorOf(request);
    const choices = await campaignChoices(app.db, actor);
    const { from } = newCampaignQuery.parse(request.query ?? {});
    if (from !== undefined) {
      const copy = await campaignCopy(app.db, actor, from);
      return renderForm(reply, choices, {
        ...valuesOf(copy),
        mode: 'create',
        id: undefined,
        copiedFrom: copy.sourceTitle,
        surveys: copy.surveyIds.map(String),
        surveysMissing: copy.surveysMissing,
      });
    }
    const year = todayIso().slice(0, 4);
    return renderForm(reply, choices, {
      mode: 'create',
      values: { level: 'municipal', period_kind: 'calendar_year', period_year: year, all_schools: 'all' },
      schools: [],
      indicators: choices.indicators.map((i) => i.code),
      surveys: [],
      errors: {},
    });
  });

  app.post('/monitoring', { config: launch }, async (request, reply) => {
    const actor = actorOf(request);
    const choices = await campaignChoices(app.db, actor);
    const values = formValues(request.body);
    const listed = lists(request.body);
    const state = { mode: 'create' as const, values, ...listed };
    const parsed = parseCampaignForm(values, listed);
    if (!parsed.ok) return renderForm(reply, choices, { ...state, errors: parsed.errors }, 400);
    const result = await createCampaign(app.db, actor, parsed.input);
    if (!result.ok) return renderForm(reply, choices, { ...state, errors: result.errors }, 400);
    reply.flash('success', 'Мониторинг создан. Школы увидят его в день открытия.');
    return reply.redirect(`/monitoring/${result.id}`, 303);
  });

  app.get('/monitoring/:id', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const form = await getCampaignForm(app.db, actor, idOf(request.params));
    const query = campaignQuery.parse(request.query ?? {});
    const { matrix, own } = await campaignSubmissions(app.db, actor, form.campaign, query.status);
    return reply.render('monitoring/campaign', {
      title: form.campaign.title,
      breadcrumbs: [LIST_CRUMB, { label: form.campaign.title }],
      ...form,
      matrix,
      own,
      filter: query.status,
      stateLabels: { ...STATUS_LABELS, overdue: OVERDUE_LABEL },
      labels,
      canEdit: canEditCampaign(actor.user, form.campaign, todayIso()),
      canCopy: canLaunchCampaign(actor.user),
      canSummary: canViewCampaignSummary(actor.user, form.campaign),
      canExport: canExportCampaign(actor.user, form.campaign),
      // The region opens accepted submissions only.
      linksEverySchool: !readsSnapshotOnly(actor.user),
    });
  });

  app.get('/monitoring/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const form = await getCampaignForEdit(app.db, actor, idOf(request.params));
    return renderForm(reply, await campaignChoices(app.db, actor), valuesOf(form));
  });

  app.post('/monitoring/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    await getCampaignForEdit(app.db, actor, id);
    const choices = await campaignChoices(app.db, actor);
    const values = formValues(request.body);
    const listed = lists(request.body);
    const state = { mode: 'edit' as const, id, values, ...listed };
    const parsed = parseCampaignForm(values, listed);
    if (!parsed.ok) return renderForm(reply, choices, { ...state, errors: parsed.errors }, 400);
    const result = await updateCampaign(app.db, actor, id, parsed.input);
    if (!result.ok) return renderForm(reply, choices, { ...state, errors: result.errors }, 400);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`/monitoring/${id}`, 303);
  });
}
