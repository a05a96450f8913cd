import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { todayIso } from '../../src/lib/dates.js';
import { Client, signedIn, testConfig, textOf } from '../helpers/app.js';
import { addPair, daysAgo, type PairFixture } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

class LogCapture extends Writable {
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.raw.push(chunk.toString('utf8'));
    done();
  }
}

const logs = new LogCapture();
const t = useWorld({ config: testConfig({ LOG_LEVEL: 'info' }), logStream: logs });
beforeEach(() => {
  logs.raw.length = 0;
});

/** A questionnaire: two satisfaction scales, one scale that does not count, one optional text. */
function templateFields(
  audience: 'mentor' | 'mentee',
  title = audience === 'mentor' ? 'Анкета наставника' : 'Анкета наставляемого',
): Record<string, string> {
  return {
    title,
    audience,
    description: 'Ответы анонимны.',
    rows: '5',
    q0_text: 'Насколько вы удовлетворены участием в программе наставничества?',
    q0_kind: 'scale',
    q0_required: 'on',
    q0_satisfaction: 'on',
    q1_text: 'Насколько полезными были встречи?',
    q1_kind: 'scale',
    q1_required: 'on',
    q1_satisfaction: 'on',
    // an empty row in the middle is dropped
    q2_text: '  ',
    q2_kind: 'scale',
    q3_text: 'Насколько удобно было пользоваться порталом?',
    q3_kind: 'scale',
    q3_required: 'on',
    q4_text: 'Что было самым полезным?',
    q4_kind: 'text',
  };
}

function idIn(location: unknown, pattern: RegExp): number {
  const id = Number(pattern.exec(String(location))?.[1]);
  expect(id, `redirect: ${String(location)}`).toBeGreaterThan(0);
  return id;
}

async function createTemplate(
  coordinator: Client,
  audience: 'mentor' | 'mentee',
  fields: Record<string, string> = {},
): Promise<number> {
  await coordinator.get('/surveys/templates/new');
  const response = await coordinator.post('/surveys/templates', { ...templateFields(audience), ...fields });
  expect(response.statusCode, textOf(response.body).slice(0, 500)).toBe(303);
  return idIn(response.headers.location, /^\/surveys\/templates\/(\d+)$/);
}

async function openSurvey(
  coordinator: Client,
  templateId: number,
  schools: number[],
  fields: Record<string, string> = {},
): Promise<number> {
  await coordinator.get('/surveys/new');
  const body = new URLSearchParams({
    _csrf: coordinator.csrf ?? '',
    template_id: String(templateId),
    title: 'Мониторинг удовлетворённости',
    opens_on: daysAgo(1),
    closes_on: daysAgo(-20),
    ...fields,
  });
  for (const s of schools) body.append('schools', String(s));
  const response = await postRaw(coordinator, '/surveys', body);
  expect(response.statusCode, textOf(response.body).slice(0, 500)).toBe(303);
  return idIn(response.headers.location, /^\/surveys\/(\d+)$/);
}

/** A form with repeated fields (checkboxes), as a browser sends it. */
async function postRaw(client: Client, url: string, body: URLSearchParams): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
  for (const c of response.cookies) client.cookies.set(c.name, c.value);
  return response;
}

async function questionIds(templateId: number): Promise<number[]> {
  const rows = await t.database.db
    .selectFrom('survey_questions')
    .select('id')
    .where('template_id', '=', templateId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.id);
}

/** Answers to the template of templateFields: satisfaction scores `a`, `b`, the portal score and a text. */
function answers(q: number[], a: string, b: string, text = ''): Record<string, string> {
  return { [`q${q[0]}`]: a, [`q${q[1]}`]: b, [`q${q[2]}`]: '3', [`q${q[3]}`]: text };
}

const db = () => t.database.db;

/** A mentor or mentee of a school in a pair of the given status (a programme of its own school). */
async function personInPair(
  kind: 'mentor' | 'mentee',
  school: number,
  status: 'active' | 'completed' | 'forming' | 'terminated',
  options: { archived?: boolean; lastName?: string } = {},
) {
  const lastName = options.lastName ?? `${kind === 'mentor' ? 'Наставникова' : 'Ученикова'}-${status}`;
  const person =
    kind === 'mentor'
      ? await db()
          .insertInto('mentors')
          .values({
            organization_id: school,
            origin_organization_id: school,
            last_name: lastName,
            first_name: 'Ольга',
            category: 'teacher',
            archived_at: options.archived ? new Date() : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      : await db()
          .insertInto('mentees')
          .values({
            organization_id: school,
            last_name: lastName,
            first_name: 'Вера',
            category: 'student',
            class_name: '8А',
            archived_at: options.archived ? new Date() : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
  const programme = await db()
    .insertInto('programmes')
    .values({ organization_id: school, title: 'Программа', form: 'teacher_student' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pair = await db()
    .insertInto('pairs')
    .values({
      organization_id: school,
      programme_id: programme.id,
      form: 'teacher_student',
      kind: 'traditional',
      planned_start: daysAgo(200),
      planned_end: daysAgo(-100),
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (kind === 'mentor') await db().insertInto('pair_mentors').values({ pair_id: pair.id, mentor_id: person.id }).execute();
  else await db().insertInto('pair_mentees').values({ pair_id: pair.id, mentee_id: person.id }).execute();
  return person.id;
}

async function invitations(surveyId: number) {
  return db().selectFrom('survey_invitations').selectAll().where('survey_id', '=', surveyId).orderBy('id').execute();
}

/** A curator of municipality A's other school. */
async function otherSchoolCurator(): Promise<Client> {
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
  return signedIn(t.app, 'curator.a2', PASSWORD);
}

describe('questionnaires', () => {
  it('the coordinator writes a questionnaire with rows of questions: «Добавить вопрос» adds a row, empty rows are dropped, mistakes come back in Russian', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const form = await coordinator.get('/surveys/templates/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="q4_text"');
    expect(form.body).not.toContain('name="q5_text"');

    // «Добавить вопрос» without JavaScript: the same form with one more row, the input kept, nothing saved
    const more = await coordinator.post('/surveys/templates', { ...templateFields('mentor'), add: '1' });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('name="q5_text"');
    expect(more.body).toContain('Насколько полезными были встречи?');
    expect(await db().selectFrom('survey_templates').select('id').execute()).toHaveLength(0);

    const bad = await coordinator.post('/surveys/templates', { ...templateFields('mentor'), title: '', q4_satisfaction: 'on' });
    expect(bad.statusCode).toBe(400);
    const badText = textOf(bad.body);
    expect(badText).toContain('Проверьте форму');
    expect(badText).toContain('Укажите название анкеты');
    expect(badText).toContain('Вопрос 5: в удовлетворённости учитываются только оценки от 1 до 10');
    expect(bad.body).toContain('href="#field-q4_satisfaction"');
    expect(bad.body).toContain('Что было самым полезным?');

    const none = await coordinator.post('/surveys/templates', { title: 'Пустая', audience: 'mentor', rows: '3' });
    expect(none.statusCode).toBe(400);
    expect(textOf(none.body)).toContain('Добавьте хотя бы один вопрос');

    const id = await createTemplate(coordinator, 'mentor');
    const questions = await db()
      .selectFrom('survey_questions')
      .selectAll()
      .where('template_id', '=', id)
      .orderBy('position')
      .execute();
    expect(questions.map((q) => [q.position, q.kind, q.required, q.counts_for_satisfaction])).toEqual([
      [1, 'scale', true, true],
      [2, 'scale', true, true],
      [3, 'scale', true, false],
      [4, 'text', false, false],
    ]);
    const page = textOf((await coordinator.get(`/surveys/templates/${id}`)).body);
    expect(page).toContain('Анкета наставника');
    expect(page).toContain('Что было самым полезным?');
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_type', '=', 'survey_template').execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(audit[0]?.changed_fields).toEqual(expect.arrayContaining(['title', 'audience', 'questions']));
  });

  it('a questionnaire used by a survey keeps its questions: the coordinator may rename it, copy it and archive it', async () => {
    await addPair(db(), t.world, 'a');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const id = await createTemplate(coordinator, 'mentor');
    // before any survey: the questions may change
    const edit = await coordinator.get(`/surveys/templates/${id}/edit`);
    expect(edit.body).toContain('name="q3_text"');
    const changed = await coordinator.post(`/surveys/templates/${id}/edit`, {
      ...templateFields('mentor'),
      q3_text: 'Что бы вы предложили изменить?',
    });
    expect(changed.statusCode).toBe(303);
    expect(
      (await db().selectFrom('survey_questions').select('text').where('template_id', '=', id).orderBy('position').execute()).map(
        (q) => q.text,
      ),
    ).toContain('Что бы вы предложили изменить?');

    await openSurvey(coordinator, id, [t.world.a.school]);
    const locked = await coordinator.get(`/surveys/templates/${id}/edit`);
    expect(locked.statusCode).toBe(200);
    expect(locked.body).not.toContain('name="q0_text"');
    expect(textOf(locked.body)).toContain('её вопросы и адресатов изменить нельзя');
    // a form opened before the survey, sent with other questions: refused with the reason
    const stale = await coordinator.post(`/surveys/templates/${id}/edit`, {
      ...templateFields('mentor'),
      q0_text: 'Другой вопрос?',
    });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Создайте копию анкеты');
    const renamed = await coordinator.post(`/surveys/templates/${id}/edit`, { title: 'Анкета наставника 2025', description: '' });
    expect(renamed.statusCode).toBe(303);
    expect((await db().selectFrom('survey_templates').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title).toBe(
      'Анкета наставника 2025',
    );

    const copy = await coordinator.get(`/surveys/templates/new?from=${id}`);
    expect(copy.body).toContain('Анкета наставника 2025 (копия)');
    expect(copy.body).toContain('Насколько полезными были встречи?');

    expect((await coordinator.post(`/surveys/templates/${id}/archive`)).statusCode).toBe(303);
    const form = await coordinator.get('/surveys/new');
    expect(form.body).not.toContain('Анкета наставника 2025');
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'survey_template')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'archive']);
  });
});

describe('opening a survey', () => {
  it('invites the mentors (or mentees) of the chosen schools who are in active or completed pairs, and nobody else', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const completed = await personInPair('mentor', t.world.a.school, 'completed');
    await personInPair('mentor', t.world.a.school, 'forming');
    await personInPair('mentor', t.world.a.school, 'terminated');
    await personInPair('mentor', t.world.a.school, 'active', { archived: true, lastName: 'Архивная' });
    await personInPair('mentor', t.world.a.otherSchool, 'active');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const mentorTemplate = await createTemplate(coordinator, 'mentor');
    const menteeTemplate = await createTemplate(coordinator, 'mentee');

    const mentors = await openSurvey(coordinator, mentorTemplate, [t.world.a.school]);
    const invitedMentors = await invitations(mentors);
    expect(invitedMentors.map((i) => i.mentor_id).sort()).toEqual([pair.mentorId, completed].sort());
    expect(
      invitedMentors.every(
        (i) => i.mentee_id === null && i.organization_id === t.world.a.school && i.answered_on === null && i.token_hash === null,
      ),
    ).toBe(true);

    const mentees = await openSurvey(coordinator, menteeTemplate, [t.world.a.school]);
    expect((await invitations(mentees)).map((i) => i.mentee_id).sort()).toEqual([pair.teacherMenteeId, pair.studentId].sort());

    const schools = await db().selectFrom('survey_schools').select('organization_id').where('survey_id', '=', mentors).execute();
    expect(schools.map((s) => s.organization_id)).toEqual([t.world.a.school]);
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_type', '=', 'survey').execute();
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([
      ['create', String(mentors)],
      ['create', String(mentees)],
    ]);

    const list = textOf((await coordinator.get('/surveys')).body);
    expect(list).toContain('Мониторинг удовлетворённости');
    expect(list).toContain('идёт');
    expect(list).toContain('0 / 2');
  });

  it('refuses wrong dates, no school, a school of another municipality and a survey that would invite nobody — in Russian, nothing saved', async () => {
    await addPair(db(), t.world, 'a');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const template = await createTemplate(coordinator, 'mentor');
    await coordinator.get('/surveys/new');
    const post = (fields: Record<string, string>, schools: number[]) => {
      const body = new URLSearchParams({
        _csrf: coordinator.csrf ?? '',
        template_id: String(template),
        title: 'Опрос',
        opens_on: daysAgo(0),
        closes_on: daysAgo(-10),
        ...fields,
      });
      for (const s of schools) body.append('schools', String(s));
      return postRaw(coordinator, '/surveys', body);
    };
    const backwards = await post({ opens_on: daysAgo(-10), closes_on: daysAgo(-5).split('-').reverse().join('.') }, [
      t.world.a.school,
    ]);
    expect(backwards.statusCode).toBe(400);
    expect(textOf(backwards.body)).toContain('Дата окончания не может быть раньше даты начала');
    const badDate = await post({ opens_on: '31.02.2026' }, [t.world.a.school]);
    expect(textOf(badDate.body)).toContain('Дата начала: укажите дату в виде ДД.ММ.ГГГГ');
    const past = await post({ opens_on: daysAgo(30), closes_on: daysAgo(2) }, [t.world.a.school]);
    expect(textOf(past.body)).toContain('Дата окончания уже прошла');
    const noSchool = await post({}, []);
    expect(noSchool.statusCode).toBe(400);
    expect(textOf(noSchool.body)).toContain('Отметьте хотя бы одну школу');
    const foreign = await post({}, [t.world.b.school]);
    expect(textOf(foreign.body)).toContain('Отметьте школы из списка');
    const nobody = await post({}, [t.world.a.otherSchool]);
    expect(nobody.statusCode).toBe(400);
    expect(textOf(nobody.body)).toContain('приглашать в опрос некого');
    expect(await db().selectFrom('surveys').select('id').execute()).toHaveLength(0);
    expect(await db().selectFrom('survey_invitations').select('id').execute()).toHaveLength(0);
  });
});

describe('answering', () => {
  async function mentorSurvey(): Promise<{ pair: PairFixture; survey: number; q: number[]; coordinator: Client }> {
    const pair = await addPair(db(), t.world, 'a');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const template = await createTemplate(coordinator, 'mentor');
    const survey = await openSurvey(coordinator, template, [t.world.a.school]);
    return { pair, survey, q: await questionIds(template), coordinator };
  }

  it('a mentor with an account answers once from its home page; the response keeps no link to the person', async () => {
    const { pair, survey, q, coordinator } = await mentorSurvey();
    // the list's figures are kept under the municipality's data version: an answer moves it
    expect(textOf((await coordinator.get('/surveys')).body)).toContain('0 / 1');
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    const home = await mentor.get('/');
    expect(textOf(home.body)).toContain('Анкеты');
    expect(home.body).toContain(`href="/surveys/${survey}/answer"`);

    const page = await mentor.get(`/surveys/${survey}/answer`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<legend>1. Насколько вы удовлетворены участием в программе наставничества?');
    expect(page.body).toContain(`name="q${q[0]}" value="10"`);

    const missing = await mentor.post(`/surveys/${survey}/answer`, { [`q${q[1]}`]: '11', [`q${q[3]}`]: 'Разборы уроков' });
    expect(missing.statusCode).toBe(400);
    const text = textOf(missing.body);
    expect(text).toContain('Вопрос 1: выберите оценку от 1 до 10');
    expect(text).toContain('Вопрос 2: оценка — целое число от 1 до 10');
    expect(text).toContain('Вопрос 3: выберите оценку от 1 до 10');
    expect(missing.body).toContain(`href="#field-q${q[0]}"`);
    expect(missing.body).toContain('Разборы уроков');
    expect(await db().selectFrom('survey_responses').select('id').execute()).toHaveLength(0);

    const sent = await mentor.post(`/surveys/${survey}/answer`, answers(q, '8', '9', 'Разборы уроков'));
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/');
    expect(textOf((await coordinator.get('/surveys')).body)).toContain('1 / 1');
    const response = await db().selectFrom('survey_responses').selectAll().executeTakeFirstOrThrow();
    expect(response).toMatchObject({
      survey_id: survey,
      organization_id: t.world.a.school,
      audience: 'mentor',
      is_minor: false,
      via: 'account',
      submitted_on: todayIso(),
    });
    expect(Number(response.satisfaction)).toBe(8.5);
    // nothing in the response points at the invitation, the mentor or the account
    expect(Object.keys(response).sort()).toEqual([
      'audience',
      'id',
      'is_minor',
      'organization_id',
      'satisfaction',
      'submitted_on',
      'survey_id',
      'via',
    ]);
    const stored = await db()
      .selectFrom('survey_answers')
      .selectAll()
      .where('response_id', '=', response.id)
      .orderBy('question_id')
      .execute();
    expect(stored.map((a) => [a.score, a.text])).toEqual([
      [8, null],
      [9, null],
      [3, null],
      [null, 'Разборы уроков'],
    ]);
    const invitation = await db()
      .selectFrom('survey_invitations')
      .selectAll()
      .where('mentor_id', '=', pair.mentorId)
      .executeTakeFirstOrThrow();
    expect(invitation.answered_on).toBe(todayIso());
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_type', '=', 'survey_response').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'answer',
      entity_id: String(response.id),
      user_id: null,
      ip: null,
      organization_id: t.world.a.school,
    });
    // and nothing else was logged with it: no line about the invitation, none with the mentor's account
    const answerLines = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', 'in', ['survey_invitation', 'survey_response'])
      .execute();
    expect(answerLines.map((a) => [a.entity_type, a.user_id])).toEqual([['survey_response', null]]);

    // once only
    const again = await mentor.post(`/surveys/${survey}/answer`, answers(q, '2', '2'));
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('Вы уже ответили на эту анкету');
    const reopened = await mentor.get(`/surveys/${survey}/answer`);
    expect(reopened.statusCode).toBe(200);
    expect(textOf(reopened.body)).toContain('Вы уже ответили на эту анкету');
    expect(reopened.body).not.toContain(`name="q${q[0]}"`);
    expect(await db().selectFrom('survey_responses').select('id').execute()).toHaveLength(1);
    expect(textOf((await mentor.get('/')).body)).not.toContain('Мониторинг удовлетворённости');

    // not invited: the mentee account, to a mentors' survey
    const mentee = await signedIn(t.app, 'mentee', PASSWORD);
    expect((await mentee.get(`/surveys/${survey}/answer`)).statusCode).toBe(404);
    expect((await mentee.post(`/surveys/${survey}/answer`, answers(q, '5', '5'))).statusCode).toBe(404);
  });

  it('outside the survey’s period the page says so and an answer is refused (409)', async () => {
    const { survey, q } = await mentorSurvey();
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    await db()
      .updateTable('surveys')
      .set({ opens_on: daysAgo(-3), closes_on: daysAgo(-10) })
      .where('id', '=', survey)
      .execute();
    const early = await mentor.get(`/surveys/${survey}/answer`);
    expect(textOf(early.body)).toContain('Опрос ещё не начался');
    expect(textOf((await mentor.get('/')).body)).not.toContain('Анкеты');
    expect((await mentor.post(`/surveys/${survey}/answer`, answers(q, '8', '8'))).statusCode).toBe(409);
    await db()
      .updateTable('surveys')
      .set({ opens_on: daysAgo(20), closes_on: daysAgo(1) })
      .where('id', '=', survey)
      .execute();
    const late = await mentor.post(`/surveys/${survey}/answer`, answers(q, '8', '8'));
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain('Опрос завершён');
    expect(await db().selectFrom('survey_responses').select('id').execute()).toHaveLength(0);
  });

  it('a student without an account answers through the personal link the curator issues: shown once, stored hashed, 404 unknown, 410 after answering', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const template = await createTemplate(coordinator, 'mentee');
    const survey = await openSurvey(coordinator, template, [t.world.a.school]);
    const q = await questionIds(template);
    const student = await db()
      .selectFrom('survey_invitations')
      .selectAll()
      .where('mentee_id', '=', pair.studentId)
      .executeTakeFirstOrThrow();

    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const list = await curator.get(`/surveys/${survey}/links`);
    expect(list.statusCode).toBe(200);
    const listText = textOf(list.body);
    // the student has no account; the teacher-mentee answers in the portal
    expect(listText).toContain('Ученикова Алиса, 7Б класс');
    expect(listText).not.toContain('Подопечный');
    const issued = await curator.post(`/surveys/${survey}/links`, { invitation: String(student.id) });
    expect(issued.statusCode).toBe(200);
    expect(issued.headers['cache-control']).toBe('no-store');
    const match = /(https?:\/\/[^\s"<]+\/survey-link\/([a-z2-7]{32}))/.exec(issued.body);
    if (!match) throw new Error('no link on the page');
    const token = match[2]!;
    expect(textOf(issued.body)).toContain('Ученикова Алиса');
    const stored = await db().selectFrom('survey_invitations').selectAll().where('id', '=', student.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    // shown once: the list page does not show it again
    const after = await curator.get(`/surveys/${survey}/links`);
    expect(after.body).not.toContain(token);
    expect(textOf(after.body)).toContain('ссылка выдана');
    const issueAudit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'issue_links')
      .executeTakeFirstOrThrow();
    expect(issueAudit).toMatchObject({ entity_type: 'survey', entity_id: String(survey), changed_fields: ['token_hash'] });
    // nothing chosen: a message, no link
    const nothing = await curator.post(`/surveys/${survey}/links`, {});
    expect(nothing.statusCode).toBe(400);
    expect(textOf(nothing.body)).toContain('Отметьте участников, которым нужна ссылка');

    const visitor = new Client(t.app);
    const page = await visitor.get(`/survey-link/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.cookies.map((c) => c.name)).not.toContain('session');
    expect(textOf(page.body)).toContain('Здравствуйте, Алиса!');
    expect(page.body).not.toContain('Ученикова');
    const invalid = await visitor.post(`/survey-link/${token}`, { [`q${q[0]}`]: '0' });
    expect(invalid.statusCode).toBe(400);
    expect(textOf(invalid.body)).toContain('Вопрос 1: оценка — целое число от 1 до 10');
    const sent = await visitor.post(`/survey-link/${token}`, answers(q, '6', '9', 'Помогли с проектом'));
    expect(sent.statusCode).toBe(200);
    expect(textOf(sent.body)).toContain('Спасибо за ответы!');
    const response = await db().selectFrom('survey_responses').selectAll().executeTakeFirstOrThrow();
    expect(response).toMatchObject({ audience: 'mentee', is_minor: true, via: 'link', organization_id: t.world.a.school });
    expect(Number(response.satisfaction)).toBe(7.5);
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'answer').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_type: 'survey_response', entity_id: String(response.id), user_id: null, ip: null });

    // answered: 410, once only
    const gone = await visitor.get(`/survey-link/${token}`);
    expect(gone.statusCode).toBe(410);
    expect(textOf(gone.body)).toContain('Ответить можно только один раз');
    expect((await visitor.post(`/survey-link/${token}`, answers(q, '1', '1'))).statusCode).toBe(410);
    expect(await db().selectFrom('survey_responses').select('id').execute()).toHaveLength(1);
    // the answered student is no longer offered a link
    expect(textOf((await curator.get(`/surveys/${survey}/links`)).body)).not.toContain('Ученикова Алиса');

    // unknown or malformed: 404
    for (const guess of ['a'.repeat(32), 'not-a-token']) {
      const response404 = await new Client(t.app).get(`/survey-link/${guess}`);
      expect(response404.statusCode, guess).toBe(404);
      expect(textOf(response404.body)).toContain('Ссылка неверна');
    }
    // the token never reaches the log
    const logged = logs.raw.join('');
    expect(logged).toContain('/survey-link/[скрыто]');
    expect(logged).not.toContain(token);
  });

  it('a link stops working when the survey closes (410), and a reissued link replaces the old one (404)', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const template = await createTemplate(coordinator, 'mentee');
    const survey = await openSurvey(coordinator, template, [t.world.a.school]);
    const q = await questionIds(template);
    const student = await db()
      .selectFrom('survey_invitations')
      .select('id')
      .where('mentee_id', '=', pair.studentId)
      .executeTakeFirstOrThrow();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get(`/surveys/${survey}/links`);
    const tokenOf = (body: string) => /\/survey-link\/([a-z2-7]{32})/.exec(body)?.[1] ?? '';
    const first = tokenOf((await curator.post(`/surveys/${survey}/links`, { invitation: String(student.id) })).body);
    const second = tokenOf((await curator.post(`/surveys/${survey}/links`, { invitation: String(student.id) })).body);
    expect(first).not.toBe(second);
    expect((await new Client(t.app).get(`/survey-link/${first}`)).statusCode).toBe(404);
    expect((await new Client(t.app).get(`/survey-link/${second}`)).statusCode).toBe(200);

    await db()
      .updateTable('surveys')
      .set({ opens_on: daysAgo(20), closes_on: daysAgo(1) })
      .where('id', '=', survey)
      .execute();
    const visitor = new Client(t.app);
    const closed = await visitor.get(`/survey-link/${second}`);
    expect(closed.statusCode).toBe(410);
    expect(textOf(closed.body)).toContain('Опрос завершён');
    expect((await visitor.post(`/survey-link/${second}`, answers(q, '9', '9'))).statusCode).toBe(410);
    // and no more links are issued
    expect((await curator.post(`/surveys/${survey}/links`, { invitation: String(student.id) })).statusCode).toBe(409);
  });
});

describe('results', () => {
  /** A school's answers written straight in the tables (who answered does not matter to the results). */
  async function answered(survey: number, school: number, q: number[], list: Array<{ a: number; b: number; text?: string }>) {
    for (const r of list) {
      const satisfaction = (r.a + r.b) / 2;
      const response = await db()
        .insertInto('survey_responses')
        .values({
          survey_id: survey,
          organization_id: school,
          audience: 'mentor',
          is_minor: false,
          satisfaction,
          via: 'account',
          submitted_on: todayIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('survey_answers')
        .values([
          { response_id: response.id, question_id: q[0]!, score: r.a },
          { response_id: response.id, question_id: q[1]!, score: r.b },
          { response_id: response.id, question_id: q[2]!, score: 5 },
          ...(r.text ? [{ response_id: response.id, question_id: q[3]!, text: r.text }] : []),
        ])
        .execute();
    }
  }

  it('per school: invited, answers, mean satisfaction and the share satisfied; a school with fewer than 3 answers shows its count only', async () => {
    await addPair(db(), t.world, 'a');
    for (const name of ['Первая', 'Вторая', 'Третья', 'Четвёртая'])
      await personInPair('mentor', t.world.a.otherSchool, 'active', { lastName: name });
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const template = await createTemplate(coordinator, 'mentor');
    const survey = await openSurvey(coordinator, template, [t.world.a.school, t.world.a.otherSchool]);
    const q = await questionIds(template);
    // school 1: one answer (the mentor's, through the portal); school 2: three answers
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.post(`/surveys/${survey}/answer`, answers(q, '2', '3', 'Секрет первой школы'))).statusCode).toBe(303);
    await answered(survey, t.world.a.otherSchool, q, [
      { a: 9, b: 9, text: 'Разборы уроков' },
      { a: 6, b: 5 },
      { a: 8, b: 7, text: 'Взаимопосещения' },
    ]);

    const page = await coordinator.get(`/surveys/${survey}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    // Школа А1: 1 invited, 1 answer, count only
    expect(text).toMatch(/Школа А1 1 1 меньше 3 ответов — только число/);
    // Школа А2: 4 invited, 3 answers, mean (9 + 5.5 + 7.5) / 3 = 7.3, 2 of 3 satisfied
    expect(text).toMatch(/Школа А2 4 3 7,3 67 %/);
    // the total leaves the small school out of its mean
    expect(text).toMatch(/Всего по опросу 5 4 7,3 67 %/);
    expect(text).toContain('Разборы уроков');
    expect(text).toContain('Взаимопосещения');
    expect(text).not.toContain('Секрет первой школы');
    expect(text).toContain('Итоги по 3 ответам');
    // question 1 over the shown answers: 9, 6, 8
    expect(text).toContain(
      '1. Насколько вы удовлетворены участием в программе наставничества? Средняя оценка: 7,7 из 10 · ответов: 3',
    );
    // no names anywhere
    expect(text).not.toContain('Наставникова');
    expect(text).not.toContain('Первая');

    // the curator of the first school: its school only, the count only
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const own = textOf((await curator.get(`/surveys/${survey}`)).body);
    expect(own).toMatch(/Школа А1 1 1 меньше 3 ответов — только число/);
    expect(own).not.toContain('Школа А2');
    expect(own).not.toContain('Разборы уроков');
    expect(own).not.toContain('Секрет первой школы');
    expect(own).toContain('Пока недостаточно ответов');
    const ownList = textOf((await curator.get('/surveys')).body);
    expect(ownList).toContain('1 / 1');

    // the department reads the whole survey
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect(textOf((await department.get(`/surveys/${survey}`)).body)).toMatch(/Школа А2 4 3 7,3 67 %/);
  });

  it('scope: another school, another municipality and the participants see nothing of the survey', async () => {
    await addPair(db(), t.world, 'a');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const template = await createTemplate(coordinator, 'mentor');
    const survey = await openSurvey(coordinator, template, [t.world.a.school]);

    const neighbour = await otherSchoolCurator();
    expect((await neighbour.get(`/surveys/${survey}`)).statusCode).toBe(404);
    expect((await neighbour.get(`/surveys/${survey}/links`)).statusCode).toBe(404);
    expect((await neighbour.post(`/surveys/${survey}/links`, { invitation: '1' })).statusCode).toBe(404);
    expect(textOf((await neighbour.get('/surveys')).body)).not.toContain('Мониторинг удовлетворённости');
    for (const login of ['coordinator.b', 'department.b', 'curator.b', 'school_head.b']) {
      const other = await signedIn(t.app, login, PASSWORD);
      expect((await other.get(`/surveys/${survey}`)).statusCode, login).toBe(404);
      expect(textOf((await other.get('/surveys')).body), login).not.toContain('Мониторинг удовлетворённости');
    }
    const coordinatorB = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await coordinatorB.get(`/surveys/templates/${template}`)).statusCode).toBe(404);
    // outsiders get no validation answer: 404 before the form is read
    expect((await coordinatorB.post(`/surveys/templates/${template}/edit`, { title: '' })).statusCode).toBe(404);
    expect((await coordinatorB.post(`/surveys/templates/${template}/archive`)).statusCode).toBe(404);
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.get(`/surveys/${survey}`)).statusCode).toBe(403);
    const mentorB = await signedIn(t.app, 'mentor.b', PASSWORD);
    expect((await mentorB.get(`/surveys/${survey}/answer`)).statusCode).toBe(404);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await head.get(`/surveys/${survey}`)).statusCode).toBe(200);
    expect((await head.get(`/surveys/${survey}/links`)).statusCode).toBe(403);
  });
});
