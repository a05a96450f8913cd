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

  it('the seminar’s attending mentors have it in their training history, «по данным портала»', async () => {
    const id = await eventId('Установочный семинар');
    const attended = await database.db
      .selectFrom('event_registrations as r')
      .innerJoin('mentors as m', (join) =>
        join.on((eb) => eb.or([eb('m.id', '=', eb.ref('r.mentor_id')), eb('m.user_id', '=', eb.ref('r.user_id'))])),
      )
      .select('m.id')
      .distinct()
      .where('r.event_id', '=', id)
      .where('r.attended', '=', true)
      .execute();
    expect(attended.length).toBeGreaterThanOrEqual(2);
    const trainings = await database.db
      .selectFrom('mentor_trainings')
      .select(['mentor_id', 'course'])
      .where('event_id', '=', id)
      .execute();
    expect(new Set(trainings.map((t) => t.mentor_id))).toEqual(new Set(attended.map((a) => a.id)));
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const card = textOf((await curator.get(`/mentors/${attended[0]!.id}`)).body);
    expect(card).toContain('Установочный семинар «Целевая модель наставничества: старт учебного года»');
    expect(card).toContain('(по данным портала)');
  });

  it('mentors with no training in three years exist, and the base’s filter finds them', async () => {
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const page = await curator.get('/mentors?training=none_3y');
    expect(page.statusCode).toBe(200);
    const shown = [...page.body.matchAll(/href="\/mentors\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown.length).toBeGreaterThan(0);
    const recent = await database.db
      .selectFrom('mentor_trainings')
      .select('mentor_id')
      .where('mentor_id', 'in', shown)
      .where('completed_on', '>=', new Date(Date.now() - 3 * 365 * 86_400_000).toISOString().slice(0, 10))
      .execute();
    expect(recent).toEqual([]);
    const all = [...(await curator.get('/mentors')).body.matchAll(/href="\/mentors\/(\d+)"/g)];
    expect(all.length).toBeGreaterThan(shown.length);
  });

  it('the held seminar is the evidence of its roadmap item', async () => {
    const id = await eventId('Установочный семинар');
    const event = await database.db.selectFrom('events').select('roadmap_item_id').where('id', '=', id).executeTakeFirstOrThrow();
    expect(event.roadmap_item_id).not.toBeNull();
    const item = await database.db
      .selectFrom('roadmap_items')
      .select(['evidence_comment', 'evidence_link', 'deadline'])
      .where('id', '=', event.roadmap_item_id!)
      .executeTakeFirstOrThrow();
    const occurrences = await database.db
      .selectFrom('roadmap_occurrences')
      .select(['evidence_comment', 'evidence_link'])
      .where('item_id', '=', event.roadmap_item_id!)
      .execute();
    const evidence = [item, ...occurrences].find((e) => e.evidence_link?.endsWith(`/events/${id}`));
    expect(evidence?.evidence_comment).toMatch(
      /Проведено мероприятие «Установочный семинар .*» \d{2}\.\d{2}\.\d{4}, участников: \d+/,
    );
  });

  it('the contest’s winner is in last year’s list of best mentors, from the contest', async () => {
    const id = await eventId('Муниципальный конкурс «Наставник года»');
    const winner = await database.db
      .selectFrom('event_registrations')
      .select('mentor_id')
      .where('event_id', '=', id)
      .where('result', '=', 'winner')
      .executeTakeFirstOrThrow();
    const row = await database.db.selectFrom('best_mentors').selectAll().where('event_id', '=', id).executeTakeFirstOrThrow();
    expect(row.mentor_id).toBe(winner.mentor_id);
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    expect(textOf((await coordinator.get('/recognition')).body)).toContain(
      'Победитель конкурса «Муниципальный конкурс «Наставник года»»',
    );
    const page = await coordinator.get(`/events/${id}`);
    expect(textOf(page.body)).toContain('в списке лучших наставников');
    expect(page.body).toContain('/best-mentor"');
  });
});
