/**
 * Deadlines of a «План мероприятий (дорожная карта)»: the free text of the «Срок реализации»
 * column turned into a structured value. Pure: no database, no clock.
 *
 * The parser is deliberately strict: the whole text must match one of the forms below, otherwise
 * the result is `null` (the UI then shows the text as is and asks the user). It never guesses a
 * date from a text it only partly understands.
 *
 * Forms understood (after tolerant normalisation: case, «ё», HTML tags and entities, line breaks,
 * extra spaces, any dash «-», «–», «—», «г.», «гг.», «г.г.», «года», a comma before the year,
 * brackets, a trailing dot, Latin look-alike letters inside Russian words):
 *
 * - `date` — one day, the activity is due by it:
 *   «30.08.2022», «до 30.08.2022», «до 20.08. 22.» (two-digit year = 20yy), «до 15 марта 2022 г.»,
 *   «не позднее 15.03.2022», «к 1 сентября 2022», «до конца 2022 г.» (= 31.12.2022),
 *   «до конца марта 2022» (= 31.03.2022). A day without a year («до 20 мая», «до 20.05») is taken
 *   in the roadmap's first year (`periodFrom`), the same rule as for months without a year.
 *   «до марта 2022» / «до 2023» are ambiguous (before or through?) and give `null`.
 * - `range` — whole months, quarters, half-years, years or two explicit dates, `from` = first day,
 *   `to` = last day: «март 2022 г.», «Март – апрель, 2022», «декабрь 2022 – январь 2023»,
 *   «сентябрь» and «Февраль - март» (no year: the roadmap's first year; a range that wraps over
 *   New Year goes on into the next one), «I квартал 2023 г.», «II полугодие», «2022 г.»,
 *   «2022-2024 гг.», «03.2022», «с 01.09.2022 по 31.05.2023», «2022-2023 уч. г.» (1 September – 31 August),
 *   «в течение 2022 года», «в марте 2022», «в течение 2021-2022 учебного года». A list of months or
 *   ranges of months that follow one another is one range too: «Декабрь 2021, январь, 2022»
 *   (= декабрь 2021 – январь 2022).
 * - `periods` — a list of months or ranges of months with gaps between them, each once:
 *   «октябрь, декабрь 2022», «октябрь – ноябрь 2021, май 2022». A month without a year takes the
 *   year of the next one that has it (the one before it when the month comes later in the year:
 *   «декабрь, март 2023» = декабрь 2022, март 2023), after the last year the year of the one before
 *   (the next one over New Year). The list must go forward in time and name at least one year:
 *   «Декабрь, июнь» alone is `null` (it may be meant every year).
 * - `recurring` — every year: «Ежегодно, не позднее 15 декабря», «ежегодно до 20 мая»
 *   (a `by` occurrence), «Декабрь, июнь в период с 2022 по 2024 г.г.» (`month` occurrences, in the
 *   order written), «с 31 мая по 01 сентября ежегодно (в период с 2022 по 2024 г.г.)», «ноябрь-декабрь
 *   ежегодно», «ежегодно в ноябре – декабре» (a `window`).
 *   The years are the explicit «в период с … по …» when given, else the roadmap's period. A text
 *   needs «ежегодно» or such a period of years to be recurring: «Декабрь, июнь» alone is `null`.
 * - `continuous` — no fixed date, `note` is the cleaned original text: «в течение всего периода
 *   (реализации ЦМН / внедрения ЦМН …)», «в течение года», «в течение учебного года», «постоянно»,
 *   «на постоянной основе», «регулярно», «по отдельному графику / плану», «по мере необходимости»
 *   (decided: an as-needed activity has no date of its own, like «постоянно»), «в соответствии со
 *   сроками …» / «согласно графику …» (the dates live in another document), «ежемесячно»,
 *   «еженедельно», «ежеквартально». Such a text with any digit in it is not continuous (it is
 *   either one of the forms above or `null`).
 * - «A или B» where one side is continuous and the other is a concrete deadline gives the concrete
 *   one (the stricter bound): «в соответствии со сроками реализации программ наставничества или
 *   ежегодно до 20 мая» → every year by 20 May. Two concrete alternatives give `null`.
 *
 * Anything else — a stray word from a neighbouring cell («наставничества»), an impossible date
 * («31.02.2022»), an open range («с 01.09.2022»), «ежегодно» without a date — gives `null`.
 */

import { MONTHS_GENITIVE, MONTHS_NOMINATIVE, MONTHS_PREPOSITIONAL } from '../../lib/months.js';

/** A day of a month, or the whole month when `day` is null. */
export interface MonthDay {
  month: number;
  day: number | null;
}

/** One yearly occurrence of a recurring deadline. */
export type RecurringOccurrence =
  /** Each year not later than this day («ежегодно до 20 мая»). */
  | { type: 'by'; month: number; day: number }
  /** Each year during this month («декабрь, июнь в период с 2022 по 2024»). */
  | { type: 'month'; month: number }
  /** Each year from one day (or month) to another («с 31 мая по 01 сентября ежегодно»). */
  | { type: 'window'; from: MonthDay; to: MonthDay };

export type Deadline =
  /** Due by this day, 'YYYY-MM-DD'. */
  | { kind: 'date'; date: string }
  /** From the first to the last day, inclusive, 'YYYY-MM-DD'. */
  | { kind: 'range'; from: string; to: string }
  /** Several one-time stretches with gaps between them, in date order, each like a `range`. */
  | { kind: 'periods'; periods: Array<{ from: string; to: string }> }
  /** The occurrences repeat every year from `fromYear` to `toYear`, inclusive. */
  | { kind: 'recurring'; occurrences: RecurringOccurrence[]; fromYear: number; toYear: number }
  /** No date: the whole period, a separate schedule … `note` is the cleaned original text. */
  | { kind: 'continuous'; note: string };

/** The roadmap's period in years, e.g. 2022–2024. */
export interface DeadlineContext {
  periodFrom: number;
  periodTo: number;
}

// ---------------------------------------------------------------------------------------------
// Text clean-up (shared with the table reader)
// ---------------------------------------------------------------------------------------------

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  laquo: '«',
  raquo: '»',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  lsquo: '‘',
  rsquo: '’',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  middot: '·',
  bull: '•',
  shy: '',
  numero: '№',
};

/** Decodes HTML entities: named ones from a short list, and numeric ones. Unknown ones stay. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Cell text as a person would read it: HTML tags (`<p>`, `<ul …>`, `<li>`, `<br>` …) become
 * spaces, entities are decoded, all whitespace (tabs, line breaks, no-break spaces) collapses to
 * one space, the ends are trimmed.
 */
export function cleanCellText(text: string): string {
  const withoutTags = text.replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi, ' ');
  return decodeEntities(withoutTags)
    .replace(/[\s\u00a0\u2007\u202f\u200b\ufeff]+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers
// ---------------------------------------------------------------------------------------------

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

function validYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

function validDay(year: number, month: number, day: number): boolean {
  return validYear(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A day of a month that exists in some year (29 February counts). */
function validMonthDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2024, month);
}

// ---------------------------------------------------------------------------------------------
// Month names
// ---------------------------------------------------------------------------------------------

/** Any case form or a common abbreviation of a month name (lower case). */
const MONTH_FORMS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:январ[ьяею]|янв)$/, 1],
  [/^(?:феврал[ьяею]|февр?)$/, 2],
  [/^(?:март[аеу]?|мар)$/, 3],
  [/^(?:апрел[ьяею]|апр)$/, 4],
  [/^(?:ма[йяею])$/, 5],
  [/^(?:июн[ьяею]|июн)$/, 6],
  [/^(?:июл[ьяею]|июл)$/, 7],
  [/^(?:август[аеу]?|авг)$/, 8],
  [/^(?:сентябр[ьяею]|сент?)$/, 9],
  [/^(?:октябр[ьяею]|окт)$/, 10],
  [/^(?:ноябр[ьяею]|нояб?)$/, 11],
  [/^(?:декабр[ьяею]|дек)$/, 12],
];

/** Matches one month word (a following abbreviation dot included) inside a larger pattern. */
const MONTH =
  '((?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)[ьяею]?|март[аеу]?|август[аеу]?|ма[йяею]|янв|февр?|мар|апр|авг|сент?|окт|нояб?|дек)\\.?';

function monthNumber(word: string | undefined): number | null {
  if (word === undefined) return null;
  const bare = word.replace(/\.$/, '');
  for (const [re, n] of MONTH_FORMS) if (re.test(bare)) return n;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

const LATIN_LOOKALIKES: Record<string, string> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
};

/** The cleaned text without a trailing «.», «,», «;» — used as the note of a continuous deadline. */
function noteText(text: string): string {
  return cleanCellText(text).replace(/[\s.,;:]+$/, '');
}

/** Lower case, one kind of dash, years without «г.», dates glued together, single spaces. */
function normalize(text: string): string {
  let s = cleanCellText(text).toLowerCase().replace(/ё/g, 'е').replace(/і/g, 'i');
  // Latin look-alikes typed inside Russian words («мaрт» with a Latin «a»).
  s = s.replace(/[a-zа-я]+/g, (word) =>
    /[а-я]/.test(word) ? word.replace(/[abcehkmoptxy]/g, (ch) => LATIN_LOOKALIKES[ch] ?? ch) : word,
  );
  s = s
    .replace(/[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]/g, '-')
    .replace(/[()[\]{}«»"“”„]/g, ' ')
    // ISO dates become the Russian order.
    .replace(/(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g, '$3.$2.$1')
    // «20.08. 22», «31.12. 2022», «30/08/2022» -> «20.08.22», «31.12.2022», «30.08.2022».
    .replace(/(?<![\d.])(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4}|\d{2})(?![\d])/g, '$1.$2.$3')
    // An academic year: «2022-2023 уч. г.», «2022/23 учебного года» -> «2022-2023 уч».
    .replace(
      /(\d{4})\s*[-/]\s*(\d{4}|\d{2})\s*(?:уч\.?\s*(?:г\.?|год[а-я]*)|учебн[а-я]*\s+год[а-я]*)(?![а-я])/g,
      (_all, a: string, b: string) => {
        const second = b.length === 2 ? Number(a.slice(0, 2) + b) : Number(b);
        return `${a}-${second} уч `;
      },
    )
    // Year words after a year: «2022 г.», «2022г», «2024 г.г.», «2022-2024 гг.», «2022 года», «30.08.22 г.».
    .replace(/(\d{4}|\d{1,2}\.\d{1,2}\.\d{2})\s*(?:г\s*\.\s*г\.?|гг\.?|годы|годов|года|году|год|г\.?)(?![а-яa-z])/g, '$1 ')
    // A comma between a month and its year: «Март – апрель, 2022».
    .replace(/\s*,\s*(?=\d{4}(?!\d))/g, ' ')
    .replace(/\s*,\s*/g, ', ')
    .replace(/\s*-\s*/g, ' - ')
    // Ordinals keep their hyphen: «1-й квартал», «2-е полугодие».
    .replace(/(\d) - (й|ый|ой|ий|го|ого|ом|м|е|ое)(?![а-я])/g, '$1-$2')
    .replace(/\s+/g, ' ')
    .trim();
  // Trailing punctuation and leading commas.
  s = s.replace(/[\s.,;:]+$/, '').replace(/^[\s.,;:-]+/, '');
  return s;
}

// ---------------------------------------------------------------------------------------------
// Continuous texts
// ---------------------------------------------------------------------------------------------

const NO_DIGITS_TAIL = '(?:[ ,][^\\d]*)?';

const CONTINUOUS: readonly RegExp[] = [
  new RegExp(`^(?:в течение|на протяжении) (?:всего )?(?:периода|срока)${NO_DIGITS_TAIL}$`),
  /^(?:в течение|на протяжении) (?:всего |текущего )?(?:учебного |календарного )?года$/,
  /^(?:постоянно|на постоянной основе|регулярно|систематически|весь период|ежедневно|еженедельно|ежемесячно|ежеквартально)$/,
  new RegExp(`^по (?:отдельному |утвержденному |согласованному |индивидуальному |особому )?(?:графику|плану)${NO_DIGITS_TAIL}$`),
  new RegExp(`^по мере (?:необходимости|готовности|поступления)${NO_DIGITS_TAIL}$`),
  new RegExp(`^(?:в соответствии|согласно|по срокам|в сроки)${NO_DIGITS_TAIL}$`),
];

function isContinuous(s: string): boolean {
  return CONTINUOUS.some((re) => re.test(s));
}

// ---------------------------------------------------------------------------------------------
// Points: a day, a month, a quarter, a half-year or a year, maybe without the year
// ---------------------------------------------------------------------------------------------

/** A stretch of time named by one expression: months `fromMonth..toMonth`, or one `day`. */
interface Point {
  year: number | null;
  fromMonth: number;
  toMonth: number;
  day: number | null;
  /** The expression is a bare year («2022»). */
  wholeYear: boolean;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const ORDINAL_WORDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^перв[а-я]*$/, 1],
  [/^втор[а-я]*$/, 2],
  [/^трет[а-я]*$/, 3],
  [/^четверт[а-я]*$/, 4],
];

function ordinalNumber(token: string): number | null {
  const bare = token.replace(/-[а-я]+$/, '');
  const roman = ROMAN[bare];
  if (roman !== undefined) return roman;
  for (const [re, n] of ORDINAL_WORDS) if (re.test(token)) return n;
  return null;
}

function yearOf(text: string | undefined): number | null | undefined {
  if (text === undefined) return null; // no year given
  const n = Number(text.length === 2 ? `20${text}` : text);
  return validYear(n) ? n : undefined; // undefined: an impossible year
}

const DAY_NUMERIC = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?$/;
const DAY_WORDS = new RegExp(`^(\\d{1,2}) ${MONTH}(?: (\\d{4}))?$`);
const MONTH_ONLY = new RegExp(`^${MONTH}(?: (\\d{4}))?$`);
const MONTH_NUMERIC = /^(\d{1,2})\.(\d{4})$/;
const YEAR_ONLY = /^(\d{4})$/;
const QUARTER = /^(\S+) (?:квартал[а-я]*|кв\.?)(?: (\d{4}))?$/;
const HALF = /^(\S+) (?:полугоди[а-я]*|полуг\.?)(?: (\d{4}))?$/;

function parsePoint(s: string): Point | null {
  const numeric = DAY_NUMERIC.exec(s);
  let m = numeric ?? DAY_WORDS.exec(s);
  if (m) {
    const day = Number(m[1]);
    const month = numeric ? Number(m[2]) : monthNumber(m[2]);
    const year = yearOf(m[3]);
    if (month === null || year === undefined || !validMonthDay(month, day)) return null;
    if (year !== null && !validDay(year, month, day)) return null;
    return { year, fromMonth: month, toMonth: month, day, wholeYear: false };
  }
  const monthNumeric = MONTH_NUMERIC.exec(s);
  m = monthNumeric ?? MONTH_ONLY.exec(s);
  if (m) {
    const month = monthNumeric ? Number(m[1]) : monthNumber(m[1]);
    if (month !== null && (month < 1 || month > 12)) return null;
    const year = yearOf(m[2]);
    if (month === null || year === undefined) return null;
    return { year, fromMonth: month, toMonth: month, day: null, wholeYear: false };
  }
  m = YEAR_ONLY.exec(s);
  if (m) {
    const year = yearOf(m[1]);
    if (year === null || year === undefined) return null;
    return { year, fromMonth: 1, toMonth: 12, day: null, wholeYear: true };
  }
  m = QUARTER.exec(s);
  if (m) {
    const q = ordinalNumber(m[1] ?? '');
    const year = yearOf(m[2]);
    if (q === null || year === undefined) return null;
    return { year, fromMonth: q * 3 - 2, toMonth: q * 3, day: null, wholeYear: false };
  }
  m = HALF.exec(s);
  if (m) {
    const h = ordinalNumber(m[1] ?? '');
    const year = yearOf(m[2]);
    if (h === null || h > 2 || year === undefined) return null;
    return { year, fromMonth: h * 6 - 5, toMonth: h * 6, day: null, wholeYear: false };
  }
  return null;
}

function startOf(p: Point, year: number): string | null {
  const day = p.day ?? 1;
  return validDay(year, p.fromMonth, day) ? isoDate(year, p.fromMonth, day) : null;
}

function endOf(p: Point, year: number): string | null {
  const day = p.day ?? daysInMonth(year, p.toMonth);
  return validDay(year, p.toMonth, day) ? isoDate(year, p.toMonth, day) : null;
}

/** Month*100+day of the point's start, to compare two points of unknown years. */
function startKey(p: Point): number {
  return p.fromMonth * 100 + (p.day ?? 1);
}

function rangeOf(p1: Point, p2: Point, ctx: DeadlineContext): Deadline | null {
  if ((p1.wholeYear && p2.year === null) || (p2.wholeYear && p1.year === null)) return null;
  let y1 = p1.year;
  let y2 = p2.year;
  if (y1 === null && y2 === null) {
    y1 = ctx.periodFrom;
    y2 = startKey(p2) < startKey(p1) ? y1 + 1 : y1;
  } else if (y1 === null && y2 !== null) {
    y1 = startKey(p1) > startKey(p2) ? y2 - 1 : y2;
  } else if (y1 !== null && y2 === null) {
    y2 = startKey(p2) < startKey(p1) ? y1 + 1 : y1;
  }
  if (y1 === null || y2 === null) return null;
  const from = startOf(p1, y1);
  const to = endOf(p2, y2);
  if (from === null || to === null || from > to) return null;
  return { kind: 'range', from, to };
}

function pointDeadline(p: Point, ctx: DeadlineContext): Deadline | null {
  const year = p.year ?? ctx.periodFrom;
  if (p.day !== null) {
    const date = startOf(p, year);
    return date === null ? null : { kind: 'date', date };
  }
  return rangeOf(p, p, ctx);
}

// ---------------------------------------------------------------------------------------------
// One-time deadlines
// ---------------------------------------------------------------------------------------------

const BY_PREFIX = /^(?:не позднее|не позже|в срок до|в срок не позднее|срок до|крайний срок|до|к) /;
const DURING_PREFIX = /^(?:в течение|на протяжении|в период|в|во) /;
const END_OF = /^(?:конца|окончания|завершения) (.+)$/;
const ACADEMIC = /^(\d{4}) - (\d{4}) уч$/;
const RANGE = /^(?:с|со|в период с) (.+?) (?:по|до|-) (.+)$|^(.+?) - (.+)$/;

function parseOnce(s: string, ctx: DeadlineContext): Deadline | null {
  const by = BY_PREFIX.exec(s);
  if (by) {
    const rest = s.slice(by[0].length);
    const end = END_OF.exec(rest);
    if (end) {
      const p = parsePoint(end[1] ?? '');
      if (p === null || p.day !== null) return null;
      const date = endOf(p, p.year ?? ctx.periodFrom);
      return date === null ? null : { kind: 'date', date };
    }
    const p = parsePoint(rest);
    // «до марта 2022», «до 2023»: before or through? Not guessed.
    if (p === null || p.day === null) return null;
    return pointDeadline(p, ctx);
  }
  const during = DURING_PREFIX.exec(s);
  const rest = during ? s.slice(during[0].length) : s;
  const academic = ACADEMIC.exec(rest);
  if (academic) {
    const y1 = Number(academic[1]);
    const y2 = Number(academic[2]);
    if (y2 !== y1 + 1 || !validYear(y1)) return null;
    return { kind: 'range', from: isoDate(y1, 9, 1), to: isoDate(y2, 8, 31) };
  }
  const single = parsePoint(rest);
  if (single) return pointDeadline(single, ctx);
  const range = RANGE.exec(rest);
  if (range) {
    const p1 = parsePoint(range[1] ?? range[3] ?? '');
    const p2 = parsePoint(range[2] ?? range[4] ?? '');
    if (p1 && p2) return rangeOf(p1, p2, ctx);
  }
  return parseList(rest);
}

// ---------------------------------------------------------------------------------------------
// Lists of months: «Декабрь 2021, январь, 2022», «октябрь, декабрь 2022»
// ---------------------------------------------------------------------------------------------

/** One element of a list: a month, quarter or half-year, or a range of them (days only inside a range). */
function listItem(item: string): [Point, Point] | null {
  const single = parsePoint(item);
  if (single) return single.day === null && !single.wholeYear ? [single, single] : null;
  const range = RANGE.exec(item);
  const p1 = range ? parsePoint(range[1] ?? range[3] ?? '') : null;
  const p2 = range ? parsePoint(range[2] ?? range[4] ?? '') : null;
  if (p1 === null || p2 === null || p1.wholeYear || p2.wholeYear) return null;
  return [p1, p2];
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A list of months (or ranges of months) read as one-time stretches: a `range` when they follow
 * one another, else `periods`; `null` unless every element reads, some year is written and the
 * list goes forward in time. See the module comment for the years.
 */
function parseList(s: string): Deadline | null {
  const items = s.split(/, | и /);
  if (items.length < 2) return null;
  const points: Point[] = [];
  for (const item of items) {
    const pair = listItem(item.trim());
    if (pair === null) return null;
    points.push(pair[0], pair[1]);
  }
  const years = points.map((p) => p.year);
  const firstKnown = years.findIndex((y) => y !== null);
  if (firstKnown < 0) return null;
  // Backwards from each written year, then forwards after the last one.
  for (let i = points.length - 2; i >= 0; i--) {
    const next = years[i + 1];
    const p = points[i] as Point;
    if (years[i] === null && next !== null && next !== undefined)
      years[i] = startKey(p) > startKey(points[i + 1] as Point) ? next - 1 : next;
  }
  for (let i = 1; i < points.length; i++) {
    const previous = years[i - 1];
    const p = points[i] as Point;
    if (years[i] === null && previous !== null && previous !== undefined)
      years[i] = startKey(p) < startKey(points[i - 1] as Point) ? previous + 1 : previous;
  }
  const periods: Array<{ from: string; to: string }> = [];
  for (let i = 0; i < points.length; i += 2) {
    const y1 = years[i];
    const y2 = years[i + 1];
    if (y1 === null || y1 === undefined || y2 === null || y2 === undefined || !validYear(y1) || !validYear(y2)) return null;
    const from = startOf(points[i] as Point, y1);
    const to = endOf(points[i + 1] as Point, y2);
    if (from === null || to === null || from > to) return null;
    const last = periods[periods.length - 1];
    if (last !== undefined && from <= last.to) return null;
    if (last !== undefined && from === nextDay(last.to)) last.to = to;
    else periods.push({ from, to });
  }
  const only = periods[0];
  if (periods.length === 1 && only !== undefined) return { kind: 'range', from: only.from, to: only.to };
  return { kind: 'periods', periods };
}

// ---------------------------------------------------------------------------------------------
// Yearly deadlines
// ---------------------------------------------------------------------------------------------

const ANNUAL_WORD = /(?:^|[\s,])(?:ежегодно|каждый год|каждого года)(?=$|[\s,])/;
const YEARS_SUFFIX = /^(.*?)[\s,]*(?:в период |на период |в |на )?(?:с (\d{4}) (?:по|до)|(\d{4}) -) (\d{4})$/;

const YEARLY_BY = new RegExp(`^(?:(?:не позднее|не позже|в срок до|до|к) )?(\\d{1,2}) ${MONTH}$`);
const YEARLY_MONTH = new RegExp(`^(?:(?:в|во) )?${MONTH}$`);
const YEARLY_WINDOW = new RegExp(`^(?:(?:с|со|в|во) )?(?:(\\d{1,2}) )?${MONTH} (?:по|до|-) (?:(\\d{1,2}) )?${MONTH}$`);

function monthDay(dayText: string | undefined, monthText: string | undefined): MonthDay | null {
  const month = monthNumber(monthText);
  if (month === null) return null;
  if (dayText === undefined) return { month, day: null };
  const day = Number(dayText);
  return validMonthDay(month, day) ? { month, day } : null;
}

function parseOccurrence(item: string): RecurringOccurrence | null {
  let m = YEARLY_BY.exec(item);
  if (m) {
    const md = monthDay(m[1], m[2]);
    return md && md.day !== null ? { type: 'by', month: md.month, day: md.day } : null;
  }
  m = YEARLY_MONTH.exec(item);
  if (m) {
    const month = monthNumber(m[1]);
    return month === null ? null : { type: 'month', month };
  }
  m = YEARLY_WINDOW.exec(item);
  if (m) {
    const from = monthDay(m[1], m[2]);
    const to = monthDay(m[3], m[4]);
    return from && to ? { type: 'window', from, to } : null;
  }
  return null;
}

/** `undefined` when the text is not a yearly one at all; `null` when it is but cannot be read. */
function parseYearly(s: string, ctx: DeadlineContext): Deadline | null | undefined {
  let rest = s;
  let annual = false;
  if (ANNUAL_WORD.test(rest)) {
    annual = true;
    rest = rest.replace(ANNUAL_WORD, ' ');
  }
  rest = rest
    .replace(/\s+/g, ' ')
    .replace(/\s+,/g, ',')
    .replace(/^[\s,]+|[\s,]+$/g, '');
  let years: [number, number] | null = null;
  const ys = YEARS_SUFFIX.exec(rest);
  // «2022 - 2024» counts as the years only together with «ежегодно»; «с 2022 по 2024» always.
  if (ys && (ys[1] ?? '') !== '' && (annual || ys[2] !== undefined)) {
    years = [Number(ys[2] ?? ys[3]), Number(ys[4])];
    rest = (ys[1] ?? '').replace(/[\s,]+$/, '');
  }
  if (!annual && years === null) return undefined;
  if (rest === '' || /\d{4}/.test(rest)) return null;
  const items = rest.split(/\s*,\s*|\s+и\s+/).filter((item) => item !== '');
  const occurrences: RecurringOccurrence[] = [];
  for (const item of items) {
    const occurrence = parseOccurrence(item);
    if (occurrence === null) return null;
    occurrences.push(occurrence);
  }
  const [fromYear, toYear] = years ?? [ctx.periodFrom, ctx.periodTo];
  if (!validYear(fromYear) || !validYear(toYear) || fromYear > toYear || occurrences.length === 0) return null;
  return { kind: 'recurring', occurrences, fromYear, toYear };
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

function parseSimple(s: string, note: string, ctx: DeadlineContext): Deadline | null {
  if (s === '') return null;
  if (isContinuous(s)) return { kind: 'continuous', note };
  const yearly = parseYearly(s, ctx);
  if (yearly !== undefined) return yearly;
  return parseOnce(s, ctx);
}

/**
 * Reads a «Срок реализации» text. `context` is the roadmap's period in years; it supplies the year
 * of a month or day written without one (the first year) and the years of «ежегодно …».
 * Returns `null` for anything it does not fully understand — see the module comment.
 */
export function parseDeadline(text: string, context: DeadlineContext): Deadline | null {
  const note = noteText(text);
  const s = normalize(text);
  if (s === '') return null;
  if (/(?:^| )или /.test(s)) {
    const parts = s.split(/,? или /).map((part) => part.replace(/^[\s,]+|[\s,]+$/g, ''));
    const results = parts.map((part) => parseSimple(part, note, context));
    if (results.some((r) => r === null)) return null;
    const concrete = results.filter((r): r is Deadline => r !== null && r.kind !== 'continuous');
    if (concrete.length === 0) return { kind: 'continuous', note };
    return concrete.length === 1 ? (concrete[0] ?? null) : null;
  }
  return parseSimple(s, note, context);
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

function ruDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

function parts(iso: string): { year: number; month: number; day: number } {
  const [y, m, d] = iso.split('-').map(Number);
  return { year: y ?? 0, month: m ?? 0, day: d ?? 0 };
}

function monthName(month: number): string {
  return MONTHS_NOMINATIVE[month - 1] ?? String(month);
}

function dayMonth(md: { month: number; day: number }): string {
  return `${md.day} ${MONTHS_GENITIVE[md.month - 1] ?? md.month}`;
}

function rangeLabel(from: string, to: string): string {
  const a = parts(from);
  const b = parts(to);
  const wholeMonths = a.day === 1 && b.day === daysInMonth(b.year, b.month);
  if (wholeMonths && a.month === 1 && b.month === 12) {
    return a.year === b.year ? `${a.year} г.` : `${a.year}–${b.year} гг.`;
  }
  if (wholeMonths && a.month === 9 && b.month === 8 && b.year === a.year + 1) {
    return `${a.year}/${b.year} учебный год`;
  }
  if (wholeMonths) {
    if (a.year === b.year && a.month === b.month) return `${monthName(a.month)} ${a.year}`;
    if (a.year === b.year) return `${monthName(a.month)} – ${monthName(b.month)} ${a.year}`;
    return `${monthName(a.month)} ${a.year} – ${monthName(b.month)} ${b.year}`;
  }
  return `с ${ruDate(from)} по ${ruDate(to)}`;
}

/** «октябрь и декабрь 2022», «декабрь 2021, март – апрель 2022»: whole months grouped by their year. */
function periodsLabel(periods: ReadonlyArray<{ from: string; to: string }>): string {
  const groups: Array<{ year: number | null; labels: string[] }> = [];
  for (const { from, to } of periods) {
    const a = parts(from);
    const b = parts(to);
    const wholeMonths = a.day === 1 && b.day === daysInMonth(b.year, b.month) && a.year === b.year;
    const last = groups[groups.length - 1];
    if (!wholeMonths) {
      groups.push({ year: null, labels: [rangeLabel(from, to)] });
      continue;
    }
    const label = a.month === b.month ? monthName(a.month) : `${monthName(a.month)} – ${monthName(b.month)}`;
    if (last !== undefined && last.year === a.year) last.labels.push(label);
    else groups.push({ year: a.year, labels: [label] });
  }
  return groups.map((g) => (g.year === null ? g.labels.join('') : `${joinRu(g.labels)} ${g.year}`)).join(', ');
}

function joinRu(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} и ${items[items.length - 1]}`;
}

function windowEnd(md: MonthDay, start: boolean): string {
  if (md.day !== null) return dayMonth({ month: md.month, day: md.day });
  return start ? (MONTHS_GENITIVE[md.month - 1] ?? String(md.month)) : monthName(md.month);
}

function recurringLabel(occurrences: RecurringOccurrence[]): string {
  const labels: string[] = [];
  const months: string[] = [];
  for (const o of occurrences) {
    if (o.type === 'month') {
      months.push(MONTHS_PREPOSITIONAL[o.month - 1] ?? String(o.month));
      continue;
    }
    if (months.length > 0) labels.push(`в ${joinRu(months.splice(0))}`);
    labels.push(o.type === 'by' ? `до ${dayMonth(o)}` : `с ${windowEnd(o.from, true)} по ${windowEnd(o.to, false)}`);
  }
  if (months.length > 0) labels.push(`в ${joinRu(months)}`);
  return labels.join(', ');
}

function lowerFirst(text: string): string {
  const first = text[0];
  const second = text[1];
  // Keep an abbreviation («МЦМН …») as it is.
  if (first === undefined || (second !== undefined && second !== second.toLowerCase())) return text;
  return first.toLowerCase() + text.slice(1);
}

/**
 * A short Russian rendering: «до 30.08.2022», «март – апрель 2022», «2022–2024 гг.», «октябрь и декабрь 2022»,
 * «ежегодно до 15 декабря (2022–2024)», «ежегодно в декабре и июне (2022–2024)»,
 * «по отдельному графику».
 */
export function deadlineLabel(d: Deadline): string {
  switch (d.kind) {
    case 'date':
      return `до ${ruDate(d.date)}`;
    case 'range':
      return rangeLabel(d.from, d.to);
    case 'periods':
      return periodsLabel(d.periods);
    case 'recurring': {
      const years = d.fromYear === d.toYear ? `${d.fromYear}` : `${d.fromYear}–${d.toYear}`;
      return `ежегодно ${recurringLabel(d.occurrences)} (${years})`;
    }
    case 'continuous':
      return lowerFirst(d.note);
  }
}
