import { describe, expect, it } from 'vitest';
import { todayIso } from '../../src/lib/dates.js';
import { signedIn, textOf } from '../helpers/app.js';
import { addPair, daysAgo, STUDENT_BIRTH_DATE, STUDENT_PHONE } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const jointWork = (over: Record<string, string> = {}) => ({
  type: 'joint_work',
  held_on: daysAgo(1),
  duration_minutes: '45',
  format: 'in_person',
  topic: 'Разбор урока по дробям',
  summary: 'Посетили урок, разобрали ошибки',
  mentor_feedback: 'Урок выстроен хорошо, работать над темпом',
  ...over,
});

async function mentor() {
  return signedIn(t.app, 'mentor', PASSWORD);
}

async function logMeeting(client: Awaited<ReturnType<typeof mentor>>, pairId: number, form: Record<string, string>) {
  await client.get(`/pairs/${pairId}/meetings/new`);
  return client.post(`/pairs/${pairId}/meetings/new`, form);
}

describe('logging a meeting', () => {
  it('the pair’s mentor logs a joint-work meeting; it is on the pair page and in the audit log', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 20 },
        { type: 'planning', daysAgo: 10 },
      ],
    });
    const client = await mentor();
    const response = await logMeeting(client, pair.id, jointWork());
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(new RegExp(`^/pairs/${pair.id}#meeting-\\d+$`));
    const page = textOf((await client.get(response.headers.location as string)).body);
    expect(page).toContain('Встреча записана.');
    expect(page).not.toContain('Обратите внимание');
    expect(page).toContain('Разбор урока по дробям');
    expect(page).toContain('Урок выстроен хорошо, работать над темпом');
    expect(page).toContain('ждём отзыв');
    expect(page).toContain('Журнал встреч (3)');
    const row = await t.database.db
      .selectFrom('meetings')
      .selectAll()
      .where('topic', '=', 'Разбор урока по дробям')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      pair_id: pair.id,
      type: 'joint_work',
      held_on: daysAgo(1),
      duration_minutes: 45,
      created_by: t.world.users.mentor,
    });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'meeting')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'create',
      entity_id: String(row.id),
      user_id: t.world.users.mentor,
      organization_id: t.world.a.school,
    });
    expect(JSON.stringify(audit)).not.toContain('дробям');
  });

  it('refuses a date in the future, a date before the pair’s start, and joint work without the mentor’s feedback', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { plannedStart: daysAgo(30) });
    const client = await mentor();
    const tomorrow = daysAgo(-1);
    const future = await logMeeting(client, pair.id, jointWork({ held_on: tomorrow }));
    expect(future.statusCode).toBe(400);
    expect(textOf(future.body)).toContain('Дата встречи не может быть позже сегодняшнего дня');
    const early = await logMeeting(client, pair.id, jointWork({ held_on: daysAgo(31) }));
    expect(early.statusCode).toBe(400);
    expect(textOf(early.body)).toContain('не может быть раньше начала работы пары');
    const noFeedback = await logMeeting(client, pair.id, jointWork({ mentor_feedback: '   ' }));
    expect(noFeedback.statusCode).toBe(400);
    const text = textOf(noFeedback.body);
    expect(text).toContain('Для встречи совместной работы заполните обратную связь наставника');
    expect(text).toContain('Проверьте форму');
    // the input is kept
    expect(noFeedback.body).toContain('value="Разбор урока по дробям"');
    const empty = await logMeeting(client, pair.id, { type: '', held_on: '', duration_minutes: '', format: '', topic: '' });
    const emptyText = textOf(empty.body);
    for (const message of [
      'Выберите тип встречи',
      'Укажите дату встречи',
      'Длительность: укажите число минут',
      'Укажите тему встречи',
    ]) {
      expect(emptyText).toContain(message);
    }
    const long = await logMeeting(client, pair.id, jointWork({ duration_minutes: '601' }));
    expect(textOf(long.body)).toContain('Длительность: не больше 600 минут');
    // a meeting on the first day of the pair, and today, are fine
    expect(
      (await logMeeting(client, pair.id, jointWork({ held_on: daysAgo(30), type: 'introduction', mentor_feedback: '' })))
        .statusCode,
    ).toBe(303);
    expect((await logMeeting(client, pair.id, jointWork({ held_on: todayIso() }))).statusCode).toBe(303);
    expect(await t.database.db.selectFrom('meetings').select('id').where('pair_id', '=', pair.id).execute()).toHaveLength(2);
  });

  it('a forming pair has no meetings yet: the form answers 409 with the reason, and the pair page says why', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { status: 'forming' });
    const client = await mentor();
    const form = await client.get(`/pairs/${pair.id}/meetings/new`);
    expect(form.statusCode).toBe(409);
    expect(textOf(form.body)).toContain('Пара ещё формируется');
    const post = await client.post(`/pairs/${pair.id}/meetings/new`, jointWork());
    expect(post.statusCode).toBe(409);
    expect(await t.database.db.selectFrom('meetings').select('id').execute()).toHaveLength(0);
    const page = await client.get(`/pairs/${pair.id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Пара ещё формируется: встречи записываются, когда пара станет активной');
    expect(page.body).not.toContain(`/pairs/${pair.id}/meetings/new`);
  });

  it('warns, without refusing, about an unusual sequence: after saving on the pair page, and on the form', async () => {
    const pair = await addPair(t.database.db, t.world, 'a');
    const client = await mentor();
    const form = textOf((await client.get(`/pairs/${pair.id}/meetings/new`)).body);
    expect(form).toContain('В журнале ещё нет встречи-знакомства');

    // joint work before any planning meeting
    let response = await logMeeting(client, pair.id, jointWork({ held_on: daysAgo(20) }));
    expect(response.statusCode).toBe(303);
    let page = textOf((await client.get(response.headers.location as string)).body);
    expect(page).toContain('Встреча записана. Обратите внимание: Встреча совместной работы раньше встречи-планирования');

    // a final meeting with no introduction logged
    response = await logMeeting(client, pair.id, jointWork({ type: 'final', held_on: daysAgo(10), mentor_feedback: '' }));
    expect(response.statusCode).toBe(303);
    page = textOf((await client.get(response.headers.location as string)).body);
    expect(page).toContain('Итоговая встреча записана, а встречи-знакомства в журнале нет');

    // a meeting after the final one
    response = await logMeeting(client, pair.id, jointWork({ type: 'introduction', held_on: daysAgo(5), mentor_feedback: '' }));
    page = textOf((await client.get(response.headers.location as string)).body);
    expect(page).toContain('Встреча позже итоговой');

    // a second introduction
    response = await logMeeting(client, pair.id, jointWork({ type: 'introduction', held_on: daysAgo(4), mentor_feedback: '' }));
    page = textOf((await client.get(response.headers.location as string)).body);
    expect(page).toContain('Встреча-знакомство в журнале уже есть: эта вторая');

    // on a form that came back with an error, the warnings for the meeting as entered
    const back = await logMeeting(client, pair.id, jointWork({ type: 'introduction', held_on: daysAgo(3), topic: '' }));
    expect(back.statusCode).toBe(400);
    expect(textOf(back.body)).toContain('Встреча-знакомство в журнале уже есть');

    // a usual order gives no warning
    const other = await addPair(t.database.db, t.world, 'a', { studentLastName: 'Другая' });
    for (const [type, days] of [
      ['introduction', 9],
      ['planning', 8],
      ['joint_work', 7],
      ['final', 6],
    ] as const) {
      response = await logMeeting(client, other.id, jointWork({ type, held_on: daysAgo(days) }));
      page = textOf((await client.get(response.headers.location as string)).body);
      expect(page, type).toContain('Встреча записана.');
      expect(page, type).not.toContain('Обратите внимание');
    }
  });

  it('the mentor corrects a logged meeting; the change is audited with the field names', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 5 }] });
    const client = await mentor();
    const form = await client.get(`/pairs/${pair.id}/meetings/${pair.meetings[0]}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Тема: introduction"');
    const response = await client.post(`/pairs/${pair.id}/meetings/${pair.meetings[0]}/edit`, {
      type: 'introduction',
      held_on: daysAgo(5),
      duration_minutes: '60',
      format: 'remote',
      topic: 'Знакомство',
    });
    expect(response.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('meetings')
      .selectAll()
      .where('id', '=', pair.meetings[0]!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ duration_minutes: 60, format: 'remote', topic: 'Знакомство', summary: null });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'meeting')
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('update');
    expect([...audit.changed_fields].sort()).toEqual(['duration_minutes', 'format', 'summary', 'topic']);
    // a meeting of another pair through this pair's address: 404
    const other = await addPair(t.database.db, t.world, 'a', {
      studentLastName: 'Другая',
      meetings: [{ type: 'introduction', daysAgo: 3 }],
    });
    expect((await client.get(`/pairs/${pair.id}/meetings/${other.meetings[0]}/edit`)).statusCode).toBe(404);
  });

  it('the school’s curator logs meetings too; other readers of the pair may not (403), foreign ones do not see it (404)', async () => {
    const pair = await addPair(t.database.db, t.world, 'a');
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await logMeeting(curator, pair.id, jointWork({ type: 'introduction', mentor_feedback: '' }))).statusCode).toBe(303);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await head.get(`/pairs/${pair.id}`)).statusCode).toBe(200);
    expect((await head.get(`/pairs/${pair.id}/meetings/new`)).statusCode).toBe(403);
    expect((await head.get(`/pairs/${pair.id}`)).body).not.toContain('Записать встречу');
    const otherCurator = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await otherCurator.get(`/pairs/${pair.id}`)).statusCode).toBe(404);
    expect((await otherCurator.get(`/pairs/${pair.id}/meetings/new`)).statusCode).toBe(404);
    expect((await otherCurator.post(`/pairs/${pair.id}/meetings/new`, jointWork())).statusCode).toBe(404);
    const otherMentor = await signedIn(t.app, 'mentor.b', PASSWORD);
    expect((await otherMentor.get(`/pairs/${pair.id}/meetings/new`)).statusCode).toBe(404);
  });

  it('a mentor of another pair of the same school gets 404 on this one; a mentor record not linked to the account sees no pair', async () => {
    const own = await addPair(t.database.db, t.world, 'a');
    // a second pair in the same school, mentored by someone else
    const stranger = await t.database.db
      .insertInto('mentors')
      .values({
        organization_id: t.world.a.school,
        origin_organization_id: t.world.a.school,
        last_name: 'Чужая',
        first_name: 'Нина',
        category: 'teacher',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const foreign = await addPair(t.database.db, t.world, 'a', { linkAccounts: false, studentLastName: 'Чужой' });
    await t.database.db.updateTable('pair_mentors').set({ mentor_id: stranger.id }).where('pair_id', '=', foreign.id).execute();
    const client = await mentor();
    expect((await client.get(`/pairs/${own.id}`)).statusCode).toBe(200);
    for (const url of [`/pairs/${foreign.id}`, `/pairs/${foreign.id}/meetings/new`, `/pairs/${foreign.id}/complete`]) {
      expect((await client.get(url)).statusCode, url).toBe(404);
    }
    expect((await client.post(`/pairs/${foreign.id}/meetings/new`, jointWork())).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('meetings').select('id').execute()).toHaveLength(0);
  });
});

describe('what the pair page shows', () => {
  it('a mentor sees the mentees’ name, class and requests, never their birth date or phone; the curator gets a link to the bases', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', {
      meetings: [{ type: 'introduction', daysAgo: 12 }],
      tasks: [
        { title: 'Составить технологическую карту урока', dueDaysAgo: 3 },
        { title: 'Посетить открытый урок', dueDaysAgo: 5, done: true },
        { title: 'Подготовить выступление', dueDaysAgo: -10 },
      ],
    });
    const request = await t.database.db
      .insertInto('tags')
      .values({ municipality_id: t.world.a.id, kind: 'request', name: 'подготовка к олимпиаде' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db.insertInto('mentee_tags').values({ mentee_id: pair.studentId, tag_id: request.id }).execute();
    const client = await mentor();
    const response = await client.get(`/pairs/${pair.id}`);
    expect(response.statusCode).toBe(200);
    const text = textOf(response.body);
    expect(text).toContain('Ученикова Алиса');
    expect(text).toContain('7Б');
    expect(text).toContain('подготовка к олимпиаде');
    expect(text).toContain('Программа наставничества A');
    expect(text).toContain('педагог – педагог');
    expect(text).toContain('12 дней назад');
    const overdue = text.slice(text.indexOf('Просроченные задачи'), text.indexOf('Участники'));
    expect(overdue).toContain('Составить технологическую карту урока');
    expect(overdue).not.toContain('Посетить открытый урок');
    expect(overdue).not.toContain('Подготовить выступление');
    expect(response.body).not.toContain(STUDENT_PHONE);
    expect(response.body).not.toContain(STUDENT_BIRTH_DATE);
    expect(response.body).not.toContain('17.04.2011');
    expect(response.body).not.toContain('Ученикова Ольга Петровна');
    expect(response.body).not.toContain(`/mentees/${pair.studentId}`);
    expect(text).toContain('Записать встречу');
    expect(text).not.toContain('Ссылка для отзыва');

    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const curatorPage = await curator.get(`/pairs/${pair.id}`);
    expect(curatorPage.body).toContain(`href="/mentees/${pair.studentId}"`);
    expect(curatorPage.body).not.toContain(STUDENT_PHONE);
    expect(textOf(curatorPage.body)).toContain('Ссылка для отзыва');
  });
});

describe('the mentor’s home page «Мои пары»', () => {
  it('lists the mentor’s own pairs only, current first, finished ones apart, with one button per active pair', async () => {
    const active = await addPair(t.database.db, t.world, 'a', {
      meetings: [{ type: 'introduction', daysAgo: 4 }],
      tasks: [{ title: 'Просроченная', dueDaysAgo: 2 }],
    });
    const forming = await addPair(t.database.db, t.world, 'a', { status: 'forming', studentLastName: 'Формируемая' });
    const done = await addPair(t.database.db, t.world, 'a', { status: 'completed', studentLastName: 'Завершённая' });
    const stranger = await t.database.db
      .insertInto('mentors')
      .values({
        organization_id: t.world.a.school,
        origin_organization_id: t.world.a.school,
        last_name: 'Чужая',
        first_name: 'Нина',
        category: 'teacher',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const foreign = await addPair(t.database.db, t.world, 'a', { studentLastName: 'Чужой' });
    await t.database.db.updateTable('pair_mentors').set({ mentor_id: stranger.id }).where('pair_id', '=', foreign.id).execute();
    await addPair(t.database.db, t.world, 'b', { studentLastName: 'Окружная' });

    const client = await mentor();
    const home = await client.get('/');
    const text = textOf(home.body);
    expect(text).toContain('Мои пары');
    expect(text).toContain('Ученикова Алиса');
    expect(text).toContain('Формируемая Алиса');
    expect(text).toContain('Завершённые и прекращённые (1)');
    expect(text).toContain('Завершённая Алиса');
    expect(text).not.toContain('Чужой');
    expect(text).not.toContain('Окружная');
    expect(text).toContain('4 дня назад');
    expect(text).toContain('просрочено задач: 1');
    expect(home.body).toContain(`href="/pairs/${active.id}/meetings/new"`);
    expect(home.body).not.toContain(`href="/pairs/${forming.id}/meetings/new"`);
    expect(home.body).not.toContain(`href="/pairs/${done.id}/meetings/new"`);
    // cards, not a table: quick on a phone
    expect(home.body).not.toContain('<table');
    expect(text.indexOf('Ученикова Алиса')).toBeLessThan(text.indexOf('Завершённая Алиса'));
  });

  it('a mentor account linked to no record of the bases is told to ask the curator; one with no pairs is told none are formed', async () => {
    const client = await mentor();
    expect(textOf((await client.get('/')).body)).toContain(
      'Ваша учётная запись не связана с записью в базе наставников — обратитесь к куратору',
    );
    await t.database.db
      .updateTable('mentors')
      .set({ user_id: t.world.users.mentor! })
      .where('id', '=', t.world.people.mentorA)
      .execute();
    const text = textOf((await client.get('/')).body);
    expect(text).toContain('У вас пока нет наставляемых');
    expect(text).toContain('К кому обращаться');
  });
});

describe('completing a pair', () => {
  const completion = (over: Record<string, string> = {}) => ({
    results: 'Молодой педагог провёл открытый урок',
    mentor_reflection: 'Работа шла по плану',
    mentor_satisfaction: '9',
    completed_on: todayIso(),
    ...over,
  });

  it('is refused (409) before a final meeting and for a pair that is not active', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 5 }] });
    const client = await mentor();
    const page = await client.get(`/pairs/${pair.id}`);
    expect(page.body).not.toContain(`/pairs/${pair.id}/complete`);
    expect(textOf(page.body)).toContain('Завершить пару можно после итоговой встречи');
    const form = await client.get(`/pairs/${pair.id}/complete`);
    expect(form.statusCode).toBe(409);
    expect(textOf(form.body)).toContain('Пару завершают после итоговой встречи');
    expect((await client.post(`/pairs/${pair.id}/complete`, completion())).statusCode).toBe(409);
    const forming = await addPair(t.database.db, t.world, 'a', { status: 'forming', studentLastName: 'Другая' });
    expect((await client.get(`/pairs/${forming.id}/complete`)).statusCode).toBe(409);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await head.get(`/pairs/${pair.id}/complete`)).statusCode).toBe(403);
  });

  it('needs results, reflection, satisfaction and a date between the final meeting and today; then the pair is completed', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 30 },
        { type: 'final', daysAgo: 3 },
      ],
    });
    const client = await mentor();
    expect(textOf((await client.get(`/pairs/${pair.id}`)).body)).toContain('Завершить пару');
    const form = await client.get(`/pairs/${pair.id}/complete`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('ждём');
    const empty = await client.post(`/pairs/${pair.id}/complete`, {
      results: '',
      mentor_reflection: '',
      mentor_satisfaction: '',
      completed_on: '',
    });
    expect(empty.statusCode).toBe(400);
    const text = textOf(empty.body);
    for (const message of [
      'Опишите результаты работы пары',
      'Напишите рефлексию наставника',
      'Удовлетворённость наставника: выберите оценку от 1 до 10',
      'Укажите дату завершения',
    ]) {
      expect(text).toContain(message);
    }
    expect(textOf((await client.post(`/pairs/${pair.id}/complete`, completion({ mentor_satisfaction: '11' }))).body)).toContain(
      'выберите оценку от 1 до 10',
    );
    expect(textOf((await client.post(`/pairs/${pair.id}/complete`, completion({ completed_on: daysAgo(4) }))).body)).toContain(
      'не может быть раньше итоговой встречи',
    );
    expect(textOf((await client.post(`/pairs/${pair.id}/complete`, completion({ completed_on: daysAgo(-1) }))).body)).toContain(
      'не может быть позже сегодняшнего дня',
    );
    expect(
      (await t.database.db.selectFrom('pairs').select('status').where('id', '=', pair.id).executeTakeFirstOrThrow()).status,
    ).toBe('active');

    const done = await client.post(`/pairs/${pair.id}/complete`, completion({ completed_on: daysAgo(3) }));
    expect(done.statusCode).toBe(303);
    const row = await t.database.db.selectFrom('pairs').selectAll().where('id', '=', pair.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'completed',
      stage: 'results',
      completed_on: daysAgo(3),
      mentor_satisfaction: 9,
      results: 'Молодой педагог провёл открытый урок',
    });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'pair')
      .executeTakeFirstOrThrow();
    expect(audit.changed_fields).toEqual(
      expect.arrayContaining(['status', 'stage', 'results', 'mentor_reflection', 'mentor_satisfaction', 'completed_on']),
    );
    const page = textOf((await client.get(`/pairs/${pair.id}`)).body);
    expect(page).toContain('Пара завершена.');
    expect(page).toContain('Молодой педагог провёл открытый урок');
    expect(page).toContain('9 из 10');
    // the log is closed, and the pair cannot be completed twice
    expect((await client.get(`/pairs/${pair.id}/meetings/new`)).statusCode).toBe(409);
    expect((await client.get(`/pairs/${pair.id}/meetings/${pair.meetings[0]}/edit`)).statusCode).toBe(409);
    expect((await client.post(`/pairs/${pair.id}/complete`, completion())).statusCode).toBe(409);
  });
});
