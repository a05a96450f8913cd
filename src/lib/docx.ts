/**
 * The building blocks of the portal's printed documents as .docx (the analytical report, a
 * school's справка): A4 portrait, Times New Roman 14 pt, margins left 30 mm, right 15 mm, top and
 * bottom 20 mm (ГОСТ Р 7.0.97-2016); paragraphs, bold headings, tables of text with fixed column
 * shares. Sizes are in half-points (28 = 14 pt), distances in twentieths of a point.
 */
import {
  AlignmentType,
  Document,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

export const DOC_FONT = 'Times New Roman';
/** 14 pt: the body text. */
export const BODY_SIZE = 28;
/** 12 pt: tables and notes. */
export const TABLE_SIZE = 24;
/** 10 pt: wide matrices and footers. */
export const SMALL_SIZE = 20;

export const mm = (value: number) => Math.round((value * 1440) / 25.4);
export const A4 = { width: 11906, height: 16838 };
export const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
export const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

/** A table of text: a header row and rows. */
export interface DocTable {
  headers: string[];
  rows: string[][];
}

export interface ParaOptions {
  bold?: boolean;
  size?: number;
  center?: boolean;
  /** Justified, with a first-line indent of 12.5 mm. */
  justify?: boolean;
  before?: number;
  after?: number;
}

export function para(text: string, options: ParaOptions = {}): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text, bold: options.bold, size: options.size })],
    alignment: options.center ? AlignmentType.CENTER : options.justify ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
    spacing: { before: options.before ?? 0, after: options.after ?? 0 },
    indent: options.justify ? { firstLine: mm(12.5) } : undefined,
  });
}

/** A section heading: bold, kept with the next paragraph. */
export function heading(text: string): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text, bold: true })],
    spacing: { before: 240, after: 120 },
    keepNext: true,
  });
}

/** A table across the text width: `shares` of it per column, text of `size`, a repeated bold header row. */
export function docTable(data: DocTable, shares: number[], size: number): Table {
  const widths = shares.map((share) => Math.round(TEXT_WIDTH * share));
  const cell = (text: string, width: number, bold = false) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      margins: { top: 30, bottom: 30, left: 60, right: 60 },
      children: [para(text, { size, bold })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: data.headers.map((h, i) => cell(h, widths[i] ?? 0, true)) }),
      ...data.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((v, i) => cell(v, widths[i] ?? 0)) })),
    ],
  });
}

/** A document of one A4 portrait section in the portal's default font. */
export function portraitDocument(title: string, children: Array<Paragraph | Table>): Document {
  return new Document({
    title,
    creator: 'Портал «Наставничество»',
    styles: {
      default: {
        document: {
          run: { font: DOC_FONT, size: BODY_SIZE, language: { value: 'ru-RU' } },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: { size: { orientation: PageOrientation.PORTRAIT, width: A4.width, height: A4.height }, margin: MARGIN },
        },
        children,
      },
    ],
  });
}
