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
 * those small tables only (and cache what they render under the version).
 *
 * The rules, in the words users see in catalogue.ts:
 * - a pair counts in a year when it was active in it: activated before the year ended and not
 *   completed or stopped before it began (a pair stopped early counts in the years it ran);
 * - age is taken on 1 January of the year, so a person who turns 20 during the year still
 *   counts as 19 in it, and no more in the next;
 * - a share with no contingent figure (or a zero one) has no value: «нет данных», never 0 %.
 */

type Db = Kysely<Database> | Transaction<Database>;

/** Counts by organisation; the key `null` holds the municipality's total. */
type Counts = Map<number | null, number>;

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

/** Pairs of the municipality active at some point of the year. */
function yearPairs(municipalityId: number, year: number): RawBuilder<unknown> {
  return sql`
    select p.id, p.organization_id, p.form, p.status from pairs p
    join organizations o on o.id = p.organization_id
    where o.municipality_id = ${municipalityId}
      and p.activated_at is not null
      and p.activated_at < make_date(${year + 1}, 1, 1)
      and coalesce(p.completed_on, p.terminated_on, date '9999-12-31') >= make_date(${year}, 1, 1)`;
}

async function grouped(db: Db, query: RawBuilder<unknown>): Promise<Counts> {
  const { rows } = await sql<{ organization_id: number | null; n: string | number }>`${query}`.execute(db);
  return new Map(rows.map((r) => [r.organization_id, Number(r.n)]));
}

/** Ages on 1 January of the year, from..to inclusive. */
function agedBetween(column: RawBuilder<unknown>, year: number, from: number, to: number): RawBuilder<unknown> {
  return sql`${column} <= make_date(${year - from}, 1, 1) and ${column} > make_date(${year - to - 1}, 1, 1)`;
}

/** The people (or partner organisations) a counted indicator counts, as (organization_id, member_id) rows. */
export type CountedMethod = Exclude<IndicatorMethod, 'mentee_satisfaction' | 'mentor_satisfaction' | 'manual'>;

export function isCounted(method: IndicatorMethod): method is CountedMethod {
  return method !== 'mentee_satisfaction' && method !== 'mentor_satisfaction' && method !== 'manual';
}

export function numeratorMembers(municipalityId: number, year: number, method: CountedMethod): RawBuilder<unknown> {
  const yp = yearPairs(municipalityId, year);
  switch (method) {
    case 'student_mentees_10_19':
      return sql`select p.organization_id, e.id as member_id from (${yp}) p
          join pair_mentees pm on pm.pair_id = p.id join mentees e on e.id = pm.mentee_id
          where e.category = 'student' and ${agedBetween(sql`e.birth_date`, year, 10, 19)}`;
    case 'student_mentors_15_19':
      return sql`select p.organization_id, m.id as member_id from (${yp}) p
          join pair_mentors pm on pm.pair_id = p.id join mentors m on m.id = pm.mentor_id
          where m.category = 'student' and ${agedBetween(sql`m.birth_date`, year, 15, 19)}`;
    case 'young_specialist_mentees':
      return sql`select p.organization_id, e.id as member_id from (${yp}) p
          join pair_mentees pm on pm.pair_id = p.id join mentees e on e.id = pm.mentee_id
          where e.category in ('young_specialist', 'new_teacher', 'struggling_teacher')
            and (e.teaching_since > make_date(${year - 4}, 1, 1)
                 or (e.teaching_since is null and e.category = 'young_specialist'))
            and (e.teaching_since is null or e.teaching_since < make_date(${year + 1}, 1, 1))`;
    case 'partner_organizations':
      return sql`select p.organization_id, m.origin_organization_id as member_id from (${yp}) p
          join pair_mentors pm on pm.pair_id = p.id join mentors m on m.id = pm.mentor_id
          join organizations partner on partner.id = m.origin_organization_id and partner.type = 'partner'`;
  }
}

export async function countNumerators(db: Db, municipalityId: number, year: number, method: IndicatorMethod): Promise<Counts | Map<number | null, Fraction>> {
  switch (method) {
    case 'student_mentees_10_19':
    case 'student_mentors_15_19':
    case 'young_specialist_mentees':
    case 'partner_organizations':
      // A partner gives mentors to several schools: the municipality counts it once.
      return grouped(
        db,
        sql`select organization_id, count(distinct member_id) as n from (${numeratorMembers(municipalityId, year, method)}) x
          group by grouping sets ((organization_id), ())`,
      );
    case 'mentee_satisfaction':
    case 'mentor_satisfaction': {
      const audience = method === 'mentee_satisfaction' ? 'mentee' : 'mentor';
      const { rows } = await sql<{ organization_id: number | null; satisfied: string; answered: string }>`
        select r.organization_id,
          count(*) filter (where r.satisfaction >= ${SATISFIED_FROM}) as satisfied,
          count(r.satisfaction) as answered
        from survey_responses r join surveys s on s.id = r.survey_id
        where s.municipality_id = ${municipalityId} and r.audience = ${audience}
          and s.closes_on >= make_date(${year}, 1, 1) and s.closes_on < make_date(${year + 1}, 1, 1)
        group by grouping sets ((r.organization_id), ())`.execute(db);
      return new Map(rows.map((r) => [r.organization_id, { numerator: Number(r.satisfied), denominator: Number(r.answered) }]));
    }
    case 'manual':
      return new Map();
  }
}

export interface ComputedValue {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

/** Every indicator's value for every school of the municipality and for the municipality, for a year. */
export async function computeYear(db: Db, municipalityId: number, year: number): Promise<Array<ComputedValue & { indicatorId: number; organizationId: number }>> {
  const indicators = await db
    .selectFrom('indicators')
    .select(['id', 'method', 'level', 'unit', 'contingent_kind'])
    .where('municipality_id', '=', municipalityId)
    .where('archived_at', 'is', null)
    .execute();
  const schools = await db
    .selectFrom('organizations')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .execute();
  const contingent = await db
    .selectFrom('contingents')
    .innerJoin('organizations', 'organizations.id', 'contingents.organization_id')
    .select(['contingents.organization_id', 'contingents.kind', 'contingents.value'])
    .where('organizations.municipality_id', '=', municipalityId)
    .where('contingents.year', '=', year)
    .execute();
  const manual = await db
    .selectFrom('indicator_manual_values')
    .innerJoin('indicators', 'indicators.id', 'indicator_manual_values.indicator_id')
    .select(['indicator_manual_values.indicator_id', 'indicator_manual_values.organization_id', 'value', 'numerator', 'denominator'])
    .where('indicators.municipality_id', '=', municipalityId)
    .where('indicator_manual_values.year', '=', year)
    .execute();
  const contingentOf = (orgId: number, kind: string | null) =>
    kind === null ? null : (contingent.find((c) => c.organization_id === orgId && c.kind === kind)?.value ?? null);

  const cache = new Map<IndicatorMethod, Awaited<ReturnType<typeof countNumerators>>>();
  const out: Array<ComputedValue & { indicatorId: number; organizationId: number }> = [];
  for (const indicator of indicators) {
    const targets: Array<{ orgId: number; key: number | null }> = [];
    if (appliesToMunicipality(indicator.level)) targets.push({ orgId: municipalityId, key: null });
    if (appliesToSchool(indicator.level)) for (const s of schools) targets.push({ orgId: s.id, key: s.id });

    if (indicator.method === 'manual') {
      for (const { orgId } of targets) {
        const m = manual.find((v) => v.indicator_id === indicator.id && v.organization_id === orgId);
        if (m) out.push({ indicatorId: indicator.id, organizationId: orgId, numerator: m.numerator, denominator: m.denominator, value: Number(m.value) });
      }
      continue;
    }
    let counts = cache.get(indicator.method);
    if (!counts) {
      counts = await countNumerators(db, municipalityId, year, indicator.method);
      cache.set(indicator.method, counts);
    }
    const contingentKind = indicator.contingent_kind ?? METHODS[indicator.method].contingent;
    for (const { orgId, key } of targets) {
      const raw = counts.get(key);
      let value: ComputedValue;
      if (raw !== undefined && typeof raw === 'object') {
        value = { numerator: raw.numerator, denominator: raw.denominator, value: percentOf(raw.numerator, raw.denominator) };
      } else if (indicator.method === 'mentee_satisfaction' || indicator.method === 'mentor_satisfaction') {
        // Nobody answered: no share to show.
        value = { numerator: 0, denominator: 0, value: null };
      } else {
        const numerator = raw ?? 0;
        if (indicator.unit === 'count') value = { numerator, denominator: null, value: numerator };
        else {
          const denominator = contingentOf(orgId, contingentKind);
          value = { numerator, denominator, value: percentOf(numerator, denominator) };
        }
      }
      out.push({ indicatorId: indicator.id, organizationId: orgId, ...value });
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

/** Counts by form, status and category of the year's pairs, for each school and the municipality. */
async function pairFacts(db: Db, municipalityId: number, year: number): Promise<Fact[]> {
  const yp = yearPairs(municipalityId, year);
  const facts: Fact[] = [];
  const push = (rows: Array<{ organization_id: number | null; key: string; n: string | number }>, fact: string) => {
    for (const r of rows) facts.push({ organization_id: r.organization_id ?? municipalityId, year, fact, key: r.key, value: Number(r.n) });
  };
  // Pairs of the year: active in it, or formed in it and not active yet.
  const { rows: pairRows } = await sql<{ organization_id: number | null; form: string; status: string; n: string }>`
    select organization_id, form, status, count(*) as n from (
      ${yp}
      union
      select p.id, p.organization_id, p.form, p.status from pairs p join organizations o on o.id = p.organization_id
      where o.municipality_id = ${municipalityId} and p.status = 'forming'
        and p.created_at >= make_date(${year}, 1, 1) and p.created_at < make_date(${year + 1}, 1, 1)
    ) y
    group by grouping sets ((organization_id, form, status), (form, status))`.execute(db);
  const sum = (key: (r: (typeof pairRows)[number]) => string, fact: string) => {
    const m = new Map<string, number>();
    for (const r of pairRows) {
      const k = `${r.organization_id ?? ''}|${key(r)}`;
      m.set(k, (m.get(k) ?? 0) + Number(r.n));
    }
    for (const [k, n] of m) {
      const [org, value] = k.split('|') as [string, string];
      facts.push({ organization_id: org === '' ? municipalityId : Number(org), year, fact, key: value, value: n });
    }
  };
  sum((r) => r.form, 'pairs_form');
  sum((r) => r.status, 'pairs_status');

  for (const [side, table, link, column] of [
    ['mentors', 'mentors', 'pair_mentors', 'mentor_id'],
    ['mentees', 'mentees', 'pair_mentees', 'mentee_id'],
  ] as const) {
    const byForm = await sql<{ organization_id: number | null; key: string; n: string }>`
      select p.organization_id, p.form as key, count(distinct l.${sql.ref(column)}) as n
      from (${yp}) p join ${sql.table(link)} l on l.pair_id = p.id
      group by grouping sets ((p.organization_id, p.form), (p.form))`.execute(db);
    push(byForm.rows, `${side}_form`);
    const byCategory = await sql<{ organization_id: number | null; key: string; n: string }>`
      select p.organization_id, x.category as key, count(distinct x.id) as n
      from (${yp}) p join ${sql.table(link)} l on l.pair_id = p.id join ${sql.table(table)} x on x.id = l.${sql.ref(column)}
      group by grouping sets ((p.organization_id, x.category), (x.category))`.execute(db);
    push(byCategory.rows, `${side}_category`);
    const total = await sql<{ organization_id: number | null; key: string; n: string }>`
      select p.organization_id, 'all' as key, count(distinct l.${sql.ref(column)}) as n
      from (${yp}) p join ${sql.table(link)} l on l.pair_id = p.id
      group by grouping sets ((p.organization_id), ())`.execute(db);
    push(total.rows, `${side}_total`);
  }
  return facts;
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
    for (const year of years) {
      const values = await computeYear(trx, municipalityId, year);
      for (let i = 0; i < values.length; i += 1000) {
        await trx
          .insertInto('indicator_results')
          .values(
            values.slice(i, i + 1000).map((v) => ({
              indicator_id: v.indicatorId,
              organization_id: v.organizationId,
              year,
              numerator: v.numerator,
              denominator: v.denominator,
              value: v.value,
            })),
          )
          .execute();
      }
      const facts = [...(await pairFacts(trx, municipalityId, year)), ...(await contingentFacts(trx, municipalityId, year))];
      if (year === years[years.length - 1]) facts.push(...(await currentFacts(trx, municipalityId, year, today)));
      for (let i = 0; i < facts.length; i += 1000) await trx.insertInto('dashboard_facts').values(facts.slice(i, i + 1000)).execute();
    }

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
