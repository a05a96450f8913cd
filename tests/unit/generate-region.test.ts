import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetCounts, GENERATOR_VERSION, generateRegion, planRegion, readMarker } from '../../scripts/generate-region.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// The region generator at 1/1000 of the region: one municipality with one school, 300 people,
// 100 pairs, 1 000 meetings, 200 survey responses.
const SCALE = 0.001;
const TODAY = '2026-11-23';

/** A fingerprint of the generated rows (timestamps of now() and password hashes aside). */
async function fingerprint(db: TestDatabase['db']): Promise<Record<string, string>> {
  const tables = [
    'organizations',
    'mentors',
    'mentees',
    'programmes',
    'pair_orders',
    'pairs',
    'pair_mentors',
    'pair_mentees',
    'meetings',
    'surveys',
    'survey_responses',
    'survey_answers',
    'contingents',
    'indicator_targets',
    'indicator_manual_values',
    'roadmap_items',
    'users',
    'monitoring_campaigns',
    'monitoring_submissions',
    'monitoring_values',
    'monitoring_events',
    'monitoring_snapshots',
  ];
  const out: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await sql<{ md5: string | null }>`
      select md5(string_agg(j, '|' order by j)) as md5
      from (select (to_jsonb(t) - array['created_at', 'updated_at', 'password_hash', 'password_changed_at'])::text as j from ${sql.table(table)} t) x`.execute(
      db,
    );
    out[table] = rows[0]?.md5 ?? '';
  }
  return out;
}

describe('generate:region', () => {
  let database: TestDatabase;
  let passwordHash: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    passwordHash = await hashPassword('bench-password-1');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('produces the planned counts at 1/1000 of the region, consistent and deterministic', async () => {
    const db = database.db;
    const result = await generateRegion(db, { scale: SCALE, today: TODAY, passwordHash });
    expect(result.counts).toMatchObject({
      municipalities: 1,
      schools: 1,
      mentors: 100,
      mentees: 200,
      people: 300,
      pairs: 100,
      meetings: 1_000,
      surveyResponses: 200,
      indicators: 12,
      // 2022..2026: four kinds for the school, five (with enterprises) for the municipality
      contingents: 5 * 9,
      users: 6,
    });
    expect(result.counts.surveyAnswers).toBeGreaterThanOrEqual(600);
    expect(result.accounts.map((a) => a.login)).toEqual([
      'region-admin',
      'dept-01',
      'coord-01',
      'curator-0001',
      'head-0001',
      'mentor-0001',
    ]);
    expect(await readMarker(db)).toEqual({ version: GENERATOR_VERSION, seed: 'region-1', scale: SCALE, today: TODAY });

    // Consistency the foreign keys (off while loading) and the domain's rules would demand.
    const { rows } = await sql<Record<string, number>>`
      select
        (select count(*) from pair_mentors pm left join mentors m on m.id = pm.mentor_id where m.id is null) as orphan_mentors,
        (select count(*) from pair_mentees pm join mentees e on e.id = pm.mentee_id join pairs p on p.id = pm.pair_id
          where e.organization_id <> p.organization_id) as foreign_mentees,
        (select count(*) from pairs p where not exists (select 1 from pair_mentors x where x.pair_id = p.id)
          or not exists (select 1 from pair_mentees x where x.pair_id = p.id)) as pairs_without_members,
        (select count(*) from meetings m join pairs p on p.id = m.pair_id
          where p.activated_at is null or m.held_on < p.activated_at::date or m.held_on > ${TODAY}::date
            or m.held_on > coalesce(p.completed_on, p.terminated_on, ${TODAY}::date)) as meetings_out_of_term,
        (select count(*) from survey_responses r left join surveys s on s.id = r.survey_id where s.id is null) as orphan_responses,
        (select count(*) from pair_mentees pm join pairs p on p.id = pm.pair_id join mentees e on e.id = pm.mentee_id
          where e.created_at > p.created_at or (p.activated_at is not null and (e.consent_date is null or e.consent_date > p.activated_at::date))) as mentees_not_ready,
        (select count(*) from pairs p where p.meeting_count <> (select count(*) from meetings m where m.pair_id = p.id)
          or p.last_meeting_on is distinct from (select max(held_on) from meetings m where m.pair_id = p.id)
          or p.municipality_id is distinct from (select o.municipality_id from organizations o where o.id = p.organization_id)) as pairs_off_summary,
        (select count(*) from users u join mentors m on m.user_id = u.id join pair_mentors pm on pm.mentor_id = m.id join pairs p on p.id = pm.pair_id
          where u.login = 'mentor-0001' and u.role = 'mentor' and u.organization_id = m.organization_id and p.status = 'active') as mentor_active_pairs,
        (select count(distinct status) from pairs) as statuses,
        (select count(distinct form) from pairs) as forms,
        (select count(*) from indicator_freshness where stale) as stale_municipalities`.execute(db);
    expect(rows[0]!.mentor_active_pairs).toBeGreaterThan(0);
    expect(rows[0]).toEqual({
      orphan_mentors: 0,
      foreign_mentees: 0,
      pairs_without_members: 0,
      meetings_out_of_term: 0,
      orphan_responses: 0,
      mentees_not_ready: 0,
      pairs_off_summary: 0,
      mentor_active_pairs: expect.any(Number),
      statuses: 4,
      forms: 7,
      stale_municipalities: 1,
    });

    // Monitoring: two campaigns per municipality, a submission per school in each; last year's
    // accepted with a snapshot of what was entered; every transition an event, in order.
    const { rows: monitoring } = await sql<Record<string, number>>`
      select
        (select count(*)::int from monitoring_campaigns) as campaigns,
        (select count(*)::int from monitoring_fields) as fields,
        (select count(*)::int from monitoring_submissions) as submissions,
        (select count(*)::int from monitoring_submissions s join monitoring_campaigns c on c.id = s.campaign_id
          where c.deadline < ${TODAY}::date and c.opens_on < ${TODAY}::date - 300 and s.status = 'accepted') as past_accepted,
        (select count(*)::int from monitoring_submissions s where s.status = 'accepted'
          and (select count(*) from monitoring_snapshots x where x.submission_id = s.id) <> 1) as accepted_without_snapshot,
        (select count(*)::int from monitoring_snapshots x where jsonb_array_length(x.figures->'entered') <> 4) as snapshots_off,
        (select count(*)::int from monitoring_submissions s where s.status <> coalesce(
          (select e.to_status from monitoring_events e where e.submission_id = s.id order by e.id desc limit 1), 'not_started')) as events_off,
        (select count(*)::int from monitoring_events e where e.actor_id is null) as events_without_actor,
        (select count(*)::int from monitoring_submissions s join organizations o on o.id = s.organization_id
          join monitoring_campaigns c on c.id = s.campaign_id where o.municipality_id <> c.municipality_id) as foreign_schools`.execute(
      db,
    );
    expect(monitoring[0]).toEqual({
      campaigns: 2,
      fields: 8,
      submissions: 2,
      past_accepted: 1,
      accepted_without_snapshot: 0,
      snapshots_off: 0,
      events_off: 0,
      events_without_actor: 0,
      foreign_schools: 0,
    });

    // A database with data is refused; --force empties it and the same seed gives the same rows.
    const first = await fingerprint(db);
    await expect(generateRegion(db, { scale: SCALE, today: TODAY, passwordHash })).rejects.toThrow(/--force/);
    await generateRegion(db, { scale: SCALE, today: TODAY, passwordHash, force: true });
    expect(await fingerprint(db)).toEqual(first);
    expect(await datasetCounts(db)).toEqual(result.counts);
  }, 30_000);

  it('plans the region at full scale: 60 municipalities of different sizes, 1 000 schools', () => {
    const plan = planRegion(1, 'region-1');
    expect(plan.municipalities).toHaveLength(60);
    expect(plan.schools).toHaveLength(1_000);
    const sizes = plan.municipalities.map((m) => m.schools);
    expect(Math.max(...sizes)).toBeGreaterThan(5 * Math.min(...sizes));
    const sum = (f: (s: (typeof plan.schools)[number]) => number) => plan.schools.reduce((n, s) => n + f(s), 0);
    expect(sum((s) => s.mentors.reduce((a, b) => a + b, 0))).toBe(100_000);
    expect(sum((s) => s.mentees.reduce((a, b) => a + b, 0))).toBe(200_000);
    expect(sum((s) => s.pairs)).toBe(100_000);
    expect(planRegion(1, 'region-1')).toEqual(plan);
    expect(planRegion(1, 'other-seed').schools.map((s) => s.pairs)).not.toEqual(plan.schools.map((s) => s.pairs));
  });
});
