import type { RoadmapItemStatus } from '../../db/types.js';
import { MONTHS_GENITIVE, MONTHS_NOMINATIVE } from '../../lib/months.js';
import type { Deadline, MonthDay, RecurringOccurrence } from './deadline.js';

/** The tracked statuses of a recurring item's occurrences, by the day each is due ('YYYY-MM-DD'). */
export type TrackedOccurrences = ReadonlyMap<string, RoadmapItemStatus>;

const closed = (status: RoadmapItemStatus | undefined) => status === 'done' || status === 'cancelled';

/**
 * «Просрочено» is derived, never stored: an item is overdue when it is neither done nor cancelled
 * and the day it was due by has passed (`today` is after it):
 *
 * - `date`: after that date;
 * - `range`: after its last day;
 * - `periods`: after the last day of its last stretch;
 * - `recurring`: each yearly occurrence is tracked on its own (`tracked`, by its due day); the item
 *   is overdue while any occurrence whose end has passed is neither done nor cancelled. The end of
 *   an occurrence: its day for «by», the last day of the month for «month», the last day of the
 *   window (in the next year when the window goes over New Year) for «window»;
 * - `continuous` and an unrecognised deadline (null): never overdue.
 *
 * Pure: `today` is passed in as 'YYYY-MM-DD'.
 */
export function isOverdue(
  deadline: Deadline | null,
  status: RoadmapItemStatus,
  today: string,
  tracked?: TrackedOccurrences,
): boolean {
  if (closed(status)) return false;
  if (deadline?.kind === 'recurring')
    return occurrencesOf(deadline).some((o) => isOccurrenceOverdue(o, tracked?.get(o.due), today));
  const due = dueDate(deadline, Number(today.slice(0, 4)));
  return due !== null && today > due;
}

export function isOccurrenceOverdue(o: Occurrence, status: RoadmapItemStatus | undefined, today: string): boolean {
  return !closed(status) && today > o.due;
}

/**
 * The day an unfinished item is next due by, for «ближайшие сроки»: for a recurring one the first
 * occurrence still open (an overdue one first), else its own due day; null when it has none.
 */
export function pendingDue(deadline: Deadline | null, today: string, tracked?: TrackedOccurrences): string | null {
  if (deadline?.kind === 'recurring') return occurrencesOf(deadline).find((o) => !closed(tracked?.get(o.due)))?.due ?? null;
  return dueDate(deadline, Number(today.slice(0, 4)));
}

/** The last day the item is due by, as seen in `year`, or null when it has none. */
export function dueDate(deadline: Deadline | null, year: number): string | null {
  if (deadline === null) return null;
  switch (deadline.kind) {
    case 'date':
      return deadline.date;
    case 'range':
      return deadline.to;
    case 'periods':
      return deadline.periods[deadline.periods.length - 1]?.to ?? null;
    case 'continuous':
      return null;
    case 'recurring': {
      if (year < deadline.fromYear || deadline.occurrences.length === 0) return null;
      const y = Math.min(year, deadline.toYear);
      return deadline.occurrences.map((o) => occurrenceEnd(o, y)).reduce((a, b) => (a > b ? a : b));
    }
  }
}

/** One yearly occurrence of a recurring item: from its first to its last day, inclusive. */
export interface Occurrence {
  /** 'YYYY-MM-DD'; for a «by» occurrence («до 20 мая») the first day of its month. */
  from: string;
  /** «до 20 мая»: due by a day, with no start of its own (a timeline marks only its month). */
  by: boolean;
  /** 'YYYY-MM-DD', the day it is due by; identifies the occurrence within its item. */
  due: string;
}

/** Every occurrence of a recurring deadline over its years, in date order. */
export function occurrencesOf(deadline: Extract<Deadline, { kind: 'recurring' }>): Occurrence[] {
  const result: Occurrence[] = [];
  for (let year = deadline.fromYear; year <= deadline.toYear; year++) {
    for (const o of deadline.occurrences)
      result.push({ from: occurrenceStart(o, year), due: occurrenceEnd(o, year), by: o.type === 'by' });
  }
  // Two occurrences on one day (a text that names a month twice) are one.
  const unique = [...new Map(result.map((o) => [o.due, o])).values()];
  return unique.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/**
 * The occurrence a recurring item is at on `today`: the first one whose due day is today or later,
 * else (every one passed) the last one; null when the deadline has none.
 */
export function currentOccurrence(occurrences: readonly Occurrence[], today: string): Occurrence | null {
  return occurrences.find((o) => o.due >= today) ?? occurrences[occurrences.length - 1] ?? null;
}

/** The occurrences with the current one first, then the others in date order. */
export function currentFirst<T extends Occurrence>(occurrences: readonly T[], today: string): T[] {
  const current = currentOccurrence(occurrences, today);
  return current === null ? [] : [current as T, ...occurrences.filter((o) => o.due !== current.due)];
}

/** An occurrence in words: «декабрь 2026» for a whole month, else «до 20 мая 2027». */
export function occurrenceLabel(o: Occurrence): string {
  const [year, month, day] = o.due.split('-').map(Number) as [number, number, number];
  const wholeMonth = !o.by && o.from === `${o.due.slice(0, 7)}-01` && day === new Date(Date.UTC(year, month, 0)).getUTCDate();
  return wholeMonth ? `${MONTHS_NOMINATIVE[month - 1]} ${year}` : `до ${day} ${MONTHS_GENITIVE[month - 1]} ${year}`;
}

function occurrenceStart(o: RecurringOccurrence, year: number): string {
  switch (o.type) {
    case 'by':
    case 'month':
      return iso(year, o.month, 1);
    case 'window':
      return iso(year, o.from.month, o.from.day ?? 1);
  }
}

/** The last day of an occurrence in the year it starts in. */
export function occurrenceEnd(o: RecurringOccurrence, year: number): string {
  switch (o.type) {
    case 'by':
      return iso(year, o.month, o.day);
    case 'month':
      return iso(year, o.month, lastDay(year, o.month));
    case 'window': {
      const wraps = o.to.month < o.from.month || (o.to.month === o.from.month && (o.to.day ?? 31) < (o.from.day ?? 1));
      return endOf(o.to, wraps ? year + 1 : year);
    }
  }
}

function endOf(md: MonthDay, year: number): string {
  return iso(year, md.month, md.day ?? lastDay(year, md.month));
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export { todayIso } from '../../lib/dates.js';
