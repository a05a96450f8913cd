/**
 * Reads a «План мероприятий (дорожная карта)» pasted from Word or Excel: tab-separated cells, one
 * table row per line — except that a cell with line breaks spills onto the next physical line(s).
 * Pure: no database, no HTTP.
 *
 * What it does, line by line:
 * - Empty lines, lines of dashes («-----	---	…») and the row of column numbers («1	2	3	4	5»)
 *   are skipped.
 * - The header row is found by its Russian words, whatever the order of the columns (see
 *   `detectColumns`); its cells may themselves spill onto following lines. Without a header the
 *   documents' standard order is used: №, activity, deadline, responsible, result. A mapping given
 *   in the options (the user fixed it in the UI) wins over both. A second, different header after
 *   the data (e.g. the indicators table that follows a roadmap) stops the reading.
 * - A line whose number cell holds a number is a row. A number without a dot-part («1», «1.», «2»)
 *   with just a title and otherwise empty cells is a section; so is a line «1. Title» whose other
 *   cells are empty (a line without tabs only when its number follows the previous section's,
 *   so that a numbered list inside a cell is not taken for a section). Anything else numbered is an
 *   item; numbers are normalised («1.1.» → «1.1»).
 * - Any other line continues the previous row: its cells are appended by position (a line without
 *   tabs goes to the activity), joined with a space. Exception: a line without a number that has an
 *   activity, a deadline that reads on its own and a responsible or a result is a separate item
 *   with an empty number (reported) — the district roadmap has such a row after 5.5.
 * - Cell text: HTML tags (`<p>`, `<ul …>`, `<li>`) removed, entities decoded, whitespace collapsed.
 * - A row with more cells than columns loses empty cells from the right (reported); what still does
 *   not fit is appended to the last column (reported).
 *
 * Another layout is read too (`tableLines`): a Word table saved or copied as plain text where every
 * cell stands on its own line (usually indented by a tab) and the rows are separated by blank lines.
 * Such a text is turned into the layout above first — each block of lines from the header on
 * becomes one row at the line of its first cell — so that the rules and line numbers stay the same.
 *
 * Problems (in Russian, for the user): duplicate numbers, gaps in numbering, items outside their
 * section, unnumbered items, unreadable or out-of-period deadlines, missing deadlines, extra cells,
 * skipped lines.
 */

import { cleanCellText, type Deadline, parseDeadline } from './deadline.js';
import { shorten } from '../../lib/ru.js';

/** Which column (0-based) holds what. `null`: the table has no such column. */
export interface ColumnMapping {
  number: number;
  activity: number;
  deadline: number | null;
  responsible: number | null;
  result: number | null;
  expected: number | null;
}

export interface ReadRow {
  /** 1-based line of the pasted text where the row starts. */
  line: number;
  /** Normalised item number («1.1»), '' for an item without a number. */
  number: string;
  /** The item's section as «1. Нормативное обеспечение …», null before any section. */
  section: string | null;
  activity: string;
  result: string | null;
  deadlineText: string | null;
  responsible: string | null;
  expected: string | null;
  deadline: Deadline | null;
}

export interface ReadProblem {
  line: number;
  /** In Russian, for the user. */
  message: string;
}

export interface ReadResult {
  columns: ColumnMapping;
  rows: ReadRow[];
  sections: Array<{ number: string; title: string }>;
  problems: ReadProblem[];
}

export interface ReadOptions {
  periodFrom: number;
  periodTo: number;
  mapping?: ColumnMapping;
}

/** №, activity, deadline, responsible, result — the order of both known documents. */
export const STANDARD_MAPPING: Readonly<ColumnMapping> = Object.freeze({
  number: 0,
  activity: 1,
  deadline: 2,
  responsible: 3,
  result: 4,
  expected: null,
});

type ColumnKind = keyof ColumnMapping;

/** Header words per column; the first matching kind wins, so the order matters. */
const HEADER_WORDS: ReadonlyArray<readonly [ColumnKind, RegExp]> = [
  ['expected', /ожидаем/],
  ['number', /^(?:№|n|#|no)\s*\.?\s*(?:п\s*\/\s*п\.?)?$|^п\s*\/\s*п\.?$|^номер/],
  ['responsible', /ответствен|исполнител/],
  ['deadline', /срок|дата|период/],
  ['result', /результат|вид документа|форма|документ|отчет/],
  ['activity', /наименовани|мероприяти|содержани|название/],
];

function headerKind(cell: string): ColumnKind | null {
  const text = cell.toLowerCase().replace(/ё/g, 'е').trim();
  if (text === '') return null;
  for (const [kind, re] of HEADER_WORDS) if (re.test(text)) return kind;
  return null;
}

/** Header cells are short titles, and none of them is an item number. */
function headerShaped(texts: readonly string[]): boolean {
  const filled = texts.filter((t) => t !== '');
  return filled.length >= 2 && filled.every((t) => t.length <= HEADER_CELL_MAX && itemNumber(t) === null);
}

const HEADER_CELL_MAX = 80;

/**
 * The column mapping a header row describes, or null when the cells are not a roadmap header.
 * A header needs an activity column and at least one of deadline / responsible / result; the
 * number column, if not named, is the first unnamed column.
 */
export function detectColumns(cells: readonly string[]): ColumnMapping | null {
  const texts = cells.map(cleanCellText);
  if (!headerShaped(texts)) return null;
  const found: Partial<Record<ColumnKind, number>> = {};
  texts.forEach((text, index) => {
    const kind = headerKind(text);
    if (kind !== null && found[kind] === undefined) found[kind] = index;
  });
  const activity = found.activity;
  if (activity === undefined) return null;
  if (found.deadline === undefined && found.responsible === undefined && found.result === undefined) return null;
  let number = found.number;
  if (number === undefined) {
    const taken = new Set(Object.values(found));
    number = cells.findIndex((_cell, index) => !taken.has(index));
    if (number < 0) return null;
  }
  return {
    number,
    activity,
    deadline: found.deadline ?? null,
    responsible: found.responsible ?? null,
    result: found.result ?? null,
    expected: found.expected ?? null,
  };
}

/** «№ п/п | Наименование показателя | 2022 г. …»: the header of some other table. */
function looksLikeHeader(cells: readonly string[]): boolean {
  if (!headerShaped(cells)) return false;
  const kinds = cells.map(headerKind);
  return kinds.includes('number') && kinds.includes('activity');
}

/** A number cell: «1», «1.», «1.1.», «3.1.2» → normalised without the trailing dot. */
function itemNumber(cell: string): string | null {
  const m = /^(\d{1,3}(?:\.\d{1,3})*)\.?$/.exec(cell.replace(/\s+/g, ''));
  return m ? (m[1] ?? null) : null;
}

/** «1. Нормативное обеспечение …» in a single cell. */
const SECTION_IN_CELL = /^(\d{1,3})\.?\s+(\S.*)$/;

function isSeparatorLine(raw: string): boolean {
  return /^[\s\-–—_=|+*.:]*$/.test(raw) && /[-–—_=]{3}/.test(raw);
}

/** «1	2	3	4	5» (or separated by spaces): the row of column numbers under the header. */
function isColumnNumbersRow(raw: string): boolean {
  const tokens = raw.split(/[\s\u00a0]+/).filter((t) => t !== '');
  return tokens.length >= 3 && tokens.every((t, i) => t === String(i + 1));
}

function maxIndex(m: ColumnMapping): number {
  return Math.max(m.number, m.activity, m.deadline ?? -1, m.responsible ?? -1, m.result ?? -1, m.expected ?? -1);
}

/** A quoted piece of the user's text in a message. */
const quoted = (text: string) => shorten(text, 60);

function rowName(number: string, line: number): string {
  return number === '' ? `Строка ${line}` : `Пункт ${number}`;
}

interface SectionDraft {
  number: string;
  title: string[];
  line: number;
}

interface ItemDraft {
  kind: 'item';
  line: number;
  number: string;
  /** Raw cell texts, continuation lines appended with a space. */
  cells: string[];
  section: SectionDraft | null;
}

interface SectionRowDraft {
  kind: 'section';
  section: SectionDraft;
}

type Draft = ItemDraft | SectionRowDraft;

function appendCell(cells: string[], index: number, text: string): void {
  while (cells.length <= index) cells.push('');
  const current = cells[index] ?? '';
  cells[index] = current.trim() === '' ? text : `${current} ${text}`;
}

/**
 * Makes the cells fit `count` columns: trailing empty cells go first, then empty cells from the
 * right (a stray empty cell shifts the result one column to the right in the district roadmap),
 * and what still does not fit is appended to the last column.
 */
function fitCells(
  cells: string[],
  count: number,
  numberIndex: number,
): { cells: string[]; removedEmpty: number; merged: boolean } {
  const out = [...cells];
  while (out.length > count && cleanCellText(out[out.length - 1] ?? '') === '') out.pop();
  let removedEmpty = 0;
  for (let i = out.length - 2; i >= 0 && out.length > count; i--) {
    if (i !== numberIndex && cleanCellText(out[i] ?? '') === '') {
      out.splice(i, 1);
      removedEmpty++;
    }
  }
  let merged = false;
  if (out.length > count) {
    const overflow = out.splice(count).filter((c) => cleanCellText(c) !== '');
    if (overflow.length > 0) {
      appendCell(out, count - 1, overflow.join(' '));
      merged = true;
    }
  }
  return { cells: out, removedEmpty, merged };
}

function deadlineYears(d: Deadline): [number, number] | null {
  switch (d.kind) {
    case 'date':
      return [Number(d.date.slice(0, 4)), Number(d.date.slice(0, 4))];
    case 'range':
      return [Number(d.from.slice(0, 4)), Number(d.to.slice(0, 4))];
    case 'periods':
      return [Number(d.periods[0]?.from.slice(0, 4)), Number(d.periods[d.periods.length - 1]?.to.slice(0, 4))];
    case 'recurring':
      return [d.fromYear, d.toYear];
    case 'continuous':
      return null;
  }
}

function parentOf(number: string): string {
  const dot = number.lastIndexOf('.');
  return dot < 0 ? '' : number.slice(0, dot);
}

function lastPart(number: string): number {
  return Number(number.slice(number.lastIndexOf('.') + 1));
}

/** A header of the «one cell per line» layout has fewer lines than this. */
const MAX_HEADER_CELLS = 12;

/** Leading tabs and spaces of a line, a tab counting as four spaces. */
function indentOf(line: string): number {
  const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
  let width = 0;
  for (const ch of lead) width += ch === '\t' ? 4 : 1;
  return width;
}

/**
 * The «one cell per line» layout turned into one row per line, or null when the text is not in it.
 * The layout: no line has text on both sides of a tab, some block of lines (lines between blank
 * ones) is a header, one cell per line, and a block after it begins with an item number («1.1.»)
 * on a line of its own. From that header on, each block is a row: its lines are
 * its cells, joined by tabs at the line of the first one; the other lines of the block become
 * empty. A line that holds only a tab is an empty cell (unless the blocks themselves are separated
 * by such lines); a line indented deeper than the other cells of its block continues the cell above.
 * Lines before the header are left as they are.
 */
function cellPerLine(lines: readonly string[]): string[] | null {
  if (lines.some((line) => /\S\t+\S/.test(line))) return null;
  const blank = (line: string) => line.trim() === '';
  // Whether a line of whitespace with a tab in it is an empty cell or a separator.
  const emptyCellsWritten = lines.some((line) => line === '' || /^[ \r]+$/.test(line));
  const separator = (line: string) => blank(line) && (!emptyCellsWritten || !line.includes('\t'));
  const blocks: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (separator(lines[i] ?? '')) continue;
    const start = i;
    while (i + 1 < lines.length && !separator(lines[i + 1] ?? '')) i++;
    blocks.push({ start, end: i });
  }
  const cellsOf = (block: { start: number; end: number }): string[] => {
    const cells: string[] = [];
    // The cells' indentation: that of the lines after the first (the number often stands unindented).
    const rest = lines.slice(block.start + 1, block.end + 1).filter((line) => !blank(line));
    const base = rest.length === 0 ? 0 : Math.min(...rest.map(indentOf));
    for (let i = block.start; i <= block.end; i++) {
      const line = lines[i] ?? '';
      const text = line.trim();
      const last = cells.length - 1;
      if (i > block.start + 1 && text !== '' && indentOf(line) > base && last >= 1) cells[last] = `${cells[last]} ${text}`;
      else cells.push(text);
    }
    while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
    return cells;
  };
  const headerAt = blocks.findIndex(
    (block) => block.end > block.start && block.end - block.start < MAX_HEADER_CELLS && detectColumns(cellsOf(block)) !== null,
  );
  if (headerAt < 0) return null;
  // Some row after the header begins with an item number, as its own cell.
  if (!blocks.slice(headerAt + 1).some((block) => itemNumber(cellsOf(block)[0] ?? '') !== null)) return null;
  const out = [...lines];
  for (const block of blocks.slice(headerAt)) {
    const cells = cellsOf(block);
    for (let i = block.start; i <= block.end; i++) out[i] = '';
    out[block.start] = cells.join('\t');
  }
  return out;
}

/**
 * The lines of a pasted table, one table row per line (a cell may still spill onto the next
 * line): the text as it is, or the «one cell per line» layout turned into rows (see `cellPerLine`).
 */
export function tableLines(text: string): string[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  return cellPerLine(lines) ?? lines;
}

/** Reads the pasted table. See the module comment for the rules. */
export function readPastedTable(text: string, options: ReadOptions): ReadResult {
  const period = { periodFrom: options.periodFrom, periodTo: options.periodTo };
  const problems: ReadProblem[] = [];
  const lines = tableLines(text);

  let mapping: ColumnMapping | null = options.mapping ? { ...options.mapping } : null;
  let headerCells: string[] | null = null;
  let headerText = '';
  let headerLine = 0;
  const drafts: Draft[] = [];
  let currentSection: SectionDraft | null = null;
  const sections: SectionDraft[] = [];

  const columns = (): ColumnMapping => mapping ?? STANDARD_MAPPING;
  /** Non-empty lines before the table (a title, the text above the header): skipped, reported once. */
  const skipped: Array<{ line: number; text: string }> = [];
  // When there is a header, everything above it is not the table (a title, a numbered list of tasks…).
  const firstHeader = lines.findIndex((raw) => detectColumns(raw.split('\t')) !== null);

  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const line = index + 1;
    const rawCells = raw.split('\t');
    const cells = rawCells.map(cleanCellText);
    if (cells.every((c) => c === '')) continue;
    if (index < firstHeader) {
      skipped.push({ line, text: cells.join(' ').trim() });
      continue;
    }
    if (isSeparatorLine(raw) || isColumnNumbersRow(cells.join(' '))) continue;

    const dataStarted = drafts.length > 0;
    const header = detectColumns(cells);
    if (header !== null && !dataStarted && headerCells === null) {
      headerCells = [...rawCells];
      headerText = cells.join('\t');
      headerLine = line;
      if (!options.mapping) mapping = header;
      continue;
    }
    // (Before the data, a header-like line continues the header's spilled cells: handled below.)
    if (dataStarted && (header !== null || looksLikeHeader(cells))) {
      if (cells.join('\t') === headerText) continue; // the header repeated (e.g. on a new page)
      problems.push({ line, message: `Строка ${line}: найден заголовок другой таблицы — чтение остановлено на этой строке` });
      break;
    }

    const m = columns();
    const numberCell = cells[m.number] ?? '';
    const number = itemNumber(numberCell);
    const nonEmpty = cells.map((c, i) => (c !== '' ? i : -1)).filter((i) => i >= 0);

    if (number !== null) {
      const others = nonEmpty.filter((i) => i !== m.number);
      if (!number.includes('.') && others.length <= 1) {
        const titleIndex = others[0];
        const section: SectionDraft = { number, title: titleIndex === undefined ? [] : [rawCells[titleIndex] ?? ''], line };
        if (titleIndex === undefined) problems.push({ line, message: `Строка ${line}: раздел ${number} без названия` });
        sections.push(section);
        drafts.push({ kind: 'section', section });
        currentSection = section;
        continue;
      }
      drafts.push({ kind: 'item', line, number, cells: [...rawCells], section: currentSection });
      continue;
    }

    // «1. Нормативное обеспечение …» alone on the line (with or without empty cells after it).
    const only = nonEmpty.length === 1 ? nonEmpty[0] : undefined;
    const sectionInCell =
      only !== undefined && only === Math.min(m.number, m.activity) ? SECTION_IN_CELL.exec(cells[only] ?? '') : null;
    if (sectionInCell) {
      const sectionNumber = sectionInCell[1] ?? '';
      const expected = currentSection === null ? null : String(Number(currentSection.number) + 1);
      // A line without tabs may be a numbered list spilled from a cell: a section only in sequence.
      const acceptable = rawCells.length > 1 || (currentSection === null ? !dataStarted : sectionNumber === expected);
      if (acceptable) {
        const section: SectionDraft = { number: sectionNumber, title: [sectionInCell[2] ?? ''], line };
        sections.push(section);
        drafts.push({ kind: 'section', section });
        currentSection = section;
        continue;
      }
    }

    // Not numbered: the header's spilled cells, a stray line before the table, or a continuation.
    if (!dataStarted) {
      if (headerCells !== null) {
        rawCells.forEach((cell, i) => {
          if (cleanCellText(cell) !== '' && headerCells) appendCell(headerCells, i, cell);
        });
        const redetected = detectColumns(headerCells);
        if (redetected !== null && !options.mapping) mapping = redetected;
      } else {
        skipped.push({ line, text: cells.join(' ').trim() });
      }
      continue;
    }

    const previous = drafts[drafts.length - 1];
    if (previous === undefined) continue;

    const activityText = cells[m.activity] ?? '';
    const deadlineCell = m.deadline === null ? '' : (cells[m.deadline] ?? '');
    const fullRow =
      rawCells.length > 1 &&
      activityText !== '' &&
      deadlineCell !== '' &&
      parseDeadline(deadlineCell, period) !== null &&
      ((m.responsible !== null && (cells[m.responsible] ?? '') !== '') || (m.result !== null && (cells[m.result] ?? '') !== ''));
    if (fullRow) {
      problems.push({
        line,
        message: `Строка ${line}: мероприятие без номера («${quoted(activityText)}») — добавлено отдельным пунктом, проверьте нумерацию`,
      });
      drafts.push({ kind: 'item', line, number: '', cells: [...rawCells], section: currentSection });
      continue;
    }

    if (previous.kind === 'section') {
      previous.section.title.push(...rawCells.filter((c) => cleanCellText(c) !== ''));
      continue;
    }
    if (rawCells.length === 1) {
      appendCell(previous.cells, m.activity, raw);
      continue;
    }
    rawCells.forEach((cell, i) => {
      if (cleanCellText(cell) === '') return;
      if (i === m.number) {
        appendCell(previous.cells, m.activity, cell);
        return;
      }
      appendCell(previous.cells, i, cell);
    });
  }

  const firstSkipped = skipped[0];
  const lastSkipped = skipped[skipped.length - 1];
  if (firstSkipped !== undefined && lastSkipped !== undefined) {
    problems.push({
      line: firstSkipped.line,
      message:
        skipped.length === 1
          ? `Строка ${firstSkipped.line}: текст до начала таблицы пропущен («${quoted(firstSkipped.text)}»)`
          : `Строки ${firstSkipped.line}–${lastSkipped.line}: текст до начала таблицы пропущен («${quoted(firstSkipped.text)}» …)`,
    });
  }

  const m = columns();
  const columnCount = Math.max(headerCells?.length ?? 0, maxIndex(m) + 1);
  const sectionLabel = (s: SectionDraft | null): string | null =>
    s === null ? null : `${s.number}. ${cleanCellText(s.title.join(' '))}`.trim();

  const rows: ReadRow[] = [];
  const items = drafts.filter((d): d is ItemDraft => d.kind === 'item');
  for (const draft of items) {
    const fitted = fitCells(draft.cells, columnCount, m.number);
    const name = rowName(draft.number, draft.line);
    if (fitted.removedEmpty > 0) {
      problems.push({
        line: draft.line,
        message: `${name}: в строке больше ячеек, чем столбцов (${draft.cells.length} вместо ${columnCount}); лишние пустые ячейки убраны — проверьте, что текст попал в нужные столбцы`,
      });
    }
    if (fitted.merged) {
      problems.push({ line: draft.line, message: `${name}: текст из лишних ячеек добавлен в последний столбец` });
    }
    const cell = (i: number | null): string | null => {
      if (i === null) return null;
      const value = cleanCellText(fitted.cells[i] ?? '');
      return value === '' ? null : value;
    };
    const deadlineText = cell(m.deadline);
    const deadline = deadlineText === null ? null : parseDeadline(deadlineText, period);
    rows.push({
      line: draft.line,
      number: draft.number,
      section: sectionLabel(draft.section),
      activity: cell(m.activity) ?? '',
      result: cell(m.result),
      deadlineText,
      responsible: cell(m.responsible),
      expected: cell(m.expected),
      deadline,
    });
  }

  // Checks over the whole table.
  const firstLineOf = new Map<string, number>();
  rows.forEach((row, i) => {
    const name = rowName(row.number, row.line);
    if (row.activity === '') problems.push({ line: row.line, message: `${name}: не указано наименование мероприятия` });
    if (row.number !== '') {
      const first = firstLineOf.get(row.number);
      if (first !== undefined) {
        problems.push({ line: row.line, message: `Номер ${row.number} повторяется (строки ${first} и ${row.line})` });
      } else {
        firstLineOf.set(row.number, row.line);
      }
      const draft = items[i];
      const sectionNumber = draft?.section?.number;
      const top = row.number.split('.')[0];
      if (sectionNumber !== undefined && row.number.includes('.') && top !== sectionNumber) {
        problems.push({ line: row.line, message: `Пункт ${row.number} стоит в разделе ${sectionNumber}` });
      }
      const before = rows[i - 1];
      if (before !== undefined && before.number !== '' && parentOf(before.number) === parentOf(row.number)) {
        const gap = lastPart(row.number) - lastPart(before.number);
        if (gap > 1)
          problems.push({ line: row.line, message: `После пункта ${before.number} идёт ${row.number} — пропущен номер?` });
      }
    }
    if (row.deadlineText === null) {
      const next = rows[i + 1];
      const isGroup = row.number !== '' && next !== undefined && next.number.startsWith(`${row.number}.`);
      if (!isGroup) problems.push({ line: row.line, message: `${name}: не указан срок` });
    } else if (row.deadline === null) {
      problems.push({
        line: row.line,
        message: `${name}: срок «${quoted(row.deadlineText)}» не распознан — укажите его вручную`,
      });
    } else {
      const years = deadlineYears(row.deadline);
      if (years !== null && (years[0] < period.periodFrom || years[1] > period.periodTo)) {
        problems.push({
          line: row.line,
          message: `${name}: срок «${quoted(row.deadlineText)}» выходит за период дорожной карты (${period.periodFrom}–${period.periodTo})`,
        });
      }
    }
  });
  const sectionNumbers = new Map<string, number>();
  for (const s of sections) {
    const first = sectionNumbers.get(s.number);
    if (first !== undefined)
      problems.push({ line: s.line, message: `Номер раздела ${s.number} повторяется (строки ${first} и ${s.line})` });
    else sectionNumbers.set(s.number, s.line);
  }
  if (headerLine === 0 && !options.mapping && rows.length > 0) {
    problems.push({
      line: rows[0]?.line ?? 1,
      message: 'Строка заголовка не найдена — столбцы взяты по порядку: №, мероприятие, срок, ответственный, результат',
    });
  }
  problems.sort((a, b) => a.line - b.line);

  return {
    columns: { ...m },
    rows,
    sections: sections.map((s) => ({ number: s.number, title: cleanCellText(s.title.join(' ')) })),
    problems,
  };
}

/** One JSON line for the CLI, keys in this exact order. */
export function toJsonLine(row: ReadRow): string {
  return JSON.stringify({
    number: row.number,
    section: row.section,
    activity: row.activity,
    result: row.result,
    deadlineText: row.deadlineText,
    deadline: row.deadline,
    responsible: row.responsible,
  });
}
