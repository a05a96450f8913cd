import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { JobsConfig } from '../../config.js';
import type { Database } from '../../db/types.js';
import { JOBS, type JobDefinition, type MailContext } from './registry.js';

/** How long a claimed run may take before another runner may take the job over (a dead runner's). */
const LEASE_MS = 30 * 60_000;
/** The longest error text kept. */
const ERROR_LENGTH = 2_000;

export interface RunnerOptions {
  db: Kysely<Database>;
  config: JobsConfig;
  /** The mailer for the mail jobs (null or absent: they send nothing). */
  mail?: MailContext | null;
  /** The jobs to run; the registry's by default (tests pass their own). */
  jobs?: readonly JobDefinition[];
  /** This runner's name in the table (host, process, random). */
  runner?: string;
  /** Where each run is reported. */
  log?: (line: {
    job: string;
    status: 'succeeded' | 'retrying' | 'failed';
    attempt: number;
    result?: Record<string, number>;
    error?: string;
  }) => void;
}

export interface RunOutcome {
  name: string;
  status: 'succeeded' | 'retrying' | 'failed';
  attempt: number;
  result?: Record<string, number>;
  error?: string;
}

export function runnerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** A row per job, due at once when new; an existing row keeps its state. */
async function ensureJobs(db: Kysely<Database>, jobs: readonly JobDefinition[], now: Date): Promise<void> {
  if (!jobs.length) return;
  await db
    .insertInto('jobs')
    .values(jobs.map((job) => ({ name: job.name, next_run_at: now })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/**
 * Takes the job when it is due and nobody holds it: one UPDATE, which on PostgreSQL only one of
 * several concurrent runners wins (the others re-read the row after the winner commits and find
 * it held). Returns the attempt number, or null when not due or held.
 */
async function claim(
  db: Kysely<Database>,
  job: JobDefinition,
  config: JobsConfig,
  runner: string,
  now: Date,
): Promise<number | null> {
  // Due at its stored time, or — unless a retry waits — once its interval, as configured now, has
  // passed since it last started: a schedule shortened in configuration applies at once.
  const intervalAgo = new Date(now.getTime() - job.everyMinutes(config) * 60_000);
  const row = await db
    .updateTable('jobs')
    .set({
      locked_by: runner,
      locked_until: new Date(now.getTime() + LEASE_MS),
      last_started_at: now,
      attempt: sql<number>`case when last_status = 'retrying' then attempt + 1 else 1 end`,
    })
    .where('name', '=', job.name)
    .where((eb) =>
      eb.or([
        eb('next_run_at', '<=', now),
        eb.and([eb('last_status', 'is distinct from', 'retrying'), eb('last_started_at', '<=', intervalAgo)]),
      ]),
    )
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .returning('attempt')
    .executeTakeFirst();
  return row ? row.attempt : null;
}

/**
 * Runs every due job once, one after another, and returns what happened. A job that throws is
 * retried later with a doubling delay (retrySeconds, 2×, 4×…) up to maxAttempts, then marked
 * failed and left until its next scheduled time.
 */
export async function runDueJobs(options: RunnerOptions, now: Date = new Date()): Promise<RunOutcome[]> {
  const { db } = options;
  const jobs = options.jobs ?? JOBS;
  const runner = options.runner ?? runnerName();
  await ensureJobs(db, jobs, now);
  const outcomes: RunOutcome[] = [];
  for (const job of jobs) {
    const attempt = await claim(db, job, options.config, runner, now);
    if (attempt === null) continue;
    const outcome = await runClaimed(options, job, runner, attempt, now);
    outcomes.push(outcome);
    options.log?.({ job: job.name, ...outcome });
  }
  return outcomes;
}

async function runClaimed(
  options: RunnerOptions,
  job: JobDefinition,
  runner: string,
  attempt: number,
  now: Date,
): Promise<RunOutcome> {
  const { db, config } = options;
  let result: Record<string, number> | undefined;
  let error: string | undefined;
  try {
    result = await job.run({ db, now, config, mail: options.mail ?? null });
  } catch (thrown) {
    error = (thrown instanceof Error ? thrown.message || thrown.name : String(thrown)).slice(0, ERROR_LENGTH);
  }
  const finishedAt = new Date(Math.max(Date.now(), now.getTime()));
  const scheduled = new Date(now.getTime() + job.everyMinutes(config) * 60_000);
  let status: RunOutcome['status'];
  let next: Date;
  if (error === undefined) {
    status = 'succeeded';
    next = scheduled;
  } else if (attempt < config.maxAttempts) {
    status = 'retrying';
    next = new Date(now.getTime() + config.retrySeconds * 1_000 * 2 ** (attempt - 1));
  } else {
    status = 'failed';
    next = scheduled;
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('jobs')
      .set({
        locked_by: null,
        locked_until: null,
        next_run_at: next,
        last_status: status,
        last_finished_at: finishedAt,
        last_error: error ?? null,
      })
      .where('name', '=', job.name)
      .where('locked_by', '=', runner)
      .execute();
    await trx
      .insertInto('job_runs')
      .values({
        name: job.name,
        runner,
        attempt,
        started_at: now,
        finished_at: finishedAt,
        status: error === undefined ? 'succeeded' : 'failed',
        error: error ?? null,
        result: JSON.stringify(result ?? {}),
      })
      .execute();
  });
  return { name: job.name, status, attempt, ...(result ? { result } : {}), ...(error !== undefined ? { error } : {}) };
}

export interface Scheduler {
  /** Stops polling and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/** Runs the due jobs now and every pollSeconds in this process, one pass at a time. */
export function startScheduler(options: RunnerOptions & { onError?: (error: unknown) => void }): Scheduler {
  const runner = options.runner ?? runnerName();
  let current: Promise<unknown> = Promise.resolve();
  let running = false;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = true;
    current = runDueJobs({ ...options, runner })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, options.config.pollSeconds * 1_000);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
