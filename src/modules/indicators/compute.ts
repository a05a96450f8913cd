import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database, IndicatorMethod } from '../../db/types.js';
import type { MunicipalityState } from '../../auth/sessions.js';
import { todayIso } from '../../lib/dates.js';
import type { Deadline } from '../roadmaps/deadline.js';
import { isOverdue } from '../roadmaps/overdue.js';
import { trackedOccurrences } from '../roadmaps/queries.js';
import { appliesToMunicipality, appliesToSchool, CONTINGENT_KIND_CODES, FIRST_YEAR, METHODS, SATISFIED_FROM } from './catalogue.js';
import { percentOf } from './status.js';

/**
 * The heavy counting behind the dashboards, done once per change of a municipality's data:
 * triggers (migration 0006) bump `indicator_freshness.version` and mark the municipality stale
 * on any change to its bases, pairs, meetings, roadmaps, contingent, targets, manual values or
 * survey answers; the next dashboard request calls `ensureFresh`, which recomputes
 * `indicator_results` and `dashboard_facts` for every year in one transaction. Pages then read
 * those small tables only (and cache what they render under the version). The recount stages the
 * years' pairs and their people once (temporary tables) and counts every year from them in a few
 * grouped statements; its rows go in with one statement per table.
 *
 * The rules, in the words users see in catalogue.ts:
 * - a pair counts in a year when it was active in it: activated before the year ended and not
 *   completed or stopped before it began (a pair stopped early counts in the years it ran);
 * - age is taken on 1 January of the year, so a person who turns 20 during the year still
 *   counts as 19 in it, and no more in the next;
 * - a share with no contingent figure (or a zero one) has no value: «нет данных», never 0 %.
 */

type Db = Kysely<Database> | Transaction<Database>;

interface Fraction {
  numerator: number;
  denominator: number;
}

export function yearsToCompute(today: string = todayIso()): number[] {
  const last = Number(today.slice(0, 4));
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= Math.max(last, FIRST_YEAR); y++) years.push(y);
  return years;
}

/**
 * The municipality's pairs in each year from `first` to `last`, as rows
 * (year, id, organization_id, form, status, active). `active`: the pair was active at some point
 * of the year (activated before it ended, not completed or stopped before it began). A pair still
 * being formed belongs, not active, to the year it was created in.
 */
function pairYears(municipalityId: number, first: number, last: number): RawBuilder<unknown> {
  const active = sql`p.activated_at is not null and p.activated_at < make_date(y.year + 1, 1, 1)
      and coalesce(p.completed_on, p.terminated_on, date '9999-12-31') >= make_date(y.year, 1, 1)`;
  return sql`
    select y.year, p.id, p.organization_id, p.form, p.status, (${active}) as active
    from pairs p
    join organizations o on o.id = p.organization_id
    cross join generate_series(${first}::int, ${last}::int) as y(year)
    where o.municipality_id = ${municipalityId}
      and ((${active})
        or (p.status = 'forming' and p.created_at >= make_date(y.year, 1, 1) and p.created_at < make_date(y.year + 1, 1, 1)))`;
}

/**
 * The people of the active pairs of `pairYearRows` (rows of `pairYears`), one row per person, pair
 * and year: (year, organization_id, form, side 'mentors' | 'mentees', person_id, category,
 * birth_date, teaching_since, partner_id). `partner_id` is the partner organisation a mentor came from.
 */
function pairPeople(pairYearRows: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select py.year, py.organization_id, py.form, 'mentees'::text as side, e.id as person_id, e.category,
      e.birth_date, e.teaching_since, null::integer as partner_id
    from (${pairYearRows}) py join pair_mentees l on l.pair_id = py.id join mentees e on e.id = l.mentee_id
    where py.active
    union all
    select py.year, py.organization_id, py.form, 'mentors'::text, m.id, m.category,
      m.birth_date, null::date, partner.id
    from (${pairYearRows}) py join pair_mentors l on l.pair_id = py.id join mentors m on m.id = l.mentor_id
    left join organizations partner on partner.id = m.origin_organization_id and partner.type = 'partner'
    where py.active`;
}

/** Ages on 1 January of the row's year (`x.year`), from..to inclusive. */
function agedBetween(column: RawBuilder<unknown>, from: number, to: number): RawBuilder<unknown> {
  return sql`${column} <= make_date(x.year - ${from}::int, 1, 1) and ${column} > make_date(x.year - ${to + 1}::int, 1, 1)`;
}

/** The people (or partner organisations) a counted indicator counts. */
export type CountedMethod = Exclude<IndicatorMethod, 'mentee_satisfaction' | 'mentor_satisfaction' | 'manual'>;

const COUNTED_METHODS: readonly CountedMethod[] = ['student_mentees_10_19', 'student_mentors_15_19', 'young_specialist_mentees', 'partner_organizations'];

export function isCounted(method: IndicatorMethod): method is CountedMethod {
  return method !== 'mentee_satisfaction' && method !== 'mentor_satisfaction' && method !== 'manual';
}

/**
 * Who a counted indicator counts, over a row `x` of `pairPeople`: the condition a row must meet
 * and the member it stands for. The one statement of each rule, used by the recount and by the
 * list behind a numerator.
 */
function membership(method: CountedMethod): { where: RawBuilder<unknown>; member: RawBuilder<unknown> } {
  switch (method) {
    case 'student_mentees_10_19':
      return { where: sql`x.side = 'mentees' and x.category = 'student' and ${agedBetween(sql`x.birth_date`, 10, 19)}`, member: sql`x.person_id` };
    case 'student_mentors_15_19':
      return { where: sql`x.side = 'mentors' and x.category = 'student' and ${agedBetween(sql`x.birth_date`, 15, 19)}`, member: sql`x.person_id` };
    case 'young_specialist_mentees':
      return {
        where: sql`x.side = 'mentees' and x.category in ('young_specialist', 'new_teacher', 'struggling_teacher')
          and (x.teaching_since > make_date(x.year - 4, 1, 1) or (x.teaching_since is null and x.category = 'young_specialist'))
          and (x.teaching_since is null or x.teaching_since < make_date(x.year + 1, 1, 1))`,
        member: sql`x.person_id`,
      };
    case 'partner_organizations':
      // A partner gives mentors to several schools: the municipality counts it once.
      return { where: sql`x.side = 'mentors' and x.partner_id is not null`, member: sql`x.partner_id` };
  }
}

/** The members behind a counted indicator's numerator in a year, as (organization_id, member_id) rows. */
export function numeratorMembers(municipalityId: number, year: number, method: CountedMethod): RawBuilder<unknown> {
  const { where, member } = membership(method);
  return sql`select distinct x.organization_id, ${member} as member_id from (${pairPeople(pairYears(municipalityId, year, year))}) x where ${where}`;
}

/**
 * Temporary tables (dropped at commit) of the years' pairs and their people, built once per
 * recount: every count of the recount reads them instead of joining the pairs again for each
 * year and indicator. The pairs' table is analysed before the people are joined to it (its row
 * count decides the join); the people's is only scanned and grouped.
 */
async function stagePairs(trx: Transaction<Database>, municipalityId: number, first: number, last: number): Promise<void> {
  await sql`create temporary table recount_pair_years on commit drop as ${pairYears(municipalityId, first, last)}`.execute(trx);
  await sql`analyze recount_pair_years`.execute(trx);
  await sql`create temporary table recount_people on commit drop as ${pairPeople(sql`table recount_pair_years`)}`.execute(trx);
}

/** Numerators of the counted indicators by year and organisation (key `null`: the municipality) from the staged people. */
async function countNumerators(trx: Transaction<Database>): Promise<Map<number, Map<number | null, Record<CountedMethod, number>>>> {
  const columns = COUNTED_METHODS.map((method) => {
    const { where, member } = membership(method);
    return sql`count(distinct ${member}) filter (where ${where}) as ${sql.ref(method)}`;
  });
  const { rows } = await sql<{ year: number; organization_id: number | null } & Record<CountedMethod, string>>`
    select x.year, x.organization_id, ${sql.join(columns)}
    from recount_people x
    group by grouping sets ((x.year, x.organization_id), (x.year))`.execute(trx);
  const out = new Map<number, Map<number | null, Record<CountedMethod, number>>>();
  for (const r of rows) {
    const counts = Object.fromEntries(COUNTED_METHODS.map((m) => [m, Number(r[m])])) as Record<CountedMethod, number>;
    const year = Number(r.year);
    const byOrg = out.get(year) ?? new Map<number | null, Record<CountedMethod, number>>();
    byOrg.set(r.organization_id, counts);
    out.set(year, byOrg);
  }
  return out;
}

/** Survey answers of one audience by year of the survey's close and organisation (key `null`: the municipality). */
async function countSatisfaction(db: Db, municipalityId: number, first: number, last: number, audience: 'mentee' | 'mentor'): Promise<Map<number, Map<number | null, Fraction>>> {
  const { rows } = await sql<{ year: number; organization_id: number | null; satisfied: string; answered: string }>`
    select a.year, a.organization_id,
      count(*) filter (where a.satisfaction >= ${SATISFIED_FROM}) as satisfied,
      count(a.satisfaction) as answered
    from (
      select extract(year from s.closes_on)::int as year, r.organization_id, r.satisfaction
      from survey_responses r join surveys s on s.id = r.survey_id
      where s.municipality_id = ${municipalityId} and r.audience = ${audience}
        and s.closes_on >= make_date(${first}::int, 1, 1) and s.closes_on < make_date(${last + 1}::int, 1, 1)
    ) a
    group by grouping sets ((a.year, a.organization_id), (a.year))`.execute(db);
  const out = new Map<number, Map<number | null, Fraction>>();
  for (const r of rows) {
    const year = Number(r.year);
    const byOrg = out.get(year) ?? new Map<number | null, Fraction>();
    byOrg.set(r.organization_id, { numerator: Number(r.satisfied), denominator: Number(r.answered) });
    out.set(year, byOrg);
  }
  return out;
}

export interface ComputedValue {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export type YearValue = ComputedValue & { indicatorId: number; organizationId: number; year: number };

/**
 * Every indicator's value for every school of the municipality and for the municipality, for
 * each of `years` (consecutive). Runs in a transaction of its own unless given one.
 */
export async function computeYears(db: Db, municipalityId: number, years: number[]): Promise<YearValue[]> {
  if (!db.isTransaction) return db.transaction().execute((trx) => computeYears(trx, municipalityId, years));
  const trx = db as Transaction<Database>;
  const first = Math.min(...years);
  const last = Math.max(...years);
  await stagePairs(trx, municipalityId, first, last);
  const values = await computeStaged(trx, municipalityId, years);
  await sql`drop table recount_people, recount_pair_years`.execute(trx);
  return values;
}

/** computeYears over the staged pairs (stagePairs). */
async function computeStaged(trx: Transaction<Database>, municipalityId: number, years: number[]): Promise<YearValue[]> {
  const first = Math.min(...years);
  const last = Math.max(...years);
  const indicators = await trx
    .selectFrom('indicators')
    .select(['id', 'method', 'level', 'unit', 'contingent_kind'])
    .where('municipality_id', '=', municipalityId)
    .where('archived_at', 'is', null)
    .execute();
  const schools = await trx
    .selectFrom('organizations')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .execute();
  const contingentRows = await trx
    .selectFrom('contingents')
    .innerJoin('organizations', 'organizations.id', 'contingents.organization_id')
    .select(['contingents.organization_id', 'contingents.kind', 'contingents.year', 'contingents.value'])
    .where('organizations.municipality_id', '=', municipalityId)
    .where('contingents.year', '>=', first)
    .where('contingents.year', '<=', last)
    .execute();
  const manualRows = await trx
    .selectFrom('indicator_manual_values')
    .innerJoin('indicators', 'indicators.id', 'indicator_manual_values.indicator_id')
    .select([
      'indicator_manual_values.indicator_id',
      'indicator_manual_values.organization_id',
      'indicator_manual_values.year',
      'value',
      'numerator',
      'denominator',
    ])
    .where('indicators.municipality_id', '=', municipalityId)
    .where('indicator_manual_values.year', '>=', first)
    .where('indicator_manual_values.year', '<=', last)
    .execute();
  const contingent = new Map(contingentRows.map((c) => [`${c.year}|${c.organization_id}|${c.kind}`, c.value]));
  const manual = new Map(manualRows.map((m) => [`${m.year}|${m.indicator_id}|${m.organization_id}`, m]));
  const counted = await countNumerators(trx);
  const satisfaction = {
    mentee_satisfaction: await countSatisfaction(trx, municipalityId, first, last, 'mentee'),
    mentor_satisfaction: await countSatisfaction(trx, municipalityId, first, last, 'mentor'),
  };

  const out: YearValue[] = [];
  for (const year of years) {
    for (const indicator of indicators) {
      const targets: Array<{ orgId: number; key: number | null }> = [];
      if (appliesToMunicipality(indicator.level)) targets.push({ orgId: municipalityId, key: null });
      if (appliesToSchool(indicator.level)) for (const s of schools) targets.push({ orgId: s.id, key: s.id });
      const method = indicator.method;
      const contingentKind = indicator.contingent_kind ?? METHODS[method].contingent;
      for (const { orgId, key } of targets) {
        let value: ComputedValue;
        if (method === 'manual') {
          const m = manual.get(`${year}|${indicator.id}|${orgId}`);
          if (!m) continue;
          value = { numerator: m.numerator, denominator: m.denominator, value: Number(m.value) };
        } else if (method === 'mentee_satisfaction' || method === 'mentor_satisfaction') {
          const answers = satisfaction[method].get(year)?.get(key);
          // Nobody answered: no share to show.
          value = answers
            ? { numerator: answers.numerator, denominator: answers.denominator, value: percentOf(answers.numerator, answers.denominator) }
            : { numerator: 0, denominator: 0, value: null };
        } else {
          const numerator = counted.get(year)?.get(key)?.[method] ?? 0;
          if (indicator.unit === 'count') value = { numerator, denominator: null, value: numerator };
          else {
            const denominator = contingentKind === null ? null : (contingent.get(`${year}|${orgId}|${contingentKind}`) ?? null);
            value = { numerator, denominator, value: percentOf(numerator, denominator) };
          }
        }
        out.push({ indicatorId: indicator.id, organizationId: orgId, year, ...value });
      }
    }
  }
  return out;
}

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
    group by grouping sets ((year, organization_id, form), (year, form), (year, organization_id, status), (year, status))`.execute(trx);
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

/** Inserts the computed rows in one statement (one array per column), whatever their number. */
async function storeResults(trx: Transaction<Database>, values: YearValue[]): Promise<void> {
  if (values.length === 0) return;
  await sql`
    insert into indicator_results (indicator_id, organization_id, year, numerator, denominator, value)
    select * from unnest(${values.map((v) => v.indicatorId)}::integer[], ${values.map((v) => v.organizationId)}::integer[],
      ${values.map((v) => v.year)}::integer[], ${values.map((v) => v.numerator)}::numeric[],
      ${values.map((v) => v.denominator)}::numeric[], ${values.map((v) => v.value)}::numeric[])`.execute(trx);
}

async function storeFacts(trx: Transaction<Database>, facts: Fact[]): Promise<void> {
  if (facts.length === 0) return;
  await sql`
    insert into dashboard_facts (organization_id, year, fact, key, value)
    select * from unnest(${facts.map((f) => f.organization_id)}::integer[], ${facts.map((f) => f.year)}::integer[],
      ${facts.map((f) => f.fact)}::text[], ${facts.map((f) => f.key)}::text[], ${facts.map((f) => f.value)}::integer[])`.execute(trx);
}

/** How many of the contingent figures a share needs are missing, per school and for the municipality. */
async function contingentFacts(db: Db, municipalityId: number, year: number): Promise<Fact[]> {
  const facts: Fact[] = [];
  const add = (organizationId: number, fact: string, key: string, value: number) => facts.push({ organization_id: organizationId, year, fact, key, value });
  const orgs = await db
    .selectFrom('organizations')
    .select(['id', 'type'])
    .where('municipality_id', '=', municipalityId)
    .where('type', 'in', ['school', 'municipality'])
    .execute();
  const contingent = await db
    .selectFrom('contingents')
    .select(['organization_id', 'kind'])
    .where('organization_id', 'in', orgs.map((o) => o.id))
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
  const add = (organizationId: number, fact: string, key: string, value: number) => facts.push({ organization_id: organizationId, year, fact, key, value });

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
      .where('roadmap_id', 'in', roadmaps.map((r) => r.id))
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

/** Recomputes the municipality's summary tables for every year, in one transaction. */
export async function refreshMunicipality(db: Kysely<Database>, municipalityId: number, today: string = todayIso()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // One refresh at a time per municipality; a second request waits and then finds it fresh.
    await sql`select pg_advisory_xact_lock(20260601, ${municipalityId})`.execute(trx);
    // The recount's groupings sort tens of thousands of rows: in memory, not in files.
    await sql`set local work_mem = '64MB'`.execute(trx);
    const state = await trx
      .selectFrom('indicator_freshness')
      .select(['version', 'stale'])
      .where('municipality_id', '=', municipalityId)
      .executeTakeFirst();
    if (state && !state.stale) return;
    const version = state?.version ?? null;

    const orgIds = (await trx.selectFrom('organizations').select('id').where('municipality_id', '=', municipalityId).execute()).map((o) => o.id);
    await trx.deleteFrom('indicator_results').where('organization_id', 'in', orgIds).execute();
    await trx.deleteFrom('dashboard_facts').where('organization_id', 'in', orgIds).execute();

    const years = yearsToCompute(today);
    await stagePairs(trx, municipalityId, years[0] as number, years[years.length - 1] as number);
    await storeResults(trx, await computeStaged(trx, municipalityId, years));
    await storePairFacts(trx, municipalityId);
    const facts: Fact[] = [];
    for (const year of years) facts.push(...(await contingentFacts(trx, municipalityId, year)));
    facts.push(...(await currentFacts(trx, municipalityId, years[years.length - 1] as number, today)));
    await storeFacts(trx, facts);

    if (version === null) {
      await trx
        .insertInto('indicator_freshness')
        .values({ municipality_id: municipalityId, version: 1, stale: false, refreshed_at: new Date() })
        .onConflict((oc) => oc.column('municipality_id').doNothing())
        .execute();
    } else {
      // A change committed while we counted bumped the version: it stays stale for the next request.
      await trx
        .updateTable('indicator_freshness')
        .set({ stale: false, refreshed_at: new Date() })
        .where('municipality_id', '=', municipalityId)
        .where('version', '=', version)
        .execute();
    }
  });
}

export interface Freshness {
  version: string;
  refreshedAt: Date | null;
}

/**
 * The municipality's summary tables, recomputed first if its data changed since. `known` is the
 * state read with the session at the start of this request (request.municipality): when it is
 * this municipality's and current, it is the answer and no query is made.
 */
export async function ensureFresh(db: Kysely<Database>, municipalityId: number, known?: MunicipalityState | null): Promise<Freshness> {
  if (known && known.id === municipalityId && known.dataVersion !== null && !known.stale) {
    return { version: known.dataVersion, refreshedAt: known.refreshedAt };
  }
  let state = await db
    .selectFrom('indicator_freshness')
    .select(['version', 'stale', 'refreshed_at'])
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  if (!state || state.stale) {
    await refreshMunicipality(db, municipalityId);
    state = await db
      .selectFrom('indicator_freshness')
      .select(['version', 'stale', 'refreshed_at'])
      .where('municipality_id', '=', municipalityId)
      .executeTakeFirst();
  }
  return { version: state?.version ?? '0', refreshedAt: state?.refreshed_at ?? null };
}
