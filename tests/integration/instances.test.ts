import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FetchClient, type PortalProcess, startPortal } from '../helpers/processes.js';
import { buildWorld, PASSWORD, type World } from '../helpers/world.js';

/**
 * Two portal processes on one PostgreSQL server behind one address, as README's nginx set-up runs
 * them: the same COOKIE_SECRET and DATA_DIR (a shared volume for the documents), each with its own
 * connection pool and its own memory (the dashboards' cache among it). A browser's requests
 * alternate between them.
 */

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('two portal processes on one PostgreSQL server', () => {
  let database: TestDatabase;
  const portals: PortalProcess[] = [];
  let world: World;
  const dataDir = path.join(tmpdir(), `nastavnik-instances-${randomBytes(6).toString('hex')}`);
  const bases = () => portals.map((p) => p.base);

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url!,
      DATA_DIR: dataDir,
      COOKIE_SECRET: randomBytes(24).toString('hex'),
      SEED_DEMO: 'false',
      DB_POOL_MAX: '3',
    };
    portals.push(...(await Promise.all([startPortal(env), startPortal(env)])));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(portals.map((p) => p.stop()));
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await database.reset();
    world = await buildWorld(database.db);
  });

  it('a session, a form token and a message made by one instance work on the other', async () => {
    const browser = new FetchClient(bases());
    expect((await browser.login('coordinator', PASSWORD)).status).toBe(303); // the form from A, the login on B, home from A
    for (let i = 0; i < 4; i++) expect(textOf((await browser.get('/account')).body)).toContain('Тестов coordinator Иванович');
    // The form comes from one instance, the change and its message from the other.
    await browser.get(`/users/${world.users.mentor}`);
    const changed = await browser.post(`/users/${world.users.mentor}/deactivate`);
    expect(changed.status).toBe(303);
    expect(textOf((await browser.get(changed.location!)).body)).toMatch(/деактивирован|отключ/i);
    expect(new Set(browser.served)).toEqual(new Set(bases()));
  });

  it('login throttling counts the attempts made on both', async () => {
    const guesser = new FetchClient(bases());
    await guesser.get('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await guesser.post('/login', { login: 'school_head', password: `wrong ${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    for (const base of bases()) expect((await new FetchClient([base]).login('school_head', PASSWORD)).status).toBe(429);
  });

  it('a document uploaded through one instance is downloaded through the other', async () => {
    const [first, second] = bases() as [string, string];
    const curator = new FetchClient([first]);
    await curator.login('curator', PASSWORD);
    await curator.get('/programmes/new');
    const pdf = Buffer.from('%PDF-1.4\n% программа наставничества, загружена через первый экземпляр\n%%EOF\n');
    const upload = await curator.upload(
      '/programmes',
      { name: 'Программа.pdf', data: pdf, type: 'application/pdf' },
      {
        title: 'Программа наставничества «Старт»',
        form: 'teacher_teacher',
        target_group: 'Молодые педагоги',
        goals: 'Адаптация молодых специалистов',
        duration: 'сентябрь 2026 – май 2027',
        expected_results: 'Молодой педагог самостоятельно ведёт уроки',
      },
    );
    expect(upload.status, textOf(upload.body).slice(0, 400)).toBe(303);
    const onSecond = new FetchClient([second]);
    await onSecond.login('curator', PASSWORD);
    const download = await onSecond.get(`${upload.location}/file`);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(pdf)).toBe(true);
  });

  it('a dashboard kept in one instance’s memory follows a change made through the other', async () => {
    await installCatalogue(database.db, world.a.id, [world.a.school]);
    const [first, second] = bases() as [string, string];
    const department = new FetchClient([first]);
    await department.login('department', PASSWORD);
    /** The row of indicator М1 on the municipality's dashboard, as the department reads it on the first instance. */
    const m1 = async () => /М1[^М]*/.exec(textOf((await department.get('/dashboard?year=2024')).body))?.[0] ?? '';
    const before = await m1();
    expect(before).toContain('нет данных');
    expect(await m1()).toBe(before); // served from the first instance's memory now
    const coordinator = new FetchClient([second]);
    await coordinator.login('coordinator', PASSWORD);
    await coordinator.get(`/contingent?org=${world.a.id}&year=2024`);
    const saved = await coordinator.post('/contingent', { org: String(world.a.id), year: '2024', value_children_10_19: '40' });
    expect(saved.status).toBe(303);
    const after = await m1();
    expect(after).not.toContain('нет данных');
    expect(after).toContain('0 %');
  });
});
