import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { attachDemoModelFiles, DEMO_MODELS } from '../../seeds/model-documents.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo's library of model documents (seeds/model-documents.ts) as seedDemo and the server's start create it. */

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  app = await createTestApp(database);
  // As src/server.ts does after seeding the demo.
  await attachDemoModelFiles(database.db, app.files);
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const docxText = async (body: Buffer) => (await mammoth.extractRawText({ buffer: body })).value.replace(/\s+/g, ' ');

describe('demo model documents', () => {
  it('four published models and a withdrawn one, each with its .docx stored; a second pass stores nothing', async () => {
    const rows = await database.db.selectFrom('model_documents').select(['status', 'file_id']).execute();
    expect(rows.filter((r) => r.status === 'published')).toHaveLength(4);
    expect(rows.filter((r) => r.status === 'withdrawn')).toHaveLength(1);
    expect(rows.every((r) => r.file_id !== null)).toBe(true);
    expect(await attachDemoModelFiles(database.db, app.files)).toBe(0);
  });

  it('the curator reads the published models and downloads their files; the coordinator sees the withdrawn one too', async () => {
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const list = await curator.get('/documents/models');
    expect(list.statusCode).toBe(200);
    const text = textOf(list.body);
    for (const m of DEMO_MODELS.filter((d) => d.status === 'published')) expect(text).toContain(m.title);
    expect(text).not.toContain('редакция 2022 года');
    const ids = [...list.body.matchAll(/href="\/documents\/models\/(\d+)\/file"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(4);
    const regulation = await database.db
      .selectFrom('model_documents')
      .select('id')
      .where('type', '=', 'regulation')
      .executeTakeFirstOrThrow();
    const download = await curator.get(`/documents/models/${regulation.id}/file`);
    expect(download.statusCode).toBe(200);
    expect(await docxText(download.rawPayload)).toContain('Права и обязанности наставника');
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    expect(textOf((await coordinator.get('/documents/models')).body)).toContain('редакция 2022 года');
  });

  it('the demo school’s curator fills the orders with its school’s data', async () => {
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const school = await database.db
      .selectFrom('organizations')
      .select(['id', 'full_name'])
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    const page = await curator.get(`/documents/models/schools/${school.id}`);
    expect(page.statusCode).toBe(200);
    const mentors = await curator.get(`/documents/models/schools/${school.id}/mentors-order.docx`);
    expect(mentors.statusCode).toBe(200);
    const text = await docxText(mentors.rawPayload);
    expect(text).toContain(school.full_name);
    expect(text).toContain('Список наставников');
    expect(text).not.toContain('Наставники не внесены в базу');
  });
});
