import { type Kysely, sql, type Transaction } from 'kysely';
import { monitoringSchoolOf } from '../../access/policy.js';
import { campaignsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { todayIso } from '../../lib/dates.js';
import type { Database, MonitoringFieldKind, MonitoringLevel, MonitoringPeriodKind, MonitoringStatus } from '../../db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface CampaignRow {
  id: number;
  municipality_id: number;
  title: string;
  level: MonitoringLevel;
  period_kind: MonitoringPeriodKind;
  period_start: string;
  period_end: string;
  period_label: string;
  as_of: string;
  opens_on: string;
  deadline: string;
  all_schools: boolean;
  created_at: Date;
  /** The region of its municipality (the municipality's parent), where the query reads it. */
  region_id?: number | null;
}

const CAMPAIGN_COLUMNS = [
  'monitoring_campaigns.id',
  'monitoring_campaigns.municipality_id',
  'monitoring_campaigns.title',
  'monitoring_campaigns.level',
  'monitoring_campaigns.period_kind',
  'monitoring_campaigns.period_start',
  'monitoring_campaigns.period_end',
  'monitoring_campaigns.period_label',
  'monitoring_campaigns.as_of',
  'monitoring_campaigns.opens_on',
  'monitoring_campaigns.deadline',
  'monitoring_campaigns.all_schools',
  'monitoring_campaigns.created_at',
] as const;

export interface CampaignListRow extends CampaignRow {
  schools: number;
  sent: number;
  accepted: number;
  /** The user's own school's submission (curator, head), else null. */
  own_status: MonitoringStatus | null;
  own_deadline: string | null;
  /** The campaign's municipality (the region lists several). */
  municipality_name: string;
}

/**
 * The campaigns in the user's scope, newest opening first, with the counts of their submissions
 * (one grouped pass over the submissions of the listed campaigns).
 */
export async function listCampaigns(db: Kysely<Database>, user: CurrentUser): Promise<CampaignListRow[]> {
  const ownOrg = monitoringSchoolOf(user) ?? -1;
  return db
    .selectFrom('monitoring_campaigns')
    .leftJoin('monitoring_submissions as s', 's.campaign_id', 'monitoring_campaigns.id')
    .select(CAMPAIGN_COLUMNS)
    .select([
      sql<number>`count(s.id)::int`.as('schools'),
      sql<number>`count(s.id) filter (where s.status in ('sent', 'approved', 'accepted'))::int`.as('sent'),
      sql<number>`count(s.id) filter (where s.status = 'accepted')::int`.as('accepted'),
      sql<MonitoringStatus | null>`max(s.status) filter (where s.organization_id = ${ownOrg})`.as('own_status'),
      sql<string | null>`max(s.deadline_override::text) filter (where s.organization_id = ${ownOrg})`.as('own_deadline'),
    ])
    .select(
      sql<string>`(select m.short_name from organizations m where m.id = monitoring_campaigns.municipality_id)`.as(
        'municipality_name',
      ),
    )
    .where(campaignsInScope(user, todayIso()))
    .groupBy('monitoring_campaigns.id')
    .orderBy('monitoring_campaigns.opens_on', 'desc')
    .orderBy('monitoring_campaigns.id', 'desc')
    .execute();
}

/** A campaign in the user's scope, with whether the user's own school is addressed. */
export async function findCampaign(
  db: Kysely<Database>,
  user: CurrentUser,
  id: number,
): Promise<(CampaignRow & { addressed: boolean }) | undefined> {
  const row = await db
    .selectFrom('monitoring_campaigns')
    .select(CAMPAIGN_COLUMNS)
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('monitoring_submissions as own')
            .select('own.id')
            .whereRef('own.campaign_id', '=', 'monitoring_campaigns.id')
            .where('own.organization_id', '=', user.organizationId),
        )
        .as('addressed'),
    )
    .select((eb) =>
      eb
        .selectFrom('organizations as region_of')
        .select('region_of.parent_id')
        .whereRef('region_of.id', '=', 'monitoring_campaigns.municipality_id')
        .as('region_id'),
    )
    .where('monitoring_campaigns.id', '=', id)
    .where(campaignsInScope(user, todayIso()))
    .executeTakeFirst();
  return row && { ...row, addressed: Boolean(row.addressed) };
}

export interface FieldRow {
  id: number;
  position: number;
  kind: MonitoringFieldKind;
  indicator_code: string | null;
  label: string;
  hint: string | null;
  required: boolean;
  options: string[];
}

export function campaignFields(db: Db, campaignId: number): Promise<FieldRow[]> {
  return db
    .selectFrom('monitoring_fields')
    .select(['id', 'position', 'kind', 'indicator_code', 'label', 'hint', 'required', 'options'])
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
}

export interface DocumentRow {
  id: number;
  position: number;
  title: string;
  required: boolean;
}

export function campaignDocuments(db: Db, campaignId: number): Promise<DocumentRow[]> {
  return db
    .selectFrom('monitoring_documents')
    .select(['id', 'position', 'title', 'required'])
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
}

/** The ids of the schools a campaign addresses (those with a submission). */
export async function addressedSchools(db: Db, campaignId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('monitoring_submissions')
    .select('organization_id')
    .where('campaign_id', '=', campaignId)
    .execute();
  return rows.map((r) => r.organization_id);
}

export interface SchoolOption {
  id: number;
  short_name: string;
}

/** The active schools of a municipality, by name. */
export function municipalSchools(db: Db, municipalityId: number): Promise<SchoolOption[]> {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .where('is_active', '=', true)
    .orderBy('short_name')
    .orderBy('id')
    .execute();
}

export interface IndicatorOption {
  code: string;
  name: string;
  unit: 'percent' | 'count';
}

/** The municipality's indicators that a school has a value of, in the catalogue's order. */
export function schoolIndicators(db: Db, municipalityId: number): Promise<IndicatorOption[]> {
  return db
    .selectFrom('indicators')
    .select(['code', 'name', 'unit'])
    .where('municipality_id', '=', municipalityId)
    .where('archived_at', 'is', null)
    .where('level', 'in', ['school', 'both'])
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export interface SubmissionRow {
  id: number;
  campaign_id: number;
  organization_id: number;
  municipality_id: number;
  school_name: string;
  status: MonitoringStatus;
  deadline_override: string | null;
  updated_at: Date;
}

/** The submission of a school to a campaign (access is the caller's: it loads the campaign through the scope first). */
export function findSubmission(db: Db, campaignId: number, organizationId: number): Promise<SubmissionRow | undefined> {
  return db
    .selectFrom('monitoring_submissions as s')
    .innerJoin('monitoring_campaigns as c', 'c.id', 's.campaign_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select([
      's.id',
      's.campaign_id',
      's.organization_id',
      'c.municipality_id',
      'o.short_name as school_name',
      's.status',
      's.deadline_override',
      's.updated_at',
    ])
    .where('s.campaign_id', '=', campaignId)
    .where('s.organization_id', '=', organizationId)
    .executeTakeFirst();
}

/** The submission row locked for a transition. */
export function lockSubmission(trx: Transaction<Database>, id: number) {
  return trx
    .selectFrom('monitoring_submissions')
    .select(['id', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function submissionValues(db: Db, submissionId: number): Promise<Map<number, unknown>> {
  const rows = await db
    .selectFrom('monitoring_values')
    .select(['field_id', 'value'])
    .where('submission_id', '=', submissionId)
    .execute();
  return new Map(rows.map((r) => [r.field_id, r.value]));
}

export interface AttachedFile {
  id: number;
  document_id: number;
  file_id: number;
  original_name: string;
  size_bytes: number;
  created_at: Date;
}

export function submissionFiles(db: Db, submissionId: number): Promise<AttachedFile[]> {
  return db
    .selectFrom('monitoring_submission_files as sf')
    .innerJoin('files as f', 'f.id', 'sf.file_id')
    .select(['sf.id', 'sf.document_id', 'sf.file_id', 'f.original_name', 'f.size_bytes', 'sf.created_at'])
    .where('sf.submission_id', '=', submissionId)
    .orderBy('sf.id')
    .execute();
}

export interface EventRow {
  id: number;
  from_status: MonitoringStatus | null;
  to_status: MonitoringStatus;
  kind: string;
  at: Date;
  comment: string | null;
  field_comments: Record<string, string>;
  actor_name: string | null;
}

export function submissionEvents(db: Db, submissionId: number): Promise<EventRow[]> {
  return db
    .selectFrom('monitoring_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.from_status',
      'e.to_status',
      'e.kind',
      'e.at',
      'e.comment',
      'e.field_comments',
      'u.full_name as actor_name',
    ])
    .where('e.submission_id', '=', submissionId)
    .orderBy('e.id', 'desc')
    .execute();
}

export interface SnapshotRow {
  id: number;
  created_at: Date;
  creator_name: string | null;
  figures: unknown;
  sources: unknown;
  superseded_at: Date | null;
}

export function submissionSnapshots(db: Db, submissionId: number): Promise<SnapshotRow[]> {
  return db
    .selectFrom('monitoring_snapshots as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select(['s.id', 's.created_at', 'u.full_name as creator_name', 's.figures', 's.sources', 's.superseded_at'])
    .where('s.submission_id', '=', submissionId)
    .orderBy('s.id', 'desc')
    .execute();
}

export interface ComputedFigure {
  code: string;
  unit: 'percent' | 'count';
  value: string | null;
  numerator: string | null;
  denominator: string | null;
}

/** A school's computed indicator values of a year (indicator_results), by indicator code. */
export async function schoolResults(
  db: Db,
  municipalityId: number,
  organizationId: number,
  year: number,
  codes: readonly string[],
): Promise<Map<string, ComputedFigure>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('indicators as i')
    .innerJoin('indicator_results as r', 'r.indicator_id', 'i.id')
    .select(['i.code', 'i.unit', 'r.value', 'r.numerator', 'r.denominator'])
    .where('i.municipality_id', '=', municipalityId)
    .where('i.code', 'in', codes)
    .where('r.organization_id', '=', organizationId)
    .where('r.year', '=', year)
    .execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export interface MatrixRow {
  organization_id: number;
  short_name: string;
  status: MonitoringStatus;
  deadline_override: string | null;
  updated_at: Date;
}

/** Every submission of a campaign with its school, by school name: one query (a municipality has up to a few hundred schools). */
export function campaignMatrix(db: Db, campaignId: number): Promise<MatrixRow[]> {
  return db
    .selectFrom('monitoring_submissions as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select(['s.organization_id', 'o.short_name', 's.status', 's.deadline_override', 's.updated_at'])
    .where('s.campaign_id', '=', campaignId)
    .orderBy('o.short_name')
    .orderBy('o.id')
    .execute();
}

export interface SpravkaSchool {
  full_name: string;
  short_name: string;
  full_name_genitive: string | null;
  full_name_prepositional: string | null;
  head_name: string | null;
  head_position: string | null;
}

/** The school as a printed справка names it. */
export function spravkaSchool(db: Db, organizationId: number): Promise<SpravkaSchool | undefined> {
  return db
    .selectFrom('organizations')
    .select(['full_name', 'short_name', 'full_name_genitive', 'full_name_prepositional', 'head_name', 'head_position'])
    .where('id', '=', organizationId)
    .executeTakeFirst();
}

/** The school's head on the portal: the first active user with that role at the school. */
export function schoolHeadUser(
  db: Db,
  organizationId: number,
): Promise<{ full_name: string; position: string | null } | undefined> {
  return db
    .selectFrom('users')
    .select(['full_name', 'position'])
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'school_head')
    .where('is_active', '=', true)
    .orderBy('id')
    .executeTakeFirst();
}

export interface AcceptedSnapshotRow {
  organization_id: number;
  created_at: Date;
  figures: unknown;
  sources: unknown;
}

/** The current snapshots of a campaign's accepted submissions: one query, one row per accepted school. */
export function acceptedSnapshots(db: Db, campaignId: number): Promise<AcceptedSnapshotRow[]> {
  return db
    .selectFrom('monitoring_snapshots as sn')
    .innerJoin('monitoring_submissions as s', 's.id', 'sn.submission_id')
    .select(['s.organization_id', 'sn.created_at', 'sn.figures', 'sn.sources'])
    .where('s.campaign_id', '=', campaignId)
    .where('s.status', '=', 'accepted')
    .where('sn.superseded_at', 'is', null)
    .execute();
}

export interface ReportCampaignRow {
  id: number;
  title: string;
  as_of: string;
  accepted: number;
}

/**
 * The municipality's calendar-year campaigns with at least one accepted submission, newest «по
 * состоянию на» first: the sources the analytical report (which counts calendar years) offers.
 */
export function campaignsWithAccepted(db: Db, municipalityId: number): Promise<ReportCampaignRow[]> {
  return db
    .selectFrom('monitoring_campaigns as c')
    .innerJoin('monitoring_submissions as s', 's.campaign_id', 'c.id')
    .select(['c.id', 'c.title', 'c.as_of', sql<number>`count(s.id)::int`.as('accepted')])
    .where('c.municipality_id', '=', municipalityId)
    .where('s.status', '=', 'accepted')
    .where('c.period_kind', '=', 'calendar_year')
    .groupBy('c.id')
    .orderBy('c.as_of', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}
