import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';
import { postList } from '../helpers/forms.js';

const t = useWorld();

const form = (over: Record<string, string | string[]> = {}) => ({
  programme_id: String(t.world.programmes.a),
  form: 'teacher_teacher',
  kind: 'traditional',
  planned_start: '2026-09-01',
  planned_end: '2027-05-31',
  role_model: 'опытный педагог – молодой специалист',
  goals: 'Освоить методику проектной работы',
  mentor_ids: String(t.world.people.mentorA),
  mentee_ids: String(t.world.people.menteeA),
  ...over,
});

async function curator() {
  const client = await signedIn(t.app, 'curator', PASSWORD);
  await client.get('/pairs/new');
  return client;
}

async function mentee(lastName: string, values: Record<string, unknown> = {}) {
  const row = await t.database.db
    .insertInto('mentees')
    .values({ organization_id: t.world.a.school, last_name: lastName, first_name: 'Иван', category: 'new_teacher', ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function pairOf(id: number) {
  return t.database.db.selectFrom('pairs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function created(response: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(response.statusCode, textOf(response.body).slice(0, 500)).toBe(303);
  return Number(/\/pairs\/(\d+)/.exec(String(response.headers.location))?.[1]);
}

describe('forming a pair', () => {
  it('the curator forms a pair inside a programme; it starts as «формируется», audited', async () => {
    const client = await curator();
    const id = created(await postList(client, '/pairs', form()));
    const pair = await pairOf(id);
    expect(pair).toMatchObject({
      organization_id: t.world.a.school,
      status: 'forming',
      form: 'teacher_teacher',
      programme_id: t.world.programmes.a,
    });
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'pair').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.changed_fields).toContain('mentees');
    const list = textOf((await client.get('/pairs')).body);
    expect(list).toContain('Наставникова');
    expect(list).toContain('формируется');
  });

  it('proposes mentors with the reasons of their rank', async () => {
    const client = await curator();
    const page = await client.get(
      `/pairs/new?programme_id=${t.world.programmes.a}&form=teacher_teacher&mentee_ids=${t.world.people.menteeA}`,
    );
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Предложенные наставники');
    expect(text).toContain('Наставникова');
    expect(text).toMatch(/\d+ балл/);
    // The mentor of the other municipality's school is never proposed.
    expect(text).not.toContain('Наставникова-Б');
  });

  it('keeps the rules of the forms, with a Russian message', async () => {
    const client = await curator();
    // «ученик – ученик» needs a student mentor and a student mentee.
    let r = await postList(client, '/pairs', form({ form: 'student_student' }));
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toMatch(/ученик – ученик/);
    // «работодатель – ученик» needs a mentor from a partner organisation.
    r = await postList(client, '/pairs', form({ form: 'employer_student' }));
    expect(r.statusCode).toBe(400);
    // Several mentors and several mentees at once is neither a pair nor a group.
    const second = await mentee('Второй');
    const mentor2 = await t.database.db
      .insertInto('mentors')
      .values({ organization_id: t.world.a.school, last_name: 'Учителева', first_name: 'Анна', category: 'teacher', capacity: 3 })
      .returning('id')
      .executeTakeFirstOrThrow();
    r = await postList(
      client,
      '/pairs',
      form({
        mentor_ids: [String(t.world.people.mentorA), String(mentor2.id)],
        mentee_ids: [String(t.world.people.menteeA), String(second)],
      }),
    );
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain(
      'один наставник с несколькими наставляемыми или один наставляемый с несколькими наставниками',
    );
    // Another school's mentor is not in this school's base.
    r = await postList(client, '/pairs', form({ mentor_ids: String(t.world.people.mentorB) }));
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain('не найден в базе школы');
    // The user's input is kept.
    expect(r.body).toContain('Освоить методику проектной работы');
    expect(await t.database.db.selectFrom('pairs').selectAll().execute()).toHaveLength(0);
  });

  it('does not exceed a mentor’s capacity, and refuses an archived or erased person', async () => {
    const client = await curator();
    // mentorA has capacity 1 (the default): the first pair takes it.
    created(await postList(client, '/pairs', form()));
    const other = await mentee('Третий');
    let r = await postList(client, '/pairs', form({ mentee_ids: String(other) }));
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain('свободных мест нет: 1 из 1');
    await t.database.db.updateTable('mentors').set({ capacity: 5 }).where('id', '=', t.world.people.mentorA).execute();
    const archived = await mentee('Архивный', { archived_at: new Date() });
    r = await postList(client, '/pairs', form({ mentee_ids: String(archived) }));
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain('в архиве');
    const erased = await mentee('Удалённый', { erased_at: new Date() });
    r = await postList(client, '/pairs', form({ mentee_ids: String(erased) }));
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain('данные удалены');
  });
});

describe('the order and the lifecycle', () => {
  it.each([
    [
      'Кузьмина-Караваева Елизавета Юрьевна',
      'Заместитель директора по УВР',
      'заместителя директора по УВР Кузьмину-Караваеву Елизавету Юрьевну',
    ],
    ['Шевчук Олег Ильич', 'Педагог-психолог', 'педагога-психолога Шевчука Олега Ильича'],
  ])('the order names the curator %s declined, on the page and in the .docx', async (name, position, expected) => {
    await t.database.db
      .updateTable('users')
      .set({ full_name: name, position })
      .where('id', '=', t.world.users.curator!)
      .execute();
    const client = await curator();
    const id = created(await postList(client, '/pairs', form()));
    const sentence = `мониторинг их деятельности, ${expected}.`;
    const page = textOf((await client.get(`/pairs/order?pair=${id}`)).body).replace(/\s+/g, ' ');
    expect(page).toContain(
      `Назначить куратором реализации целевой модели наставничества, ответственным за организацию работы наставнических пар (групп), сопровождение и ${sentence}`,
    );
    const docx = await client.get(`/pairs/order.docx?pair=${id}`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string');
    expect((xml ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain(sentence);
  });

  it('the .docx order opens and lists the pairs; recording it activates the pairs whose people all consented', async () => {
    const client = await curator();
    const id = created(await postList(client, '/pairs', form()));

    const page = await client.get(`/pairs/order?pair=${id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('О закреплении наставнических пар (групп)');
    const docx = await client.get(`/pairs/order.docx?pair=${id}`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string');
    const text = (xml ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('ПРИКАЗ');
    expect(text).toContain('Наставникова Мария');
    expect(text).toContain('Подопечный Павел');
    expect(text).toContain('педагог – педагог');
    expect(text).toContain('01.09.2026 – 31.05.2027');

    // No consent recorded: the order is in, the pair waits.
    let r = await postList(client, '/pairs/order', { number: '45-о', order_date: '2026-09-01', pair: String(id) });
    expect(r.statusCode).toBe(303);
    let pair = await pairOf(id);
    expect(pair.status).toBe('forming');
    expect(pair.order_id).not.toBeNull();
    const shown = textOf((await client.get(`/pairs/${id}`)).body);
    expect(shown).toContain('нет согласия');
    r = await postList(client, `/pairs/${id}/activate`, {});
    expect(r.statusCode).toBe(409);

    await t.database.db
      .updateTable('mentors')
      .set({ consent_date: '2026-08-20' })
      .where('id', '=', t.world.people.mentorA)
      .execute();
    await t.database.db
      .updateTable('mentees')
      .set({ consent_date: '2026-08-21' })
      .where('id', '=', t.world.people.menteeA)
      .execute();
    r = await postList(client, `/pairs/${id}/activate`, {});
    expect(r.statusCode).toBe(303);
    pair = await pairOf(id);
    expect(pair.status).toBe('active');
    expect(pair.activated_at).not.toBeNull();
  });

  it('a pair whose people consented becomes active with the order; a future order date is refused', async () => {
    await t.database.db
      .updateTable('mentors')
      .set({ consent_date: '2026-08-20' })
      .where('id', '=', t.world.people.mentorA)
      .execute();
    await t.database.db
      .updateTable('mentees')
      .set({ consent_date: '2026-08-21' })
      .where('id', '=', t.world.people.menteeA)
      .execute();
    const client = await curator();
    const id = created(await postList(client, '/pairs', form()));
    const future = await postList(client, '/pairs/order', { number: '1', order_date: '2999-01-01', pair: String(id) });
    expect(future.statusCode).toBe(400);
    expect(textOf(future.body)).toContain('не может быть позже сегодняшнего дня');
    await postList(client, '/pairs/order', { number: '46-о', order_date: '2026-09-01', pair: String(id) });
    expect((await pairOf(id)).status).toBe('active');
    // Once active, the order is not recorded again.
    const again = await postList(client, '/pairs/order', { number: '47-о', order_date: '2026-09-02', pair: String(id) });
    expect(again.statusCode).toBe(409);
  });

  it('stops a pair early only with a reason', async () => {
    const client = await curator();
    const id = created(await postList(client, '/pairs', form()));
    await postList(client, `/pairs/${id}/terminate`, { reason: '', terminated_on: '2026-10-01' });
    expect((await pairOf(id)).status).toBe('forming');
    await postList(client, `/pairs/${id}/terminate`, {
      reason: 'Наставляемый перешёл в другую школу',
      terminated_on: '2026-10-01',
    });
    const pair = await pairOf(id);
    expect(pair).toMatchObject({
      status: 'terminated',
      termination_reason: 'Наставляемый перешёл в другую школу',
      terminated_on: '2026-10-01',
    });
    // A stopped pair frees the mentor's place.
    const other = await mentee('Следующий');
    created(await postList(client, '/pairs', form({ mentee_ids: String(other) })));
  });
});

describe('correcting a pair’s terms', () => {
  it('the curator changes the term, kind and role model; the programme only while forming; not a start after the first meeting', async () => {
    const client = await curator();
    const id = created(await postList(client, '/pairs', form()));
    expect((await client.get(`/pairs/${id}/edit`)).statusCode).toBe(200);
    const other = await t.database.db
      .insertInto('programmes')
      .values({ organization_id: t.world.a.school, title: 'Другая программа', form: 'teacher_teacher' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const terms = {
      programme_id: String(other.id),
      kind: 'short_term',
      role_model: 'равный – равному',
      planned_start: '2026-09-15',
      planned_end: '2026-12-31',
    };
    expect((await postList(client, `/pairs/${id}/edit`, terms)).statusCode).toBe(303);
    expect(await pairOf(id)).toMatchObject({
      programme_id: other.id,
      kind: 'short_term',
      planned_start: '2026-09-15',
      planned_end: '2026-12-31',
    });
    const bad = await postList(client, `/pairs/${id}/edit`, { ...terms, planned_end: '2026-09-01' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Окончание не может быть раньше начала');

    // Active: the programme is fixed by the order; the start cannot pass the first meeting.
    await t.database.db.updateTable('pairs').set({ status: 'active' }).where('id', '=', id).execute();
    await t.database.db
      .insertInto('meetings')
      .values({
        pair_id: id,
        type: 'introduction',
        held_on: '2026-09-20',
        duration_minutes: 40,
        format: 'in_person',
        topic: 'Знакомство',
      })
      .execute();
    let r = await postList(client, `/pairs/${id}/edit`, { ...terms, programme_id: String(t.world.programmes.a) });
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain('Программу меняют, пока пара формируется');
    r = await postList(client, `/pairs/${id}/edit`, { ...terms, planned_start: '2026-10-01' });
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain('позже первой записанной встречи (20.09.2026)');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'pair')
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.changed_fields).toEqual(['programme_id', 'kind', 'role_model', 'planned_start', 'planned_end']);
  });
});

describe('the individual route', () => {
  it('the curator and the pair’s own mentor keep the tasks; another mentor may not; another school sees nothing', async () => {
    const client = await curator();
    const id = created(await postList(client, '/pairs', form()));
    expect(
      (await postList(client, `/pairs/${id}/tasks`, { title: 'Посетить 3 урока наставника', due_on: '2026-10-15' })).statusCode,
    ).toBe(303);
    await postList(client, `/pairs/${id}/route`, { stage: 'design', goals: 'Новые цели' });
    expect(await pairOf(id)).toMatchObject({ stage: 'design', goals: 'Новые цели' });
    const [task] = await t.database.db.selectFrom('pair_tasks').selectAll().where('pair_id', '=', id).execute();

    // The demo mentor account is not this pair's mentor yet: 404 (outside its scope).
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    await mentor.get('/');
    expect((await postList(mentor, `/pairs/${id}/tasks/${task?.id}`, { done: 'on' })).statusCode).toBe(404);
    // Linked to the pair's mentor record, it marks the task done.
    await t.database.db
      .updateTable('mentors')
      .set({ user_id: t.world.users.mentor })
      .where('id', '=', t.world.people.mentorA)
      .execute();
    expect((await postList(mentor, `/pairs/${id}/tasks/${task?.id}`, { done: 'on' })).statusCode).toBe(303);
    const done = await t.database.db
      .selectFrom('pair_tasks')
      .select('done_on')
      .where('id', '=', task?.id as number)
      .executeTakeFirstOrThrow();
    expect(done.done_on).not.toBeNull();
    // But it does not manage the pair.
    expect((await postList(mentor, `/pairs/${id}/terminate`, { reason: 'x', terminated_on: '2026-10-01' })).statusCode).toBe(403);

    const foreign = await signedIn(t.app, 'curator.b', PASSWORD);
    await foreign.get('/');
    expect((await postList(foreign, `/pairs/${id}/tasks`, { title: 'x' })).statusCode).toBe(404);
    expect(textOf((await foreign.get('/pairs')).body)).not.toContain('Наставникова Мария');
  });
});

describe('the lists', () => {
  it('flags active pairs with no meeting in 30 days; the coordinator sees them per school', async () => {
    await t.database.db
      .updateTable('mentors')
      .set({ consent_date: '2026-08-20' })
      .where('id', '=', t.world.people.mentorA)
      .execute();
    await t.database.db
      .updateTable('mentees')
      .set({ consent_date: '2026-08-21' })
      .where('id', '=', t.world.people.menteeA)
      .execute();
    const client = await curator();
    const id = created(await postList(client, '/pairs', form({ planned_start: '2025-09-01', planned_end: '2026-12-31' })));
    await postList(client, '/pairs/order', { number: '12', order_date: '2025-09-01', pair: String(id) });
    await t.database.db.updateTable('pairs').set({ activated_at: '2025-09-01T09:00:00Z' }).where('id', '=', id).execute();
    await t.database.db
      .insertInto('meetings')
      .values({
        pair_id: id,
        type: 'introduction',
        held_on: '2025-09-05',
        duration_minutes: 45,
        format: 'in_person',
        topic: 'Знакомство',
      })
      .execute();
    const stale = await client.get('/pairs?stale=on');
    expect(textOf(stale.body)).toContain('нет встреч 30 дней');
    expect(textOf(stale.body)).toContain('05.09.2025');

    // The curator's home counts it.
    expect(textOf((await client.get('/')).body)).toContain('1 пара без встреч 30 дней');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect(textOf((await coordinator.get('/')).body)).toContain('Всего 1 пара в 1 школе.');
    const overview = await coordinator.get('/pairs');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain(`/pairs?school=${t.world.a.school}&amp;stale=on`);
    // Drilled down to one school, the page names it.
    const school = await t.database.db
      .selectFrom('organizations')
      .select('short_name')
      .where('id', '=', t.world.a.school)
      .executeTakeFirstOrThrow();
    expect(textOf((await coordinator.get(`/pairs?school=${t.world.a.school}`)).body)).toContain(
      `Пары и группы: ${school.short_name}`,
    );
    // Only a school of its own municipality is named: not a partner of it, not another municipality's school.
    for (const other of [t.world.a.partner, t.world.b.school]) {
      const page = textOf((await coordinator.get(`/pairs?school=${other}`)).body);
      expect(page).toContain('Пары и группы');
      expect(page).not.toContain('Пары и группы:');
    }
    const department = await signedIn(t.app, 'department.b', PASSWORD);
    expect(textOf((await department.get('/pairs')).body)).not.toContain('Наставникова Мария');
  });
});

describe('linking accounts to the bases', () => {
  it('the curator links the mentor’s account to its record; then the mentor sees its pairs', async () => {
    const client = await curator();
    const id = created(await postList(client, '/pairs', form()));
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.get(`/pairs/${id}`)).statusCode).toBe(404);

    // A mentee account cannot speak for a mentor record.
    await client.get(`/mentors/${t.world.people.mentorA}`);
    const wrong = await postList(client, `/mentors/${t.world.people.mentorA}/account`, { user_id: String(t.world.users.mentee) });
    expect(wrong.statusCode).toBe(409);
    expect(textOf(wrong.body)).toContain('учётную запись наставника этой школы');
    // Nor another school's mentor account.
    const foreign = await postList(client, `/mentors/${t.world.people.mentorA}/account`, {
      user_id: String(t.world.users['mentor.b']),
    });
    expect(foreign.statusCode).toBe(409);

    expect(
      (await postList(client, `/mentors/${t.world.people.mentorA}/account`, { user_id: String(t.world.users.mentor) }))
        .statusCode,
    ).toBe(303);
    expect(textOf((await client.get(`/mentors/${t.world.people.mentorA}`)).body)).toContain('Связана:');
    expect((await mentor.get(`/pairs/${id}`)).statusCode).toBe(200);
    // One account speaks for one record.
    const other = await t.database.db
      .insertInto('mentors')
      .values({ organization_id: t.world.a.school, last_name: 'Другая', first_name: 'Анна', category: 'teacher' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const twice = await postList(client, `/mentors/${other.id}/account`, { user_id: String(t.world.users.mentor) });
    expect(twice.statusCode).toBe(409);
    // Unlinked again, the pair is out of the mentor's sight; every change is in the audit log.
    await postList(client, `/mentors/${t.world.people.mentorA}/account`, { user_id: '' });
    expect((await mentor.get(`/pairs/${id}`)).statusCode).toBe(404);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'mentor')
      .where('entity_id', '=', String(t.world.people.mentorA))
      .execute();
    expect(audit.filter((a) => (a.changed_fields as string[]).includes('user_id'))).toHaveLength(2);
  });
});
