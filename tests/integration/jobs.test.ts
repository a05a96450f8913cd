import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runJobsOnce } from '../../src/cli/jobs.js';
import { ConfigError, type JobsConfig, loadConfig } from '../../src/config.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/index.js';
import { JOBS, type JobDefinition } from '../../src/modules/jobs/registry.js';
import { startScheduler } from '../../src/modules/jobs/runner.js';
import { Client, createTestApp, testConfig, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildWorld, PASSWORD, type World } from '../helpers/world.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let database: TestDatabase;
let world: World;
const config: JobsConfig = testConfig().jobs;
/** The registry's clean-ups (the schedule tests below count on their intervals; the other jobs have tests of their own: recount-job, notification-reminders, mail). */
const CLEANUPS = JOBS.filter((job) => job.name.startsWith('cleanup-'));

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

beforeEach(async () => {
  await database.reset();
  world = await buildWorld(database.db);
});

async function auditOf(entityType: string) {
  return database.db
    .selectFrom('audit_log')
    .select(['user_id', 'action', 'organization_id', 'municipality_id'])
    .where('entity_type', '=', entityType)
    .execute();
}

describe('configuration', () => {
  it('has sensible defaults and reads the schedule from the environment', () => {
    expect(config).toMatchObject({
      enabled: true,
      maxAttempts: 3,
      everyMinutes: { 'cleanup-sessions': 60, 'cleanup-password-links': 1440 },
    });
    const set = testConfig({ JOBS: 'off', JOB_SESSIONS_CLEANUP_MINUTES: '5', IMPORT_BATCH_LIFE_HOURS: '2' }).jobs;
    expect(set.enabled).toBe(false);
    expect(set.everyMinutes['cleanup-sessions']).toBe(5);
    expect(set.importBatchLifeHours).toBe(2);
    expect(() => loadConfig({ JOBS: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ JOB_SESSIONS_CLEANUP_MINUTES: '0' })).toThrow(/JOB_SESSIONS_CLEANUP_MINUTES/);
  });
});

describe('the clean-ups', () => {
  it('remove the expired sessions and nothing else', async () => {
    const now = new Date();
    const user = world.users.curator!;
    await database.db
      .insertInto('sessions')
      .values([
        { id: 'expired', user_id: user, expires_at: new Date(now.getTime() - MINUTE) },
        { id: 'just-expired', user_id: user, expires_at: now },
        { id: 'live', user_id: user, expires_at: new Date(now.getTime() + MINUTE) },
      ])
      .execute();
    const before = await database.db
      .selectFrom('sessions')
      .select('id')
      .where('id', 'not in', ['expired', 'just-expired', 'live'])
      .execute();

    const outcomes = await runJobsOnce(database.db, config, { now });
    expect(outcomes.find((o) => o.name === 'cleanup-sessions')).toMatchObject({ status: 'succeeded', result: { removed: 2 } });

    const left = await database.db.selectFrom('sessions').select('id').orderBy('id').execute();
    expect(left.map((s) => s.id).sort()).toEqual([...before.map((s) => s.id), 'live'].sort());
    expect(await auditOf('session')).toEqual([{ user_id: null, action: 'delete', organization_id: null, municipality_id: null }]);
  });

  it('remove the import batches nobody confirmed within their life, and keep the rest', async () => {
    const now = new Date();
    const curator = world.users.curator!;
    const school = world.a.school;
    const [old, applied, young] = await Promise.all(
      [
        { created_at: new Date(now.getTime() - 25 * HOUR), applied_at: null },
        { created_at: new Date(now.getTime() - 48 * HOUR), applied_at: new Date(now.getTime() - 47 * HOUR) },
        { created_at: new Date(now.getTime() - 23 * HOUR), applied_at: null },
      ].map((b) =>
        database.db
          .insertInto('import_batches')
          .values({ organization_id: school, kind: 'mentors', file_name: 'f.csv', rows: '{}', created_by: curator, ...b })
          .returning('id')
          .executeTakeFirstOrThrow(),
      ),
    );
    const outcomes = await runJobsOnce(database.db, config, { now });
    expect(outcomes.find((o) => o.name === 'cleanup-import-batches')).toMatchObject({
      status: 'succeeded',
      result: { removed: 1 },
    });

    const left = (await database.db.selectFrom('import_batches').select('id').execute()).map((b) => b.id);
    expect(left).not.toContain(old!.id);
    expect(left).toEqual(expect.arrayContaining([applied!.id, young!.id, ...Object.values(world.batches)]));
    expect(left).toHaveLength(2 + Object.values(world.batches).length);
    // Logged as the portal's act, in the school's municipality (its coordinator reads it).
    expect(await auditOf('import_batch')).toEqual([
      { user_id: null, action: 'delete', organization_id: school, municipality_id: world.a.id },
    ]);
  });

  it('remove the expired set-password links, used or not, and keep the valid ones', async () => {
    const now = new Date();
    const user = world.users.mentor!;
    await database.db
      .insertInto('password_tokens')
      .values([
        { id: 'expired', user_id: user, purpose: 'invite', expires_at: new Date(now.getTime() - MINUTE) },
        {
          id: 'expired-used',
          user_id: user,
          purpose: 'reset',
          expires_at: new Date(now.getTime() - HOUR),
          used_at: new Date(now.getTime() - 2 * HOUR),
        },
        { id: 'valid', user_id: user, purpose: 'reset', expires_at: new Date(now.getTime() + HOUR) },
        { id: 'valid-used', user_id: user, purpose: 'reset', expires_at: new Date(now.getTime() + HOUR), used_at: now },
      ])
      .execute();
    // And the links that confirm an e-mail address: the expired ones go, used or not.
    await database.db
      .insertInto('email_confirmations')
      .values([
        { user_id: user, email: 'a@example.ru', token_hash: 'h-expired', expires_at: new Date(now.getTime() - MINUTE) },
        { user_id: user, email: 'a@example.ru', token_hash: 'h-used', expires_at: new Date(now.getTime() - HOUR), used_at: now },
        { user_id: user, email: 'a@example.ru', token_hash: 'h-valid', expires_at: new Date(now.getTime() + HOUR) },
      ])
      .execute();
    // The world's accounts hold links of their own, valid for days.
    const before = await database.db
      .selectFrom('password_tokens')
      .select('id')
      .where('id', 'not in', ['expired', 'expired-used', 'valid', 'valid-used'])
      .execute();
    expect(before.length).toBeGreaterThan(0);
    const outcomes = await runJobsOnce(database.db, config, { now });
    expect(outcomes.find((o) => o.name === 'cleanup-password-links')).toMatchObject({
      status: 'succeeded',
      result: { removed: 2, emailLinks: 2 },
    });
    const left = await database.db.selectFrom('password_tokens').select('id').execute();
    expect(left.map((t) => t.id).sort()).toEqual([...before.map((t) => t.id), 'valid', 'valid-used'].sort());
    expect(await auditOf('password_token')).toHaveLength(1);
    const links = await database.db.selectFrom('email_confirmations').select('token_hash').execute();
    expect(links.map((l) => l.token_hash)).toEqual(['h-valid']);
    expect(await auditOf('email_confirmation')).toHaveLength(1);
  });

  it('write nothing to the audit log when nothing expired', async () => {
    await database.db.deleteFrom('sessions').execute();
    const outcomes = await runJobsOnce(database.db, config, { jobs: CLEANUPS });
    expect(outcomes.map((o) => o.result)).toEqual([{ removed: 0 }, { removed: 0 }, { removed: 0, emailLinks: 0 }]);
    expect(await database.db.selectFrom('audit_log').select('id').where('user_id', 'is', null).execute()).toEqual([]);
  });
});

describe('jobs --once', () => {
  it('runs each due job once, and then only those whose interval has passed', async () => {
    const t0 = new Date();
    const first = await runJobsOnce(database.db, config, { jobs: CLEANUPS, now: t0 });
    expect(first.map((o) => [o.name, o.status])).toEqual([
      ['cleanup-sessions', 'succeeded'],
      ['cleanup-import-batches', 'succeeded'],
      ['cleanup-password-links', 'succeeded'],
    ]);
    expect(await runJobsOnce(database.db, config, { jobs: CLEANUPS, now: new Date(t0.getTime() + 59 * MINUTE) })).toEqual([]);
    const hourLater = await runJobsOnce(database.db, config, { jobs: CLEANUPS, now: new Date(t0.getTime() + 60 * MINUTE) });
    expect(hourLater.map((o) => o.name)).toEqual(['cleanup-sessions', 'cleanup-import-batches']);
    const dayLater = await runJobsOnce(database.db, config, { jobs: CLEANUPS, now: new Date(t0.getTime() + 24 * HOUR) });
    expect(dayLater.map((o) => o.name)).toEqual(['cleanup-sessions', 'cleanup-import-batches', 'cleanup-password-links']);
    // A schedule shortened in configuration applies at once, not after the next run.
    const shorter = { ...config, everyMinutes: { ...config.everyMinutes, 'cleanup-password-links': 30 } };
    const halfHourLater = await runJobsOnce(database.db, shorter, {
      jobs: CLEANUPS,
      now: new Date(t0.getTime() + 24 * HOUR + 30 * MINUTE),
    });
    expect(halfHourLater.map((o) => o.name)).toEqual(['cleanup-password-links']);
    const runs = await database.db.selectFrom('job_runs').select(['name', 'status']).execute();
    expect(runs).toHaveLength(9);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('retries a job that throws with a doubling delay, then shows it as failed on /admin/jobs', async () => {
    // A real job made to fail: its table is gone for the time of the test.
    await sql`alter table password_tokens rename to password_tokens_away`.execute(database.db);
    const t0 = new Date();
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const links = async (now: Date) =>
      (await runJobsOnce(database.db, config, { now })).find((o) => o.name === 'cleanup-password-links');
    try {
      expect(await links(t0)).toMatchObject({
        status: 'retrying',
        attempt: 1,
        error: expect.stringContaining('password_tokens'),
      });
      expect(await links(at(59))).toBeUndefined();
      expect(await links(at(60))).toMatchObject({ status: 'retrying', attempt: 2 });
      expect(await links(at(60 + 119))).toBeUndefined();
      expect(await links(at(60 + 120))).toMatchObject({ status: 'failed', attempt: 3 });
      // Failed: left until its next scheduled time, not retried again.
      expect(await links(at(60 + 120 + 3600))).toBeUndefined();
    } finally {
      await sql`alter table password_tokens_away rename to password_tokens`.execute(database.db);
    }
    const failedRuns = await database.db
      .selectFrom('job_runs')
      .select('attempt')
      .where('status', '=', 'failed')
      .orderBy('attempt')
      .execute();
    expect(failedRuns.map((r) => r.attempt)).toEqual([1, 2, 3]);

    const app = await createTestApp(database);
    try {
      const admin = new Client(app);
      await admin.login('admin', PASSWORD);
      const page = await admin.get('/admin/jobs');
      expect(page.statusCode).toBe(200);
      const text = textOf(page.body);
      expect(text).toContain('Удаление истёкших ссылок для установки пароля');
      expect(text).toMatch(
        /Удаление истёкших ссылок для установки пароля и подтверждения адреса\s+cleanup-password-links\s+каждые 1\s?440 минут\s+Ошибка\s+/,
      );
      expect(text).toContain('3 из 3');
      expect(text).toContain('relation "password_tokens" does not exist');
      expect(text).toContain('Неудачные запуски');
      expect(text).not.toContain('Неудачных запусков нет');
      // The next scheduled run succeeds and clears the error.
      await runJobsOnce(database.db, config, { now: at(180 + 24 * 3600) });
      const after = textOf((await admin.get('/admin/jobs')).body);
      expect(after).not.toMatch(
        /Удаление истёкших ссылок для установки пароля и подтверждения адреса\s+cleanup-password-links\s+каждые 1\s?440 минут\s+Ошибка/,
      );
    } finally {
      await app.close();
    }
  });

  it('shows the jobs to the administrator only', async () => {
    const app = await createTestApp(database);
    try {
      const curator = new Client(app);
      await curator.login('curator', PASSWORD);
      expect((await curator.get('/admin/jobs')).statusCode).toBe(403);
      const admin = new Client(app);
      await admin.login('admin', PASSWORD);
      const page = await admin.get('/admin/jobs');
      expect(textOf(page.body)).toContain('Ещё не запускалась');
      expect(page.body).toContain('href="/admin/jobs"');
    } finally {
      await app.close();
    }
  });
});

describe('the in-process scheduler', () => {
  it('runs the due jobs at once and waits for a run in progress when stopped', async () => {
    let finished = 0;
    const slow: JobDefinition = {
      name: 'slow',
      title: 'slow',
      everyMinutes: () => 60,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        finished++;
        return { done: 1 };
      },
    };
    const scheduler = startScheduler({ db: database.db, config, jobs: [slow] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.stop();
    expect(finished).toBe(1);
    const state = await database.db.selectFrom('jobs').selectAll().where('name', '=', 'slow').executeTakeFirstOrThrow();
    expect(state).toMatchObject({ last_status: 'succeeded', locked_by: null });
  });
});

/** A job that counts its runs and takes a while, so that concurrent runners overlap. */
function countingJob(counter: { runs: number }): JobDefinition {
  return {
    name: 'counted',
    title: 'counted',
    everyMinutes: () => 1,
    run: async () => {
      counter.runs++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {};
    },
  };
}

describe('two runners on one database', () => {
  it('in one process: a due job runs once between them', async () => {
    const counter = { runs: 0 };
    const jobs = [countingJob(counter)];
    const now = new Date();
    await Promise.all([
      runJobsOnce(database.db, config, { jobs, runner: 'one', now }),
      runJobsOnce(database.db, config, { jobs, runner: 'two', now }),
    ]);
    expect(counter.runs).toBe(1);
  });

  // The embedded database is one process by design: it locks its folder (db/index.ts), so a
  // second portal instance cannot open it; only a PostgreSQL server has two instances.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'on PostgreSQL, over two connection pools: each periodic job runs once per due time between them',
    async () => {
      const other: DatabaseHandle = await openDatabase({ databaseUrl: database.url! });
      try {
        const counter = { runs: 0 };
        const jobs = [countingJob(counter)];
        const t0 = Date.now();
        for (let round = 0; round < 5; round++) {
          const now = new Date(t0 + round * MINUTE);
          const [a, b] = await Promise.all([
            runJobsOnce(database.db, config, { jobs, runner: 'a', now }),
            runJobsOnce(other.db, config, { jobs, runner: 'b', now }),
          ]);
          expect(a.length + b.length).toBe(1);
        }
        expect(counter.runs).toBe(5);
        // The registry's jobs too: each runs once between them, none twice.
        const now = new Date(t0 + 10 * MINUTE);
        const [a, b] = await Promise.all([runJobsOnce(database.db, config, { now }), runJobsOnce(other.db, config, { now })]);
        expect([...a, ...b].map((o) => o.name).sort()).toEqual(JOBS.map((job) => job.name).sort());
        const runners = await database.db.selectFrom('job_runs').select('runner').distinct().execute();
        expect(runners.length).toBeGreaterThanOrEqual(1);
      } finally {
        await other.close();
      }
    },
  );
});
