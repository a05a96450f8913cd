import { AsyncLocalStorage } from 'node:async_hooks';
import { MONTHS_PREPOSITIONAL } from './months.js';

/**
 * A calendar date as people type it: 'YYYY-MM-DD' (date inputs), 'DD.MM.YYYY' or 'DD.MM.YY'
 * (Russian documents and spreadsheets), returned as 'YYYY-MM-DD'; null when it is no real date.
 */
export function parseDate(value: string): string | null {
  const text = value.trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})(\s*г\.?)?$/.exec(text);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (y < 100) y += y > 50 ? 1900 : 2000;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null; // 31.02 and the like
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Why a value written as a date is not one, in words for the user («31.02.2015»: February 2015
 * has 28 days), or null when it is not written as a date at all (then the format is what is wrong)
 * or when it is a real date.
 */
export function missingDateReason(value: string): string | null {
  const text = value.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  let y: number;
  let m: number;
  let d: number;
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})(\s*г\.?)?$/.exec(text);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (y < 100) y += y > 50 ? 1900 : 2000;
  }
  if (m < 1 || m > 12) return `даты «${text}» не существует: месяца с номером ${m} нет`;
  if (y < 1900 || y > 2100) return `год ${y} вне допустимого диапазона (1900–2100)`;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days)
    return d < 1
      ? `даты «${text}» не существует: дня с номером ${d} нет`
      : `даты «${text}» не существует: в ${MONTHS_PREPOSITIONAL[m - 1]} ${y} года ${days} ${days === 31 ? 'день' : 'дней'}, а не ${d}`;
  return null;
}

/**
 * The message for a date field whose value is no date: that the date does not exist, when it is
 * written as one, else the format expected.
 */
export function dateMessage(label: string, value: string): string {
  const reason = missingDateReason(value);
  return reason ? `${label}: ${reason}` : `${label}: укажите дату в виде ДД.ММ.ГГГГ`;
}

/** From a spreadsheet cell: a Date (Excel serial already converted), a number of days since 1899-12-30, or text. */
export function dateFromCell(value: unknown): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    // Excel dates carry no time zone: read the UTC parts.
    return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}-${String(value.getUTCDate()).padStart(2, '0')}`;
  }
  if (typeof value === 'number' && value > 0 && value < 80000) {
    const date = new Date(Date.UTC(1899, 11, 30) + Math.round(value) * 86_400_000);
    return dateFromCell(date);
  }
  if (typeof value === 'string') return parseDate(value);
  return null;
}

/** The time zone of a municipality that has not chosen one, and of work outside any request. */
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

// One formatter per time zone for the process: each Intl.DateTimeFormat holds native (ICU) memory,
// and a new one per call made an import of 10 000 rows take 250 MB outside the JavaScript heap.
// The zones are the few municipalities choose from (lib/time-zones.ts).
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

// todayIso's last answer per time zone and the minute it was given for.
const lastDays = new Map<string, { minute: number; day: string }>();

// The time zone of the work under way: the request's municipality's (http/plugins/session.ts).
const timeZoneScope = new AsyncLocalStorage<() => string | null | undefined>();

/**
 * Runs `fn` (and everything it starts) with `timeZoneOf` answering whose «today» it is: a request
 * runs inside it, so that every todayIso() of its handlers, services and views is the
 * municipality's day without being handed the zone.
 */
export function runInTimeZoneOf<T>(timeZoneOf: () => string | null | undefined, fn: () => T): T {
  return timeZoneScope.run(timeZoneOf, fn);
}

/** The time zone of the work under way: its municipality's, or the default. */
export function currentTimeZone(): string {
  return timeZoneScope.getStore()?.() ?? DEFAULT_TIME_ZONE;
}

/**
 * Today as 'YYYY-MM-DD' on the calendar of a time zone: by default the municipality's of the
 * request under way (the portal's users work in Russia's eleven time zones), else Moscow's.
 */
export function todayIso(now = new Date(), timeZone = currentTimeZone()): string {
  // Formatting costs a few microseconds and pages ask on every request: the last answer is kept
  // for its minute (every zone's day changes on a minute boundary, so within a minute it is the same).
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastDays.get(timeZone);
  if (last?.minute === minute) return last.day;
  const day = dayFormatter(timeZone).format(now);
  lastDays.set(timeZone, { minute, day });
  return day;
}

/** Full years between a birth date and a day. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

const localFormatters = new Map<string, Intl.DateTimeFormat>();

/** A moment as 'YYYY-MM-DDTHH:MM' on the clock of a time zone (a datetime-local field's value). */
export function localDateTime(moment: Date, timeZone = currentTimeZone()): string {
  let formatter = localFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    localFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(moment).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The moment a time zone's clock shows 'YYYY-MM-DDTHH:MM' (a datetime-local field's value); null
 * when the text is no such time. The zones the portal knows keep no daylight saving time, so the
 * offset found for the moment read as UTC is the offset of the moment.
 */
export function momentOfLocal(value: string, timeZone = currentTimeZone()): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const shown = localDateTime(check, timeZone);
  const [sy, smo, sd, sh, smi] = shown.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  const offset = Date.UTC(sy, smo - 1, sd, sh, smi) - asUtc;
  return new Date(asUtc - offset);
}
