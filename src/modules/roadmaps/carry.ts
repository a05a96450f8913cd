import type { Deadline } from './deadline.js';
import { occurrenceEnd } from './overdue.js';

type Recurring = Extract<Deadline, { kind: 'recurring' }>;

/** The due days of a recurring deadline in one year, in the order its text names them. */
function duesIn(deadline: Recurring, year: number): string[] {
  return year < deadline.fromYear || year > deadline.toYear ? [] : deadline.occurrences.map((o) => occurrenceEnd(o, year));
}

/** The year and the place in the deadline's text of the occurrence due on `due`; null when none is. */
function placeIn(deadline: Recurring, due: string): { year: number; index: number } | null {
  for (let year = deadline.fromYear; year <= deadline.toYear; year++) {
    const index = duesIn(deadline, year).indexOf(due);
    if (index >= 0) return { year, index };
  }
  return null;
}

/**
 * Where the marks of a recurring item's occurrences go when its deadline text is edited
 * («ежегодно до 15 декабря» → «ежегодно до 20 декабря»): a map from each tracked due day that
 * has a place under the new deadline to that place. A due day the new deadline still has stays
 * where it is. Another moves within its year: to the occurrence the new text names at the same
 * place when it names as many as before («декабрь, июнь» → «январь, июль»: December's mark goes
 * to January), else to the one occurrence of the same month. A mark with no such place (the new
 * deadline is not recurring, its years or months differ) is not in the map: it stays stored
 * under its old day, and the item's page lists it as a former mark.
 */
export function carriedOccurrences(
  before: Deadline | null,
  after: Deadline | null,
  tracked: readonly string[],
): Map<string, string> {
  const carried = new Map<string, string>();
  if (after?.kind !== 'recurring') return carried;
  const taken = new Set<string>();
  const nextDues = new Set<string>();
  for (let year = after.fromYear; year <= after.toYear; year++) for (const due of duesIn(after, year)) nextDues.add(due);
  for (const due of tracked) {
    if (nextDues.has(due)) {
      carried.set(due, due);
      taken.add(due);
    }
  }
  if (before?.kind !== 'recurring') return carried;
  for (const due of [...tracked].sort()) {
    if (carried.has(due)) continue;
    const at = placeIn(before, due);
    if (at === null) continue;
    const { year, index } = at;
    const news = duesIn(after, year);
    const sameMonth = news.filter((d) => d.slice(5, 7) === due.slice(5, 7));
    const place =
      before.occurrences.length === after.occurrences.length ? news[index] : sameMonth.length === 1 ? sameMonth[0] : undefined;
    if (place !== undefined && !taken.has(place)) {
      carried.set(due, place);
      taken.add(place);
    }
  }
  return carried;
}
