import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { programmeSchoolOf } from '../../access/policy.js';
import { municipalityWideOf, programmesInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, Programme } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import type { BankQuery, ProgrammeListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A programme with its school, as every page of the module shows it. */
export type ProgrammeRow = Programme & { organization_name: string; municipality_id: number | null };

export interface ProgrammeListRow {
  id: number;
  title: string;
  form: Programme['form'];
  target_group: string | null;
  duration: string | null;
  bank_status: Programme['bank_status'];
  archived_at: Date | null;
  has_file: boolean;
  organization_id: number;
  organization_name: string;
}

function withSchool(db: Db) {
  return db.selectFrom('programmes').innerJoin('organizations', 'organizations.id', 'programmes.organization_id');
}

/**
 * The programmes a municipality-wide user reads, with their schools' ids named as well as the
 * scope's join: PostgreSQL then reads them through programmes_org_idx instead of every programme
 * of the region (the same rows: the scope is the municipality's schools).
 */
function withScope(db: Db, user: CurrentUser) {
  const base = withSchool(db).where(programmesInScope(user));
  const municipalityId = municipalityWideOf(user);
  return municipalityId === null
    ? base
    : base.where(
        sql<SqlBool>`programmes.organization_id = any(array(select id from organizations where municipality_id = ${municipalityId}))`,
      );
}

/** One programme the user may read (own school, the bank of its municipality, or the municipality's), or undefined. */
export function findProgramme(db: Db, user: CurrentUser, id: number): Promise<ProgrammeRow | undefined> {
  return withSchool(db)
    .selectAll('programmes')
    .select(['organizations.short_name as organization_name', 'organizations.municipality_id'])
    .where('programmes.id', '=', id)
    .where(programmesInScope(user))
    .executeTakeFirst();
}

const LIST_COLUMNS = [
  'programmes.id',
  'programmes.title',
  'programmes.form',
  'programmes.target_group',
  'programmes.duration',
  'programmes.bank_status',
  'programmes.archived_at',
  'programmes.organization_id',
  'organizations.short_name as organization_name',
] as const;

/**
 * A school's own programmes (curator, head), or every programme of the municipality (coordinator,
 * department) with the filters by school and by bank status. The bank of other schools' accepted
 * programmes is listBank.
 */
export async function listProgrammes(
  db: Kysely<Database>,
  user: CurrentUser,
  query: ProgrammeListQuery,
  perPage = DEFAULT_PER_PAGE,
): Promise<Page<ProgrammeListRow> & { submitted: number }> {
  let base = withScope(db, user);
  const school = programmeSchoolOf(user);
  if (school !== null) base = base.where('programmes.organization_id', '=', school);
  else if (query.org) base = base.where('programmes.organization_id', '=', query.org);
  if (query.bank) base = base.where('programmes.bank_status', '=', query.bank);
  base = base.where('programmes.archived_at', query.archived ? 'is not' : 'is', null);
  const paging = { page: query.page, perPage };
  const { total, submitted } = await base
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where programmes.bank_status = 'submitted'))::int`.as('submitted'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await base
    .select([...LIST_COLUMNS, sql<boolean>`programmes.file_id is not null`.as('has_file')])
    // the coordinator's queue first: what waits for a decision, oldest offer first
    .orderBy(sql`programmes.bank_status = 'submitted'`, 'desc')
    .orderBy('programmes.bank_submitted_at')
    .orderBy('organizations.short_name')
    .orderBy('programmes.title')
    .orderBy('programmes.id')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return { ...pageOf(rows, total, paging), submitted };
}

/** «ё» read as «е», case ignored: what a search box forgives. */
function searchable(value: string): string {
  return value.toLowerCase().replaceAll('ё', 'е');
}

/**
 * The district bank: accepted programmes of every school of the user's municipality, archived ones
 * left out (the school no longer runs them), searched by title and filtered by form.
 */
export async function listBank(
  db: Kysely<Database>,
  user: CurrentUser,
  query: BankQuery,
  perPage = DEFAULT_PER_PAGE,
): Promise<Page<ProgrammeListRow>> {
  let base = withSchool(db)
    .where(programmesInScope(user))
    .where('organizations.municipality_id', '=', user.municipalityId ?? -1)
    .where('programmes.bank_status', '=', 'accepted')
    .where('programmes.archived_at', 'is', null);
  if (query.form) base = base.where('programmes.form', '=', query.form);
  if (query.q) {
    const pattern = `%${searchable(query.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where(sql<boolean>`replace(lower(programmes.title), 'ё', 'е') like ${pattern}`);
  }
  const paging = { page: query.page, perPage };
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select([...LIST_COLUMNS, sql<boolean>`programmes.file_id is not null`.as('has_file')])
    .orderBy('programmes.bank_reviewed_at', 'desc')
    .orderBy('programmes.id', 'desc')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, total, paging);
}

/** How many programmes wait for the coordinator's decision in the user's scope. */
export async function reviewQueueSize(db: Kysely<Database>, user: CurrentUser): Promise<number> {
  const row = await withScope(db, user)
    .where('programmes.bank_status', '=', 'submitted')
    .where('programmes.archived_at', 'is', null)
    .select(sql<number>`count(*)::int`.as('total'))
    .executeTakeFirstOrThrow();
  return row.total;
}

/** How many pairs and groups of the programme's own school work by it. */
export async function pairCount(db: Db, programmeId: number): Promise<number> {
  const row = await db
    .selectFrom('pairs')
    .select(sql<number>`count(*)::int`.as('total'))
    .where('programme_id', '=', programmeId)
    .executeTakeFirstOrThrow();
  return row.total;
}

/** The name of the reviewer of a programme (a coordinator), for the programme page. */
export async function reviewerName(db: Db, userId: number | null): Promise<string | null> {
  if (userId === null) return null;
  const row = await db.selectFrom('users').select('full_name').where('id', '=', userId).executeTakeFirst();
  return row?.full_name ?? null;
}
