import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';
import { readPastedTable } from '../../src/modules/roadmaps/table-reader.js';

/**
 * The two real documents of the domain (copied from the team's shared folder into tests/fixtures, so
 * that a clone with nothing beside it runs every test) and their roadmap tables, as the tests use them.
 */
export const DOMAIN = path.resolve(import.meta.dirname, '../fixtures/domain');

/** The school roadmap's table part: from its header to the indicators that follow it. */
export function schoolTable(): string {
  const text = readFileSync(path.join(DOMAIN, 'school-roadmap-and-indicators.txt'), 'utf8');
  return text.slice(text.indexOf('№ п/п\tНаименование мероприятий'), text.indexOf('**Планируемые результаты'));
}

/** The district roadmap's table part: from its header row to the end of the file. */
export function districtTable(): string {
  const text = readFileSync(path.join(DOMAIN, 'uva-district-regulation-and-roadmap.txt'), 'utf8');
  return text.slice(text.indexOf('№п/п\tНаименование мероприятия\tСрок реализации'));
}

/** The school table as rows of a Word or Excel table; `sections` are the indexes of section rows. */
export function schoolTableRows(): { rows: string[][]; sections: Set<number> } {
  const pasted = readPastedTable(schoolTable(), { periodFrom: 2022, periodTo: 2024 });
  const rows: string[][] = [
    ['№ п/п', 'Наименование мероприятий', 'Срок реализации', 'Ответственный исполнитель', 'Результат. Вид документа'],
  ];
  const sections = new Set<number>();
  let section: string | null = null;
  for (const r of pasted.rows) {
    if (r.section !== null && r.section !== section) {
      section = r.section;
      sections.add(rows.length);
      rows.push([r.section, '', '', '', '']);
    }
    rows.push([r.number, r.activity, r.deadlineText ?? '', r.responsible ?? '', r.result ?? '']);
  }
  return { rows, sections };
}

/** The school table in a .docx: a title paragraph, then the table (section rows span it). */
export function schoolDocx(): Promise<Buffer> {
  const { rows, sections } = schoolTableRows();
  const table = new Table({
    rows: rows.map(
      (cells, index) =>
        new TableRow({
          children: sections.has(index)
            ? [new TableCell({ children: [new Paragraph(cells[0] ?? '')], columnSpan: 5 })]
            : cells.map((text) => new TableCell({ children: text.split(/(?<=;)\s+/).map((p) => new Paragraph(p)) })),
        }),
    ),
  });
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('План мероприятий (дорожная карта)'), table] }] }));
}

/**
 * The school table in an .xlsx (section rows merged across it), after a title row unless
 * `title: false` (a title above the header is read as a skipped line, one remark more).
 */
export async function schoolXlsx(options: { title?: boolean } = {}): Promise<Buffer> {
  const { rows, sections } = schoolTableRows();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Дорожная карта');
  if (options.title !== false) sheet.addRow(['План мероприятий (дорожная карта)']);
  rows.forEach((cells, index) => {
    const row = sheet.addRow(cells.map((text) => text.replace(/;\s+/g, ';\n')));
    if (sections.has(index)) sheet.mergeCells(row.number, 1, row.number, 5);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
