/**
 * The years a roadmap document is written for, read from its title: «План мероприятий … на
 * 2021-2022 учебный год», «… на 2022 - 2024 годы», «на 2023 год», «на период 2022–2024 гг.». Pure.
 *
 * Only the text above the table is looked at (a deadline or an activity inside the table names
 * years too), and of several such phrases the one nearest to the table wins: it belongs to the
 * plan's own title, the ones above it to the order that approves the plan. A phrase whose years
 * cannot be a roadmap's period (backwards, more than ten years, outside 2000–2100) is not taken.
 */

import { cleanCellText } from './deadline.js';
import { detectColumns, tableLines } from './table-reader.js';

export interface DocumentPeriod {
  from: number;
  to: number;
  /** 1-based line of the text where the phrase stands (0 when it came from outside the table text). */
  line: number;
  /** The phrase as written, e.g. «на 2021-2022 учебный год». */
  phrase: string;
}

/** Same bounds as the roadmap form's period. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const MAX_SPAN = 10;

const PERIOD_PHRASE =
  /(?<![а-яё])на\s+(?:период\s+)?(?:с\s+)?(\d{4})(?:\s*(?:[-‐-―−/]|по)\s*(\d{4}|\d{2}))?\s*(?:г\.?\s*г\.?|гг\.?|годы|годов|год|г\.?|(?:уч\.?|учебн(?:ый|ые|ого|ых))\s*(?:г\.?|гг\.?|год[а-я]*))(?![а-яё])/i;

/** The period named in one line of text, or null. */
export function periodInLine(text: string): Omit<DocumentPeriod, 'line'> | null {
  const m = PERIOD_PHRASE.exec(cleanCellText(text).replace(/ё/g, 'е'));
  if (!m) return null;
  const from = Number(m[1]);
  const second = m[2];
  const to = second === undefined ? from : second.length === 2 ? Number(String(from).slice(0, 2) + second) : Number(second);
  if (from < MIN_YEAR || to > MAX_YEAR || to < from || to - from > MAX_SPAN) return null;
  return { from, to, phrase: m[0].trim() };
}

/** The period named in some of `lines` (1-based line numbers from `firstLine`), the last one first. */
export function periodInLines(lines: readonly string[], firstLine = 1): DocumentPeriod | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const found = periodInLine(lines[i] ?? '');
    if (found) return { ...found, line: firstLine === 0 ? 0 : firstLine + i };
  }
  return null;
}

const NUMBERED_ROW = /^\s*\d{1,3}(?:\.\d{1,3})*\.?\s*(?:\t|$)/;

/**
 * The period a pasted or saved roadmap table names above itself: the lines before its header row
 * (or, without a header, before its first numbered row). Null when there is none.
 */
export function documentPeriod(text: string): DocumentPeriod | null {
  const lines = tableLines(text);
  let end = lines.findIndex((line) => detectColumns(line.split('\t')) !== null);
  if (end < 0) end = lines.findIndex((line) => NUMBERED_ROW.test(line));
  if (end < 0) end = lines.length;
  return periodInLines(lines.slice(0, end));
}

/** «2021–2022» or «2023». */
export function periodLabel(from: number, to: number): string {
  return from === to ? String(from) : `${from}–${to}`;
}

/** What the import preview says about the document's years. */
export interface PeriodNote {
  /** The document's years, «2021–2022». */
  label: string;
  phrase: string;
  /** The line of the phrase in the table text, 0 when it stood outside it. */
  line: number;
  /** The phrase to carry in the preview's forms when it is not in the text (a .docx's paragraphs). */
  carried: string | null;
  /** Whether the roadmap's period is the document's. */
  matches: boolean;
  /** The roadmap's years, «2022–2024». */
  roadmapLabel: string;
}

/**
 * The years a table's document names — above the table in its text, else in `outsidePhrase` (found
 * outside the text and carried by the preview's forms) — against the roadmap's period; null when
 * the document names none.
 */
export function periodNote(text: string, outsidePhrase: string | null, roadmap: { from: number; to: number }): PeriodNote | null {
  const inText = documentPeriod(text);
  const outside = outsidePhrase === null ? null : periodInLine(outsidePhrase);
  const found: DocumentPeriod | null = inText ?? (outside === null ? null : { ...outside, line: 0 });
  if (found === null) return null;
  return {
    label: periodLabel(found.from, found.to),
    phrase: found.phrase,
    line: found.line,
    carried: inText === null ? found.phrase : null,
    matches: found.from === roadmap.from && found.to === roadmap.to,
    roadmapLabel: periodLabel(roadmap.from, roadmap.to),
  };
}
