import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { actorOf } from '../../src/http/actor.js';
import { idFrom } from '../../src/http/forms.js';
import { MAX_DOCUMENT_BYTES, UploadError } from '../../src/lib/uploads.js';
import type { Actor } from '../../src/modules/audit/service.js';
import { uploadedFile, multipartFields } from '../../src/modules/files/multipart.js';
import { contentDisposition } from '../../src/http/content-disposition.js';
import { findStoredFile, sendStoredFile, storeUpload, storeUploadWith } from '../../src/modules/files/service.js';
import { signedIn } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** Test-only routes: the way a feature serves its document after checking access to what holds it. */
function testRoutes(app: FastifyInstance): void {
  app.get('/test/files/:id', { config: { access: 'public' } }, async (request, reply) => {
    const file = await findStoredFile(app.db, idFrom(request.params));
    if (!file) return reply.code(404).send();
    return sendStoredFile(reply, app.files, file, { inline: (request.query as { inline?: string }).inline === '1' });
  });
  app.post('/test/upload', { config: { access: 'authenticated' } }, async (request, reply) => {
    const fields = multipartFields(request.body);
    const file = await uploadedFile(request.body);
    if (!file) return reply.code(400).send({ error: 'Выберите файл', fields });
    try {
      const actor = actorOf(request);
      const stored = await storeUpload(app.db, app.files, actor, {
        organizationId: actor.user.organizationId,
        purpose: 'programme',
        fileName: file.fileName,
        data: file.data,
        truncated: file.truncated,
      });
      return reply.send({ id: stored.id, name: stored.original_name, size: stored.size_bytes, fields });
    } catch (error) {
      if (error instanceof UploadError) return reply.code(400).send({ error: error.message, fields });
      throw error;
    }
  });
}

describe('stored documents', () => {
  const t = useWorld({ beforeReady: testRoutes });

  /** Every file under the store's root (bytes and anything temporary). */
  async function filesOnDisk(): Promise<string[]> {
    try {
      const entries = await readdir(t.app.files.rootDir, { recursive: true, withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async function curator(): Promise<Actor> {
    const user = await t.database.db.selectFrom('users').select('id').where('login', '=', 'curator').executeTakeFirstOrThrow();
    return {
      ...t.world.adminActor,
      user: { ...t.world.adminActor.user, id: user.id, role: 'curator', organizationId: t.world.a.school },
      ip: '10.0.0.7',
    };
  }

  it('keeps the bytes outside the repository, in the test data folder', () => {
    expect(t.app.files.rootDir).toBe(path.join(t.app.config.dataDir, 'files'));
    expect(t.app.files.rootDir.startsWith(process.cwd())).toBe(false);
  });

  it('stores the row, the bytes and an audit line with field names only', async () => {
    const actor = await curator();
    const file = await storeUpload(t.app.db, t.app.files, actor, {
      organizationId: t.world.a.school,
      purpose: 'roadmap_evidence',
      fileName: 'C:\\fakepath\\Отчёт о наставничестве.PDF',
      data: PDF,
    });
    expect(file).toMatchObject({
      organization_id: t.world.a.school,
      purpose: 'roadmap_evidence',
      original_name: 'Отчёт о наставничестве.pdf',
      media_type: 'application/pdf',
      size_bytes: PDF.length,
      uploaded_by: actor.user.id,
    });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readFile(t.app.files.pathOf(file.storage_key))).toEqual(PDF);
    expect(await findStoredFile(t.app.db, file.id)).toEqual(file);

    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'file').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'upload',
      entity_id: String(file.id),
      user_id: actor.user.id,
      ip: '10.0.0.7',
      organization_id: t.world.a.school,
      municipality_id: t.world.a.id,
    });
    expect(audit[0]!.changed_fields).toEqual(['purpose', 'original_name', 'media_type', 'size_bytes']);
    expect(JSON.stringify(audit[0])).not.toContain('Отчёт');
  });

  it('refuses a file of another type before anything is written', async () => {
    const before = await filesOnDisk();
    await expect(
      storeUpload(t.app.db, t.app.files, t.world.adminActor, {
        organizationId: t.world.a.school,
        purpose: 'programme',
        fileName: 'вирус.exe',
        data: Buffer.from('MZ\x90\x00'),
      }),
    ).rejects.toThrow('Файл „вирус.exe“ не похож на документ PDF, DOCX или ODT');
    expect(await filesOnDisk()).toEqual(before);
    expect(await t.database.db.selectFrom('files').select('id').execute()).toEqual([]);
  });

  it('removes the bytes again when the row cannot be inserted', async () => {
    const before = await filesOnDisk();
    await expect(
      storeUpload(t.app.db, t.app.files, t.world.adminActor, {
        organizationId: 999_999,
        purpose: 'programme',
        fileName: 'программа.pdf',
        data: PDF,
      }),
    ).rejects.toThrow();
    expect(await filesOnDisk()).toEqual(before);
    expect(await t.database.db.selectFrom('files').select('id').execute()).toEqual([]);
    expect(await t.database.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'file').execute()).toEqual([]);
  });

  it('inserts the row in the caller’s transaction: a rollback leaves no row (storeUploadWith also removes the bytes)', async () => {
    // storeUpload in a transaction that later rolls back: no row, no audit line; the bytes stay
    // on disk as an orphan nothing names (documented), unless the caller removes them.
    let orphanKey = '';
    await expect(
      t.app.db.transaction().execute(async (trx) => {
        const file = await storeUpload(trx, t.app.files, t.world.adminActor, {
          organizationId: t.world.a.school,
          purpose: 'programme',
          fileName: 'п.pdf',
          data: PDF,
        });
        orphanKey = file.storage_key;
        expect(await trx.selectFrom('files').select('id').where('id', '=', file.id).executeTakeFirst()).toBeDefined();
        throw new Error('the caller’s change failed');
      }),
    ).rejects.toThrow('the caller’s change failed');
    expect(await t.database.db.selectFrom('files').select('id').execute()).toEqual([]);
    expect(await t.database.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'file').execute()).toEqual([]);
    expect(await t.app.files.read(orphanKey)).toEqual(PDF);
    await t.app.files.remove(orphanKey);

    // storeUploadWith: the same, and the bytes are gone too
    const before = await filesOnDisk();
    await expect(
      storeUploadWith(
        t.app.db,
        t.app.files,
        t.world.adminActor,
        { organizationId: t.world.a.school, purpose: 'roadmap_evidence', fileName: 'п.pdf', data: PDF },
        async (trx, file) => {
          await trx
            .updateTable('roadmap_items')
            .set({ evidence_file_id: file.id })
            .where('id', '=', t.world.roadmaps.schoolA.item)
            .execute();
          throw new Error('refused');
        },
      ),
    ).rejects.toThrow('refused');
    expect(await filesOnDisk()).toEqual(before);
    expect(await t.database.db.selectFrom('files').select('id').execute()).toEqual([]);

    // and when the change succeeds, both are kept
    const itemFile = await storeUploadWith(
      t.app.db,
      t.app.files,
      t.world.adminActor,
      { organizationId: t.world.a.school, purpose: 'roadmap_evidence', fileName: 'п.pdf', data: PDF },
      async (trx, file) => {
        await trx
          .updateTable('roadmap_items')
          .set({ evidence_file_id: file.id })
          .where('id', '=', t.world.roadmaps.schoolA.item)
          .execute();
        return file;
      },
    );
    const item = await t.database.db
      .selectFrom('roadmap_items')
      .select('evidence_file_id')
      .where('id', '=', t.world.roadmaps.schoolA.item)
      .executeTakeFirstOrThrow();
    expect(item.evidence_file_id).toBe(itemFile.id);
    expect(await t.app.files.read(itemFile.storage_key)).toEqual(PDF);
  });

  it('sends a stored file with its type, size and a Russian download name', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Программа')] }] }));
    const file = await storeUpload(t.app.db, t.app.files, t.world.adminActor, {
      organizationId: t.world.a.school,
      purpose: 'programme',
      fileName: 'Программа наставничества (2025–2026).docx',
      data: docx,
    });
    const response = await t.app.inject({ method: 'GET', url: `/test/files/${file.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers['content-length']).toBe(String(docx.length));
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('private, no-store');
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toBe(
      `attachment; filename="Programma nastavnichestva (2025_2026).docx"; filename*=UTF-8''${encodeURIComponent('Программа наставничества ')}%282025%E2%80%932026%29.docx`,
    );
    // what a browser reads from filename*
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
    expect(decodeURIComponent(encoded)).toBe('Программа наставничества (2025–2026).docx');
    expect(response.rawPayload).toEqual(docx);

    // inline is for PDFs only; a DOCX always downloads
    expect(
      (await t.app.inject({ method: 'GET', url: `/test/files/${file.id}?inline=1` })).headers['content-disposition'],
    ).toMatch(/^attachment;/);
    const pdf = await storeUpload(t.app.db, t.app.files, t.world.adminActor, {
      organizationId: t.world.a.school,
      purpose: 'programme',
      fileName: 'Приказ.pdf',
      data: PDF,
    });
    const inline = await t.app.inject({ method: 'GET', url: `/test/files/${pdf.id}?inline=1` });
    expect(inline.headers['content-type']).toBe('application/pdf');
    expect(inline.headers['content-disposition']).toBe(
      `inline; filename="Prikaz.pdf"; filename*=UTF-8''${encodeURIComponent('Приказ.pdf')}`,
    );
    expect(inline.rawPayload).toEqual(PDF);
  });

  it('answers 404 when the bytes of a row are missing on disk', async () => {
    const file = await storeUpload(t.app.db, t.app.files, t.world.adminActor, {
      organizationId: t.world.a.school,
      purpose: 'programme',
      fileName: 'x.pdf',
      data: PDF,
    });
    await t.app.files.remove(file.storage_key);
    expect((await t.app.inject({ method: 'GET', url: `/test/files/${file.id}` })).statusCode).toBe(404);
  });

  it('takes a document and its text fields from a multipart form, up to 20 MB', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const ok = await client.upload(
      '/test/upload',
      { name: 'Программа «Вместе».pdf', data: PDF, type: 'application/pdf' },
      { comment: 'Утверждена приказом № 5', date: '2025-09-01' },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      name: 'Программа «Вместе».pdf',
      size: PDF.length,
      fields: { comment: 'Утверждена приказом № 5', date: '2025-09-01' },
    });
    expect(ok.json().fields).not.toHaveProperty('_csrf');
    expect(ok.json().fields).not.toHaveProperty('file');
    const stored = await findStoredFile(t.app.db, ok.json().id);
    expect(stored).toMatchObject({ organization_id: t.world.a.school, uploaded_by: t.world.users.curator });

    // 15 MB is over the spreadsheet limit of 10 MB but within the 20 MB of documents
    const fifteen = Buffer.concat([PDF, Buffer.alloc(15 * 1024 * 1024)]);
    const big = await client.upload('/test/upload', { name: 'скан.pdf', data: fifteen });
    expect(big.statusCode).toBe(200);
    expect(big.json().size).toBe(fifteen.length);

    // over 20 MB the parser cuts the file; the route says so in Russian
    const tooBig = await client.upload('/test/upload', {
      name: 'огромный скан.pdf',
      data: Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES)]),
    });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error).toContain('Файл „огромный скан.pdf“ больше 20 МБ');

    const wrong = await client.upload(
      '/test/upload',
      { name: 'таблица.xlsx', data: Buffer.from('PK\x03\x04junk') },
      { comment: 'x' },
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: expect.stringContaining('не похож на документ'), fields: { comment: 'x' } });

    // an empty file input: a part with no name and no bytes
    const none = await client.upload('/test/upload', { name: '', data: Buffer.alloc(0) });
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toBe('Выберите файл');
  });

  it('builds Content-Disposition for odd names without breaking the header', () => {
    expect(contentDisposition('a"b%c.pdf')).toBe(`attachment; filename="a_b_c.pdf"; filename*=UTF-8''a_b%25c.pdf`);
    expect(contentDisposition("Ёлка's (1)*.pdf")).toBe(
      `attachment; filename="Elka's (1)_.pdf"; filename*=UTF-8''%D0%81%D0%BB%D0%BA%D0%B0%27s%20%281%29_.pdf`,
    );
  });
});
