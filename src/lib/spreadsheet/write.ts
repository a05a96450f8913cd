/**
 * Writing tables back as .xlsx and CSV, so that an exported file can be edited and uploaded again
 * and reads back as it was written.
 */

import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { plainNumber } from './cells.js';

export type OutValue = string | number | null;

const XLSX_CELL_LIMIT = 32_767;

function safeSheetName(name: string): string {
  const cleaned = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31)
    .trim();
  return cleaned || 'Лист1';
}

function xlsxText(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML cannot hold these characters
  const text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  return text.length > XLSX_CELL_LIMIT ? text.slice(0, XLSX_CELL_LIMIT) : text;
}

/**
 * One sheet with a bold, frozen, filterable header row. Strings are written as text cells with
 * the text format '@' (so '05.03.2012' and '012345678901' stay exactly as given when the file is
 * read back, and Excel does not turn them into dates or numbers when edited), numbers as numbers.
 * Uses exceljs's streaming writer with inline strings: about 4 times faster than the in-memory
 * workbook for 10 000 rows.
 */
export async function writeXlsx(sheetName: string, header: string[], rows: Array<Array<OutValue>>): Promise<Buffer> {
  return writeWorkbook([{ name: sheetName, header, rows }]);
}

export interface SheetData {
  name: string;
  /** Lines above the header (a report's title, its date), in bold. */
  title?: string[];
  header: string[];
  rows: Array<Array<OutValue>>;
  /** Columns kept in view when scrolling sideways (a wide report's names). */
  freezeColumns?: number;
}

/** Several sheets, each laid out as writeXlsx lays out its one. */
export async function writeWorkbook(sheets: SheetData[]): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  for (const { name, title = [], header, rows, freezeColumns } of sheets) {
    const widths = header.map((text) => text.length);
    for (const values of rows) {
      values.forEach((value, index) => {
        if (value === null || value === undefined) return;
        const length = String(value).length;
        if (length > (widths[index] ?? 0)) widths[index] = length;
      });
    }
    const headerAt = title.length + 1;
    const sheet = workbook.addWorksheet(safeSheetName(name), {
      views: [{ state: 'frozen', ySplit: headerAt, ...(freezeColumns ? { xSplit: freezeColumns } : {}) }],
      ...(header.length > 0
        ? { autoFilter: { from: { row: headerAt, column: 1 }, to: { row: headerAt, column: header.length } } }
        : {}),
    });
    sheet.columns = widths.map((width) => ({ width: Math.min(60, Math.max(8, width + 2)) }));
    for (const line of title) {
      const row = sheet.addRow([xlsxText(line)]);
      row.font = { bold: true };
      row.commit();
    }
    const headerRow = sheet.addRow(header.map(xlsxText));
    headerRow.font = { bold: true };
    headerRow.alignment = { wrapText: true, vertical: 'top' };
    headerRow.commit();
    for (const values of rows) {
      const row = sheet.addRow(values.map((value) => (typeof value === 'string' ? xlsxText(value) : (value ?? null))));
      values.forEach((value, index) => {
        if (typeof value === 'string') row.getCell(index + 1).numFmt = '@';
      });
      row.commit();
    }
    sheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

/** Values starting with these characters are run as formulas by Excel when a CSV is opened. */
function csvText(value: string): string {
  const risky = /^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-][\d\s().,-]*$/.test(value));
  return risky ? `'${value}` : value;
}

function csvField(value: OutValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? plainNumber(value).replace('.', ',') : csvText(value);
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV the way Russian Excel opens it with a double click: UTF-8 with BOM, `;`, CRLF.
 * Fractional numbers use a decimal comma. Text that Excel would run as a formula
 * (=…, @…, +/- followed by anything but a phone number or a number) gets a leading apostrophe.
 */
export function writeCsv(header: string[], rows: Array<Array<OutValue>>): Buffer {
  const lines = [header, ...rows].map((values) => values.map(csvField).join(';'));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
