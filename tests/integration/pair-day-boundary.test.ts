import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';
import { postList } from '../helpers/forms.js';

/**
 * «Today» is the municipality's: at 14:30 UTC on 6 December it is already 7 December in
 * Vladivostok (UTC+10) and still 6 December in Moscow. A pair formed and assigned by an order of
 * the local today logs its introductory meeting the same day.
 */
const t = useWorld();
const NOW = new Date('2026-12-06T14:30:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

const inputValue = (html: string, name: string) => new RegExp(`name="${name}" type="date" value="([^"]*)"`).exec(html)?.[1];

async function formAndOrder(which: 'a' | 'b', day: string) {
  const world = t.world;
  const [mentorId, menteeId] =
    which === 'a' ? [world.people.mentorA, world.people.menteeA] : [world.people.mentorB, world.people.menteeB];
  await t.database.db.updateTable('mentors').set({ consent_date: '2026-09-01' }).where('id', '=', mentorId).execute();
  await t.database.db.updateTable('mentees').set({ consent_date: '2026-09-01' }).where('id', '=', menteeId).execute();
  const client = await signedIn(t.app, which === 'a' ? 'curator' : 'curator.b', PASSWORD);
  const created = await postList(client, '/pairs', {
    programme_id: String(which === 'a' ? world.programmes.a : world.programmes.b),
    form: 'teacher_teacher',
    kind: 'traditional',
    planned_start: day,
    planned_end: '2027-05-31',
    mentor_ids: String(mentorId),
    mentee_ids: String(menteeId),
  });
  expect(created.statusCode, textOf(created.body).slice(0, 400)).toBe(303);
  const pairId = Number(/\/pairs\/(\d+)/.exec(String(created.headers.location))?.[1]);
  const order = await postList(client, '/pairs/order', { number: '7-о', order_date: day, pair: String(pairId) });
  return { client, pairId, order };
}

describe('the date rules at the day boundary, in the municipality’s time zone', () => {
  it('in Vladivostok after its midnight: the forms offer the local today, the order of today activates, the meeting of today is logged', async () => {
    await t.database.db
      .updateTable('organizations')
      .set({ time_zone: 'Asia/Vladivostok' })
      .where('id', '=', t.world.a.id)
      .execute();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect(inputValue((await curator.get(`/pairs/new?mentee_ids=${t.world.people.menteeA}`)).body, 'planned_start')).toBe(
      '2026-12-07',
    );

    const { client, pairId, order } = await formAndOrder('a', '2026-12-07');
    expect(order.statusCode, textOf(order.body).slice(0, 400)).toBe(303);
    expect(
      (await t.database.db.selectFrom('pairs').select('status').where('id', '=', pairId).executeTakeFirstOrThrow()).status,
    ).toBe('active');
    const form = await client.get(`/pairs/${pairId}/meetings/new`);
    expect(inputValue(form.body, 'held_on')).toBe('2026-12-07');
    const meeting = {
      type: 'introduction',
      held_on: '2026-12-07',
      duration_minutes: '45',
      format: 'in_person',
      topic: 'Знакомство',
    };
    const logged = await client.post(`/pairs/${pairId}/meetings/new`, meeting);
    expect(logged.statusCode, textOf(logged.body).slice(0, 600)).toBe(303);
    // Tomorrow (local) is still refused.
    const tomorrow = await client.post(`/pairs/${pairId}/meetings/new`, { ...meeting, held_on: '2026-12-08' });
    expect(tomorrow.statusCode).toBe(400);
    expect(textOf(tomorrow.body)).toContain('Дата встречи не может быть позже сегодняшнего дня');
  });

  it('in Moscow at the same moment it is still the 6th: an order of the 7th is a future one', async () => {
    const { order } = await formAndOrder('b', '2026-12-07');
    expect(order.statusCode).toBe(400);
    expect(textOf(order.body)).toContain('Дата приказа не может быть позже сегодняшнего дня');
    const curator = await signedIn(t.app, 'curator.b', PASSWORD);
    expect(inputValue((await curator.get(`/pairs/new?mentee_ids=${t.world.people.menteeB}`)).body, 'planned_start')).toBe(
      '2026-12-06',
    );
  });

  it('the administrator sets a municipality’s time zone among Russia’s, audited; another value is refused with a message', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    const org = await t.database.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', t.world.a.id)
      .executeTakeFirstOrThrow();
    const edit = await admin.get(`/organizations/${org.id}/edit`);
    expect(textOf(edit.body)).toContain('Часовой пояс');
    expect(edit.body).toContain('<option value="Europe/Moscow" selected>Московское время (МСК)</option>');
    const form = {
      type: 'municipality',
      parent_id: org.parent_id === null ? '' : String(org.parent_id),
      full_name: org.full_name,
      short_name: org.short_name,
    };
    const bad = await admin.post(`/organizations/${org.id}`, { ...form, time_zone: 'America/New_York' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Выберите часовой пояс из списка');
    const saved = await admin.post(`/organizations/${org.id}`, { ...form, time_zone: 'Asia/Vladivostok' });
    expect(saved.statusCode, textOf(saved.body).slice(0, 400)).toBe(303);
    const after = await t.database.db
      .selectFrom('organizations')
      .select('time_zone')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(after.time_zone).toBe('Asia/Vladivostok');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'organization')
      .where('entity_id', '=', String(org.id))
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(audit.changed_fields).toContain('time_zone');
    expect(textOf((await admin.get(`/organizations/${org.id}`)).body)).toContain('Часовой пояс Владивостокское время (МСК+7)');
    // The municipality's schools now live by it: the curator's forms offer the 7th.
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect(inputValue((await curator.get(`/pairs/new?mentee_ids=${t.world.people.menteeA}`)).body, 'planned_start')).toBe(
      '2026-12-07',
    );
  });
});
