import type { Kysely } from 'kysely';
import type { Database, IndicatorDirection, PairStatus } from '../../db/types.js';
import { MENTORING_FORM_LABELS } from '../people/labels.js';
import { appliesToMunicipality, appliesToSchool, UNIT_LABELS } from './catalogue.js';
import { type Bar, countChart, rankingChart, type TrendPoint, trendChart } from './charts.js';
import { todayIso } from '../../lib/dates.js';
import { storedFirstYear } from './compute.js';
import { type EnginePeriod, forChoice, period, periodsToCompute, sameKind } from './periods.js';
import { activeIndicators, type IndicatorInfo, type SchoolRef, schoolsOf } from './queries.js';
import { type TargetStatus, targetFor, targetStatus } from './status.js';

/**
 * What the dashboards show, read from the summary tables only (compute.ts fills them once per
 * change) and kept in memory per municipality version (cache.ts), so a page costs a version check
 * and a render rather than a recount.
 */

export interface Cell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  /** The target as the signed document words it, when it has wording of its own. */
  targetWording: string | null;
  /** Whose target applies: the school's own or the municipality's. */
  targetOwner: 'own' | 'municipality' | null;
  status: TargetStatus;
}

export interface IndicatorLine {
  indicator: IndicatorInfo;
  cell: Cell;
  trend: Array<TrendPoint & { status: TargetStatus }>;
  trendSvg: string;
}

export interface Counts {
  total: number;
  rows: Bar[];
  svg: string;
}

export interface RoadmapProgress {
  total: number;
  done: number;
  overdue: number;
}

export interface Completeness {
  school: SchoolRef;
  contingentMissing: number;
  mentorsWithoutConsent: number;
  menteesWithoutConsent: number;
  studentsWithoutBirthDate: number;
  pairsWithoutMeetings: number;
}

interface Loaded {
  indicators: IndicatorInfo[];
  results: Map<string, { numerator: number | null; denominator: number | null; value: number | null }>;
  targets: Map<string, { value: number | null; wording: string | null }>;
}

/** The periods the municipality's summary tables hold (codes, periods.ts). */
async function periodsOf(db: Kysely<Database>, municipalityId: number): Promise<number[]> {
  const today = todayIso();
  return periodsToCompute(await storedFirstYear(db, municipalityId, today), today);
}

/** A page's period and the periods its choice offers. */
function periodsFor(year: number, years: number[]): { period: EnginePeriod; choices: EnginePeriod[] } {
  return { period: period(year), choices: forChoice(years.includes(year) ? years : [...years, year]) };
}

/** Today's calendar year: the facts of today's state are stored under it. */
const currentYear = () => Number(todayIso().slice(0, 4));

const key = (indicatorId: number, organizationId: number, year: number) => `${indicatorId}:${organizationId}:${year}`;
const num = (v: string | null) => (v === null ? null : Number(v));

export const PAIR_STATUS_LABELS: Record<PairStatus, string> = {
  forming: 'формируется',
  active: 'действует',
  completed: 'завершена',
  terminated: 'прекращена досрочно',
};

async function load(db: Kysely<Database>, municipalityId: number, orgIds: number[]): Promise<Loaded> {
  const indicators = await activeIndicators(db, municipalityId);
  const ids = indicators.map((i) => i.id);
  const owners = [...new Set([...orgIds, municipalityId])];
  const results = new Map<string, { numerator: number | null; denominator: number | null; value: number | null }>();
  const targets = new Map<string, { value: number | null; wording: string | null }>();
  if (ids.length > 0) {
    const rows = await db
      .selectFrom('indicator_results')
      .select(['indicator_id', 'organization_id', 'year', 'numerator', 'denominator', 'value'])
      .where('indicator_id', 'in', ids)
      .where('organization_id', 'in', owners)
      .execute();
    for (const r of rows)
      results.set(key(r.indicator_id, r.organization_id, r.year), {
        numerator: num(r.numerator),
        denominator: num(r.denominator),
        value: num(r.value),
      });
    const targetRows = await db
      .selectFrom('indicator_targets')
      .select(['indicator_id', 'organization_id', 'year', 'value', 'wording'])
      .where('indicator_id', 'in', ids)
      .where('organization_id', 'in', owners)
      .execute();
    for (const t of targetRows)
      targets.set(key(t.indicator_id, t.organization_id, t.year), { value: num(t.value), wording: t.wording });
  }
  return { indicators, results, targets };
}

function cellOf(loaded: Loaded, indicator: IndicatorInfo, organizationId: number, municipalityId: number, year: number): Cell {
  const result = loaded.results.get(key(indicator.id, organizationId, year));
  const { target, owner } = targetFor((org) => loaded.targets.get(key(indicator.id, org, year)), organizationId, municipalityId);
  const value = result?.value ?? null;
  return {
    value,
    numerator: result?.numerator ?? null,
    denominator: result?.denominator ?? null,
    target: target?.value ?? null,
    targetWording: target?.wording ?? null,
    targetOwner: owner,
    status: targetStatus(value, target?.value ?? null, indicator.direction),
  };
}

function lineOf(
  loaded: Loaded,
  indicator: IndicatorInfo,
  organizationId: number,
  municipalityId: number,
  year: number,
  years: number[],
): IndicatorLine {
  // A trend runs over the periods of the page's kind: calendar years, or academic years.
  const trend = sameKind(years, year).map((y) => {
    const c = cellOf(loaded, indicator, organizationId, municipalityId, y);
    return {
      year: y,
      label: period(y).label,
      axis: period(y).label.split(' ')[0],
      value: c.value,
      target: c.target,
      status: c.status,
    };
  });
  return {
    indicator,
    cell: cellOf(loaded, indicator, organizationId, municipalityId, year),
    trend,
    trendSvg: trendChart(
      trend,
      UNIT_LABELS[indicator.unit],
      `${indicator.code}: значения по ${period(year).kind === 'academic' ? 'учебным годам' : 'годам'} против цели; цифры — в таблице рядом`,
    ),
  };
}

type FactMap = Map<number, Map<string, Map<string, number>>>;

async function loadFacts(db: Kysely<Database>, orgIds: number[], years: number[]): Promise<Map<number, FactMap>> {
  const byYear = new Map<number, FactMap>();
  if (orgIds.length === 0) return byYear;
  const rows = await db
    .selectFrom('dashboard_facts')
    .select(['organization_id', 'year', 'fact', 'key', 'value'])
    .where('organization_id', 'in', orgIds)
    .where('year', 'in', years)
    .execute();
  for (const r of rows) {
    const facts = byYear.get(r.year) ?? new Map();
    const org = facts.get(r.organization_id) ?? new Map<string, Map<string, number>>();
    const fact = org.get(r.fact) ?? new Map<string, number>();
    fact.set(r.key, r.value);
    org.set(r.fact, fact);
    facts.set(r.organization_id, org);
    byYear.set(r.year, facts);
  }
  return byYear;
}

function factOf(facts: FactMap | undefined, org: number, fact: string, k: string): number {
  return facts?.get(org)?.get(fact)?.get(k) ?? 0;
}

function countsOf(
  facts: FactMap | undefined,
  org: number,
  fact: string,
  labels: Record<string, string>,
  chartLabel: string,
): Counts {
  const values = facts?.get(org)?.get(fact) ?? new Map<string, number>();
  const rows = Object.entries(labels).map(([k, name]) => ({ name, value: values.get(k) ?? 0 }));
  const total = rows.reduce((s, r) => s + (r.value ?? 0), 0);
  return { total, rows, svg: countChart(rows, chartLabel) };
}

export interface Activity {
  pairsByForm: Counts;
  pairsByStatus: Counts;
  mentorsByForm: Counts;
  menteesByForm: Counts;
  mentors: number;
  mentees: number;
}

function activityOf(facts: FactMap | undefined, org: number): Activity {
  return {
    pairsByForm: countsOf(
      facts,
      org,
      'pairs_form',
      MENTORING_FORM_LABELS,
      'Пары и группы года по формам наставничества; цифры — в таблице рядом',
    ),
    pairsByStatus: countsOf(
      facts,
      org,
      'pairs_status',
      PAIR_STATUS_LABELS,
      'Пары и группы года по состоянию; цифры — в таблице рядом',
    ),
    mentorsByForm: countsOf(facts, org, 'mentors_form', MENTORING_FORM_LABELS, 'Наставники по формам; цифры — в таблице рядом'),
    menteesByForm: countsOf(facts, org, 'mentees_form', MENTORING_FORM_LABELS, 'Наставляемые по формам; цифры — в таблице рядом'),
    mentors: factOf(facts, org, 'mentors_total', 'all'),
    mentees: factOf(facts, org, 'mentees_total', 'all'),
  };
}

function roadmapOf(facts: FactMap | undefined, org: number): RoadmapProgress | null {
  const total = factOf(facts, org, 'roadmap', 'total');
  if (total === 0) return null;
  return { total, done: factOf(facts, org, 'roadmap', 'done'), overdue: factOf(facts, org, 'roadmap', 'overdue') };
}

function completenessOf(yearFacts: FactMap | undefined, nowFacts: FactMap | undefined, school: SchoolRef): Completeness {
  return {
    school,
    contingentMissing: factOf(yearFacts, school.id, 'missing', 'contingent'),
    mentorsWithoutConsent: factOf(nowFacts, school.id, 'missing', 'mentors_consent'),
    menteesWithoutConsent: factOf(nowFacts, school.id, 'missing', 'mentees_consent'),
    studentsWithoutBirthDate:
      factOf(nowFacts, school.id, 'missing', 'mentors_birth_date') + factOf(nowFacts, school.id, 'missing', 'mentees_birth_date'),
    pairsWithoutMeetings: factOf(nowFacts, school.id, 'missing', 'pairs_without_meetings'),
  };
}

const statusOrder = (c: Cell) => (c.value === null ? 1 : 0);
function ranked<T extends { cell: Cell }>(rows: T[], direction: IndicatorDirection): T[] {
  return [...rows].sort(
    (a, b) =>
      statusOrder(a.cell) - statusOrder(b.cell) ||
      (direction === 'higher' ? 1 : -1) * ((b.cell.value ?? 0) - (a.cell.value ?? 0)),
  );
}

export interface MunicipalDashboard {
  municipality: SchoolRef;
  year: number;
  years: number[];
  period: EnginePeriod;
  choices: EnginePeriod[];
  lines: IndicatorLine[];
  summary: Record<TargetStatus, number>;
  ranking: IndicatorRanking | null;
  rankable: IndicatorInfo[];
  activity: Activity;
  roadmap: RoadmapProgress | null;
  schoolRoadmaps: { withPlan: number; schools: number; total: number; done: number; overdue: number };
  completeness: Completeness[];
}

export interface IndicatorRanking {
  indicator: IndicatorInfo;
  municipal: Cell | null;
  rows: Array<{ school: SchoolRef; cell: Cell }>;
  svg: string;
  /** A long ranking is charted and listed on the dashboard as its first and last schools (the indicator's page lists all). */
  chartCut: boolean;
  /** What the dashboard lists: every school, or the first and last with the number left out between. */
  shown: Array<{ place: number | null; school: SchoolRef; cell: Cell } | { skipped: number }>;
}

/** A ranking of more schools than this is charted as its first and last CHART_ENDS. */
const CHART_MAX = 30;
const CHART_ENDS = 15;

function rankingOf(
  loaded: Loaded,
  indicator: IndicatorInfo,
  schools: SchoolRef[],
  municipalityId: number,
  year: number,
): IndicatorRanking {
  const rows = ranked(
    schools.map((school) => ({ school, cell: cellOf(loaded, indicator, school.id, municipalityId, year) })),
    indicator.direction,
  );
  const municipal = appliesToMunicipality(indicator.level)
    ? cellOf(loaded, indicator, municipalityId, municipalityId, year)
    : null;
  const target = municipal?.target ?? loaded.targets.get(key(indicator.id, municipalityId, year))?.value ?? null;
  const chartCut = rows.length > CHART_MAX;
  const charted = chartCut ? [...rows.slice(0, CHART_ENDS), ...rows.slice(-CHART_ENDS)] : rows;
  const placed = rows.map((row, n) => ({ ...row, place: row.cell.value === null ? null : n + 1 }));
  return {
    indicator,
    municipal,
    rows,
    chartCut,
    shown: chartCut
      ? [...placed.slice(0, CHART_ENDS), { skipped: rows.length - 2 * CHART_ENDS }, ...placed.slice(-CHART_ENDS)]
      : placed,
    svg: rankingChart(
      charted.map((r) => ({ name: r.school.name, value: r.cell.value })),
      UNIT_LABELS[indicator.unit],
      target,
      `${indicator.code}: школы по значению показателя за ${period(year).label}; цифры — в таблице рядом`,
    ),
  };
}

function summaryOf(lines: Array<{ cell: Cell }>): Record<TargetStatus, number> {
  const summary: Record<TargetStatus, number> = { achieved: 0, close: 0, missed: 0, no_data: 0, no_target: 0 };
  for (const l of lines) summary[l.cell.status]++;
  return summary;
}

export async function municipalDashboard(
  db: Kysely<Database>,
  municipality: SchoolRef,
  year: number,
  rankId: number | null,
): Promise<MunicipalDashboard> {
  const years = await periodsOf(db, municipality.id);
  const schools = await schoolsOf(db, municipality.id);
  const loaded = await load(
    db,
    municipality.id,
    schools.map((s) => s.id),
  );
  const current = currentYear();
  const facts = await loadFacts(db, [municipality.id, ...schools.map((s) => s.id)], [...new Set([year, current])]);
  const yearFacts = facts.get(year);
  const nowFacts = facts.get(current);
  const lines = loaded.indicators
    .filter((i) => appliesToMunicipality(i.level))
    .map((i) => lineOf(loaded, i, municipality.id, municipality.id, year, years));
  const rankable = loaded.indicators.filter((i) => appliesToSchool(i.level));
  const rankIndicator = rankable.find((i) => i.id === rankId) ?? rankable[0];
  const schoolRoadmaps = { withPlan: 0, schools: schools.length, total: 0, done: 0, overdue: 0 };
  for (const s of schools) {
    const r = roadmapOf(nowFacts, s.id);
    if (!r) continue;
    schoolRoadmaps.withPlan++;
    schoolRoadmaps.total += r.total;
    schoolRoadmaps.done += r.done;
    schoolRoadmaps.overdue += r.overdue;
  }
  return {
    municipality,
    year,
    years,
    ...periodsFor(year, years),
    lines,
    summary: summaryOf(lines),
    ranking: rankIndicator ? rankingOf(loaded, rankIndicator, schools, municipality.id, year) : null,
    rankable,
    activity: activityOf(yearFacts, municipality.id),
    roadmap: roadmapOf(nowFacts, municipality.id),
    schoolRoadmaps,
    completeness: schools.map((s) => completenessOf(yearFacts, nowFacts, s)),
  };
}

export interface SchoolDashboard {
  school: SchoolRef;
  municipality: SchoolRef;
  year: number;
  years: number[];
  period: EnginePeriod;
  choices: EnginePeriod[];
  lines: IndicatorLine[];
  summary: Record<TargetStatus, number>;
  activity: Activity;
  roadmap: RoadmapProgress | null;
  completeness: Completeness;
}

export async function schoolDashboard(
  db: Kysely<Database>,
  school: SchoolRef,
  municipality: SchoolRef,
  year: number,
): Promise<SchoolDashboard> {
  const years = await periodsOf(db, municipality.id);
  const loaded = await load(db, municipality.id, [school.id]);
  const current = currentYear();
  const facts = await loadFacts(db, [school.id], [...new Set([year, current])]);
  const lines = loaded.indicators
    .filter((i) => appliesToSchool(i.level))
    .map((i) => lineOf(loaded, i, school.id, municipality.id, year, years));
  return {
    school,
    municipality,
    year,
    years,
    ...periodsFor(year, years),
    lines,
    summary: summaryOf(lines),
    activity: activityOf(facts.get(year), school.id),
    roadmap: roadmapOf(facts.get(current), school.id),
    completeness: completenessOf(facts.get(year), facts.get(current), school),
  };
}

export interface IndicatorPage {
  municipality: SchoolRef;
  year: number;
  years: number[];
  period: EnginePeriod;
  choices: EnginePeriod[];
  ranking: IndicatorRanking;
  municipalLine: IndicatorLine | null;
}

export async function indicatorPage(
  db: Kysely<Database>,
  indicator: IndicatorInfo,
  municipality: SchoolRef,
  year: number,
): Promise<IndicatorPage> {
  const years = await periodsOf(db, municipality.id);
  const schools = appliesToSchool(indicator.level) ? await schoolsOf(db, municipality.id) : [];
  const loaded = await load(
    db,
    municipality.id,
    schools.map((s) => s.id),
  );
  return {
    municipality,
    year,
    years,
    ...periodsFor(year, years),
    ranking: rankingOf(loaded, indicator, schools, municipality.id, year),
    municipalLine: appliesToMunicipality(indicator.level)
      ? lineOf(loaded, indicator, municipality.id, municipality.id, year, years)
      : null,
  };
}

export interface SchoolMatrix {
  indicators: IndicatorInfo[];
  rows: Array<{ school: SchoolRef; cells: Cell[] }>;
}

/** Every school-level indicator for every school of the municipality, for one year (no charts). */
export async function schoolMatrix(db: Kysely<Database>, municipality: SchoolRef, year: number): Promise<SchoolMatrix> {
  const schools = await schoolsOf(db, municipality.id);
  const loaded = await load(
    db,
    municipality.id,
    schools.map((s) => s.id),
  );
  const indicators = loaded.indicators.filter((i) => appliesToSchool(i.level));
  return {
    indicators,
    rows: schools.map((school) => ({
      school,
      cells: indicators.map((i) => cellOf(loaded, i, school.id, municipality.id, year)),
    })),
  };
}

/** The municipal home's lead: the municipality's indicators against the year's targets, without charts. */
export interface HomeIndicators {
  year: number;
  period: EnginePeriod;
  summary: Record<TargetStatus, number>;
  lines: Array<{ indicator: IndicatorInfo; cell: Cell }>;
}

export async function municipalHomeIndicators(
  db: Kysely<Database>,
  municipality: SchoolRef,
  year: number,
): Promise<HomeIndicators> {
  const loaded = await load(db, municipality.id, []);
  const lines = loaded.indicators
    .filter((i) => appliesToMunicipality(i.level))
    .map((indicator) => ({ indicator, cell: cellOf(loaded, indicator, municipality.id, municipality.id, year) }));
  return { year, period: period(year), summary: summaryOf(lines), lines };
}
