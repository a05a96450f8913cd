import { type Kysely, sql } from 'kysely';
import { VersionedLru } from '../lib/lru.js';
import type { Database } from './types.js';

/**
 * Figures a page counts over a whole municipality (per-school overviews, list totals, the roadmaps'
 * counts), kept in memory under the municipality's data version. The row triggers of migration
 * 0006 bump `indicator_freshness.version` in the transaction of every change to the tables the
 * indicators read: organizations, mentors, mentees, pairs, pair_mentors, pair_mentees, meetings,
 * roadmaps, roadmap_items, roadmap_occurrences, contingents, indicators, indicator_targets,
 * indicator_manual_values, survey_responses. A value computed from those tables alone is
 * therefore the same until the version moves; one that reads any other table (users, programmes,
 * tags and the people's tags, pair tasks, meeting feedback …) must not be kept here.
 *
 * The version is read before the value is computed, so a value is never older than the version it
 * is kept under (a change committed in between makes it newer, and the next request recomputes it
 * under the next version). A municipality without a freshness row is computed every time. Each
 * process keeps its own entries; the database's version keeps them in step.
 */
const MAX_BYTES = 16 * 1024 * 1024;
const cache = new VersionedLru<unknown>(MAX_BYTES);

/** What an entry is reckoned to hold when its caller does not say: a list of a few hundred rows. */
const DEFAULT_BYTES = 64 * 1024;

export async function byDataVersion<T>(
  db: Kysely<Database>,
  municipalityId: number,
  name: string,
  compute: () => Promise<T>,
  bytes: number = DEFAULT_BYTES,
): Promise<T> {
  const { rows } = await sql<{ version: string | null }>`select ${dataVersionSql(municipalityId)} as version`.execute(db);
  return underDataVersion(municipalityId, name, rows[0]?.version ?? null, compute, bytes);
}

/**
 * The municipality's data version as an SQL value, for a statement the page makes anyway (the
 * rows of a list): read with them, it saves byDataVersion's round trip; see underDataVersion.
 */
export function dataVersionSql(municipalityId: number) {
  // The moment of the last change too: a database emptied and filled again starts its versions anew.
  return sql<
    string | null
  >`(select version::text || '@' || changed_at::text from indicator_freshness where municipality_id = ${municipalityId})`;
}

/** As byDataVersion, with the version read already (dataVersionSql in an earlier statement of this request); null: none. */
async function underDataVersion<T>(
  municipalityId: number,
  name: string,
  version: string | null,
  compute: () => Promise<T>,
  bytes: number = DEFAULT_BYTES,
): Promise<T> {
  if (version === null) return compute();
  const key = `${municipalityId}:${name}`;
  const hit = cache.get(key, version);
  if (hit) return hit.value as T;
  const value = await compute();
  cache.set(key, version, value, bytes);
  return value;
}

/**
 * A page's total: a page that is not full is the last one and tells it (no count); a municipality's
 * is kept under the data version read with the page's rows (dataVersionSql, `version` of its first
 * row), or under one read now when the page came back empty; anything else is counted.
 */
export async function pageTotal(
  db: Kysely<Database>,
  page: { rows: number; offset: number; perPage: number; version: string | null | undefined },
  municipal: { municipalityId: number; name: string } | null,
  count: () => Promise<number>,
): Promise<number> {
  if (page.rows > 0 && page.rows < page.perPage) return page.offset + page.rows;
  if (municipal === null) return count();
  return page.rows > 0
    ? underDataVersion(municipal.municipalityId, municipal.name, page.version ?? null, count, 64)
    : byDataVersion(db, municipal.municipalityId, municipal.name, count, 64);
}
