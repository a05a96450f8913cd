/**
 * A CSV (or tab-separated text) as a grid of one sheet: the encoding and the delimiter found from
 * the bytes, the records parsed by csv-parse, each cell through oneLine.
 *
 * Decisions worth knowing:
 * - Encodings: UTF-8 and UTF-16 by their byte order mark, UTF-8 without one when it decodes
 *   cleanly, else Windows-1251 (the plain CSV of Russian Excel).
 * - The delimiter is the one of `;`, tab, `,` that splits the first lines most consistently; a
 *   first line «sep=;» names it, as Excel understands. Lines are the lines of the file, so that a
 *   quoted cell over several lines does not shift the numbers the user is told.
 * - Old .xls files, PDFs, images, archives and binary data are refused by their bytes (lib/sniff.ts).
 */

import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { byteOrderMark, sniff } from '../sniff.js';
import { oneLine } from './cells.js';
import type { Grid, GridSheet } from './grid.js';
import { notATable, RESAVE, SpreadsheetError } from './messages.js';

function decodeText(data: Buffer, name: string): string {
  const kind = sniff(data);
  if (kind === 'ole') {
    throw new SpreadsheetError(
      `Файл «${name}» сохранён в старом формате Excel 97–2003 (.xls) или защищён паролем. Откройте его в Excel, снимите пароль, если он есть, сохраните как «Книга Excel (.xlsx)» и загрузите снова.`,
    );
  }
  if (kind !== 'text') throw notATable(name);
  const bom = byteOrderMark(data);
  if (bom)
    return bom.encoding === 'utf-8' ? data.toString('utf8', bom.length) : iconv.decode(data.subarray(bom.length), bom.encoding);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return iconv.decode(data, 'win1251');
  }
}

/** Control characters (other than tab and line breaks) in more than a trace amount mean binary data. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: counting control characters is the point
  const controls = sample.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return controls > sample.length / 1000;
}

const DELIMITERS = [';', '\t', ','] as const;

/**
 * Picks the delimiter that splits the first lines most consistently: for each candidate the
 * most frequent non-zero count per line, and how many lines have exactly that count.
 * Quoted text is skipped. Ties go to `;` (Russian Excel), then tab, then comma.
 */
function detectDelimiter(text: string): string | null {
  const counts = new Map<string, number[]>(DELIMITERS.map((delimiter) => [delimiter, []]));
  let current = new Map<string, number>();
  let inQuotes = false;
  let fieldStart = true;
  let lineHasText = false;
  let lines = 0;
  const finishLine = () => {
    if (lineHasText) {
      for (const delimiter of DELIMITERS) counts.get(delimiter)!.push(current.get(delimiter) ?? 0);
      lines++;
    }
    current = new Map();
    lineHasText = false;
  };
  const limit = Math.min(text.length, 262_144);
  for (let index = 0; index < limit && lines < 50; index++) {
    const char = text[index]!;
    if (inQuotes) {
      if (char === '"') {
        if (text[index + 1] === '"') index++;
        else inQuotes = false;
      }
      continue;
    }
    if (char === '\n' || char === '\r') {
      finishLine();
      fieldStart = true;
    } else if ((DELIMITERS as readonly string[]).includes(char)) {
      current.set(char, (current.get(char) ?? 0) + 1);
      fieldStart = true;
    } else if (char === '"' && fieldStart) {
      inQuotes = true;
      lineHasText = true;
      fieldStart = false;
    } else {
      if (char !== ' ') lineHasText = true;
      fieldStart = false;
    }
  }
  finishLine();

  let best: { delimiter: string; lines: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const frequency = new Map<number, number>();
    for (const count of counts.get(delimiter)!) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    const consistent = Math.max(0, ...frequency.values());
    if (consistent > 0 && (!best || consistent > best.lines)) best = { delimiter, lines: consistent };
  }
  return best?.delimiter ?? null;
}

/** 1-based line where a quoted field that is never closed begins (the same quoting rules as csv-parse with relax_quotes). */
function unclosedQuoteLine(text: string, delimiter: string): number | null {
  let line = 1;
  let openedAt: number | null = null;
  let fieldStart = true;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const newline = char === '\n' || (char === '\r' && text[index + 1] !== '\n');
    if (openedAt !== null) {
      if (char === '"') {
        if (text[index + 1] === '"') index++;
        else {
          openedAt = null;
          fieldStart = false;
        }
      } else if (newline) line++;
      continue;
    }
    if (newline) {
      line++;
      fieldStart = true;
    } else if (char === delimiter) fieldStart = true;
    else if (char === '"' && fieldStart) openedAt = line;
    else if (char !== '\r') fieldStart = false;
  }
  return openedAt;
}

export function csvGrid(data: Buffer, name: string): Grid {
  const text = decodeText(data, name);
  if (/^[\s;,"]*$/.test(text)) throw new SpreadsheetError(`Файл «${name}» пустой.`);
  if (looksBinary(text) || /^\s*</.test(text)) throw notATable(name);
  // Excel understands a first line «sep=;» naming the delimiter; it then reads as a one-cell row and is skipped.
  const delimiter = /^sep=([;,\t|])\r?\n/i.exec(text)?.[1] ?? detectDelimiter(text);
  if (!delimiter) throw notATable(name);

  const bytes = Buffer.from(text, 'utf8');
  let records: Array<{ record: string[]; info: { bytes: number } }>;
  try {
    records = parse(bytes, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as Array<{ record: string[]; info: { bytes: number } }>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reported = (error as { lines?: number }).lines;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      const line = unclosedQuoteLine(text, delimiter) ?? reported;
      throw new SpreadsheetError(
        `В файле «${name}» не закрыта кавычка (")${line ? ` в строке ${line}` : ''}: всё после неё читается как одна ячейка. Исправьте кавычки и загрузите файл снова.`,
      );
    }
    throw new SpreadsheetError(`Не удалось прочитать CSV-файл «${name}»${reported ? ` (строка ${reported})` : ''}. ${RESAVE}`);
  }

  // Line of each record's start: count line breaks in the bytes before it.
  const useCr = !bytes.includes(0x0a);
  const breakByte = useCr ? 0x0d : 0x0a;
  const rows: GridSheet['rows'] = [];
  let line = 1;
  let position = 0;
  for (const { record, info } of records) {
    const cells = record.map(oneLine);
    if (cells.some((cell) => cell !== '')) rows.push({ line, cells });
    for (let index = position; index < info.bytes && index < bytes.length; index++) if (bytes[index] === breakByte) line++;
    position = info.bytes;
  }
  return { sheets: [{ rows, merge: () => null }] };
}
