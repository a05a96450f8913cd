/**
 * Monitoring campaigns (issue 15): the coordinator (or the department) launches a campaign for the
 * schools of its municipality; each addressed school gets one submission, created with the
 * campaign as «не начат».
 *
 * Decisions:
 * - The form is fixed once the campaign opens: editing it is the coordinator's until the opening
 *   day, so that no school fills in a form that changes under it.
 * - Computed indicators come first in the form, in the catalogue's order, then the hand fields in
 *   the order the coordinator wrote them.
 */

import type { Kysely, Transaction } from 'kysely';
import { canEditCampaign, canLaunchCampaign, canViewCampaign, keepsCampaigns, readsCampaignMatrix } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { notifyCampaignOpened } from '../notifications/reminders.js';
import {
  addressedSchools,
  type CampaignListRow,
  type CampaignRow,
  campaignDocuments,
  campaignFields,
  campaignMatrix,
  type DocumentRow,
  type FieldRow,
  findCampaign,
  type IndicatorOption,
  listCampaigns,
  municipalSchools,
  type SchoolOption,
  schoolIndicators,
} from './queries.js';
import { buildMatrix, type Matrix, type MatrixState } from './matrix.js';
import {
  campaignSurveys,
  checkSurveys,
  copiedSurveys,
  municipalSurveys,
  type SurveyOption,
  writeSurveys,
} from './questionnaire.js';
import type { CampaignInput } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

const LAUNCHERS_ONLY = 'Мониторинг запускают методический центр (координатор) и управление образования.';
export const OPENED =
  'Мониторинг уже открыт для школ: его форму, сроки и список школ изменить нельзя. Срок сдачи для отдельной школы продлевается на странице её отчёта.';

export function campaignList(db: Kysely<Database>, actor: Actor): Promise<CampaignListRow[]> {
  return listCampaigns(db, actor.user);
}

export interface CampaignChoices {
  schools: SchoolOption[];
  indicators: IndicatorOption[];
  /** The municipality's surveys for the questionnaire block. */
  surveys: SurveyOption[];
}

/** What the campaign form offers: the municipality's schools, its school indicators and its surveys. */
export async function campaignChoices(db: Kysely<Database>, actor: Actor): Promise<CampaignChoices> {
  if (!canLaunchCampaign(actor.user) || actor.user.municipalityId === null) throw new ForbiddenError(LAUNCHERS_ONLY);
  const [schools, indicators, surveys] = await Promise.all([
    municipalSchools(db, actor.user.municipalityId),
    schoolIndicators(db, actor.user.municipalityId),
    municipalSurveys(db, actor.user.municipalityId),
  ]);
  return { schools, indicators, surveys };
}

/** A campaign the actor may read: 404 otherwise, whether it exists or not. */
export async function getCampaign(db: Kysely<Database>, actor: Actor, id: number): Promise<CampaignRow> {
  const campaign = await findCampaign(db, actor.user, id);
  if (!campaign || !canViewCampaign(actor.user, campaign, campaign.addressed, todayIso())) throw new NotFoundError();
  return campaign;
}

export interface CampaignForm {
  campaign: CampaignRow;
  fields: FieldRow[];
  documents: DocumentRow[];
  /** The surveys of the questionnaire block. */
  surveys: SurveyOption[];
}

/** A campaign with its form (fields, documents and surveys). */
export async function getCampaignForm(db: Kysely<Database>, actor: Actor, id: number): Promise<CampaignForm> {
  const campaign = await getCampaign(db, actor, id);
  const [fields, documents, surveys] = await Promise.all([
    campaignFields(db, id),
    campaignDocuments(db, id),
    campaignSurveys(db, id),
  ]);
  return { campaign, fields, documents, surveys };
}

/** A campaign the actor may edit now, with its form and addressed schools: 403 when it opened, 404 outside the scope. */
export async function getCampaignForEdit(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
): Promise<CampaignForm & { schools: number[] }> {
  const form = await getCampaignForm(db, actor, id);
  if (!canEditCampaign(actor.user, form.campaign, todayIso())) {
    if (keepsCampaigns(actor.user)) throw new ConflictError(OPENED);
    throw new ForbiddenError('Мониторинг изменяет методический центр (координатор) до дня его открытия.');
  }
  return { ...form, schools: await addressedSchools(db, id) };
}

/** The input checked against the municipality: schools of it, indicators of its catalogue. */
async function checkInput(
  db: Db,
  municipalityId: number,
  input: CampaignInput,
): Promise<{ errors: FieldErrors; schools: number[] }> {
  const errors: FieldErrors = {};
  const [schools, indicators] = await Promise.all([municipalSchools(db, municipalityId), schoolIndicators(db, municipalityId)]);
  const schoolIds = new Set(schools.map((s) => s.id));
  if (!input.all_schools && input.schools.some((id) => !schoolIds.has(id))) errors.schools = 'Отметьте школы из списка';
  const codes = new Set(indicators.map((i) => i.code));
  if (input.indicators.some((code) => !codes.has(code))) errors.indicators = 'Отметьте показатели из списка';
  if (input.all_schools && schools.length === 0) errors.schools = 'В округе нет ни одной действующей школы';
  const addressed = input.all_schools ? [...schoolIds] : [...new Set(input.schools)];
  Object.assign(errors, await checkSurveys(db, municipalityId, input.surveys ?? [], addressed));
  return { errors, schools: addressed };
}

/** The campaign's form rows: the indicators ticked (catalogue order), then the hand fields; and its documents. */
async function writeForm(trx: Transaction<Database>, campaignId: number, municipalityId: number, input: CampaignInput) {
  const indicators = (await schoolIndicators(trx, municipalityId)).filter((i) => input.indicators.includes(i.code));
  const rows = [
    ...indicators.map((i) => ({
      kind: 'indicator' as const,
      indicator_code: i.code,
      label: i.name,
      hint: null,
      required: false,
      options: '[]',
    })),
    ...input.fields.map((f) => ({
      kind: f.kind,
      indicator_code: null,
      label: f.label,
      hint: f.hint,
      required: f.required,
      options: JSON.stringify(f.options),
    })),
  ];
  if (rows.length > 0)
    await trx
      .insertInto('monitoring_fields')
      .values(rows.map((r, i) => ({ ...r, campaign_id: campaignId, position: i + 1 })))
      .execute();
  if (input.documents.length > 0)
    await trx
      .insertInto('monitoring_documents')
      .values(input.documents.map((d, i) => ({ campaign_id: campaignId, position: i + 1, title: d.title, required: d.required })))
      .execute();
  await writeSurveys(trx, campaignId, input.surveys ?? []);
}

function campaignValues(input: CampaignInput) {
  return {
    title: input.title,
    level: input.level,
    period_kind: input.period.kind,
    period_start: input.period.start,
    period_end: input.period.end,
    period_label: input.period.label,
    as_of: input.as_of,
    opens_on: input.opens_on,
    deadline: input.deadline,
    all_schools: input.all_schools,
  };
}

/** Launches a campaign: the campaign, its form, a «не начат» submission for each addressed school, the audit line. */
export async function createCampaign(db: Kysely<Database>, actor: Actor, input: CampaignInput): Promise<SaveResult> {
  if (!canLaunchCampaign(actor.user) || actor.user.municipalityId === null) throw new ForbiddenError(LAUNCHERS_ONLY);
  const municipalityId = actor.user.municipalityId;
  return db.transaction().execute(async (trx) => {
    const { errors, schools } = await checkInput(trx, municipalityId, input);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const campaign = await trx
      .insertInto('monitoring_campaigns')
      .values({ ...campaignValues(input), municipality_id: municipalityId, created_by: actor.user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeForm(trx, campaign.id, municipalityId, input);
    await trx
      .insertInto('monitoring_submissions')
      .values(schools.map((organization_id) => ({ campaign_id: campaign.id, organization_id })))
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'monitoring_campaign',
      entityId: campaign.id,
      organizationId: actor.user.organizationId,
      municipalityId,
      changedFields: [...Object.keys(campaignValues(input)), 'fields', 'documents', 'schools', 'surveys'],
    });
    // Opening at once: the schools are told now (else the reminders job tells them on the opening day).
    await notifyCampaignOpened(trx, {
      actorId: actor.user.id,
      campaign: { id: campaign.id, title: input.title, municipality_id: municipalityId, opens_on: input.opens_on },
      today: todayIso(),
    });
    return { ok: true, id: campaign.id };
  });
}

/**
 * Changes a campaign before it opens: its own fields, and its form and schools rewritten (nothing
 * was filled in yet: the submissions are all «не начат» until the opening day).
 */
export async function updateCampaign(db: Kysely<Database>, actor: Actor, id: number, input: CampaignInput): Promise<SaveResult> {
  const { campaign } = await getCampaignForEdit(db, actor, id);
  return db.transaction().execute(async (trx) => {
    const { errors, schools } = await checkInput(trx, campaign.municipality_id, input);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const values = campaignValues(input);
    const changed = (Object.keys(values) as Array<keyof typeof values>).filter((k) => values[k] !== campaign[k]);
    await trx
      .updateTable('monitoring_campaigns')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('monitoring_fields').where('campaign_id', '=', id).execute();
    await trx.deleteFrom('monitoring_documents').where('campaign_id', '=', id).execute();
    await writeForm(trx, id, campaign.municipality_id, input);
    const before = new Set(await addressedSchools(trx, id));
    const removed = [...before].filter((s) => !schools.includes(s));
    const added = schools.filter((s) => !before.has(s));
    if (removed.length > 0)
      await trx
        .deleteFrom('monitoring_submissions')
        .where('campaign_id', '=', id)
        .where('organization_id', 'in', removed)
        .execute();
    if (added.length > 0)
      await trx
        .insertInto('monitoring_submissions')
        .values(added.map((organization_id) => ({ campaign_id: id, organization_id })))
        .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'monitoring_campaign',
      entityId: id,
      organizationId: actor.user.organizationId,
      municipalityId: campaign.municipality_id,
      changedFields: [...changed, 'fields', 'documents', 'surveys', ...(removed.length + added.length > 0 ? ['schools'] : [])],
    });
    // Its opening day moved to today: the schools are told now.
    await notifyCampaignOpened(trx, {
      actorId: actor.user.id,
      campaign: { id, title: input.title, municipality_id: campaign.municipality_id, opens_on: input.opens_on },
      today: todayIso(),
    });
    return { ok: true, id };
  });
}

/**
 * What the campaign page shows of the submissions: the municipality roles the matrix of every school
 * (filtered by state), a school its own line only.
 */
export async function campaignSubmissions(
  db: Kysely<Database>,
  actor: Actor,
  campaign: CampaignRow,
  filter?: MatrixState,
): Promise<{ matrix: Matrix | null; own: Matrix['lines'][number] | null }> {
  const rows = await campaignMatrix(db, campaign.id);
  if (readsCampaignMatrix(actor.user)) return { matrix: buildMatrix(campaign, rows, todayIso(), filter), own: null };
  const own = buildMatrix(
    campaign,
    rows.filter((r) => r.organization_id === actor.user.organizationId),
    todayIso(),
  ).lines[0];
  return { matrix: null, own: own ?? null };
}

/** A title for next year's round: every year it names moved on by one («2025/26» becomes «2026/27»). */
export function nextYearTitle(title: string): string {
  return title.replace(/(?<!\d)(\d{4})(?:\/(\d{2}))?(?!\d)/g, (whole, year: string, short?: string) => {
    const y = Number(year);
    if (y < 1900 || y > 2099) return whole;
    return short === undefined ? String(y + 1) : `${y + 1}/${String((y + 2) % 100).padStart(2, '0')}`;
  });
}

/**
 * An earlier campaign's form as the start of a new one (issue 15: «a form can be copied from last
 * year's campaign»): the title and the period moved on by a year, the dates left empty. 404 when the
 * campaign is not one of the actor's municipality.
 */
export async function campaignCopy(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
): Promise<CampaignForm & { schools: number[]; sourceTitle: string; surveyIds: number[]; surveysMissing: string[] }> {
  if (!canLaunchCampaign(actor.user) || actor.user.municipalityId === null) throw new ForbiddenError(LAUNCHERS_ONLY);
  const form = await getCampaignForm(db, actor, id);
  if (form.campaign.municipality_id !== actor.user.municipalityId) throw new NotFoundError();
  const c = form.campaign;
  const start = `${Number(c.period_start.slice(0, 4)) + 1}${c.period_start.slice(4)}`;
  const copied = await copiedSurveys(db, c.municipality_id, id);
  return {
    ...form,
    campaign: { ...c, title: nextYearTitle(c.title), period_start: start, as_of: '', opens_on: '', deadline: '' },
    schools: await addressedSchools(db, id),
    sourceTitle: c.title,
    surveyIds: copied.ids,
    surveysMissing: copied.missing,
  };
}
