import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { todayIso } from '../../src/lib/dates.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

// Issue 18, events (second slice): the training history fed by attendance, the base's filter of
// mentors without training in three years, the held event as evidence on its roadmap item, contest
// winners to the list of best mentors, a school head registering its school's people.

const t = useWorld();

const YEAR = new Date().getUTCFullYear() + 1;
const form = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  title: 'Семинар «Наставник и молодой педагог»',
  kind: 'seminar',
  level: 'municipal',
  starts_at: `${YEAR}-03-10T10:00`,
  ends_at: `${YEAR}-03-10T12:30`,
  place: 'Методический центр, ауд. 12',
  audience_roles: ['curator', 'mentor', 'mentee'],
  schools: 'all',
  ...over,
});

async function as(login: string): Promise<Client> {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/events');
  return client;
}

async function act(client: Client, url: string, body: Record<string, string | string[]> = {}): Promise<string> {
  const r = await client.post(url, body);
  expect(r.statusCode, textOf(r.body).slice(0, 400)).toBe(303);
  return textOf((await client.get(String(r.headers.location))).body);
}

async function plan(over: Record<string, string | string[]> = {}): Promise<number> {
  const r = await (await as('coordinator')).post('/events', form(over));
  expect(r.statusCode, textOf(r.body).slice(0, 600)).toBe(303);
  return Number(/^\/events\/(\d+)$/.exec(String(r.headers.location))?.[1]);
}

const registrations = (id: number) =>
  t.database.db.selectFrom('event_registrations').selectAll().where('event_id', '=', id).orderBy('id').execute();
const trainingsOf = (mentorId: number) =>
  t.database.db.selectFrom('mentor_trainings').selectAll().where('mentor_id', '=', mentorId).orderBy('id').execute();

async function startedAgo(id: number): Promise<void> {
  const starts = new Date(Date.now() - 3_600_000);
  await t.database.db
    .updateTable('events')
    .set({ starts_at: starts, ends_at: new Date(starts.getTime() + 1_800_000) })
    .where('id', '=', id)
    .execute();
}

/** A mentor of school A1 whose record is linked to the account «mentor». */
async function linkedMentor(): Promise<number> {
  return (
    await t.database.db
      .insertInto('mentors')
      .values({
        organization_id: t.world.a.school,
        origin_organization_id: t.world.a.school,
        last_name: 'Учителева',
        first_name: 'Ольга',
        category: 'teacher',
        user_id: t.world.users.mentor!,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** An event open for registration with: the account «mentor» (linked to a mentor), mentor A (no account), mentee A. */
async function openWithPeople(over: Record<string, string | string[]> = {}): Promise<{ id: number; linked: number }> {
  const linked = await linkedMentor();
  const id = await plan(over);
  await act(await as('coordinator'), `/events/${id}/status`, { to: 'registration_open' });
  await act(await as('mentor'), `/events/${id}/register`);
  const curator = await as('curator');
  await act(curator, `/events/${id}/registrations`, { person: `mentor:${t.world.people.mentorA}` });
  await act(curator, `/events/${id}/registrations`, { person: `mentee:${t.world.people.menteeA}` });
  await startedAgo(id);
  return { id, linked };
}

describe('the training history from events', () => {
  it('marking attendance at a seminar writes a training for each mentor who came, once; un-marking removes it', async () => {
    const { id, linked } = await openWithPeople();
    const coordinator = await as('coordinator');
    const all = (await registrations(id)).map((r) => String(r.id));
    expect(await act(coordinator, `/events/${id}/attendance`, { present: all })).toContain('Присутствие отмечено: 3 из 3');
    const today = todayIso();
    for (const mentorId of [linked, t.world.people.mentorA])
      expect(await trainingsOf(mentorId)).toMatchObject([
        { event_id: id, course: 'Семинар «Наставник и молодой педагог»', completed_on: today, hours: null },
      ]);
    // The mentee is no mentor: no training for anyone else.
    expect(await t.database.db.selectFrom('mentor_trainings').select('id').execute()).toHaveLength(2);
    // Marked twice: nothing doubles.
    await act(coordinator, `/events/${id}/attendance`, { present: all });
    expect(await t.database.db.selectFrom('mentor_trainings').select('id').execute()).toHaveLength(2);
    // Mentor A marked absent: its training goes, the other stays.
    const [byUser, byBase] = await registrations(id);
    expect(byBase!.mentor_id).toBe(t.world.people.mentorA);
    await act(coordinator, `/events/${id}/attendance`, { present: [String(byUser!.id)] });
    expect(await trainingsOf(t.world.people.mentorA)).toEqual([]);
    expect(await trainingsOf(linked)).toHaveLength(1);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'event')
      .where('action', '=', 'mark_attendance')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.changed_fields.includes('trainings'))).toEqual([true, false, true]);
  });

  it('the card shows both kinds, the portal’s marked; the form edits only the hand-typed ones', async () => {
    const { id, linked } = await openWithPeople();
    const coordinator = await as('coordinator');
    await act(coordinator, `/events/${id}/attendance`, { present: (await registrations(id)).map((r) => String(r.id)) });
    const curator = await as('curator');
    const edit = await curator.get(`/mentors/${linked}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).not.toContain('value="Семинар «Наставник и молодой педагог»"');
    const saved = await curator.post(`/mentors/${linked}`, {
      last_name: 'Учителева',
      first_name: 'Ольга',
      category: 'teacher',
      capacity: '1',
      training_course: 'Курсы ИРО «Наставничество»',
      training_date: '2025-04-01',
      training_hours: '72',
    });
    expect(saved.statusCode, textOf(saved.body).slice(0, 600)).toBe(303);
    expect((await trainingsOf(linked)).map((r) => [r.course, r.event_id])).toEqual([
      ['Семинар «Наставник и молодой педагог»', id],
      ['Курсы ИРО «Наставничество»', null],
    ]);
    const card = textOf((await curator.get(`/mentors/${linked}`)).body);
    expect(card).toContain('Семинар «Наставник и молодой педагог»');
    expect(card).toContain('(по данным портала)');
    expect(card).toContain('Курсы ИРО «Наставничество», 01.04.2025, 72 ч');
    expect(card.match(/по данным портала/g)).toHaveLength(1);
  });

  it('a contest or a meeting is no training', async () => {
    for (const kind of ['contest', 'meeting']) {
      await t.database.db.deleteFrom('mentors').where('last_name', '=', 'Учителева').execute();
      const { id } = await openWithPeople({ kind });
      await act(await as('coordinator'), `/events/${id}/attendance`, {
        present: (await registrations(id)).map((r) => String(r.id)),
      });
    }
    expect(await t.database.db.selectFrom('mentor_trainings').select('id').execute()).toEqual([]);
  });
});

describe('the filter «нет обучения за последние 3 года»', () => {
  it('finds the mentors with no training, hand-typed or the portal’s, dated in the last three years', async () => {
    const today = todayIso();
    const year = Number(today.slice(0, 4));
    const add = async (lastName: string, trainings: Array<{ completed_on: string | null; event?: boolean }>) => {
      const m = await t.database.db
        .insertInto('mentors')
        .values({
          organization_id: t.world.a.school,
          origin_organization_id: t.world.a.school,
          last_name: lastName,
          first_name: 'Ирина',
          category: 'teacher',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const tr of trainings)
        await t.database.db
          .insertInto('mentor_trainings')
          .values({ mentor_id: m.id, course: 'Курс', completed_on: tr.completed_on, hours: null })
          .execute();
      return m.id;
    };
    await add('Давнова', [{ completed_on: `${year - 4}-01-15` }, { completed_on: null }]);
    await add('Свежева', [{ completed_on: `${year - 4}-01-15` }, { completed_on: `${year - 1}-05-20` }]);
    await add('Пограничная', [{ completed_on: `${year - 3}${today.slice(4)}` }]);
    // A training from an attended seminar counts as well.
    const { id, linked } = await openWithPeople();
    await act(await as('coordinator'), `/events/${id}/attendance`, {
      present: (await registrations(id)).filter((r) => r.user_id !== null).map((r) => String(r.id)),
    });
    expect(await trainingsOf(linked)).toHaveLength(1);
    for (const login of ['curator', 'coordinator']) {
      const client = await as(login);
      const page = await client.get('/mentors?training=none_3y');
      expect(page.statusCode).toBe(200);
      const text = textOf(page.body);
      expect(text).toContain('Давнова');
      expect(text).toContain('Наставникова Мария');
      expect(text).not.toContain('Свежева');
      expect(text).not.toContain('Пограничная');
      expect(text).not.toContain('Учителева');
      expect(page.body).toMatch(/<option value="none_3y" selected/);
      const all = textOf((await client.get('/mentors')).body);
      for (const name of ['Давнова', 'Свежева', 'Пограничная', 'Учителева']) expect(all).toContain(name);
    }
    // The export follows the filter.
    const csv = await (await as('curator')).get('/mentors/export.csv?training=none_3y');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Давнова');
    expect(csv.body).not.toContain('Свежева');
  });

  it('the anti-join reads the index on (mentor_id, completed_on)', async () => {
    const plan = await t.database.db.transaction().execute(async (trx) => {
      // The test's tables are tiny: a sequential scan is refused so the plan shows the index a large base uses.
      await sql`set local enable_seqscan = off`.execute(trx);
      return sql<{ 'QUERY PLAN': string }>`explain select m.id from mentors m
        where not exists (select 1 from mentor_trainings t where t.mentor_id = m.id and t.completed_on >= '2023-12-07'::date)`.execute(
        trx,
      );
    });
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('mentor_trainings_recent_idx');
  });
});

describe('an event held as evidence on its roadmap item', () => {
  async function publish(id: number) {
    const coordinator = await as('coordinator');
    const regs = await registrations(id);
    await act(coordinator, `/events/${id}/attendance`, { present: regs.slice(0, 2).map((r) => String(r.id)) });
    expect(await act(coordinator, `/events/${id}/result`, { summary: 'Семинар проведён.' })).toContain('Итоги опубликованы');
  }
  const item = () =>
    t.database.db
      .selectFrom('roadmap_items')
      .selectAll()
      .where('id', '=', t.world.roadmaps.municipalA.item)
      .executeTakeFirstOrThrow();

  it('publishing the result writes the event and its attendance as the item’s evidence, audited; the status stays', async () => {
    const { id } = await openWithPeople({ roadmap_item_id: String(t.world.roadmaps.municipalA.item) });
    const before = await item();
    await publish(id);
    const after = await item();
    const day = todayIso().split('-').reverse().join('.');
    expect(after.evidence_comment).toBe(`Проведено мероприятие «Семинар «Наставник и молодой педагог»» ${day}, участников: 2`);
    // An absolute address, as the item's status form takes links (http:// or https://).
    expect(after.evidence_link).toMatch(new RegExp(`^http://[^/]+/events/${id}$`));
    expect(after.status).toBe(before.status);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changed_fields', 'organization_id'])
      .where('entity_type', '=', 'roadmap_item')
      .where('entity_id', '=', String(t.world.roadmaps.municipalA.item))
      .execute();
    expect(audit).toEqual([
      { action: 'update', changed_fields: ['evidence_comment', 'evidence_link'], organization_id: t.world.a.id },
    ]);
  });

  it('evidence written by hand stays: the line is added below it, the link kept', async () => {
    await t.database.db
      .updateTable('roadmap_items')
      .set({ evidence_comment: 'Приказ № 12 от 01.09', evidence_link: 'https://example.org/order' })
      .where('id', '=', t.world.roadmaps.municipalA.item)
      .execute();
    const { id } = await openWithPeople({ roadmap_item_id: String(t.world.roadmaps.municipalA.item) });
    await publish(id);
    const after = await item();
    expect(after.evidence_comment).toMatch(/^Приказ № 12 от 01\.09\nПроведено мероприятие «Семинар/);
    expect(after.evidence_link).toBe('https://example.org/order');
  });

  it('a recurring item gets the evidence on the occurrence the event’s day falls in', async () => {
    const year = Number(todayIso().slice(0, 4));
    await t.database.db
      .updateTable('roadmap_items')
      .set({
        deadline: JSON.stringify({
          kind: 'recurring',
          occurrences: [
            { type: 'by', month: 6, day: 30 },
            { type: 'by', month: 12, day: 31 },
          ],
          fromYear: year - 1,
          toYear: year + 1,
        }),
      })
      .where('id', '=', t.world.roadmaps.municipalA.item)
      .execute();
    const { id } = await openWithPeople({ roadmap_item_id: String(t.world.roadmaps.municipalA.item) });
    await publish(id);
    const today = todayIso();
    const due = today.slice(5) <= '06-30' ? `${year}-06-30` : `${year}-12-31`;
    const occurrences = await t.database.db
      .selectFrom('roadmap_occurrences')
      .select(['due_on', 'evidence_link', 'status'])
      .where('item_id', '=', t.world.roadmaps.municipalA.item)
      .execute();
    expect(occurrences).toEqual([{ due_on: due, evidence_link: expect.stringMatching(`/events/${id}$`), status: 'not_started' }]);
    expect((await item()).evidence_comment).toBeNull();
  });

  it('an event without a roadmap item changes no roadmap', async () => {
    const { id } = await openWithPeople();
    await publish(id);
    expect((await item()).evidence_comment).toBeNull();
    expect(await t.database.db.selectFrom('roadmap_occurrences').select('id').execute()).toEqual([]);
  });
});

describe('contest winners to the list of best mentors', () => {
  it('the coordinator adds a winner who is a mentor with one button, once; never a participant', async () => {
    const { id, linked } = await openWithPeople({ kind: 'contest', title: 'Конкурс «Наставник года»' });
    const coordinator = await as('coordinator');
    const [byUser, byBase, mentee] = await registrations(id);
    await act(coordinator, `/events/${id}/attendance`, { present: [byUser, byBase, mentee].map((r) => String(r!.id)) });
    const url = (r: { id: number }) => `/events/${id}/registrations/${r.id}/best-mentor`;
    // Before the results are published: no button, and the act is refused.
    expect((await coordinator.post(url(byBase!))).statusCode).toBe(403);
    await act(coordinator, `/events/${id}/result`, {
      summary: 'Победители определены.',
      [`result_${byUser!.id}`]: 'prize_winner',
      [`result_${byBase!.id}`]: 'winner',
      [`result_${mentee!.id}`]: 'participant',
    });
    const page = await coordinator.get(`/events/${id}`);
    expect(page.body).toContain(`action="${url(byBase!)}"`);
    expect(page.body).toContain(`action="${url(byUser!)}"`);
    expect(page.body).not.toContain(`action="${url(mentee!)}"`);
    expect(await act(coordinator, url(byBase!))).toContain('Наставник добавлен в список лучших наставников');
    expect(await act(coordinator, url(byUser!))).toContain('Наставник добавлен в список лучших наставников');
    const year = Number(todayIso().slice(0, 4));
    const rows = await t.database.db
      .selectFrom('best_mentors')
      .select(['mentor_id', 'event_id', 'year', 'reason', 'municipality_id'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        mentor_id: t.world.people.mentorA,
        event_id: id,
        year,
        reason: 'Победитель конкурса «Конкурс «Наставник года»»',
        municipality_id: t.world.a.id,
      },
      {
        mentor_id: linked,
        event_id: id,
        year,
        reason: 'Призёр конкурса «Конкурс «Наставник года»»',
        municipality_id: t.world.a.id,
      },
    ]);
    expect(await act(coordinator, url(byBase!))).toContain('уже в списке лучших наставников');
    expect(await act(coordinator, url(mentee!))).toContain('победители и призёры конкурса');
    const after = await coordinator.get(`/events/${id}`);
    expect(textOf(after.body)).toContain('в списке лучших наставников');
    expect(after.body).not.toContain(`action="${url(byBase!)}"`);
    expect(textOf((await coordinator.get('/recognition')).body)).toContain('Победитель конкурса');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'best_mentor')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.changed_fields).toContain('event_id');
    for (const login of ['curator', 'school_head', 'department', 'coordinator.b'])
      expect((await (await as(login)).post(url(byUser!))).statusCode, login).toBeGreaterThanOrEqual(403);
    expect(await t.database.db.selectFrom('best_mentors').select('id').execute()).toHaveLength(2);
  });

  it('a seminar’s participants are never added', async () => {
    const { id } = await openWithPeople();
    const coordinator = await as('coordinator');
    await act(coordinator, `/events/${id}/attendance`, { present: (await registrations(id)).map((r) => String(r.id)) });
    await act(coordinator, `/events/${id}/result`, { summary: 'Проведён.' });
    const [first] = await registrations(id);
    expect((await coordinator.post(`/events/${id}/registrations/${first!.id}/best-mentor`)).statusCode).toBe(403);
  });
});

describe('the school head registers its school’s people', () => {
  it('as the curator does: people of its own school, seen and removed on the event page', async () => {
    const id = await plan({ audience_roles: ['mentor', 'mentee'] });
    await act(await as('coordinator'), `/events/${id}/status`, { to: 'registration_open' });
    const head = await as('school_head');
    const page = textOf((await head.get(`/events/${id}`)).body);
    expect(page).toContain('Наставникова Мария');
    expect(await act(head, `/events/${id}/registrations`, { person: `mentor:${t.world.people.mentorA}` })).toContain(
      'Участник зарегистрирован',
    );
    expect(await act(head, `/events/${id}/registrations`, { person: `mentor:${t.world.people.mentorB}` })).toContain(
      'Участник: выберите человека из списка',
    );
    const [row] = await registrations(id);
    expect(row).toMatchObject({
      mentor_id: t.world.people.mentorA,
      organization_id: t.world.a.school,
      registered_by: t.world.users.school_head,
    });
    expect(await act(head, `/events/${id}/registrations/${row!.id}/remove`)).toContain('Регистрация отменена');
    expect(await registrations(id)).toEqual([]);
  });
});

describe('an event’s materials as files', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

  it('the organiser uploads a file, whoever sees the event downloads it, the organiser removes it', async () => {
    const id = await plan({ audience_roles: ['curator', 'mentor'] });
    const coordinator = await as('coordinator');
    const page = await coordinator.get(`/events/${id}`);
    expect(page.body).toContain('enctype="multipart/form-data"');
    const sent = await coordinator.upload(
      `/events/${id}/files`,
      { name: 'Программа.pdf', data: PDF, type: 'application/pdf' },
      {
        title: 'Программа семинара',
      },
    );
    expect(sent.statusCode, textOf(sent.body).slice(0, 400)).toBe(303);
    const [row] = await t.database.db.selectFrom('event_files').selectAll().where('event_id', '=', id).execute();
    expect(row).toMatchObject({ title: 'Программа семинара', created_by: t.world.users.coordinator });
    const file = await t.database.db.selectFrom('files').selectAll().where('id', '=', row!.file_id).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ purpose: 'event_material', organization_id: t.world.a.id });
    const url = `/events/${id}/files/${row!.file_id}`;
    for (const login of ['coordinator', 'curator', 'mentor', 'department']) {
      const client = await as(login);
      expect(textOf((await client.get(`/events/${id}`)).body), login).toContain('Программа семинара');
      const download = await client.get(url);
      expect(download.statusCode, login).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
    }
    // Not for whom the event is not: a mentee (not of its audience), another municipality.
    expect((await (await as('mentee')).get(url)).statusCode).toBe(404);
    expect((await (await as('coordinator.b')).get(url)).statusCode).toBe(404);
    // A curator (not the organiser) neither uploads nor removes.
    expect((await (await as('curator')).upload(`/events/${id}/files`, { name: 'x.pdf', data: PDF })).statusCode).toBe(403);
    expect((await (await as('curator')).post(`${url}/remove`)).statusCode).toBe(403);
    // A file that is no document is refused with the reason; without a file, a message naming the field.
    const bad = await coordinator.upload(`/events/${id}/files`, { name: 'вирус.exe', data: Buffer.from('MZ...') });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('не похож на документ PDF, DOCX или ODT');
    const none = await coordinator.upload(`/events/${id}/files`, { name: '', data: Buffer.alloc(0) }, { title: 'Без файла' });
    expect(textOf(none.body)).toContain('Файл: выберите файл материала');
    // Without a title the file's name is the title.
    await coordinator.upload(`/events/${id}/files`, { name: 'Презентация.pdf', data: PDF, type: 'application/pdf' });
    expect(textOf((await coordinator.get(`/events/${id}`)).body)).toContain('Презентация');
    expect(await act(coordinator, `${url}/remove`)).toContain('Материал удалён');
    expect((await coordinator.get(url)).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('files').select('id').where('id', '=', row!.file_id).execute()).toEqual([]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where((eb) =>
        eb.or([eb('entity_type', '=', 'file'), eb.and([eb('entity_type', '=', 'event'), eb('action', '=', 'update')])]),
      )
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'upload', entity_type: 'file' },
      { action: 'update', entity_type: 'event' },
      { action: 'upload', entity_type: 'file' },
      { action: 'update', entity_type: 'event' },
      { action: 'update', entity_type: 'event' },
      { action: 'delete', entity_type: 'file' },
    ]);
  });
});
