/**
 * One cell as text, for every reader of Excel files: the people import (readTable) and the
 * roadmap import (roadmaps/file-table). And the one whitespace rule every cell of every format
 * (.xlsx, CSV, a Word table) goes through.
 *
 * Decisions worth knowing:
 * - Cell values become strings as Excel shows them: dates 'DD.MM.YYYY' (UTC parts, Excel dates
 *   have no zone; ' HH:MM' is appended only when there is a time, and not at all with `dayOnly`;
 *   a time without a date, on Excel's day zero, is 'HH:MM'), numbers in plain notation with a dot
 *   (79001234567, never 7.9E+10; rounded to 15 significant digits like Excel shows them; leading
 *   zeros kept when the cell format is '000…', decimals kept when it is '0.00…' so that item
 *   «2.10» stays «2.10», a percentage when it is '0%'), booleans «да»/«нет», rich text as its
 *   text, a formula as its result, a hyperlink as its text, an error as Excel shows it (#N/A).
 * - Whitespace, including line breaks and tabs inside cells, is collapsed to single spaces and
 *   invisible characters are dropped (oneLine): a cell is one line of a table, however it was typed.
 */

import type ExcelJS from 'exceljs';

export interface CellTextOptions {
  /**
   * A date with a time as its day only: '05.03.2012', not '05.03.2012 14:30'. The roadmap import
   * wants it (a deadline is a day, and a time after it would leave the date unread); the people
   * import keeps the time, so that the user sees what the cell holds.
   */
  dayOnly?: boolean;
}

/** The text of an exceljs cell, on one line. */
export function cellText(cell: ExcelJS.Cell, options: CellTextOptions = {}): string {
  return oneLine(valueText(cell.value, cell.numFmt, options));
}

/** Collapses whitespace (line breaks, tabs, no-break spaces) and drops invisible characters. */
export function oneLine(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed here
      .replace(/[\u200b-\u200d\u2060\u00ad\u0000-\u0008\u000e-\u001f\u007f]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** A number without exponent notation: 1e21 as '1000000000000000000000'. */
export function plainNumber(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

function valueText(value: unknown, numFmt: string | undefined, options: CellTextOptions): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return isDateFormat(numFmt) ? dateText(excelSerialToDate(value), options) : numberText(value, numFmt);
  }
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (value instanceof Date) return dateText(value, options);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object['richText'])) {
      return (object['richText'] as Array<{ text?: unknown }>)
        .map((part) => (typeof part.text === 'string' ? part.text : ''))
        .join('');
    }
    if ('formula' in object || 'sharedFormula' in object) return valueText(object['result'], numFmt, options);
    if ('hyperlink' in object || 'text' in object) return valueText(object['text'], numFmt, options);
    if (typeof object['error'] === 'string') return object['error'];
  }
  return '';
}

function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt || /general/i.test(numFmt)) return false;
  const bare = numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dmyhsдмгч]/i.test(bare);
}

function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

function dateText(date: Date, options: CellTextOptions): string {
  if (Number.isNaN(date.getTime())) return '';
  const rounded = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  const time = `${pad(rounded.getUTCHours())}:${pad(rounded.getUTCMinutes())}`;
  // Excel's day zero is 1899-12-30/31: a time without a date.
  if (rounded.getUTCFullYear() < 1900) return time;
  const day = `${pad(rounded.getUTCDate())}.${pad(rounded.getUTCMonth() + 1)}.${pad(rounded.getUTCFullYear(), 4)}`;
  return time === '00:00' || options.dayOnly ? day : `${day} ${time}`;
}

function numberText(value: number, numFmt: string | undefined): string {
  if (!Number.isFinite(value)) return '';
  const shown = Number(value.toPrecision(15));
  const format = numFmt?.replace(/"[^"]*"/g, '').trim() ?? '';
  if (/^0+$/.test(format) && Number.isInteger(shown) && shown >= 0) return plainNumber(shown).padStart(format.length, '0');
  const decimals = /^0\.(0{1,20})$/.exec(format)?.[1]?.length;
  if (decimals !== undefined && Math.abs(shown) < 1e21) return shown.toFixed(decimals);
  if (/^[0.,#]+%$/.test(format)) return `${plainNumber(Number((shown * 100).toPrecision(15)))}%`;
  return plainNumber(shown);
}
