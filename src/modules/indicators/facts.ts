import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Deadline } from '../roadmaps/deadline.js';
import { isOverdue } from '../roadmaps/overdue.js';
import { trackedOccurrences } from '../roadmaps/queries.js';
import { CONTINGENT_KIND_CODES } from './catalogue.js';
import type { EnginePeriod } from './periods.js';

/**
 * The counts the dashboards show besides the indicators (`dashboard_facts`), stored by the recount
 * (compute.ts) in its transaction: pairs and people by form, status and category of each period
 * (calendar and academic years, under the period's code, periods.ts), the contingent figures
 * missing, and today's state of the bases, the pairs and the roadmaps.
 */

type Db = Kysely<Database> | Transaction<Database>;

interface Fact {
  organization_id: number;
  year: number;
  fact: string;
  key: string;
  value: number;
}

/**
 * Stores the counts by form, status and category of each year's pairs and their people, for
 * each school and the municipality, from the staged pairs (stagePairs); the rows never leave the
 * database. The pairs of a year: active in it, or formed in it and not active yet; their people:
 * those of the active ones.
 */
async function storePairFacts(trx: Transaction<Database>, municipalityId: number): Promise<void> {
  await sql`
    insert into dashboard_facts (organization_id, year, fact, key, value)
    select coalesce(organization_id, ${municipalityId}), year,
      case when grouping(status) = 1 then 'pairs_form' else 'pairs_status' end,
      case when grouping(status) = 1 then form else status end,
      count(*)
    from recount_pair_years
    group by grouping sets ((year, organization_id, form), (year, form), (year, organization_id, status), (year, status))`.execute(
    trx,
  );
  await sql`
    insert into dashboard_facts (organization_id, year, fact, key, value)
    select coalesce(organization_id, ${municipalityId}), year,
      side || case when grouping(form) = 0 then '_form' when grouping(category) = 0 then '_category' else '_total' end,
      case when grouping(form) = 0 then form when grouping(category) = 0 then category else 'all' end,
      count(distinct person_id)
    from recount_people
    group by grouping sets (
      (year, side, organization_id, form), (year, side, form),
      (year, side, organization_id, category), (year, side, category),
      (year, side, organization_id), (year, side))`.execute(trx);
}

async function storeFacts(trx: Transaction<Database>, facts: Fact[]): Promise<void> {
  if (facts.length === 0) return;
  await sql`
    insert into dashboard_facts (organization_id, year, fact, key, value)
    select * from unnest(${facts.map((f) => f.organization_id)}::integer[], ${facts.map((f) => f.year)}::integer[],
      ${facts.map((f) => f.fact)}::text[], ${facts.map((f) => f.key)}::text[], ${facts.map((f) => f.value)}::integer[])`.execute(
    trx,
  );
}

/**
 * How many of the contingent figures a share needs are missing, per school and for the
 * municipality, in a period (an academic year takes the figures of the year it begins in).
 */
async function contingentFacts(db: Db, municipalityId: number, period: EnginePeriod): Promise<Fact[]> {
  const facts: Fact[] = [];
  const year = period.year;
  const add = (organizationId: number, fact: string, key: string, value: number) =>
    facts.push({ organization_id: organizationId, year: period.code, fact, key, value });
  const orgs = await db
    .selectFrom('organizations')
    .select(['id', 'type'])
    .where('municipality_id', '=', municipalityId)
    .where('type', 'in', ['school', 'municipality'])
    .execute();
  const contingent = await db
    .selectFrom('contingents')
    .select(['organization_id', 'kind'])
    .where(
      'organization_id',
      'in',
      orgs.map((o) => o.id),
    )
    .where('year', '=', year)
    .execute();
  for (const o of orgs) {
    const needed = CONTINGENT_KIND_CODES.filter((k) => o.type === 'municipality' || k !== 'enterprises');
    const missing = needed.filter((k) => !contingent.some((c) => c.organization_id === o.id && c.kind === k)).length;
    add(o.id, 'missing', 'contingent', missing);
  }

  return facts;
}

/** Today's state, stored under the current year only: bases, roadmap completion and what is missing. */
async function currentFacts(db: Db, municipalityId: number, year: number, today: string): Promise<Fact[]> {
  const facts: Fact[] = [];
  const add = (organizationId: number, fact: string, key: string, value: number) =>
    facts.push({ organization_id: organizationId, year, fact, key, value });

  const bases = await sql<{ organization_id: number | null; kind: string; n: string; no_consent: string; no_birth: string }>`
    select organization_id, kind, count(*) as n,
      count(*) filter (where consent_date is null) as no_consent,
      count(*) filter (where birth_date is null and category = 'student') as no_birth
    from (
      select 'mentors' as kind, m.organization_id, m.consent_date, m.birth_date, m.category from mentors m
      join organizations o on o.id = m.organization_id
      where o.municipality_id = ${municipalityId} and m.archived_at is null and m.erased_at is null
      union all
      select 'mentees', e.organization_id, e.consent_date, e.birth_date, e.category from mentees e
      join organizations o on o.id = e.organization_id
      where o.municipality_id = ${municipalityId} and e.archived_at is null and e.erased_at is null
    ) people
    group by grouping sets ((organization_id, kind), (kind))`.execute(db);
  for (const r of bases.rows) {
    const org = r.organization_id ?? municipalityId;
    add(org, 'base', r.kind, Number(r.n));
    add(org, 'missing', `${r.kind}_consent`, Number(r.no_consent));
    add(org, 'missing', `${r.kind}_birth_date`, Number(r.no_birth));
  }

  const silent = await sql<{ organization_id: number | null; n: string }>`
    select p.organization_id, count(*) as n from pairs p join organizations o on o.id = p.organization_id
    where o.municipality_id = ${municipalityId} and p.status = 'active'
      and not exists (select 1 from meetings m where m.pair_id = p.id and m.held_on > ${today}::date - 30)
    group by grouping sets ((p.organization_id), ())`.execute(db);
  for (const r of silent.rows) add(r.organization_id ?? municipalityId, 'missing', 'pairs_without_meetings', Number(r.n));

  // Roadmap completion: the municipality's own plan and each school's, templates aside.
  const roadmaps = await db
    .selectFrom('roadmaps')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .select(['roadmaps.id', 'roadmaps.organization_id'])
    .where('organizations.municipality_id', '=', municipalityId)
    .where('roadmaps.kind', '<>', 'template')
    .execute();
  if (roadmaps.length > 0) {
    const items = await db
      .selectFrom('roadmap_items')
      .select(['id', 'roadmap_id', 'status', 'deadline'])
      .where('kind', '=', 'item')
      .where(
        'roadmap_id',
        'in',
        roadmaps.map((r) => r.id),
      )
      .execute();
    const tracked = await trackedOccurrences(db, items);
    const orgOf = new Map(roadmaps.map((r) => [r.id, r.organization_id]));
    const byOrg = new Map<number, { total: number; done: number; overdue: number }>();
    for (const item of items) {
      const org = orgOf.get(item.roadmap_id) as number;
      const c = byOrg.get(org) ?? { total: 0, done: 0, overdue: 0 };
      c.total++;
      if (item.status === 'done') c.done++;
      if (isOverdue(item.deadline as Deadline | null, item.status, today, tracked.get(item.id))) c.overdue++;
      byOrg.set(org, c);
    }
    for (const [org, c] of byOrg) {
      add(org, 'roadmap', 'total', c.total);
      add(org, 'roadmap', 'done', c.done);
      add(org, 'roadmap', 'overdue', c.overdue);
    }
  }
  return facts;
}

/**
 * Stores every fact of the recount: the pairs' counts from the staged tables (compute.ts,
 * stagePairs), the contingent missing in each period, and today's state under the current
 * calendar year.
 */
export async function storeDashboardFacts(
  trx: Transaction<Database>,
  municipalityId: number,
  periods: readonly EnginePeriod[],
  today: string,
): Promise<void> {
  await storePairFacts(trx, municipalityId);
  const facts: Fact[] = [];
  for (const period of periods) facts.push(...(await contingentFacts(trx, municipalityId, period)));
  facts.push(...(await currentFacts(trx, municipalityId, Number(today.slice(0, 4)), today)));
  await storeFacts(trx, facts);
}
