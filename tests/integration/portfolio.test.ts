import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addPair, daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * The mentor's portfolio (issue 18): the pairs with their meetings, hours, results and the
 * mentees' satisfaction as counts, the training, the events attended and their results, the
 * awards; the printable attestation document without a student's name; who reads it.
 */

const t = useWorld();

const as = (login: string): Promise<Client> => signedIn(t.app, login, PASSWORD);

async function event(
  municipality: 'a' | 'b',
  title: string,
  kind: 'seminar' | 'contest',
  status: 'held' | 'results_published' | 'cancelled',
) {
  const m = t.world[municipality];
  const starts = new Date(`${daysAgo(40)}T07:00:00Z`);
  const row = await t.database.db
    .insertInto('events')
    .values({
      municipality_id: m.id,
      organizer_id: m.id,
      title,
      kind,
      level: 'municipal',
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 3 * 3_600_000),
      audience_roles: ['mentor'],
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Mentor A's record: a completed group with two mentees, meetings, feedback, training, events and an award. */
async function fill() {
  const db = t.database.db;
  const pair = await addPair(db, t.world, 'a', {
    status: 'completed',
    meetings: [
      { type: 'introduction', daysAgo: 50 },
      { type: 'final', daysAgo: 10 },
    ],
  });
  await db
    .updateTable('pairs')
    .set({
      activated_at: new Date(`${daysAgo(55)}T09:00:00Z`),
      completed_on: daysAgo(5),
      results: 'Наставляемый провёл открытый урок по теме «Дроби»',
      mentor_satisfaction: 9,
    })
    .where('id', '=', pair.id)
    .execute();
  await db.updateTable('pair_mentees').set({ satisfaction: 10 }).where('mentee_id', '=', pair.teacherMenteeId).execute();
  await db.updateTable('pair_mentees').set({ satisfaction: 8 }).where('mentee_id', '=', pair.studentId).execute();
  await db
    .insertInto('meeting_feedback')
    .values({ meeting_id: pair.meetings[0]!, mentee_id: pair.teacherMenteeId, text: 'Полезно', rating: 9, via: 'account' })
    .execute();
  await db
    .insertInto('mentor_trainings')
    .values({
      mentor_id: pair.mentorId,
      course: 'КПК «Наставничество в образовательной организации»',
      completed_on: daysAgo(200),
      hours: 36,
    })
    .execute();
  const seminar = await event('a', 'Семинар «Индивидуальный маршрут»', 'seminar', 'held');
  const contest = await event('a', 'Конкурс «Наставник года»', 'contest', 'results_published');
  const missed = await event('a', 'Вебинар, на который не пришла', 'seminar', 'held');
  const cancelled = await event('a', 'Отменённый форум', 'seminar', 'cancelled');
  const school = t.world.a.school;
  await db
    .insertInto('event_registrations')
    .values([
      { event_id: seminar, mentor_id: pair.mentorId, organization_id: school, attended: true },
      // Registered through the account, as a mentor registers itself: the same person.
      { event_id: contest, user_id: t.world.users.mentor!, organization_id: school, attended: true, result: 'winner' },
      { event_id: missed, mentor_id: pair.mentorId, organization_id: school, attended: false },
      { event_id: cancelled, mentor_id: pair.mentorId, organization_id: school, attended: true },
    ])
    .execute();
  await db
    .insertInto('awards')
    .values({
      mentor_id: pair.mentorId,
      kind: 'letter_of_thanks',
      level: 'municipal',
      awarded_on: daysAgo(30),
      order_number: '112-о',
    })
    .execute();
  return pair;
}

describe('the mentor’s portfolio', () => {
  it('gathers the pairs, meetings and hours, satisfaction as counts, training, events with results and awards', async () => {
    const pair = await fill();
    const curator = await as('curator');
    const response = await curator.get(`/mentors/${pair.mentorId}/portfolio`);
    expect(response.statusCode).toBe(200);
    const text = textOf(response.body);
    expect(text).toContain('Портфолио наставника: Наставникова Мария');
    expect(text).toContain('педагог – педагог (группа)');
    expect(text).toContain('Программа наставничества A');
    expect(text).toContain('завершена');
    expect(text).toContain('Наставляемый провёл открытый урок по теме «Дроби»');
    // Two meetings of 45 minutes.
    expect(text).toContain('проведено встреч: 2, 1 ч 30 мин');
    expect(text).toContain('оценили 2 из 2: 1 — очень довольны (9–10 баллов), 1 — довольны (7–8 баллов)');
    expect(text).toContain('1 оценка встреч: 1 — очень довольны (9–10 баллов)');
    expect(text).toContain('КПК «Наставничество в образовательной организации», ');
    expect(text).toContain('36 ч');
    expect(text).toContain('Семинар «Индивидуальный маршрут»');
    expect(text).toContain('Конкурс «Наставник года»');
    expect(text).toContain('победитель');
    expect(text).not.toContain('Вебинар, на который не пришла');
    expect(text).not.toContain('Отменённый форум');
    expect(text).toContain('Благодарственное письмо');
    expect(text).toContain('№ 112-о');
    // The curator of the mentees' school reads their names on the screen.
    expect(text).toContain('Ученикова Алиса (7Б класс)');
    expect(text).toContain('Подопечный Павел');
  });

  it('the printable document carries the school, the date, the signature lines, and no student’s name', async () => {
    const pair = await fill();
    const curator = await as('curator');
    const response = await curator.get(`/mentors/${pair.mentorId}/portfolio/print`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('/public/css/print.css');
    const text = textOf(response.body);
    expect(text).toContain('Портфолио наставника');
    const school = await t.database.db
      .selectFrom('organizations')
      .select('full_name')
      .where('id', '=', t.world.a.school)
      .executeTakeFirstOrThrow();
    expect(text).toContain(school.full_name);
    expect(text).toMatch(/Дата выписки: \d{2}\.\d{2}\.\d{4}/);
    expect(text).toContain('Руководитель ОО');
    expect(text).toContain('М.П.');
    expect(text).toContain('обучающийся, 7Б класс');
    expect(text).toContain('Подопечный Павел');
    expect(text).not.toContain('Ученикова');
    expect(text).toContain('Семинар «Индивидуальный маршрут»');
    expect(text).toContain('Благодарственное письмо');
  });

  it('the .docx carries the same document, and no student’s name either', async () => {
    const pair = await fill();
    const curator = await as('curator');
    const response = await curator.get(`/mentors/${pair.mentorId}/portfolio.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    const xml = (await (await JSZip.loadAsync(response.rawPayload)).file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('Портфолио наставника');
    expect(text).toContain('Наставникова Мария');
    expect(text).toContain('обучающийся, 7Б класс');
    expect(text).toContain('Подопечный Павел');
    expect(text).not.toContain('Ученикова');
    expect(text).toContain('Семинар «Индивидуальный маршрут»');
    expect(text).toContain('КПК «Наставничество в образовательной организации»');
    expect(text).toContain('Благодарственное письмо');
    expect(text).toContain('Руководитель ОО');
    expect(text).toContain('М.П.');
    expect((await (await as('curator.b')).get(`/mentors/${pair.mentorId}/portfolio.docx`)).statusCode).toBe(404);
  });

  it('a pair at another school names none of its mentees to the mentor’s own school', async () => {
    const pair = await fill();
    const db = t.database.db;
    const other = t.world.a.otherSchool;
    const programme = await db
      .insertInto('programmes')
      .values({ organization_id: other, title: 'Программа другой школы', form: 'teacher_student' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const elsewhere = await db
      .insertInto('pairs')
      .values({
        organization_id: other,
        programme_id: programme.id,
        form: 'teacher_student',
        kind: 'traditional',
        planned_start: daysAgo(20),
        planned_end: daysAgo(-200),
        status: 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mentee = await db
      .insertInto('mentees')
      .values({ organization_id: other, last_name: 'Чужакова', first_name: 'Вера', category: 'student', class_name: '5А' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('pair_mentors').values({ pair_id: elsewhere.id, mentor_id: pair.mentorId }).execute();
    await db.insertInto('pair_mentees').values({ pair_id: elsewhere.id, mentee_id: mentee.id }).execute();
    const curator = textOf((await (await as('curator')).get(`/mentors/${pair.mentorId}/portfolio`)).body);
    expect(curator).toContain('Программа другой школы');
    expect(curator).toContain('обучающийся, 5А класс');
    expect(curator).not.toContain('Чужакова');
    // The coordinator reads the whole municipality's bases: the name on its screen.
    const coordinator = textOf((await (await as('coordinator')).get(`/mentors/${pair.mentorId}/portfolio`)).body);
    expect(coordinator).toContain('Чужакова Вера (5А класс)');
  });

  it('the mentor opens its own at /portfolio, from the menu; another mentor’s is 404', async () => {
    const pair = await fill();
    const mentor = await as('mentor');
    const home = await mentor.get('/');
    expect(home.body).toContain('href="/portfolio"');
    const own = await mentor.get('/portfolio');
    expect(own.statusCode).toBe(200);
    const text = textOf(own.body);
    expect(text).toContain('Моё портфолио');
    expect(text).toContain('Семинар «Индивидуальный маршрут»');
    expect(text).toContain('КПК «Наставничество в образовательной организации»');
    expect(text).toContain('Благодарственное письмо');
    expect(own.body).toContain(`href="/mentors/${pair.mentorId}/portfolio/print"`);
    expect((await mentor.get(`/mentors/${pair.mentorId}/portfolio/print`)).statusCode).toBe(200);
    // Mentor B's record, and A's record seen by B's mentor.
    expect((await mentor.get(`/mentors/${t.world.people.mentorB}/portfolio`)).statusCode).toBe(404);
    expect((await (await as('mentor.b')).get(`/mentors/${pair.mentorId}/portfolio`)).statusCode).toBe(404);
  });

  it('a mentor whose account is linked to no record is told so', async () => {
    const mentor = await as('mentor');
    const none = await mentor.get('/portfolio');
    expect(none.statusCode).toBe(200);
    expect(textOf(none.body)).toContain('не связана с записью в базе наставников');
    await t.database.db
      .updateTable('mentors')
      .set({ user_id: t.world.users.mentor! })
      .where('id', '=', t.world.people.mentorA)
      .execute();
    expect(textOf((await mentor.get('/portfolio')).body)).toContain('Портфолио наставника');
  });

  it('the school’s staff and the municipality read their scope’s; others get 404; a mentee nothing', async () => {
    const pair = await fill();
    const url = `/mentors/${pair.mentorId}/portfolio`;
    for (const login of ['curator', 'school_head', 'coordinator', 'department']) {
      const client = await as(login);
      expect((await client.get(url)).statusCode, login).toBe(200);
      expect((await client.get(`/mentors/${t.world.people.mentorB}/portfolio`)).statusCode, login).toBe(404);
    }
    for (const login of ['curator.b', 'school_head.b', 'coordinator.b', 'department.b'])
      expect((await (await as(login)).get(url)).statusCode, login).toBe(404);
    expect((await (await as('mentee')).get(url)).statusCode).toBe(403);
    expect((await (await as('mentee')).get('/portfolio')).statusCode).toBe(403);
    expect((await (await as('curator')).get('/portfolio')).statusCode).toBe(403);
    // An erased record has no portfolio.
    await t.database.db.updateTable('mentors').set({ erased_at: new Date() }).where('id', '=', pair.mentorId).execute();
    expect((await (await as('curator')).get(url)).statusCode).toBe(404);
  });

  it('the mentor’s card in the base links to the portfolio', async () => {
    const curator = await as('curator');
    const card = await curator.get(`/mentors/${t.world.people.mentorA}`);
    expect(card.body).toContain(`href="/mentors/${t.world.people.mentorA}/portfolio"`);
    const mentee = await curator.get(`/mentees/${t.world.people.menteeA}`);
    expect(mentee.body).not.toContain('/portfolio');
  });
});
