import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo recognition (seeds/recognition.ts): last year's order, a nomination waiting, a best mentor. */

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

describe('demo recognition', () => {
  it('last year’s order gave three letters of thanks at the demo school and one «Почётный наставник» elsewhere', async () => {
    const awards = await database.db
      .selectFrom('awards')
      .innerJoin('mentors', 'mentors.id', 'awards.mentor_id')
      .innerJoin('organizations', 'organizations.id', 'mentors.organization_id')
      .select(['awards.kind', 'awards.order_number', 'organizations.short_name'])
      .execute();
    expect(awards.filter((a) => a.kind === 'letter_of_thanks' && a.short_name === DEMO_SCHOOL)).toHaveLength(3);
    expect(awards.filter((a) => a.kind === 'honorary_mentor' && a.short_name !== DEMO_SCHOOL)).toHaveLength(1);
    expect(new Set(awards.map((a) => a.order_number))).toEqual(new Set(['112-о']));
  });

  it('the demo mentor sees its letter of thanks; its card shows it to the curator', async () => {
    const mentor = await signedIn(app, 'mentor', DEMO_PASSWORD);
    const own = textOf((await mentor.get('/recognition')).body);
    expect(own).toContain('Мои награды');
    expect(own).toContain('Благодарственное письмо');
    expect(own).toContain('№ 112-о');
    const pavlova = await database.db
      .selectFrom('mentors')
      .innerJoin('users', 'users.id', 'mentors.user_id')
      .select('mentors.id')
      .where('users.login', '=', 'mentor')
      .executeTakeFirstOrThrow();
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const card = textOf((await curator.get(`/mentors/${pavlova.id}`)).body);
    expect(card).toContain('Благодарственное письмо');
    expect(card).toContain('муниципальный');
  });

  it('a nomination waits for the department; the list of best mentors has the honorary mentor', async () => {
    const department = await signedIn(app, 'department', DEMO_PASSWORD);
    const page = textOf((await department.get('/recognition')).body);
    expect(page).toContain('Решения по списку к награждению');
    expect(page).toContain('Почётная грамота управления образования');
    expect(page).toContain('включено в список, передано в управление образования');
    expect(page).toContain('Лучшие наставники муниципалитета');
    expect(page).toContain('Победитель муниципального конкурса «Наставник года»');
    const head = await signedIn(app, 'head', DEMO_PASSWORD);
    expect(textOf((await head.get('/recognition')).body)).toContain('Почётная грамота управления образования');
  });
});
