import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAgreementFiles } from '../../seeds/agreement-files.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { checkDocument } from '../../src/lib/uploads.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * The demo's resource centre and mentor school (seeds/resource-centres.ts) and the scans of its two
 * running agreements with partners (seeds/agreement-files.ts), issue 17.
 */

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  app = await createTestApp(database);
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
  await database?.close();
});

async function idOf(shortName: string): Promise<number> {
  return (
    await database.db.selectFrom('organizations').select('id').where('short_name', '=', shortName).executeTakeFirstOrThrow()
  ).id;
}

describe('demo resource centres and agreement files', () => {
  it('the coordinator lists the resource centre and the mentor school with direction and served schools', async () => {
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const text = textOf((await coordinator.get('/organizations?support=any')).body);
    expect(text).toContain('Найдено: 2');
    expect(text).toContain(
      'МБОУ «СОШ № 1» ресурсный центр наставничество педагогов Математика и естественные науки: сопровождение молодых педагогов МБОУ «ООШ д. Луговая» МБОУ «СОШ № 3»',
    );
    expect(text).toContain(
      'МБОУ «Лицей № 2» школа-наставник наставничество обучающихся Профориентация и проектная деятельность МБОУ «СОШ с. Берёзовка»',
    );
    const served = textOf((await coordinator.get(`/organizations/${await idOf('МБОУ «СОШ № 3»')}`)).body);
    expect(served).toContain('Школу поддерживают МБОУ «СОШ № 1» — ресурсный центр; наставничество педагогов');
  });

  it('the two running agreements with partners get a real PDF scan, which the curator downloads', async () => {
    expect(await seedDemoAgreementFiles(database.db, app.files)).toBe(2);
    // Run again, nothing more is attached.
    expect(await seedDemoAgreementFiles(database.db, app.files)).toBe(0);
    const withFiles = await database.db
      .selectFrom('agreements')
      .select(['id', 'number'])
      .where('file_id', 'is not', null)
      .orderBy('number')
      .execute();
    expect(withFiles.map((a) => a.number)).toEqual(['14/НС', '27']);
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const page = textOf((await curator.get(`/agreements/${withFiles[0]!.id}`)).body);
    expect(page).toContain('Файл соглашения Соглашение 14-НС с механическим заводом.pdf');
    const download = await curator.get(`/agreements/${withFiles[0]!.id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect((await checkDocument('скан.pdf', download.rawPayload)).mediaType).toBe('application/pdf');
    expect(download.rawPayload.toString('latin1')).toMatch(/^%PDF-1\.4[\s\S]*startxref\n\d+\n%%EOF\n$/);
  });
});
