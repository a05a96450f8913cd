/**
 * From a grid to a table, and a table's header to the columns a caller knows: where the header
 * is, what its levels say, which rows are data, and which column is which (matchHeaders).
 *
 * Decisions worth knowing:
 * - Header row = the first row with at least two non-empty cells (a merged cell counts once),
 *   so title rows («Список наставников на 2025/26 учебный год») and empty rows above the table
 *   are skipped.
 * - Two-level headers (a merged «ФИО» over «Фамилия», «Имя», «Отчество») become combined
 *   names, upper part first: «ФИО Фамилия», «ФИО Имя», «Согласие Дата». The combined text keeps
 *   the information of both levels («Наставник ФИО» vs «Наставляемый ФИО»), and matchHeaders
 *   handles it: a header matches a spec when it contains all words of the spec's header or an
 *   alias, and among several such specs the one that contains the header's last word (the
 *   lower, more specific level) wins. So «ФИО Фамилия» goes to «Фамилия», not to «ФИО»,
 *   while a one-level «Фамилия» matches exactly.
 */

import type { Grid, GridSheet } from './grid.js';
import { MAX_ROWS } from './limits.js';
import { rowsWord, SpreadsheetError } from './messages.js';

/** At most this many header rows are combined (a two- or three-level header). */
const MAX_HEADER_LEVELS = 3;

export interface Table {
  /** Column names; an empty string for a column without a name. */
  header: string[];
  /** Data rows without empty ones; `cells` has exactly `header.length` items. */
  rows: Array<{ line: number; cells: string[] }>;
}

export interface ColumnSpec {
  key: string;
  header: string;
  aliases?: string[];
  required?: boolean;
}

export interface HeaderMatch {
  /** spec key → 0-based index into the header. */
  columns: Record<string, number>;
  missing: ColumnSpec[];
  /** Original texts of named columns that are not used (matched nothing, or lost to a better column). */
  unknown: string[];
  /** Headers (spec.header) of specs matched equally well by two or more columns. */
  duplicates: string[];
}

// ---------------------------------------------------------------------------------------------
// The table of a grid

/** The first table of the grid's sheets; throws SpreadsheetError when there is none. */
export function tableFromGrid(grid: Grid, name: string): Table {
  let headerOnly = false;
  for (const sheet of grid.sheets) {
    const table = tableFromSheet(sheet, name);
    if (table === 'no-header') continue;
    if (table === 'no-rows') {
      headerOnly = true;
      continue;
    }
    return table;
  }
  if (headerOnly) throw new SpreadsheetError(`В файле «${name}» есть заголовки столбцов, но нет ни одной строки с данными.`);
  if (grid.sheets.every((sheet) => sheet.rows.every((row) => row.cells.every((cell) => cell === '')))) {
    throw new SpreadsheetError(`Файл «${name}» пустой: в нём нет ни одной заполненной ячейки.`);
  }
  throw new SpreadsheetError(
    `В файле «${name}» не найдена строка с названиями столбцов. Над данными должна быть строка, где подписаны хотя бы два столбца.`,
  );
}

function distinctFilled(sheet: GridSheet, index: number): number {
  const row = sheet.rows[index]!;
  let count = 0;
  for (let col = 0; col < row.cells.length; col++) {
    if (row.cells[col] === '') continue;
    const merge = sheet.merge(index, col);
    if (merge && (merge.left !== col || merge.top !== index)) continue; // counted at the master cell
    count++;
  }
  return count;
}

function covered(cells: string[]): number {
  return cells.reduce((count, cell) => (cell === '' ? count : count + 1), 0);
}

/**
 * The header row: at least two filled cells (a merged cell counts once, so a title merged across
 * the table is skipped), and not much sparser than the rows under it — so that two loose cells
 * above the table («Приложение 2» … «к приказу № 15») are not taken for the header.
 */
function isHeaderRow(sheet: GridSheet, index: number): boolean {
  if (distinctFilled(sheet, index) < 2) return false;
  const own = covered(sheet.rows[index]!.cells);
  const below = sheet.rows.slice(index + 1, index + 11).map((row) => covered(row.cells));
  return own * 2 >= Math.max(0, ...below);
}

function lastFilled(cells: string[]): number {
  for (let col = cells.length - 1; col >= 0; col--) if (cells[col] !== '') return col;
  return -1;
}

function tableFromSheet(sheet: GridSheet, name: string): Table | 'no-header' | 'no-rows' {
  const headerIndex = sheet.rows.findIndex((_, index) => isHeaderRow(sheet, index));
  if (headerIndex < 0) return 'no-header';

  // The header block: the header row plus rows below it that hold the lower levels of merged headers.
  const block = [headerIndex];
  while (block.length < MAX_HEADER_LEVELS && isSubHeader(sheet, block, headerIndex)) {
    block.push(block[block.length - 1]! + 1);
  }
  const width = Math.max(...block.map((index) => lastFilled(sheet.rows[index]!.cells))) + 1;

  const header: string[] = [];
  for (let col = 0; col < width; col++) {
    const sameAsPrevious = col > 0 && block.every((index) => sameMerge(sheet, index, col, col - 1));
    if (sameAsPrevious) {
      header.push('');
      continue;
    }
    const parts: string[] = [];
    for (const index of block) {
      const text = sheet.rows[index]!.cells[col] ?? '';
      if (text !== '' && parts[parts.length - 1] !== text) parts.push(text);
    }
    header.push(parts.join(' '));
  }

  const rows: Table['rows'] = [];
  let count = 0;
  for (let index = block[block.length - 1]! + 1; index < sheet.rows.length; index++) {
    const source = sheet.rows[index]!;
    const cells = source.cells.slice(0, width);
    if (cells.every((cell) => cell === '')) continue;
    if (count === 0 && isNumberingRow(cells, header)) continue;
    count++;
    if (count > MAX_ROWS) continue; // keep counting for the message, stop storing
    while (cells.length < width) cells.push('');
    rows.push({ line: source.line, cells });
  }
  if (count > MAX_ROWS) {
    throw new SpreadsheetError(
      `В файле ${count.toLocaleString('ru-RU')} ${rowsWord(count)}, за один раз можно загрузить не больше ${MAX_ROWS.toLocaleString('ru-RU')}. Разделите таблицу «${name}» на несколько файлов.`,
    );
  }
  if (rows.length === 0) return 'no-rows';
  return { header, rows };
}

function sameMerge(sheet: GridSheet, index: number, a: number, b: number): boolean {
  const first = sheet.merge(index, a);
  return first !== null && first.id === sheet.merge(index, b)?.id;
}

/**
 * The row after the block is a lower header level when every filled cell in it is either
 * the continuation of a merged header cell above (vertical merge) or lies under a header cell
 * merged across several columns — and there is at least one of the latter. A data row always
 * has some value under a plain, unmerged header cell, or no merged header above it at all.
 */
function isSubHeader(sheet: GridSheet, block: number[], headerIndex: number): boolean {
  const last = block[block.length - 1]!;
  const next = last + 1;
  const row = sheet.rows[next];
  // Header levels sit on consecutive sheet lines.
  if (!row || row.line !== sheet.rows[last]!.line + 1) return false;
  let underWide = false;
  for (let col = 0; col < row.cells.length; col++) {
    if (row.cells[col] === '') continue;
    const own = sheet.merge(next, col);
    if (own && own.top <= last && own.top >= headerIndex) continue;
    const above = sheet.merge(last, col);
    if (above && above.left !== above.right && above.top >= headerIndex) {
      underWide = true;
      continue;
    }
    return false;
  }
  return underWide;
}

/** A row «1 2 3 4 …» under the header, as in official forms. */
function isNumberingRow(cells: string[], header: string[]): boolean {
  const filled = cells.filter((cell) => cell !== '');
  const named = header.filter((text) => text !== '').length;
  if (filled.length < 3 || filled.length * 2 < named) return false;
  return filled.every((cell, index) => cell === String(index + 1));
}

// ---------------------------------------------------------------------------------------------
// Header matching

const DROPPED = /[.'’‘`´"«»„“”‹›\-\u00ad]/g;

/** Lower case, ё→е, no punctuation, single spaces; runs of single letters are joined («ф и о» → «фио»). */
export function normalizeHeader(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(DROPPED, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  const joined: string[] = [];
  let previousSingle = false;
  for (const word of words) {
    const single = /^\p{L}$/u.test(word);
    if (single && previousSingle) joined[joined.length - 1] += word;
    else joined.push(word);
    previousSingle = single;
  }
  return joined.join(' ');
}

/** Drops a Russian inflection ending (trailing vowels, й, ь) so that «рождения» = «рождение», «даты» = «дата». */
function stem(word: string): string {
  const stripped = word.replace(/[аеиоуыэюяйь]+$/u, '');
  return stripped.length >= 3 ? stripped : word;
}

interface Pattern {
  text: string;
  words: Set<string>;
}

function pattern(text: string): Pattern {
  const normal = normalizeHeader(text);
  return { text: normal, words: new Set(normal === '' ? [] : normal.split(' ').map(stem)) };
}

/** [level, words of the matched alias, 1 when it covers the header's last word]; level 3 equal text, 2 same words, 1 contains. */
type Score = [number, number, number];

function scoreOf(header: Pattern, lastWord: string, candidate: Pattern): Score | null {
  if (candidate.words.size === 0) return null;
  if (header.text === candidate.text) return [3, 0, 0];
  for (const word of candidate.words) if (!header.words.has(word)) return null;
  if (candidate.words.size === header.words.size) return [2, 0, 0];
  return [1, candidate.words.size, candidate.words.has(lastWord) ? 1 : 0];
}

function better(a: Score, b: Score | null): boolean {
  if (!b) return true;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index]! > b[index]!;
  return false;
}

/**
 * Assigns header columns to specs. Each column goes to its best spec (equal text, then the same
 * words in any order, then «contains all words of the header or an alias», preferring longer
 * aliases and the one with the header's last word; ties go to the earlier spec). When several
 * columns go to one spec, the one with the strongest kind of match keeps it and the others are
 * reported as unknown; if the strongest kind is shared, the spec is a duplicate (the first column
 * is still put into `columns`).
 */
export function matchHeaders(header: string[], specs: ColumnSpec[]): HeaderMatch {
  const patterns = specs.map((spec) => [spec.header, ...(spec.aliases ?? [])].map(pattern));
  const claims = new Map<number, Array<{ column: number; level: number }>>();
  const unknown: Array<{ column: number; text: string }> = [];

  header.forEach((text, column) => {
    const own = pattern(text);
    if (own.text === '') {
      if (text.trim() !== '') unknown.push({ column, text: text.trim() });
      return;
    }
    const lastWord = stem(own.text.split(' ').pop()!);
    let found: { spec: number; score: Score } | null = null;
    for (const [spec, candidates] of patterns.entries()) {
      for (const candidate of candidates) {
        const score = scoreOf(own, lastWord, candidate);
        if (score && better(score, found?.score ?? null)) found = { spec, score };
      }
    }
    if (!found) {
      unknown.push({ column, text: text.trim() });
      return;
    }
    const list = claims.get(found.spec) ?? [];
    list.push({ column, level: found.score[0] });
    claims.set(found.spec, list);
  });

  const columns: Record<string, number> = {};
  const duplicates: string[] = [];
  specs.forEach((spec, index) => {
    const list = claims.get(index);
    if (!list) return;
    const top = Math.max(...list.map((claim) => claim.level));
    const winners = list.filter((claim) => claim.level === top);
    columns[spec.key] = winners[0]!.column;
    if (winners.length > 1) duplicates.push(spec.header);
    for (const claim of list) if (claim.level < top) unknown.push({ column: claim.column, text: header[claim.column]!.trim() });
  });

  return {
    columns,
    missing: specs.filter((spec) => spec.required && columns[spec.key] === undefined),
    unknown: unknown.sort((a, b) => a.column - b.column).map((item) => item.text),
    duplicates,
  };
}
