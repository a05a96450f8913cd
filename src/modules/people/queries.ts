import { type Kysely, sql } from 'kysely';
import { municipalityWideOf, peopleInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { byDataVersion, dataVersionSql, pageTotal } from '../../db/data-version.js';
import type { Database } from '../../db/types.js';
import { todayIso } from '../../lib/dates.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import { organizationOptions } from '../organizations/queries.js';
import type { PersonKind } from './labels.js';
import { minorBornAfter } from './rules.js';
import type { PersonListQuery } from './schemas.js';

/**
 * Mentors and mentees share the columns listed here, so one query serves both bases:
 * the table name is chosen at run time and typed as `mentors`, and only the shared columns
 * are used (kind-specific ones go through `kindColumns`).
 */
function peopleTable(kind: PersonKind) {
  return (kind === 'mentors' ? 'mentors as p' : 'mentees as p') as 'mentors as p';
}

function tagTable(kind: PersonKind) {
  return kind === 'mentors' ? { table: 'mentor_tags', column: 'mentor_id' } : { table: 'mentee_tags', column: 'mentee_id' };
}

export interface PersonListRow {
  id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  category: string;
  status: 'potential' | 'active' | 'left';
  archived_at: Date | null;
  erased_at: Date | null;
  age_group: string | null;
  birth_date: string | null;
  detail: string | null;
  has_consent: boolean;
  is_minor: boolean;
  organization_id: number;
  organization_name: string;
  municipality_id: number | null;
  tags: string | null;
  capacity: number | null;
}

/** The search text as stored in search_name: lower case, ё as е. */
export function normalizeSearch(q: string): string {
  return q.toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}

/** How far back a training counts for the base's filter «нет обучения за последние 3 года». */
export const TRAINING_YEARS = 3;

/** The same day `years` years before (29 February falls back to 28). */
export function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function personListBase(
  db: Kysely<Database>,
  user: CurrentUser,
  kind: PersonKind,
  query: PersonListQuery & { fuzzy?: boolean },
) {
  const tags = tagTable(kind);
  let base = db
    .selectFrom(peopleTable(kind))
    .innerJoin('organizations', 'organizations.id', 'p.organization_id')
    .where(peopleInScope(user));
  const status = query.status ?? 'current';
  if (status === 'archived') base = base.where('p.archived_at', 'is not', null);
  else {
    base = base.where('p.archived_at', 'is', null);
    if (status !== 'all' && status !== 'current') base = base.where('p.status', '=', status);
  }
  if (query.category) base = base.where('p.category', '=', query.category as never);
  if (query.org) base = base.where('p.organization_id', '=', query.org);
  if (query.consent === 'missing') base = base.where('p.consent_date', 'is', null).where('p.erased_at', 'is', null);
  if (query.consent === 'present') base = base.where('p.consent_date', 'is not', null);
  if (query.tag) {
    const tagId = query.tag;
    base = base.where(
      sql<boolean>`exists (select 1 from ${sql.table(tags.table)} t where t.${sql.ref(tags.column)} = p.id and t.tag_id = ${tagId})`,
    );
  }
  if (kind === 'mentors' && query.training === 'none_3y') {
    // No training, hand-typed or the portal's, dated within three years of the municipality's today
    // (an anti-join on mentor_trainings_recent_idx, migration 0033).
    const since = yearsBefore(todayIso(), TRAINING_YEARS);
    base = base.where(
      sql<boolean>`not exists (select 1 from mentor_trainings t where t.mentor_id = p.id and t.completed_on >= ${since}::date)`,
    );
  }
  if (query.q) {
    // Every word must be found: as typed, or (fuzzy) with a typo; a typo search takes the parts of a
    // double surname apart, as the names' words are.
    for (const word of matchWords(query.q, query.fuzzy === true))
      base = base.where(query.fuzzy ? typoMatch(word) : exactMatch(word));
  }
  return base;
}

/** The words of a person's name as the typo search keeps them (migration 0012). */
export async function nameWordsOf(db: Kysely<Database>, kind: PersonKind, id: number): Promise<string[]> {
  const row = await db.selectFrom(kind).select('search_words').where('id', '=', id).executeTakeFirst();
  return row?.search_words ?? [];
}

/**
 * After an erasure: the words of the erased name that nobody else's name has leave the typo
 * search's dictionary, so that nothing of the name stays in the database.
 */
export async function forgetUnusedNameWords(db: Kysely<Database>, words: readonly string[]): Promise<void> {
  if (words.length === 0) return;
  await sql`
    delete from people_name_words w
    where w.word = any(${[...words]}::text[])
      and not exists (select 1 from mentors m where m.search_words @> array[w.word])
      and not exists (select 1 from mentees m where m.search_words @> array[w.word])
  `.execute(db);
}

/** The words of a search, normalised; at most five count. */
export function searchWords(q: string): string[] {
  return normalizeSearch(q).split(' ').filter(Boolean).slice(0, 5);
}

/** The words each of which a name must match: with a typo, a double surname's parts apart (as the names' words are). */
export function matchWords(q: string, fuzzy: boolean): string[] {
  const words = searchWords(q);
  return fuzzy ? words.flatMap((w) => w.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) : words;
}

const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A person (row `p`, or the table named) whose name holds the word as typed (the GIN trigram index on search_name). */
export function exactMatch(word: string, table = 'p') {
  return sql<boolean>`${sql.ref(`${table}.search_name`)} like ${likePattern(word)}`;
}

/**
 * A person (row `p`, or the table named) whose name the word names with a typo (migration 0012): a word of the name
 * has the same search key (о/а, е/и/ё/э/ы, ь, a doubled letter), begins with it, or is one letter
 * dropped, added or changed away from it. The few such words are found among the names' words,
 * then the people who have one through the GIN index on search_words, whatever the school's size.
 */
export function typoMatch(word: string, table = 'p') {
  const key = sql`people_search_key(${word})`;
  return sql<boolean>`${sql.ref(`${table}.search_words`)} && array(select w.word from people_name_words w where w.variants && people_search_variants(${key}) or starts_with(w.word, ${key}))`;
}

/**
 * What comes first in a search's results, cheap enough for tens of thousands of matches (pg_trgm's
 * word_similarity for each took 0.6 s for «ов» in a school of 50 000): names whose surname (or other
 * word) begins with the first word typed; with a typo, names with a word whose key is the typed
 * word's (a vowel or a doubled letter) before those one letter away.
 */
function relevance(q: string, fuzzy: boolean) {
  const first = searchWords(q)[0] ?? '';
  return fuzzy
    ? sql<boolean>`p.search_words @> people_search_words(people_search_key(${first}))`
    : sql<boolean>`p.search_name like ${`${first.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
}

/**
 * The list query for a search: exact substrings when there are any, otherwise names close
 * enough to forgive a typo. Exact matches never drown in look-alikes, and the fuzzy search
 * runs only when it is needed.
 */
export async function withSearchMode(
  db: Kysely<Database>,
  user: CurrentUser,
  kind: PersonKind,
  query: PersonListQuery & { fuzzy?: boolean },
): Promise<PersonListQuery & { fuzzy?: boolean }> {
  if (!query.q) return query;
  const exact = await personListBase(db, user, kind, query).select('p.id').limit(1).executeTakeFirst();
  return exact ? query : { ...query, fuzzy: true };
}

export async function listPeople(
  db: Kysely<Database>,
  user: CurrentUser,
  kind: PersonKind,
  query: PersonListQuery & { fuzzy?: boolean },
  perPage = DEFAULT_PER_PAGE,
): Promise<Page<PersonListRow>> {
  query = await withSearchMode(db, user, kind, query);
  const base = personListBase(db, user, kind, query);
  const paging = { page: query.page, perPage };
  const count = async () => (await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()).total;
  // A municipality's total without a search or a tag (the people's tags bump no data version) is kept
  // under its data version, read with the rows: the unfiltered register counts 50 000 people of the largest.
  const municipalityId = query.q || query.tag || query.training ? null : municipalityWideOf(user);
  const tags = tagTable(kind);
  let rows = base.select([
    'p.id',
    'p.last_name',
    'p.first_name',
    'p.middle_name',
    'p.category',
    'p.status',
    'p.archived_at',
    'p.erased_at',
    'p.age_group',
    'p.birth_date',
    kind === 'mentors'
      ? sql<string | null>`p.position`.as('detail')
      : sql<string | null>`coalesce(p.class_name, p.position)`.as('detail'),
    sql<boolean>`p.consent_date is not null`.as('has_consent'),
    sql<boolean>`p.birth_date is not null and p.birth_date > ${minorBornAfter()}::date`.as('is_minor'),
    'p.organization_id',
    'organizations.short_name as organization_name',
    'organizations.municipality_id',
    sql<
      string | null
    >`(select string_agg(tags.name, ', ' order by tags.name) from ${sql.table(tags.table)} t join tags on tags.id = t.tag_id where t.${sql.ref(tags.column)} = p.id)`.as(
      'tags',
    ),
    kind === 'mentors' ? sql<number | null>`p.capacity`.as('capacity') : sql<number | null>`null::int`.as('capacity'),
    (municipalityId === null ? sql<string | null>`null::text` : dataVersionSql(municipalityId)).as('data_version'),
  ]);
  const sort = query.sort ?? (query.q ? 'relevance' : 'name');
  // A first word of one or two letters is in most names of a large school («ов»: 47 000 of 50 000):
  // its results come in name order, a page read from the index, rather than all of them sorted.
  if (sort === 'relevance' && query.q && (searchWords(query.q)[0]?.length ?? 0) >= 3)
    rows = rows.orderBy(relevance(query.q, query.fuzzy ?? false), 'desc');
  else if (sort === 'category') rows = rows.orderBy('p.category');
  else if (sort === 'created') rows = rows.orderBy('p.created_at', 'desc');
  else if (sort === 'school') rows = rows.orderBy('organizations.short_name');
  rows = rows.orderBy('p.search_name').orderBy('p.id');
  const result = await rows.limit(paging.perPage).offset(offsetOf(paging)).execute();
  const total = await pageTotal(
    db,
    { rows: result.length, offset: offsetOf(paging), perPage: paging.perPage, version: result[0]?.data_version },
    municipalityId === null
      ? null
      : {
          municipalityId,
          name: `people:${kind}:total:${query.status ?? ''}:${query.category ?? ''}:${query.org ?? ''}:${query.consent ?? ''}`,
        },
    count,
  );
  return pageOf(
    result.map(({ data_version: _, ...r }) => r as PersonListRow),
    total,
    paging,
  );
}

/** A school's line of the municipal registers: people by category, totals, those without consent. */
export interface RegisterRow {
  id: number;
  name: string;
  mentors: Record<string, number>;
  mentees: Record<string, number>;
  mentorTotal: number;
  menteeTotal: number;
  withoutConsent: number;
}

/**
 * The municipal registers' count per school (/registers): current (not archived) people of each
 * active school of the scope by category, and how many of them lack consent; a municipality's kept
 * under its data version (the bases and the organisations bump it).
 */
export async function registerTable(db: Kysely<Database>, user: CurrentUser): Promise<RegisterRow[]> {
  const build = async () => {
    const schools = await organizationOptions(db, user, ['school']);
    const rows = new Map<number, RegisterRow>(
      schools.map((s) => [
        s.id,
        { id: s.id, name: s.short_name, mentors: {}, mentees: {}, mentorTotal: 0, menteeTotal: 0, withoutConsent: 0 },
      ]),
    );
    for (const kind of ['mentors', 'mentees'] as const) {
      for (const c of await countsBySchool(db, user, kind)) {
        const row = rows.get(c.organization_id);
        if (!row) continue;
        row[kind][c.category] = c.total;
        if (kind === 'mentors') row.mentorTotal += c.total;
        else row.menteeTotal += c.total;
        row.withoutConsent += c.without_consent;
      }
    }
    return [...rows.values()];
  };
  const municipalityId = municipalityWideOf(user);
  return municipalityId === null ? build() : byDataVersion(db, municipalityId, 'people:registers', build);
}

/** How many current (not archived) people each school of the scope has, by category. */
function countsBySchool(db: Kysely<Database>, user: CurrentUser, kind: PersonKind) {
  return db
    .selectFrom(peopleTable(kind))
    .innerJoin('organizations', 'organizations.id', 'p.organization_id')
    .where(peopleInScope(user))
    .where('p.archived_at', 'is', null)
    .select([
      'organizations.id as organization_id',
      'p.category',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where p.consent_date is null and p.erased_at is null))::int`.as('without_consent'),
    ])
    .groupBy(['organizations.id', 'p.category'])
    .execute();
}

export function tagsOf(db: Kysely<Database>, municipalityId: number, kind: 'competency' | 'request', activeOnly = true) {
  let q = db
    .selectFrom('tags')
    .select(['id', 'name', 'is_active'])
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', kind);
  if (activeOnly) q = q.where('is_active', '=', true);
  return q.orderBy('name').execute();
}

export async function personTagIds(db: Kysely<Database>, kind: PersonKind, id: number): Promise<number[]> {
  const rows =
    kind === 'mentors'
      ? await db.selectFrom('mentor_tags').select('tag_id').where('mentor_id', '=', id).execute()
      : await db.selectFrom('mentee_tags').select('tag_id').where('mentee_id', '=', id).execute();
  return rows.map((r) => r.tag_id);
}

/** The register of curators: active curator accounts of the municipality's schools. */
export function curatorsOf(db: Kysely<Database>, municipalityId: number) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.full_name', 'users.position', 'users.email', 'users.phone', 'organizations.short_name as school'])
    .where('users.role', '=', 'curator')
    .where('users.is_active', '=', true)
    .where('organizations.municipality_id', '=', municipalityId)
    .orderBy('organizations.short_name')
    .orderBy('users.full_name')
    .execute();
}

/** What a person's page shows besides the record: tag names, a mentor's trainings and origin. */
export async function personExtras(
  db: Kysely<Database>,
  kind: PersonKind,
  tagIds: number[],
  mentor: { id: number; origin_organization_id: number | null } | null,
) {
  const tagNames = tagIds.length
    ? (await db.selectFrom('tags').select('name').where('id', 'in', tagIds).orderBy('name').execute()).map((t) => t.name)
    : [];
  const trainings = kind === 'mentors' && mentor ? await trainingsOf(db, mentor.id) : [];
  const origin =
    kind === 'mentors' && mentor?.origin_organization_id
      ? await db
          .selectFrom('organizations')
          .select(['id', 'short_name'])
          .where('id', '=', mentor.origin_organization_id)
          .executeTakeFirst()
      : undefined;
  return { tagNames, trainings, origin };
}

/** A mentor's training history: the hand-typed trainings and the portal's (events attended, `event_id`), latest first. */
export function trainingsOf(db: Kysely<Database>, mentorId: number) {
  return db
    .selectFrom('mentor_trainings')
    .selectAll()
    .where('mentor_id', '=', mentorId)
    .orderBy(sql`completed_on desc nulls last`)
    .orderBy('id')
    .execute();
}

/** The trainings the mentor's form edits: the hand-typed ones (courses outside the portal). */
export function handTypedTrainingsOf(db: Kysely<Database>, mentorId: number) {
  return db
    .selectFrom('mentor_trainings')
    .selectAll()
    .where('mentor_id', '=', mentorId)
    .where('event_id', 'is', null)
    .orderBy('id')
    .execute();
}

/** The account a record of the bases is linked to, as its page names it. */
export async function linkedAccount(db: Kysely<Database>, userId: number | null) {
  if (userId === null) return null;
  return db.selectFrom('users').select(['id', 'full_name', 'login']).where('id', '=', userId).executeTakeFirst();
}
