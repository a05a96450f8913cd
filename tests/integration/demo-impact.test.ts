import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { DEMO_DIAGNOSTIC_TITLE } from '../../seeds/impact.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo impact (seeds/impact.ts): a diagnostic answered before and after in the demo school, a few outcomes. */

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

describe('demo impact', () => {
  it('the demo school’s programmes carry the diagnostic, and a programme shows the change before and after', async () => {
    // The demo school's programme with the most participants who answered at the end.
    const programme = await database.db
      .selectFrom('programmes')
      .innerJoin('organizations', 'organizations.id', 'programmes.organization_id')
      .innerJoin('pairs', 'pairs.programme_id', 'programmes.id')
      .innerJoin('diagnostic_responses', 'diagnostic_responses.pair_id', 'pairs.id')
      .select(['programmes.id', (eb) => eb.fn.countAll<number>().as('answers')])
      .where('organizations.short_name', '=', DEMO_SCHOOL)
      .where('diagnostic_responses.stage', '=', 'after')
      .groupBy('programmes.id')
      .orderBy('answers', 'desc')
      .executeTakeFirstOrThrow();
    expect(Number(programme.answers)).toBeGreaterThanOrEqual(3);
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const page = textOf((await curator.get(`/programmes/${programme.id}`)).body);
    expect(page).toContain(`Диагностическая анкета: ${DEMO_DIAGNOSTIC_TITLE}`);
    expect(page).toMatch(/Насколько уверенно вы ставите цели и планируете свою работу\? \d,\d\d \d,\d\d \+\d,\d\d \d+/);
    const school = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    const dashboard = textOf((await curator.get(`/dashboard/schools/${school.id}`)).body);
    expect(dashboard).toContain('Диагностика «до / после»');
    expect(dashboard).toMatch(/Насколько уверенно вы ставите цели и планируете свою работу\? \d,\d\d \d,\d\d \+\d,\d\d/);
  });

  it('the demo accounts’ active pairs wait for their answers; a few outcomes are recorded', async () => {
    const mentor = await signedIn(app, 'mentor', DEMO_PASSWORD);
    const pairs = await database.db
      .selectFrom('pairs')
      .innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
      .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
      .innerJoin('users', 'users.id', 'mentors.user_id')
      .select('pairs.id')
      .where('users.login', '=', 'mentor')
      .where('pairs.status', '=', 'active')
      .execute();
    expect(pairs.length).toBeGreaterThan(0);
    const answered = await database.db
      .selectFrom('diagnostic_responses')
      .select('id')
      .where(
        'pair_id',
        'in',
        pairs.map((p) => p.id),
      )
      .execute();
    expect(answered).toEqual([]);
    const page = textOf((await mentor.get(`/pairs/${pairs[0]!.id}`)).body);
    expect(page).toContain('Пройти диагностику «до»');
    const outcomes = await database.db.selectFrom('mentee_outcomes').select('mentee_id').execute();
    expect(outcomes.length).toBeGreaterThanOrEqual(2);
  });
  it('the teachers’ recorded outcomes count the school’s Ш4 of their year, with the list behind it', async () => {
    const record = await database.db
      .selectFrom('mentee_outcomes')
      .innerJoin('pairs', 'pairs.id', 'mentee_outcomes.pair_id')
      .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
      .select(['pairs.completed_on', 'organizations.id as school', 'organizations.municipality_id'])
      .where('mentee_outcomes.stayed_in_profession', 'is not', null)
      .where('organizations.short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    const indicator = await database.db
      .selectFrom('indicators')
      .select(['id', 'method'])
      .where('municipality_id', '=', record.municipality_id as number)
      .where('code', '=', 'Ш4')
      .executeTakeFirstOrThrow();
    expect(indicator.method).toBe('professional_contests');
    const year = String(record.completed_on).slice(0, 4);
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const page = textOf(
      (await curator.get(`/dashboard/indicators/${indicator.id}/organizations/${record.school}?year=${year}`)).body,
    );
    expect(page).not.toContain('у школы нет записанных результатов наставляемых');
    expect(page).toMatch(/Знаменатель [1-9]/);
  });
});
