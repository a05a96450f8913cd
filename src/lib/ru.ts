/** Russian formatting for views: dates, plurals. */

import { currentTimeZone } from './dates.js';

type FormatKind = 'date' | 'dateTime' | 'long';
const FORMAT_OPTIONS: Record<FormatKind, Intl.DateTimeFormatOptions> = {
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
  dateTime: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  long: { day: 'numeric', month: 'long', year: 'numeric' },
};
// One formatter per kind and time zone for the process (each holds native ICU memory); the zones
// are the few municipalities choose from (lib/time-zones.ts).
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter of a kind in the time zone of the work under way (the request's municipality's). */
function formatter(kind: FormatKind): Intl.DateTimeFormat {
  const timeZone = currentTimeZone();
  const key = `${kind}:${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('ru-RU', { ...FORMAT_OPTIONS[kind], timeZone });
    formatters.set(key, format);
  }
  return format;
}
const pluralRules = new Intl.PluralRules('ru-RU');

/** 'YYYY-MM-DD' text or a Date (its day in the municipality's time zone), as 23.11.2026; empty for null. */
export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  if (Number.isNaN(date.getTime())) return '';
  // A real calendar day of four-digit year is its own digits (what Intl gives for noon UTC in
  // Moscow), without Intl's cost: a list page formats a hundred dates.
  const day = typeof value === 'string' ? value.slice(0, 10) : '';
  if (day !== '' && date.getUTCFullYear() >= 1000 && date.toISOString().startsWith(day))
    return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
  return formatter('date').format(date);
}

/** A moment as 23.11.2026, 14:05 in the municipality's time zone. */
export function formatDateTime(value: Date | null | undefined): string {
  return value ? formatter('dateTime').format(value) : '';
}

export function formatLongDate(value: Date): string {
  return formatter('long').format(value);
}

/** plural(5, ['школа', 'школы', 'школ']) -> 'школ' */
export function plural(count: number, forms: readonly [one: string, few: string, many: string]): string {
  const rule = pluralRules.select(count);
  if (rule === 'one') return forms[0];
  if (rule === 'few') return forms[1];
  return forms[2];
}

export function countOf(count: number, forms: readonly [string, string, string]): string {
  return `${count.toLocaleString('ru-RU')} ${plural(count, forms)}`;
}

/** At most `length` characters: a longer text is cut at `length - 1` and ends in «…». */
export function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}

/** How a Russian letter addresses a person: «Наталья Игоревна» for «Павлова Наталья Игоревна». */
export function greetingName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/);
  return parts.length === 3 ? `${parts[1]} ${parts[2]}` : fullName;
}

/** Bytes as megabytes with one decimal, Russian style («1,5»). */
export function megabytes(bytes: number): string {
  return (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toLocaleString('ru-RU', { maximumFractionDigits: 1 });
}

/** The whole minutes left until `until`, at least one, with the noun: «1 минуту», «14 минут». */
export function minutesLeft(until: Date, now: Date = new Date()): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `${minutes} ${plural(minutes, ['минуту', 'минуты', 'минут'])}`;
}
