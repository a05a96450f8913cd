import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { FileTableError, MAX_TABLE_ROWS, tableTextFromFile } from '../../src/modules/roadmaps/file-table.js';
import { type ReadResult, readPastedTable } from '../../src/modules/roadmaps/table-reader.js';

const period = { periodFrom: 2022, periodTo: 2024 };
const domain = path.resolve(import.meta.dirname, '../fixtures/domain');
const HEADER = ['№ п/п', 'Наименование мероприятий', 'Срок реализации', 'Ответственные', 'Форма результата'];

// ---------------------------------------------------------------------------------------------
// Building files

/** A cell: a string (one paragraph), an array of strings (one paragraph each), or a full description. */
type CellSpec =
  | string
  | string[]
  | { paragraphs?: string[]; span?: number; merge?: 'restart' | 'continue'; lines?: string[]; nested?: string[][] };

function paragraphs(texts: string[]): Paragraph[] {
  return texts.map((text) => new Paragraph({ children: [new TextRun(text)] }));
}

function cell(spec: CellSpec): TableCell {
  if (typeof spec === 'string') return new TableCell({ children: paragraphs([spec]) });
  if (Array.isArray(spec)) return new TableCell({ children: paragraphs(spec) });
  const children: Array<Paragraph | Table> = paragraphs(spec.paragraphs ?? []);
  // Lines of one paragraph separated by manual line breaks (Shift+Enter).
  if (spec.lines)
    children.push(new Paragraph({ children: spec.lines.map((text, i) => new TextRun({ text, break: i === 0 ? 0 : 1 })) }));
  if (spec.nested) children.push(table(spec.nested), new Paragraph(''));
  if (children.length === 0) children.push(new Paragraph(''));
  const merge =
    spec.merge === undefined
      ? {}
      : { verticalMerge: spec.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE };
  return new TableCell({ children, ...(spec.span ? { columnSpan: spec.span } : {}), ...merge });
}

function table(rows: CellSpec[][]): Table {
  return new Table({ rows: rows.map((cells) => new TableRow({ children: cells.map(cell) })) });
}

async function docxFile(blocks: Array<Paragraph | Table>): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: blocks }] });
  return Packer.toBuffer(doc);
}

async function xlsxFile(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** What the roadmap tests compare: everything a row holds except its line. */
function items(result: ReadResult) {
  return result.rows.map((r) => [r.number, r.section, r.activity, r.deadlineText, r.deadline, r.responsible, r.result]);
}

async function rejection(data: Buffer, name: string): Promise<FileTableError> {
  const error = await tableTextFromFile(data, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, name).toBeInstanceOf(FileTableError);
  return error as FileTableError;
}

// ---------------------------------------------------------------------------------------------

describe('tableTextFromFile: Word', () => {
  /** Sections as merged rows, items with several paragraphs, a responsible merged down two rows, a nested table. */
  const roadmapRows: CellSpec[][] = [
    HEADER,
    [{ paragraphs: ['1. Нормативное обеспечение'], span: 5 }],
    [
      '1.1.',
      ['Разработка положения', 'о наставничестве'],
      'до 30.08.2022',
      { paragraphs: ['Куратор', 'Директор'], merge: 'restart' },
      { lines: ['Положение', 'Приказ'] },
    ],
    // A continuation of a vertical merge is empty, whatever Word left in it.
    [
      '1.2.',
      'Утверждение дорожной карты',
      ['март – апрель', '2022 г.'],
      { paragraphs: ['остаток объединения'], merge: 'continue' },
      'Дорожная карта',
    ],
    ['2', { paragraphs: ['Организационное обеспечение'], span: 4 }],
    [
      '2.1',
      'Формирование базы наставников',
      'Ежегодно, не позднее 15 декабря',
      'Куратор',
      {
        nested: [
          ['База', 'наставников'],
          ['База', 'наставляемых'],
        ],
      },
    ],
  ];

  it('reads the table: merged section rows, paragraphs joined, merged cells kept in their columns', async () => {
    const data = await docxFile([
      new Paragraph('План мероприятий (дорожная карта)'),
      table(roadmapRows),
      new Paragraph('Показатели эффективности'),
      table([
        ['№ п/п', 'Наименование показателя', '2022 г.', '2023 г.', '2024 г.'],
        ['1', 'Доля наставляемых', '10%', '20%', '30%'],
      ]),
    ]);
    const text = await tableTextFromFile(data, 'plan.docx');
    expect(lines(text).slice(0, 6)).toEqual([
      '№ п/п\tНаименование мероприятий\tСрок реализации\tОтветственные\tФорма результата',
      '1. Нормативное обеспечение\t\t\t\t',
      '1.1.\tРазработка положения о наставничестве\tдо 30.08.2022\tКуратор Директор\tПоложение Приказ',
      '1.2.\tУтверждение дорожной карты\tмарт – апрель 2022 г.\t\tДорожная карта',
      '2\tОрганизационное обеспечение\t\t\t',
      '2.1\tФормирование базы наставников\tЕжегодно, не позднее 15 декабря\tКуратор\tБаза наставников База наставляемых',
    ]);
    // The second table (as many columns) follows; the reader stops at its header.
    expect(lines(text)).toHaveLength(8);
    for (const line of lines(text)) expect(line.split('\t')).toHaveLength(5);

    const result = readPastedTable(text, period);
    expect(result.sections).toEqual([
      { number: '1', title: 'Нормативное обеспечение' },
      { number: '2', title: 'Организационное обеспечение' },
    ]);
    expect(result.rows.map((r) => [r.number, r.section, r.deadlineText, r.responsible])).toEqual([
      ['1.1', '1. Нормативное обеспечение', 'до 30.08.2022', 'Куратор Директор'],
      ['1.2', '1. Нормативное обеспечение', 'март – апрель 2022 г.', null],
      ['2.1', '2. Организационное обеспечение', 'Ежегодно, не позднее 15 декабря', 'Куратор'],
    ]);
    expect(result.rows.map((r) => r.deadline)).toEqual([
      { kind: 'date', date: '2022-08-30' },
      { kind: 'range', from: '2022-03-01', to: '2022-04-30' },
      { kind: 'recurring', occurrences: [{ type: 'by', month: 12, day: 15 }], fromYear: 2022, toYear: 2024 },
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      `Строка 7: найден заголовок другой таблицы — чтение остановлено на этой строке`,
    ]);
  });

  it('joins a table continued on the next page and picks it over other tables', async () => {
    const data = await docxFile([
      table([['УТВЕРЖДАЮ', 'Директор школы']]),
      new Paragraph('План мероприятий'),
      table(roadmapRows.slice(0, 4)),
      new Paragraph({ children: [new PageBreak()] }),
      table(roadmapRows.slice(4)),
      table([['Составил: куратор']]),
    ]);
    const result = readPastedTable(await tableTextFromFile(data, 'plan.docx'), period);
    expect(result.rows.map((r) => r.number)).toEqual(['1.1', '1.2', '2.1']);
    expect(result.problems).toEqual([]);
  });

  it('without a recognisable header takes the largest table', async () => {
    const data = await docxFile([
      table([['Согласовано', 'Утверждено']]),
      table([
        ['1', 'Подготовка', '', '', ''],
        ['1.1', 'Издание приказа', 'до 15 марта 2022 г.', 'Управление образования', 'Приказ'],
        ['1.2', 'Положение', 'март 2022 г.', 'ОУ', 'Положение'],
      ]),
    ]);
    const result = readPastedTable(await tableTextFromFile(data, 'plan.docx'), period);
    expect(result.rows.map((r) => [r.number, r.deadlineText])).toEqual([
      ['1.1', 'до 15 марта 2022 г.'],
      ['1.2', 'март 2022 г.'],
    ]);
  });

  it('refuses a document without a table', async () => {
    const data = await docxFile([new Paragraph('1.1 Разработка положения до 30.08.2022')]);
    expect((await rejection(data, 'plan.docx')).message).toContain('В документе „plan.docx“ нет таблицы');
  });
});

describe('tableTextFromFile: Excel', () => {
  it('reads the sheet with the header: merged rows, rich text, formulas and dates; line N is row N', async () => {
    const data = await xlsxFile((workbook) => {
      const cover = workbook.addWorksheet('Титул');
      cover.getCell('A1').value = 'Приложение 1 к приказу';
      const sheet = workbook.addWorksheet('Дорожная карта');
      sheet.getCell('A1').value = 'План мероприятий (дорожная карта)';
      sheet.mergeCells('A1:E1');
      sheet.getRow(3).values = HEADER;
      sheet.getCell('A4').value = '1. Нормативное обеспечение';
      sheet.mergeCells('A4:E4');
      sheet.getRow(5).values = [
        '1.1',
        'Разработка положения\nо наставничестве',
        new Date(Date.UTC(2022, 7, 30)),
        'Куратор',
        'Положение',
      ];
      sheet.getCell('C5').numFmt = 'dd.mm.yyyy';
      sheet.getRow(6).values = [
        '1.2',
        { richText: [{ text: 'Утверждение ', font: { bold: true } }, { text: 'дорожной\tкарты' }] },
        'до 15 марта 2022 г.',
        { formula: 'D5&" и директор"', result: 'Куратор и директор' },
        'Приказ',
      ];
      sheet.getRow(7).values = ['1.3', 'Мониторинг', 'сентябрь', 'Куратор', ''];
      sheet.getCell('D7').value = 'Куратор';
      sheet.mergeCells('D7:D8');
      sheet.getRow(8).values = ['2.10', 'Отчёт', 'декабрь'];
      sheet.getCell('A8').value = 2.1;
      sheet.getCell('A8').numFmt = '0.00';
    });
    const text = await tableTextFromFile(data, 'plan.xlsx');
    expect(lines(text)).toEqual([
      'План мероприятий (дорожная карта)',
      '',
      '№ п/п\tНаименование мероприятий\tСрок реализации\tОтветственные\tФорма результата',
      '1. Нормативное обеспечение',
      '1.1\tРазработка положения о наставничестве\t30.08.2022\tКуратор\tПоложение',
      '1.2\tУтверждение дорожной карты\tдо 15 марта 2022 г.\tКуратор и директор\tПриказ',
      '1.3\tМониторинг\tсентябрь\tКуратор',
      '2.10\tОтчёт\tдекабрь',
    ]);
    const result = readPastedTable(text, period);
    expect(result.sections).toEqual([{ number: '1', title: 'Нормативное обеспечение' }]);
    expect(result.rows.map((r) => [r.line, r.number, r.deadlineText, r.responsible])).toEqual([
      [5, '1.1', '30.08.2022', 'Куратор'],
      [6, '1.2', 'до 15 марта 2022 г.', 'Куратор и директор'],
      [7, '1.3', 'сентябрь', 'Куратор'],
      [8, '2.10', 'декабрь', null],
    ]);
    expect(result.rows[0]?.deadline).toEqual({ kind: 'date', date: '2022-08-30' });
    expect(result.rows[1]?.deadline).toEqual({ kind: 'date', date: '2022-03-15' });
  });

  it('reads a cell as the people import does, but a date with a time as its day', async () => {
    const data = await xlsxFile((workbook) => {
      const sheet = workbook.addWorksheet('Лист1');
      sheet.addRow(HEADER);
      sheet.addRow([
        '1.1',
        'Положение\u200b о наставничестве',
        new Date(Date.UTC(2022, 7, 30, 14, 30)),
        'Куратор',
        { error: '#N/A' },
      ]);
      sheet.getCell('C2').numFmt = 'dd.mm.yyyy hh:mm';
      sheet.addRow(['1.2', 'Доля наставляемых', new Date(Date.UTC(1899, 11, 30, 9, 15)), 0.15, 12345678901]);
      sheet.getCell('C3').numFmt = 'h:mm';
      sheet.getCell('D3').numFmt = '0%';
      sheet.getCell('E3').numFmt = '000000000000';
    });
    expect(lines(await tableTextFromFile(data, 'plan.xlsx')).slice(1)).toEqual([
      '1.1\tПоложение о наставничестве\t30.08.2022\tКуратор\t#N/A',
      '1.2\tДоля наставляемых\t09:15\t15%\t012345678901',
    ]);
  });

  it('without a header takes the first sheet that has anything in it', async () => {
    const data = await xlsxFile((workbook) => {
      workbook.addWorksheet('Пустой');
      const sheet = workbook.addWorksheet('Лист2');
      sheet.addRow(['1.1', 'Издание приказа', 'до 15 марта 2022 г.', 'Управление образования', 'Приказ']);
    });
    expect(await tableTextFromFile(data, 'plan.xlsx')).toBe(
      '1.1\tИздание приказа\tдо 15 марта 2022 г.\tУправление образования\tПриказ',
    );
  });

  it(`refuses more than ${MAX_TABLE_ROWS} rows and an empty workbook`, async () => {
    const big = await xlsxFile((workbook) => {
      const sheet = workbook.addWorksheet('Лист1');
      for (let i = 1; i <= MAX_TABLE_ROWS + 1; i++) sheet.addRow([`1.${i}`, 'Мероприятие', 'сентябрь']);
    });
    expect((await rejection(big, 'big.xlsx')).message).toMatch(/„big\.xlsx“ 2\s001 строка, а допускается не больше 2\s000\./);
    const empty = await xlsxFile((workbook) => workbook.addWorksheet('Лист1'));
    expect((await rejection(empty, 'empty.xlsx')).message).toContain('нет заполненных ячеек');
  });
});

describe('tableTextFromFile: the roadmaps of the domain folder', () => {
  function schoolTable(): string {
    const text = readFileSync(path.join(domain, 'school-roadmap-and-indicators.txt'), 'utf8');
    return text.slice(text.indexOf('№ п/п\tНаименование мероприятий'), text.indexOf('**Планируемые результаты'));
  }
  function districtTable(): string {
    const text = readFileSync(path.join(domain, 'uva-district-regulation-and-roadmap.txt'), 'utf8');
    return text.slice(text.indexOf('№п/п\tНаименование мероприятия\tСрок реализации'));
  }

  /** The table as a person would have it in Word or Excel: header, section rows, item rows. */
  function tableRows(
    pasted: ReadResult,
    header: string[],
  ): { header: string[]; rows: Array<{ section: [string, string] } | { item: string[] }> } {
    const rows: Array<{ section: [string, string] } | { item: string[] }> = [];
    let section: string | null = null;
    for (const r of pasted.rows) {
      if (r.section !== section && r.section !== null) {
        section = r.section;
        const s = pasted.sections.find((x) => `${x.number}. ${x.title}` === r.section);
        expect(s, r.section).toBeDefined();
        rows.push({ section: [s?.number ?? '', s?.title ?? ''] });
      }
      rows.push({ item: [r.number, r.activity, r.deadlineText ?? '', r.responsible ?? '', r.result ?? ''] });
    }
    return { header, rows };
  }

  async function asDocx(t: ReturnType<typeof tableRows>, sectionStyle: 'one-cell' | 'number-and-title'): Promise<Buffer> {
    const rows: CellSpec[][] = [t.header, ['1', '2', '3', '4', '5']];
    for (const row of t.rows) {
      if ('section' in row) {
        const [number, title] = row.section;
        rows.push(
          sectionStyle === 'one-cell'
            ? [{ paragraphs: [`${number}. ${title}`], span: 5 }]
            : [`${number}.`, { paragraphs: [title], span: 4 }],
        );
      } else {
        // Long cells split into paragraphs, as typed in Word.
        rows.push(row.item.map((text) => (text.length > 60 ? text.split(/(?<=[;:,])\s+/) : text)));
      }
    }
    return docxFile([new Paragraph('План мероприятий (дорожная карта)'), table(rows)]);
  }

  async function asXlsx(t: ReturnType<typeof tableRows>): Promise<Buffer> {
    return xlsxFile((workbook) => {
      const sheet = workbook.addWorksheet('Дорожная карта');
      sheet.addRow(t.header);
      for (const row of t.rows) {
        if ('section' in row) {
          const added = sheet.addRow([`${row.section[0]}. ${row.section[1]}`]);
          sheet.mergeCells(added.number, 1, added.number, 5);
        } else {
          sheet.addRow(row.item.map((text) => text.replace(/;\s+/g, ';\n')));
        }
      }
    });
  }

  for (const [name, source, header, count] of [
    ['school', schoolTable, HEADER, 33],
    [
      'district',
      districtTable,
      ['№п/п', 'Наименование мероприятия', 'Срок реализации', 'Ответственный исполнитель', 'Результат'],
      31,
    ],
  ] as const) {
    it(`reads the ${name} roadmap from .docx and .xlsx exactly as from the pasted text`, async () => {
      const pasted = readPastedTable(source(), period);
      expect(pasted.rows).toHaveLength(count);
      const t = tableRows(pasted, [...header]);
      for (const [kind, data] of [
        ['docx (one-cell sections)', await asDocx(t, 'one-cell')],
        ['docx (number and title)', await asDocx(t, 'number-and-title')],
        ['xlsx', await asXlsx(t)],
      ] as const) {
        const text = await tableTextFromFile(data, `${name}.${kind.slice(0, 4)}`);
        const fromFile = readPastedTable(text, period);
        expect(items(fromFile), kind).toEqual(items(pasted));
        expect(fromFile.sections, kind).toEqual(pasted.sections);
      }
    });
  }
});

describe('tableTextFromFile: files that are not a .docx or .xlsx', () => {
  it('refuses old Office files, PDF, garbage, an empty ZIP, an encrypted file, with what to do', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await rejection(ole, 'plan.doc')).message).toBe(
      'Файл „plan.doc“ — документ Word старого формата (.doc). Сохраните его как .docx или скопируйте таблицу мероприятий и вставьте её как текст.',
    );
    expect((await rejection(Buffer.concat([ole, Buffer.from('WordDocument', 'utf16le')]), 'plan.bin')).message).toContain(
      '(.doc)',
    );
    expect((await rejection(ole, 'plan.xls')).message).toContain('книга Excel старого формата (.xls)');
    expect((await rejection(Buffer.concat([ole, Buffer.from('Workbook', 'utf16le')]), 'plan.xlsx')).message).toContain('(.xls)');
    expect((await rejection(Buffer.concat([ole, Buffer.from('EncryptedPackage', 'utf16le')]), 'plan.docx')).message).toContain(
      'защищён паролем',
    );

    expect((await rejection(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'plan.pdf')).message).toContain('— PDF');
    expect((await rejection(Buffer.from('{\\rtf1\\ansi тест}'), 'plan.rtf')).message).toContain('RTF');
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    expect((await rejection(random, 'plan.docx')).message).toContain('не похож на документ Word (.docx) или книгу Excel (.xlsx)');
    expect((await rejection(Buffer.from('1.1\tПоложение\tдо 30.08.2022'), 'plan.xlsx')).message).toContain('не похож');
    expect((await rejection(Buffer.alloc(0), 'plan.docx')).message).toBe('Файл „plan.docx“ пустой.');

    const emptyZip = await new JSZip().generateAsync({ type: 'nodebuffer' });
    expect((await rejection(emptyZip, 'plan.docx')).message).toContain('не похож');
    const otherZip = await new JSZip().file('readme.txt', 'hello').generateAsync({ type: 'nodebuffer' });
    expect((await rejection(otherZip, 'plan.zip')).message).toContain('не похож');
    const odt = await new JSZip()
      .file('mimetype', 'application/vnd.oasis.opendocument.text')
      .file('content.xml', '<x/>')
      .generateAsync({ type: 'nodebuffer' });
    expect((await rejection(odt, 'plan.odt')).message).toContain('OpenDocument');
    const broken = await new JSZip()
      .file('word/document.xml', '<w:document><w:body><w:tbl>')
      .generateAsync({ type: 'nodebuffer' });
    expect((await rejection(broken, 'plan.docx')).message).toContain('повреждён');
    const truncated = (await docxFile([table([HEADER])])).subarray(0, 300);
    expect((await rejection(truncated, 'plan.docx')).message).toContain('повреждён');
  });

  it('refuses a file over 10 MB and decides the type by content, not by the name', async () => {
    expect((await rejection(Buffer.alloc(10 * 1024 * 1024 + 1, 0x50), 'plan.docx')).message).toContain(
      'слишком большой: 10,1 МБ, допускается не больше 10 МБ',
    );
    const docx = await docxFile([table([HEADER, ['1.1', 'Положение', 'до 30.08.2022', 'Куратор', 'Приказ']])]);
    expect(await tableTextFromFile(docx, 'plan.xlsx')).toContain('1.1\tПоложение\tдо 30.08.2022');
  });
});
