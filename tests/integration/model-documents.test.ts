import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PDF2 = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /V 2 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const as = (login: string): Promise<Client> => signedIn(t.app, login, PASSWORD);

/** The coordinator publishes a model through the form. */
async function publish(client: Client, fields: Record<string, string> = {}, data: Buffer = PDF): Promise<number> {
  await client.get('/documents/models/new');
  const response = await client.upload(
    '/documents/models',
    { name: 'Образец.pdf', data, type: 'application/pdf' },
    { title: 'Образец приказа о назначении куратора', type: 'curator_order', description: 'Для всех школ округа', ...fields },
  );
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  const id = Number(/^\/documents\/models\/(\d+)$/.exec(String(response.headers.location))?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

async function auditOf(entityType: string, id: number | string) {
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'changed_fields'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(id))
    .orderBy('id')
    .execute();
}

async function docxText(body: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: body })).value.replace(/\s+/g, ' ');
}

/** The first school of A as a document names it, with its head. */
async function dressSchool() {
  await t.database.db
    .updateTable('organizations')
    .set({
      full_name: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»',
      short_name: 'МБОУ «СШ № 1»',
      head_name: 'Кузнецова Ольга Петровна',
      head_position: 'Директор',
      // The cases are then the rule's guess from the full name.
      full_name_genitive: null,
      full_name_prepositional: null,
    })
    .where('id', '=', t.world.a.school)
    .execute();
  await t.database.db
    .updateTable('users')
    .set({ full_name: 'Васильева Татьяна Сергеевна', position: 'Заместитель директора по УВР' })
    .where('id', '=', t.world.users.curator!)
    .execute();
}

describe('the library of model documents', () => {
  it('the coordinator publishes a model with its file: stored for the municipality, audited; the schools and the department read it', async () => {
    const coordinator = await as('coordinator');
    const id = await publish(coordinator);
    const row = await t.database.db.selectFrom('model_documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ municipality_id: t.world.a.id, type: 'curator_order', status: 'published' });
    const file = await t.database.db.selectFrom('files').selectAll().where('id', '=', row.file_id!).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ purpose: 'model_document', organization_id: t.world.a.id });
    expect((await auditOf('model_document', id)).map((a) => a.action)).toEqual(['create']);

    for (const login of ['curator', 'school_head', 'department']) {
      const client = await as(login);
      const list = await client.get('/documents/models');
      expect(list.statusCode, login).toBe(200);
      expect(textOf(list.body)).toContain('Образец приказа о назначении куратора');
      const page = await client.get(`/documents/models/${id}`);
      expect(page.statusCode, login).toBe(200);
      expect(textOf(page.body)).toContain('Приказ о назначении куратора');
      const download = await client.get(`/documents/models/${id}/file`);
      expect(download.statusCode, login).toBe(200);
      expect(download.rawPayload.equals(PDF)).toBe(true);
    }
  });

  it('another municipality does not see the model; mentors and mentees have no library', async () => {
    const id = await publish(await as('coordinator'));
    for (const login of ['curator.b', 'coordinator.b', 'department.b']) {
      const client = await as(login);
      expect((await client.get(`/documents/models/${id}`)).statusCode, login).toBe(404);
      expect((await client.get(`/documents/models/${id}/file`)).statusCode, login).toBe(404);
      expect(textOf((await client.get('/documents/models')).body)).not.toContain('Образец приказа');
    }
    for (const login of ['mentor', 'mentee']) {
      expect((await (await as(login)).get('/documents/models')).statusCode, login).toBe(403);
    }
  });

  it('a withdrawn model disappears for the schools and stays for the coordinator, who may publish it again', async () => {
    const coordinator = await as('coordinator');
    const id = await publish(coordinator);
    const withdraw = await coordinator.post(`/documents/models/${id}/withdraw`);
    expect(withdraw.statusCode).toBe(303);
    const curator = await as('curator');
    expect((await curator.get(`/documents/models/${id}`)).statusCode).toBe(404);
    expect((await curator.get(`/documents/models/${id}/file`)).statusCode).toBe(404);
    expect(textOf((await curator.get('/documents/models')).body)).toContain('Образцов пока нет');
    const own = await coordinator.get(`/documents/models/${id}`);
    expect(textOf(own.body)).toContain('снят с публикации');
    expect((await coordinator.post(`/documents/models/${id}/publish`)).statusCode).toBe(303);
    expect((await curator.get(`/documents/models/${id}`)).statusCode).toBe(200);
    expect((await auditOf('model_document', id)).map((a) => a.action)).toEqual(['create', 'unpublish', 'publish']);
  });

  it('only the coordinator publishes, edits and withdraws', async () => {
    const id = await publish(await as('coordinator'));
    for (const login of ['curator', 'school_head', 'department']) {
      const client = await as(login);
      expect((await client.get('/documents/models/new')).statusCode, login).toBe(403);
      expect((await client.post(`/documents/models/${id}/withdraw`)).statusCode, login).toBe(403);
      expect((await client.post(`/documents/models/${id}/edit`, { title: 'x', type: 'other' })).statusCode, login).toBe(403);
    }
    expect((await (await as('coordinator.b')).post(`/documents/models/${id}/withdraw`)).statusCode).toBe(404);
    const row = await t.database.db.selectFrom('model_documents').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
  });

  it('a model without a title or a file is refused with messages naming the fields', async () => {
    const coordinator = await as('coordinator');
    await coordinator.get('/documents/models/new');
    const response = await coordinator.post('/documents/models', { title: '', type: 'regulation' });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('Название: укажите название образца');
    expect(text).toContain('Файл образца: выберите файл DOCX, PDF или ODT');
    expect(await t.database.db.selectFrom('model_documents').select('id').execute()).toEqual([]);
  });

  it('the coordinator edits a model and replaces its file: the old file is deleted, the change audited by field', async () => {
    const coordinator = await as('coordinator');
    const id = await publish(coordinator);
    const before = await t.database.db
      .selectFrom('model_documents')
      .select('file_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await coordinator.get(`/documents/models/${id}/edit`);
    const response = await coordinator.upload(
      `/documents/models/${id}/edit`,
      { name: 'Новый образец.pdf', data: PDF2, type: 'application/pdf' },
      { title: 'Образец приказа (редакция 2026 года)', type: 'curator_order', description: 'Для всех школ округа' },
    );
    expect(response.statusCode, textOf(response.body).slice(0, 400)).toBe(303);
    const after = await t.database.db.selectFrom('model_documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.title).toBe('Образец приказа (редакция 2026 года)');
    expect(after.file_id).not.toBe(before.file_id);
    expect(await t.database.db.selectFrom('files').select('id').where('id', '=', before.file_id!).execute()).toEqual([]);
    const audit = await auditOf('model_document', id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', changed_fields: ['title', 'file_id'] });
    const download = await (await as('curator')).get(`/documents/models/${id}/file`);
    expect(download.rawPayload.equals(PDF2)).toBe(true);
  });

  it('the library links the import templates of the bases', async () => {
    const page = await (await as('curator')).get('/documents/models');
    expect(page.body).toContain('href="/mentors/template.xlsx"');
    expect(page.body).toContain('href="/mentees/template.xlsx"');
  });
});

describe('documents filled with a school’s data', () => {
  it('the curator gets the order appointing the curator for its school, with the school’s name, head and curator in their cases', async () => {
    await dressSchool();
    const curator = await as('curator');
    const page = await curator.get(`/documents/models/schools/${t.world.a.school}`);
    expect(page.statusCode, page.body.slice(0, 3000)).toBe(200);
    const response = await curator.get(
      `/documents/models/schools/${t.world.a.school}/curator-order.docx?curator=${t.world.users.curator}`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    const text = await docxText(response.rawPayload);
    expect(text).toContain('Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»');
    expect(text).toContain(
      'Назначить куратором внедрения целевой модели наставничества в Муниципальном бюджетном общеобразовательном учреждении «Средняя школа № 1» заместителя директора по УВР Васильеву Татьяну Сергеевну.',
    );
    expect(text).toContain('от «__» ______ 20__ г.');
    expect(text).toContain('О. П. Кузнецова');
  });

  it('a curator typed in is named as typed; a curator account of another school is refused', async () => {
    await dressSchool();
    const head = await as('school_head');
    const typed = await head.get(
      `/documents/models/schools/${t.world.a.school}/curator-order.docx?curator_name=${encodeURIComponent('Петров Иван Сергеевич')}&curator_position=${encodeURIComponent('учитель истории')}`,
    );
    expect(typed.statusCode).toBe(200);
    expect(await docxText(typed.rawPayload)).toContain('учителя истории Петрова Ивана Сергеевича');
    const foreign = await head.get(
      `/documents/models/schools/${t.world.a.school}/curator-order.docx?curator=${t.world.users['curator.b']}`,
    );
    expect(foreign.statusCode).toBe(400);
    expect(textOf(foreign.body)).toContain('Куратор: выберите куратора школы из списка');
  });

  it('the order appointing mentors lists the school’s active mentors with consent, in the appendix table', async () => {
    await dressSchool();
    const mentor = (last: string, values: Record<string, unknown>) =>
      t.database.db
        .insertInto('mentors')
        .values({
          organization_id: t.world.a.school,
          last_name: last,
          first_name: 'Анна',
          middle_name: 'Игоревна',
          category: 'teacher',
          ...values,
        })
        .execute();
    await mentor('Смирнова', {
      status: 'active',
      consent_date: '2026-09-01',
      position: 'учитель математики',
      forms: ['teacher_teacher', 'teacher_student'],
    });
    await mentor('Без-Согласия', { status: 'active', position: 'учитель' });
    await mentor('Потенциальная', { status: 'potential', consent_date: '2026-09-01' });
    const response = await (await as('curator')).get(`/documents/models/schools/${t.world.a.school}/mentors-order.docx`);
    expect(response.statusCode).toBe(200);
    const text = await docxText(response.rawPayload);
    expect(text).toContain('О назначении наставников');
    expect(text).toContain('Смирнова Анна Игоревна');
    expect(text).toContain('учитель математики');
    expect(text).toContain('педагог – ученик, педагог – педагог');
    expect(text).not.toContain('Без-Согласия');
    expect(text).not.toContain('Потенциальная');
    expect(text).toContain('к приказу Муниципального бюджетного общеобразовательного учреждения «Средняя школа № 1»');
  });

  it('the Положение names the school and its forms of mentoring (its programmes’ by default, or those chosen)', async () => {
    await dressSchool();
    const curator = await as('curator');
    const own = await curator.get(
      `/documents/models/schools/${t.world.a.school}/regulation.docx?curator=${t.world.users.curator}`,
    );
    expect(own.statusCode).toBe(200);
    const text = await docxText(own.rawPayload);
    expect(text).toContain('о наставничестве в Муниципальном бюджетном общеобразовательном учреждении «Средняя школа № 1»');
    expect(text).toContain('«педагог – педагог» — предполагает взаимодействие молодого специалиста');
    expect(text).not.toContain('«ученик – ученик»');
    expect(text).toContain('является заместитель директора по УВР Васильева Татьяна Сергеевна');
    for (const heading of [
      'Общие положения',
      'Цель и задачи',
      'Организация наставничества',
      'Права и обязанности наставника',
      'Формы наставничества',
      'Мониторинг и оценка',
      'поощрение наставников',
    ])
      expect(text).toContain(heading);
    const chosen = await curator.get(
      `/documents/models/schools/${t.world.a.school}/regulation.docx?form=student_student&form=employer_student`,
    );
    const chosenText = await docxText(chosen.rawPayload);
    expect(chosenText).toContain('«ученик – ученик» — предполагает');
    expect(chosenText).toContain('«работодатель – ученик» — предполагает');
    expect(chosenText).not.toContain('«педагог – педагог» — предполагает');
  });

  it('the coordinator fills them for any school of its municipality; a school’s staff only for its own, another municipality never', async () => {
    const coordinator = await as('coordinator');
    expect((await coordinator.get(`/documents/models/schools/${t.world.a.otherSchool}`)).statusCode).toBe(200);
    expect((await coordinator.get(`/documents/models/schools/${t.world.a.otherSchool}/regulation.docx`)).statusCode).toBe(200);
    expect((await coordinator.get(`/documents/models/schools/${t.world.b.school}/regulation.docx`)).statusCode).toBe(404);
    expect((await coordinator.get(`/documents/models/schools/${t.world.a.partner}`)).statusCode).toBe(404);
    for (const login of ['curator', 'school_head']) {
      const client = await as(login);
      expect((await client.get(`/documents/models/schools/${t.world.a.otherSchool}`)).statusCode, login).toBe(404);
      expect((await client.get(`/documents/models/schools/${t.world.a.otherSchool}/curator-order.docx`)).statusCode, login).toBe(
        404,
      );
    }
    expect((await (await as('department')).get(`/documents/models/schools/${t.world.a.school}`)).statusCode).toBe(403);
  });

  it('the curator saves a filled document into its school’s register as a draft with its file; the coordinator may not', async () => {
    await dressSchool();
    const curator = await as('curator');
    await curator.get(`/documents/models/schools/${t.world.a.school}`);
    const response = await curator.post(`/documents/models/schools/${t.world.a.school}/save`, {
      kind: 'regulation',
      curator: String(t.world.users.curator),
    });
    expect(response.statusCode, textOf(response.body).slice(0, 400)).toBe(303);
    const id = Number(/^\/documents\/(\d+)$/.exec(String(response.headers.location))?.[1]);
    const doc = await t.database.db.selectFrom('school_documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(doc).toMatchObject({ organization_id: t.world.a.school, type: 'regulation', status: 'draft', number: null });
    const file = await t.database.db.selectFrom('files').selectAll().where('id', '=', doc.file_id!).executeTakeFirstOrThrow();
    expect(file.purpose).toBe('school_document');
    expect(file.original_name).toMatch(/\.docx$/);
    expect((await auditOf('school_document', id)).map((a) => a.action)).toEqual(['create']);
    const stored = await curator.get(`/documents/${id}/file`);
    expect(await docxText(stored.rawPayload)).toContain('Васильева Татьяна Сергеевна');
    const page = await curator.get(`/documents/${id}`);
    expect(textOf(page.body)).toContain('черновик');

    expect(
      (await (await as('coordinator')).post(`/documents/models/schools/${t.world.a.school}/save`, { kind: 'regulation' }))
        .statusCode,
    ).toBe(403);
    const other = await curator.post(`/documents/models/schools/${t.world.a.otherSchool}/save`, { kind: 'regulation' });
    expect(other.statusCode).toBe(404);
    const bad = await curator.post(`/documents/models/schools/${t.world.a.school}/save`, { kind: 'roadmap' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Документ: выберите документ из списка');
  });
});
