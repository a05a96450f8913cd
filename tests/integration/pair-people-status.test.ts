import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addPair, daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/** A person's status in the bases follows its pairs, and its card lists them. */
const t = useWorld();

async function statusOf(table: 'mentors' | 'mentees', id: number) {
  return (await t.database.db.selectFrom(table).select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

/** Posts a form with repeated fields (checkbox lists) as a browser does. */
async function postList(client: Client, url: string, fields: Record<string, string | string[]>) {
  if (!client.csrf) await client.get('/pairs');
  const params = new URLSearchParams({ _csrf: client.csrf ?? '' });
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) params.append(k, x);
  return client.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

describe('a person’s status follows its pairs', () => {
  it('the order that activates a pair makes its people «активный», audited; both cards list the pair with a link', async () => {
    const { mentorA, menteeA } = t.world.people;
    await t.database.db.updateTable('mentors').set({ consent_date: '2026-09-01' }).where('id', '=', mentorA).execute();
    await t.database.db.updateTable('mentees').set({ consent_date: '2026-09-01' }).where('id', '=', menteeA).execute();
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const created = await postList(client, '/pairs', {
      programme_id: String(t.world.programmes.a),
      form: 'teacher_teacher',
      kind: 'traditional',
      planned_start: '2026-09-01',
      planned_end: '2027-05-31',
      mentor_ids: String(mentorA),
      mentee_ids: String(menteeA),
    });
    expect(created.statusCode).toBe(303);
    const pairId = Number(/\/pairs\/(\d+)/.exec(String(created.headers.location))?.[1]);
    // Forming is not yet working: still «потенциальный».
    expect(await statusOf('mentees', menteeA)).toBe('potential');
    const order = await postList(client, '/pairs/order', { number: '15-о', order_date: daysAgo(0), pair: String(pairId) });
    expect(order.statusCode).toBe(303);
    expect(await statusOf('mentors', mentorA)).toBe('active');
    expect(await statusOf('mentees', menteeA)).toBe('active');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['entity_type', 'entity_id', 'changed_fields'])
      .where('entity_type', 'in', ['mentor', 'mentee'])
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { entity_type: 'mentor', entity_id: String(mentorA), changed_fields: ['status'] },
        { entity_type: 'mentee', entity_id: String(menteeA), changed_fields: ['status'] },
      ]),
    );

    for (const url of [`/mentees/${menteeA}`, `/mentors/${mentorA}`]) {
      const card = await client.get(url);
      expect(card.body).toContain(`<a href="/pairs/${pairId}">Пара № ${pairId}</a>`);
      expect(textOf(card.body)).toContain('активна, педагог – педагог, 01.09.2026–31.05.2027');
      expect(textOf(card.body)).toMatch(/Статус активный/);
    }
    expect(textOf((await client.get(`/mentees/${menteeA}`)).body)).toContain('наставник: Наставникова');
    // The coordinator reads the card and the pair too.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.get(`/mentees/${menteeA}`)).body).toContain(`href="/pairs/${pairId}"`);
  });

  it('activation without the order form (consents came later) makes them active too', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { status: 'forming' });
    const orderRow = await t.database.db
      .insertInto('pair_orders')
      .values({ organization_id: t.world.a.school, number: '1', order_date: '2026-09-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable('pairs').set({ order_id: orderRow.id }).where('id', '=', pair.id).execute();
    await t.database.db.updateTable('mentors').set({ consent_date: '2026-09-01' }).where('id', '=', pair.mentorId).execute();
    await t.database.db
      .updateTable('mentees')
      .set({ consent_date: '2026-09-01' })
      .where('id', '=', pair.teacherMenteeId)
      .execute();
    const client = await signedIn(t.app, 'curator', PASSWORD);
    expect((await client.post(`/pairs/${pair.id}/activate`)).statusCode).toBe(303);
    expect(await statusOf('mentees', pair.studentId)).toBe('active');
    expect(await statusOf('mentors', pair.mentorId)).toBe('active');
  });

  it('completion: the people with no other active pair take the status chosen there; one in another active pair stays active', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 30 },
        { type: 'final', daysAgo: 3 },
      ],
    });
    await t.database.db.updateTable('mentors').set({ status: 'active' }).where('id', '=', pair.mentorId).execute();
    await t.database.db
      .updateTable('mentees')
      .set({ status: 'active' })
      .where('id', 'in', [pair.studentId, pair.teacherMenteeId])
      .execute();
    // The mentor also works in another active pair.
    const other = await addPair(t.database.db, t.world, 'a', { studentLastName: 'Другая', linkAccounts: false });
    await t.database.db
      .deleteFrom('pair_mentees')
      .where('pair_id', '=', other.id)
      .where('mentee_id', '=', other.teacherMenteeId)
      .execute();
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const form = await client.get(`/pairs/${pair.id}/complete`);
    expect(textOf(form.body)).toContain('Статус участников после завершения');
    const done = await client.post(`/pairs/${pair.id}/complete`, {
      results: 'Освоил методику',
      mentor_reflection: 'Получилось',
      mentor_satisfaction: '9',
      completed_on: daysAgo(1),
      people_status: 'left',
    });
    expect(done.statusCode, textOf(done.body).slice(0, 300)).toBe(303);
    expect(await statusOf('mentees', pair.studentId)).toBe('left');
    expect(await statusOf('mentees', pair.teacherMenteeId)).toBe('left');
    expect(await statusOf('mentors', pair.mentorId)).toBe('active');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['entity_type', 'entity_id'])
      .where('entity_type', '=', 'mentee')
      .execute();
    expect(new Set(audit.map((a) => Number(a.entity_id)))).toEqual(new Set([pair.studentId, pair.teacherMenteeId]));
    // A status that is not offered is refused with a message.
    const again = await addPair(t.database.db, t.world, 'a', {
      studentLastName: 'Третья',
      meetings: [{ type: 'final', daysAgo: 2 }],
    });
    const bad = await client.post(`/pairs/${again.id}/complete`, {
      results: 'x',
      mentor_reflection: 'y',
      mentor_satisfaction: '5',
      completed_on: daysAgo(1),
      people_status: 'active',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Выберите статус участников после окончания работы пары');
  });

  it('termination: the people take «потенциальный» (the default) when they have no other active pair', async () => {
    const pair = await addPair(t.database.db, t.world, 'a');
    await t.database.db.updateTable('mentees').set({ status: 'active' }).where('id', '=', pair.studentId).execute();
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const page = await client.get(`/pairs/${pair.id}`);
    expect(textOf(page.body)).toContain('Статус участников после прекращения');
    const r = await client.post(`/pairs/${pair.id}/terminate`, {
      reason: 'Переезд',
      terminated_on: daysAgo(0),
      people_status: 'potential',
    });
    expect(r.statusCode).toBe(303);
    expect(await statusOf('mentees', pair.studentId)).toBe('potential');
    const card = await client.get(`/mentees/${pair.studentId}`);
    expect(textOf(card.body)).toContain(`Пара № ${pair.id} — прекращена`);
  });
});
