import ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RoadmapItem, RoadmapItemStatus } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { XLSX } from '../../lib/mime.js';
import { MONTHS_NOMINATIVE, MONTHS_SHORT } from '../../lib/months.js';
import { formatDate } from '../../lib/ru.js';
import type { Deadline } from './deadline.js';
import { STATUS_LABELS } from './labels.js';
import { isOverdue, occurrencesOf, type TrackedOccurrences, todayIso } from './overdue.js';
import { type RoadmapRow, roadmapItems, trackedOccurrences } from './queries.js';
import { idsFrom, read, roadmapCrumbs } from './route-helpers.js';
import { loadRoadmap } from './service.js';

/**
 * Three more views of a roadmap, all read-only and open to whoever may read it:
 * the .xlsx in the document's own column layout, a print view like the paper document
 * (A4 landscape) and a timeline by month.
 */

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** «2022–2024» or «2022». */
export function periodText(r: Pick<RoadmapRow, 'period_from' | 'period_to'>): string {
  return r.period_from === r.period_to ? String(r.period_from) : `${r.period_from}–${r.period_to}`;
}

/** «№ 45-од от 01.03.2022», «№ 45-од», «от 01.03.2022», or null when the order is not set. */
export function orderText(r: Pick<RoadmapRow, 'order_number' | 'order_date'>): string | null {
  const parts: string[] = [];
  if (r.order_number) parts.push(`№ ${r.order_number}`);
  if (r.order_date) parts.push(`от ${formatDate(r.order_date)}`);
  return parts.length ? parts.join(' ') : null;
}

/** «1. Нормативное обеспечение» for a section row. */
function sectionTitle(item: RoadmapItem): string {
  return item.number ? `${item.number}. ${item.activity}` : item.activity;
}

// ---------------------------------------------------------------------------------------------
// .xlsx in the document's column layout
// ---------------------------------------------------------------------------------------------

interface XlsxColumn {
  header: string;
  width: number;
  value: (item: RoadmapItem, overdue: boolean) => string | Date | null;
}

/** Text a cell can hold: no control characters XML refuses, at most Excel's 32 767 characters. */
function cellText(value: string | null): string | null {
  if (value === null) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML cannot hold these characters
  const text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  return text.length > 32_767 ? text.slice(0, 32_767) : text;
}

function calendarDate(value: string | null): Date | null {
  if (!value) return null;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** The document's columns first, then «Ожидаемые результаты» when any item has one, then the portal's tracking. */
export function xlsxColumns(items: RoadmapItem[]): XlsxColumn[] {
  const columns: XlsxColumn[] = [
    { header: '№ п/п', width: 9, value: (i) => i.number },
    { header: 'Наименование мероприятия', width: 60, value: (i) => i.activity },
    { header: 'Форма результата / вид документа', width: 32, value: (i) => i.result },
    { header: 'Срок реализации', width: 24, value: (i) => i.deadline_text },
    { header: 'Ответственные', width: 28, value: (i) => i.responsible },
  ];
  if (items.some((i) => i.kind === 'item' && i.expected)) {
    columns.push({ header: 'Ожидаемые результаты', width: 40, value: (i) => i.expected });
  }
  columns.push(
    { header: 'Статус', width: 16, value: (i, overdue) => (overdue ? `${STATUS_LABELS[i.status]}, просрочено` : STATUS_LABELS[i.status]) },
    { header: 'Дата выполнения', width: 14, value: (i) => calendarDate(i.completed_on) },
  );
  return columns;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export async function roadmapWorkbook(
  roadmap: RoadmapRow,
  items: RoadmapItem[],
  today: string,
  tracked: ReadonlyMap<number, TrackedOccurrences> = new Map(),
): Promise<Buffer> {
  const columns = xlsxColumns(items);
  const last = columns.length;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставничество';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet('Дорожная карта');
  sheet.columns = columns.map((c) => ({ width: c.width }));

  // Title block: one merged row each, like the heading of the document.
  const titleLine = (text: string, options: { bold?: boolean; size?: number; height?: number } = {}) => {
    const row = sheet.addRow([cellText(text)]);
    sheet.mergeCells(row.number, 1, row.number, last);
    const cell = row.getCell(1);
    cell.font = { bold: options.bold ?? false, size: options.size ?? 11 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (options.height) row.height = options.height;
    return row;
  };
  titleLine(roadmap.title, { bold: true, size: 14, height: Math.min(120, 20 * Math.ceil(roadmap.title.length / 110)) });
  titleLine(`Период реализации: ${periodText(roadmap)} гг. · ${roadmap.organization_name}`);
  const order = orderText(roadmap);
  if (order) titleLine(`Утверждён приказом ${order}`);
  sheet.addRow([]);

  const header = sheet.addRow(columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF2' } };
    cell.border = BORDER;
  });
  const headerRow = header.number;
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0, topLeftCell: `A${headerRow + 1}` }];

  for (const item of items) {
    if (item.kind === 'section') {
      const row = sheet.addRow([cellText(sectionTitle(item))]);
      sheet.mergeCells(row.number, 1, row.number, last);
      const cell = row.getCell(1);
      cell.font = { bold: true };
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F4F7' } };
      cell.border = BORDER;
      continue;
    }
    const overdue = isOverdue(item.deadline as Deadline | null, item.status, today, tracked.get(item.id));
    const row = sheet.addRow(
      columns.map((c) => {
        const value = c.value(item, overdue);
        return typeof value === 'string' ? cellText(value) : value;
      }),
    );
    columns.forEach((c, index) => {
      const cell = row.getCell(index + 1);
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = BORDER;
      if (c.header === 'Дата выполнения') cell.numFmt = 'dd.mm.yyyy';
      else cell.numFmt = '@';
    });
  }

  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.6, right: 0.6, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
  sheet.headerFooter = { oddFooter: 'Страница &P из &N' };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A file name people recognise: the roadmap's title, without characters file systems refuse. */
export function exportFileName(roadmap: RoadmapRow): string {
  const title = roadmap.title
    // biome-ignore lint/suspicious/noControlCharactersInRegex: not allowed in file names
    .replace(/[\u0000-\u001f\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
    .trim();
  return `${title || 'Дорожная карта'} (${periodText(roadmap)}).xlsx`;
}

// ---------------------------------------------------------------------------------------------
// Timeline by month
// ---------------------------------------------------------------------------------------------

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

/** The months a deadline covers: a date its month, a range every month, a yearly deadline each occurrence's months; none for «постоянно» and an unrecognised text. */
export function deadlineSpans(deadline: Deadline | null): Span[] {
  if (deadline === null) return [];
  switch (deadline.kind) {
    case 'date':
      return [{ from: deadline.date.slice(0, 7), to: deadline.date.slice(0, 7), due: deadline.date }];
    case 'range':
      return [{ from: deadline.from.slice(0, 7), to: deadline.to.slice(0, 7), due: deadline.to }];
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
  const years = [...new Set(months.map((m) => m.year))].map((y) => ({ year: y, months: months.filter((m) => m.year === y).length }));
  return { months, years, groups, rowCount: rows.length, byMonth, undated, outside, otherYears };
}

function nextMonth(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const timelineQuery = z.object({
  year: z.coerce.number().int().min(1900).max(2200).optional().catch(undefined),
});

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

function download(reply: FastifyReply, name: string, fallback: string, data: Buffer) {
  return reply
    .header('content-type', XLSX.mediaType)
    .header('content-disposition', contentDisposition(name, { fallback }))
    .header('cache-control', 'no-store')
    .send(data);
}

export function registerRoadmapViews(app: FastifyInstance): void {
  app.get('/roadmaps/:id/export.xlsx', { config: read }, async (request, reply) => {
    const roadmap = await loadRoadmap(app.db, actorOf(request), idsFrom(request.params).id);
    const items = await roadmapItems(app.db, roadmap.id);
    const data = await roadmapWorkbook(roadmap, items, todayIso(), await trackedOccurrences(app.db, items));
    return download(reply, exportFileName(roadmap), `roadmap-${roadmap.id}.xlsx`, data);
  });

  app.get('/roadmaps/:id/print', { config: read }, async (request, reply) => {
    const roadmap = await loadRoadmap(app.db, actorOf(request), idsFrom(request.params).id);
    const items = await roadmapItems(app.db, roadmap.id);
    return reply.render('roadmaps/print', {
      title: `${roadmap.title} — печатная форма`,
      roadmap,
      items,
      hasExpected: items.some((i) => i.kind === 'item' && i.expected),
      order: orderText(roadmap),
      period: periodText(roadmap),
      printedOn: formatDate(todayIso()),
    });
  });

  app.get('/roadmaps/:id/timeline', { config: read }, async (request, reply) => {
    const roadmap = await loadRoadmap(app.db, actorOf(request), idsFrom(request.params).id);
    const items = await roadmapItems(app.db, roadmap.id);
    const asked = timelineQuery.parse(request.query ?? {}).year;
    const year = asked !== undefined && asked >= roadmap.period_from && asked <= roadmap.period_to ? asked : undefined;
    const timeline = buildTimeline(roadmap, items, todayIso(), year, await trackedOccurrences(app.db, items));
    const years: number[] = [];
    for (let y = roadmap.period_from; y <= roadmap.period_to; y++) years.push(y);
    return reply.render('roadmaps/timeline', {
      title: year === undefined ? `Сроки по месяцам: ${roadmap.title}` : `Сроки по месяцам, ${year} год: ${roadmap.title}`,
      breadcrumbs: roadmapCrumbs(roadmap, 'Сроки по месяцам'),
      roadmap,
      timeline,
      year: year ?? null,
      years,
      period: periodText(roadmap),
      marks: MARKS,
    });
  });
}
