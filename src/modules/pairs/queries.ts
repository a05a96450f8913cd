import { type Kysely, type SqlBool, sql } from 'kysely';
import { pairsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, MentoringFormCode, Pair, PairStatus } from '../../db/types.js';
import { offsetOf, type Page, type PageRequest, pageOf } from '../../lib/pagination.js';

export interface PairRow extends Pair {
  organization_name: string;
  municipality_id: number | null;
  programme_title: string;
}

function pairsQuery(db: Kysely<Database>, user: CurrentUser) {
  return db
    .selectFrom('pairs')
    .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
    .innerJoin('programmes', 'programmes.id', 'pairs.programme_id')
    .selectAll('pairs')
    .select(['organizations.short_name as organization_name', 'organizations.municipality_id', 'programmes.title as programme_title'])
    .where(pairsInScope(user));
}

/** One pair within the user's scope, or undefined (the caller answers 404). */
export function findPair(db: Kysely<Database>, user: CurrentUser, id: number): Promise<PairRow | undefined> {
  return pairsQuery(db, user).where('pairs.id', '=', id).executeTakeFirst();
}

/** A mentor of a pair as every reader of the pair may see it. */
export interface PairMentor {
  id: number;
  name: string;
  position: string | null;
  category: string;
  user_id: number | null;
  erased: boolean;
}

/**
 * A mentee of a pair as a mentor sees it: name, class or position, requests. Personal data
 * (birth date, contacts, the parent) stays in the bases, for the curator and the coordinator.
 */
export interface PairMentee {
  id: number;
  name: string;
  class_or_position: string | null;
  category: string;
  requests: string[];
  requests_note: string | null;
  user_id: number | null;
  erased: boolean;
}

const ERASED = 'Данные удалены';

export async function pairMembers(db: Kysely<Database>, pairIds: number[]): Promise<{ mentors: Map<number, PairMentor[]>; mentees: Map<number, PairMentee[]> }> {
  const mentors = new Map<number, PairMentor[]>();
  const mentees = new Map<number, PairMentee[]>();
  if (pairIds.length === 0) return { mentors, mentees };
  const mentorRows = await db
    .selectFrom('pair_mentors')
    .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
    .select(['pair_mentors.pair_id', 'mentors.id', 'mentors.last_name', 'mentors.first_name', 'mentors.middle_name', 'mentors.position', 'mentors.category', 'mentors.user_id', 'mentors.erased_at'])
    .where('pair_mentors.pair_id', 'in', pairIds)
    .orderBy('mentors.last_name')
    .execute();
  for (const r of mentorRows) {
    const list = mentors.get(r.pair_id) ?? [];
    list.push({
      id: r.id,
      name: r.erased_at ? ERASED : [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' '),
      position: r.erased_at ? null : r.position,
      category: r.category,
      user_id: r.user_id,
      erased: r.erased_at !== null,
    });
    mentors.set(r.pair_id, list);
  }
  const menteeRows = await db
    .selectFrom('pair_mentees')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .select([
      'pair_mentees.pair_id',
      'mentees.id',
      'mentees.last_name',
      'mentees.first_name',
      'mentees.middle_name',
      'mentees.class_name',
      'mentees.position',
      'mentees.category',
      'mentees.requests_note',
      'mentees.user_id',
      'mentees.erased_at',
    ])
    .where('pair_mentees.pair_id', 'in', pairIds)
    .orderBy('mentees.last_name')
    .execute();
  const requestRows = await db
    .selectFrom('pair_mentees')
    .innerJoin('mentee_tags', 'mentee_tags.mentee_id', 'pair_mentees.mentee_id')
    .innerJoin('tags', 'tags.id', 'mentee_tags.tag_id')
    .select(['pair_mentees.mentee_id', 'tags.name'])
    .where('pair_mentees.pair_id', 'in', pairIds)
    .orderBy('tags.name')
    .execute();
  const requests = new Map<number, string[]>();
  for (const r of requestRows) requests.set(r.mentee_id, [...(requests.get(r.mentee_id) ?? []), r.name]);
  for (const r of menteeRows) {
    const list = mentees.get(r.pair_id) ?? [];
    const erased = r.erased_at !== null;
    list.push({
      id: r.id,
      name: erased ? ERASED : [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' '),
      class_or_position: erased ? null : (r.class_name ?? r.position),
      category: r.category,
      requests: erased ? [] : [...new Set(requests.get(r.id) ?? [])],
      requests_note: erased ? null : r.requests_note,
      user_id: r.user_id,
      erased,
    });
    mentees.set(r.pair_id, list);
  }
  return { mentors, mentees };
}

export interface PairListFilter {
  status?: PairStatus | undefined;
  form?: MentoringFormCode | undefined;
  schoolId?: number | undefined;
  /** Active pairs with no meeting in the last 30 days. */
  stale?: boolean | undefined;
}

export interface PairListRow extends PairRow {
  meeting_count: number;
  last_meeting: string | null;
  /** An active pair with no meeting in 30 days (none at all: since it became active). */
  stale: boolean;
}

/** The day 30 days before `today`, 'YYYY-MM-DD'. */
export function staleSince(today: string): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 30);
  return d.toISOString().slice(0, 10);
}

/** The pairs the user may see with their meeting counts, newest first; paginated. */
export async function listPairs(
  db: Kysely<Database>,
  user: CurrentUser,
  filter: PairListFilter,
  today: string,
  page: PageRequest,
): Promise<Page<PairListRow>> {
  const since = staleSince(today);
  // Per pair through the (pair_id, held_on) index: never a scan of every meeting of the region.
  const lastMeeting = sql<string | null>`(select max(held_on) from meetings where meetings.pair_id = pairs.id)`;
  const meetingCount = sql<string>`(select count(*) from meetings where meetings.pair_id = pairs.id)`;
  let q = db
    .selectFrom('pairs')
    .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
    .innerJoin('programmes', 'programmes.id', 'pairs.programme_id')
    .where(pairsInScope(user));
  if (filter.status) q = q.where('pairs.status', '=', filter.status);
  if (filter.form) q = q.where('pairs.form', '=', filter.form);
  if (filter.schoolId) q = q.where('pairs.organization_id', '=', filter.schoolId);
  if (filter.stale) {
    q = q
      .where('pairs.status', '=', 'active')
      .where(sql<SqlBool>`coalesce(${lastMeeting}, coalesce(pairs.activated_at::date, pairs.planned_start)) < ${since}::date`);
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .selectAll('pairs')
    .select([
      'organizations.short_name as organization_name',
      'organizations.municipality_id',
      'programmes.title as programme_title',
      meetingCount.as('meeting_count'),
      lastMeeting.as('last_meeting'),
    ])
    .orderBy(({ eb }) => eb.case().when('pairs.status', '=', 'active').then(0).when('pairs.status', '=', 'forming').then(1).else(2).end())
    .orderBy('pairs.id', 'desc')
    .limit(page.perPage)
    .offset(offsetOf(page))
    .execute();
  return pageOf(
    rows.map((r) => {
      const last = r.last_meeting === null || r.last_meeting === undefined ? null : String(r.last_meeting);
      const activeSince = r.activated_at ? r.activated_at.toISOString().slice(0, 10) : r.planned_start;
      return {
        ...r,
        meeting_count: Number(r.meeting_count ?? 0),
        last_meeting: last,
        stale: r.status === 'active' && (last === null ? activeSince < since : last < since),
      };
    }),
    total,
    page,
  );
}

export interface SchoolPairSummary {
  school_id: number;
  school_name: string;
  forming: number;
  active: number;
  completed: number;
  terminated: number;
  meetings: number;
  stale: number;
}

/** The district overview for the coordinator and the department: per school, pairs by status and the stale ones. */
export async function pairsBySchool(db: Kysely<Database>, municipalityId: number, today: string): Promise<SchoolPairSummary[]> {
  const since = staleSince(today);
  const rows = await sql<SchoolPairSummary>`
    select o.id as school_id, o.short_name as school_name,
      count(p.id) filter (where p.status = 'forming')::int as forming,
      count(p.id) filter (where p.status = 'active')::int as active,
      count(p.id) filter (where p.status = 'completed')::int as completed,
      count(p.id) filter (where p.status = 'terminated')::int as terminated,
      coalesce(sum(m.n), 0)::int as meetings,
      count(p.id) filter (where p.status = 'active' and coalesce(m.last, coalesce(p.activated_at::date, p.planned_start)) < ${since}::date)::int as stale
    from organizations o
    left join pairs p on p.organization_id = o.id
    -- per pair through the (pair_id, held_on) index, only for this municipality's pairs
    left join lateral (select count(*) as n, max(held_on) as last from meetings where meetings.pair_id = p.id) m on true
    where o.type = 'school' and o.municipality_id = ${municipalityId} and o.is_active
    group by o.id, o.short_name
    order by o.short_name`.execute(db);
  return rows.rows;
}

/** For home pages: the user's active pairs and, of them, those with no meeting in 30 days. */
export async function pairCounts(db: Kysely<Database>, user: CurrentUser, today: string): Promise<{ active: number; stale: number; forming: number }> {
  const since = staleSince(today);
  const row = await db
    .selectFrom('pairs')
    .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
    .where(pairsInScope(user))
    .select([
      sql<number>`(count(*) filter (where pairs.status = 'active'))::int`.as('active'),
      sql<number>`(count(*) filter (where pairs.status = 'forming'))::int`.as('forming'),
      sql<number>`(count(*) filter (where pairs.status = 'active' and coalesce((select max(held_on) from meetings where meetings.pair_id = pairs.id), coalesce(pairs.activated_at::date, pairs.planned_start)) < ${since}::date))::int`.as(
        'stale',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { active: Number(row.active), stale: Number(row.stale), forming: Number(row.forming) };
}
