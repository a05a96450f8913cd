/** A yearly plan of events as .xlsx, laid out by the portal's writer (lib/spreadsheet: bold frozen header, filters). */

import { localDateTime } from '../../lib/dates.js';
import { type OutValue, writeWorkbook } from '../../lib/spreadsheet.js';
import { formatDate } from '../../lib/ru.js';
import { EVENT_AUDIENCE_LABELS, EVENT_KIND_LABELS, EVENT_LEVEL_LABELS, EVENT_STATUS_LABELS } from './labels.js';
import type { EventRow } from './queries.js';

/** «10.03.2026 10:00 – 12:00», or across days «10.03.2026 10:00 – 12.03.2026 17:00». */
export function whenText(event: Pick<EventRow, 'starts_at' | 'ends_at'>): string {
  const from = localDateTime(event.starts_at);
  const to = localDateTime(event.ends_at);
  const day = (v: string) => formatDate(v.slice(0, 10));
  const time = (v: string) => v.slice(11, 16);
  return from.slice(0, 10) === to.slice(0, 10)
    ? `${day(from)} ${time(from)} – ${time(to)}`
    : `${day(from)} ${time(from)} – ${day(to)} ${time(to)}`;
}

export const PLAN_HEADER = ['№ п/п', 'Мероприятие', 'Вид', 'Уровень', 'Дата и время', 'Место проведения', 'Для кого', 'Статус'];

export function planRows(events: readonly EventRow[]): OutValue[][] {
  return events.map((e, i) => [
    i + 1,
    e.title,
    EVENT_KIND_LABELS[e.kind],
    EVENT_LEVEL_LABELS[e.level],
    whenText(e),
    [e.place, e.video_url].filter(Boolean).join(', '),
    e.audience_roles.map((r) => EVENT_AUDIENCE_LABELS[r]).join(', '),
    EVENT_STATUS_LABELS[e.status],
  ]);
}

export function planWorkbook(events: readonly EventRow[], year: number): Promise<Buffer> {
  return writeWorkbook([
    { name: `План ${year}`, title: [`План мероприятий на ${year} год`], header: PLAN_HEADER, rows: planRows(events) },
  ]);
}
