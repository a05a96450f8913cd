import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runJobsOnce } from '../../src/cli/jobs.js';
import { ensureFresh } from '../../src/modules/indicators/compute.js';
import { JOBS } from '../../src/modules/jobs/registry.js';
import { testConfig } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';

/**
 * The periodic job `recount-indicators` (issue 16): a change marks its municipality stale; the job
 * recounts every stale municipality, so that the dashboards find fresh figures; with nothing stale
 * it recounts nothing.
 */

const t = useWorld();
const MINUTE = 60_000;
const recount = JOBS.filter((job) => job.name === 'recount-indicators');

async function freshness() {
  const rows = await t.database.db
    .selectFrom('indicator_freshness')
    .select(['municipality_id', 'stale', 'version', 'refreshed_at'])
    .orderBy('municipality_id')
    .execute();
  return new Map(rows.map((r) => [r.municipality_id, r]));
}

describe('the recount of the indicators on the queue', () => {
  it('is scheduled from configuration, every 5 minutes by default', () => {
    expect(testConfig().jobs.everyMinutes['recount-indicators']).toBe(5);
    expect(testConfig({ JOB_RECOUNT_INDICATORS_MINUTES: '15' }).jobs.everyMinutes['recount-indicators']).toBe(15);
    expect(recount.map((job) => job.title)).toEqual(['Пересчёт показателей муниципалитетов после изменения данных']);
  });

  it('recounts the stale municipalities; with nothing stale it does nothing; a change marks only its own stale', async () => {
    const { a, b } = t.world;
    const config = testConfig().jobs;
    const db = t.database.db;
    // The world's fixtures changed both municipalities' data.
    let state = await freshness();
    expect(state.get(a.id)?.stale).toBe(true);
    expect(state.get(b.id)?.stale).toBe(true);

    const t0 = new Date();
    const first = await runJobsOnce(db, config, { jobs: recount, now: t0 });
    expect(first).toMatchObject([{ name: 'recount-indicators', status: 'succeeded', result: { recounted: 2 } }]);
    state = await freshness();
    expect(state.get(a.id)).toMatchObject({ stale: false, refreshed_at: expect.any(Date) });
    expect(state.get(b.id)).toMatchObject({ stale: false, refreshed_at: expect.any(Date) });
    const refreshedB = state.get(b.id)?.refreshed_at;
    // The dashboards' summary tables were written by the job, not by a read.
    const facts = await db
      .selectFrom('dashboard_facts')
      .select('organization_id')
      .where('organization_id', '=', a.school)
      .execute();
    expect(facts.length).toBeGreaterThan(0);

    // Nothing stale: nothing recounted, nothing rewritten.
    const idle = await runJobsOnce(db, config, { jobs: recount, now: new Date(t0.getTime() + 5 * MINUTE) });
    expect(idle).toMatchObject([{ status: 'succeeded', result: { recounted: 0 } }]);
    expect((await freshness()).get(a.id)?.refreshed_at).toEqual(state.get(a.id)?.refreshed_at);

    // A mentor added in a school of A: A is stale, B is not.
    const versionA = state.get(a.id)?.version;
    await db
      .insertInto('mentors')
      .values({
        organization_id: a.school,
        origin_organization_id: a.school,
        last_name: 'Новикова',
        first_name: 'Анна',
        category: 'teacher',
      })
      .execute();
    state = await freshness();
    expect(state.get(a.id)).toMatchObject({ stale: true });
    expect(state.get(a.id)?.version).not.toEqual(versionA);
    expect(state.get(b.id)?.stale).toBe(false);

    // Not due before its interval has passed; then it recounts A only.
    expect(await runJobsOnce(db, config, { jobs: recount, now: new Date(t0.getTime() + 9 * MINUTE) })).toEqual([]);
    const third = await runJobsOnce(db, config, { jobs: recount, now: new Date(t0.getTime() + 10 * MINUTE) });
    expect(third).toMatchObject([{ status: 'succeeded', result: { recounted: 1 } }]);
    state = await freshness();
    expect(state.get(a.id)?.stale).toBe(false);
    expect(state.get(b.id)?.refreshed_at).toEqual(refreshedB);
  });

  it('a dashboard read after the job finds the figures fresh and recounts nothing', async () => {
    const db = t.database.db;
    await runJobsOnce(db, testConfig().jobs, { jobs: recount });
    const before = await freshness();
    const fresh = await ensureFresh(db, t.world.a.id);
    expect(fresh.refreshedAt).toEqual(before.get(t.world.a.id)?.refreshed_at);
    expect(String(fresh.version)).toBe(String(before.get(t.world.a.id)?.version));
  });

  it('one municipality that fails does not keep the others stale: the rest are recounted, the job fails naming it', async () => {
    const db = t.database.db;
    const { a, b } = t.world;
    // B's recount fails when it writes its summary rows; B, changed longest ago, comes first.
    await sql`update indicator_freshness set changed_at = now() - interval '1 hour' where municipality_id = ${b.id}`.execute(db);
    await sql`create function test_fail_b() returns trigger language plpgsql as $$
      begin raise exception 'summary of B refused'; end $$`.execute(db);
    await sql
      .raw(`create trigger test_fail_b before insert on dashboard_facts for each row
      when (new.organization_id = ${b.school}) execute function test_fail_b()`)
      .execute(db);
    try {
      const [outcome] = await runJobsOnce(db, testConfig().jobs, { jobs: recount });
      expect(outcome).toMatchObject({ status: 'retrying', attempt: 1 });
      expect(outcome?.error).toContain(`recount failed for municipality ${b.id}: summary of B refused`);
    } finally {
      await sql`drop trigger test_fail_b on dashboard_facts`.execute(db);
      await sql`drop function test_fail_b()`.execute(db);
    }
    const state = await freshness();
    expect(state.get(a.id)?.stale).toBe(false);
    expect(state.get(b.id)?.stale).toBe(true);
  });
});
