import { type Kysely, type SqlBool, sql } from 'kysely';
import { municipalityWideOf, pairsInScope } from '../../access/scope.js';
import { scopeOf } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { byDataVersion, dataVersionSql, pageTotal } from '../../db/data-version.js';
import type { Database, MentoringFormCode, Pair, PairStatus } from '../../db/types.js';
import { currentTimeZone, todayIso } from '../../lib/dates.js';
import { offsetOf, type Page, type PageRequest, pageOf } from '../../lib/pagination.js';
import { exactMatch, matchWords, typoMatch } from '../people/queries.js';

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
    .select([
      'organizations.short_name as organization_name',
      'organizations.municipality_id',
      'programmes.title as programme_title',
    ])
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

/**
 * The mentors of a pair held in another school's base (opened to the municipality, issue 17): the
 * organisation each represents (its partner, or its school), its contacts and its birth date (a
 * minor's contacts stay in its own base). Empty for a pair of the school's own mentors.
 */
export async function mentorsFromElsewhere(db: Kysely<Database>, pair: { id: number; organization_id: number }) {
  return db
    .selectFrom('pair_mentors')
    .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
    .innerJoin('organizations as base', 'base.id', 'mentors.organization_id')
    .leftJoin('organizations as origin', 'origin.id', 'mentors.origin_organization_id')
    .select([
      'mentors.id',
      'mentors.organization_id',
      'mentors.phone',
      'mentors.email',
      'mentors.birth_date',
      sql<string>`coalesce(origin.short_name, base.short_name)`.as('organization_name'),
    ])
    .where('pair_mentors.pair_id', '=', pair.id)
    .where('mentors.organization_id', '<>', pair.organization_id)
    .execute();
}

/** What a mentee's side of a pair holds besides the person: the feedback link's date and the reflection. */
export interface PairMenteeSide {
  mentee_id: number;
  feedback_token_created_at: Date | null;
  reflection: string | null;
  satisfaction: number | null;
  reflection_at: Date | null;
}

interface MemberRow {
  side: 'mentor' | 'mentee';
  pair_id: number;
  id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  position: string | null;
  class_name: string | null;
  category: string;
  requests_note: string | null;
  user_id: number | null;
  erased_at: Date | null;
  requests: string[] | null;
  feedback_token_created_at: Date | null;
  reflection: string | null;
  satisfaction: number | null;
  reflection_at: Date | null;
}

/** The mentors and mentees of the pairs, each side by last name, with the mentees' requests: one query. */
async function memberRows(db: Kysely<Database>, pairIds: number[]): Promise<MemberRow[]> {
  const { rows } = await sql<MemberRow>`
    select 'mentor' as side, pm.pair_id, m.id, m.last_name, m.first_name, m.middle_name, m.position, null::text as class_name, m.category,
      null::text as requests_note, m.user_id, m.erased_at, null::text[] as requests,
      null::timestamptz as feedback_token_created_at, null::text as reflection, null::int as satisfaction, null::timestamptz as reflection_at
    from pair_mentors pm join mentors m on m.id = pm.mentor_id
    where pm.pair_id = any(${pairIds}::int[])
    union all
    select 'mentee', pe.pair_id, e.id, e.last_name, e.first_name, e.middle_name, e.position, e.class_name, e.category,
      e.requests_note, e.user_id, e.erased_at,
      array(select tags.name from mentee_tags join tags on tags.id = mentee_tags.tag_id where mentee_tags.mentee_id = e.id order by tags.name),
      pe.feedback_token_created_at, pe.reflection, pe.satisfaction, pe.reflection_at
    from pair_mentees pe join mentees e on e.id = pe.mentee_id
    where pe.pair_id = any(${pairIds}::int[])
    order by last_name`.execute(db);
  return rows;
}

export async function pairMembers(
  db: Kysely<Database>,
  pairIds: number[],
): Promise<{ mentors: Map<number, PairMentor[]>; mentees: Map<number, PairMentee[]> }> {
  return membersOf(pairIds.length === 0 ? [] : await memberRows(db, pairIds));
}

/** One pair's members, and its mentees' sides (for the pair's page). */
export async function pairMembersAndSides(db: Kysely<Database>, pairId: number) {
  const rows = await memberRows(db, [pairId]);
  const sides: PairMenteeSide[] = rows
    .filter((r) => r.side === 'mentee')
    .map((r) => ({
      mentee_id: r.id,
      feedback_token_created_at: r.feedback_token_created_at,
      reflection: r.reflection,
      satisfaction: r.satisfaction,
      reflection_at: r.reflection_at,
    }));
  return { ...membersOf(rows), sides };
}

function membersOf(rows: MemberRow[]): { mentors: Map<number, PairMentor[]>; mentees: Map<number, PairMentee[]> } {
  const mentors = new Map<number, PairMentor[]>();
  const mentees = new Map<number, PairMentee[]>();
  for (const r of rows) {
    const erased = r.erased_at !== null;
    const name = erased ? ERASED : [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');
    if (r.side === 'mentor') {
      const list = mentors.get(r.pair_id) ?? [];
      list.push({ id: r.id, name, position: erased ? null : r.position, category: r.category, user_id: r.user_id, erased });
      mentors.set(r.pair_id, list);
    } else {
      const list = mentees.get(r.pair_id) ?? [];
      list.push({
        id: r.id,
        name,
        class_or_position: erased ? null : (r.class_name ?? r.position),
        category: r.category,
        requests: erased ? [] : [...new Set(r.requests ?? [])],
        requests_note: erased ? null : r.requests_note,
        user_id: r.user_id,
        erased,
      });
      mentees.set(r.pair_id, list);
    }
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

/** What a line of the list shows of a pair (not its route, results or reflections). */
export interface PairListRow
  extends Pick<
    PairRow,
    | 'id'
    | 'organization_id'
    | 'status'
    | 'form'
    | 'kind'
    | 'planned_start'
    | 'planned_end'
    | 'activated_at'
    | 'meeting_count'
    | 'organization_name'
    | 'municipality_id'
  > {
  /** The day of the latest meeting (the pair's last_meeting_on). */
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

/**
 * A pair's place in the lists' order: active, forming, then the others. The same expression as the
 * indexes of migration 0009 (pairs_municipality_list_idx, pairs_org_list_idx), constants included,
 * so that a page of the list is read in index order instead of sorting the municipality's pairs.
 */
const LIST_RANK = sql<number>`(case pairs.status when 'active' then 0 when 'forming' then 1 else 2 end)`;
const rankOf = (status: PairStatus) => (status === 'active' ? 0 : status === 'forming' ? 1 : 2);

/** Active with no meeting since `since` (none at all: not since it became active). */
function staleCondition(since: string) {
  // The day of activation on the municipality's calendar, not the database session's.
  return sql<SqlBool>`coalesce(pairs.last_meeting_on, (pairs.activated_at at time zone ${currentTimeZone()})::date, pairs.planned_start) < ${since}::date`;
}

/**
 * The pairs the user may see with their meeting counts (kept on the pair), active first, newest
 * first; paginated. A municipality's total is kept under its data version (db/data-version.ts).
 */
export async function listPairs(
  db: Kysely<Database>,
  user: CurrentUser,
  filter: PairListFilter,
  today: string,
  page: PageRequest,
): Promise<Page<PairListRow>> {
  const since = staleSince(today);
  const municipalityId = municipalityWideOf(user);
  let q = db
    .selectFrom('pairs')
    .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
    .where(pairsInScope(user));
  // The same pairs as the scope's, by the pair's own column: the municipality's list index.
  if (municipalityId !== null) q = q.where('pairs.municipality_id', '=', municipalityId);
  if (filter.status) q = q.where('pairs.status', '=', filter.status).where(LIST_RANK, '=', sql.lit(rankOf(filter.status)));
  if (filter.form) q = q.where('pairs.form', '=', filter.form);
  if (filter.schoolId) q = q.where('pairs.organization_id', '=', filter.schoolId);
  if (filter.stale) q = q.where('pairs.status', '=', 'active').where(LIST_RANK, '=', sql.lit(0)).where(staleCondition(since));
  const count = async () => Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select([
      'pairs.id',
      'pairs.organization_id',
      'pairs.status',
      'pairs.form',
      'pairs.kind',
      'pairs.planned_start',
      'pairs.planned_end',
      'pairs.activated_at',
      'pairs.meeting_count',
      'pairs.last_meeting_on',
      'organizations.short_name as organization_name',
      'organizations.municipality_id',
    ])
    // A municipality's data version with the rows: its total is kept under it (no round trip of its own).
    .select((municipalityId === null ? sql<string | null>`null::text` : dataVersionSql(municipalityId)).as('data_version'))
    .orderBy(LIST_RANK)
    .orderBy('pairs.id', 'desc')
    .limit(page.perPage)
    .offset(offsetOf(page))
    .execute();
  const total = await pageTotal(
    db,
    { rows: rows.length, offset: offsetOf(page), perPage: page.perPage, version: rows[0]?.data_version },
    municipalityId === null
      ? null
      : {
          municipalityId,
          name: `pairs:total:${filter.status ?? ''}:${filter.form ?? ''}:${filter.schoolId ?? ''}:${filter.stale ? since : ''}`,
        },
    count,
  );
  return pageOf(
    rows.map(({ data_version: _, last_meeting_on: last, ...r }) => {
      const activeSince = r.activated_at ? todayIso(r.activated_at) : r.planned_start;
      return {
        ...r,
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

/**
 * The district overview for the coordinator and the department: per school, pairs by status,
 * their meetings and the stale ones; from the pairs' own meeting figures, kept under the
 * municipality's data version.
 */
export function pairsBySchool(db: Kysely<Database>, municipalityId: number, today: string): Promise<SchoolPairSummary[]> {
  const since = staleSince(today);
  return byDataVersion(db, municipalityId, `pairs:by-school:${since}`, async () => {
    const rows = await sql<SchoolPairSummary>`
      select o.id as school_id, o.short_name as school_name,
        count(pairs.id) filter (where pairs.status = 'forming')::int as forming,
        count(pairs.id) filter (where pairs.status = 'active')::int as active,
        count(pairs.id) filter (where pairs.status = 'completed')::int as completed,
        count(pairs.id) filter (where pairs.status = 'terminated')::int as terminated,
        coalesce(sum(pairs.meeting_count), 0)::int as meetings,
        count(pairs.id) filter (where pairs.status = 'active' and ${staleCondition(since)})::int as stale
      from organizations o
      -- the pair's own municipality too: the municipality's pairs through its index, not every pair
      left join pairs on pairs.organization_id = o.id and pairs.municipality_id = ${municipalityId}
      where o.type = 'school' and o.municipality_id = ${municipalityId} and o.is_active
      group by o.id, o.short_name
      order by o.short_name`.execute(db);
    return rows.rows;
  });
}

/** For home pages: the user's active pairs and, of them, those with no meeting in 30 days. */
export async function pairCounts(
  db: Kysely<Database>,
  user: CurrentUser,
  today: string,
): Promise<{ active: number; stale: number; forming: number }> {
  const since = staleSince(today);
  const municipalityId = municipalityWideOf(user);
  const count = async () => {
    const row = await db
      .selectFrom('pairs')
      .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
      .where(pairsInScope(user))
      .$if(municipalityId !== null, (q) => q.where('pairs.municipality_id', '=', municipalityId))
      .select([
        sql<number>`(count(*) filter (where pairs.status = 'active'))::int`.as('active'),
        sql<number>`(count(*) filter (where pairs.status = 'forming'))::int`.as('forming'),
        sql<number>`(count(*) filter (where pairs.status = 'active' and ${staleCondition(since)}))::int`.as('stale'),
      ])
      .executeTakeFirstOrThrow();
    return { active: Number(row.active), stale: Number(row.stale), forming: Number(row.forming) };
  };
  if (municipalityId !== null) return byDataVersion(db, municipalityId, `pairs:counts:${since}`, count, 64);
  // A school's users: its own pairs, kept under its municipality's version too.
  const scope = scopeOf(user);
  if (scope.kind === 'organization' && user.municipalityId !== null) {
    return byDataVersion(db, user.municipalityId, `pairs:counts:${scope.organizationId}:${since}`, count, 64);
  }
  return count();
}

/**
 * «Пары без встреч 30 дней по школам» for the municipal home: the schools with active pairs that
 * had no meeting in 30 days, the most first; kept under the municipality's data version and the day.
 */
export async function stalePairsBySchool(
  db: Kysely<Database>,
  user: CurrentUser,
  today: string,
): Promise<Array<{ schoolId: number; schoolName: string; stale: number; active: number }>> {
  const since = staleSince(today);
  const municipalityId = municipalityWideOf(user);
  const find = async () => {
    const rows = await db
      .selectFrom('pairs')
      .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
      .where(pairsInScope(user))
      .$if(municipalityId !== null, (q) => q.where('pairs.municipality_id', '=', municipalityId))
      .where('pairs.status', '=', 'active')
      .where(LIST_RANK, '=', sql.lit(0))
      .groupBy(['organizations.id', 'organizations.short_name'])
      .select([
        'organizations.id',
        'organizations.short_name',
        sql<number>`(count(*) filter (where ${staleCondition(since)}))::int`.as('stale'),
        sql<number>`count(*)::int`.as('active'),
      ])
      .execute();
    return rows
      .filter((r) => Number(r.stale) > 0)
      .map((r) => ({ schoolId: r.id, schoolName: r.short_name, stale: Number(r.stale), active: Number(r.active) }))
      .sort((a, b) => b.stale - a.stale || a.schoolName.localeCompare(b.schoolName, 'ru'));
  };
  return municipalityId === null ? find() : byDataVersion(db, municipalityId, `pairs:stale-by-school:${since}`, find, 8 * 1024);
}

/** The school's programmes a pair can be formed in. */
export function schoolProgrammes(db: Kysely<Database>, schoolId: number) {
  return db
    .selectFrom('programmes')
    .select(['id', 'title', 'form'])
    .where('organization_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .orderBy('title')
    .execute();
}

/**
 * What the proposals of mentors name: the municipality's tags and its schools and partner
 * organisations (a mentor opened to the municipality comes from one of them), the inactive ones
 * too (organizations/queries.ts partnersOf lists the active ones only): a mentor may come from a
 * partner that has since left.
 */
export async function proposalNames(db: Kysely<Database>, municipalityId: number | null) {
  const tags = await db
    .selectFrom('tags')
    .select(['id', 'name'])
    .where('municipality_id', '=', municipalityId ?? -1)
    .execute();
  const organizations = await db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('type', 'in', ['partner', 'school'])
    .where('municipality_id', '=', municipalityId ?? -1)
    .execute();
  return { tags, organizations };
}

/** The pair's meetings in the order they were held, each with the mentees' feedback on it: one query. */
export function meetingsWithFeedback(db: Kysely<Database>, pairId: number) {
  return db
    .selectFrom('meetings')
    .selectAll('meetings')
    .select(
      sql<
        Array<{ mentee_id: number; text: string; rating: number | null }>
      >`(select coalesce(json_agg(json_build_object('mentee_id', f.mentee_id, 'text', f.text, 'rating', f.rating)), '[]'::json) from meeting_feedback f where f.meeting_id = meetings.id)`.as(
        'feedback',
      ),
    )
    .where('pair_id', '=', pairId)
    .orderBy('held_on')
    .orderBy('id')
    .execute();
}

/** What the curator narrows the school's mentees by when choosing whom to pair. */
export interface MenteeChoiceFilter {
  /** Words of the name, each found as a substring (or, with `fuzzy`, close enough to forgive a typo). */
  q?: string | undefined;
  category?: MenteeTableCategory | undefined;
  className?: string | undefined;
  /** A request tag the mentee has. */
  requestId?: number | undefined;
  /** Only those in no forming or active pair. */
  unpaired: boolean;
  /** Left out of the list: the ones already chosen, shown apart. */
  exclude: number[];
  fuzzy?: boolean;
}

type MenteeTableCategory = Database['mentees']['category'];

/** A line of the list the curator chooses mentees from. */
export interface MenteeChoiceRow {
  id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  category: MenteeTableCategory;
  class_name: string | null;
  position: string | null;
  has_consent: boolean;
  /** The forming and active pairs the mentee is already in. */
  pair_ids: number[];
}

/** The condition «in a forming or active pair», on the mentee of the query. */
const IN_A_PAIR = sql<boolean>`exists (select 1 from pair_mentees pe join pairs on pairs.id = pe.pair_id
  where pe.mentee_id = mentees.id and pairs.status in ('forming', 'active'))`;

function menteeChoiceBase(db: Kysely<Database>, schoolId: number, filter: MenteeChoiceFilter) {
  let q = db
    .selectFrom('mentees')
    .where('mentees.organization_id', '=', schoolId)
    .where('mentees.archived_at', 'is', null)
    .where('mentees.erased_at', 'is', null)
    .where('mentees.status', '<>', 'left');
  if (filter.exclude.length) q = q.where('mentees.id', 'not in', filter.exclude);
  if (filter.category) q = q.where('mentees.category', '=', filter.category);
  if (filter.className) q = q.where('mentees.class_name', '=', filter.className);
  if (filter.requestId !== undefined) {
    const tagId = filter.requestId;
    q = q.where(sql<boolean>`exists (select 1 from mentee_tags t where t.mentee_id = mentees.id and t.tag_id = ${tagId})`);
  }
  if (filter.unpaired) q = q.where(sql<boolean>`not ${IN_A_PAIR}`);
  // The bases' search (people/queries.ts): exact substrings, or with a typo the words of the
  // names one fold or one letter away (migration 0012), both through GIN indexes.
  for (const word of matchWords(filter.q ?? '', filter.fuzzy === true))
    q = q.where(filter.fuzzy ? typoMatch(word, 'mentees') : exactMatch(word, 'mentees'));
  return q;
}

/**
 * A page of the school's current mentees (not archived, erased or gone) matching the filter, by
 * name; a search with no exact match looks again forgiving typos (as the bases' lists do).
 */
export async function menteeChoices(
  db: Kysely<Database>,
  schoolId: number,
  filter: MenteeChoiceFilter,
  page: PageRequest,
): Promise<Page<MenteeChoiceRow> & { fuzzy: boolean }> {
  let fuzzy = false;
  if (filter.q?.trim()) {
    const exact = await menteeChoiceBase(db, schoolId, filter).select('mentees.id').limit(1).executeTakeFirst();
    fuzzy = exact === undefined;
  }
  const base = menteeChoiceBase(db, schoolId, { ...filter, fuzzy });
  const rows = await base
    .select([
      'mentees.id',
      'mentees.last_name',
      'mentees.first_name',
      'mentees.middle_name',
      'mentees.category',
      'mentees.class_name',
      'mentees.position',
      sql<boolean>`mentees.consent_date is not null`.as('has_consent'),
      sql<number[]>`array(select pe.pair_id from pair_mentees pe join pairs on pairs.id = pe.pair_id
        where pe.mentee_id = mentees.id and pairs.status in ('forming', 'active') order by pe.pair_id)`.as('pair_ids'),
      sql<number>`count(*) over ()`.as('total'),
    ])
    .orderBy('mentees.search_name')
    .orderBy('mentees.id')
    .limit(page.perPage)
    .offset(offsetOf(page))
    .execute();
  // Past the last page the window has no row to count on: count apart (rare).
  const total =
    rows.length > 0
      ? Number(rows[0]!.total)
      : Number((await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);
  return {
    ...pageOf(
      rows.map(({ total: _, ...r }) => r),
      total,
      page,
    ),
    fuzzy,
  };
}

/** What the filters of the choice offer: the classes of the school's current mentees and the municipality's requests. */
export async function menteeChoiceOptions(db: Kysely<Database>, schoolId: number, municipalityId: number | null) {
  const classes = await db
    .selectFrom('mentees')
    .select('class_name')
    .distinct()
    .where('organization_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .where('erased_at', 'is', null)
    .where('class_name', 'is not', null)
    .execute();
  const requests = await db
    .selectFrom('tags')
    .select(['id', 'name'])
    .where('municipality_id', '=', municipalityId ?? -1)
    .where('kind', '=', 'request')
    .where('is_active', '=', true)
    .orderBy('name')
    .execute();
  return {
    classes: classes.map((c) => c.class_name!).sort((a, b) => a.localeCompare(b, 'ru', { numeric: true })),
    requests,
  };
}

/** A pair as a person's card lists it. */
export interface PersonPairRow {
  id: number;
  status: PairStatus;
  form: MentoringFormCode;
  planned_start: string;
  planned_end: string;
  programme_title: string;
  /** The other side: the mentees of a mentor's pair, the mentors of a mentee's. */
  partners: string[];
  /** The pair's school: another than the base's when a mentor opened to the municipality works there (issue 17). */
  organization_id: number;
  organization_name: string;
}

/** The pairs a mentor or a mentee is in, the working ones first, newest first. */
export async function pairsOfPerson(
  db: Kysely<Database>,
  kind: 'mentors' | 'mentees',
  personId: number,
): Promise<PersonPairRow[]> {
  const own = kind === 'mentors' ? sql`pair_mentors` : sql`pair_mentees`;
  const ownColumn = kind === 'mentors' ? sql`mentor_id` : sql`mentee_id`;
  const partners =
    kind === 'mentors'
      ? sql`select coalesce(array_agg(case when e.erased_at is null then concat_ws(' ', e.last_name, e.first_name, e.middle_name) else ${ERASED} end order by e.last_name), '{}')
          from pair_mentees x join mentees e on e.id = x.mentee_id where x.pair_id = pairs.id`
      : sql`select coalesce(array_agg(case when m.erased_at is null then concat_ws(' ', m.last_name, m.first_name, m.middle_name) else ${ERASED} end order by m.last_name), '{}')
          from pair_mentors x join mentors m on m.id = x.mentor_id where x.pair_id = pairs.id`;
  const { rows } = await sql<PersonPairRow>`
    select pairs.id, pairs.status, pairs.form, pairs.planned_start, pairs.planned_end, programmes.title as programme_title,
      (${partners}) as partners, pairs.organization_id, o.short_name as organization_name
    from ${own} own join pairs on pairs.id = own.pair_id join programmes on programmes.id = pairs.programme_id
      join organizations o on o.id = pairs.organization_id
    where own.${ownColumn} = ${personId}
    order by ${LIST_RANK}, pairs.id desc`.execute(db);
  return rows;
}
