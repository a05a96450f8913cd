import { describe, expect, it } from 'vitest';
import { agreedByCentre } from '../helpers/centre-agreement.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function createRoadmap(client: Client, form: Record<string, string> = {}) {
  await client.get('/roadmaps/new');
  const response = await client.post('/roadmaps', { title: 'План мероприятий', period_from: '2022', period_to: '2024', ...form });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
  return Number(/\/roadmaps\/(\d+)/.exec(response.headers.location as string)?.[1]);
}

async function addItem(client: Client, roadmapId: number, form: Record<string, string>) {
  await client.get(`/roadmaps/${roadmapId}/items/new`);
  const response = await client.post(`/roadmaps/${roadmapId}/items/new`, { kind: 'item', ...form });
  expect(response.statusCode, textOf(response.body).slice(0, 400)).toBe(303);
  return Number(/#item-(\d+)/.exec(response.headers.location as string)?.[1]);
}

function rows(roadmapId: number) {
  return t.database.db.selectFrom('roadmap_items').selectAll().where('roadmap_id', '=', roadmapId).orderBy('position').execute();
}

describe('recurring items: each yearly occurrence tracked on its own', () => {
  it('lists the occurrences, marks one done with evidence, and stays overdue while a passed one is open', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createRoadmap(curator);
    const itemId = await addItem(curator, id, {
      number: '1',
      activity: 'Отчёт о реализации ЦМН',
      deadline_text: 'Ежегодно, не позднее 15 декабря',
      responsible: 'Куратор',
    });
    const page = await curator.get(`/roadmaps/${id}`);
    for (const due of ['2022-12-15', '2023-12-15', '2024-12-15'])
      expect(page.body).toContain(`/items/${itemId}/occurrences/${due}`);
    // Today is after every occurrence, none marked: overdue.
    expect(textOf(page.body)).toContain('15.12.2022: просрочено');

    const form = await curator.get(`/roadmaps/${id}/items/${itemId}/occurrences/2022-12-15`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('каждый срок отмечается отдельно');
    const saved = await curator.upload(
      `/roadmaps/${id}/items/${itemId}/occurrences/2022-12-15`,
      { name: 'Отчёт 2022.pdf', data: PDF, type: 'application/pdf', field: 'evidence_file' },
      { status: 'done', completed_on: '2022-12-14', evidence_comment: 'Отчёт направлен письмом № 12' },
    );
    expect(saved.statusCode, textOf(saved.body).slice(0, 300)).toBe(303);
    const tracked = await t.database.db.selectFrom('roadmap_occurrences').selectAll().where('item_id', '=', itemId).execute();
    expect(tracked).toHaveLength(1);
    expect(tracked[0]).toMatchObject({
      due_on: '2022-12-15',
      status: 'done',
      completed_on: '2022-12-14',
      evidence_comment: 'Отчёт направлен письмом № 12',
    });
    expect(tracked[0]?.evidence_file_id).not.toBeNull();

    const after = textOf((await curator.get(`/roadmaps/${id}`)).body);
    expect(after).toContain('15.12.2022: выполнено');
    expect(after).toContain('15.12.2023: просрочено');

    // The other two years done too: the item is no longer overdue.
    for (const due of ['2023-12-15', '2024-12-15']) {
      await curator.get(`/roadmaps/${id}/items/${itemId}/occurrences/${due}`);
      const r = await curator.post(`/roadmaps/${id}/items/${itemId}/occurrences/${due}`, {
        status: 'done',
        completed_on: `${due.slice(0, 4)}-12-10`,
      });
      expect(r.statusCode).toBe(303);
    }
    const done = await curator.get(`/roadmaps/${id}?status=overdue`);
    expect(textOf(done.body)).toContain('Нет пунктов с такими условиями');

    // The evidence document: readable by the department, not by another school's curator.
    const department = await signedIn(t.app, 'department', PASSWORD);
    const file = await department.get(`/roadmaps/${id}/items/${itemId}/occurrences/2022-12-15/evidence`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const foreign = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await foreign.get(`/roadmaps/${id}/items/${itemId}/occurrences/2022-12-15/evidence`)).statusCode).toBe(404);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('entity_type', 'in', ['roadmap_occurrence', 'file'])
      .execute();
    expect(audit.filter((a) => a.entity_type === 'roadmap_occurrence')).toHaveLength(3);
    expect(audit.filter((a) => a.entity_type === 'file' && a.action === 'upload')).toHaveLength(1);
  });

  it('answers 404 for a day that is not an occurrence, and refuses a bad form with the user’s input kept', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createRoadmap(curator);
    const itemId = await addItem(curator, id, {
      number: '1',
      activity: 'Анкетирование',
      deadline_text: 'Декабрь, июнь в период с 2022 по 2024 г.г.',
    });
    expect((await curator.get(`/roadmaps/${id}/items/${itemId}/occurrences/2022-12-15`)).statusCode).toBe(404);
    expect((await curator.get(`/roadmaps/${id}/items/${itemId}/occurrences/2022-06-30`)).statusCode).toBe(200);
    const bad = await curator.post(`/roadmaps/${id}/items/${itemId}/occurrences/2022-06-30`, {
      status: 'done',
      evidence_comment: 'Анкеты собраны',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Укажите дату выполнения');
    expect(bad.body).toContain('Анкеты собраны');
    expect(await t.database.db.selectFrom('roadmap_occurrences').selectAll().execute()).toHaveLength(0);
  });
});

describe('a recurring item whose deadline is edited', () => {
  it('carries its marks to the new days, keeps those with no place as former marks, and brings them back', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createRoadmap(curator);
    const item = { number: '1', activity: 'Отчёт о реализации ЦМН', responsible: 'Куратор' };
    const itemId = await addItem(curator, id, { ...item, deadline_text: 'Ежегодно, не позднее 15 декабря' });
    const saved = await curator.upload(
      `/roadmaps/${id}/items/${itemId}/occurrences/2022-12-15`,
      { name: 'Отчёт 2022.pdf', data: PDF, type: 'application/pdf', field: 'evidence_file' },
      { status: 'done', completed_on: '2022-12-14', evidence_comment: 'Отчёт направлен письмом № 12' },
    );
    expect(saved.statusCode).toBe(303);
    await curator.post(`/roadmaps/${id}/items/${itemId}/occurrences/2023-12-15`, { status: 'in_progress' });
    const before = await t.database.db
      .selectFrom('roadmap_occurrences')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('due_on')
      .execute();
    const edit = (deadline_text: string) => curator.post(`/roadmaps/${id}/items/${itemId}/edit`, { ...item, deadline_text });

    // The day moves within each year: both marks follow, with their ids, statuses and evidence.
    await curator.get(`/roadmaps/${id}/items/${itemId}/edit`);
    let response = await edit('Ежегодно, не позднее 20 декабря');
    expect(response.statusCode).toBe(303);
    expect(textOf((await curator.get(response.headers.location as string)).body)).toContain(
      'Отметки о выполнении перенесены на новые сроки: 2.',
    );
    const after = await t.database.db
      .selectFrom('roadmap_occurrences')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('due_on')
      .execute();
    expect(after.map((r) => [r.id, r.due_on, r.status])).toEqual([
      [before[0]?.id, '2022-12-20', 'done'],
      [before[1]?.id, '2023-12-20', 'in_progress'],
    ]);
    expect(after[0]).toMatchObject({
      completed_on: '2022-12-14',
      evidence_comment: 'Отчёт направлен письмом № 12',
      evidence_file_id: before[0]?.evidence_file_id,
    });
    const table = textOf((await curator.get(`/roadmaps/${id}`)).body);
    expect(table).toContain('20.12.2022: выполнено');
    expect((await curator.get(`/roadmaps/${id}/items/${itemId}/occurrences/2022-12-20/evidence`)).statusCode).toBe(200);
    const moves = await t.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'changed_fields'])
      .where('entity_type', '=', 'roadmap_occurrence')
      .where('action', '=', 'update')
      .execute();
    expect(
      moves
        .filter((m) => JSON.stringify(m.changed_fields) === '["due_on"]')
        .map((m) => Number(m.entity_id))
        .sort(),
    ).toEqual(before.map((r) => r.id).sort());

    // A single date: the marks have no place; they stay stored and the item's page lists them.
    response = await edit('до 20.12.2024');
    expect(textOf((await curator.get(response.headers.location as string)).body)).toContain(
      'Отметки по срокам, которых в пункте больше нет: 2',
    );
    expect(
      await t.database.db.selectFrom('roadmap_occurrences').select('id').where('item_id', '=', itemId).execute(),
    ).toHaveLength(2);
    const page = await curator.get(`/roadmaps/${id}/items/${itemId}/edit`);
    const text = textOf(page.body);
    expect(text).toContain('Отметки по прежним срокам');
    expect(text).toMatch(/20\.12\.2022\s+Выполнено\s+14\.12\.2022\s+Отчёт направлен письмом № 12/);
    expect(text).toMatch(/20\.12\.2023\s+Выполняется/);
    expect(page.body).toContain(`/roadmaps/${id}/items/${itemId}/occurrences/2022-12-20/evidence`);

    // The recurring deadline back: the marks are current again, and the page lists none as former.
    await edit('Ежегодно, не позднее 20 декабря');
    expect(textOf((await curator.get(`/roadmaps/${id}`)).body)).toContain('20.12.2022: выполнено');
    expect(textOf((await curator.get(`/roadmaps/${id}/items/${itemId}/edit`)).body)).not.toContain('Отметки по прежним срокам');
  });
});

describe('evidence documents of an item', () => {
  it('attaches a PDF with the status, refuses a file that is not a document, replaces and removes it', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const { id, item } = t.world.roadmaps.schoolA;
    await curator.get(`/roadmaps/${id}/items/${item}/edit`);
    const wrong = await curator.upload(
      `/roadmaps/${id}/items/${item}/status`,
      { name: 'вирус.exe', data: Buffer.from('MZ\x90\x00 not a document'), field: 'evidence_file' },
      { status: 'done', completed_on: '2022-08-29' },
    );
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('не похож на документ PDF, DOCX или ODT');
    // Nothing changed: the status stays, no file row.
    expect((await rows(id))[0]?.status).toBe('not_started');
    expect(await t.database.db.selectFrom('files').selectAll().execute()).toHaveLength(0);

    const ok = await curator.upload(
      `/roadmaps/${id}/items/${item}/status`,
      { name: 'Приказ о положении.pdf', data: PDF, field: 'evidence_file' },
      { status: 'done', completed_on: '2022-08-29', evidence_comment: 'Приказ № 45' },
    );
    expect(ok.statusCode, textOf(ok.body).slice(0, 300)).toBe(303);
    const first = (await rows(id))[0];
    expect(first?.status).toBe('done');
    expect(first?.evidence_file_id).not.toBeNull();
    const edit = await curator.get(`/roadmaps/${id}/items/${item}/edit`);
    expect(textOf(edit.body)).toContain('Прикреплён: Приказ о положении.pdf');
    const download = await curator.get(`/roadmaps/${id}/items/${item}/evidence`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''");

    // Replaced: the old document is deleted, row and bytes.
    const oldFile = await t.database.db
      .selectFrom('files')
      .selectAll()
      .where('id', '=', first?.evidence_file_id as number)
      .executeTakeFirstOrThrow();
    await curator.upload(
      `/roadmaps/${id}/items/${item}/status`,
      { name: 'Новый.pdf', data: PDF, field: 'evidence_file' },
      { status: 'done', completed_on: '2022-08-29' },
    );
    const files = await t.database.db.selectFrom('files').selectAll().execute();
    expect(files.map((f) => f.original_name)).toEqual(['Новый.pdf']);
    await expect(t.app.files.open(oldFile.storage_key)).rejects.toThrow();

    // Removed with the checkbox.
    await curator.post(`/roadmaps/${id}/items/${item}/status`, {
      status: 'done',
      completed_on: '2022-08-29',
      remove_evidence_file: 'on',
    });
    expect((await rows(id))[0]?.evidence_file_id).toBeNull();
    expect(await t.database.db.selectFrom('files').selectAll().execute()).toHaveLength(0);
    expect((await curator.get(`/roadmaps/${id}/items/${item}/evidence`)).statusCode).toBe(404);
  });
});

describe('approval', () => {
  it('the school head approves its school roadmap; a change to its items takes the approval back', async () => {
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const { id, item } = t.world.roadmaps.schoolA;
    // The home page tells the head what waits for it; the curator is not asked.
    const home = await head.get('/');
    expect(textOf(home.body)).toContain('Ждут вашего утверждения');
    expect(home.body).toContain(`href="/roadmaps/${id}"`);
    expect(textOf((await (await signedIn(t.app, 'curator', PASSWORD)).get('/')).body)).not.toContain('Ждут вашего утверждения');
    await head.get(`/roadmaps/${id}`);
    await agreedByCentre(t.database.db, id);
    expect((await head.post(`/roadmaps/${id}/approve`)).statusCode).toBe(303);
    expect(textOf((await head.get(`/roadmaps/${id}`)).body)).toMatch(/утверждена \d\d\.\d\d\.\d{4}/);
    expect(textOf((await head.get('/')).body)).not.toContain('Ждут вашего утверждения');
    // The head may not approve the municipal roadmap; the department may.
    expect((await head.post(`/roadmaps/${t.world.roadmaps.municipalA.id}/approve`)).statusCode).toBe(403);
    const department = await signedIn(t.app, 'department', PASSWORD);
    await department.get('/roadmaps');
    expect((await department.post(`/roadmaps/${t.world.roadmaps.municipalA.id}/approve`)).statusCode).toBe(303);

    // Marking a status keeps the approval; editing the plan's items removes it.
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get(`/roadmaps/${id}/items/${item}/edit`);
    await curator.post(`/roadmaps/${id}/items/${item}/status`, { status: 'in_progress' });
    const approved = await t.database.db
      .selectFrom('roadmaps')
      .select('approved_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(approved.approved_at).not.toBeNull();
    await curator.post(`/roadmaps/${id}/items/${item}/edit`, {
      number: '1.1',
      activity: 'Разработка положения о наставничестве (новая редакция)',
    });
    const after = await t.database.db.selectFrom('roadmaps').select('approved_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.approved_at).toBeNull();
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'roadmap')
      .where('action', '=', 'approve')
      .execute();
    expect(actions).toHaveLength(2);
  });

  it('an empty roadmap cannot be approved', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createRoadmap(curator);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    await head.get(`/roadmaps/${id}`);
    const r = await head.post(`/roadmaps/${id}/approve`);
    expect(r.statusCode).toBe(409);
    expect(textOf(r.body)).toContain('утверждать нечего');
  });
});

describe('moving items renumbers them', () => {
  it('swaps an item with its neighbour and moves a section with its items', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createRoadmap(curator);
    const s1 = await addItem(curator, id, { kind: 'section', number: '1', activity: 'Нормативное обеспечение' });
    await addItem(curator, id, { number: '1.1', parent_id: String(s1), activity: 'Положение' });
    await addItem(curator, id, { number: '1.2', parent_id: String(s1), activity: 'Приказ' });
    const third = await addItem(curator, id, { number: '1.3', parent_id: String(s1), activity: 'Дорожная карта' });
    const s2 = await addItem(curator, id, { kind: 'section', number: '2', activity: 'Кадровое обеспечение' });
    await addItem(curator, id, { number: '2.1', parent_id: String(s2), activity: 'Кураторы' });

    await curator.get(`/roadmaps/${id}`);
    const moved = await curator.post(`/roadmaps/${id}/items/${third}/move`, { direction: 'up' });
    expect(moved.statusCode).toBe(303);
    const numbered = (await rows(id)).map((r) => `${r.number} ${r.activity}`);
    expect(numbered).toEqual([
      '1 Нормативное обеспечение',
      '1.1 Положение',
      '1.2 Дорожная карта',
      '1.3 Приказ',
      '2 Кадровое обеспечение',
      '2.1 Кураторы',
    ]);

    await curator.post(`/roadmaps/${id}/items/${s2}/move`, { direction: 'up' });
    expect((await rows(id)).map((r) => `${r.number} ${r.activity}`)).toEqual([
      '1 Кадровое обеспечение',
      '1.1 Кураторы',
      '2 Нормативное обеспечение',
      '2.1 Положение',
      '2.2 Дорожная карта',
      '2.3 Приказ',
    ]);
    // The first of its level cannot go higher: a message, nothing changed.
    const first = await curator.post(`/roadmaps/${id}/items/${s2}/move`, { direction: 'up' });
    expect(first.statusCode).toBe(303);
    expect(textOf((await curator.get(`/roadmaps/${id}`)).body)).toContain('уже первый на своём уровне');
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'move').execute();
    expect(audit.length).toBe(2 + 6);
  });
});

describe('responsible links', () => {
  it('a school filters the municipal roadmap down to the items its schools answer for', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const id = await createRoadmap(coordinator);
    await addItem(coordinator, id, { number: '1', activity: 'Семинар для кураторов', responsible: 'МКУ «ИМЦОУ», ОУ' });
    await addItem(coordinator, id, { number: '2', activity: 'Отчёт в министерство', responsible: 'Управление образования' });
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const all = textOf((await curator.get(`/roadmaps/${id}`)).body);
    expect(all).toContain('Отчёт в министерство');
    // The links read from «Ответственные» are shown with the text as written.
    expect(all).toContain('МКУ «ИМЦОУ», ОУ В портале: методический центр, образовательные организации');
    const ours = textOf((await curator.get(`/roadmaps/${id}?schools=on`)).body);
    expect(ours).toContain('Семинар для кураторов');
    expect(ours).not.toContain('Отчёт в министерство');
  });

  it('are derived from «Ответственные» whenever it is written', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const id = await createRoadmap(coordinator);
    const itemId = await addItem(coordinator, id, { number: '1', activity: 'Семинар', responsible: 'МКУ «ИМЦОУ», ОУ' });
    const [row] = await rows(id);
    expect(row?.responsible_links).toEqual(['method_center', 'schools']);
    await coordinator.post(`/roadmaps/${id}/items/${itemId}/edit`, {
      number: '1',
      activity: 'Семинар',
      responsible: 'Управление образования',
    });
    expect((await rows(id))[0]?.responsible_links).toEqual(['department']);
  });
});
