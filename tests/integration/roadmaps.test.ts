import { describe, expect, it } from 'vitest';
import type { Deadline } from '../../src/modules/roadmaps/deadline.js';
import { signedIn, textOf } from '../helpers/app.js';
import { districtTable, schoolTable } from '../helpers/roadmap-documents.js';
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

const newRoadmap = {
  title: 'План мероприятий по внедрению ЦМН',
  period_from: '2022',
  period_to: '2024',
  order_number: '45-од',
  order_date: '2022-03-01',
};

async function create(login: string, form: Record<string, string> = newRoadmap) {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/roadmaps/new');
  const response = await client.post('/roadmaps', form);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
  const id = Number(/\/roadmaps\/(\d+)/.exec(response.headers.location as string)?.[1]);
  return { client, id };
}

async function items(roadmapId: number) {
  return t.database.db.selectFrom('roadmap_items').selectAll().where('roadmap_id', '=', roadmapId).orderBy('position').execute();
}

async function auditOf(entityType: string) {
  return t.database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).orderBy('id').execute();
}

describe('roadmaps: creating and editing', () => {
  it('the coordinator creates the municipal roadmap, the curator its school roadmap; both audited', async () => {
    const { client, id } = await create('coordinator');
    const roadmap = await t.database.db.selectFrom('roadmaps').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(roadmap.organization_id).toBe(t.world.a.id);
    expect(roadmap.order_date).toBe('2022-03-01');
    const page = textOf((await client.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('№ 45-од от 01.03.2022');

    const curator = await create('curator', { ...newRoadmap, title: 'Дорожная карта школы' });
    const school = await t.database.db.selectFrom('roadmaps').selectAll().where('id', '=', curator.id).executeTakeFirstOrThrow();
    expect(school.organization_id).toBe(t.world.a.school);
    const log = (await auditOf('roadmap')).filter((a) => a.action === 'create');
    expect(log).toHaveLength(2);
    expect(log[0]?.changed_fields).toContain('title');
  });

  it('refuses a reversed period and an empty title with Russian messages', async () => {
    const client = await signedIn(t.app, 'coordinator', PASSWORD);
    await client.get('/roadmaps/new');
    const response = await client.post('/roadmaps', { title: '', period_from: '2024', period_to: '2022' });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('Введите название дорожной карты');
    expect(text).toContain('Конец периода не может быть раньше начала');
  });

  it('edits the title and order, recording the changed field names', async () => {
    const { client, id } = await create('coordinator');
    await client.get(`/roadmaps/${id}/edit`);
    const response = await client.post(`/roadmaps/${id}/edit`, { ...newRoadmap, title: 'Новое название', order_number: '12' });
    expect(response.statusCode).toBe(303);
    const update = (await auditOf('roadmap')).find((a) => a.action === 'update');
    expect(update?.changed_fields.sort()).toEqual(['order_number', 'title']);
    const audit = textOf((await client.get('/audit')).body);
    expect(audit).toContain('дорожная карта');
    expect(audit).toContain('номер приказа');
  });

  it('lists the roadmaps each role may see, with counts', async () => {
    const { roadmaps } = t.world;
    await t.database.db
      .updateTable('roadmap_items')
      .set({ status: 'done', completed_on: '2022-08-01' })
      .where('id', '=', roadmaps.schoolA.item)
      .execute();
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const page = textOf((await head.get('/roadmaps')).body);
    expect(page).toContain('Дорожная карта округа А');
    expect(page).toContain('Дорожная карта школы А1');
    expect(page).not.toContain('округа Б');
    // the municipal item (by 30.08.2022, not started) is overdue; the school's is done
    expect(page).toMatch(/Дорожная карта округа А .*? 2022–2024 — 1 0 1/);
    expect(page).toMatch(/Дорожная карта школы А1 .*? 2022–2024 — 1 1 0/);
    const department = textOf((await (await signedIn(t.app, 'department', PASSWORD)).get('/roadmaps')).body);
    expect(department).toContain('Дорожная карта школы А1');
    expect(department).toContain('Дорожная карта округа А');
    expect(department).not.toContain('школы Б1');
  });
});

describe('roadmaps: scope', () => {
  it('another school of the municipality: the school head gets 404, the coordinator reads it but may not edit (403)', async () => {
    const other = await t.database.db
      .insertInto('roadmaps')
      .values({ organization_id: t.world.a.otherSchool, title: 'Школа А2', period_from: 2022, period_to: 2024 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await head.get(`/roadmaps/${other.id}`)).statusCode).toBe(404);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get(`/roadmaps/${other.id}/edit`)).statusCode).toBe(404);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.get(`/roadmaps/${other.id}`)).statusCode).toBe(200);
    expect((await coordinator.get(`/roadmaps/${other.id}/edit`)).statusCode).toBe(403);
    // the curator reads the municipal roadmap without edit links, and may not change it
    const municipal = await curator.get(`/roadmaps/${t.world.roadmaps.municipalA.id}`);
    expect(municipal.statusCode).toBe(200);
    expect(municipal.body).not.toContain('/items/new');
    const post = await curator.post(
      `/roadmaps/${t.world.roadmaps.municipalA.id}/items/${t.world.roadmaps.municipalA.item}/status`,
      { status: 'done' },
    );
    expect(post.statusCode).toBe(403);
  });

  it("an item of another roadmap through this roadmap's address is 404", async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const { municipalA, schoolA } = t.world.roadmaps;
    expect((await coordinator.get(`/roadmaps/${municipalA.id}/items/${schoolA.item}/edit`)).statusCode).toBe(404);
  });
});

describe('roadmaps: items', () => {
  it('adds a section and items; numbers are validated and unique; the deadline is parsed on save', async () => {
    const { client, id } = await create('curator');
    await client.get(`/roadmaps/${id}/items/new`);
    expect(
      (await client.post(`/roadmaps/${id}/items/new`, { kind: 'section', number: '1', activity: 'Нормативное обеспечение' }))
        .statusCode,
    ).toBe(303);
    const section = (await items(id))[0]!;
    const add = (form: Record<string, string>) =>
      client.post(`/roadmaps/${id}/items/new`, { kind: 'item', parent_id: String(section.id), ...form });
    expect(
      (await add({ number: '1.2', activity: 'Положение', deadline_text: 'до 15 марта 2022 г.', responsible: 'Куратор' }))
        .statusCode,
    ).toBe(303);
    expect((await add({ number: '1.1', activity: 'Приказ', deadline_text: 'сентябрь' })).statusCode).toBe(303);

    const bad = await add({ number: '1..2', activity: 'Плохой номер' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Номер: цифры через точку, например 1, 1.1 или 3.1.2');
    const taken = await add({ number: '1.1', activity: 'Повтор' });
    expect(taken.statusCode).toBe(400);
    expect(textOf(taken.body)).toContain('Пункт с номером 1.1 уже есть в этой дорожной карте');
    expect(taken.body).toContain('>Повтор</textarea>');

    const rows = await items(id);
    expect(rows.map((r) => r.number)).toEqual(['1', '1.1', '1.2']);
    const first = rows[1]!;
    expect(first.deadline as Deadline).toEqual({ kind: 'range', from: '2022-09-01', to: '2022-09-30' });
    expect(rows[2]?.parent_id).toBe(section.id);

    // editing the deadline re-parses it; an unknown text keeps the text and stores no meaning
    await client.get(`/roadmaps/${id}/items/${first.id}/edit`);
    const edit = await client.post(`/roadmaps/${id}/items/${first.id}/edit`, {
      number: '1.1',
      parent_id: String(section.id),
      activity: 'Приказ',
      deadline_text: 'когда-нибудь',
    });
    expect(edit.statusCode).toBe(303);
    const edited = (await items(id))[1]!;
    expect(edited.deadline).toBeNull();
    const page = textOf((await client.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('когда-нибудь ⚠ срок не распознан');
    expect(page).toContain('Понимается как: до 15.03.2022');
    const log = (await auditOf('roadmap_item')).at(-1);
    expect(log?.changed_fields).toEqual(['deadline_text']);
  });

  it('sets a status with a completion date and evidence; the link must be http(s)', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const { id, item } = t.world.roadmaps.municipalA;
    await coordinator.get(`/roadmaps/${id}/items/${item}/edit`);
    const noDate = await coordinator.post(`/roadmaps/${id}/items/${item}/status`, { status: 'done' });
    expect(noDate.statusCode).toBe(400);
    expect(textOf(noDate.body)).toContain('Укажите дату выполнения');
    const badLink = await coordinator.post(`/roadmaps/${id}/items/${item}/status`, {
      status: 'done',
      completed_on: '2022-08-20',
      evidence_link: 'javascript:alert(1)',
    });
    expect(badLink.statusCode).toBe(400);
    expect(textOf(badLink.body)).toContain('Ссылка: укажите адрес, начинающийся с http:// или https://');
    const ok = await coordinator.post(`/roadmaps/${id}/items/${item}/status`, {
      status: 'done',
      completed_on: '2022-08-20',
      evidence_comment: 'Приказ № 12',
      evidence_link: 'https://school.example.ru/docs/12.pdf',
    });
    expect(ok.statusCode).toBe(303);
    const row = await t.database.db.selectFrom('roadmap_items').selectAll().where('id', '=', item).executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
    expect(row.completed_on).toBe('2022-08-20');
    const log = (await auditOf('roadmap_item')).at(-1);
    expect(log?.changed_fields.sort()).toEqual(['completed_on', 'evidence_comment', 'evidence_link', 'status']);
    const page = textOf((await coordinator.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('Выполнено Выполнено 20.08.2022');
    expect(page).not.toContain('Просрочено Выполнено');
  });

  it('derives «просрочено» and filters by status in the query string', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const { id } = t.world.roadmaps.municipalA;
    await coordinator.get(`/roadmaps/${id}/items/new`);
    await coordinator.post(`/roadmaps/${id}/items/new`, {
      kind: 'item',
      number: '1.2',
      activity: 'Постоянная работа',
      deadline_text: 'в течение всего периода',
    });
    const all = textOf((await coordinator.get(`/roadmaps/${id}`)).body);
    expect(all).toContain('Не начато ! Просрочено');
    const overdue = textOf((await coordinator.get(`/roadmaps/${id}?status=overdue`)).body);
    expect(overdue).toContain('Разработка положения');
    expect(overdue).not.toContain('Постоянная работа');
    const done = textOf((await coordinator.get(`/roadmaps/${id}?status=done`)).body);
    expect(done).toContain('Нет пунктов с такими условиями');
    const junk = await coordinator.get(`/roadmaps/${id}?status=whatever`);
    expect(textOf(junk.body)).toContain('Постоянная работа');
  });
});

describe('roadmaps: import by paste', () => {
  async function emptyRoadmap(login = 'coordinator') {
    return create(login, { title: 'Импорт', period_from: '2022', period_to: '2024' });
  }

  it('imports the school roadmap of the domain folder with every item and number', async () => {
    const { client, id } = await emptyRoadmap('curator');
    await client.get(`/roadmaps/${id}/import`);
    const preview = await client.post(`/roadmaps/${id}/import`, { text: schoolTable() });
    expect(preview.statusCode).toBe(200);
    expect(textOf(preview.body)).toContain('мероприятий — 33');
    expect(await items(id)).toHaveLength(0); // not saved yet
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
    expect(confirm.statusCode, textOf(confirm.body).slice(0, 500)).toBe(303);
    const rows = await items(id);
    const itemRows = rows.filter((r) => r.kind === 'item');
    expect(itemRows).toHaveLength(33);
    expect(rows.filter((r) => r.kind === 'section')).toHaveLength(6);
    expect(itemRows.map((r) => r.number)).toContain('6.1.1');
    expect(itemRows.find((r) => r.number === '1.1')?.deadline).toEqual({ kind: 'date', date: '2022-08-30' });
    const sectionOf = (n: string) => rows.find((r) => r.id === itemRows.find((i) => i.number === n)?.parent_id)?.number;
    expect(sectionOf('3.2')).toBe('3');
    const log = (await auditOf('roadmap')).filter((a) => a.action === 'import');
    expect(log).toHaveLength(1);
  });

  it('imports the district roadmap with every item, keeping a row without a number', async () => {
    const { client, id } = await emptyRoadmap();
    await client.get(`/roadmaps/${id}/import`);
    const preview = await client.post(`/roadmaps/${id}/import`, { text: districtTable() });
    expect(preview.statusCode).toBe(200);
    // the confirm form carries the text and the detected mapping
    const confirmForm =
      /<form method="post" action="\/roadmaps\/\d+\/import\/confirm"[\s\S]*?<\/form>/.exec(preview.body)?.[0] ?? '';
    const fields = Object.fromEntries(
      [...confirmForm.matchAll(/name="(map_\w+|remap|text)" value="([^"]*)"/g)].map((m) => [m[1], decode(m[2] ?? '')]),
    );
    // the pasted text travels in the hidden field unchanged
    expect(fields.text).toBe(districtTable());
    const confirm = await client.post(`/roadmaps/${id}/import/confirm`, fields);
    expect(confirm.statusCode, textOf(confirm.body).slice(0, 500)).toBe(303);
    const itemRows = (await items(id)).filter((r) => r.kind === 'item');
    expect(itemRows).toHaveLength(31);
    expect(itemRows.filter((r) => r.number === null)).toHaveLength(1);
    expect(itemRows.find((r) => r.number === '1.1')?.deadline).toEqual({ kind: 'range', from: '2022-03-01', to: '2022-03-31' });
    expect(itemRows.find((r) => r.number === '1.2')?.deadline_text).toBe('до 15 марта 2022 г.');
    expect(itemRows.map((r) => r.number).filter(Boolean)).toContain('6.5');
  });

  it('re-reads with a corrected column mapping', async () => {
    const { client, id } = await emptyRoadmap();
    await client.get(`/roadmaps/${id}/import`);
    const text = '1.1\tПоложение\tКуратор\tдо 30.08.2022\n1.2\tПриказ\tДиректор\tсентябрь 2022\n';
    const first = textOf((await client.post(`/roadmaps/${id}/import`, { text })).body);
    expect(first).toContain('Куратор ⚠ не распознано');
    const remapped = await client.post(`/roadmaps/${id}/import`, {
      text,
      remap: '1',
      map_number: '0',
      map_activity: '1',
      map_deadline: '3',
      map_responsible: '2',
      map_result: '',
      map_expected: '',
    });
    const page = textOf(remapped.body);
    expect(page).toContain('до 30.08.2022 до 30.08.2022 Куратор');
    const missing = await client.post(`/roadmaps/${id}/import`, { text, remap: '1', map_number: '', map_activity: '1' });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Укажите столбцы с номером и с наименованием мероприятия');
  });

  it('refuses a roadmap that already has items, an empty and an oversized text', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const { id } = t.world.roadmaps.municipalA;
    expect(textOf((await coordinator.get(`/roadmaps/${id}/import`)).body)).toContain('В дорожной карте уже есть пункты');
    const refused = await coordinator.post(`/roadmaps/${id}/import/confirm`, { text: '2.1\tЕщё\tдо 01.09.2022\n' });
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body)).toContain('Импорт добавляет таблицу только в пустую дорожную карту');
    expect(await items(id)).toHaveLength(1);

    const empty = await coordinator.post(`/roadmaps/${id}/import`, { text: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Вставьте таблицу');
    const big = await coordinator.post(`/roadmaps/${id}/import`, { text: `1.1\t${'а'.repeat(110 * 1024)}\tдо 01.09.2022` });
    expect(big.statusCode).toBe(400);
    expect(textOf(big.body)).toContain('Таблица слишком большая: не более 200 КБ');
  });

  it('refuses repeated numbers before saving', async () => {
    const { client, id } = await emptyRoadmap();
    await client.get(`/roadmaps/${id}/import`);
    const text = '1.1\tПоложение\tдо 30.08.2022\n1.1\tПриказ\tсентябрь 2022\n';
    const preview = textOf((await client.post(`/roadmaps/${id}/import`, { text })).body);
    expect(preview).toContain('Номера повторяются: 1.1');
    const confirm = await client.post(`/roadmaps/${id}/import/confirm`, { text });
    expect(confirm.statusCode).toBe(400);
    expect(await items(id)).toHaveLength(0);
  });
});

describe('deadlines on the home pages', () => {
  it('the curator sees the overdue items of its school and of the municipality, not those of another school', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const home = await curator.get('/');
    const text = textOf(home.body);
    expect(text).toContain('Дорожные карты: ближайшие сроки и просроченные');
    expect(text).toContain('Просрочено (срок 30.08.2022)');
    expect(home.body).toContain(`href="/roadmaps/${t.world.roadmaps.schoolA.id}"`);
    expect(home.body).toContain(`href="/roadmaps/${t.world.roadmaps.municipalA.id}"`);
    expect(home.body).not.toContain(`href="/roadmaps/${t.world.roadmaps.schoolB.id}"`);
  });

  it('of the municipal roadmap, a school sees only the items its schools answer for', async () => {
    await t.database.db
      .updateTable('roadmap_items')
      .set({ responsible: 'Управление образования', responsible_links: ['department'] })
      .where('id', '=', t.world.roadmaps.municipalA.item)
      .execute();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const home = await curator.get('/');
    expect(home.body).toContain(`href="/roadmaps/${t.world.roadmaps.schoolA.id}"`);
    expect(home.body).not.toContain(`href="/roadmaps/${t.world.roadmaps.municipalA.id}"`);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    // The coordinator's home counts the overdue items per roadmap, linking to them.
    expect((await coordinator.get('/')).body).toContain(`href="/roadmaps/${t.world.roadmaps.municipalA.id}?status=overdue"`);
  });

  it('a done item leaves the list; an item due soon appears with its date', async () => {
    await t.database.db.updateTable('roadmap_items').set({ status: 'done', completed_on: '2022-08-29' }).execute();
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await t.database.db
      .updateTable('roadmap_items')
      .set({
        status: 'not_started',
        completed_on: null,
        deadline: JSON.stringify({ kind: 'date', date: soon }),
        deadline_text: 'скоро',
      })
      .where('id', '=', t.world.roadmaps.municipalA.item)
      .execute();
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const text = textOf((await coordinator.get('/')).body);
    expect(text).not.toContain('Просрочено');
    expect(text).toContain(`до ${soon.split('-').reverse().join('.')}`);
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect(textOf((await mentor.get('/')).body)).not.toContain('Дорожные карты');
  });
});
