import { type Kysely, sql, type Transaction } from 'kysely';
import { practicesInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, PracticeStatus } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import type { PracticeListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

const COLUMNS = [
  'practices.id',
  'practices.organization_id',
  'practices.municipality_id',
  'practices.title',
  'practices.form',
  'practices.role_model',
  'practices.year',
  'practices.authors',
  'practices.problem',
  'practices.actions',
  'practices.results',
  'practices.evidence',
  'practices.evidence_url',
  'practices.video_url',
  'practices.presented_at',
  'practices.tags',
  'practices.status',
  'practices.review_comment',
  'practices.submitted_at',
  'practices.accepted_at',
  'practices.published_at',
  'practices.created_at',
  'practices.updated_at',
  'organizations.short_name as school_name',
] as const;

function base(db: Db) {
  return db.selectFrom('practices').innerJoin('organizations', 'organizations.id', 'practices.organization_id');
}

export async function findPractice(db: Db, id: number) {
  return base(db).select(COLUMNS).where('practices.id', '=', id).executeTakeFirst();
}

export type PracticeRow = NonNullable<Awaited<ReturnType<typeof findPractice>>>;

/** The register as the user sees it, filtered and searched (Russian full text), newest first; or by rank when searched. */
export async function listPractices(db: Db, user: CurrentUser, query: PracticeListQuery): Promise<Page<PracticeRow>> {
  const request = { page: query.page, perPage: DEFAULT_PER_PAGE };
  let q = base(db).where(practicesInScope(user));
  if (query.form) q = q.where('practices.form', '=', query.form);
  if (query.school) q = q.where('practices.organization_id', '=', query.school);
  if (query.year) q = q.where('practices.year', '=', query.year);
  if (query.tag) q = q.where(sql<boolean>`${query.tag} = any(practices.tags)`);
  if (query.status) q = q.where('practices.status', '=', query.status);
  const words = query.q ? sql`websearch_to_tsquery('russian', ${query.q})` : null;
  if (words) q = q.where(sql<boolean>`practices.search @@ ${words}`);
  const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  let rows = q.select(COLUMNS);
  rows = words
    ? rows.orderBy(sql`ts_rank(practices.search, ${words})`, 'desc').orderBy('practices.id', 'desc')
    : rows.orderBy('practices.year', 'desc').orderBy('practices.id', 'desc');
  const found = await rows.limit(request.perPage).offset(offsetOf(request)).execute();
  return pageOf(found, Number(total.n), request);
}

/** The schools of the user's scope that have practices it sees, for the register's filter. */
export async function practiceSchoolsOf(db: Db, user: CurrentUser) {
  return base(db)
    .where(practicesInScope(user))
    .select(['organizations.id', 'organizations.short_name'])
    .distinct()
    .orderBy('organizations.short_name')
    .execute();
}

/** The tags used by the practices the user sees, for the register's filter. */
export async function practiceTagsOf(db: Db, user: CurrentUser): Promise<string[]> {
  const rows = await db
    .selectFrom('practices')
    .where(practicesInScope(user))
    .select(sql<string>`unnest(practices.tags)`.as('tag'))
    .distinct()
    .orderBy('tag')
    .execute();
  return rows.map((r) => r.tag);
}

/** The printable collection: the accepted and published practices of a municipality, by school and title. */
export async function registerOf(db: Db, municipalityId: number) {
  return base(db)
    .select(COLUMNS)
    .where('practices.municipality_id', '=', municipalityId)
    .where('practices.status', 'in', ['accepted', 'published'])
    .orderBy('organizations.short_name')
    .orderBy('practices.title')
    .execute();
}

/**
 * The published practices of a municipality (or of one school of it), for the public pages: only
 * what a practice's card says, never a draft or a practice under review.
 */
export async function publishedPracticesOf(db: Db, place: { municipalityId: number; schoolId?: number }) {
  let q = base(db)
    .select(COLUMNS)
    .where('practices.municipality_id', '=', place.municipalityId)
    .where('practices.status', '=', 'published');
  if (place.schoolId !== undefined) q = q.where('practices.organization_id', '=', place.schoolId);
  return q.orderBy('practices.published_at', 'desc').orderBy('practices.id', 'desc').execute();
}

/**
 * The published practices of a municipality a visitor of its public page searches (issue 19): the
 * words in Russian full text as the register searches them, by rank; all of them, newest first,
 * without words. At most `limit`.
 */
export async function searchPublishedPractices(db: Db, municipalityId: number, words: string | null, limit = 50) {
  let q = base(db)
    .select(COLUMNS)
    .where('practices.municipality_id', '=', municipalityId)
    .where('practices.status', '=', 'published');
  if (words) {
    const query = sql`websearch_to_tsquery('russian', ${words})`;
    q = q.where(sql<boolean>`practices.search @@ ${query}`).orderBy(sql`ts_rank(practices.search, ${query})`, 'desc');
  }
  return q.orderBy('practices.published_at', 'desc').orderBy('practices.id', 'desc').limit(limit).execute();
}

/** One published practice of a municipality, for its public page; undefined for any other. */
export async function findPublishedPractice(db: Db, municipalityId: number, id: number) {
  return base(db)
    .select(COLUMNS)
    .where('practices.id', '=', id)
    .where('practices.municipality_id', '=', municipalityId)
    .where('practices.status', '=', 'published')
    .executeTakeFirst();
}

/** How many practices of a municipality are in each status, those of a year when given (the analytical report's line). */
export async function practiceCounts(db: Db, municipalityId: number, year?: number) {
  let q = db
    .selectFrom('practices')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('municipality_id', '=', municipalityId)
    .groupBy('status');
  if (year !== undefined) q = q.where('year', '=', year);
  const rows = await q.execute();
  const counts: Partial<Record<PracticeStatus, number>> = {};
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/**
 * The mentors of a school's base a practice's authors are chosen from (not archived, not erased),
 * adults only: a practice is read across the municipality, so a student mentor (a minor) is never
 * named by it; students are described in the text without names.
 */
export async function authorChoicesOf(db: Db, schoolId: number) {
  return db
    .selectFrom('mentors')
    .select(['id', 'last_name', 'first_name', 'middle_name'])
    .where('organization_id', '=', schoolId)
    .where('category', '!=', 'student')
    .where('archived_at', 'is', null)
    .where('erased_at', 'is', null)
    .orderBy('last_name')
    .orderBy('first_name')
    .orderBy('id')
    .execute();
}

/** The teacher-mentees of a school a practice may name as authors: adults only, never a student. */
export async function menteeAuthorChoicesOf(db: Db, schoolId: number) {
  return db
    .selectFrom('mentees')
    .select(['id', 'last_name', 'first_name', 'middle_name'])
    .where('organization_id', '=', schoolId)
    .where('category', '!=', 'student')
    .where('archived_at', 'is', null)
    .where('erased_at', 'is', null)
    .orderBy('last_name')
    .orderBy('first_name')
    .orderBy('id')
    .execute();
}

/** A practice's authors among the teacher-mentees, by name; a student never (also on the public page). */
export async function practiceMenteesOf(db: Db, practiceId: number) {
  return db
    .selectFrom('practice_mentees')
    .innerJoin('mentees', 'mentees.id', 'practice_mentees.mentee_id')
    .select(['mentees.id', 'mentees.last_name', 'mentees.first_name', 'mentees.middle_name'])
    .where('practice_mentees.practice_id', '=', practiceId)
    .where('mentees.erased_at', 'is', null)
    .where('mentees.category', '!=', 'student')
    .orderBy('mentees.last_name')
    .orderBy('mentees.first_name')
    .execute();
}

/** The held events of a municipality (those with results too), where a practice may have been presented; newest first. */
export async function eventChoicesOf(db: Db, municipalityId: number) {
  return db
    .selectFrom('events')
    .select(['id', 'title', 'starts_at'])
    .where('municipality_id', '=', municipalityId)
    .where('status', 'in', ['held', 'results_published'])
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/** A practice's authors from the base, by name. */
export async function practiceMentorsOf(db: Db, practiceId: number) {
  return db
    .selectFrom('practice_mentors')
    .innerJoin('mentors', 'mentors.id', 'practice_mentors.mentor_id')
    .select(['mentors.id', 'mentors.last_name', 'mentors.first_name', 'mentors.middle_name'])
    .where('practice_mentors.practice_id', '=', practiceId)
    .where('mentors.erased_at', 'is', null)
    .where('mentors.category', '!=', 'student')
    .orderBy('mentors.last_name')
    .orderBy('mentors.first_name')
    .execute();
}

/** The events where a practice was presented, oldest first. */
export async function practiceEventsOf(db: Db, practiceId: number) {
  return db
    .selectFrom('practice_events')
    .innerJoin('events', 'events.id', 'practice_events.event_id')
    .select(['events.id', 'events.title', 'events.starts_at'])
    .where('practice_events.practice_id', '=', practiceId)
    .orderBy('events.starts_at')
    .execute();
}
