import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  type ColumnSpec,
  MAX_FILE_BYTES,
  MAX_ROWS,
  matchHeaders,
  readTable,
  SpreadsheetError,
  type Table,
  writeCsv,
  writeXlsx,
} from '../../src/lib/spreadsheet.js';

// ---------------------------------------------------------------------------------------------
// Fixtures built in code

async function xlsx(build: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('Лист1'), workbook);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as unknown as Uint8Array);
}

/** A ZIP with stored (or, with `deflate`, compressed) entries. */
function storedZip(files: Record<string, string>, deflate = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const raw = Buffer.from(content, 'utf8');
    const crc = crc32(raw);
    const data = deflate ? deflateRawSync(raw) : raw;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Deterministic pseudo-random bytes. */
function junk(length: number, seed = 42): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

async function refusal(data: Buffer, fileName: string): Promise<string> {
  try {
    await readTable(data, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(SpreadsheetError);
    const message = (error as Error).message;
    expect(message).toMatch(/[а-яё]{4}/i);
    expect(message).not.toMatch(/undefined|null|NaN|\[object/);
    return message;
  }
  throw new Error(`${fileName} was read, a refusal was expected`);
}

function cellsOf(table: Table): string[][] {
  return table.rows.map((row) => row.cells);
}

const PEOPLE: ColumnSpec[] = [
  { key: 'fullName', header: 'ФИО', aliases: ['фамилия имя отчество'] },
  { key: 'lastName', header: 'Фамилия' },
  { key: 'firstName', header: 'Имя' },
  { key: 'middleName', header: 'Отчество' },
  { key: 'birthDate', header: 'Дата рождения', required: true },
  { key: 'consentDate', header: 'Дата согласия', aliases: ['согласие дата'] },
  { key: 'consentNumber', header: 'Номер согласия', aliases: ['согласие номер'] },
  { key: 'phone', header: 'Телефон' },
];

// ---------------------------------------------------------------------------------------------

describe('readTable: xlsx', () => {
  it('reads a simple sheet: header, rows, Excel row numbers', async () => {
    const data = await xlsx((sheet) => {
      sheet.addRow(['Фамилия', 'Имя', 'Отчество']);
      sheet.addRow(['Иванов', 'Иван', 'Иванович']);
      sheet.addRow(['Петрова', 'Анна', '']);
    });
    const table = await readTable(data, 'список.xlsx');
    expect(table.header).toEqual(['Фамилия', 'Имя', 'Отчество']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Иванов', 'Иван', 'Иванович'] },
      { line: 3, cells: ['Петрова', 'Анна', ''] },
    ]);
  });

  it('skips a merged title row and empty rows above the header, keeps true line numbers', async () => {
    const data = await xlsx((sheet) => {
      sheet.getCell('A1').value = 'Список наставников МБОУ СОШ № 1 на 2025/2026 учебный год';
      sheet.mergeCells('A1:D1');
      sheet.getCell('A2').value = 'по состоянию на 01.09.2025';
      sheet.getRow(4).values = ['Фамилия', 'Имя', 'Дата рождения', 'Телефон'];
      sheet.getRow(5).values = ['Иванов', 'Иван', '01.02.1980', '+7 900 000-00-00'];
      // an empty row in the middle
      sheet.getRow(7).values = ['Сидоров', 'Пётр', '03.04.1990', ''];
      // trailing rows with formatting only
      sheet.getCell('A12').numFmt = '@';
      sheet.getCell('B15').border = { top: { style: 'thin' } };
    });
    const table = await readTable(data, 'наставники.xlsx');
    expect(table.header).toEqual(['Фамилия', 'Имя', 'Дата рождения', 'Телефон']);
    expect(table.rows.map((row) => row.line)).toEqual([5, 7]);
    expect(table.rows[1]!.cells).toEqual(['Сидоров', 'Пётр', '03.04.1990', '']);
  });

  it('does not take two loose cells above the table for the header', async () => {
    const data = await xlsx((sheet) => {
      sheet.getCell('A1').value = 'Приложение 2';
      sheet.getCell('F1').value = 'к приказу № 15 от 01.09.2025';
      sheet.getRow(3).values = ['№', 'Фамилия', 'Имя', 'Отчество', 'Класс', 'Телефон'];
      sheet.getRow(4).values = [1, 'Иванов', 'Иван', 'Иванович', '5А', '89001234567'];
      sheet.getRow(5).values = [2, 'Петров', 'Пётр', '', '6Б', ''];
    });
    const table = await readTable(data, 'приложение.xlsx');
    expect(table.header).toEqual(['№', 'Фамилия', 'Имя', 'Отчество', 'Класс', 'Телефон']);
    expect(table.rows.map((row) => row.line)).toEqual([4, 5]);
  });

  it('reads a two-level merged header as «upper lower» names that matchHeaders understands', async () => {
    const data = await xlsx((sheet) => {
      sheet.getCell('A1').value = 'Реестр наставляемых';
      sheet.mergeCells('A1:H1');
      sheet.getRow(2).values = ['№', 'ФИО', '', '', 'Дата рождения', 'Согласие', '', 'Телефон'];
      sheet.getRow(3).values = ['', 'Фамилия', 'Имя', 'Отчество', '', 'Дата', 'Номер', ''];
      sheet.mergeCells('A2:A3');
      sheet.mergeCells('B2:D2');
      sheet.mergeCells('E2:E3');
      sheet.mergeCells('F2:G2');
      // «Телефон» is not merged down: the cell under it is simply empty
      sheet.getRow(4).values = [
        1,
        'Иванов',
        'Иван',
        'Иванович',
        new Date(Date.UTC(2012, 2, 5)),
        '01.09.2025',
        '17-С',
        79001234567,
      ];
      sheet.getRow(5).values = [2, 'Петрова', 'Анна', 'Сергеевна', new Date(Date.UTC(2011, 11, 31)), '02.09.2025', '18-С', ''];
    });
    const table = await readTable(data, 'реестр.xlsx');
    expect(table.header).toEqual([
      '№',
      'ФИО Фамилия',
      'ФИО Имя',
      'ФИО Отчество',
      'Дата рождения',
      'Согласие Дата',
      'Согласие Номер',
      'Телефон',
    ]);
    expect(table.rows.map((row) => row.line)).toEqual([4, 5]);
    expect(table.rows[0]!.cells).toEqual(['1', 'Иванов', 'Иван', 'Иванович', '05.03.2012', '01.09.2025', '17-С', '79001234567']);
    expect(table.rows[1]!.cells[4]).toBe('31.12.2011');

    const match = matchHeaders(table.header, PEOPLE);
    expect(match.columns).toEqual({
      lastName: 1,
      firstName: 2,
      middleName: 3,
      birthDate: 4,
      consentDate: 5,
      consentNumber: 6,
      phone: 7,
    });
    expect(match.duplicates).toEqual([]);
    expect(match.missing).toEqual([]);
    expect(match.unknown).toEqual(['№']);
  });

  it('matches the same specs against a one-level header', async () => {
    const data = await xlsx((sheet) => {
      sheet.addRow(['№ п/п', 'ФИО', 'Дата рождения', 'Дата согласия', 'Номер согласия']);
      sheet.addRow([1, 'Иванов Иван Иванович', '05.03.2012', '01.09.2025', '17-С']);
    });
    const table = await readTable(data, 'реестр.xlsx');
    const match = matchHeaders(table.header, PEOPLE);
    expect(match.columns).toEqual({ fullName: 1, birthDate: 2, consentDate: 3, consentNumber: 4 });
    expect(match.unknown).toEqual(['№ п/п']);
  });

  it('does not take the first data row for a lower header level', async () => {
    const data = await xlsx((sheet) => {
      sheet.getRow(1).values = ['Фамилия', 'Адрес', '', 'Телефон'];
      sheet.mergeCells('B1:C1');
      sheet.getRow(2).values = ['Иванов', 'ул. Ленина', 'д. 5', '89001234567'];
      sheet.getRow(3).values = ['Петров', 'ул. Мира', 'д. 1', ''];
    });
    const table = await readTable(data, 'адреса.xlsx');
    // the second column of a merged header cell has no name of its own
    expect(table.header).toEqual(['Фамилия', 'Адрес', '', 'Телефон']);
    expect(table.rows.map((row) => row.line)).toEqual([2, 3]);
  });

  it('turns cell values into text: dates, numbers, rich text, formulas, booleans, links, line breaks', async () => {
    const data = await xlsx((sheet) => {
      sheet.addRow(['Поле', 'Значение']);
      const values: Array<[string, ExcelJS.CellValue, string?]> = [
        ['дата', new Date(Date.UTC(2012, 2, 5))],
        ['дата и время', new Date(Date.UTC(2012, 2, 5, 14, 30))],
        ['телефон', 79001234567],
        ['ИНН с нулём', 12345678901, '000000000000'],
        ['дробь', 0.1 + 0.2],
        ['мелкое', 0.0000001],
        ['большое', 1e21],
        ['проценты', 0.15, '0%'],
        ['rich', { richText: [{ text: 'Ива', font: { bold: true } }, { text: 'нов' }] }],
        ['формула', { formula: 'B1&" "&B2', result: 'Иванов Иван' }],
        ['формула-число', { formula: '2+2', result: 4 }],
        ['формула-дата', { formula: 'DATE(2012,3,5)', result: 40973 }, 'dd.mm.yyyy'],
        ['булево', true],
        ['ложь', false],
        ['ссылка', { text: 'Школа № 1', hyperlink: 'https://example.org' }],
        ['переносы', '  Иванов\nИван\r\n\tИванович  '],
        ['неразрывный', 'А\u00a0Б\u200bВ'],
        ['ошибка', { error: '#N/A' }],
      ];
      for (const [label, value, format] of values) {
        const row = sheet.addRow([label, value]);
        if (format) row.getCell(2).numFmt = format;
      }
    });
    const table = await readTable(data, 'типы.xlsx');
    const byLabel = Object.fromEntries(table.rows.map((row) => [row.cells[0], row.cells[1]]));
    expect(byLabel).toEqual({
      дата: '05.03.2012',
      'дата и время': '05.03.2012 14:30',
      телефон: '79001234567',
      'ИНН с нулём': '012345678901',
      дробь: '0.3',
      мелкое: '0.0000001',
      большое: '1000000000000000000000',
      проценты: '15%',
      rich: 'Иванов',
      формула: 'Иванов Иван',
      'формула-число': '4',
      'формула-дата': '05.03.2012',
      булево: 'да',
      ложь: 'нет',
      ссылка: 'Школа № 1',
      переносы: 'Иванов Иван Иванович',
      неразрывный: 'А БВ',
      ошибка: '#N/A',
    });
  });

  it('keeps the decimals of a «0.00» format, as Excel shows them', async () => {
    const data = await xlsx((sheet) => {
      sheet.addRow(['Пункт', 'Часы']);
      sheet.addRow([2.1, 17]);
      sheet.getCell('A2').numFmt = '0.00';
      sheet.getCell('B2').numFmt = '0.0';
    });
    expect((await readTable(data, 'часы.xlsx')).rows[0]!.cells).toEqual(['2.10', '17.0']);
  });

  it('takes the first visible sheet that has a table', async () => {
    const data = await xlsx((first, workbook) => {
      first.getCell('A1').value = 'Инструкция: заполните лист «Данные»';
      const hidden = workbook.addWorksheet('Справочник', { state: 'hidden' });
      hidden.addRow(['Код', 'Название']);
      hidden.addRow(['1', 'Школа']);
      const sheet = workbook.addWorksheet('Данные');
      sheet.addRow(['Фамилия', 'Имя']);
      sheet.addRow(['Иванов', 'Иван']);
    });
    const table = await readTable(data, 'книга.xlsx');
    expect(table.header).toEqual(['Фамилия', 'Имя']);
  });

  it('skips a column-numbering row under the header', async () => {
    const data = await xlsx((sheet) => {
      sheet.addRow(['№', 'Фамилия', 'Имя', 'Отчество']);
      sheet.addRow([1, 2, 3, 4]);
      sheet.addRow([1, 'Иванов', 'Иван', 'Иванович']);
    });
    const table = await readTable(data, 'форма.xlsx');
    expect(table.rows).toEqual([{ line: 3, cells: ['1', 'Иванов', 'Иван', 'Иванович'] }]);
  });

  it('ignores the file name: an .xlsx named .csv is read as Excel', async () => {
    const data = await xlsx((sheet) => {
      sheet.addRow(['Фамилия', 'Имя']);
      sheet.addRow(['Иванов', 'Иван']);
    });
    expect((await readTable(data, 'выгрузка.csv')).rows).toHaveLength(1);
  });
});

describe('readTable: csv', () => {
  it('reads UTF-8 with BOM and «;»', async () => {
    const text = '\ufeffФамилия;Имя;Дата рождения\r\nИванов;Иван;05.03.2012\r\nЁлкина;Алёна;31.12.2011\r\n';
    const table = await readTable(Buffer.from(text, 'utf8'), 'список.csv');
    expect(table.header).toEqual(['Фамилия', 'Имя', 'Дата рождения']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Иванов', 'Иван', '05.03.2012'] },
      { line: 3, cells: ['Ёлкина', 'Алёна', '31.12.2011'] },
    ]);
  });

  it('reads Windows-1251 with «;», a title line and trailing empty cells', async () => {
    const text =
      'Список наставников;;;\r\n;;;\r\nФамилия;Имя;Отчество;Телефон\r\nЩукин;Ярослав;Эдуардович;89001234567\r\nЁжикова;Юлия;;\r\n;;;\r\n';
    const data = iconv.encode(text, 'win1251');
    expect(data.includes(Buffer.from('Щукин', 'utf8'))).toBe(false);
    const table = await readTable(data, 'список.csv');
    expect(table.header).toEqual(['Фамилия', 'Имя', 'Отчество', 'Телефон']);
    expect(table.rows).toEqual([
      { line: 4, cells: ['Щукин', 'Ярослав', 'Эдуардович', '89001234567'] },
      { line: 5, cells: ['Ёжикова', 'Юлия', '', ''] },
    ]);
  });

  it('reads «,» with quoted fields holding «;», doubled quotes and line breaks; lines point at record starts', async () => {
    const text = [
      'Фамилия,Школа,Примечание',
      'Иванов,"МБОУ ""СОШ № 1""","первый; второй"',
      'Петров,"Лицей',
      '№ 2","многострочное',
      '',
      'примечание"',
      '',
      'Сидоров,Гимназия,',
    ].join('\n');
    const table = await readTable(Buffer.from(text, 'utf8'), 'школы.txt');
    expect(table.header).toEqual(['Фамилия', 'Школа', 'Примечание']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Иванов', 'МБОУ "СОШ № 1"', 'первый; второй'] },
      { line: 3, cells: ['Петров', 'Лицей № 2', 'многострочное примечание'] },
      { line: 8, cells: ['Сидоров', 'Гимназия', ''] },
    ]);
  });

  it('picks «;» over commas inside unquoted addresses, and reads tab-separated text', async () => {
    const semicolons = 'Фамилия;Адрес;Телефон\nИванов;г. Москва, ул. Ленина, д. 5;89001234567\nПетров;ул. Мира, 1;\n';
    expect((await readTable(Buffer.from(semicolons), 'a.csv')).rows[0]!.cells).toEqual([
      'Иванов',
      'г. Москва, ул. Ленина, д. 5',
      '89001234567',
    ]);
    const tabs = 'Фамилия\tИмя\nИванов\tИван\n';
    expect((await readTable(Buffer.from(tabs), 'a.txt')).rows[0]!.cells).toEqual(['Иванов', 'Иван']);
  });

  it('follows a «sep=» line', async () => {
    const table = await readTable(Buffer.from('sep=,\r\nФамилия,Адрес\r\nИванов,"ул. Мира; 1"\r\n'), 'a.csv');
    expect(table.header).toEqual(['Фамилия', 'Адрес']);
    expect(table.rows).toEqual([{ line: 3, cells: ['Иванов', 'ул. Мира; 1'] }]);
  });

  it('reads UTF-16 «Unicode text» saved by Excel', async () => {
    const data = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Фамилия\tИмя\r\nИванов\tИван\r\n', 'utf-16le')]);
    expect((await readTable(data, 'текст.txt')).rows).toEqual([{ line: 2, cells: ['Иванов', 'Иван'] }]);
  });

  it('keeps quotes inside unquoted text and names the line of an unclosed quote', async () => {
    const ok = 'Фамилия;Школа\nИванов;МБОУ "СОШ № 1"\n';
    expect((await readTable(Buffer.from(ok), 'a.csv')).rows[0]!.cells).toEqual(['Иванов', 'МБОУ "СОШ № 1"']);
    const broken = 'Фамилия;Школа\nИванов;Школа\nПетров;"Лицей\nСидоров;Гимназия\n';
    const message = await refusal(Buffer.from(broken), 'a.csv');
    expect(message).toContain('«a.csv»');
    expect(message).toContain('строке 3');
  });
});

describe('readTable: refusals', () => {
  it('refuses a legacy .xls (OLE) and asks to re-save as .xlsx', async () => {
    const data = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), junk(4096)]);
    const message = await refusal(data, 'старый.xls');
    expect(message).toContain('«старый.xls»');
    expect(message).toContain('.xlsx');
    expect(message).toContain('97–2003');
  });

  it('refuses a PDF, an image, random bytes, a docx-like ZIP, an .ods, an HTML page', async () => {
    const cases: Array<[Buffer, string]> = [
      [
        Buffer.concat([Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'), junk(2048)]),
        'скан.pdf',
      ],
      [Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), junk(512)]), 'фото.png'],
      [junk(8192), 'мусор.csv'],
      [storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }), 'письмо.xlsx'],
      [storedZip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office/>' }), 'таблица.ods'],
      [
        Buffer.from('<!DOCTYPE html><html><body><table><tr><td>Фамилия</td><td>Имя</td></tr></table></body></html>'),
        'выгрузка.xls',
      ],
      [Buffer.from('Просто письмо без таблицы.\nВторая строка.\n'), 'письмо.csv'],
    ];
    for (const [data, name] of cases) {
      const message = await refusal(data, name);
      expect(message, name).toContain(`«${name}»`);
      expect(message, name).toMatch(/xlsx/);
    }
    expect(await refusal(cases[0]![0], 'скан.pdf')).toMatch(/не похож на таблицу Excel \(\.xlsx\) или CSV/);
    expect(await refusal(cases[4]![0], 'таблица.ods')).toContain('OpenDocument');
  });

  it('refuses a ZIP that claims to be an .xlsx but is broken', async () => {
    const message = await refusal(storedZip({ 'xl/workbook.xml': 'not xml at all', '[Content_Types].xml': 'x' }), 'битый.xlsx');
    expect(message).toContain('«битый.xlsx»');
  });

  it('refuses an .xlsx that unpacks into too much XML, before loading it', async () => {
    const sheet = `<worksheet><sheetData>${'<row><c><v>1</v></c></row>'.repeat(2_600_000)}</sheetData></worksheet>`;
    const data = storedZip({ 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': sheet }, true);
    expect(data.length).toBeLessThan(MAX_FILE_BYTES);
    const message = await refusal(data, 'бомба.xlsx');
    expect(message).toMatch(/^В файле «бомба\.xlsx» слишком много данных: в распакованном виде это 6\d,\d МБ/);
  });

  it('refuses a file over 10 MB before looking inside', async () => {
    const message = await refusal(Buffer.alloc(MAX_FILE_BYTES + 300 * 1024, 0x41), 'большой.csv');
    expect(message).toBe('Файл «большой.csv» слишком большой: 10,3 МБ, допускается не больше 10 МБ.');
  });

  it('refuses more than 20 000 data rows and says how many there are', async () => {
    const lines = ['Фамилия;Имя'];
    for (let index = 0; index <= MAX_ROWS; index++) lines.push(`Фамилия${index};Имя${index}`);
    const message = await refusal(Buffer.from(lines.join('\n')), 'все.csv');
    expect(message).toMatch(/^В файле 20\s001 строка, за один раз можно загрузить не больше 20\s000\./);
    expect(message).toContain('«все.csv»');
    // exactly the limit is fine
    lines.pop();
    expect((await readTable(Buffer.from(lines.join('\n')), 'все.csv')).rows).toHaveLength(MAX_ROWS);
  });

  it('refuses an empty file, a file of blanks, a sheet without a header and a header without rows', async () => {
    expect(await refusal(Buffer.alloc(0), 'пусто.csv')).toBe('Файл «пусто.csv» пустой.');
    expect(await refusal(Buffer.from('\ufeff\r\n  \r\n'), 'пусто.csv')).toContain('«пусто.csv» пустой');
    expect(await refusal(Buffer.from(';;;\r\n;;;\r\n'), 'пусто.csv')).toContain('«пусто.csv» пустой');
    const emptySheet = await xlsx((sheet) => {
      sheet.getCell('C3').border = { top: { style: 'thin' } };
    });
    expect(await refusal(emptySheet, 'пусто.xlsx')).toContain('«пусто.xlsx» пустой');
    const oneColumn = await xlsx((sheet) => {
      sheet.addRow(['Фамилия']);
      sheet.addRow(['Иванов']);
    });
    expect(await refusal(oneColumn, 'столбец.xlsx')).toContain('не найдена строка с названиями столбцов');
    const headerOnly = await xlsx((sheet) => {
      sheet.addRow(['Фамилия', 'Имя']);
    });
    expect(await refusal(headerOnly, 'шаблон.xlsx')).toBe(
      'В файле «шаблон.xlsx» есть заголовки столбцов, но нет ни одной строки с данными.',
    );
  });

  it('names the file without its path', async () => {
    expect(await refusal(Buffer.alloc(0), 'C:\\Users\\Учитель\\Desktop\\пусто.csv')).toBe('Файл «пусто.csv» пустой.');
  });
});

describe('matchHeaders', () => {
  const specs: ColumnSpec[] = [
    { key: 'lastName', header: 'Фамилия', required: true },
    { key: 'firstName', header: 'Имя', required: true },
    { key: 'birthDate', header: 'Дата рождения', required: true },
    { key: 'email', header: 'Электронная почта', aliases: ['e-mail', 'email', 'почта'] },
    { key: 'snils', header: 'СНИЛС' },
    { key: 'school', header: 'Образовательная организация', aliases: ['школа', 'ОО'] },
  ];

  it('ignores case, spaces, punctuation, ё, word order and extra words', () => {
    const match = matchHeaders(
      ['  ФАМИЛИЯ ', 'имя:', 'Рождения  дата', 'Адрес электронной почты (E-mail)', '«СНИЛС» №', 'Школа, класс'],
      specs,
    );
    expect(match.columns).toEqual({ lastName: 0, firstName: 1, birthDate: 2, email: 3, snils: 4, school: 5 });
    expect(match).toMatchObject({ missing: [], unknown: [], duplicates: [] });

    expect(matchHeaders(['Фамилия', 'Имя', 'Дата рождения (ДД.ММ.ГГГГ)'], specs).columns.birthDate).toBe(2);
    expect(matchHeaders(['Фамилия', 'Имя', 'Дата рождения*'], specs).columns.birthDate).toBe(2);
    expect(matchHeaders(['Фамилия', 'Имя', 'дата рожденья'], specs).columns.birthDate).toBe(2);
    expect(matchHeaders(['Ф.И.О.', 'Ф. И. О.'], [{ key: 'fullName', header: 'ФИО' }]).duplicates).toEqual(['ФИО']);
    expect(matchHeaders(['Учёба'], [{ key: 'study', header: 'Учеба' }]).columns).toEqual({ study: 0 });
  });

  it('reports unknown and missing columns', () => {
    const match = matchHeaders(['Фамилия', '', 'Любимый цвет', '№', 'Дата рождения'], specs);
    expect(match.columns).toEqual({ lastName: 0, birthDate: 4 });
    expect(match.unknown).toEqual(['Любимый цвет', '№']);
    expect(match.missing.map((spec) => spec.header)).toEqual(['Имя']);
  });

  it('reports two columns for one spec as a duplicate; an exact column beats a looser one', () => {
    const twice = matchHeaders(['Фамилия', 'Имя', 'Дата рождения', 'почта', 'E-mail'], specs);
    expect(twice.duplicates).toEqual(['Электронная почта']);
    expect(twice.columns.email).toBe(3);

    const looser = matchHeaders(['Фамилия', 'Фамилия наставника', 'Имя', 'Дата рождения'], specs);
    expect(looser.duplicates).toEqual([]);
    expect(looser.columns.lastName).toBe(0);
    expect(looser.unknown).toEqual(['Фамилия наставника']);

    const equal = matchHeaders(['Телефон мобильный', 'Телефон домашний'], [{ key: 'phone', header: 'Телефон' }]);
    expect(equal.duplicates).toEqual(['Телефон']);
  });

  it('gives a combined two-level header to the spec of its lower level', () => {
    const match = matchHeaders(['ФИО Фамилия', 'ФИО Имя', 'ФИО Отчество'], PEOPLE);
    expect(match.columns).toEqual({ lastName: 0, firstName: 1, middleName: 2 });
    expect(matchHeaders(['ФИО'], PEOPLE).columns).toEqual({ fullName: 0 });
    expect(matchHeaders(['Фамилия, имя, отчество'], PEOPLE).columns).toEqual({ fullName: 0 });
  });
});

describe('writing and reading back', () => {
  const header = ['Фамилия', 'Имя', 'Дата рождения', 'ИНН', 'Телефон', 'Класс', 'Баллы', 'Примечание'];
  const rows: Array<Array<string | number | null>> = [
    ['Иванов', 'Иван', '05.03.2012', '012345678901', '+7 (900) 123-45-67', '5 «А»', 17, 'первая; строка "с кавычками"'],
    ['Ёлкина', 'Алёна', '31.12.2011', '500100732259', '79001234567', '11', 4.5, null],
    ['Сидоров-Петров', 'Пётр', '01.01.2010', '00123', '-', null, 0, '=1+1'],
  ];

  it('writeXlsx → readTable gives the same header and cells', async () => {
    const data = await writeXlsx('Наставляемые', header, rows);
    expect(data.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const table = await readTable(data, 'выгрузка.xlsx');
    expect(table.header).toEqual(header);
    expect(table.rows.map((row) => row.line)).toEqual([2, 3, 4]);
    expect(cellsOf(table)).toEqual(rows.map((row) => row.map((value) => (value === null ? '' : String(value)))));
  });

  it('writeXlsx makes a bold, frozen, filterable header and fitted columns; dates and digits stay text', async () => {
    const long = 'Очень длинное примечание '.repeat(10);
    const data = await writeXlsx('Лист: 1/2 [черновик] и ещё очень длинное имя листа', header, [
      ...rows,
      ['А', 'Б', '', '', '', '', null, long],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('C2').value).toBe('05.03.2012');
    expect(sheet.getCell('D2').value).toBe('012345678901');
    expect(sheet.getCell('G2').value).toBe(17);
    expect(sheet.getColumn(8).width).toBe(60);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(8);
    // a text that looks like a formula is stored as text, not as a formula
    expect(sheet.getCell('H4').value).toBe('=1+1');
  });

  it('writeCsv: BOM, «;», CRLF, quoting; readTable reads it back', async () => {
    const data = writeCsv(header, rows);
    expect([...data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = data.toString('utf8', 3);
    expect(text.split('\r\n')[0]).toBe(header.join(';'));
    expect(text).toContain('"первая; строка ""с кавычками"""');
    expect(text).toContain(';4,5;');
    expect(text.endsWith('\r\n')).toBe(true);

    const table = await readTable(data, 'выгрузка.csv');
    expect(table.header).toEqual(header);
    const expected = rows.map((row) => row.map((value) => (value === null ? '' : String(value))));
    expected[1]![6] = '4,5'; // decimal comma, as Russian Excel expects in a CSV
    expected[2]![7] = "'=1+1"; // defused formula
    expect(cellsOf(table)).toEqual(expected);
  });

  it('writeCsv defuses formulas but leaves phone numbers and negative numbers alone', () => {
    const text = writeCsv(
      ['a'],
      [['=HYPERLINK("x")'], ['@SUM(A1)'], ['+7 900 123-45-67'], ['-5'], ['-2+3+cmd|x!A0'], [-1.5]],
    ).toString('utf8', 3);
    expect(text.split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""x"")"`,
      "'@SUM(A1)",
      '+7 900 123-45-67',
      '-5',
      "'-2+3+cmd|x!A0",
      '-1,5',
    ]);
  });
});
