import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../src/http/content-disposition.js';
import { exportFileName } from '../../src/modules/roadmaps/export-xlsx.js';
import type { RoadmapRow } from '../../src/modules/roadmaps/queries.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { schoolTable } from '../helpers/roadmap-documents.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const TITLE = 'План мероприятий (дорожная карта) по внедрению целевой модели наставничества в МБОУ «СОШ № 2»';

/** The curator creates a school roadmap approved by an order and imports the school document into it through the routes. */
async function importedRoadmap(): Promise<{ client: Client; id: number; item: (n: string) => Promise<number> }> {
  const client = await signedIn(t.app, 'curator', PASSWORD);
  await client.get('/roadmaps/new');
  const created = await client.post('/roadmaps', {
    title: TITLE,
    period_from: '2022',
    period_to: '2024',
    order_number: '45-од',
    order_date: '2022-03-01',
  });
  expect(created.statusCode).toBe(303);
  const id = Number(/\/roadmaps\/(\d+)/.exec(created.headers.location as string)?.[1]);
  await client.get(`/roadmaps/${id}/import`);
  const confirm = await client.post(`/roadmaps/${id}/import/confirm`, {
    text: schoolTable(),
    remap: '1',
    map_number: '0',
    map_activity: '1',
    map_deadline: '2',
    map_responsible: '3',
    map_result: '4',
    map_expected: '',
  });
  expect(confirm.statusCode, textOf(confirm.body).slice(0, 300)).toBe(303);
  const item = async (n: string) =>
    (
      await t.database.db
        .selectFrom('roadmap_items')
        .select('id')
        .where('roadmap_id', '=', id)
        .where('number', '=', n)
        .executeTakeFirstOrThrow()
    ).id;
  // 1.2 done on 25.08.2022 through the status form
  await client.get(`/roadmaps/${id}/items/${await item('1.2')}/edit`);
  const status = await client.post(`/roadmaps/${id}/items/${await item('1.2')}/status`, {
    status: 'done',
    completed_on: '2022-08-25',
  });
  expect(status.statusCode).toBe(303);
  return { client, id, item };
}

async function workbookOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

function rowValues(sheet: ExcelJS.Worksheet, n: number): unknown[] {
  return (sheet.getRow(n).values as unknown[]).slice(1);
}

function findRow(sheet: ExcelJS.Worksheet, first: (value: unknown) => boolean): number {
  for (let n = 1; n <= sheet.rowCount; n++) if (first(sheet.getRow(n).getCell(1).value)) return n;
  throw new Error('row not found');
}

/** The months marked in an item's row of the timeline. */
function markedMonths(html: string, itemId: number): string[] | null {
  const row = new RegExp(`<tr id="tl-item-${itemId}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (row === undefined) return null;
  return [...row.matchAll(/data-month="(\d{4}-\d{2})"/g)].map((m) => m[1] ?? '');
}

function sectionHtml(html: string, labelId: string): string {
  return new RegExp(`<section aria-labelledby="${labelId}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
}

describe('roadmap views: .xlsx export', () => {
  it("writes the document's columns, a merged section row, the items and the portal's status last", async () => {
    const { client, id } = await importedRoadmap();
    const response = await client.get(`/roadmaps/${id}/export.xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="roadmap-\d+\.xlsx"; filename\*=UTF-8''/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '';
    expect(encoded).not.toMatch(/[^A-Za-z0-9%!._~-]/);
    expect(decodeURIComponent(encoded)).toBe(`${TITLE} (2022–2024).xlsx`);

    const sheet = await workbookOf(response.rawPayload);
    expect(sheet.getCell('A1').value).toBe(TITLE);
    const texts = Array.from({ length: 4 }, (_, i) => String(sheet.getCell(`A${i + 1}`).value ?? ''));
    expect(texts).toContain('Утверждён приказом № 45-од от 01.03.2022');
    expect(texts.some((v) => v.includes('2022–2024'))).toBe(true);

    const headerRow = findRow(sheet, (v) => v === '№ п/п');
    // No item has «Ожидаемые результаты» in this document: no such column.
    expect(rowValues(sheet, headerRow)).toEqual([
      '№ п/п',
      'Наименование мероприятия',
      'Форма результата / вид документа',
      'Срок реализации',
      'Ответственные',
      'Статус',
      'Дата выполнения',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(sheet.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(sheet.getRow(headerRow).getCell(1).font?.bold).toBe(true);

    const section = findRow(sheet, (v) => typeof v === 'string' && v.startsWith('1. Нормативное правовое регулирование'));
    expect(section).toBe(headerRow + 1);
    expect(sheet.getCell(`G${section}`).isMerged).toBe(true);
    expect(sheet.getCell(`G${section}`).master.address).toBe(`A${section}`);
    expect(sheet.getCell(`A${section}`).font?.bold).toBe(true);

    const first = findRow(sheet, (v) => v === '1.1');
    expect(sheet.getCell(`A${first}`).isMerged).toBe(false);
    expect(rowValues(sheet, first)).toEqual([
      '1.1',
      'Утверждение состава рабочей группы по внедрению целевой модели наставничества в 2022 – 2024 уч. г.',
      'Решение педагогического Совета',
      'до 30.08.2022',
      'Цыриторов Б.Д. Гармаева Б.Б.',
      'Не начато, просрочено',
    ]);
    expect(sheet.getCell(`B${first}`).alignment?.wrapText).toBe(true);
    const done = findRow(sheet, (v) => v === '1.2');
    expect(sheet.getCell(`F${done}`).value).toBe('Выполнено');
    expect((sheet.getCell(`G${done}`).value as Date).toISOString().slice(0, 10)).toBe('2022-08-25');
    // a deadline the parser does not understand goes out as written
    const unparsed = findRow(sheet, (v) => v === '2.1');
    expect(sheet.getCell(`D${unparsed}`).value).toBe('Май-Сентябрь');
    // every item of the document is there
    const numbers = Array.from({ length: sheet.rowCount - headerRow }, (_, i) => sheet.getCell(`A${headerRow + 1 + i}`).value);
    expect(numbers).toContain('6.2.1');
  });

  it('adds «Ожидаемые результаты» before the status columns when an item has one', async () => {
    const { client, id, item } = await importedRoadmap();
    await t.database.db
      .updateTable('roadmap_items')
      .set({ expected: 'Состав рабочей группы утверждён' })
      .where('id', '=', await item('1.1'))
      .execute();
    const sheet = await workbookOf((await client.get(`/roadmaps/${id}/export.xlsx`)).rawPayload);
    const headerRow = findRow(sheet, (v) => v === '№ п/п');
    expect(rowValues(sheet, headerRow).slice(4)).toEqual(['Ответственные', 'Ожидаемые результаты', 'Статус', 'Дата выполнения']);
    const first = findRow(sheet, (v) => v === '1.1');
    expect(sheet.getCell(`F${first}`).value).toBe('Состав рабочей группы утверждён');
    const section = findRow(sheet, (v) => typeof v === 'string' && v.startsWith('1. '));
    expect(sheet.getCell(`H${section}`).master.address).toBe(`A${section}`);
  });

  it('names the file after the roadmap, without characters file systems refuse', () => {
    const name = exportFileName({ title: 'План "А"/2022: школа*', period_from: 2023, period_to: 2023 } as RoadmapRow);
    expect(name).toBe('План А 2022 школа (2023).xlsx');
    expect(contentDisposition("Карта (1) 'а'.xlsx", { fallback: 'roadmap-1.xlsx' })).toBe(
      'attachment; filename="roadmap-1.xlsx"; filename*=UTF-8\'\'%D0%9A%D0%B0%D1%80%D1%82%D0%B0%20%281%29%20%27%D0%B0%27.xlsx',
    );
  });
});

describe('roadmap views: print', () => {
  it('is the paper document: approving order, title, every number, its own layout and print stylesheet', async () => {
    const { client, id } = await importedRoadmap();
    const response = await client.get(`/roadmaps/${id}/print`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<html lang="ru">');
    expect(html).toMatch(/<title>[^<]*печатная форма[^<]*<\/title>/);
    expect(html).toMatch(/<main id="main"/);
    expect(html).toContain('<link rel="stylesheet" href="/public/css/print.css">');
    expect(html).not.toContain('/public/css/app.css');
    expect(html).not.toContain('class="main-nav"');
    // the CSP allows no inline style and no inline script
    expect(html).not.toMatch(/<[^>]+\sstyle=/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    const text = textOf(html);
    expect(text).toContain('УТВЕРЖДЁН приказом № 45-од от 01.03.2022');
    expect(text).toContain(TITLE);
    expect(html).toContain(`href="/roadmaps/${id}"`);
    expect(text).toContain('нажмите Ctrl + P');
    const numbers = (
      await t.database.db
        .selectFrom('roadmap_items')
        .select('number')
        .where('roadmap_id', '=', id)
        .where('kind', '=', 'item')
        .execute()
    ).map((r) => r.number);
    expect(numbers).toHaveLength(33);
    for (const n of numbers) expect(html).toContain(`<td class="doc-num">${n}</td>`);
    expect(html).toMatch(/<th scope="rowgroup" colspan="5">1\. Нормативное правовое регулирование/);
    expect(text).toContain('до 30.08.2022 Цыриторов Б.Д. Гармаева Б.Б.');

    const css = await client.get('/public/css/print.css');
    expect(css.body).toContain('@page { size: A4 landscape; margin: 15mm; }');
    expect(css.body).toMatch(/thead \{ display: table-header-group; \}/);
  });

  it('leaves the approval block out when no order is set', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const html = (await client.get(`/roadmaps/${t.world.roadmaps.schoolA.id}/print`)).body;
    expect(html).not.toContain('УТВЕРЖДЁН');
    expect(html).toContain('<td class="doc-num">1.1</td>');
  });
});

describe('roadmap views: timeline by month', () => {
  it('marks each dated item in its months, lists the undated ones, and offers the same as text', async () => {
    const { client, id, item } = await importedRoadmap();
    const response = await client.get(`/roadmaps/${id}/timeline`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    // 36 months of 2022–2024 as columns, grouped by year
    expect(html.match(/<th scope="col" class="tl-month/g)).toHaveLength(36);
    expect(html.match(/<th scope="colgroup" colspan="12" class="tl-year">/g)).toHaveLength(3);
    expect(html).toMatch(/<div class="table-wrap tl-wrap" role="region" aria-labelledby="tl-caption" tabindex="0">/);
    // «до 30.08.2022»: August 2022 only
    expect(markedMonths(html, await item('1.1'))).toEqual(['2022-08']);
    // «Декабрь, июнь в период с 2022 по 2024 г.г.»: June and December of each year
    expect(markedMonths(html, await item('5.2'))).toEqual(['2022-06', '2022-12', '2023-06', '2023-12', '2024-06', '2024-12']);
    // «с 31 мая по 01 сентября ежегодно (в период с 2022 по 2024 г.г.)»: May to September of each year
    expect(markedMonths(html, await item('3.2'))).toEqual(
      [2022, 2023, 2024].flatMap((y) => ['05', '06', '07', '08', '09'].map((m) => `${y}-${m}`)),
    );
    // status is told in words and symbols, not by colour alone
    const row11 =
      /<tr id="tl-item-\d+">[\s\S]*?<\/tr>/.exec(html.slice(html.indexOf(`<tr id="tl-item-${await item('1.1')}">`)))?.[0] ?? '';
    expect(textOf(row11)).toContain('просрочено');
    expect(row11).toContain('<span class="visually-hidden">срок, просрочено</span>');
    const row12 =
      /<tr id="tl-item-\d+">[\s\S]*?<\/tr>/.exec(html.slice(html.indexOf(`<tr id="tl-item-${await item('1.2')}">`)))?.[0] ?? '';
    expect(textOf(row12)).toContain('✓ выполнено');
    // continuous and unrecognised deadlines: in «Без срока» with their text, not in the grid
    const undated = textOf(sectionHtml(html, 'tl-undated'));
    expect(undated).toContain('Без срока');
    expect(undated).toContain('2.4 Формирование баз наставников на уровне школы — «в течение всего периода реализации ЦМН»');
    expect(undated).toContain('3.4 Обучение наставников — «по отдельному графику»');
    expect(markedMonths(html, await item('2.4'))).toBeNull();
    // «август 2020 г» lies before the period
    expect(textOf(sectionHtml(html, 'tl-outside'))).toContain(
      '3.1 Подготовка условий для запуска программы наставничества — «август 2020 г»',
    );
    // the text alternative: a list by month
    const byMonth = textOf(sectionHtml(html, 'tl-by-month'));
    expect(byMonth).toMatch(/Август 2022 .*1\.1 Утверждение состава рабочей группы/);
    expect(byMonth).toMatch(/Июнь 2023 .*5\.2 Проведение внутришкольного мониторинга/);
    // the views navigation and the breadcrumbs
    expect(html).toContain(`href="/roadmaps/${id}/print"`);
    expect(html).toContain(`href="/roadmaps/${id}/export.xlsx"`);
    expect(html).toMatch(/<nav aria-label="Вы здесь" class="breadcrumbs">[\s\S]*Сроки по месяцам/);
    // A title over 80 characters is cut in the breadcrumbs, whole in their tooltip and on the page.
    const crumbs = /<nav aria-label="Вы здесь" class="breadcrumbs">[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    expect(TITLE.length).toBeGreaterThan(80);
    expect(textOf(crumbs)).toContain(`${TITLE.slice(0, 79).trimEnd()}…`);
    expect(textOf(crumbs)).not.toContain(TITLE);
    expect(crumbs).toContain(`title="${TITLE}"`);
    expect(textOf(html)).toContain(TITLE);
    expect(html).not.toMatch(/<[^>]+\sstyle=/);
  });

  it("?year=2023 shows only that year's months and the items due in it", async () => {
    const { client, id, item } = await importedRoadmap();
    const html = (await client.get(`/roadmaps/${id}/timeline?year=2023`)).body;
    expect(html.match(/<th scope="col" class="tl-month/g)).toHaveLength(12);
    const months = [...html.matchAll(/data-month="(\d{4}-\d{2})"/g)].map((m) => m[1]);
    expect(months.length).toBeGreaterThan(0);
    expect(months.every((m) => m?.startsWith('2023-'))).toBe(true);
    expect(markedMonths(html, await item('1.1'))).toBeNull();
    expect(markedMonths(html, await item('5.2'))).toEqual(['2023-06', '2023-12']);
    expect(html).toContain('<span aria-current="page">2023</span>');
    // a year outside the period is ignored: the whole period
    const outside = (await client.get(`/roadmaps/${id}/timeline?year=2031`)).body;
    expect(outside.match(/<th scope="col" class="tl-month/g)).toHaveLength(36);
    expect((await client.get(`/roadmaps/${id}/timeline?year=abc`)).statusCode).toBe(200);
  });
});

describe('roadmap views: access', () => {
  const VIEWS = ['export.xlsx', 'print', 'timeline'];

  it('a mentor gets 403, a curator of another school 404, an anonymous visitor the login page', async () => {
    const { id } = await importedRoadmap();
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    const other = await t.database.db
      .insertInto('roadmaps')
      .values({ organization_id: t.world.a.otherSchool, title: 'Школа А2', period_from: 2022, period_to: 2024 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const curatorB = await signedIn(t.app, 'curator.b', PASSWORD);
    for (const view of VIEWS) {
      expect((await mentor.get(`/roadmaps/${id}/${view}`)).statusCode, view).toBe(403);
      expect((await curator.get(`/roadmaps/${other.id}/${view}`)).statusCode, view).toBe(404);
      expect((await curatorB.get(`/roadmaps/${id}/${view}`)).statusCode, view).toBe(404);
      const anonymous = await t.app.inject({ method: 'GET', url: `/roadmaps/${id}/${view}` });
      expect(anonymous.statusCode, view).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/roadmaps/${id}/${view}`)}`);
    }
    // the department reads it
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect((await department.get(`/roadmaps/${id}/timeline`)).statusCode).toBe(200);
  });
});
