import { type Kysely, sql, type Transaction } from 'kysely';
import { awardeesInScope, nominationsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { AwardKind, AwardLevel, Database, NominationStatus } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A mentor of the bases as the recognition module reads it. */
export interface AwardeeRow {
  id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  position: string | null;
  organization_id: number;
  municipality_id: number | null;
  user_id: number | null;
  school_name: string;
}

function awardees(db: Db) {
  return db
    .selectFrom('mentors')
    .innerJoin('organizations', 'organizations.id', 'mentors.organization_id')
    .select([
      'mentors.id',
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
      'mentors.position',
      'mentors.organization_id',
      'mentors.user_id',
      'organizations.municipality_id',
      'organizations.short_name as school_name',
    ])
    .where('mentors.erased_at', 'is', null);
}

/** One mentor (not erased), whoever asks: the service checks the rules. */
export function findAwardee(db: Db, mentorId: number): Promise<AwardeeRow | undefined> {
  return awardees(db).where('mentors.id', '=', mentorId).executeTakeFirst();
}

/** The mentors the user may choose in a form: active ones of its scope, by name. */
export function awardeesOf(db: Db, user: CurrentUser): Promise<AwardeeRow[]> {
  return awardees(db)
    .where(awardeesInScope(user))
    .where('mentors.archived_at', 'is', null)
    .orderBy('mentors.last_name')
    .orderBy('mentors.first_name')
    .orderBy('mentors.id')
    .execute();
}

/** The mentor record linked to the user's account (a mentor's own awards). */
export function awardeeOfUser(db: Db, userId: number): Promise<AwardeeRow | undefined> {
  return awardees(db).where('mentors.user_id', '=', userId).orderBy('mentors.id').executeTakeFirst();
}

export interface AwardRow {
  id: number;
  mentor_id: number;
  kind: AwardKind;
  level: AwardLevel;
  awarded_on: string;
  order_number: string | null;
  order_date: string | null;
  issued_by: string | null;
  note: string | null;
  nomination_id: number | null;
}

const AWARD_COLUMNS = [
  'awards.id',
  'awards.mentor_id',
  'awards.kind',
  'awards.level',
  'awards.awarded_on',
  'awards.order_number',
  'awards.order_date',
  'awards.issued_by',
  'awards.note',
  'awards.nomination_id',
] as const;

/** A mentor's awards, the latest first. */
export function awardsOfMentor(db: Db, mentorId: number): Promise<AwardRow[]> {
  return db
    .selectFrom('awards')
    .select([...AWARD_COLUMNS])
    .where('awards.mentor_id', '=', mentorId)
    .orderBy('awards.awarded_on', 'desc')
    .orderBy('awards.id', 'desc')
    .execute();
}

export type ScopeAwardRow = AwardRow & Omit<AwardeeRow, 'id' | 'user_id' | 'municipality_id' | 'organization_id'>;

/** The awards of the user's scope (a school's mentors, the municipality's), by page, the latest first. */
export async function listScopeAwards(db: Db, user: CurrentUser, page: number): Promise<Page<ScopeAwardRow>> {
  const base = db
    .selectFrom('awards')
    .innerJoin('mentors', 'mentors.id', 'awards.mentor_id')
    .innerJoin('organizations', 'organizations.id', 'mentors.organization_id')
    .where(awardeesInScope(user))
    .where('mentors.erased_at', 'is', null);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const paging = { page, perPage: DEFAULT_PER_PAGE };
  const rows = await base
    .select([
      ...AWARD_COLUMNS,
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
      'mentors.position',
      'organizations.short_name as school_name',
    ])
    .orderBy('awards.awarded_on', 'desc')
    .orderBy('awards.id', 'desc')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, total, paging);
}

export interface NominationRow {
  id: number;
  mentor_id: number;
  organization_id: number;
  municipality_id: number;
  kind: AwardKind;
  reason: string;
  status: NominationStatus;
  list_comment: string | null;
  listed_at: Date | null;
  sent_at: Date | null;
  decision_comment: string | null;
  decided_at: Date | null;
  order_number: string | null;
  order_date: string | null;
  created_at: Date;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  position: string | null;
  school_name: string;
  mentor_user_id: number | null;
}

function nominations(db: Db) {
  return db
    .selectFrom('award_nominations')
    .innerJoin('mentors', 'mentors.id', 'award_nominations.mentor_id')
    .innerJoin('organizations', 'organizations.id', 'award_nominations.organization_id')
    .select([
      'award_nominations.id',
      'award_nominations.mentor_id',
      'award_nominations.organization_id',
      'award_nominations.municipality_id',
      'award_nominations.kind',
      'award_nominations.reason',
      'award_nominations.status',
      'award_nominations.list_comment',
      'award_nominations.listed_at',
      'award_nominations.sent_at',
      'award_nominations.decision_comment',
      'award_nominations.decided_at',
      'award_nominations.order_number',
      'award_nominations.order_date',
      'award_nominations.created_at',
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
      'mentors.position',
      'mentors.user_id as mentor_user_id',
      'organizations.short_name as school_name',
    ]);
}

/** A nomination if it is in the user's scope, else undefined (404). */
export function findNominationInScope(db: Db, user: CurrentUser, id: number): Promise<NominationRow | undefined> {
  return nominations(db).where('award_nominations.id', '=', id).where(nominationsInScope(user)).executeTakeFirst();
}

/** The scope's nominations: those still on their way first, then the latest. At most `limit`. */
export function listNominations(db: Db, user: CurrentUser, limit = 200): Promise<NominationRow[]> {
  return nominations(db)
    .where(nominationsInScope(user))
    .orderBy(sql`case when award_nominations.status in ('awarded', 'rejected', 'refused') then 1 else 0 end`)
    .orderBy('award_nominations.created_at', 'desc')
    .orderBy('award_nominations.id', 'desc')
    .limit(limit)
    .execute();
}

/** Whether the mentor has a nomination still on its way (not awarded, rejected or refused). */
export async function hasOpenNomination(db: Db, mentorId: number): Promise<boolean> {
  const row = await db
    .selectFrom('award_nominations')
    .select('id')
    .where('mentor_id', '=', mentorId)
    .where('status', 'in', ['nominated', 'listed', 'supported'])
    .executeTakeFirst();
  return row !== undefined;
}

/** The nominations of a municipality in the list sent to the department and supported, not yet granted by an order. */
export function supportedAwaitingOrder(db: Db, municipalityId: number): Promise<NominationRow[]> {
  return nominations(db)
    .where('award_nominations.municipality_id', '=', municipalityId)
    .where('award_nominations.status', '=', 'supported')
    .where('award_nominations.sent_at', 'is not', null)
    .orderBy('organizations.short_name')
    .orderBy('mentors.last_name')
    .orderBy('mentors.first_name')
    .orderBy('award_nominations.id')
    .execute();
}

export interface BestMentorRow {
  id: number;
  mentor_id: number;
  year: number;
  reason: string;
  event_id: number | null;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  position: string | null;
  school_name: string;
  /** The mentor's written consent to be shown on the public page is recorded (issue 19). */
  public_consent: boolean;
}

/** The municipality's list of best mentors, the latest year first. */
export function bestMentorsOf(db: Db, municipalityId: number): Promise<BestMentorRow[]> {
  return db
    .selectFrom('best_mentors')
    .innerJoin('mentors', 'mentors.id', 'best_mentors.mentor_id')
    .innerJoin('organizations', 'organizations.id', 'mentors.organization_id')
    .select([
      'best_mentors.id',
      'best_mentors.mentor_id',
      'best_mentors.year',
      'best_mentors.reason',
      'best_mentors.event_id',
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
      'mentors.position',
      'organizations.short_name as school_name',
      'best_mentors.public_consent',
    ])
    .where('best_mentors.municipality_id', '=', municipalityId)
    .where('mentors.erased_at', 'is', null)
    .orderBy('best_mentors.year', 'desc')
    .orderBy('mentors.last_name')
    .orderBy('best_mentors.id')
    .execute();
}

/** The name of the municipality's department, the issuer of its orders. */
export async function departmentNameOf(db: Db, municipalityId: number): Promise<string> {
  const row = await db
    .selectFrom('organizations')
    .select('short_name')
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'department')
    .orderBy('id')
    .executeTakeFirst();
  return row?.short_name ?? 'Управление образования';
}
