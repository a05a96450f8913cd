import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { documentPeriod, periodInLine, periodNote } from '../../src/modules/roadmaps/document-period.js';
import { FileTableError, tableFromFile } from '../../src/modules/roadmaps/file-table.js';
import { deadlineSpans } from '../../src/modules/roadmaps/timeline.js';
import { readPastedTable, tableLines } from '../../src/modules/roadmaps/table-reader.js';

/** Roadmaps as other municipalities write them (issue 14): test documents written for these tests. */
const fixtures = path.resolve(import.meta.dirname, '../fixtures/roadmaps');
const load = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const period2021 = { periodFrom: 2021, periodTo: 2022 };

describe('readPastedTable: a Word table saved as text, one cell per line', () => {
  it('reads every row of the tab-indented layout with blank lines between rows', () => {
    const result = readPastedTable(load('cell-per-line.txt'), period2021);
    expect(result.columns).toEqual({ number: 0, activity: 1, deadline: 2, responsible: 3, result: null, expected: null });
    expect(result.sections).toEqual([
      { number: '1', title: 'Организационно-правовое обеспечение' },
      { number: '2', title: 'Методическое сопровождение' },
      { number: '3', title: 'Подведение итогов' },
    ]);
    expect(result.rows.map((r) => r.number)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2']);
    const first = result.rows[0];
    expect(first).toMatchObject({
      line: 13, // the line of the row's first cell in the text
      section: '1. Организационно-правовое обеспечение',
      activity: 'Издание приказа о внедрении целевой модели наставничества в общеобразовательных организациях района',
      deadlineText: 'Сентябрь 2021',
      deadline: { kind: 'range', from: '2021-09-01', to: '2021-09-30' },
      responsible: 'Управление образования',
      result: null,
    });
    expect(result.rows.find((r) => r.number === '1.3')).toMatchObject({
      deadlineText: 'Декабрь 2021, январь, 2022',
      deadline: { kind: 'range', from: '2021-12-01', to: '2022-01-31' },
      responsible: 'Руководители общеобразовательных организаций',
    });
    expect(result.rows.find((r) => r.number === '2.1')?.deadline).toEqual({
      kind: 'periods',
      periods: [
        { from: '2021-10-01', to: '2021-10-31' },
        { from: '2021-12-01', to: '2021-12-31' },
      ],
    });
    expect(result.rows.find((r) => r.number === '2.3')?.deadline).toEqual({
      kind: 'recurring',
      occurrences: [{ type: 'window', from: { month: 11, day: null }, to: { month: 12, day: null } }],
      fromYear: 2021,
      toYear: 2022,
    });
    // Only the title above the header is left out; every deadline reads and lies in the period.
    expect(result.problems).toEqual([
      { line: 1, message: 'Строки 1–3: текст до начала таблицы пропущен («ПЛАН МЕРОПРИЯТИЙ (ДОРОЖНАЯ КАРТА)» …)' },
    ]);
  });

  it('reads Windows line ends, an unindented number, an empty cell and a cell wrapped onto a deeper line', () => {
    const result = readPastedTable(load('cell-per-line-crlf.txt'), { periodFrom: 2022, periodTo: 2024 });
    expect(result.columns).toEqual({ number: 0, activity: 1, deadline: 2, responsible: 3, result: 4, expected: null });
    expect(result.sections.map((s) => s.title)).toEqual(['Нормативное обеспечение', 'Работа с наставниками']);
    expect(result.rows.find((r) => r.number === '1.2')).toMatchObject({
      activity: 'Корректировка положений о наставничестве с учётом итогов мониторинга',
      deadlineText: 'ноябрь-декабрь ежегодно',
      responsible: null,
      result: 'Положения',
    });
    expect(result.rows.find((r) => r.number === '2.1')?.deadline).toEqual({
      kind: 'range',
      from: '2022-09-01',
      to: '2023-05-31',
    });
    // An unrecognised deadline is reported, not guessed.
    expect(result.rows.find((r) => r.number === '2.2')).toMatchObject({ deadlineText: 'по итогам года', deadline: null });
    expect(result.problems.map((p) => p.message)).toEqual([
      'Строки 1–2: текст до начала таблицы пропущен («Приложение 2 к приказу управления образования» …)',
      'Пункт 2.2: срок «по итогам года» не распознан — укажите его вручную',
    ]);
  });

  it('leaves a tab-separated table and a text without a header as they are', () => {
    const tabs = '№\tМероприятие\tСрок\n1.1\tСовещание\tмарт 2022\n\n1.2\tСеминар\tапрель 2022';
    expect(tableLines(tabs)).toEqual(tabs.split('\n'));
    const noHeader = '\t1.1.\n\tСовещание\n\n\t1.2.\n\tСеминар';
    expect(tableLines(noHeader)).toEqual(noHeader.split('\n'));
    // A header on lines of its own but no numbered row after it: a list of words, not a table.
    const noRows = '\tМероприятие\n\tСрок\n\n\tСовещание\n\tмарт 2022';
    expect(tableLines(noRows)).toEqual(noRows.split('\n'));
  });

  it('needs the layout: the same text with its blank lines removed is not read as rows', () => {
    const squeezed = load('cell-per-line.txt')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .join('\n');
    expect(readPastedTable(squeezed, period2021).rows).toHaveLength(0);
  });
});

describe('a list of months with gaps on the timeline', () => {
  it('marks each month of «октябрь, декабрь 2021» with its own due day', () => {
    const row = readPastedTable(load('cell-per-line.txt'), period2021).rows.find((r) => r.number === '2.1');
    expect(deadlineSpans(row?.deadline ?? null)).toEqual([
      { from: '2021-10', to: '2021-10', due: '2021-10-31' },
      { from: '2021-12', to: '2021-12', due: '2021-12-31' },
    ]);
  });
});

describe('documentPeriod: the years of the plan from its title', () => {
  it('reads «на 2021-2022 учебный год» and «на 2022-2024 годы» above the table', () => {
    expect(documentPeriod(load('cell-per-line.txt'))).toEqual({
      from: 2021,
      to: 2022,
      line: 3,
      phrase: 'на 2021-2022 учебный год',
    });
    expect(documentPeriod(load('cell-per-line-crlf.txt'))).toMatchObject({ from: 2022, to: 2024, line: 2 });
  });

  it('takes the title nearest to the table, never years inside the table', () => {
    const text = [
      'Приказ об утверждении плана на 2020 год',
      'План мероприятий на 2022-2023 учебный год',
      '№\tМероприятие\tСрок',
      '1.1\tПлан работы на 2025 год\tдо 01.09.2022',
    ].join('\n');
    expect(documentPeriod(text)).toMatchObject({ from: 2022, to: 2023, line: 2 });
    expect(documentPeriod('№\tМероприятие\tСрок\n1.1\tПлан работы на 2025 год\tмарт 2022')).toBeNull();
    expect(documentPeriod('Дорожная карта\n1.1\tСовещание\tмарт 2022')).toBeNull();
  });

  it('compares them with the roadmap’s period for the preview, carrying a phrase found outside the text', () => {
    const text = load('cell-per-line.txt');
    expect(periodNote(text, null, { from: 2021, to: 2022 })).toEqual({
      label: '2021–2022',
      phrase: 'на 2021-2022 учебный год',
      line: 3,
      carried: null,
      matches: true,
      roadmapLabel: '2021–2022',
    });
    const table = text.slice(text.indexOf('\t№ п/п'));
    expect(periodNote(table, null, { from: 2022, to: 2024 })).toBeNull();
    expect(periodNote(table, 'на 2021-2022 учебный год', { from: 2022, to: 2024 })).toMatchObject({
      line: 0,
      carried: 'на 2021-2022 учебный год',
      matches: false,
      roadmapLabel: '2022–2024',
    });
    // A carried phrase that names no years (edited by hand) is ignored.
    expect(periodNote(table, 'на днях', { from: 2022, to: 2024 })).toBeNull();
  });

  it('reads the forms of a title and refuses years that cannot be a period', () => {
    const cases: ReadonlyArray<readonly [string, [number, number] | null]> = [
      ['на 2023 год', [2023, 2023]],
      ['на 2021/22 учебный год', [2021, 2022]],
      ['на 2021-2022 уч. г.', [2021, 2022]],
      ['на период 2022–2024 гг.', [2022, 2024]],
      ['на период с 2022 по 2024 годы', [2022, 2024]],
      ['на 2022-2024г.г.', [2022, 2024]],
      ['**на 2022 – 2024 учебный год**', [2022, 2024]],
      ['на 2024-2022 годы', null],
      ['на 2022-2040 годы', null],
      ['на 2 листах', null],
      ['на 1999 год', null],
      ['Отчёт за 2022 год', null],
    ];
    for (const [text, years] of cases) {
      const found = periodInLine(text);
      expect(found === null ? null : [found.from, found.to], text).toEqual(years);
    }
  });
});

describe('tableFromFile: a Word table saved as a text file', () => {
  it('reads UTF-8, UTF-16 with its mark and Windows-1251 (Word’s «Обычный текст») alike, with the years of its title', async () => {
    const text = load('cell-per-line.txt');
    const encodings: Array<[string, Buffer]> = [
      ['utf-8', Buffer.from(text, 'utf8')],
      ['utf-8 with a mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['windows-1251', iconv.encode(text, 'win1251')],
    ];
    for (const [encoding, data] of encodings) {
      const read = await tableFromFile(data, 'план.txt');
      expect(read.text, encoding).toBe(text);
      expect(read.period, encoding).toMatchObject({ from: 2021, to: 2022, line: 3 });
    }
  });

  it('takes a text only by a .txt or .tsv name, and refuses one that is binary', async () => {
    const data = Buffer.from(load('cell-per-line.txt'), 'utf8');
    expect((await tableFromFile(data, 'план.TSV')).text).toBe(data.toString('utf8'));
    await expect(tableFromFile(data, 'план.docx')).rejects.toThrow(FileTableError);
    await expect(tableFromFile(Buffer.from([0x31, 0x00, 0x32]), 'план.txt')).rejects.toThrow(/не похож на документ Word/);
  });
});
