import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const YEAR = new Date().getUTCFullYear() + 1;
const form = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  title: 'Семинар наставников «Первые шаги»',
  kind: 'seminar',
  level: 'municipal',
  starts_at: `${YEAR}-03-10T10:00`,
  ends_at: `${YEAR}-03-10T12:30`,
  place: 'Методический центр, ауд. 12',
  audience_roles: ['curator', 'mentor'],
  schools: 'all',
  materials: 'Программа семинара — https://example.org/program.pdf\nhttps://example.org/slides',
  ...over,
});

const clients = new Map<string, Client>();
async function as(login: string): Promise<Client> {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/events');
  return client;
}

function idOf(response: { statusCode: number; headers: Record<string, unknown>; body: string }): number {
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  const id = Number(/^\/events\/(\d+)$/.exec(String(response.headers.location))?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

async function plan(login = 'coordinator', over: Record<string, string | string[]> = {}): Promise<number> {
  return idOf(await (await as(login)).post('/events', form(over)));
}

const eventRow = (id: number) => t.database.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const registrations = (id: number) =>
  t.database.db.selectFrom('event_registrations').selectAll().where('event_id', '=', id).orderBy('id').execute();

/** An act answered by a redirect to the event with a flash message; the message (the page after it). */
async function act(client: Client, url: string, body: Record<string, string | string[]> = {}): Promise<string> {
  const r = await client.post(url, body);
  expect(r.statusCode, textOf(r.body).slice(0, 400)).toBe(303);
  return textOf((await client.get(String(r.headers.location))).body);
}

async function startedAgo(id: number, hours = 1): Promise<void> {
  const starts = new Date(Date.now() - hours * 3_600_000);
  await t.database.db
    .updateTable('events')
    .set({ starts_at: starts, ends_at: new Date(starts.getTime() + 1_800_000) })
    .where('id', '=', id)
    .execute();
}

describe('planning events', () => {
  it('the coordinator plans a municipal seminar: stored with its audience, materials and time in the municipality’s zone; audited', async () => {
    clients.clear();
    const id = await plan();
    const row = await eventRow(id);
    expect(row).toMatchObject({
      municipality_id: t.world.a.id,
      organizer_id: t.world.a.id,
      kind: 'seminar',
      level: 'municipal',
      status: 'planned',
      all_schools: true,
      audience_roles: ['curator', 'mentor'],
    });
    // 10:00 in Moscow (the default zone) is 07:00 UTC.
    expect(row.starts_at.toISOString()).toBe(`${YEAR}-03-10T07:00:00.000Z`);
    const materials = await t.database.db.selectFrom('event_materials').select(['title', 'url']).orderBy('position').execute();
    expect(materials).toEqual([
      { title: 'Программа семинара', url: 'https://example.org/program.pdf' },
      { title: 'https://example.org/slides', url: 'https://example.org/slides' },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('entity_type', '=', 'event')
      .execute();
    expect(audit).toEqual([{ action: 'create', entity_type: 'event' }]);
    const page = textOf((await (await as('coordinator')).get(`/events/${id}`)).body);
    expect(page).toContain('10.03.' + YEAR + ', 10:00');
    expect(page).toContain('запланировано');
  });

  it('bad input gets a Russian message naming the field', async () => {
    const coordinator = await as('coordinator');
    const r = await coordinator.post(
      '/events',
      form({
        title: '',
        place: '',
        ends_at: `${YEAR}-03-09T10:00`,
        audience_roles: [],
        level: 'school',
        materials: 'просто текст',
      }),
    );
    expect(r.statusCode).toBe(400);
    const text = textOf(r.body);
    expect(text).toContain('Укажите название мероприятия');
    expect(text).toContain('Укажите место проведения или ссылку на видеотрансляцию');
    expect(text).toContain('Окончание: не может быть раньше начала');
    expect(text).toContain('Для кого: отметьте хотя бы одну группу участников');
    expect(text).toContain('Материалы: в строке 1 нет ссылки');
    const level = await coordinator.post('/events', form({ level: 'school' }));
    expect(level.statusCode).toBe(400);
    expect(textOf(level.body)).toContain('Уровень: мероприятие методического центра не может быть школьным');
    const schools = await coordinator.post('/events', form({ schools: 'chosen', school_ids: [String(t.world.b.school)] }));
    expect(textOf(schools.body)).toContain('Школы: выберите школы из списка');
    const item = await coordinator.post('/events', form({ roadmap_item_id: String(t.world.roadmaps.schoolA.item) }));
    expect(textOf(item.body)).toContain('Пункт дорожной карты: выберите пункт дорожной карты организатора');
    expect(await t.database.db.selectFrom('events').select('id').execute()).toEqual([]);
  });

  it('an event carries out an item of its organiser’s roadmap', async () => {
    const id = await plan('coordinator', { roadmap_item_id: String(t.world.roadmaps.municipalA.item) });
    expect((await eventRow(id)).roadmap_item_id).toBe(t.world.roadmaps.municipalA.item);
    const school = await plan('curator', { level: 'school', roadmap_item_id: String(t.world.roadmaps.schoolA.item) });
    expect(await eventRow(school)).toMatchObject({ organizer_id: t.world.a.school, level: 'school', all_schools: false });
  });

  it('who edits: the coordinator municipal events, a school’s curator and head its school’s; the department reads only', async () => {
    const municipal = await plan();
    const school = await plan('curator', { level: 'school', audience_roles: ['mentor'] });
    expect((await (await as('curator')).get(`/events/${municipal}/edit`)).statusCode).toBe(403);
    expect((await (await as('school_head')).get(`/events/${school}/edit`)).statusCode).toBe(200);
    expect((await (await as('coordinator')).get(`/events/${school}/edit`)).statusCode).toBe(403);
    expect((await (await as('coordinator')).get(`/events/${school}`)).statusCode).toBe(200);
    expect((await (await as('department')).get(`/events/new`)).statusCode).toBe(403);
    expect((await (await as('department')).get(`/events/${school}`)).statusCode).toBe(200);
    expect((await (await as('coordinator.b')).get(`/events/${municipal}`)).statusCode).toBe(404);
    const r = await (await as('coordinator')).post(`/events/${municipal}`, form({ title: 'Семинар (новая дата)' }));
    expect(r.statusCode).toBe(303);
    expect((await eventRow(municipal)).title).toBe('Семинар (новая дата)');
  });

  it('who sees: the schools an event is addressed to, and the roles of its audience', async () => {
    const forA2 = await plan('coordinator', { schools: 'chosen', school_ids: [String(t.world.a.otherSchool)] });
    expect((await (await as('curator')).get(`/events/${forA2}`)).statusCode).toBe(404);
    expect((await (await as('mentor')).get(`/events/${forA2}`)).statusCode).toBe(404);
    const forAll = await plan();
    expect((await (await as('mentor')).get(`/events/${forAll}`)).statusCode).toBe(200);
    expect((await (await as('mentee')).get(`/events/${forAll}`)).statusCode).toBe(404);
    expect((await (await as('mentor.b')).get(`/events/${forAll}`)).statusCode).toBe(404);
    const list = textOf((await (await as('curator')).get(`/events?year=${YEAR}`)).body);
    expect(list).toContain('Семинар наставников');
    expect(textOf((await (await as('curator')).get(`/events?year=${YEAR}&month=4`)).body)).toContain(
      'Мероприятий по этим условиям нет',
    );
    expect(textOf((await (await as('curator')).get(`/events?year=${YEAR}&kind=contest`)).body)).not.toContain(
      'Семинар наставников',
    );
  });
});

describe('the status of an event', () => {
  it('opening registration tells the audience (its roles in its schools, active), and only from «запланировано»', async () => {
    const id = await plan();
    const coordinator = await as('coordinator');
    expect(await act(coordinator, `/events/${id}/status`, { to: 'registration_open' })).toContain('Регистрация открыта');
    expect((await eventRow(id)).status).toBe('registration_open');
    const told = await t.database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.login', 'notifications.kind', 'notifications.link'])
      .orderBy('users.login')
      .execute();
    expect(told).toEqual([
      { login: 'curator', kind: 'event_registration_opened', link: `/events/${id}` },
      { login: 'mentor', kind: 'event_registration_opened', link: `/events/${id}` },
    ]);
    expect(await act(coordinator, `/events/${id}/status`, { to: 'registration_open' })).toContain(
      'Открыть регистрацию можно только у запланированного мероприятия',
    );
    expect(await act(coordinator, `/events/${id}/status`, { to: 'held' })).toContain(
      'Отметить проведённым можно только после начала мероприятия',
    );
    expect(await act(coordinator, `/events/${id}/status`, { to: 'cancelled' })).toContain('Мероприятие отменено');
    expect(await act(coordinator, `/events/${id}/status`, { to: 'cancelled' })).toContain(
      'Проведённое или уже отменённое мероприятие отменить нельзя',
    );
    const edit = await coordinator.post(`/events/${id}`, form());
    expect(textOf(edit.body)).toContain('Проведённое или отменённое мероприятие изменить нельзя');
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'event')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['create', 'open_registration', 'cancel']);
  });
});

describe('registration', () => {
  it('a person of the audience registers itself while registration is open, once, and cancels', async () => {
    const id = await plan('coordinator', { capacity: '2' });
    const mentor = await as('mentor');
    expect(await act(mentor, `/events/${id}/register`)).toContain('Регистрация на это мероприятие закрыта');
    await act(await as('coordinator'), `/events/${id}/status`, { to: 'registration_open' });
    expect(await act(mentor, `/events/${id}/register`)).toContain('Вы зарегистрированы на мероприятие');
    expect(await act(mentor, `/events/${id}/register`)).toContain('Этот участник уже зарегистрирован');
    expect(await registrations(id)).toMatchObject([{ user_id: t.world.users.mentor, organization_id: t.world.a.school }]);
    // The organiser reads the person's name from its account.
    expect(textOf((await (await as('coordinator')).get(`/events/${id}`)).body)).toContain('Тестов mentor');
    // The head sees the event (addressed to its school) but is not of its audience.
    expect(await act(await as('school_head'), `/events/${id}/register`)).toContain('Это мероприятие проводится не для вас');
    expect((await (await as('mentee')).post(`/events/${id}/register`)).statusCode).toBe(404);
    expect(await act(await as('curator'), `/events/${id}/register`)).toContain('Вы зарегистрированы');
    // Capacity 2: no place is left for a third.
    expect(
      await act(await as('curator'), `/events/${id}/registrations`, { person: `mentor:${t.world.people.mentorA}` }),
    ).toContain('Свободных мест не осталось');
    expect(await act(mentor, `/events/${id}/unregister`)).toContain('Регистрация отменена');
    expect((await registrations(id)).map((r) => r.user_id)).toEqual([t.world.users.curator]);
  });

  it('events are for adults: a mentee’s account is of the audience only when linked to a teacher-mentee, never a pupil', async () => {
    const id = await plan('coordinator', { audience_roles: ['mentee'] });
    const db = t.database.db;
    const pupil = await db
      .insertInto('mentees')
      .values({
        organization_id: t.world.a.school,
        last_name: 'Ученикова',
        first_name: 'Вера',
        category: 'student',
        user_id: t.world.users.mentee,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await act(await as('coordinator'), `/events/${id}/status`, { to: 'registration_open' });
    const told = await db.selectFrom('notifications').select('user_id').where('kind', '=', 'event_registration_opened').execute();
    expect(told).toEqual([]);
    const mentee = await as('mentee');
    expect(textOf((await mentee.get(`/events/${id}`)).body)).not.toContain('Зарегистрироваться');
    expect(await act(mentee, `/events/${id}/register`)).toContain('Это мероприятие проводится не для вас');
    // Linked to a teacher-mentee instead: registers.
    await db.updateTable('mentees').set({ user_id: null }).where('id', '=', pupil.id).execute();
    await db.updateTable('mentees').set({ user_id: t.world.users.mentee }).where('id', '=', t.world.people.menteeA).execute();
    expect(await act(mentee, `/events/${id}/register`)).toContain('Вы зарегистрированы на мероприятие');
    expect(await registrations(id)).toMatchObject([{ user_id: t.world.users.mentee }]);
  });

  it('an event for chosen categories: only mentors of them are told, register themselves or are registered by the curator', async () => {
    const db = t.database.db;
    // The world's mentor account is linked to the teacher mentor of А1; a second mentor of А1 is a student.
    await db
      .updateTable('mentors')
      .set({ user_id: t.world.users.mentor, category: 'teacher' })
      .where('id', '=', t.world.people.mentorA)
      .execute();
    const studentMentor = await db
      .insertInto('mentors')
      .values({ organization_id: t.world.a.school, last_name: 'Старшеклассников', first_name: 'Иван', category: 'student' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // For student mentors only: the teacher mentor's account is not told and may not register.
    const forStudents = await plan('coordinator', { audience_roles: ['mentor'], audience_mentor_categories: ['student'] });
    const row = await eventRow(forStudents);
    expect(row.audience_mentor_categories).toEqual(['student']);
    expect(row.audience_mentee_categories).toEqual([]);
    const coordinator = await as('coordinator');
    await act(coordinator, `/events/${forStudents}/status`, { to: 'registration_open' });
    const told = await db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'event_registration_opened')
      .where('link', '=', `/events/${forStudents}`)
      .execute();
    expect(told).toEqual([]);
    const mentor = await as('mentor');
    const page = textOf((await mentor.get(`/events/${forStudents}`)).body);
    expect(page).toContain('наставники: обучающийся');
    expect(page).not.toContain('Зарегистрироваться');
    expect(await act(mentor, `/events/${forStudents}/register`)).toContain('Это мероприятие проводится не для вас');
    // The curator is offered the student mentor only; the teacher is refused with the reason.
    const curator = await as('curator');
    const offered = (await curator.get(`/events/${forStudents}`)).body;
    expect(offered).toContain(`value="mentor:${studentMentor.id}"`);
    expect(offered).not.toContain(`value="mentor:${t.world.people.mentorA}"`);
    expect(await act(curator, `/events/${forStudents}/registrations`, { person: `mentor:${t.world.people.mentorA}` })).toContain(
      'Мероприятие проводится для наставников других категорий',
    );
    expect(await act(curator, `/events/${forStudents}/registrations`, { person: `mentor:${studentMentor.id}` })).toContain(
      'Участник зарегистрирован',
    );
    // For teachers: the mentor is told and registers itself.
    const forTeachers = await plan('coordinator', { audience_roles: ['mentor'], audience_mentor_categories: ['teacher'] });
    await act(coordinator, `/events/${forTeachers}/status`, { to: 'registration_open' });
    const toldTeachers = await db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'event_registration_opened')
      .where('link', '=', `/events/${forTeachers}`)
      .execute();
    expect(toldTeachers).toEqual([{ user_id: t.world.users.mentor }]);
    expect(await act(mentor, `/events/${forTeachers}/register`)).toContain('Вы зарегистрированы на мероприятие');
    // A category the form does not offer is refused with a message naming the field.
    const bad = await coordinator.post('/events', form({ audience_roles: ['mentee'], audience_mentee_categories: ['student'] }));
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Категории наставляемых: выберите из списка');
  });

  it('a curator registers its school’s people from the bases, also without an account; never a student nor another school’s', async () => {
    const id = await plan('coordinator', { audience_roles: ['mentor', 'mentee'] });
    await act(await as('coordinator'), `/events/${id}/status`, { to: 'registration_open' });
    const student = await t.database.db
      .insertInto('mentees')
      .values({ organization_id: t.world.a.school, last_name: 'Ученикова', first_name: 'Вера', category: 'student' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const curator = await as('curator');
    const page = textOf((await curator.get(`/events/${id}`)).body);
    expect(page).toContain('Наставникова Мария');
    expect(page).toContain('Подопечный Павел');
    expect(page).not.toContain('Ученикова');
    expect(await act(curator, `/events/${id}/registrations`, { person: `mentor:${t.world.people.mentorA}` })).toContain(
      'Участник зарегистрирован',
    );
    expect(await act(curator, `/events/${id}/registrations`, { person: `mentee:${t.world.people.menteeA}` })).toContain(
      'Участник зарегистрирован',
    );
    expect(await act(curator, `/events/${id}/registrations`, { person: `mentee:${student.id}` })).toContain(
      'Участник: выберите человека из списка',
    );
    expect(await act(curator, `/events/${id}/registrations`, { person: `mentor:${t.world.people.mentorB}` })).toContain(
      'Участник: выберите человека из списка',
    );
    const bad = await curator.post(`/events/${id}/registrations`, { person: 'кто-то' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Участник: выберите человека из списка');
    expect(await registrations(id)).toMatchObject([
      {
        user_id: null,
        mentor_id: t.world.people.mentorA,
        mentee_id: null,
        organization_id: t.world.a.school,
        registered_by: t.world.users.curator,
      },
      { user_id: null, mentor_id: null, mentee_id: t.world.people.menteeA, organization_id: t.world.a.school },
    ]);
    // The curator of another school sees none of A1's registrations; the organiser sees all.
    const other = await t.database.db
      .insertInto('users')
      .values({
        login: 'curator.a2',
        full_name: 'Куратова Анна',
        organization_id: t.world.a.otherSchool,
        role: 'curator',
        password_hash: (
          await t.database.db.selectFrom('users').select('password_hash').where('login', '=', 'curator').executeTakeFirstOrThrow()
        ).password_hash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(other.id).toBeGreaterThan(0);
    expect(textOf((await (await as('curator.a2')).get(`/events/${id}`)).body)).not.toContain('Наставникова Мария');
    expect(textOf((await (await as('coordinator')).get(`/events/${id}/sheet`)).body)).toContain('Наставникова Мария');
    expect((await (await as('curator')).get(`/events/${id}/sheet`)).statusCode).toBe(403);
    // A registration is removed by its school's curator while registration is open.
    const [first] = await registrations(id);
    expect(await act(curator, `/events/${id}/registrations/${first!.id}/remove`)).toContain('Регистрация отменена');
    expect(
      (await (await as('curator.a2')).post(`/events/${id}/registrations/${(await registrations(id))[0]!.id}/remove`)).statusCode,
    ).toBe(403);
  });
});

describe('attendance and the result', () => {
  async function openWithPeople(kind = 'seminar'): Promise<number> {
    const id = await plan('coordinator', { kind, audience_roles: ['curator', 'mentor'] });
    await act(await as('coordinator'), `/events/${id}/status`, { to: 'registration_open' });
    await act(await as('mentor'), `/events/${id}/register`);
    await act(await as('curator'), `/events/${id}/registrations`, { person: `mentor:${t.world.people.mentorA}` });
    return id;
  }

  it('attendance is marked only after the start, on the check-list; the event is then held', async () => {
    const id = await openWithPeople();
    const coordinator = await as('coordinator');
    expect(textOf((await coordinator.get(`/events/${id}/attendance`)).body)).toContain('после начала мероприятия');
    expect(await act(coordinator, `/events/${id}/attendance`, { present: [] })).toContain(
      'Отметить присутствие можно только после начала мероприятия',
    );
    await startedAgo(id);
    const list = await coordinator.get(`/events/${id}/attendance`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('type="checkbox"');
    const [byUser, byBase] = await registrations(id);
    expect(await act(coordinator, `/events/${id}/attendance`, { present: [String(byBase!.id)] })).toContain(
      'Присутствие отмечено: 1 из 2',
    );
    expect((await registrations(id)).map((r) => [r.id, r.attended])).toEqual([
      [byUser!.id, false],
      [byBase!.id, true],
    ]);
    expect((await eventRow(id)).status).toBe('held');
    expect((await (await as('curator')).get(`/events/${id}/attendance`)).statusCode).toBe(403);
  });

  it('the result is published after the event: a summary, and for a contest each participant’s result', async () => {
    const id = await openWithPeople('contest');
    const coordinator = await as('coordinator');
    expect(await act(coordinator, `/events/${id}/result`, { summary: 'Итоги' })).toContain(
      'Опубликовать итоги можно только после проведения мероприятия',
    );
    await startedAgo(id);
    await act(coordinator, `/events/${id}/attendance`, { present: (await registrations(id)).map((r) => String(r.id)) });
    const empty = await coordinator.post(`/events/${id}/result`, { summary: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Итоги: опишите итоги мероприятия');
    const [first, second] = await registrations(id);
    const wrong = await coordinator.post(`/events/${id}/result`, { summary: 'Итоги', [`result_${first!.id}`]: 'чемпион' });
    expect(textOf(wrong.body)).toContain('Результат участника: выберите из списка');
    expect(
      await act(coordinator, `/events/${id}/result`, {
        summary: 'Конкурс состоялся: 2 участника.',
        [`result_${first!.id}`]: 'winner',
        [`result_${second!.id}`]: 'prize_winner',
      }),
    ).toContain('Итоги опубликованы');
    expect((await registrations(id)).map((r) => r.result)).toEqual(['winner', 'prize_winner']);
    expect(await eventRow(id)).toMatchObject({ status: 'results_published', summary: 'Конкурс состоялся: 2 участника.' });
    const page = textOf((await (await as('mentor')).get(`/events/${id}`)).body);
    expect(page).toContain('Конкурс состоялся: 2 участника.');
    expect(await act(coordinator, `/events/${id}/result`, { summary: 'Ещё раз' })).toContain('Итоги уже опубликованы');
    expect(await act(coordinator, `/events/${id}/attendance`, { present: [] })).toContain('Итоги опубликованы');
  });
});

describe('the yearly plan', () => {
  it('prints and exports the municipal plan for the coordinator, the school’s for its curator', async () => {
    await plan();
    await plan('curator', {
      title: 'Неделя открытых уроков школы',
      kind: 'open_lessons',
      level: 'school',
      audience_roles: ['mentor'],
    });
    const coordinator = await as('coordinator');
    const print = textOf((await coordinator.get(`/events/plan?year=${YEAR}`)).body);
    expect(print).toContain(`План мероприятий на ${YEAR} год`);
    expect(print).toContain('Семинар наставников');
    expect(print).not.toContain('Неделя открытых уроков школы');
    const school = textOf((await (await as('curator')).get(`/events/plan?year=${YEAR}`)).body);
    expect(school).toContain('Неделя открытых уроков школы');
    expect(school).not.toContain('Семинар наставников');
    const xlsx = await coordinator.get(`/events/plan.xlsx?year=${YEAR}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
