import { describe, expect, it } from 'vitest';
import { computeYears, refreshMunicipality } from '../../src/modules/indicators/compute.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { noticeSubjectOf } from '../../src/modules/mail/queries.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { postList } from '../helpers/forms.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * Issue 17: a mentor opened to the municipality works with mentees of other schools. The world's
 * mentor «Наставникова» is in the base of school А1; «Школа А2» is the other school of municipality A.
 */
const t = useWorld();

const db = () => t.database.db;

/** The curator of the other school of municipality A (Школа А2). */
async function neighbour(): Promise<Client> {
  const hash = await db().selectFrom('users').select('password_hash').where('login', '=', 'curator').executeTakeFirstOrThrow();
  await db()
    .insertInto('users')
    .values({
      login: 'curator.a2',
      full_name: 'Соседова Анна Петровна',
      organization_id: t.world.a.otherSchool,
      role: 'curator',
      password_hash: hash.password_hash,
    })
    .execute();
  const client = await signedIn(t.app, 'curator.a2', PASSWORD);
  await client.get('/pairs/new');
  return client;
}

/** The world's mentor of А1 as a teacher with consent, contacts and a position. */
async function readyMentor(capacity = 2) {
  await db()
    .updateTable('mentors')
    .set({
      consent_date: daysAgo(30),
      phone: '+7 (900) 555-11-22',
      email: 'nastavnikova@example.ru',
      position: 'учитель математики',
      capacity,
      birth_date: '1980-03-03',
    })
    .where('id', '=', t.world.people.mentorA)
    .execute();
  return t.world.people.mentorA;
}

/** A programme and a new-teacher mentee of Школа А2. */
async function otherSchoolMentee(lastName = 'Соседкин') {
  const programme = await db()
    .insertInto('programmes')
    .values({ organization_id: t.world.a.otherSchool, title: 'Программа Школы А2', form: 'teacher_teacher' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const mentee = await db()
    .insertInto('mentees')
    .values({
      organization_id: t.world.a.otherSchool,
      last_name: lastName,
      first_name: 'Пётр',
      category: 'new_teacher',
      consent_date: daysAgo(10),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { programmeId: programme.id, menteeId: mentee.id };
}

const pairForm = (programmeId: number, menteeId: number, mentorId: number) => ({
  programme_id: String(programmeId),
  form: 'teacher_teacher',
  kind: 'traditional',
  planned_start: '2026-09-01',
  planned_end: '2027-05-31',
  role_model: '',
  goals: '',
  mentor_ids: String(mentorId),
  mentee_ids: String(menteeId),
});

async function share(client: Client, mentorId: number, action: 'share' | 'unshare' = 'share') {
  await client.get(`/mentors/${mentorId}`);
  const response = await client.post(`/mentors/${mentorId}/${action}`);
  const page = response.statusCode === 303 ? textOf((await client.get(String(response.headers.location))).body) : '';
  return { status: response.statusCode, page };
}

async function sharedAt(mentorId: number) {
  const row = await db()
    .selectFrom('mentors')
    .select(['shared_at', 'shared_by'])
    .where('id', '=', mentorId)
    .executeTakeFirstOrThrow();
  return row;
}

function createdPair(response: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(response.statusCode, textOf(response.body).slice(0, 800)).toBe(303);
  return Number(/\/pairs\/(\d+)/.exec(String(response.headers.location))?.[1]);
}

describe('opening a mentor to the municipality', () => {
  it('the mentor’s own curator opens it only with consent; the card says who and when; closing is audited too', async () => {
    const mentorId = t.world.people.mentorA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    // No consent yet: refused with the reason, nothing stored.
    let result = await share(curator, mentorId);
    expect(result.status).toBe(303);
    expect(result.page).toContain('Наставника нельзя открыть муниципалитету: нет письменного согласия');
    expect((await sharedAt(mentorId)).shared_at).toBeNull();

    await readyMentor();
    result = await share(curator, mentorId);
    expect(result.page).toContain('Наставник открыт муниципалитету');
    expect(result.page).toContain('Открыт муниципалитету');
    expect(result.page).toContain('открыл(а): Тестов curator Иванович');
    expect(result.page).toContain('Закрыть для других школ');
    expect(await sharedAt(mentorId)).toMatchObject({ shared_at: expect.any(Date), shared_by: t.world.users.curator });

    result = await share(curator, mentorId, 'unshare');
    expect(result.page).toContain('Наставник закрыт для других школ');
    expect(await sharedAt(mentorId)).toEqual({ shared_at: null, shared_by: null });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'changed_fields'])
      .where('entity_type', '=', 'mentor')
      .where('entity_id', '=', String(mentorId))
      .execute();
    expect(audit).toEqual([
      { action: 'update', changed_fields: ['shared_at'] },
      { action: 'update', changed_fields: ['shared_at'] },
    ]);
  });

  it('an archived or gone mentor is not opened; the coordinator and the head may open, the department and other schools may not', async () => {
    const mentorId = await readyMentor();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await db().updateTable('mentors').set({ status: 'left' }).where('id', '=', mentorId).execute();
    expect((await share(curator, mentorId)).page).toContain('Наставника нельзя открыть муниципалитету: наставник выбыл');
    await db().updateTable('mentors').set({ status: 'potential', archived_at: new Date() }).where('id', '=', mentorId).execute();
    expect((await share(curator, mentorId)).page).toContain('Наставника нельзя открыть муниципалитету: наставник в архиве');
    await db().updateTable('mentors').set({ archived_at: null }).where('id', '=', mentorId).execute();
    expect((await sharedAt(mentorId)).shared_at).toBeNull();

    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await share(coordinator, mentorId)).page).toContain('Наставник открыт муниципалитету');
    expect((await sharedAt(mentorId)).shared_by).toBe(t.world.users.coordinator);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await share(head, mentorId, 'unshare')).page).toContain('Наставник закрыт для других школ');

    // The department reads the card but has no button and may not open it.
    const department = await signedIn(t.app, 'department', PASSWORD);
    const card = textOf((await department.get(`/mentors/${mentorId}`)).body);
    expect(card).not.toContain('Открыть муниципалитету');
    expect((await department.post(`/mentors/${mentorId}/share`)).statusCode).toBe(403);
    // Another school's curator does not see the record at all; the other municipality's coordinator neither.
    const other = await neighbour();
    expect((await other.post(`/mentors/${mentorId}/share`)).statusCode).toBe(404);
    const coordinatorB = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await coordinatorB.post(`/mentors/${mentorId}/share`)).statusCode).toBe(404);
    expect((await sharedAt(mentorId)).shared_at).toBeNull();
  });
});

describe('proposals and pairs across schools', () => {
  it('another school’s proposals include the opened mentor, marked, scored by origin; closed, it leaves the proposals', async () => {
    const mentorId = await readyMentor();
    const { programmeId, menteeId } = await otherSchoolMentee();
    // The other municipality's opened mentor is never proposed.
    await db()
      .updateTable('mentors')
      .set({ shared_at: new Date(), consent_date: daysAgo(5) })
      .where('id', '=', t.world.people.mentorB)
      .execute();
    const other = await neighbour();
    const url = `/pairs/new?programme_id=${programmeId}&mentee_ids=${menteeId}`;
    let page = textOf((await other.get(url)).body);
    expect(page).not.toContain('Наставникова');
    expect(page).toContain('Подходящих наставников в базе школы нет');

    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await share(curator, mentorId);
    page = textOf((await other.get(url)).body);
    expect(page).toContain('Наставникова Мария, учитель математики — из другой организации: Школа А1');
    expect(page).toContain('Из другой школы муниципалитета: Школа А1');
    expect(page).not.toContain('Наставникова-Б');
    // In its own school it is an own mentor, unmarked.
    const own = textOf(
      (await curator.get(`/pairs/new?programme_id=${t.world.programmes.a}&mentee_ids=${t.world.people.menteeA}`)).body,
    );
    expect(own).toContain('Наставникова Мария, учитель математики');
    expect(own).not.toContain('из другой организации');
    expect(own).toContain('Из своей школы');

    await share(curator, mentorId, 'unshare');
    page = textOf((await other.get(url)).body);
    expect(page).not.toContain('Наставникова');
    // And it cannot be chosen by hand either.
    const refused = await postList(other, '/pairs', pairForm(programmeId, menteeId, mentorId));
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Наставник не найден в базе школы и не открыт муниципалитету');
  });

  it('a partner’s mentor opened to the municipality is scored as the school’s partner only with a running agreement', async () => {
    const partnerMentor = await db()
      .insertInto('mentors')
      .values({
        organization_id: t.world.a.school,
        origin_organization_id: t.world.a.partner,
        last_name: 'Заводская',
        first_name: 'Ольга',
        category: 'teacher',
        consent_date: daysAgo(20),
        shared_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { programmeId, menteeId } = await otherSchoolMentee();
    const other = await neighbour();
    const page = textOf((await other.get(`/pairs/new?programme_id=${programmeId}&mentee_ids=${menteeId}`)).body);
    expect(page).toContain('Заводская Ольга — из другой организации: Завод А');
    expect(page).toContain('Из организации-партнёра муниципалитета: Завод А (+4)');
    // Школа А2 signs an agreement with the partner: now it is the school's partner.
    await db()
      .insertInto('agreements')
      .values({
        school_id: t.world.a.otherSchool,
        party_id: t.world.a.partner,
        kind: 'partner',
        valid_from: daysAgo(30),
        subject: 'Наставничество',
      })
      .execute();
    const again = (await other.get(`/pairs/new?programme_id=${programmeId}&mentee_ids=${menteeId}`)).body;
    expect(textOf(again)).toContain('Из организации-партнёра школы: Завод А (+8)');
    expect(again).toContain(`name="mentor_ids" value="${partnerMentor.id}"`);
  });

  it('a pair formed with the opened mentor belongs to the mentee’s school; the record stays one; closing keeps the pair', async () => {
    const mentorId = await readyMentor();
    const { programmeId, menteeId } = await otherSchoolMentee();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await share(curator, mentorId);
    const mentorsBefore = await db().selectFrom('mentors').select('id').execute();
    const other = await neighbour();
    const pairId = createdPair(await postList(other, '/pairs', pairForm(programmeId, menteeId, mentorId)));
    const pair = await db().selectFrom('pairs').selectAll().where('id', '=', pairId).executeTakeFirstOrThrow();
    expect(pair).toMatchObject({ organization_id: t.world.a.otherSchool, status: 'forming', programme_id: programmeId });
    expect(await db().selectFrom('pair_mentors').select('mentor_id').where('pair_id', '=', pairId).execute()).toEqual([
      { mentor_id: mentorId },
    ]);
    expect(await db().selectFrom('mentors').select('id').execute()).toEqual(mentorsBefore);
    // The pair's order and activation: the mentor's consent is read from its one record.
    const order = await postList(other, '/pairs/order', { number: '12-н', order_date: daysAgo(1), pair: String(pairId) });
    expect(order.statusCode).toBe(303);
    expect((await db().selectFrom('pairs').select('status').where('id', '=', pairId).executeTakeFirstOrThrow()).status).toBe(
      'active',
    );

    await share(curator, mentorId, 'unshare');
    const page = textOf((await other.get(`/pairs/${pairId}`)).body);
    expect(page).toContain('Наставникова Мария');
    expect((await db().selectFrom('pairs').select('status').where('id', '=', pairId).executeTakeFirstOrThrow()).status).toBe(
      'active',
    );
  });

  it('the mentor’s own school is told when another school pairs it; the notice leads to the card, and the mailer sees it so', async () => {
    const mentorId = await readyMentor();
    const { programmeId, menteeId } = await otherSchoolMentee();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await share(curator, mentorId);
    const other = await neighbour();
    createdPair(await postList(other, '/pairs', pairForm(programmeId, menteeId, mentorId)));
    const notices = await db()
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.login', 'notifications.id', 'notifications.title', 'notifications.link', 'notifications.entity_type'])
      .where('notifications.kind', '=', 'mentor_paired_elsewhere')
      .orderBy('users.login')
      .execute();
    expect(notices.map((n) => n.login)).toEqual(['curator', 'school_head']);
    expect(notices[0]).toMatchObject({
      title: 'Наставник Наставникова Мария закреплён за наставляемым другой школы: Школа А2',
      link: `/mentors/${mentorId}`,
      entity_type: 'mentor_record',
    });
    // The mail job rebuilds the object as the rules see it: the mentor of school А1.
    expect(await noticeSubjectOf(db(), 'mentor_record', mentorId)).toEqual({
      type: 'mentor',
      ref: { organization_id: t.world.a.school, municipality_id: t.world.a.id },
    });
    await curator.get('/notifications');
    const opened = await curator.post(`/notifications/${notices[0]!.id}/open`);
    expect(opened.headers.location).toBe(`/mentors/${mentorId}`);
    expect((await curator.get(`/mentors/${mentorId}`)).statusCode).toBe(200);
  });

  it('capacity counts the mentor’s pairs at every school', async () => {
    const mentorId = await readyMentor(1);
    const { programmeId, menteeId } = await otherSchoolMentee();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await share(curator, mentorId);
    // Its own school fills its one place.
    await curator.get('/pairs/new');
    createdPair(await postList(curator, '/pairs', pairForm(t.world.programmes.a, t.world.people.menteeA, mentorId)));
    const other = await neighbour();
    const page = textOf((await other.get(`/pairs/new?programme_id=${programmeId}&mentee_ids=${menteeId}`)).body);
    expect(page).toContain('Сейчас не может быть выбран: свободных мест нет: 1 из 1');
    const refused = await postList(other, '/pairs', pairForm(programmeId, menteeId, mentorId));
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('свободных мест нет: 1 из 1');
    // And the other way: a place taken in Школа А2 is taken for its own school too.
    await db().updateTable('mentors').set({ capacity: 2 }).where('id', '=', mentorId).execute();
    createdPair(await postList(other, '/pairs', pairForm(programmeId, menteeId, mentorId)));
    const second = await db()
      .insertInto('mentees')
      .values({ organization_id: t.world.a.school, last_name: 'Второй', first_name: 'Иван', category: 'new_teacher' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const own = textOf((await curator.get(`/pairs/new?programme_id=${t.world.programmes.a}&mentee_ids=${second.id}`)).body);
    expect(own).toContain('свободных мест нет: 2 из 2');
  });
});

describe('who sees what of the shared mentor', () => {
  async function pairAtNeighbour() {
    const mentorId = await readyMentor();
    const { programmeId, menteeId } = await otherSchoolMentee('Соседкин');
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await share(curator, mentorId);
    const other = await neighbour();
    const pairId = createdPair(await postList(other, '/pairs', pairForm(programmeId, menteeId, mentorId)));
    return { mentorId, pairId, curator, other };
  }

  it('the other school’s curator sees name, position, organisation and contacts in its pair, not the record nor the base', async () => {
    const { mentorId, pairId, other } = await pairAtNeighbour();
    const html = (await other.get(`/pairs/${pairId}`)).body;
    const page = textOf(html);
    expect(page).toContain('Наставникова Мария , учитель математики');
    expect(page).toContain('из другой организации: Школа А1');
    expect(page).toContain('Телефон: +7 (900) 555-11-22; эл. почта: nastavnikova@example.ru');
    expect(html).not.toContain(`href="/mentors/${mentorId}"`);
    expect((await other.get(`/mentors/${mentorId}`)).statusCode).toBe(404);
    expect((await other.get(`/mentors/${mentorId}/edit`)).statusCode).toBe(404);
    expect((await other.post(`/mentors/${mentorId}`, { last_name: 'Иная' })).statusCode).toBe(404);
    expect(textOf((await other.get('/mentors')).body)).not.toContain('Наставникова');
    expect((await other.get(`/mentees/${t.world.people.menteeA}`)).statusCode).toBe(404);
  });

  it('a minor mentor’s contacts stay in its own base', async () => {
    const { mentorId, pairId, other } = await pairAtNeighbour();
    await db()
      .updateTable('mentors')
      .set({ birth_date: daysAgo(16 * 365) })
      .where('id', '=', mentorId)
      .execute();
    const page = textOf((await other.get(`/pairs/${pairId}`)).body);
    expect(page).toContain('из другой организации: Школа А1');
    expect(page).not.toContain('+7 (900) 555-11-22');
  });

  it('the mentor’s own curator sees on its card where else it works, without the other school’s mentees; the coordinator sees all', async () => {
    const { mentorId, pairId, curator } = await pairAtNeighbour();
    const html = (await curator.get(`/mentors/${mentorId}`)).body;
    const card = textOf(html);
    expect(card).toContain(
      `Работает также в: Школа А2, пара № ${pairId} — формируется, педагог – педагог, 01.09.2026–31.05.2027`,
    );
    expect(card).not.toContain('Соседкин');
    expect(html).not.toContain(`href="/pairs/${pairId}"`);
    expect((await curator.get(`/pairs/${pairId}`)).statusCode).toBe(404);

    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const coordinatorHtml = (await coordinator.get(`/mentors/${mentorId}`)).body;
    expect(textOf(coordinatorHtml)).toContain(`Работает также в: Школа А2, пара № ${pairId}`);
    expect(textOf(coordinatorHtml)).toContain('наставляемый: Соседкин Пётр');
    expect(coordinatorHtml).toContain(`href="/pairs/${pairId}"`);
    const pairPage = (await coordinator.get(`/pairs/${pairId}`)).body;
    expect(pairPage).toContain(`href="/mentors/${mentorId}"`);
  });

  it('the mentor with an account sees the pair at the other school and logs its meetings', async () => {
    const { mentorId, pairId, other } = await pairAtNeighbour();
    await db().updateTable('mentors').set({ user_id: t.world.users.mentor! }).where('id', '=', mentorId).execute();
    await postList(other, '/pairs/order', { number: '7', order_date: daysAgo(1), pair: String(pairId) });
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect(textOf((await mentor.get('/')).body)).toContain('Соседкин');
    const page = textOf((await mentor.get(`/pairs/${pairId}`)).body);
    expect(page).toContain('Соседкин Пётр');
    await mentor.get(`/pairs/${pairId}/meetings/new`);
    const logged = await mentor.post(`/pairs/${pairId}/meetings/new`, {
      type: 'introduction',
      held_on: daysAgo(0),
      duration_minutes: '40',
      format: 'in_person',
      topic: 'Знакомство в Школе А2',
      summary: 'Обсудили цели',
      mentor_feedback: '',
    });
    expect(logged.statusCode, textOf(logged.body).slice(0, 600)).toBe(303);
    const meetings = await db().selectFrom('meetings').select(['pair_id', 'topic']).execute();
    expect(meetings).toEqual([{ pair_id: pairId, topic: 'Знакомство в Школе А2' }]);
    const audit = await db()
      .selectFrom('audit_log')
      .select('organization_id')
      .where('entity_type', '=', 'meeting')
      .executeTakeFirstOrThrow();
    expect(audit.organization_id).toBe(t.world.a.otherSchool);
    // The other school's curator reads the meeting in its pair.
    expect(textOf((await other.get(`/pairs/${pairId}`)).body)).toContain('Знакомство в Школе А2');
  });
});

describe('indicators count a shared mentor once', () => {
  async function studentPair(school: number, mentorId: number, lastName: string) {
    const programme = await db()
      .insertInto('programmes')
      .values({ organization_id: school, title: 'Программа', form: 'student_student' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mentee = await db()
      .insertInto('mentees')
      .values({ organization_id: school, last_name: lastName, first_name: 'Тест', category: 'student', birth_date: '2013-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pair = await db()
      .insertInto('pairs')
      .values({
        organization_id: school,
        programme_id: programme.id,
        form: 'student_student',
        kind: 'traditional',
        planned_start: '2024-02-01',
        planned_end: '2026-12-31',
        status: 'active',
        activated_at: new Date('2024-02-01T09:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db().insertInto('pair_mentors').values({ pair_id: pair.id, mentor_id: mentorId }).execute();
    await db().insertInto('pair_mentees').values({ pair_id: pair.id, mentee_id: mentee.id }).execute();
  }

  it('a mentor counts for the school whose base holds it, its mentees for their school, the municipality once', async () => {
    const { school, otherSchool } = t.world.a;
    const codes = await installCatalogue(db(), t.world.a.id, [school, otherSchool]);
    const student = async (lastName: string) =>
      (
        await db()
          .insertInto('mentors')
          .values({
            organization_id: school,
            origin_organization_id: school,
            last_name: lastName,
            first_name: 'Тест',
            category: 'student',
            birth_date: '2008-05-01',
            consent_date: '2024-01-10',
            shared_at: new Date('2024-01-15T09:00:00Z'),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    // One mentor of А1 with mentees in both schools, another with a mentee of А2 only.
    const both = await student('Обеих');
    await studentPair(school, both, 'Первый');
    await studentPair(otherSchool, both, 'Второй');
    const elsewhereOnly = await student('Соседская');
    await studentPair(otherSchool, elsewhereOnly, 'Третий');

    const all = await computeYears(db(), t.world.a.id, [2024]);
    const m2 = (org: number) => all.find((v) => v.indicatorId === codes.get('М2') && v.organizationId === org)?.numerator;
    const m1 = (org: number) => all.find((v) => v.indicatorId === codes.get('М1') && v.organizationId === org)?.numerator;
    expect(m2(t.world.a.id)).toBe(2);
    expect(m2(school)).toBe(2);
    expect(m2(otherSchool)).toBe(0);
    expect(m1(school)).toBe(1);
    expect(m1(otherSchool)).toBe(2);
    expect(m1(t.world.a.id)).toBe(3);
    // One school's recount reads the pairs of its mentors elsewhere too.
    const own = await computeYears(db(), t.world.a.id, [2024], school);
    expect(own.find((v) => v.indicatorId === codes.get('М2') && v.organizationId === school)?.numerator).toBe(2);

    // The dashboards' counts of mentors by school add up to the municipality's.
    await refreshMunicipality(db(), t.world.a.id, '2024-06-01');
    const facts = await db()
      .selectFrom('dashboard_facts')
      .select(['organization_id', 'value'])
      .where('fact', '=', 'mentors_total')
      .where('year', '=', 2024)
      .execute();
    const mentors = new Map(facts.map((f) => [f.organization_id, Number(f.value)]));
    expect(mentors.get(t.world.a.id)).toBe(2);
    expect(mentors.get(school)).toBe(2);
    expect(mentors.get(otherSchool) ?? 0).toBe(0);
  });
});
