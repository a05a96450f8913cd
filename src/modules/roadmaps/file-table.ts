/**
 * The roadmap table of an uploaded Word (.docx) or Excel (.xlsx) file as the tab-separated text
 * `readPastedTable` reads: one table row per line, cells separated by tabs, every line break and
 * tab inside a cell turned into a single space (so that nothing spills onto the next line). The
 * preview, the column mapping and the confirmation then work on that text exactly as on a pasted
 * table. No database, no HTTP.
 *
 * Decisions worth knowing:
 * - The type is decided by the content (lib/sniff.ts, then a ZIP holding `word/document.xml` or
 *   `xl/workbook.xml`), not by the file name. Old binary Office files (.doc, .xls),
 *   password-protected files, PDF, RTF, OpenDocument and anything else are refused with a Russian
 *   message that says what to do (FileTableError).
 * - Word: only tables are read; of the paragraphs around them, those above the chosen table are
 *   only looked at for the plan's years («на 2021-2022 учебный год», document-period.ts). A cell's text is its
 *   paragraphs joined with a space; a nested table is flattened into its cell. A cell merged
 *   across N grid columns (`w:gridSpan`) is followed by N − 1 empty cells, and the continuation
 *   of a vertical merge (`w:vMerge` without `restart`) is empty, so the columns stay aligned.
 *   Consecutive tables with the same number of grid columns are one table (Word splits a table
 *   continued on the next page that way; a different table that happens to have as many columns
 *   stops the reader at its header). Of several tables, the one whose header `detectColumns`
 *   recognises wins (the longest of those), else the longest.
 * - Excel: the first sheet with a recognisable header (visible sheets first), else the first
 *   non-empty sheet. The sheet is walked by lib/spreadsheet's sheetGrid, so a cell reads as the
 *   people import reads it (lib/spreadsheet/cells.ts), except that a date with a time is its day
 *   only (`dayOnly`: a deadline is a day). A merged range keeps its value in its top-left cell
 *   only. While the sheet has at most MAX_TABLE_ROWS rows, line N of the text is row N of the
 *   sheet (empty rows become empty lines), so that the line numbers of the preview are the row
 *   numbers the user sees in Excel.
 * - A text file (.txt, .tsv: a table copied from Word or Excel and saved, or a Word table saved as
 *   plain text) is the table text as it is, decoded as UTF-8 or UTF-16 by its byte order mark,
 *   UTF-8 when it decodes cleanly, else Windows-1251 (Word's «Обычный текст» on a Russian Windows).
 *   Only by its name: a text named .docx is refused as not a Word file.
 * - Limits: MAX_FILE_BYTES (10 MB) of file, MAX_TABLE_ROWS table rows, MAX_XML_BYTES of unpacked
 *   XML (a small ZIP can hold a huge document). The archive goes through lib/archive.ts: a zip bomb
 *   is refused from its central directory (ARCHIVE_LIMITS), and what is unpacked is capped.
 */

import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  type ArchiveLimits,
  ArchiveError,
  archiveMessage,
  MAX_HONEST_RATIO,
  openZip,
  type ZipArchive,
} from '../../lib/archive.js';
import { OPENDOCUMENT_PREFIX } from '../../lib/mime.js';
import { megabytes } from '../../lib/ru.js';
import { byteOrderMark, oldOfficeKind, sniff } from '../../lib/sniff.js';
import {
  displayName,
  type GridRow,
  loadWorkbook,
  MAX_FILE_BYTES,
  oneLine,
  rowsWord,
  sheetGrid,
  sheetXmlBytes,
} from '../../lib/spreadsheet.js';
import { type DocumentPeriod, documentPeriod, periodInLines } from './document-period.js';
import { detectColumns } from './table-reader.js';

export const MAX_TABLE_ROWS = 2000;
/** Unpacked XML read from one file: `word/document.xml`, or the sheets and shared strings of a workbook. */
const MAX_XML_BYTES = 32 * 1024 * 1024;
/**
 * What an uploaded .docx or .xlsx may hold, checked from its central directory before anything is
 * unpacked: parts up to twice the XML read (so that a bigger document or sheet gets the message
 * about too much data rather than a refusal of the archive), pictures and the rest on top.
 */
const ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 5000,
  maxEntryBytes: 2 * MAX_XML_BYTES,
  maxTotalBytes: 4 * MAX_XML_BYTES,
  maxRatio: MAX_HONEST_RATIO,
};
/** The `mimetype` part of an OpenDocument file is about 40 bytes; only a small one is read. */
const MAX_MIMETYPE_BYTES = 256;
/** A header is looked for in this many rows at the top of a table or sheet. */
const HEADER_SEARCH_ROWS = 10;

/** A file that cannot be read as a roadmap table; the message is Russian and is shown as is. */
export class FileTableError extends Error {
  override name = 'FileTableError';
}

// ---------------------------------------------------------------------------------------------
// Messages

const OR_COPY = 'или скопируйте таблицу мероприятий и вставьте её как текст.';

function notSupported(name: string): FileTableError {
  return new FileTableError(
    `Файл „${name}“ не похож на документ Word (.docx) или книгу Excel (.xlsx). Сохраните таблицу в одном из этих форматов ${OR_COPY}`,
  );
}

function damaged(name: string): FileTableError {
  return new FileTableError(
    `Не удалось прочитать файл „${name}“: он повреждён или сохранён не полностью. Сохраните его заново как .docx или .xlsx ${OR_COPY}`,
  );
}

function encrypted(name: string): FileTableError {
  return new FileTableError(
    `Файл „${name}“ защищён паролем. Откройте его, снимите пароль, сохраните как .docx или .xlsx и загрузите снова ${OR_COPY}`,
  );
}

function tooManyRows(name: string, count: number): FileTableError {
  return new FileTableError(
    `В таблице файла „${name}“ ${count.toLocaleString('ru-RU')} ${rowsWord(count)}, а допускается не больше ${MAX_TABLE_ROWS.toLocaleString('ru-RU')}. Оставьте в файле только таблицу мероприятий.`,
  );
}

function tooMuchData(name: string, bytes: number): FileTableError {
  return archiveRefusal(new ArchiveError('too_big', { bytes, limit: MAX_XML_BYTES }), name);
}

/** A file refused by the archive reader, said the way this module says things. */
function archiveRefusal(error: ArchiveError, name: string): FileTableError {
  switch (error.problem) {
    case 'not_zip':
    case 'damaged':
      return damaged(name);
    case 'encrypted':
      return encrypted(name);
    case 'too_big':
      return new FileTableError(`${archiveMessage(error, `„${name}“`)} Оставьте в файле только таблицу мероприятий ${OR_COPY}`);
    default:
      return new FileTableError(`${archiveMessage(error, `„${name}“`)} Сохраните его заново как .docx или .xlsx ${OR_COPY}`);
  }
}

/** Runs a step that reads the archive, turning an ArchiveError into this module's message. */
async function reading<T>(name: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ArchiveError) throw archiveRefusal(error, name);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * The roadmap table of a .docx or .xlsx file as tab-separated text, one table row per line.
 * Throws FileTableError for anything that is not a readable Word or Excel file with a table.
 */
export async function tableTextFromFile(data: Buffer, fileName: string): Promise<string> {
  return (await tableFromFile(data, fileName)).text;
}

/**
 * The table text (as tableTextFromFile; a .txt or .tsv as it is) and the years the document names
 * above the table: in a .docx the paragraphs before it (`line` 0: they are not in the text), in a
 * .xlsx or a text the lines above the header.
 */
export async function tableFromFile(data: Buffer, fileName: string): Promise<{ text: string; period: DocumentPeriod | null }> {
  const name = displayName(fileName);
  if (data.length === 0) throw new FileTableError(`Файл „${name}“ пустой.`);
  if (data.length > MAX_FILE_BYTES) {
    throw new FileTableError(
      `Файл „${name}“ слишком большой: ${megabytes(data.length)} МБ, допускается не больше ${MAX_FILE_BYTES / 1024 / 1024} МБ.`,
    );
  }
  if (TEXT_EXTENSION.test(fileName.trim()) && sniff(data) === 'text') {
    const text = decodeText(data);
    return { text, period: documentPeriod(text) };
  }
  const kind = await officeFile(data, fileName, name);
  if (kind.type === 'docx') {
    const { rows, above } = await docxRows(kind.archive, name);
    return { text: joinRows(rows), period: periodInLines(above, 0) };
  }
  const text = joinRows(await xlsxRows(kind.archive, name));
  return { text, period: documentPeriod(text) };
}

const TEXT_EXTENSION = /\.(?:txt|tsv)$/i;

/** A text file's characters: see the module comment for the encodings. */
function decodeText(data: Buffer): string {
  const bom = byteOrderMark(data);
  if (bom)
    return bom.encoding === 'utf-8' ? data.toString('utf8', bom.length) : iconv.decode(data.subarray(bom.length), bom.encoding);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return iconv.decode(data, 'win1251');
  }
}

function joinRows(rows: readonly string[][]): string {
  return rows.map((cells) => cells.join('\t')).join('\n');
}

// ---------------------------------------------------------------------------------------------
// What the file is

type OfficeFile = { type: 'docx' | 'xlsx'; archive: ZipArchive };

/** The file's archive and whether it is a Word or an Excel file; FileTableError for anything else, saying what it is. */
async function officeFile(data: Buffer, fileName: string, name: string): Promise<OfficeFile> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  const kind = sniff(data);
  if (kind === 'ole') {
    const office = oldOfficeKind(data);
    if (office === 'encrypted') throw encrypted(name);
    if (office === 'word' || ext === 'doc') {
      throw new FileTableError(`Файл „${name}“ — документ Word старого формата (.doc). Сохраните его как .docx ${OR_COPY}`);
    }
    if (office === 'excel' || ext === 'xls') {
      throw new FileTableError(`Файл „${name}“ — книга Excel старого формата (.xls). Сохраните её как .xlsx ${OR_COPY}`);
    }
    throw new FileTableError(`Файл „${name}“ — документ Office старого формата. Сохраните его как .docx или .xlsx ${OR_COPY}`);
  }
  if (kind === 'pdf') {
    throw new FileTableError(
      `Файл „${name}“ — PDF, из него таблицу не прочитать. Загрузите исходный документ Word (.docx) или книгу Excel (.xlsx) ${OR_COPY}`,
    );
  }
  if (kind === 'rtf') {
    throw new FileTableError(`Файл „${name}“ — документ RTF. Сохраните его в Word как .docx ${OR_COPY}`);
  }
  if (kind !== 'zip') throw notSupported(name);

  const archive = await reading(name, () => openZip(data, ARCHIVE_LIMITS));
  if (archive.has('word/document.xml')) return { type: 'docx', archive };
  if (archive.has('xl/workbook.xml')) return { type: 'xlsx', archive };
  if (archive.has('xl/workbook.bin')) {
    throw new FileTableError(`Файл „${name}“ — двоичная книга Excel (.xlsb). Сохраните её как «Книга Excel (.xlsx)» ${OR_COPY}`);
  }
  const small = (archive.entries.get('mimetype')?.size ?? Number.POSITIVE_INFINITY) <= MAX_MIMETYPE_BYTES;
  const mimetype = small ? await reading(name, () => archive.readText('mimetype', MAX_MIMETYPE_BYTES)) : undefined;
  if (mimetype?.startsWith(OPENDOCUMENT_PREFIX)) {
    throw new FileTableError(
      `Файл „${name}“ сохранён в формате OpenDocument (.odt, .ods). Сохраните его как .docx или .xlsx (в LibreOffice: «Файл → Сохранить как») ${OR_COPY}`,
    );
  }
  throw notSupported(name);
}

// ---------------------------------------------------------------------------------------------
// Shared

function hasHeader(rows: readonly string[][]): boolean {
  return rows.slice(0, HEADER_SEARCH_ROWS).some((cells) => detectColumns(cells) !== null);
}

function isEmptyRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell === '');
}

// ---------------------------------------------------------------------------------------------
// Word

/** The little of the DOM that is used here (typed locally: @xmldom/xmldom's types pull in the DOM library). */
interface XmlNode {
  readonly nodeType: number;
  readonly localName?: string | null;
  readonly nodeValue?: string | null;
  readonly childNodes?: ArrayLike<XmlNode>;
  readonly attributes?: ArrayLike<{ readonly localName?: string | null; readonly name: string; readonly value: string }>;
  readonly documentElement?: XmlNode | null;
}

interface XmlParser {
  parseFromString(source: string, mimeType: string): XmlNode;
}

type XmlParserClass = new (options: {
  onError: (level: 'warning' | 'error' | 'fatalError', message: string) => void;
}) => XmlParser;

const require = createRequire(import.meta.url);
const { DOMParser } = require('@xmldom/xmldom') as { DOMParser: XmlParserClass };

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

function children(node: XmlNode): XmlNode[] {
  const list = node.childNodes;
  if (!list) return [];
  const out: XmlNode[] = [];
  for (let i = 0; i < list.length; i++) {
    const child = list[i];
    if (child !== undefined) out.push(child);
  }
  return out;
}

function elements(node: XmlNode): XmlNode[] {
  return children(node).filter((child) => child.nodeType === ELEMENT);
}

function child(node: XmlNode, localName: string): XmlNode | undefined {
  return elements(node).find((el) => el.localName === localName);
}

function attribute(node: XmlNode, localName: string): string | null {
  const list = node.attributes;
  if (!list) return null;
  for (let i = 0; i < list.length; i++) {
    const attr = list[i];
    if (attr && (attr.localName ?? attr.name.replace(/^.*:/, '')) === localName) return attr.value;
  }
  return null;
}

/** Elements that only wrap rows or cells: content controls, custom XML, tracked insertions. */
const WRAPPERS = new Set(['sdt', 'sdtContent', 'customXml', 'ins', 'smartTag']);

/** The `localName` children of `node`, looking through wrappers (never into a nested table). */
function parts(node: XmlNode, localName: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const el of elements(node)) {
    if (el.localName === localName) out.push(el);
    else if (WRAPPERS.has(el.localName ?? '')) out.push(...parts(el, localName));
  }
  return out;
}

/** Subtrees that hold no visible cell text (properties, deleted text, field codes, duplicate fallbacks). */
const SKIPPED = new Set(['pPr', 'rPr', 'tcPr', 'trPr', 'tblPr', 'sectPr', 'delText', 'instrText', 'Fallback', 'del']);

/** The visible text of a cell: paragraphs joined with a space, a nested table flattened. */
function cellText(tc: XmlNode): string {
  const out: string[] = [];
  const stack: Array<XmlNode | ' '> = [tc];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    if (item === ' ') {
      out.push(' ');
      continue;
    }
    if (item.nodeType !== ELEMENT) continue;
    const name = item.localName ?? '';
    if (SKIPPED.has(name)) continue;
    if (name === 't') {
      for (const text of children(item)) if (text.nodeType === TEXT || text.nodeType === CDATA) out.push(text.nodeValue ?? '');
      continue;
    }
    if (name === 'tab' || name === 'ptab' || name === 'br' || name === 'cr') {
      out.push(' ');
      continue;
    }
    if (name === 'noBreakHyphen') {
      out.push('-');
      continue;
    }
    // Children in document order; a paragraph or a cell of a nested table ends with a space.
    if (name === 'p' || name === 'tc') stack.push(' ');
    const list = elements(item);
    for (let i = list.length - 1; i >= 0; i--) stack.push(list[i] as XmlNode);
  }
  return oneLine(out.join(''));
}

function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = value === null ? Number.NaN : Number.parseInt(value, 10);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/** Word's limit is 63 columns. */
const MAX_GRID = 64;

interface WordTable {
  width: number;
  rows: string[][];
}

function wordTable(tbl: XmlNode): WordTable {
  const grid = child(tbl, 'tblGrid');
  const gridColumns = grid ? elements(grid).filter((el) => el.localName === 'gridCol').length : 0;
  const rows: string[][] = [];
  for (const tr of parts(tbl, 'tr')) {
    const cells: string[] = [];
    const trPr = child(tr, 'trPr');
    const before = trPr ? child(trPr, 'gridBefore') : undefined;
    if (before) for (let i = positiveInt(attribute(before, 'val'), 0, MAX_GRID); i > 0; i--) cells.push('');
    for (const tc of parts(tr, 'tc')) {
      const tcPr = child(tc, 'tcPr');
      const span = tcPr ? child(tcPr, 'gridSpan') : undefined;
      const vMerge = tcPr ? child(tcPr, 'vMerge') : undefined;
      const continuation = vMerge !== undefined && attribute(vMerge, 'val') !== 'restart';
      cells.push(continuation ? '' : cellText(tc));
      for (let i = span ? positiveInt(attribute(span, 'val'), 1, MAX_GRID) : 1; i > 1; i--) cells.push('');
    }
    rows.push(cells);
  }
  const width = Math.max(gridColumns, ...rows.map((cells) => cells.length));
  for (const cells of rows) while (cells.length < width) cells.push('');
  return { width, rows };
}

/** Tables of the body in document order, nested ones left inside their cells. */
function topLevelTables(body: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  const stack: XmlNode[] = [body];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node.localName === 'tbl') {
      out.push(node);
      continue;
    }
    if (SKIPPED.has(node.localName ?? '')) continue;
    const list = elements(node);
    for (let i = list.length - 1; i >= 0; i--) stack.push(list[i] as XmlNode);
  }
  return out;
}

/** The text of each paragraph of the body before `table` (direct children of the body only). */
function paragraphsBefore(body: XmlNode, table: XmlNode): string[] {
  const out: string[] = [];
  for (const el of elements(body)) {
    if (el === table) return out;
    if (el.localName === 'p') out.push(cellText(el));
  }
  return [];
}

async function docxRows(archive: ZipArchive, name: string): Promise<{ rows: string[][]; above: string[] }> {
  const declared = archive.entries.get('word/document.xml')?.size ?? 0;
  if (declared > MAX_XML_BYTES) throw tooMuchData(name, declared);
  const xml = await reading(name, () => archive.readText('word/document.xml', MAX_XML_BYTES));
  let fatal = false;
  // A fatal error stops the parser (it throws, caught below); warnings and errors it recovers from are let pass.
  const parser = new DOMParser({
    onError: (level) => {
      if (level === 'fatalError') fatal = true;
    },
  });
  let doc: XmlNode;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch {
    throw damaged(name);
  }
  const root = doc.documentElement;
  const body = root && root.localName === 'document' ? child(root, 'body') : undefined;
  if (fatal || body === undefined) throw damaged(name);

  const nodes = topLevelTables(body);
  const tables = nodes.map(wordTable);
  if (tables.length === 0) {
    throw new FileTableError(
      `В документе „${name}“ нет таблицы. Дорожная карта читается из таблицы Word; если мероприятия написаны текстом, оформите их таблицей ${OR_COPY}`,
    );
  }
  // A table continued on the next page may come as two tables with the same columns: join them.
  const groups: Array<WordTable & { node: XmlNode }> = [];
  tables.forEach((table, index) => {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.width === table.width) last.rows.push(...table.rows);
    else groups.push({ width: table.width, rows: [...table.rows], node: nodes[index] as XmlNode });
  });
  const filled = (group: WordTable) => group.rows.filter((cells) => !isEmptyRow(cells)).length;
  const candidates = groups.filter((group) => filled(group) > 0);
  if (candidates.length === 0) throw new FileTableError(`Таблицы в документе „${name}“ пустые.`);
  const recognised = candidates.filter((group) => hasHeader(group.rows));
  const pool = recognised.length > 0 ? recognised : candidates;
  const chosen = pool.reduce((best, group) => (filled(group) > filled(best) ? group : best));
  if (chosen.rows.length > MAX_TABLE_ROWS) throw tooManyRows(name, chosen.rows.length);
  return { rows: chosen.rows, above: paragraphsBefore(body, chosen.node) };
}

// ---------------------------------------------------------------------------------------------
// Excel

async function xlsxRows(archive: ZipArchive, name: string): Promise<string[][]> {
  const xmlBytes = sheetXmlBytes(archive);
  if (xmlBytes > MAX_XML_BYTES) throw tooMuchData(name, xmlBytes);
  let workbook: ExcelJS.Workbook;
  try {
    workbook = await loadWorkbook(archive);
  } catch (error) {
    if (error instanceof ArchiveError) throw archiveRefusal(error, name);
    throw damaged(name);
  }
  const visible = workbook.worksheets.filter((sheet) => sheet.state === 'visible');
  const hidden = workbook.worksheets.filter((sheet) => sheet.state !== 'visible');
  const sheets = [...visible, ...hidden].map(sheetRows).filter((rows) => rows.length > 0);
  const chosen = sheets.find((rows) => hasHeader(rows.map((row) => row.cells))) ?? sheets[0];
  if (chosen === undefined) throw new FileTableError(`В книге „${name}“ нет заполненных ячеек.`);
  if (chosen.length > MAX_TABLE_ROWS) throw tooManyRows(name, chosen.length);
  const lastLine = chosen[chosen.length - 1]?.line ?? 0;
  if (lastLine > MAX_TABLE_ROWS) return chosen.map((row) => row.cells);
  // Line N of the text is row N of the sheet.
  const lines: string[][] = Array.from({ length: lastLine }, () => []);
  for (const row of chosen) lines[row.line - 1] = row.cells;
  return lines;
}

/** The non-empty rows of a sheet with their row numbers, a merged range's text in its top-left cell only. */
function sheetRows(worksheet: ExcelJS.Worksheet): GridRow[] {
  const grid = sheetGrid(worksheet, { dayOnly: true });
  const rows: GridRow[] = [];
  grid.rows.forEach((row, index) => {
    const cells = row.cells.map((text, col) => {
      const merge = grid.merge(index, col);
      return merge !== null && (merge.top !== index || merge.left !== col) ? '' : text;
    });
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length > 0) rows.push({ line: row.line, cells });
  });
  return rows;
}
