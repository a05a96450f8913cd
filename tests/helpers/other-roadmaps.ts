import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';

/**
 * Roadmaps as other municipalities write them (issue 14), written for the tests: a Word table saved
 * as text with one cell per line (tests/fixtures/roadmaps), and the same plan as a .docx.
 */
export const OTHER_ROADMAPS = path.resolve(import.meta.dirname, '../fixtures/roadmaps');

/** The file of a test document in tests/fixtures/roadmaps. */
export function otherRoadmap(name: string): string {
  return path.join(OTHER_ROADMAPS, name);
}

/**
 * The plan of cell-per-line.txt split by hand (blank lines between rows, a cell a line): its title
 * lines and its table rows. Independent of the reader, so that a test of the reader can use it.
 */
export function cellPerLinePlan(): { title: string[]; rows: string[][] } {
  const blocks = readFileSync(otherRoadmap('cell-per-line.txt'), 'utf8')
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    )
    .filter((block) => block.length > 0);
  const [title = [], ...rows] = blocks;
  return { title, rows };
}

/** The plan of cell-per-line.txt as a Word document: its title paragraphs, then the table. */
export function cellPerLineDocx(): Promise<Buffer> {
  const { title, rows } = cellPerLinePlan();
  const width = Math.max(...rows.map((cells) => cells.length));
  const table = new Table({
    rows: rows.map(
      (cells) =>
        new TableRow({
          children:
            cells.length === 2
              ? [
                  new TableCell({ children: [new Paragraph(cells[0] ?? '')] }),
                  new TableCell({ children: [new Paragraph(cells[1] ?? '')], columnSpan: width - 1 }),
                ]
              : cells.map((text) => new TableCell({ children: [new Paragraph(text)] })),
        }),
    ),
  });
  return Packer.toBuffer(
    new Document({
      sections: [
        { children: [...title.map((line) => new Paragraph(line)), table, new Paragraph('Начальник управления образования')] },
      ],
    }),
  );
}
