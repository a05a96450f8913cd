import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MenteeCategory, MENTORING_FORMS, type MentorCategory } from '../../src/modules/people/labels.js';
import { checkFormRules } from '../../src/modules/pairs/matching.js';
import { todayIso } from '../../src/lib/dates.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';

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

describe('demo mentor shared across schools (issue 17)', () => {
  it('a partner’s mentor opened to the municipality works with students of two schools, one record', async () => {
    const mentors = await database.db
      .selectFrom('mentors')
      .innerJoin('organizations as base', 'base.id', 'mentors.organization_id')
      .innerJoin('organizations as origin', 'origin.id', 'mentors.origin_organization_id')
      .select([
        'mentors.id',
        'mentors.shared_at',
        'mentors.consent_date',
        'base.short_name as base',
        'origin.type as origin_type',
      ])
      .where('mentors.shared_at', 'is not', null)
      .execute();
    expect(mentors).toHaveLength(1);
    const mentor = mentors[0]!;
    expect(mentor).toMatchObject({ base: DEMO_SCHOOL, origin_type: 'partner', shared_at: expect.any(Date) });
    expect(mentor.consent_date).not.toBeNull();
    const pairs = await database.db
      .selectFrom('pair_mentors')
      .innerJoin('pairs', 'pairs.id', 'pair_mentors.pair_id')
      .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
      .select(['pairs.status', 'organizations.short_name as school', 'pairs.meeting_count'])
      .where('pair_mentors.mentor_id', '=', mentor.id)
      .where('pairs.status', '=', 'active')
      .execute();
    expect(new Set(pairs.map((p) => p.school))).toEqual(new Set(['МБОУ «Лицей № 2»', DEMO_SCHOOL]));
    for (const p of pairs) expect(p.meeting_count).toBeGreaterThan(0);
  });

  it('the demo school’s curator sees where else it works; the lyceum’s curator sees it in its pair, marked', async () => {
    const app = await createTestApp(database);
    try {
      const mentor = await database.db
        .selectFrom('mentors')
        .innerJoin('organizations as origin', 'origin.id', 'mentors.origin_organization_id')
        .select(['mentors.id', 'mentors.last_name', 'mentors.first_name', 'mentors.middle_name', 'origin.short_name as origin'])
        .where('mentors.shared_at', 'is not', null)
        .executeTakeFirstOrThrow();
      const id = mentor.id;
      const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
      const card = textOf((await curator.get(`/mentors/${id}`)).body);
      expect(card).toContain('Открыт муниципалитету');
      expect(card).toContain('Работает также в: МБОУ «Лицей № 2», пара №');
      const lyceum = await signedIn(app, 'curator.lyceum2', DEMO_PASSWORD);
      const list = (await lyceum.get('/pairs?status=active')).body;
      const pairId = (
        await database.db
          .selectFrom('pair_mentors')
          .innerJoin('pairs', 'pairs.id', 'pair_mentors.pair_id')
          .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
          .select('pairs.id')
          .where('pair_mentors.mentor_id', '=', id)
          .where('organizations.short_name', '=', 'МБОУ «Лицей № 2»')
          .executeTakeFirstOrThrow()
      ).id;
      expect(list).toContain(`/pairs/${pairId}`);
      const page = textOf((await lyceum.get(`/pairs/${pairId}`)).body);
      expect(page).toContain([mentor.last_name, mentor.first_name, mentor.middle_name].filter(Boolean).join(' '));
      expect(page).toContain(`из другой организации: ${mentor.origin}`);
    } finally {
      await app.close();
    }
  });
});
