import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MUNICIPALITY, DEMO_SCHOOL } from '../../seeds/demo.js';
import { DEMO_PUBLIC_INDICATORS } from '../../seeds/public-pages.js';
import { refreshMunicipality } from '../../src/modules/indicators/compute.js';
import { Client, createTestApp, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo public pages (seeds/public-pages.ts): a living municipality without logging in. */

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

async function slugOf(name: string): Promise<string> {
  const row = await database.db
    .selectFrom('organizations')
    .select('slug')
    .where((eb) => eb.or([eb('full_name', '=', name), eb('short_name', '=', name)]))
    .executeTakeFirstOrThrow();
  return row.slug;
}

describe('demo public pages', () => {
  it('the municipality’s page shows its news, events and best mentor; not its draft', async () => {
    const visitor = new Client(app);
    const index = await visitor.get('/public');
    expect(index.statusCode).toBe(200);
    const municipality = await slugOf(DEMO_MUNICIPALITY);
    expect(index.body).toContain(`href="/p/${municipality}"`);
    const page = textOf((await visitor.get(`/p/${municipality}`)).body);
    expect(page).toContain('Открыт приём заявок на муниципальный конкурс «Наставник года»');
    expect(page).not.toContain('План методических семинаров на второе полугодие');
    const events = await database.db
      .selectFrom('events')
      .select('title')
      .where('is_public', '=', true)
      .where('organizer_id', '=', (eb) => eb.selectFrom('organizations').select('id').where('short_name', '=', DEMO_MUNICIPALITY))
      .execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((e) => page.includes(e.title))).toBe(true);
    const consenting = await database.db.selectFrom('best_mentors').select('id').where('public_consent', '=', true).execute();
    expect(consenting.length).toBeGreaterThan(0);
    expect(page).toMatch(/лучший наставник \d{4} года/);
  });

  it('the demo school’s page shows its news and two public documents', async () => {
    const visitor = new Client(app);
    const path = `/p/${await slugOf(DEMO_MUNICIPALITY)}/${await slugOf(DEMO_SCHOOL)}`;
    const response = await visitor.get(path);
    expect(response.statusCode).toBe(200);
    const page = textOf(response.body);
    expect(page).toContain('Наставники школы провели день открытых дверей для родителей');
    expect(page).not.toContain('Итоги первой четверти');
    const documents = await database.db.selectFrom('school_documents').select('id').where('is_public', '=', true).execute();
    expect(documents).toHaveLength(2);
    expect(page).not.toContain('Документы пока не опубликованы');
    const feed = await visitor.get(`${path}/feed.xml`);
    expect(feed.body).toContain('Наставники школы провели день открытых дверей');
  });

  it('the municipality’s page shows the indicators the department publishes, last year’s values by the rules', async () => {
    const municipality = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_MUNICIPALITY)
      .executeTakeFirstOrThrow();
    // What the recount job stores (the public page reads it, never counts).
    await refreshMunicipality(database.db, municipality.id);
    const indicators = await database.db
      .selectFrom('indicators')
      .select(['code', 'name', 'is_public'])
      .where('municipality_id', '=', municipality.id)
      .where('archived_at', 'is', null)
      .execute();
    expect(
      indicators
        .filter((i) => i.is_public)
        .map((i) => i.code)
        .sort(),
    ).toEqual([...DEMO_PUBLIC_INDICATORS].sort());
    const page = textOf((await new Client(app).get(`/p/${await slugOf(DEMO_MUNICIPALITY)}`)).body);
    expect(page).toContain('Показатели наставничества');
    expect(page).toContain(`Значения за ${new Date().getFullYear() - 1} год`);
    for (const i of indicators) {
      if (i.is_public)
        expect(page).toMatch(new RegExp(`${i.name} доля, % (\\d+(,\\d)? %|недостаточно данных для показа|нет данных)`));
      else expect(page).not.toContain(i.name);
    }
    expect(page).toMatch(/доля, % \d+(,\d)? %/);
  });
});
