/** A roadmap's timeline by month: items as rows, months as columns, each mark told by a symbol and words. */

import type { RoadmapItem, RoadmapItemStatus } from '../../db/types.js';
import { MONTHS_NOMINATIVE, MONTHS_SHORT } from '../../lib/months.js';
import type { Deadline } from './deadline.js';
import { isOverdue, occurrencesOf, type TrackedOccurrences } from './overdue.js';
import type { RoadmapRow } from './queries.js';

export type MarkKind = 'done' | 'overdue' | 'progress' | 'planned' | 'cancelled';

/** The symbol and the words of a mark: status is never told by colour alone. */
export const MARKS: Record<MarkKind, { symbol: string; label: string }> = {
  done: { symbol: '✓', label: 'выполнено' },
  overdue: { symbol: '!', label: 'просрочено' },
  progress: { symbol: '◐', label: 'выполняется' },
  planned: { symbol: '○', label: 'не начато' },
  cancelled: { symbol: '✕', label: 'отменено' },
};

export interface TimelineMonth {
  /** 'YYYY-MM' */
  key: string;
  year: number;
  month: number;
  short: string;
  /** «Август 2022» */
  long: string;
  /** The first shown month of its year (a border separates the years). */
  yearStart: boolean;
  current: boolean;
}

/** A stretch of months a deadline covers, with the day it is due by. */
interface Span {
  from: string; // 'YYYY-MM'
  to: string; // 'YYYY-MM'
  due: string; // 'YYYY-MM-DD'
}

/** The months a deadline covers: a date its month, a range every month, each stretch of `periods` its months, a yearly deadline each occurrence's months; none for «постоянно» and an unrecognised text. */
export function deadlineSpans(deadline: Deadline | null): Span[] {
  if (deadline === null) return [];
  switch (deadline.kind) {
    case 'date':
      return [{ from: deadline.date.slice(0, 7), to: deadline.date.slice(0, 7), due: deadline.date }];
    case 'range':
      return [{ from: deadline.from.slice(0, 7), to: deadline.to.slice(0, 7), due: deadline.to }];
    case 'periods':
      return deadline.periods.map((p) => ({ from: p.from.slice(0, 7), to: p.to.slice(0, 7), due: p.to }));
    case 'recurring':
      return occurrencesOf(deadline).map((o) => ({ from: o.from.slice(0, 7), to: o.due.slice(0, 7), due: o.due }));
    case 'continuous':
      return [];
  }
}

function monthsOf(fromYear: number, toYear: number, today: string): TimelineMonth[] {
  const months: TimelineMonth[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (let month = 1; month <= 12; month++) {
      const key = `${year}-${String(month).padStart(2, '0')}`;
      const name = MONTHS_NOMINATIVE[month - 1] ?? '';
      months.push({
        key,
        year,
        month,
        short: MONTHS_SHORT[month - 1] ?? '',
        long: `${name.charAt(0).toUpperCase()}${name.slice(1)} ${year}`,
        yearStart: month === 1,
        current: key === today.slice(0, 7),
      });
    }
  }
  return months;
}

function occurrenceMark(status: RoadmapItemStatus | undefined, due: string, today: string): MarkKind {
  if (status === 'done') return 'done';
  if (status === 'cancelled') return 'cancelled';
  if (today > due) return 'overdue';
  return status === 'in_progress' ? 'progress' : 'planned';
}

function rowState(item: RoadmapItem, overdue: boolean): MarkKind {
  if (item.status === 'done') return 'done';
  if (item.status === 'cancelled') return 'cancelled';
  if (overdue) return 'overdue';
  return item.status === 'in_progress' ? 'progress' : 'planned';
}

export interface TimelineRow {
  item: RoadmapItem;
  state: MarkKind;
  /** One per shown month: the mark, or null when the item has no deadline in that month. */
  cells: Array<MarkKind | null>;
}

export interface TimelineGroup {
  section: RoadmapItem | null;
  rows: TimelineRow[];
}

export interface Timeline {
  months: TimelineMonth[];
  years: Array<{ year: number; months: number }>;
  groups: TimelineGroup[];
  rowCount: number;
  /** The text alternative: for each month with deadlines, its items (`index` into `months`). */
  byMonth: Array<{ month: TimelineMonth; index: number; rows: TimelineRow[] }>;
  /** «Постоянно», «по графику» and unrecognised deadlines: no month of their own. */
  undated: Array<{ item: RoadmapItem; state: MarkKind; text: string | null }>;
  /** Dated, but no month within the roadmap's period («август 2020 г» in a 2022–2024 roadmap). */
  outside: Array<{ item: RoadmapItem; state: MarkKind; text: string | null }>;
  /** With a year chosen: dated items without a deadline in that year, not shown. */
  otherYears: number;
}

/**
 * The timeline of a roadmap over its period (or one `year` of it): items as rows, months as
 * columns. A month is marked with the item's state; an overdue item's months that are still
 * ahead show its plain status (only what has passed is overdue).
 */
export function buildTimeline(
  roadmap: Pick<RoadmapRow, 'period_from' | 'period_to'>,
  items: RoadmapItem[],
  today: string,
  year?: number,
  tracked: ReadonlyMap<number, TrackedOccurrences> = new Map(),
): Timeline {
  const allMonths = monthsOf(roadmap.period_from, roadmap.period_to, today);
  const months = year === undefined ? allMonths : allMonths.filter((m) => m.year === year);
  const index = new Map(months.map((m, i) => [m.key, i]));
  const inPeriod = new Set(allMonths.map((m) => m.key));
  const sections = new Map(items.filter((i) => i.kind === 'section').map((s) => [s.id, s]));

  const groups: TimelineGroup[] = [];
  const undated: Timeline['undated'] = [];
  const outside: Timeline['outside'] = [];
  let otherYears = 0;
  for (const item of items) {
    if (item.kind !== 'item') continue;
    const deadline = item.deadline as Deadline | null;
    const occurrences = tracked.get(item.id);
    const overdue = isOverdue(deadline, item.status, today, occurrences);
    const state = rowState(item, overdue);
    const spans = deadlineSpans(deadline);
    const itemOpen = item.status !== 'done' && item.status !== 'cancelled';
    const text = item.deadline_text;
    if (spans.length === 0) {
      undated.push({ item, state, text });
      continue;
    }
    const cells: Array<MarkKind | null> = months.map(() => null);
    let anyInPeriod = false;
    for (const span of spans) {
      // A yearly occurrence of an open item is marked by its own tracking.
      const mark: MarkKind =
        deadline?.kind === 'recurring' && itemOpen
          ? occurrenceMark(occurrences?.get(span.due), span.due, today)
          : state === 'overdue' && span.due >= today
            ? item.status === 'in_progress'
              ? 'progress'
              : 'planned'
            : state;
      for (let key = span.from; key <= span.to; key = nextMonth(key)) {
        if (inPeriod.has(key)) anyInPeriod = true;
        const i = index.get(key);
        if (i !== undefined) cells[i] = cells[i] === 'overdue' ? 'overdue' : mark;
      }
    }
    if (!anyInPeriod) {
      outside.push({ item, state, text });
      continue;
    }
    if (cells.every((c) => c === null)) {
      otherYears++;
      continue;
    }
    const section = item.parent_id === null ? null : (sections.get(item.parent_id) ?? null);
    const lastGroup = groups[groups.length - 1];
    const row = { item, state, cells };
    if (lastGroup && lastGroup.section?.id === section?.id) lastGroup.rows.push(row);
    else groups.push({ section, rows: [row] });
  }

  const rows = groups.flatMap((g) => g.rows);
  const byMonth = months
    .map((month, index) => ({ month, index, rows: rows.filter((r) => r.cells[index] !== null) }))
    .filter((m) => m.rows.length > 0);
  const years = [...new Set(months.map((m) => m.year))].map((y) => ({
    year: y,
    months: months.filter((m) => m.year === y).length,
  }));
  return { months, years, groups, rowCount: rows.length, byMonth, undated, outside, otherYears };
}

function nextMonth(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
