import type { Kysely, Transaction } from 'kysely';
import { figuresInScope, indicatorsInScope, organizationsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, OrganizationType } from '../../db/types.js';
import type { IndicatorDefinition } from './catalogue.js';

/**
 * Reads of the indicators module. Whatever a user asks for by id is filtered by its scope in SQL
 * (`…InScope` from src/access/scope.ts); the lists of a whole municipality take the municipality
 * a caller has already checked the user may read.
 */

type Db = Kysely<Database> | Transaction<Database>;

/** An organisation as the dashboards name it: a school or a municipality. */
export interface SchoolRef {
  id: number;
  name: string;
}

/** An indicator as the dashboards and the reports show it. */
export interface IndicatorInfo extends IndicatorDefinition {
  id: number;
  source: string | null;
}

/** An indicator with what its forms need. */
export interface IndicatorRecord extends IndicatorInfo {
  municipality_id: number;
  description: string | null;
  archived_at: Date | null;
}

/** An organisation whose figures are entered: a municipality or one of its schools. */
export interface OrgRef {
  id: number;
  name: string;
  type: OrganizationType;
  municipality_id: number;
}

// ---------------------------------------------------------------------------------------------
// Organisations

export function municipalityById(db: Db, id: number): Promise<SchoolRef | undefined> {
  return db.selectFrom('organizations').select(['id', 'short_name as name']).where('id', '=', id).executeTakeFirst();
}

/** The municipality's full name and its stored forms, for the analytical report's sentences. */
export function municipalityNames(db: Db, id: number) {
  return db
    .selectFrom('organizations')
    .select(['full_name', 'full_name_genitive', 'full_name_prepositional'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The municipality's schools, by name. */
export function schoolsOf(db: Db, municipalityId: number): Promise<SchoolRef[]> {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name as name'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .orderBy('short_name')
    .execute();
}

/** A school the user reads (organizationsInScope), with its municipality. */
export function schoolInScope(db: Db, user: CurrentUser, id: number) {
  return db
    .selectFrom('organizations')
    .innerJoin('organizations as m', 'm.id', 'organizations.municipality_id')
    .select(['organizations.id', 'organizations.short_name', 'm.id as municipality_id', 'm.short_name as municipality_name'])
    .where('organizations.id', '=', id)
    .where('organizations.type', '=', 'school')
    .where(organizationsInScope(user))
    .executeTakeFirst();
}

/** A school or a municipality the user reads (organizationsInScope): one whose figures are entered or explained. */
export function figuresOrganization(db: Db, user: CurrentUser, id: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name as name', 'type', 'municipality_id'])
    .where('id', '=', id)
    .where('type', 'in', ['school', 'municipality'])
    .where(organizationsInScope(user))
    .executeTakeFirst();
}

/** The organisations whose figures the user enters (figuresInScope): the municipality first, then the schools by name. */
export async function figuresOrganizations(db: Db, user: CurrentUser): Promise<OrgRef[]> {
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'short_name as name', 'type', 'municipality_id'])
    .where(figuresInScope(user))
    .orderBy(({ eb }) => eb.case().when('type', '=', 'municipality').then(0).else(1).end())
    .orderBy('short_name')
    .execute();
  return rows.filter((r): r is OrgRef => r.municipality_id !== null);
}

/** The first organisation of a type in the municipality (its department, its methodological centre). */
export function municipalBody(db: Db, municipalityId: number, type: 'department' | 'method_center') {
  return db
    .selectFrom('organizations')
    .select(['full_name', 'full_name_genitive', 'full_name_prepositional', 'head_name', 'head_position'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', type)
    .orderBy('id')
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// The catalogue

const CATALOGUE_COLUMNS = [
  'id',
  'code',
  'name',
  'unit',
  'level',
  'method',
  'direction',
  'source',
  'contingent_kind',
  'archived_at',
  'municipality_id',
] as const;

/** Every indicator of the municipality, archived ones too: what the dashboards look an indicator up in. */
export function municipalityCatalogue(db: Db, municipalityId: number) {
  return db.selectFrom('indicators').select(CATALOGUE_COLUMNS).where('municipality_id', '=', municipalityId).execute();
}

/** The municipality's indicators in use (not archived), in the catalogue's order. */
export function activeIndicators(db: Db, municipalityId: number): Promise<IndicatorInfo[]> {
  return db
    .selectFrom('indicators')
    .select(['id', 'code', 'name', 'unit', 'level', 'method', 'direction', 'source'])
    .where('municipality_id', '=', municipalityId)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** An indicator the user reads (indicatorsInScope), with what its forms need. */
export function findIndicator(db: Db, user: CurrentUser, id: number): Promise<IndicatorRecord | undefined> {
  return db
    .selectFrom('indicators')
    .select([
      'id',
      'municipality_id',
      'code',
      'name',
      'unit',
      'level',
      'method',
      'direction',
      'source',
      'description',
      'archived_at',
    ])
    .where('id', '=', id)
    .where(indicatorsInScope(user))
    .executeTakeFirst();
}

/** The catalogue the user reads (indicatorsInScope), current indicators or all, in its order. */
export function catalogueOf(db: Db, user: CurrentUser, withArchived: boolean) {
  return db
    .selectFrom('indicators')
    .selectAll()
    .where(indicatorsInScope(user))
    .$if(!withArchived, (q) => q.where('archived_at', 'is', null))
    .orderBy('position')
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Figures of an organisation

/** An organisation's targets of the given indicators, every year. */
export function targetsOfIndicators(db: Db, organizationId: number, indicatorIds: number[]) {
  return db
    .selectFrom('indicator_targets')
    .select(['indicator_id', 'year', 'value', 'wording'])
    .where('organization_id', '=', organizationId)
    .where('indicator_id', 'in', indicatorIds)
    .execute();
}

/** An organisation's targets of one indicator, every year. */
export function targetsOf(db: Db, indicatorId: number, organizationId: number) {
  return targetsOfIndicators(db, organizationId, [indicatorId]);
}

/** An organisation's contingent figures of a year. */
export function contingentOf(db: Db, organizationId: number, year: number) {
  return db
    .selectFrom('contingents')
    .select(['kind', 'value', 'note'])
    .where('organization_id', '=', organizationId)
    .where('year', '=', year)
    .execute();
}

/** The value entered by hand for an organisation's year, if there is one. */
export function manualValueOf(db: Db, indicatorId: number, organizationId: number, year: number) {
  return db
    .selectFrom('indicator_manual_values')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .where('organization_id', '=', organizationId)
    .where('year', '=', year)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// The summary tables, for the reports

/** Every organisation's results of the indicators for a year. */
export function resultsOfYear(db: Db, indicatorIds: number[], year: number) {
  return indicatorIds.length
    ? db.selectFrom('indicator_results').selectAll().where('indicator_id', 'in', indicatorIds).where('year', '=', year).execute()
    : Promise.resolve([]);
}

/** Every organisation's targets of the indicators for a year. */
export function targetsOfYear(db: Db, indicatorIds: number[], year: number) {
  return indicatorIds.length
    ? db.selectFrom('indicator_targets').selectAll().where('indicator_id', 'in', indicatorIds).where('year', '=', year).execute()
    : Promise.resolve([]);
}

/** The organisations' counts of a year (dashboard_facts). */
export function factsOfYear(db: Db, organizationIds: number[], year: number) {
  return db
    .selectFrom('dashboard_facts')
    .select(['organization_id', 'fact', 'key', 'value'])
    .where('organization_id', 'in', organizationIds)
    .where('year', '=', year)
    .execute();
}

/** The conclusions of the municipality's analytical report of a year, with who wrote them last. */
export function savedConclusions(db: Db, municipalityId: number, year: number) {
  return db
    .selectFrom('analytical_reports')
    .leftJoin('users', 'users.id', 'analytical_reports.updated_by')
    .select(['conclusions', 'analytical_reports.updated_at', 'users.full_name', 'users.position'])
    .where('municipality_id', '=', municipalityId)
    .where('year', '=', year)
    .executeTakeFirst();
}
