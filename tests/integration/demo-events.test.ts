import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo events (seeds/events.ts): last year's held seminar and contest, this year's plan, a school's event. */

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

async function eventId(title: string): Promise<number> {
  return (await database.db.selectFrom('events').select('id').where('title', 'like', `${title}%`).executeTakeFirstOrThrow()).id;
}

describe('demo events', () => {
  it('last year’s seminar is held, its attendance marked and its summary published', async () => {
    const id = await eventId('Установочный семинар');
    const rows = await database.db.selectFrom('event_registrations').select('attended').where('event_id', '=', id).execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.attended === true) && rows.some((r) => r.attended === false)).toBe(true);
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const page = textOf((await coordinator.get(`/events/${id}`)).body);
    expect(page).toContain('итоги опубликованы');
    expect(page).toContain('Семинар проведён');
    expect(page).toContain('присутствовал(а)');
    expect((await coordinator.get(`/events/${id}/sheet`)).statusCode).toBe(200);
  });

  it('last year’s contest has its participants’ results', async () => {
    const id = await eventId('Муниципальный конкурс «Наставник года»');
    const results = await database.db.selectFrom('event_registrations').select('result').where('event_id', '=', id).execute();
    expect(new Set(results.map((r) => r.result))).toEqual(new Set(['winner', 'prize_winner', 'participant', 'jury']));
    const page = textOf((await (await signedIn(app, 'coordinator', DEMO_PASSWORD)).get(`/events/${id}`)).body);
    expect(page).toContain('победитель');
    expect(page).toContain('член жюри');
  });

  it('this year’s webinar has registration open: the demo mentor is registered, the curator registers more', async () => {
    const id = await eventId('Вебинар «Индивидуальный маршрут');
    const mentor = await signedIn(app, 'mentor', DEMO_PASSWORD);
    expect(textOf((await mentor.get('/events')).body)).toContain('Вебинар «Индивидуальный маршрут молодого педагога»');
    const page = textOf((await mentor.get(`/events/${id}`)).body);
    expect(page).toContain('регистрация открыта');
    expect(page).toContain('Вы зарегистрированы на мероприятие');
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const curatorPage = await curator.get(`/events/${id}`);
    expect(textOf(curatorPage.body)).toContain('Регистрация участников школы');
    expect(curatorPage.body).toContain('value="mentor:');
  });

  it('the demo school’s event is in its plan, the municipal conference in the municipal one', async () => {
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const conference = await database.db
      .selectFrom('events')
      .select('starts_at')
      .where('title', 'like', 'Муниципальная конференция%')
      .executeTakeFirstOrThrow();
    const year = conference.starts_at.getUTCFullYear();
    const lessons = await database.db
      .selectFrom('events')
      .select('starts_at')
      .where('title', '=', 'Неделя открытых уроков молодых педагогов')
      .executeTakeFirstOrThrow();
    expect(textOf((await curator.get(`/events/plan?year=${lessons.starts_at.getUTCFullYear()}`)).body)).toContain(
      'Неделя открытых уроков молодых педагогов',
    );
    expect(textOf((await coordinator.get(`/events/plan?year=${year}`)).body)).toContain('Муниципальная конференция');
  });
});
