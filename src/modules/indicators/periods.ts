/**
 * The periods the indicator engine counts, in one place.
 *
 * A period is named by an integer code, stored in the `year` column of `indicator_results`,
 * `dashboard_facts` and `indicator_targets` (so a calendar year keeps its old rows and links):
 * - a calendar year: its number, `2025` (01.01.2025–31.12.2025);
 * - an academic year: the year it begins and the last two digits of the next, `202425` for
 *   «2024/25 учебный год» (01.09.2024–31.08.2025);
 * - a half-year (counted on demand for a monitoring campaign, never stored): the year and the
 *   half, `20241` (January–June 2024), `20242` (July–December 2024).
 * In addresses `?year=2025` is the calendar year (as before) and `?year=2024-25` (or `2024/25`)
 * the academic year.
 *
 * The years a municipality counts start at the earliest year its data has (pairs created or
 * activated, targets, contingent figures, values entered by hand, survey closings, monitoring
 * campaign periods), never earlier than PERIOD_FLOOR and never later than the current year.
 * Contingent figures are per calendar year: an academic year takes those of the year it begins
 * in (pupils are counted on 20 September, form ОО-1), a half-year those of its year. Values
 * entered by hand are per calendar year only: an academic year or a half-year has none.
 */

/**
 * No municipality counts before 2018, whatever its data says (a pair mistyped as 1900 must not
 * make the recount count 126 years): the federal target model of mentoring dates from 2019/2020,
 * the 2017/18 academic year is the first the floor can reach.
 */
export const PERIOD_FLOOR = 2018;

export type PeriodKind = 'calendar' | 'academic' | 'half';

export interface EnginePeriod {
  code: number;
  kind: PeriodKind;
  /** The calendar year the period begins in: whose contingent figures it takes. */
  year: number;
  start: string;
  end: string;
  /** «2025 год», «2024/25 учебный год», «I полугодие 2024 года» — after «за». */
  label: string;
  /** «2025 года», «2024/25 учебного года» — after «цели». */
  genitive: string;
  /** «2025 году», «2024/25 учебном году» — after «в». */
  prepositional: string;
  /** The value of `?year=`: «2025», «2024-25». */
  param: string;
}

const short = (y: number) => String((y + 1) % 100).padStart(2, '0');

export function academicCode(startYear: number): number {
  return startYear * 100 + ((startYear + 1) % 100);
}

export function halfCode(year: number, half: 1 | 2): number {
  return year * 10 + half;
}

/** The period a code names, or null for a code that names none. */
export function periodOfCode(code: number): EnginePeriod | null {
  if (!Number.isInteger(code) || code <= 0) return null;
  if (code < 10_000) {
    return {
      code,
      kind: 'calendar',
      year: code,
      start: `${code}-01-01`,
      end: `${code}-12-31`,
      label: `${code} год`,
      genitive: `${code} года`,
      prepositional: `${code} году`,
      param: String(code),
    };
  }
  if (code < 100_000) {
    const year = Math.floor(code / 10);
    const half = code % 10;
    if (half !== 1 && half !== 2) return null;
    const roman = half === 1 ? 'I' : 'II';
    return {
      code,
      kind: 'half',
      year,
      start: half === 1 ? `${year}-01-01` : `${year}-07-01`,
      end: half === 1 ? `${year}-06-30` : `${year}-12-31`,
      label: `${roman} полугодие ${year} года`,
      genitive: `${roman} полугодия ${year} года`,
      prepositional: `${roman} полугодии ${year} года`,
      param: `${year}-h${half}`,
    };
  }
  if (code < 1_000_000) {
    const year = Math.floor(code / 100);
    if (academicCode(year) !== code) return null;
    const name = `${year}/${short(year)}`;
    return {
      code,
      kind: 'academic',
      year,
      start: `${year}-09-01`,
      end: `${year + 1}-08-31`,
      label: `${name} учебный год`,
      genitive: `${name} учебного года`,
      prepositional: `${name} учебном году`,
      param: `${year}-${short(year)}`,
    };
  }
  return null;
}

/** A period that is known to exist (codes made by this module). */
export function period(code: number): EnginePeriod {
  const p = periodOfCode(code);
  if (!p) throw new Error(`No period has the code ${code}`);
  return p;
}

/** `?year=` as people and old links write it: «2025», «2024-25», «2024/25»; null for anything else. */
export function parsePeriodParam(raw: unknown): number | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw).trim();
  const calendar = /^(\d{4})$/.exec(text);
  if (calendar) return Number(calendar[1]);
  const academic = /^(\d{4})[-/](\d{2})$/.exec(text);
  if (academic) {
    const start = Number(academic[1]);
    return Number(academic[2]) === (start + 1) % 100 ? academicCode(start) : null;
  }
  return null;
}

/** The first year a municipality counts: its earliest data's year, clamped to PERIOD_FLOOR..the current year. */
export function firstYearOf(earliest: number | null, today: string): number {
  const current = Number(today.slice(0, 4));
  if (earliest === null) return current;
  return Math.min(current, Math.max(PERIOD_FLOOR, earliest));
}

/** The calendar years from `first` to today's. */
export function calendarCodes(first: number, today: string): number[] {
  const current = Number(today.slice(0, 4));
  const out: number[] = [];
  for (let y = Math.max(first, PERIOD_FLOOR); y <= Math.max(current, first); y++) out.push(y);
  return out;
}

/** The academic years that overlap the calendar years from `first` to today, the running one last. */
export function academicCodes(first: number, today: string): number[] {
  const current = Number(today.slice(0, 4));
  const running = today.slice(5) >= '09-01' ? current : current - 1;
  const out: number[] = [];
  for (let y = Math.max(first, PERIOD_FLOOR) - 1; y <= running; y++) out.push(academicCode(y));
  return out;
}

/** Every period the engine counts and stores for a municipality whose data begins in `first`. */
export function periodsToCompute(first: number, today: string): number[] {
  return [...calendarCodes(first, today), ...academicCodes(first, today)];
}

/** The periods of one kind among `codes`, oldest first: a trend is drawn over periods of the same kind. */
export function sameKind(codes: readonly number[], code: number): number[] {
  const kind = periodOfCode(code)?.kind;
  return codes.filter((c) => periodOfCode(c)?.kind === kind).sort((a, b) => a - b);
}

/** Periods as a choice offers them: the newest first day first («2025/26 учебный год», «2025 год», «2024/25 учебный год», …). */
export function forChoice(codes: readonly number[]): EnginePeriod[] {
  return codes.map(period).sort((a, b) => (a.start === b.start ? 0 : a.start < b.start ? 1 : -1));
}
