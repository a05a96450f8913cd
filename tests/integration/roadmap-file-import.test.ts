import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { tableTextFromFile } from '../../src/modules/roadmaps/file-table.js';
import { readPastedTable } from '../../src/modules/roadmaps/table-reader.js';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { cellPerLineDocx, otherRoadmap } from '../helpers/other-roadmaps.js';
import { schoolDocx, schoolTable, schoolXlsx } from '../helpers/roadmap-documents.js';
import { Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

/** Attribute text as the browser reads it back. */
function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The fields of the form posting to `action`, as the browser would send them. */
function formFields(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form method="post" action="${action}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
  expect(form, action).not.toBe('');
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], decode(m[2] ?? '')]),
  );
}

async function items(roadmapId: number) {
  return t.database.db.selectFrom('roadmap_items').selectAll().where('roadmap_id', '=', roadmapId).orderBy('position').execute();
}

/** The curator's school roadmap of the world, emptied (the world gives it one item). */
async function emptySchoolRoadmap(): Promise<{ curator: Client; id: number }> {
  const { id } = t.world.roadmaps.schoolA;
  await t.database.db.deleteFrom('roadmap_items').where('roadmap_id', '=', id).execute();
  const curator = await signedIn(t.app, 'curator', PASSWORD);
  return { curator, id };
}

describe('roadmaps: import from a .docx or .xlsx file', () => {
  it('the import page offers a file field next to the paste form, without JavaScript', async () => {
    const { curator, id } = await emptySchoolRoadmap();
    const page = await curator.get(`/roadmaps/${id}/import`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<form method="post" action="/roadmaps/${id}/import/file" enctype="multipart/form-data"`);
    expect(page.body).toMatch(/<label for="field-file">[^<]+<\/label>/);
    expect(page.body).toMatch(
      /<input id="field-file" name="file" type="file" accept="\.docx,\.xlsx[^"]*" aria-describedby="field-file-hint"/,
    );
    expect(page.body).toContain(`<form method="post" action="/roadmaps/${id}/import" novalidate`);
    expect(textOf(page.body)).toContain('До 10 МБ и 2 000 строк таблицы');
  });

  for (const [kind, build] of [
    ['docx', schoolDocx],
    ['xlsx', schoolXlsx],
  ] as const) {
    it(`a curator uploads the school roadmap as .${kind}, checks the preview and confirms: every item is written`, async () => {
      const { curator, id } = await emptySchoolRoadmap();
      await curator.get(`/roadmaps/${id}/import`);
      const data = await build();
      const preview = await curator.upload(`/roadmaps/${id}/import/file`, { name: `дорожная-карта.${kind}`, data });
      expect(preview.statusCode, textOf(preview.body).slice(0, 500)).toBe(200);
      const page = textOf(preview.body);
      expect(page).toContain('Прочитано: разделов — 6, мероприятий — 33. Ничего ещё не сохранено.');
      expect(page).toContain(`Таблица прочитана из файла «дорожная-карта.${kind}»`);
      // rows with their deadline and its meaning
      expect(page).toContain('1.1 1. Нормативное правовое регулирование');
      expect(page).toContain('до 30.08.2022 до 30.08.2022 Цыриторов Б.Д. Гармаева Б.Б. Решение педагогического Совета');
      expect(page).toContain('После пункта 2.1 идёт 2.3 — пропущен номер?');
      if (kind === 'xlsx') {
        // the title row above the table is skipped; lines are the sheet's row numbers
        expect(page).toContain('Замечания (4) Строка 1: текст до начала таблицы пропущен («План мероприятий (дорожная карта)»)');
        expect(page).toContain('4 1.1 1. Нормативное правовое регулирование');
      } else {
        expect(page).toContain('Замечания (3)');
      }
      expect(await items(id)).toHaveLength(0); // nothing saved yet

      // The confirm form carries the file's table text and the detected mapping.
      const fields = formFields(preview.body, `/roadmaps/${id}/import/confirm`);
      expect(fields.text).toBe(await tableTextFromFile(data, `x.${kind}`));
      expect(fields.file_name).toBe(`дорожная-карта.${kind}`);
      const confirm = await curator.post(`/roadmaps/${id}/import/confirm`, fields);
      expect(confirm.statusCode, textOf(confirm.body).slice(0, 500)).toBe(303);
      expect(confirm.headers.location).toBe(`/roadmaps/${id}`);
      expect(textOf((await curator.get(`/roadmaps/${id}`)).body)).toContain('Таблица сохранена: разделов — 6, мероприятий — 33.');

      const rows = await items(id);
      const itemRows = rows.filter((r) => r.kind === 'item');
      expect(itemRows.map((r) => r.number)).toEqual(
        readPastedTable(schoolTable(), { periodFrom: 2022, periodTo: 2024 }).rows.map((r) => r.number),
      );
      expect(rows.filter((r) => r.kind === 'section')).toHaveLength(6);
      expect(itemRows.find((r) => r.number === '1.1')?.deadline).toEqual({ kind: 'date', date: '2022-08-30' });
      expect(itemRows.find((r) => r.number === '3.5')?.deadline_text).toBe(
        '31 мая по 30 августа ежегодно (в период с 2020 по 2024 г.г.)',
      );
      const log = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_type', '=', 'roadmap')
        .where('action', '=', 'import')
        .execute();
      expect(log).toHaveLength(1);
    });
  }

  it('re-reads an uploaded table with a corrected mapping, keeping the file name', async () => {
    const { curator, id } = await emptySchoolRoadmap();
    await curator.get(`/roadmaps/${id}/import`);
    const preview = await curator.upload(`/roadmaps/${id}/import/file`, { name: 'plan.docx', data: await schoolDocx() });
    const fields = formFields(preview.body, `/roadmaps/${id}/import`);
    expect(fields.file_name).toBe('plan.docx');
    const remapped = await curator.post(`/roadmaps/${id}/import`, {
      ...fields,
      map_number: '0',
      map_activity: '1',
      map_deadline: '3',
      map_responsible: '2',
      map_result: '4',
      map_expected: '',
    });
    expect(remapped.statusCode).toBe(200);
    const page = textOf(remapped.body);
    expect(page).toContain('Таблица прочитана из файла «plan.docx»');
    expect(page).toContain('Цыриторов Б.Д. Гармаева Б.Б. ⚠ не распознано до 30.08.2022');
  });

  it('refuses a file it cannot read with a Russian message at the file field (400), saving nothing', async () => {
    const { curator, id } = await emptySchoolRoadmap();
    await curator.get(`/roadmaps/${id}/import`);
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const noTable = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('1.1 Положение до 30.08.2022')] }] }),
    );
    const cases: Array<[{ name: string; data: Buffer }, string]> = [
      [
        { name: 'plan.doc', data: ole },
        'Файл „plan.doc“ — документ Word старого формата (.doc). Сохраните его как .docx или скопируйте таблицу',
      ],
      [{ name: 'plan.xls', data: ole }, 'Файл „plan.xls“ — книга Excel старого формата (.xls)'],
      [{ name: 'plan.pdf', data: Buffer.from('%PDF-1.7\n') }, 'Файл „plan.pdf“ — PDF'],
      [{ name: 'plan.docx', data: Buffer.alloc(0) }, 'Файл „plan.docx“ пустой.'],
      [{ name: 'plan.docx', data: noTable }, 'В документе „plan.docx“ нет таблицы'],
      [
        { name: 'plan.xlsx', data: Buffer.alloc(10 * 1024 * 1024 + 100, 'a') },
        'Файл „plan.xlsx“ слишком большой: допускается не больше 10 МБ.',
      ],
      [{ name: '', data: Buffer.alloc(0) }, 'Выберите файл .docx, .xlsx или .txt'],
    ];
    for (const [file, message] of cases) {
      const response = await curator.upload(`/roadmaps/${id}/import/file`, file);
      expect(response.statusCode, file.name).toBe(400);
      expect(textOf(response.body), file.name).toContain(message);
      expect(response.body).toContain('<p class="error-message" id="field-file-error">');
      expect(response.body).toContain('aria-describedby="field-file-hint field-file-error" aria-invalid="true"');
      expect(response.body).toContain('<a href="#field-file">');
    }
    expect(await items(id)).toHaveLength(0);
  });

  it('a file import into another school’s roadmap is 404, into the municipal one 403; a visitor is refused', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get('/roadmaps');
    const data = await schoolDocx();
    const foreign = await curator.upload(`/roadmaps/${t.world.roadmaps.schoolB.id}/import/file`, { name: 'plan.docx', data });
    expect(foreign.statusCode).toBe(404);
    const neighbour = await t.database.db
      .insertInto('roadmaps')
      .values({ organization_id: t.world.a.otherSchool, title: 'Дорожная карта школы А2', period_from: 2022, period_to: 2024 })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await curator.upload(`/roadmaps/${neighbour.id}/import/file`, { name: 'plan.docx', data })).statusCode).toBe(404);
    expect(
      (await curator.upload(`/roadmaps/${t.world.roadmaps.municipalA.id}/import/file`, { name: 'plan.docx', data })).statusCode,
    ).toBe(403);
    expect(await items(neighbour.id)).toHaveLength(0);

    const visitor = new Client(t.app);
    await visitor.get('/login');
    const anonymous = await visitor.upload(`/roadmaps/${t.world.roadmaps.schoolA.id}/import/file`, { name: 'plan.docx', data });
    expect(anonymous.statusCode).toBe(401);
    // a form posted without the CSRF token is refused too
    const noToken = await curator.upload(
      `/roadmaps/${t.world.roadmaps.schoolA.id}/import/file`,
      { name: 'plan.docx', data },
      { _csrf: 'wrong' },
    );
    expect(noToken.statusCode).toBe(403);
  });
});

describe('roadmaps: import of other municipalities’ roadmaps (issue 14)', () => {
  const NOTICE =
    'В документе указан период 2021–2022 («на 2021-2022 учебный год»), а у дорожной карты — 2022–2024. Сроки прочитаны по периоду дорожной карты: месяцы без года — в 2022 году, ежегодные мероприятия — в 2022–2024 годах.';

  it('a .docx plan «на 2021-2022 учебный год»: the preview names the document’s years against the roadmap’s, and keeps them on re-reading', async () => {
    const { curator, id } = await emptySchoolRoadmap(); // period 2022–2024
    await curator.get(`/roadmaps/${id}/import`);
    const preview = await curator.upload(`/roadmaps/${id}/import/file`, {
      name: 'план-2021.docx',
      data: await cellPerLineDocx(),
    });
    expect(preview.statusCode, textOf(preview.body).slice(0, 500)).toBe(200);
    const page = textOf(preview.body);
    expect(page).toContain('Прочитано: разделов — 3, мероприятий — 8. Ничего ещё не сохранено.');
    expect(page).toContain(NOTICE);
    expect(preview.body).toContain(`<a href="/roadmaps/${id}/edit">измените его</a>`);
    // The deadlines as the roadmap's period reads them: 2021 is outside it, reported, not moved.
    expect(page).toContain('Декабрь 2021, январь, 2022 декабрь 2021 – январь 2022');
    expect(page).toContain('октябрь, декабрь 2021 октябрь и декабрь 2021');
    expect(page).toContain('ноябрь-декабрь ежегодно ежегодно с ноября по декабрь (2022–2024)');
    expect(page).toContain('Пункт 1.3: срок «Декабрь 2021, январь, 2022» выходит за период дорожной карты (2022–2024)');
    // The phrase is not in the table text: the forms carry it, so that re-reading still shows it.
    const fields = formFields(preview.body, `/roadmaps/${id}/import`);
    expect(fields.document_period).toBe('на 2021-2022 учебный год');
    const again = await curator.post(`/roadmaps/${id}/import`, {
      ...fields,
      map_number: '0',
      map_activity: '1',
      map_deadline: '2',
      map_responsible: '3',
      map_result: '',
      map_expected: '',
    });
    expect(again.statusCode).toBe(200);
    expect(textOf(again.body)).toContain(NOTICE);
    expect(formFields(preview.body, `/roadmaps/${id}/import/confirm`).document_period).toBe('на 2021-2022 учебный год');

    // With the roadmap's period set to the document's, the same file reads without remarks about the years.
    await t.database.db.updateTable('roadmaps').set({ period_from: 2021, period_to: 2022 }).where('id', '=', id).execute();
    const matching = await curator.upload(`/roadmaps/${id}/import/file`, {
      name: 'план-2021.docx',
      data: await cellPerLineDocx(),
    });
    const text = textOf(matching.body);
    expect(text).toContain('Период в документе — 2021–2022 («на 2021-2022 учебный год»), как у дорожной карты.');
    expect(text).toContain('Замечаний нет.');
    expect(text).toContain('ноябрь-декабрь ежегодно ежегодно с ноября по декабрь (2021–2022)');
    const confirm = await curator.post(
      `/roadmaps/${id}/import/confirm`,
      formFields(matching.body, `/roadmaps/${id}/import/confirm`),
    );
    expect(confirm.statusCode, textOf(confirm.body).slice(0, 500)).toBe(303);
    const saved = await items(id);
    expect(saved.filter((i) => i.kind === 'item')).toHaveLength(8);
    expect(saved.find((i) => i.number === '2.1')?.deadline).toEqual({
      kind: 'periods',
      periods: [
        { from: '2021-10-01', to: '2021-10-31' },
        { from: '2021-12-01', to: '2021-12-31' },
      ],
    });
    // The roadmap's page shows the new kind of deadline in words.
    expect(textOf((await curator.get(`/roadmaps/${id}`)).body)).toContain('октябрь и декабрь 2021');
  });

  it('a pasted table with a cell per line reads like the .docx, its title’s years found in the text', async () => {
    const { curator, id } = await emptySchoolRoadmap();
    await t.database.db.updateTable('roadmaps').set({ period_from: 2021, period_to: 2022 }).where('id', '=', id).execute();
    await curator.get(`/roadmaps/${id}/import`);
    const text = readFileSync(otherRoadmap('cell-per-line.txt'), 'utf8');
    const preview = await curator.post(`/roadmaps/${id}/import`, { text });
    expect(preview.statusCode).toBe(200);
    const page = textOf(preview.body);
    expect(page).toContain('Прочитано: разделов — 3, мероприятий — 8.');
    expect(page).toContain('Период в документе — 2021–2022 («на 2021-2022 учебный год», строка 3), как у дорожной карты.');
    expect(page).toContain('Замечания (1) Строки 1–3: текст до начала таблицы пропущен');
    // Rows carry the line of their first cell; the column choices name the header's cells.
    expect(page).toContain('13 1.1 1. Организационно-правовое обеспечение');
    expect(preview.body).toContain('Столбец 3 — Срок реализации');
    expect(formFields(preview.body, `/roadmaps/${id}/import/confirm`).document_period).toBeUndefined();
    const confirm = await curator.post(
      `/roadmaps/${id}/import/confirm`,
      formFields(preview.body, `/roadmaps/${id}/import/confirm`),
    );
    expect(confirm.statusCode).toBe(303);
    expect((await items(id)).filter((i) => i.kind === 'item').map((i) => i.number)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '2.1',
      '2.2',
      '2.3',
      '3.1',
      '3.2',
    ]);
  });

  it('a Word table saved as plain text in Windows-1251 is uploaded as a .txt file and read like the pasted one', async () => {
    const { curator, id } = await emptySchoolRoadmap();
    await t.database.db.updateTable('roadmaps').set({ period_from: 2021, period_to: 2022 }).where('id', '=', id).execute();
    const form = await curator.get(`/roadmaps/${id}/import`);
    expect(form.body).toMatch(/accept="\.docx,\.xlsx,\.txt,[^"]*text\/plain"/);
    const text = readFileSync(otherRoadmap('cell-per-line.txt'), 'utf8');
    const preview = await curator.upload(`/roadmaps/${id}/import/file`, {
      name: 'План Заречного района.txt',
      data: iconv.encode(text, 'win1251'),
    });
    expect(preview.statusCode, textOf(preview.body).slice(0, 500)).toBe(200);
    const page = textOf(preview.body);
    expect(page).toContain('Прочитано: разделов — 3, мероприятий — 8.');
    expect(page).toContain('Таблица прочитана из файла «План Заречного района.txt»');
    expect(page).toContain('Период в документе — 2021–2022 («на 2021-2022 учебный год», строка 3), как у дорожной карты.');
    expect(page).toContain('23 1.3 1. Организационно-правовое обеспечение Разработка и утверждение положений');
    const fields = formFields(preview.body, `/roadmaps/${id}/import/confirm`);
    expect(fields.text).toBe(text);
    expect((await curator.post(`/roadmaps/${id}/import/confirm`, fields)).statusCode).toBe(303);
    expect((await items(id)).filter((i) => i.kind === 'item')).toHaveLength(8);
  });
});
