import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readTable, writeXlsx } from '../../src/lib/spreadsheet.js';
import { exportColumns } from '../../src/modules/people/columns.js';
import { todayIso } from '../../src/modules/people/rules.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

function yearsAgo(years: number): string {
  const [y, m, d] = todayIso().split('-');
  return `${d}.${m}.${Number(y) - years}`;
}

const HEADER = [
  'Фамилия',
  'Имя',
  'Отчество',
  'Категория',
  'Класс',
  'Дата рождения',
  'Дата согласия',
  'Согласие дал(а)',
  'Статус',
];
const good = (last: string, cls = '7Б') => [
  last,
  'Иван',
  'Петрович',
  'обучающийся',
  cls,
  yearsAgo(13),
  yearsAgo(0),
  'Родителева Анна',
  'потенциальный',
];

async function curatorUpload(file: {
  name: string;
  data: Buffer;
}): Promise<{ curator: Client; preview: string; location: string | undefined; status: number }> {
  const curator = await signedIn(t.app, 'curator', PASSWORD);
  await curator.get('/mentees/import');
  const response = await curator.upload('/mentees/import', file);
  const location = response.headers.location as string | undefined;
  const preview = location ? (await curator.get(location)).body : response.body;
  return { curator, preview: textOf(preview), location, status: response.statusCode };
}

describe('importing the base of mentees', () => {
  it('previews, then writes all rows in one go only after confirmation', async () => {
    const data = await writeXlsx('База', HEADER, [good('Аксенов'), good('Борисов'), good('Васин')]);
    const { curator, preview, location } = await curatorUpload({ name: 'база.xlsx', data });
    expect(preview).toContain('Будет добавлено: 3');
    expect(preview).toContain('Аксенов Иван Петрович');
    const before = await t.database.db.selectFrom('mentees').select('id').where('last_name', '=', 'Аксенов').execute();
    expect(before).toHaveLength(0);
    const confirm = await curator.post(location!);
    expect(confirm.statusCode).toBe(303);
    const list = textOf((await curator.get('/mentees')).body);
    expect(list).toContain('Загрузка завершена: добавлено 3, обновлено 0');
    expect(list).toContain('Борисов Иван Петрович');
    const audit = await t.database.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'import').execute();
    expect(audit).toHaveLength(3);
    // the same batch cannot be applied twice, and its rows (personal data) are not kept after it
    await curator.post(location!);
    const stored = await t.database.db
      .selectFrom('import_batches')
      .select('rows')
      .where('applied_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.rows)).not.toContain('Аксенов');
    expect(await t.database.db.selectFrom('mentees').select('id').where('last_name', '=', 'Аксенов').execute()).toHaveLength(1);
  });

  it('names every wrong row with its line and column, and refuses to write anything', async () => {
    const rows = [
      good('Аксенов'),
      ['', 'Иван', '', 'обучающийся', '7Б', yearsAgo(13), '', '', ''],
      ['Борисов', 'Иван', '', 'обучающийся', '11 «А»', '32.13.2010', '', '', ''],
      ['Васин', 'Иван', '', 'обучающийся', '5Б', yearsAgo(8), '', '', ''],
      ['Галкин', 'Иван', '', 'ученик-отличник', '5Б', yearsAgo(12), '', '', ''],
      ['Дёмин', 'Иван', '', 'обучающийся', 'пятый', yearsAgo(12), '', '', ''],
      good('Аксенов'),
    ];
    const data = await writeXlsx('База', HEADER, rows);
    const { curator, preview, location } = await curatorUpload({ name: 'база.xlsx', data });
    expect(preview).toContain('С ошибками: 6');
    expect(preview).toMatch(/3 .*Фамилия Укажите фамилию/);
    expect(preview).toMatch(
      /4 Борисов Иван Дата рождения Дата рождения: даты «32\.13\.2010» не существует: месяца с номером 13 нет/,
    );
    expect(preview).toContain('не меньше 10 лет, а сейчас ему 8');
    expect(preview).toContain('Неизвестная категория «ученик-отличник»');
    expect(preview).toContain('Класс: «пятый»');
    expect(preview).toContain('Этот человек уже есть в файле в строке 2');
    expect(preview).not.toContain('Загрузить в базу');
    const confirm = await curator.post(location!);
    expect(confirm.statusCode).toBe(303);
    expect(textOf((await curator.get(confirm.headers.location as string)).body)).toContain('В файле есть ошибки');
    expect(await t.database.db.selectFrom('mentees').select('id').where('last_name', '=', 'Аксенов').execute()).toHaveLength(0);
  });

  it('updates a person already in the base instead of adding a second one', async () => {
    const first = await curatorUpload({ name: 'a.xlsx', data: await writeXlsx('База', HEADER, [good('Аксенов')]) });
    await first.curator.post(first.location!);
    const second = await curatorUpload({ name: 'a.xlsx', data: await writeXlsx('База', HEADER, [good('Аксенов', '8А')]) });
    expect(second.preview).toContain('Будет обновлено: 1');
    expect(second.preview).toContain('Будет добавлено: 0');
    await second.curator.post(second.location!);
    const rows = await t.database.db.selectFrom('mentees').select(['class_name']).where('last_name', '=', 'Аксенов').execute();
    expect(rows).toEqual([{ class_name: '8А' }]);
  });

  it('reads a Windows-1251 CSV with semicolons and one «ФИО» column in another order', async () => {
    const text = ['ФИО;Дата рождения;Категория;класс', `Ёлкин Пётр Ильич;${yearsAgo(12)};обучающийся;6 В`].join('\r\n');
    const { preview } = await curatorUpload({ name: 'база.csv', data: iconv.encode(text, 'win1251') });
    expect(preview).toContain('Будет добавлено: 1');
    expect(preview).toContain('Ёлкин Пётр Ильич');
  });

  it('reads an .xlsx with merged header cells above the names', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('База');
    sheet.addRow(['База наставляемых МБОУ «СОШ № 1»']);
    sheet.addRow(['ФИО', '', '', 'Категория', 'Класс', 'Дата рождения']);
    sheet.addRow(['Фамилия', 'Имя', 'Отчество', '', '', '']);
    sheet.mergeCells('A2:C2');
    sheet.mergeCells('D2:D3');
    sheet.mergeCells('E2:E3');
    sheet.mergeCells('F2:F3');
    sheet.addRow(['Жуков', 'Олег', 'Иванович', 'обучающийся', '9А', yearsAgo(15)]);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const { preview } = await curatorUpload({ name: 'сложная шапка.xlsx', data });
    expect(preview).toContain('Будет добавлено: 1');
    expect(preview).toContain('Жуков Олег Иванович');
  });

  it('names a missing column as the template does', async () => {
    const data = await writeXlsx('База', ['ФИО', 'Категория'], [['Орлова Дарья', 'молодой специалист']]);
    const { preview } = await curatorUpload({ name: 'x.xlsx', data });
    expect(preview).toContain('Начало педагогической деятельности Для молодого специалиста укажите дату');
    expect(preview).not.toContain('teaching_since');
  });

  it('refuses wrong headers and a file that is not a spreadsheet, with a Russian reason', async () => {
    const wrong = await curatorUpload({ name: 'x.xlsx', data: await writeXlsx('База', ['Кто', 'Когда'], [['а', 'б']]) });
    expect(wrong.status).toBe(400);
    expect(wrong.preview).toContain('Нет столбцов с ФИО');
    expect(wrong.preview).toContain('Нет обязательного столбца «Категория»');
    const pdf = await curatorUpload({ name: 'приказ.pdf', data: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj') });
    expect(pdf.status).toBe(400);
    expect(pdf.preview).toContain('не похож на таблицу');
    const none = await signedIn(t.app, 'curator', PASSWORD);
    await none.get('/mentees/import');
    const empty = await none.upload('/mentees/import', { name: '', data: Buffer.alloc(0) });
    expect(textOf(empty.body)).toContain('Выберите файл');
  });

  it('refuses a file over 10 MB with a clear message', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 100, 'a');
    const { status, preview } = await curatorUpload({ name: 'огромный.csv', data: big });
    expect(status).toBe(400);
    expect(preview).toContain('слишком большой');
  });
});

describe('exporting', () => {
  it('an export imported again changes nothing', async () => {
    const first = await curatorUpload({
      name: 'a.xlsx',
      data: await writeXlsx('База', HEADER, [good('Аксенов'), good('Борисов', '9Б')]),
    });
    await first.curator.post(first.location!);
    const exported = await first.curator.get('/mentees/export.xlsx');
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const table = await readTable(exported.rawPayload, 'export.xlsx');
    expect(table.header).toContain('Класс');
    expect(table.rows.map((r) => r.cells[0])).toEqual(expect.arrayContaining(['Аксенов', 'Борисов', 'Подопечный']));
    const again = await curatorUpload({ name: 'export.xlsx', data: exported.rawPayload });
    expect(again.preview).toContain('Будет добавлено: 0');
    expect(again.preview).toContain('Будет обновлено: 0');
    expect(again.preview).toContain('С ошибками: 0');
    const csv = await first.curator.get('/mentees/export.csv?q=' + encodeURIComponent('борисов'));
    const csvTable = await readTable(csv.rawPayload, 'export.csv');
    expect(csvTable.rows).toHaveLength(1);
  });

  it('the department export hides the birth dates of minors', async () => {
    const first = await curatorUpload({ name: 'a.xlsx', data: await writeXlsx('База', HEADER, [good('Аксенов')]) });
    await first.curator.post(first.location!);
    const department = await signedIn(t.app, 'department', PASSWORD);
    const table = await readTable((await department.get('/mentees/export.xlsx')).rawPayload, 'x.xlsx');
    const birth = table.header.indexOf('Дата рождения');
    const row = table.rows.find((r) => r.cells[0] === 'Аксенов')!;
    expect(row.cells[birth]).toBe('');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const full = await readTable((await coordinator.get('/mentees/export.xlsx')).rawPayload, 'x.xlsx');
    expect(full.rows.find((r) => r.cells[0] === 'Аксенов')!.cells[birth]).toBe(yearsAgo(13));
  });

  it('the template has exactly the import headers, in order, for each base', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    for (const kind of ['mentors', 'mentees'] as const) {
      const response = await curator.get(`/${kind}/template.xlsx`);
      expect(response.headers['content-disposition']).toContain('.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const header = (workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1).map(String);
      expect(header).toEqual(exportColumns(kind).map((c) => c.header));
      expect(header.slice(0, 3)).toEqual(['Фамилия', 'Имя', 'Отчество']);
      expect(header).toContain(kind === 'mentors' ? 'Компетенции' : 'Запросы');
    }
  });
});

describe('what the preview says besides errors (issue 14)', () => {
  it('names a request the municipal list does not have, by row and column, and offers to import without it or to ask the coordinator to add it', async () => {
    const { db } = t.database;
    await db
      .insertInto('tags')
      .values({ municipality_id: t.world.a.id, kind: 'request', name: 'Адаптация в коллективе' })
      .execute();
    await db.updateTable('users').set({ email: 'imc@example.ru' }).where('login', '=', 'coordinator').execute();
    const header = [...HEADER, 'Запросы'];
    const file = async () =>
      writeXlsx('База', header, [
        [...good('Аксенов'), 'адаптация в коллективе; Робототехника'],
        [...good('Борисов'), 'Адаптация в коллективе'],
      ]);
    const { curator, preview, location } = await curatorUpload({ name: 'база.xlsx', data: await file() });
    expect(preview).toContain('Значений нет в перечне муниципалитета');
    expect(preview).toContain('В перечне запросов наставляемых муниципалитета нет этого значения');
    expect(preview).toMatch(/Строка ФИО Столбец Значение 2 Аксенов Иван Петрович Запросы «Робототехника»/);
    expect(preview).not.toContain('«Адаптация в коллективе»');
    // the two ways out: import without it (kept only as «Запросы (другое)»), or ask the list's keeper
    expect(preview).toContain(
      'Загрузить без них. Кнопка «Загрузить в базу» ниже: значения попадут только в поле «Запросы (другое)»',
    );
    expect(preview).toContain('Попросить координатора добавить значение');
    const html = (await curator.get(location!)).body;
    const mailto = /href="(mailto:[^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    expect(mailto).toMatch(/^mailto:imc@example\.ru\?subject=/);
    const body = new URL(mailto!).searchParams.get('body') ?? '';
    expect(body).toContain(`«Робототехника»: http://localhost:80/tags?kind=request&name=${encodeURIComponent('Робототехника')}`);

    // imported without it: the known request is linked, the unknown one kept in the note
    await curator.post(location!);
    const aksenov = await db
      .selectFrom('mentees')
      .select(['id', 'requests_note'])
      .where('last_name', '=', 'Аксенов')
      .executeTakeFirstOrThrow();
    expect(aksenov.requests_note).toBe('Робототехника');
    expect(await db.selectFrom('mentee_tags').select('tag_id').where('mentee_id', '=', aksenov.id).execute()).toHaveLength(1);

    // the coordinator follows the link: the form comes filled in; once added, the file links it
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const form = (await coordinator.get(`/tags?kind=request&name=${encodeURIComponent('Робототехника')}`)).body;
    expect(form).toMatch(/<option value="request" selected/);
    expect(form).toContain('value="Робототехника"');
    expect((await coordinator.post('/tags', { kind: 'request', name: 'Робототехника' })).statusCode).toBe(303);
    const again = await curatorUpload({ name: 'база.xlsx', data: await file() });
    expect(again.preview).not.toContain('Значений нет в перечне');
    expect(again.preview).toContain('Будет обновлено: 1');
    await again.curator.post(again.location!);
    expect(await db.selectFrom('mentee_tags').select('tag_id').where('mentee_id', '=', aksenov.id).execute()).toHaveLength(2);
  });

  it('says that 31.02.2015 does not exist, naming the row and the column', async () => {
    const rows = [good('Аксенов'), ['Борисов', 'Иван', '', 'обучающийся', '7Б', '31.02.2015', '', '', '']];
    const { preview } = await curatorUpload({ name: 'база.xlsx', data: await writeXlsx('База', HEADER, rows) });
    expect(preview).toMatch(
      /3 Борисов Иван Дата рождения Дата рождения: даты «31\.02\.2015» не существует: в феврале 2015 года 28 дней, а не 31/,
    );
    expect(preview).not.toContain('укажите дату в виде');
  });
});
