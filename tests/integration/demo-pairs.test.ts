import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MenteeCategory, MENTORING_FORMS, type MentorCategory } from '../../src/modules/people/labels.js';
import { checkFormRules } from '../../src/modules/pairs/matching.js';
import { todayIso } from '../../src/lib/dates.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo pairs (seeds/pairs.ts) as seedDemo creates them on a fresh database: lived-in and lawful. */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
}, 240_000);
afterAll(async () => {
  await database?.drop();
  await database?.close();
});

describe('demo pairs', () => {
  it('has pairs in every status and in several forms, each in a programme of its own school', async () => {
    const pairs = await database.db
      .selectFrom('pairs')
      .innerJoin('programmes', 'programmes.id', 'pairs.programme_id')
      .select([
        'pairs.id',
        'pairs.status',
        'pairs.form',
        'pairs.organization_id',
        'programmes.organization_id as programme_org',
        'pairs.order_id',
      ])
      .execute();
    expect(new Set(pairs.map((p) => p.status))).toEqual(new Set(['forming', 'active', 'completed', 'terminated']));
    expect(new Set(pairs.map((p) => p.form))).toEqual(new Set(MENTORING_FORMS));
    for (const p of pairs) {
      expect(p.programme_org).toBe(p.organization_id);
      // Only a forming pair is without its order.
      expect(p.order_id === null).toBe(p.status === 'forming');
    }
  });

  it('every pair obeys the forms’ rules, consent and capacity', async () => {
    const today = todayIso();
    const rows = await database.db
      .selectFrom('pairs')
      .innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
      .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
      .leftJoin('organizations as origin', 'origin.id', 'mentors.origin_organization_id')
      .select([
        'pairs.id',
        'pairs.form',
        'pairs.status',
        'mentors.id as mentor_id',
        'mentors.category',
        'mentors.birth_date',
        'mentors.capacity',
        'mentors.consent_date',
        'origin.type as origin_type',
      ])
      .execute();
    const mentees = await database.db
      .selectFrom('pair_mentees')
      .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
      .select(['pair_mentees.pair_id', 'mentees.category', 'mentees.birth_date', 'mentees.consent_date'])
      .execute();
    const load = new Map<number, number>();
    for (const r of rows) {
      const own = mentees.filter((m) => m.pair_id === r.id);
      const violations = checkFormRules(
        r.form,
        { category: r.category as MentorCategory, birthDate: r.birth_date, originIsPartner: r.origin_type === 'partner' },
        own.map((m) => ({ category: m.category as MenteeCategory, birthDate: m.birth_date })),
        today,
      );
      expect(violations, `pair ${r.id}`).toEqual([]);
      expect(r.consent_date).not.toBeNull();
      for (const m of own) expect(m.consent_date).not.toBeNull();
      if (r.status === 'active' || r.status === 'forming') load.set(r.mentor_id, (load.get(r.mentor_id) ?? 0) + own.length);
    }
    for (const r of rows) expect(load.get(r.mentor_id) ?? 0, `mentor ${r.mentor_id}`).toBeLessThanOrEqual(r.capacity);
  });

  it('meetings follow the methodology: introduction first, joint work with the mentor’s feedback, a final one for the finished', async () => {
    const meetings = await database.db.selectFrom('meetings').selectAll().orderBy('pair_id').orderBy('held_on').execute();
    const byPair = new Map<number, typeof meetings>();
    for (const m of meetings) byPair.set(m.pair_id, [...(byPair.get(m.pair_id) ?? []), m]);
    expect(byPair.size).toBeGreaterThan(10);
    for (const list of byPair.values()) {
      expect(list[0]?.type).toBe('introduction');
      for (const m of list) if (m.type === 'joint_work') expect(m.mentor_feedback).toBeTruthy();
      for (const m of list) expect(m.held_on <= todayIso()).toBe(true);
    }
    const completed = await database.db
      .selectFrom('pairs')
      .select(['id', 'mentor_satisfaction'])
      .where('status', '=', 'completed')
      .execute();
    for (const p of completed) {
      expect(byPair.get(p.id)?.some((m) => m.type === 'final')).toBe(true);
      expect(p.mentor_satisfaction).toBeGreaterThanOrEqual(1);
    }
    expect(await database.db.selectFrom('meeting_feedback').select('meeting_id').limit(1).execute()).toHaveLength(1);
  });

  it('links the demo accounts: the mentor has active pairs, one of them with the demo mentee', async () => {
    const mentorUser = await database.db.selectFrom('users').select('id').where('login', '=', 'mentor').executeTakeFirstOrThrow();
    const menteeUser = await database.db.selectFrom('users').select('id').where('login', '=', 'mentee').executeTakeFirstOrThrow();
    const own = await database.db
      .selectFrom('pairs')
      .innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
      .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
      .select(['pairs.id', 'pairs.status'])
      .where('mentors.user_id', '=', mentorUser.id)
      .execute();
    expect(own.filter((p) => p.status === 'active').length).toBeGreaterThanOrEqual(2);
    const withMentee = await database.db
      .selectFrom('pair_mentees')
      .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
      .select('pair_mentees.pair_id')
      .where('mentees.user_id', '=', menteeUser.id)
      .execute();
    expect(own.map((p) => p.id)).toContain(withMentee[0]?.pair_id);
  });
});
