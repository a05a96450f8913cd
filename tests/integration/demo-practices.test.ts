import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { DEMO_PICTURE_PRACTICE, DEMO_PICTURE_TITLE, seedDemoPracticePictures } from '../../seeds/practice-pictures.js';
import { detectImageType } from '../../src/lib/uploads.js';
import { publishedPracticesOf } from '../../src/modules/practices/queries.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo bank of best practices (seeds/practices.ts): published ones of three schools, one waiting, one returned, one draft. */

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

describe('demo practices', () => {
  it('the municipality has published practices of three schools, for the public pages', async () => {
    const practice = await database.db.selectFrom('practices').select('municipality_id').executeTakeFirstOrThrow();
    const published = await publishedPracticesOf(database.db, { municipalityId: practice.municipality_id });
    expect(new Set(published.map((p) => p.organization_id)).size).toBe(3);
    expect(published.map((p) => p.title).sort()).toEqual([
      'Клуб молодого педагога',
      'Педагогический десант',
      'Ученик – ученик: подготовка к ОГЭ по математике',
    ]);
  });

  it('the coordinator finds one waiting for review and searches the register in Russian; the curator sees its returned practice with the comment', async () => {
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const waiting = textOf((await coordinator.get('/practices?status=submitted')).body);
    expect(waiting).toContain('Наставничество в проектной деятельности');
    expect(waiting).toContain('Найдено: 1');
    const searched = textOf((await coordinator.get(`/practices?q=${encodeURIComponent('выезды')}`)).body);
    // «выезды» finds «выездные занятия» and «12 выездов» of one practice only
    expect(searched).toContain('Педагогический десант');
    expect(searched).toContain('Найдено: 1');

    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const own = textOf((await curator.get('/practices')).body);
    expect(own).toContain('Школа вожатых');
    expect(own).toContain('возвращена на доработку');
    expect(own).toContain('черновик');
    const returned = await database.db
      .selectFrom('practices')
      .select('id')
      .where('title', '=', 'Школа вожатых')
      .executeTakeFirstOrThrow();
    expect(textOf((await curator.get(`/practices/${returned.id}`)).body)).toContain('Добавьте результаты в цифрах');

    const mentor = await signedIn(app, 'mentor', DEMO_PASSWORD);
    const read = textOf((await mentor.get('/practices')).body);
    expect(read).toContain('Найдено: 3');
    expect(read).not.toContain('Школа вожатых');
    // the demo mentor is an author of its school's published practice, presented at a held seminar
    const oge = await database.db
      .selectFrom('practices')
      .select('id')
      .where('title', '=', 'Ученик – ученик: подготовка к ОГЭ по математике')
      .executeTakeFirstOrThrow();
    const page = textOf((await mentor.get(`/practices/${oge.id}`)).body);
    expect(page).toContain('Авторы из базы наставников');
    expect(page).toMatch(/Павлова Наталья/);
    expect(
      await database.db.selectFrom('practice_events').select('event_id').where('practice_id', '=', oge.id).execute(),
    ).toHaveLength(1);
  });

  it('the demo school’s published practice has a real PNG picture among its materials, shown to a mentor as an image', async () => {
    expect(await seedDemoPracticePictures(database.db, app.files)).toBe(1);
    expect(await seedDemoPracticePictures(database.db, app.files)).toBe(0);
    const row = await database.db
      .selectFrom('practice_files')
      .innerJoin('practices', 'practices.id', 'practice_files.practice_id')
      .select(['practices.id', 'practice_files.file_id'])
      .where('practices.title', '=', DEMO_PICTURE_PRACTICE)
      .executeTakeFirstOrThrow();
    const mentor = await signedIn(app, 'mentor', DEMO_PASSWORD);
    const page = (await mentor.get(`/practices/${row.id}`)).body;
    expect(page).toContain(`<img src="/practices/${row.id}/files/${row.file_id}" alt="${DEMO_PICTURE_TITLE}"`);
    const picture = await mentor.get(`/practices/${row.id}/files/${row.file_id}`);
    expect(picture.statusCode).toBe(200);
    expect(picture.headers['content-type']).toBe('image/png');
    expect(detectImageType(picture.rawPayload)?.mediaType).toBe('image/png');
  });

  it('the demo school’s published practice links a teacher-mentee as an author, never a student', async () => {
    const links = await database.db
      .selectFrom('practice_mentees')
      .innerJoin('mentees', 'mentees.id', 'practice_mentees.mentee_id')
      .innerJoin('practices', 'practices.id', 'practice_mentees.practice_id')
      .select(['mentees.category', 'mentees.last_name', 'practices.title'])
      .execute();
    expect(links).toHaveLength(1);
    expect(links[0]?.category).not.toBe('student');
    expect(links[0]?.title).toBe(DEMO_PICTURE_PRACTICE);
  });
});
