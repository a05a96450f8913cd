import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database, IndicatorMethod } from '../../db/types.js';
import type { MunicipalityState } from '../../auth/sessions.js';
import { todayIso } from '../../lib/dates.js';
import {
  appliesToMunicipality,
  appliesToSchool,
  isOutcomeMethod,
  METHODS,
  type OutcomeMethod,
  SATISFIED_FROM,
} from './catalogue.js';
import { storeDashboardFacts } from './facts.js';
import { type EnginePeriod, firstYearOf, period, periodsToCompute } from './periods.js';
import { percentOf } from './status.js';

/**
 * The heavy counting behind the dashboards, done once per change of a municipality's data:
 * triggers (migration 0006) bump `indicator_freshness.version` and mark the municipality stale
 * on any change to its bases, pairs, meetings, roadmaps, contingent, targets, manual values or
 * survey answers; the next dashboard request calls `ensureFresh`, which recomputes
 * `indicator_results` and `dashboard_facts` for every period in one transaction. Pages then read
 * those small tables only (and cache what they render under the version). The recount stages the
 * periods' pairs and their people once (temporary tables) and counts every period from them in a
 * few grouped statements; its rows go in with one statement per table.
 *
 * The periods (periods.ts): every calendar year and every academic year from the municipality's
 * first year (its earliest data, never before 2018) to today; a half-year is counted on demand
 * for a monitoring campaign (computeYears with one organisation), never stored.
 *
 * The rules, in the words users see in catalogue.ts:
 * - a pair counts in a year when it was active in it: activated before the year ended and not
 *   completed or stopped before it began (a pair stopped early counts in the years it ran);
 * - age is taken on 1 January of the year, so a person who turns 20 during the year still
 *   counts as 19 in it, and no more in the next;
 * - an academic year (01.09–31.08) and a half-year follow the same rules over their own days: a
 *   pair counts in 2024/25 when it was active at some point from 01.09.2024 to 31.08.2025, and
 *   age is taken on the period's first day (1 September for an academic year);
 * - a share with no contingent figure (or a zero one) has no value: «нет данных», never 0 %.
 */

type Db = Kysely<Database> | Transaction<Database>;

interface Fraction {
  numerator: number;
  denominator: number;
}

/**
 * The first year the municipality counts: the year of its earliest data (see periods.ts), never
 * before PERIOD_FLOOR (periods.ts) nor after today's year.
 */
export async function firstYearOfMunicipality(db: Db, municipalityId: number, today: string = todayIso()): Promise<number> {
  const { rows } = await sql<{ earliest: number | null }>`
    select least(
      (select min(extract(year from least(p.created_at, coalesce(p.activated_at, p.created_at))))::int
         from pairs p join organizations o on o.id = p.organization_id where o.municipality_id = ${municipalityId}),
      (select min(case when t.year < 10000 then t.year else t.year / 100 end)
         from indicator_targets t join indicators i on i.id = t.indicator_id where i.municipality_id = ${municipalityId}),
      (select min(c.year) from contingents c join organizations o on o.id = c.organization_id where o.municipality_id = ${municipalityId}),
      (select min(v.year) from indicator_manual_values v join indicators i on i.id = v.indicator_id where i.municipality_id = ${municipalityId}),
      (select min(extract(year from s.closes_on))::int from surveys s where s.municipality_id = ${municipalityId}),
      (select min(extract(year from c.period_start))::int from monitoring_campaigns c where c.municipality_id = ${municipalityId})
    ) as earliest`.execute(db);
  const earliest = rows[0]?.earliest;
  return firstYearOf(earliest === null || earliest === undefined ? null : Number(earliest), today);
}

/** The first year kept by the last recount (ensureFresh first), or counted now when none is kept yet. */
export async function storedFirstYear(db: Db, municipalityId: number, today: string = todayIso()): Promise<number> {
  const row = await db
    .selectFrom('indicator_freshness')
    .select('first_year')
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  return row?.first_year ?? (await firstYearOfMunicipality(db, municipalityId, today));
}

/** The periods of `codes` as a row source y(year, starts, ends): `year` is the period's code. */
function periodRows(periods: readonly EnginePeriod[]): RawBuilder<unknown> {
  return sql`(values ${sql.join(periods.map((p) => sql`(${p.code}::int, ${p.start}::date, ${p.end}::date)`))})`;
}

/**
 * The municipality's pairs in each of the periods, as rows
 * (year, starts, ends, id, organization_id, form, status, active); `year` is the period's code.
 * `active`: the pair was active at some point of the period (activated before it ended, not
 * completed or stopped before it began). A pair still being formed belongs, not active, to the
 * period it was created in. With `organizationId`, that organisation's pairs only.
 */
function pairYears(municipalityId: number, periods: readonly EnginePeriod[], organizationId?: number): RawBuilder<unknown> {
  const active = sql`p.activated_at is not null and p.activated_at < y.ends + 1
      and coalesce(p.completed_on, p.terminated_on, date '9999-12-31') >= y.starts`;
  // One school's recount reads its own pairs and those of the other schools where a mentor of its
  // base works (issue 17): the mentor counts for its base's school (pairPeople).
  const onlyOrg =
    organizationId === undefined
      ? sql``
      : sql`and (p.organization_id = ${organizationId} or exists (select 1 from pair_mentors sl join mentors sm on sm.id = sl.mentor_id
          where sl.pair_id = p.id and sm.organization_id = ${organizationId}))`;
  return sql`
    select y.year, y.starts, y.ends, p.id, p.organization_id, p.form, p.status, (${active}) as active
    from pairs p
    join organizations o on o.id = p.organization_id
    cross join ${periodRows(periods)} as y(year, starts, ends)
    where o.municipality_id = ${municipalityId} ${onlyOrg}
      and ((${active})
        or (p.status = 'forming' and p.created_at >= y.starts and p.created_at < y.ends + 1))`;
}

/**
 * The people of the active pairs of `pairYearRows` (rows of `pairYears`), one row per person, pair
 * and year: (year, organization_id, form, side 'mentors' | 'mentees', person_id, category,
 * birth_date, teaching_since, partner_id). `partner_id` is the partner organisation a mentor came from.
 *
 * Whose a person is (issue 17, mentors opened to the municipality): a mentee and its pair count for
 * the pair's school (the mentee's); a mentor — and the partner it comes from — for the school whose
 * base holds its record, wherever its pairs are. So a mentor working with mentees of two schools is
 * one mentor of one school, and the schools' counts add up to the municipality's.
 */
function pairPeople(pairYearRows: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select py.year, py.starts, py.ends, py.organization_id, py.form, 'mentees'::text as side, e.id as person_id, e.category,
      e.birth_date, e.teaching_since, null::integer as partner_id
    from (${pairYearRows}) py join pair_mentees l on l.pair_id = py.id join mentees e on e.id = l.mentee_id
    where py.active
    union all
    select py.year, py.starts, py.ends, m.organization_id, py.form, 'mentors'::text, m.id, m.category,
      m.birth_date, null::date, partner.id
    from (${pairYearRows}) py join pair_mentors l on l.pair_id = py.id join mentors m on m.id = l.mentor_id
    left join organizations partner on partner.id = m.origin_organization_id and partner.type = 'partner'
    where py.active`;
}

/** Ages on the first day of the row's period (`x.starts`: 1 January of a year, 1 September of an academic year), from..to inclusive. */
function agedBetween(column: RawBuilder<unknown>, from: number, to: number): RawBuilder<unknown> {
  return sql`${column} <= (x.starts - make_interval(years => ${from}::int))::date and ${column} > (x.starts - make_interval(years => ${to + 1}::int))::date`;
}

/** The people (or partner organisations) a counted indicator counts. */
export type CountedMethod = Exclude<IndicatorMethod, 'mentee_satisfaction' | 'mentor_satisfaction' | 'manual' | OutcomeMethod>;

const COUNTED_METHODS: readonly CountedMethod[] = [
  'student_mentees_10_19',
  'student_mentors_15_19',
  'young_specialist_mentees',
  'partner_organizations',
];

export function isCounted(method: IndicatorMethod): method is CountedMethod {
  return method !== 'mentee_satisfaction' && method !== 'mentor_satisfaction' && method !== 'manual' && !isOutcomeMethod(method);
}

/**
 * Issue 18: the teacher-mentees' outcomes behind Ш2 and Ш4, by period and school (key `null`: the
 * municipality). A record belongs to the period its pair was completed in (a pair still working: the
 * day the outcome was recorded); each person once.
 */
export function outcomeRows(municipalityId: number, periods: readonly EnginePeriod[]): RawBuilder<unknown> {
  return sql`
    select y.year, p.organization_id, o.mentee_id, o.stayed_in_profession, o.professional_contest
    from mentee_outcomes o join pairs p on p.id = o.pair_id join mentees m on m.id = o.mentee_id
    join ${periodRows(periods)} as y(year, starts, ends) on coalesce(p.completed_on, o.recorded_at::date) between y.starts and y.ends
    where p.municipality_id = ${municipalityId} and m.category <> 'student'`;
}

interface OutcomeCounts {
  left: number;
  stayedKnown: number;
  contests: number;
  teachers: number;
}

async function countOutcomes(
  db: Db,
  municipalityId: number,
  periods: readonly EnginePeriod[],
): Promise<Map<number, Map<number | null, OutcomeCounts>>> {
  const { rows } = await sql<{
    year: number;
    organization_id: number | null;
    left: string;
    known: string;
    contests: string;
    teachers: string;
  }>`
    select x.year, x.organization_id,
      count(distinct x.mentee_id) filter (where x.stayed_in_profession = false) as left,
      count(distinct x.mentee_id) filter (where x.stayed_in_profession is not null) as known,
      count(distinct x.mentee_id) filter (where x.professional_contest) as contests,
      count(distinct x.mentee_id) as teachers
    from (${outcomeRows(municipalityId, periods)}) x
    group by grouping sets ((x.year, x.organization_id), (x.year))`.execute(db);
  const out = new Map<number, Map<number | null, OutcomeCounts>>();
  for (const r of rows) {
    const year = Number(r.year);
    const byOrg = out.get(year) ?? new Map<number | null, OutcomeCounts>();
    byOrg.set(r.organization_id, {
      left: Number(r.left),
      stayedKnown: Number(r.known),
      contests: Number(r.contests),
      teachers: Number(r.teachers),
    });
    out.set(year, byOrg);
  }
  return out;
}

/** The outcome indicator's fraction from the records, or null when the school has none for the period. */
export function outcomeFraction(method: OutcomeMethod, counts: OutcomeCounts | undefined): Fraction | null {
  if (!counts) return null;
  const fraction =
    method === 'left_profession'
      ? { numerator: counts.left, denominator: counts.stayedKnown }
      : { numerator: counts.contests, denominator: counts.teachers };
  return fraction.denominator > 0 ? fraction : null;
}

/**
 * Who a counted indicator counts, over a row `x` of `pairPeople`: the condition a row must meet
 * and the member it stands for. The one statement of each rule, used by the recount and by the
 * list behind a numerator.
 */
function membership(method: CountedMethod): { where: RawBuilder<unknown>; member: RawBuilder<unknown> } {
  switch (method) {
    case 'student_mentees_10_19':
      return {
        where: sql`x.side = 'mentees' and x.category = 'student' and ${agedBetween(sql`x.birth_date`, 10, 19)}`,
        member: sql`x.person_id`,
      };
    case 'student_mentors_15_19':
      return {
        where: sql`x.side = 'mentors' and x.category = 'student' and ${agedBetween(sql`x.birth_date`, 15, 19)}`,
        member: sql`x.person_id`,
      };
    case 'young_specialist_mentees':
      return {
        where: sql`x.side = 'mentees' and x.category in ('young_specialist', 'new_teacher', 'struggling_teacher')
          and (x.teaching_since > (x.starts - interval '4 years')::date or (x.teaching_since is null and x.category = 'young_specialist'))
          and (x.teaching_since is null or x.teaching_since <= x.ends)`,
        member: sql`x.person_id`,
      };
    case 'partner_organizations':
      // A partner gives mentors to several schools: the municipality counts it once.
      return { where: sql`x.side = 'mentors' and x.partner_id is not null`, member: sql`x.partner_id` };
  }
}

/** The members behind a counted indicator's numerator in a period (its code), as (organization_id, member_id) rows. */
export function numeratorMembers(municipalityId: number, year: number, method: CountedMethod): RawBuilder<unknown> {
  const { where, member } = membership(method);
  return sql`select distinct x.organization_id, ${member} as member_id from (${pairPeople(pairYears(municipalityId, [period(year)]))}) x where ${where}`;
}

/**
 * Temporary tables (dropped at commit) of the years' pairs and their people, built once per
 * recount: every count of the recount reads them instead of joining the pairs again for each
 * year and indicator. The pairs' table is analysed before the people are joined to it (its row
 * count decides the join); the people's is only scanned and grouped.
 */
async function stagePairs(
  trx: Transaction<Database>,
  municipalityId: number,
  periods: readonly EnginePeriod[],
  organizationId?: number,
): Promise<void> {
  await sql`create temporary table recount_pair_years on commit drop as ${pairYears(municipalityId, periods, organizationId)}`.execute(
    trx,
  );
  await sql`analyze recount_pair_years`.execute(trx);
  await sql`create temporary table recount_people on commit drop as ${pairPeople(sql`table recount_pair_years`)}`.execute(trx);
}

/** Numerators of the counted indicators by year and organisation (key `null`: the municipality) from the staged people. */
async function countNumerators(
  trx: Transaction<Database>,
): Promise<Map<number, Map<number | null, Record<CountedMethod, number>>>> {
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

/** Survey answers of one audience by the period the survey closed in and organisation (key `null`: the municipality). */
async function countSatisfaction(
  db: Db,
  municipalityId: number,
  periods: readonly EnginePeriod[],
  audience: 'mentee' | 'mentor',
): Promise<Map<number, Map<number | null, Fraction>>> {
  const { rows } = await sql<{ year: number; organization_id: number | null; satisfied: string; answered: string }>`
    select a.year, a.organization_id,
      count(*) filter (where a.satisfaction >= ${SATISFIED_FROM}) as satisfied,
      count(a.satisfaction) as answered
    from (
      select y.year, r.organization_id, r.satisfaction
      from survey_responses r join surveys s on s.id = r.survey_id
      join ${periodRows(periods)} as y(year, starts, ends) on s.closes_on between y.starts and y.ends
      where s.municipality_id = ${municipalityId} and r.audience = ${audience}
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

/**
 * The participants of the period's pairs (the staged people), mentees by their pair's school and
 * mentors by their base's school: the denominator of satisfaction («удовлетворённые среди всех
 * участников»).
 */
async function countParticipants(
  trx: Transaction<Database>,
): Promise<Map<number, Map<number | null, { mentees: number; mentors: number }>>> {
  const { rows } = await sql<{ year: number; organization_id: number | null; mentees: string; mentors: string }>`
    select x.year, x.organization_id,
      count(distinct x.person_id) filter (where x.side = 'mentees') as mentees,
      count(distinct x.person_id) filter (where x.side = 'mentors') as mentors
    from recount_people x
    group by grouping sets ((x.year, x.organization_id), (x.year))`.execute(trx);
  const out = new Map<number, Map<number | null, { mentees: number; mentors: number }>>();
  for (const r of rows) {
    const year = Number(r.year);
    const byOrg = out.get(year) ?? new Map<number | null, { mentees: number; mentors: number }>();
    byOrg.set(r.organization_id, { mentees: Number(r.mentees), mentors: Number(r.mentors) });
    out.set(year, byOrg);
  }
  return out;
}

/**
 * Satisfaction as the documents define it (issue 18): the satisfied respondents among **all who
 * took part** in the period's pairs — one who did not answer counts as not satisfied. The survey's
 * answers are anonymous, so the numerator is the satisfied answers; the denominator is the number of
 * participants, or the number of answers when more people answered than the pairs had (a survey
 * sent wider than the pairs), so that the share never exceeds 100 %. No answers: no share (the
 * survey was not held), as before. Until issue 18 the denominator was the respondents only.
 */
export function satisfactionShare(answers: Fraction | undefined, participants: number): Fraction | null {
  if (!answers || answers.denominator === 0) return null;
  return { numerator: answers.numerator, denominator: Math.max(participants, answers.denominator) };
}

export interface ComputedValue {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export type YearValue = ComputedValue & { indicatorId: number; organizationId: number; year: number };

/**
 * Every indicator's value for every school of the municipality and for the municipality, for
 * each of the periods `years` (codes, periods.ts: calendar years, academic years, half-years).
 * With `organizationId`, that school's values only (a monitoring campaign's half-year, counted on
 * demand with the same statements as the recount). Runs in a transaction of its own unless given one.
 */
export async function computeYears(
  db: Db,
  municipalityId: number,
  years: number[],
  organizationId?: number,
): Promise<YearValue[]> {
  if (!db.isTransaction) return db.transaction().execute((trx) => computeYears(trx, municipalityId, years, organizationId));
  const trx = db as Transaction<Database>;
  const periods = years.map(period);
  await stagePairs(trx, municipalityId, periods, organizationId);
  const values = await computeStaged(trx, municipalityId, periods, organizationId);
  await sql`drop table recount_people, recount_pair_years`.execute(trx);
  return values;
}

/** computeYears over the staged pairs (stagePairs). */
async function computeStaged(
  trx: Transaction<Database>,
  municipalityId: number,
  periods: readonly EnginePeriod[],
  organizationId?: number,
): Promise<YearValue[]> {
  // Contingent figures and values entered by hand are per calendar year (periods.ts).
  const first = Math.min(...periods.map((p) => p.year));
  const last = Math.max(...periods.map((p) => p.year));
  const indicators = await trx
    .selectFrom('indicators')
    .select(['id', 'method', 'level', 'unit', 'contingent_kind'])
    .where('municipality_id', '=', municipalityId)
    .where('archived_at', 'is', null)
    .execute();
  let schoolQuery = trx
    .selectFrom('organizations')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school');
  if (organizationId !== undefined) schoolQuery = schoolQuery.where('id', '=', organizationId);
  const schools = await schoolQuery.execute();
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
    mentee_satisfaction: await countSatisfaction(trx, municipalityId, periods, 'mentee'),
    mentor_satisfaction: await countSatisfaction(trx, municipalityId, periods, 'mentor'),
  };
  const outcomes = await countOutcomes(trx, municipalityId, periods);
  const participants = await countParticipants(trx);

  const out: YearValue[] = [];
  for (const p of periods) {
    const year = p.code;
    for (const indicator of indicators) {
      const targets: Array<{ orgId: number; key: number | null }> = [];
      if (appliesToMunicipality(indicator.level) && organizationId === undefined)
        targets.push({ orgId: municipalityId, key: null });
      if (appliesToSchool(indicator.level)) for (const s of schools) targets.push({ orgId: s.id, key: s.id });
      const method = indicator.method;
      const contingentKind = indicator.contingent_kind ?? METHODS[method].contingent;
      for (const { orgId, key } of targets) {
        let value: ComputedValue;
        if (method === 'manual') {
          const m = p.kind === 'calendar' ? manual.get(`${year}|${indicator.id}|${orgId}`) : undefined;
          if (!m) continue;
          value = { numerator: m.numerator, denominator: m.denominator, value: Number(m.value) };
        } else if (isOutcomeMethod(method)) {
          // Counted from the mentees' outcomes; where the school has no record, its value entered by hand.
          const fraction = outcomeFraction(method, outcomes.get(year)?.get(key));
          if (fraction) value = { ...fraction, value: percentOf(fraction.numerator, fraction.denominator) };
          else {
            const m = p.kind === 'calendar' ? manual.get(`${year}|${indicator.id}|${orgId}`) : undefined;
            if (!m) continue;
            value = { numerator: m.numerator, denominator: m.denominator, value: Number(m.value) };
          }
        } else if (method === 'mentee_satisfaction' || method === 'mentor_satisfaction') {
          const took = participants.get(year)?.get(key);
          const share = satisfactionShare(
            satisfaction[method].get(year)?.get(key),
            (method === 'mentee_satisfaction' ? took?.mentees : took?.mentors) ?? 0,
          );
          // Nobody answered: no share to show.
          value = share
            ? { ...share, value: percentOf(share.numerator, share.denominator) }
            : { numerator: 0, denominator: 0, value: null };
        } else {
          const numerator = counted.get(year)?.get(key)?.[method] ?? 0;
          if (indicator.unit === 'count') value = { numerator, denominator: null, value: numerator };
          else {
            const denominator = contingentKind === null ? null : (contingent.get(`${p.year}|${orgId}|${contingentKind}`) ?? null);
            value = { numerator, denominator, value: percentOf(numerator, denominator) };
          }
        }
        out.push({ indicatorId: indicator.id, organizationId: orgId, year, ...value });
      }
    }
  }
  return out;
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

/** Recomputes the municipality's summary tables for every year, in one transaction. */
export async function refreshMunicipality(
  db: Kysely<Database>,
  municipalityId: number,
  today: string = todayIso(),
): Promise<void> {
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

    const orgIds = (
      await trx.selectFrom('organizations').select('id').where('municipality_id', '=', municipalityId).execute()
    ).map((o) => o.id);
    await trx.deleteFrom('indicator_results').where('organization_id', 'in', orgIds).execute();
    await trx.deleteFrom('dashboard_facts').where('organization_id', 'in', orgIds).execute();

    const firstYear = await firstYearOfMunicipality(trx, municipalityId, today);
    const periods = periodsToCompute(firstYear, today).map(period);
    await stagePairs(trx, municipalityId, periods);
    await storeResults(trx, await computeStaged(trx, municipalityId, periods));
    await storeDashboardFacts(trx, municipalityId, periods, today);

    if (version === null) {
      await trx
        .insertInto('indicator_freshness')
        .values({ municipality_id: municipalityId, version: 1, stale: false, refreshed_at: new Date(), first_year: firstYear })
        .onConflict((oc) => oc.column('municipality_id').doNothing())
        .execute();
    } else {
      // A change committed while we counted bumped the version: it stays stale for the next request.
      await trx
        .updateTable('indicator_freshness')
        .set({ stale: false, refreshed_at: new Date(), first_year: firstYear })
        .where('municipality_id', '=', municipalityId)
        .where('version', '=', version)
        .execute();
    }
  });
}

/**
 * The periodic job `recount-indicators` (issue 16): recounts every stale municipality, oldest change
 * first, each in its own transaction (refreshMunicipality), so that dashboards usually find fresh
 * figures; a read still recounts a municipality that is stale when it comes. One municipality that
 * fails does not keep the others stale: the rest are recounted, then the job fails naming it.
 */
export async function recountStaleMunicipalities(
  db: Kysely<Database>,
  today: string = todayIso(),
): Promise<{ recounted: number }> {
  const stale = await db
    .selectFrom('indicator_freshness')
    .select('municipality_id')
    .where('stale', '=', true)
    .orderBy('changed_at')
    .orderBy('municipality_id')
    .execute();
  const failed: string[] = [];
  for (const { municipality_id } of stale) {
    try {
      await refreshMunicipality(db, municipality_id, today);
    } catch (error) {
      failed.push(`${municipality_id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed.length) throw new Error(`recount failed for municipality ${failed.join('; ')}`);
  return { recounted: stale.length };
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
export async function ensureFresh(
  db: Kysely<Database>,
  municipalityId: number,
  known?: MunicipalityState | null,
): Promise<Freshness> {
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
