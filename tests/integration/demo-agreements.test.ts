import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { todayIso } from '../../src/lib/dates.js';
import { runningPartiesOf } from '../../src/modules/agreements/queries.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo agreements (seeds/agreements.ts): the demo school's partners in the proposals of mentors. */

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

describe('demo agreements', () => {
  it('the demo school has two running agreements with partners, an expired one and one with a school', async () => {
    const school = await idOf(DEMO_SCHOOL);
    const parties = await runningPartiesOf(database.db, school, todayIso());
    expect(new Set(parties)).toEqual(
      new Set([
        await idOf('ООО «Заречный механический завод»'),
        await idOf('ГАПОУ «Заречный политехнический колледж»'),
        await idOf('МБОУ «СОШ № 3»'),
      ]),
    );
    expect(parties).not.toContain(await idOf('МБУК «ЦКД»'));
  });

  it('the curator lists them with their states; the coordinator’s list of running ones has the school – school one', async () => {
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const text = textOf((await curator.get('/agreements')).body);
    expect(text).toContain('ООО «Заречный механический завод»');
    expect(text).toContain('ГАПОУ «Заречный политехнический колледж»');
    expect(text).toContain('истёк срок');
    expect(text.match(/действует/g)?.length).toBeGreaterThanOrEqual(4);
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const all = textOf((await coordinator.get('/agreements?status=running')).body);
    expect(all).toContain('школа – школа');
    expect(all).not.toContain('МБУК «ЦКД»');
  });
});
