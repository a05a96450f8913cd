import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { postList } from '../helpers/forms.js';
import { addPair, daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** The first bytes of a Windows executable, whatever its name says. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);

const as = (login: string): Promise<Client> => signedIn(t.app, login, PASSWORD);

function documentIdOf(location: unknown): number {
  const id = Number(/^\/documents\/(\d+)$/.exec(String(location))?.[1]);
  expect(id, `redirect to a document: ${String(location)}`).toBeGreaterThan(0);
  return id;
}

/** The curator (or head) adds a document through the form, with a file or without. */
async function addDocument(client: Client, fields: Record<string, string>, file: Buffer | null = PDF): Promise<number> {
  await client.get('/documents/new');
  const form = { status: 'active', document_date: '2026-09-01', ...fields };
  const response = file
    ? await client.upload('/documents', { name: 'Приказ.pdf', data: file, type: 'application/pdf' }, form)
    : await client.post('/documents', form);
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  return documentIdOf(response.headers.location);
}

/** A curator of the other school of municipality A. */
async function otherSchoolCurator(): Promise<Client> {
  const db = t.database.db;
  const hash = await db.selectFrom('users').select('password_hash').where('login', '=', 'curator').executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values({
      login: 'curator.a2',
      full_name: 'Соседова Анна Петровна',
      organization_id: t.world.a.otherSchool,
      role: 'curator',
      password_hash: hash.password_hash,
    })
    .execute();
  return as('curator.a2');
}

describe('the register of a school’s documents', () => {
  it('a curator adds a document with its file: stored, audited, listed and downloaded', async () => {
    const curator = await as('curator');
    const id = await addDocument(curator, { type: 'implementation_order', number: '45-о', title: 'О внедрении целевой модели' });
    const row = await t.database.db.selectFrom('school_documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organization_id: t.world.a.school,
      type: 'implementation_order',
      number: '45-о',
      status: 'active',
    });
    expect(row.document_date).toBe('2026-09-01');
    const file = await t.database.db.selectFrom('files').selectAll().where('id', '=', row.file_id!).executeTakeFirstOrThrow();
    expect(file.purpose).toBe('school_document');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changed_fields'])
      .where('entity_type', '=', 'school_document')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changed_fields).toEqual(expect.arrayContaining(['type', 'number', 'document_date', 'status', 'file_id']));

    const page = await curator.get(`/documents/${id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Приказ о внедрении целевой модели наставничества');
    const list = await curator.get('/documents');
    expect(textOf(list.body)).toContain('№ 45-о от 01.09.2026');
    const download = await curator.get(`/documents/${id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(PDF)).toBe(true);
  });

  it('the school head edits its school’s documents; the change is audited by field', async () => {
    const head = await as('school_head');
    const id = await addDocument(head, { type: 'regulation', status: 'draft', document_date: '' }, null);
    await head.get(`/documents/${id}/edit`);
    const response = await head.post(`/documents/${id}/edit`, {
      type: 'regulation',
      status: 'active',
      document_date: '2026-08-30',
      number: '',
      title: 'Положение о наставничестве',
    });
    expect(response.statusCode, textOf(response.body).slice(0, 400)).toBe(303);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changed_fields'])
      .where('entity_type', '=', 'school_document')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]!.changed_fields).toEqual(['document_date', 'title', 'status']);
  });

  it('each role reads the register it may: the school its own, the municipality every school’s; mentors and mentees none', async () => {
    const curator = await as('curator');
    const own = await addDocument(curator, { type: 'curator_order', number: '12' });
    const neighbour = await otherSchoolCurator();
    const theirs = await addDocument(neighbour, { type: 'mentors_order', number: '77' });

    const ownList = textOf((await curator.get('/documents')).body);
    expect(ownList).toContain('№ 12');
    expect(ownList).not.toContain('№ 77');
    for (const login of ['coordinator', 'department']) {
      const client = await as(login);
      const list = textOf((await client.get('/documents')).body);
      expect(list, login).toContain('№ 12');
      expect(list, login).toContain('№ 77');
      const filtered = textOf((await client.get(`/documents?org=${t.world.a.otherSchool}`)).body);
      expect(filtered).toContain('№ 77');
      expect(filtered).not.toContain('№ 12');
      expect((await client.get(`/documents/${own}`)).statusCode).toBe(200);
      expect((await client.get(`/documents/${own}/edit`)).statusCode, `${login} reads, does not edit`).toBe(403);
    }
    // Another school of the municipality and another municipality: the document does not exist for them.
    expect((await curator.get(`/documents/${theirs}`)).statusCode).toBe(404);
    expect((await curator.get(`/documents/${theirs}/file`)).statusCode).toBe(404);
    expect((await curator.get(`/documents/${theirs}/edit`)).statusCode).toBe(404);
    for (const login of ['curator.b', 'coordinator.b', 'department.b', 'school_head.b']) {
      const foreign = await as(login);
      expect((await foreign.get(`/documents/${own}`)).statusCode, login).toBe(404);
      expect(textOf((await foreign.get('/documents')).body), login).not.toContain('№ 12');
    }
    for (const login of ['mentor', 'mentee']) {
      const client = await as(login);
      expect((await client.get('/documents')).statusCode, login).toBe(403);
      expect((await client.get(`/documents/${own}`)).statusCode, login).toBe(403);
    }
  });

  it('a consent scan of a minor is read only by those who see the minor’s personal data; an adult’s by whoever reads the person', async () => {
    const db = t.database.db;
    const student = await db
      .insertInto('mentees')
      .values({
        organization_id: t.world.a.school,
        last_name: 'Школьников',
        first_name: 'Пётр',
        category: 'student',
        birth_date: '2012-03-04',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const curator = await as('curator');
    const minorConsent = await addDocument(curator, {
      type: 'consent',
      concerns: `mentee:${student.id}`,
      title: 'Согласие родителя',
    });
    const adultConsent = await addDocument(curator, { type: 'consent', concerns: `mentor:${t.world.people.mentorA}` });

    for (const login of ['curator', 'coordinator']) {
      const client = await as(login);
      expect((await client.get(`/documents/${minorConsent}`)).statusCode, login).toBe(200);
      expect((await client.get(`/documents/${minorConsent}/file`)).statusCode, login).toBe(200);
      expect(textOf((await client.get('/documents')).body), login).toContain('Школьников Пётр');
    }
    for (const login of ['school_head', 'department']) {
      const client = await as(login);
      expect((await client.get(`/documents/${minorConsent}`)).statusCode, login).toBe(404);
      expect((await client.get(`/documents/${minorConsent}/file`)).statusCode, login).toBe(404);
      const list = textOf((await client.get('/documents?type=consent')).body);
      expect(list, login).not.toContain('Школьников');
      // the adult mentor's consent is theirs to read
      expect(list, login).toContain('Наставникова Мария');
      expect((await client.get(`/documents/${adultConsent}`)).statusCode, login).toBe(200);
    }
    // the head keeps the school's documents, but not one it may not read
    const head = await as('school_head');
    expect((await head.get(`/documents/${minorConsent}/edit`)).statusCode).toBe(404);
  });

  it('erasing a person’s personal data removes the scans of its consent forms, files and all, audited', async () => {
    const curator = await as('curator');
    const consent = await addDocument(curator, { type: 'consent', concerns: `mentee:${t.world.people.menteeA}` });
    const agreement = await addDocument(curator, {
      type: 'mentor_agreement',
      number: '5',
      concerns: `mentor:${t.world.people.mentorA}`,
    });
    const db = t.database.db;
    const file = await db
      .selectFrom('school_documents')
      .innerJoin('files', 'files.id', 'school_documents.file_id')
      .select(['files.id', 'files.storage_key'])
      .where('school_documents.id', '=', consent)
      .executeTakeFirstOrThrow();
    expect(existsSync(t.app.files.pathOf(file.storage_key))).toBe(true);
    await curator.get(`/mentees/${t.world.people.menteeA}`);
    const erased = await curator.post(`/mentees/${t.world.people.menteeA}/erase`);
    expect(erased.statusCode).toBe(303);
    expect(await db.selectFrom('school_documents').select('id').where('id', '=', consent).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('files').select('id').where('id', '=', file.id).executeTakeFirst()).toBeUndefined();
    expect(existsSync(t.app.files.pathOf(file.storage_key))).toBe(false);
    const audit = await db
      .selectFrom('audit_log')
      .select(['entity_type', 'action'])
      .where('action', '=', 'delete')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { entity_type: 'school_document', action: 'delete' },
      { entity_type: 'file', action: 'delete' },
    ]);
    // another person's document stays
    expect((await curator.get(`/documents/${agreement}`)).statusCode).toBe(200);
  });

  it('refuses bad input with a Russian message naming the field', async () => {
    const curator = await as('curator');
    await curator.get('/documents/new');
    const empty = await curator.post('/documents', { type: '', status: 'active' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Вид документа: выберите вид из списка');

    const unsigned = await curator.post('/documents', { type: 'curator_order', status: 'active', number: '', document_date: '' });
    expect(unsigned.statusCode).toBe(400);
    const text = textOf(unsigned.body);
    expect(text).toContain('Дата документа: укажите дату');
    expect(text).toContain('Номер: укажите номер документа «Приказ о назначении куратора»');

    const badDate = await curator.post('/documents', { type: 'other', status: 'draft', document_date: '31.02.2026' });
    expect(textOf(badDate.body)).toContain('Дата документа: даты «31.02.2026» не существует');
    const future = await curator.post('/documents', { type: 'other', status: 'draft', document_date: daysAgo(-3) });
    expect(textOf(future.body)).toContain('Дата документа не может быть позже сегодняшнего дня');

    const consent = await curator.post('/documents', { type: 'consent', status: 'draft' });
    expect(textOf(consent.body)).toContain('Кого касается: выберите наставника или наставляемого');
    const agreement = await curator.post('/documents', {
      type: 'mentor_agreement',
      status: 'draft',
      concerns: `mentee:${t.world.people.menteeA}`,
    });
    expect(textOf(agreement.body)).toContain('Кого касается: выберите наставника, с которым заключено соглашение');
    // a person of another municipality's school is not the curator's to name
    const foreign = await curator.post('/documents', {
      type: 'consent',
      status: 'draft',
      concerns: `mentor:${t.world.people.mentorB}`,
    });
    expect(textOf(foreign.body)).toContain('Кого касается: выберите наставника, наставляемого или пару своей школы');

    const exe = await curator.upload('/documents', { name: 'приказ.pdf', data: EXE }, { type: 'other', status: 'draft' });
    expect(exe.statusCode).toBe(400);
    expect(textOf(exe.body)).toContain('не похож на документ PDF, DOCX или ODT');
    const stored = await t.database.db.selectFrom('school_documents').select('id').execute();
    expect(stored).toEqual([]);
    const files = await t.database.db.selectFrom('files').select('id').execute();
    expect(files).toEqual([]);
  });

  it('the order fixing pairs recorded in the pairs module is an entry of the register', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { status: 'forming' });
    const curator = await as('curator');
    await curator.get('/pairs');
    const recorded = await curator.post('/pairs/order', { number: '88-п', order_date: daysAgo(1), pair: String(pair.id) });
    expect(recorded.statusCode, textOf(recorded.body).slice(0, 400)).toBe(303);
    const entry = await t.database.db
      .selectFrom('school_documents')
      .selectAll()
      .where('type', '=', 'pairs_order')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ organization_id: t.world.a.school, number: '88-п', status: 'active' });
    expect(entry.pair_order_id).not.toBeNull();
    const page = textOf((await curator.get(`/documents/${entry.id}`)).body);
    expect(page).toContain('Приказ о закреплении наставнических пар (групп) № 88-п');
    expect(page).toContain(`Пара № ${pair.id}`);
    // its number is the pairs module's: the form cannot change it, the scan can be attached
    await curator.get(`/documents/${entry.id}/edit`);
    const edit = await curator.upload(
      `/documents/${entry.id}/edit`,
      { name: 'скан.pdf', data: PDF },
      { type: 'other', number: '1', document_date: '', status: 'active' },
    );
    expect(edit.statusCode, textOf(edit.body).slice(0, 400)).toBe(303);
    const after = await t.database.db
      .selectFrom('school_documents')
      .selectAll()
      .where('id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ type: 'pairs_order', number: '88-п' });
    expect(after.file_id).not.toBeNull();
  });

  it('the coordinator declares the required package and the matrix shows what each school has and lacks', async () => {
    const coordinator = await as('coordinator');
    await coordinator.get('/documents/matrix');
    const saved = await coordinator.post('/documents/requirements', {});
    expect(saved.statusCode).toBe(303);
    const set = await postList(coordinator, '/documents/requirements', { types: ['regulation', 'curator_order'] });
    expect(set.statusCode).toBe(303);
    const required = await t.database.db.selectFrom('document_requirements').select('type').orderBy('type').execute();
    expect(required.map((r) => r.type)).toEqual(['curator_order', 'regulation']);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'document_requirements')
      .execute();
    expect(audit).toHaveLength(1);

    const curator = await as('curator');
    await addDocument(curator, { type: 'regulation' });
    await addDocument(curator, { type: 'curator_order', status: 'draft', number: '' });

    for (const login of ['coordinator', 'department']) {
      const client = await as(login);
      const page = await client.get('/documents/matrix');
      expect(page.statusCode, login).toBe(200);
      const text = textOf(page.body);
      expect(text).toContain('Полный комплект действующих документов — у 0 из 2 школ');
      const rows = (page.body.split('</table>')[0] ?? '').split('<tr>').slice(2);
      const first = rows.find((r) => r.includes('Школа А1'))!;
      const second = rows.find((r) => r.includes('Школа А2'))!;
      expect(textOf(first)).toContain('✓ есть');
      expect(textOf(first)).toContain('◐ черновик');
      expect(textOf(second).match(/✗ нет/g)).toHaveLength(2);
    }
    const department = await as('department');
    await department.get('/documents/matrix');
    expect((await department.post('/documents/requirements', { types: 'consent' })).statusCode).toBe(403);
    expect((await curator.get('/documents/matrix')).statusCode).toBe(403);
  });
});
