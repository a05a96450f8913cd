import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { agreementsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { AgreementKind, Database, OrganizationType, PartnerKind } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import type { AgreementListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AgreementRow {
  id: number;
  school_id: number;
  party_id: number;
  kind: AgreementKind;
  number: string | null;
  signed_on: string | null;
  valid_from: string;
  valid_to: string | null;
  subject: string;
  municipality_id: number | null;
  school_name: string;
  party_name: string;
  party_type: OrganizationType;
  party_partner_kind: PartnerKind | null;
  file_id: number | null;
  created_at: Date;
  updated_at: Date;
}

/** Running on `today`: begun and not ended (no end: for good). */
function running(today: string) {
  return sql<SqlBool>`agreements.valid_from <= ${today}::date and (agreements.valid_to is null or agreements.valid_to >= ${today}::date)`;
}

function agreementsWithParties(db: Db) {
  return db
    .selectFrom('agreements')
    .innerJoin('organizations', 'organizations.id', 'agreements.school_id')
    .innerJoin('organizations as party', 'party.id', 'agreements.party_id')
    .select([
      'agreements.id',
      'agreements.school_id',
      'agreements.party_id',
      'agreements.kind',
      'agreements.number',
      'agreements.signed_on',
      'agreements.valid_from',
      'agreements.valid_to',
      'agreements.subject',
      'agreements.file_id',
      'agreements.created_at',
      'agreements.updated_at',
      'organizations.municipality_id',
      'organizations.short_name as school_name',
      'party.short_name as party_name',
      'party.type as party_type',
      'party.partner_kind as party_partner_kind',
    ]);
}

export async function listAgreements(
  db: Kysely<Database>,
  user: CurrentUser,
  query: AgreementListQuery,
  today: string,
): Promise<Page<AgreementRow>> {
  let base = agreementsWithParties(db).where(agreementsInScope(user));
  if (query.school)
    base = base.where((eb) =>
      eb.or([eb('agreements.school_id', '=', query.school!), eb('agreements.party_id', '=', query.school!)]),
    );
  if (query.kind) base = base.where('agreements.kind', '=', query.kind);
  if (query.status === 'running') base = base.where(running(today));
  else if (query.status === 'expired') base = base.where('agreements.valid_to', '<', today);
  else if (query.status === 'pending') base = base.where('agreements.valid_from', '>', today);
  const paging = { page: query.page, perPage: DEFAULT_PER_PAGE };
  const { total } = await base.clearSelect().select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .orderBy('organizations.short_name')
    .orderBy('agreements.valid_from', 'desc')
    .orderBy('agreements.id')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, total, paging);
}

/** One agreement if it is in the user's scope, else undefined (404). */
export function findAgreementInScope(db: Kysely<Database>, user: CurrentUser, id: number): Promise<AgreementRow | undefined> {
  return agreementsWithParties(db).where('agreements.id', '=', id).where(agreementsInScope(user)).executeTakeFirst();
}

export interface PartyOption {
  id: number;
  short_name: string;
  type: OrganizationType;
  partner_kind: PartnerKind | null;
  municipality_id: number | null;
  is_active: boolean;
}

/** An organisation as the form checks a party or a school. */
export function findParty(db: Db, id: number): Promise<PartyOption | undefined> {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name', 'type', 'partner_kind', 'municipality_id', 'is_active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The active schools and partners of a municipality: the parties (and, for the coordinator, the schools) of the form. */
export function partiesOf(db: Kysely<Database>, municipalityId: number): Promise<PartyOption[]> {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name', 'type', 'partner_kind', 'municipality_id', 'is_active'])
    .where('municipality_id', '=', municipalityId)
    .where('type', 'in', ['school', 'partner'])
    .where('is_active', '=', true)
    .orderBy('type')
    .orderBy('short_name')
    .execute();
}

/**
 * The organisations a school has a running agreement with on `today`: the other party of its own
 * agreements, and the school that recorded a school – school agreement naming it. Matching
 * reads these as «the school's partners».
 */
export async function runningPartiesOf(db: Db, schoolId: number, today: string): Promise<number[]> {
  const rows = await db
    .selectFrom('agreements')
    .select(
      sql<number>`case when agreements.school_id = ${schoolId} then agreements.party_id else agreements.school_id end`.as('id'),
    )
    .where((eb) => eb.or([eb('agreements.school_id', '=', schoolId), eb('agreements.party_id', '=', schoolId)]))
    .where(running(today))
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}
