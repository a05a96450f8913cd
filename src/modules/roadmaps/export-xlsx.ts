/** A roadmap as .xlsx in the document's own column layout, for the municipality's and the region's files. */

import ExcelJS from 'exceljs';
import type { RoadmapItem } from '../../db/types.js';
import type { Deadline } from './deadline.js';
import { orderText, periodText, STATUS_LABELS } from './labels.js';
import { isOverdue, type TrackedOccurrences } from './overdue.js';
import type { RoadmapRow } from './queries.js';

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
    {
      header: 'Статус',
      width: 16,
      value: (i, overdue) => (overdue ? `${STATUS_LABELS[i.status]}, просрочено` : STATUS_LABELS[i.status]),
    },
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
