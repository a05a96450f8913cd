import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

// Issue 17: the scan of a signed agreement — uploaded with the agreement's form, replaced or removed
// without leaving an orphan, and downloaded only by those who may read the agreement.

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PDF2 = Buffer.from('%PDF-1.4\n% second scan\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(200, 1)]);

const form = (over: Record<string, string> = {}) => ({
  kind: 'partner',
  party_id: String(t.world.a.partner),
  number: '12-с',
  signed_on: '2024-08-30',
  valid_from: '2024-09-01',
  valid_to: '',
  subject: 'Наставничество специалистов предприятия над обучающимися 8–11 классов',
  ...over,
});

async function as(login: string): Promise<Client> {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/agreements/new');
  return client;
}

function idOf(response: { statusCode: number; headers: Record<string, unknown>; body: string }): number {
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  return Number(/^\/agreements\/(\d+)$/.exec(String(response.headers.location))?.[1]);
}

async function filesOnDisk(): Promise<number> {
  try {
    const entries = await readdir(t.app.files.rootDir, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

const files = () => t.database.db.selectFrom('files').selectAll().orderBy('id').execute();
const agreement = (id: number) =>
  t.database.db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe("an agreement's file", () => {
  it('is uploaded with the agreement, audited, shown on its page and downloaded as sent', async () => {
    const curator = await as('curator');
    const id = idOf(await curator.upload('/agreements', { name: 'Соглашение 12-с.pdf', data: PDF }, form()));
    const [file] = await files();
    expect(file).toMatchObject({ purpose: 'agreement', organization_id: t.world.a.school, original_name: 'Соглашение 12-с.pdf' });
    expect((await agreement(id)).file_id).toBe(file!.id);
    const created = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'agreement')
      .where('action', '=', 'create')
      .executeTakeFirstOrThrow();
    expect(created.changed_fields).toContain('file_id');

    const page = textOf((await curator.get(`/agreements/${id}`)).body);
    expect(page).toContain('Соглашение добавлено вместе с файлом');
    expect(page).toContain('Файл соглашения Соглашение 12-с.pdf');
    const download = await curator.get(`/agreements/${id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(PDF)).toBe(true);
  });

  it('a new scan replaces the old one and the old one is deleted, row and bytes; removing leaves none', async () => {
    const curator = await as('curator');
    const disk = await filesOnDisk(); // the store is the app's, kept across the file's tests
    const id = idOf(await curator.upload('/agreements', { name: 'первый.pdf', data: PDF }, form()));
    const [first] = await files();
    expect(await filesOnDisk()).toBe(disk + 1);

    await curator.get(`/agreements/${id}/edit`);
    const replaced = await curator.upload(`/agreements/${id}`, { name: 'второй.pdf', data: PDF2 }, form());
    expect(replaced.statusCode, textOf(replaced.body).slice(0, 400)).toBe(303);
    const after = await files();
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(first!.id);
    expect(after[0]!.original_name).toBe('второй.pdf');
    expect(await filesOnDisk()).toBe(disk + 1);
    expect((await curator.get(`/agreements/${id}/file`)).rawPayload.equals(PDF2)).toBe(true);
    const deleted = await t.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'organization_id'])
      .where('entity_type', '=', 'file')
      .where('action', '=', 'delete')
      .execute();
    expect(deleted).toEqual([{ entity_id: String(first!.id), organization_id: t.world.a.school }]);

    // Saving the form without a file keeps the scan; ticking «remove» deletes it.
    await curator.get(`/agreements/${id}/edit`);
    expect((await curator.post(`/agreements/${id}`, form({ number: '12-с/1' }))).statusCode).toBe(303);
    expect((await agreement(id)).file_id).toBe(after[0]!.id);
    await curator.get(`/agreements/${id}/edit`);
    expect((await curator.post(`/agreements/${id}`, form({ number: '12-с/1', remove_file: 'on' }))).statusCode).toBe(303);
    expect((await agreement(id)).file_id).toBeNull();
    expect(await files()).toEqual([]);
    expect(await filesOnDisk()).toBe(disk);
    expect((await curator.get(`/agreements/${id}/file`)).statusCode).toBe(404);
    expect(textOf((await curator.get(`/agreements/${id}`)).body)).toContain('Файл соглашения не приложен');
  });

  it('is downloaded by its school, the other school of a school – school agreement and the municipality, by no one else', async () => {
    // Recorded by the coordinator for the municipality's second school, with the first school as its other party.
    const coordinator = await as('coordinator');
    const schoolSchool = idOf(
      await coordinator.upload(
        '/agreements',
        { name: 'сетевое.pdf', data: PDF },
        form({ school_id: String(t.world.a.otherSchool), kind: 'school', party_id: String(t.world.a.school) }),
      ),
    );
    // The second school's agreement with the partner: the first school is no party to it.
    const otherSchools = idOf(
      await coordinator.upload(
        '/agreements',
        { name: 'партнёр.pdf', data: PDF2 },
        form({ school_id: String(t.world.a.otherSchool) }),
      ),
    );
    const expected: Array<[string, number, number]> = [
      ['coordinator', 200, 200],
      ['department', 200, 200],
      ['curator', 200, 404],
      ['school_head', 200, 404],
      ['coordinator.b', 404, 404],
      ['curator.b', 404, 404],
      ['mentor', 403, 403],
    ];
    for (const [login, party, foreign] of expected) {
      const client = await signedIn(t.app, login, PASSWORD);
      expect((await client.get(`/agreements/${schoolSchool}/file`)).statusCode, `${login}: a party`).toBe(party);
      expect((await client.get(`/agreements/${otherSchools}/file`)).statusCode, `${login}: not a party`).toBe(foreign);
    }
  });

  it('a hostile file is refused with a Russian message at the field, and nothing is stored or lost', async () => {
    const curator = await as('curator');
    const disk = await filesOnDisk();
    const refused = await curator.upload('/agreements', { name: 'соглашение.pdf', data: EXE }, form());
    expect(refused.statusCode).toBe(400);
    const text = textOf(refused.body);
    expect(text).toContain('не похож на документ PDF, DOCX или ODT');
    expect(text).toContain('Выбранный файл не сохранён: выберите его снова');
    expect(await t.database.db.selectFrom('agreements').select('id').execute()).toEqual([]);
    expect(await files()).toEqual([]);
    expect(await filesOnDisk()).toBe(disk);

    const id = idOf(await curator.upload('/agreements', { name: 'скан.pdf', data: PDF }, form()));
    await curator.get(`/agreements/${id}/edit`);
    const edit = await curator.upload(`/agreements/${id}`, { name: 'замена.pdf', data: EXE }, form({ number: '99' }));
    expect(edit.statusCode).toBe(400);
    expect(textOf(edit.body)).toContain('не похож на документ PDF, DOCX или ODT');
    const kept = await agreement(id);
    expect(kept.number).toBe('12-с');
    expect((await curator.get(`/agreements/${id}/file`)).rawPayload.equals(PDF)).toBe(true);
    expect(await filesOnDisk()).toBe(disk + 1);
  });
});
