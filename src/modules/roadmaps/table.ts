/** The table of a roadmap's page: its rows with their deadlines told, what is overdue, and the filters' counts. */

import type { RoadmapItem, RoadmapItemStatus } from '../../db/types.js';
import { type Deadline, deadlineLabel } from './deadline.js';
import { FILTER_LABELS } from './labels.js';
import { isOccurrenceOverdue, isOverdue, occurrencesOf, type TrackedOccurrences } from './overdue.js';
import { concernsSchools } from './responsible.js';
import type { ItemStatusFilter } from './queries.js';

/** A row of the roadmap table as the view shows it. */
export interface ItemView {
  item: RoadmapItem;
  deadlineLabel: string | null;
  overdue: boolean;
  /** For a recurring item, each yearly occurrence with its own status. */
  occurrences: Array<{ due: string; status: RoadmapItemStatus; overdue: boolean }>;
}

export interface RoadmapTable {
  /** The rows shown: the items that pass the filters, under the headings of their sections. */
  table: ItemView[];
  /** Each filter with how many items it would show. */
  filters: Array<{ value: string; label: string; count: number }>;
  total: number;
  shownCount: number;
}

/**
 * The rows of a roadmap for its page, filtered by status (or «overdue») and, for a municipal
 * roadmap, to the items that concern the schools. Sections stay as headings of the items they hold.
 */
export function roadmapTable(
  items: RoadmapItem[],
  tracked: ReadonlyMap<number, TrackedOccurrences>,
  today: string,
  filter: ItemStatusFilter,
  schoolsOnly: boolean,
): RoadmapTable {
  const rows: ItemView[] = items.map((item) => {
    const deadline = item.deadline as Deadline | null;
    const itemClosed = item.status === 'done' || item.status === 'cancelled';
    return {
      item,
      deadlineLabel: deadline === null ? null : deadlineLabel(deadline),
      overdue: item.kind === 'item' && isOverdue(deadline, item.status, today, tracked.get(item.id)),
      occurrences:
        item.kind === 'item' && deadline?.kind === 'recurring'
          ? occurrencesOf(deadline).map((o) => {
              const status = tracked.get(item.id)?.get(o.due) ?? 'not_started';
              return { due: o.due, status, overdue: !itemClosed && isOccurrenceOverdue(o, status, today) };
            })
          : [],
    };
  });
  const matches = (r: ItemView) =>
    (!schoolsOnly || concernsSchools(r.item.responsible_links)) &&
    (filter === undefined || (filter === 'overdue' ? r.overdue : r.item.status === filter));
  const activities = rows.filter((r) => r.item.kind === 'item');
  const shown = activities.filter(matches);
  const sectionsShown = new Set(shown.map((r) => r.item.parent_id));
  // With a filter, only the sections with items shown.
  const filtered = filter !== undefined || schoolsOnly;
  return {
    table: rows.filter((r) => (r.item.kind === 'section' ? !filtered || sectionsShown.has(r.item.id) : matches(r))),
    filters: Object.entries(FILTER_LABELS).map(([value, label]) => ({
      value,
      label,
      count: activities.filter((r) => (value === 'overdue' ? r.overdue : r.item.status === value)).length,
    })),
    total: activities.length,
    shownCount: shown.length,
  };
}
