import type { Kysely } from 'kysely';
import { canViewJobs } from '../../access/policy.js';
import type { JobsConfig } from '../../config.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError } from '../../http/errors.js';
import type { Actor } from '../audit/service.js';
import { failedRuns, type JobRun, jobStates } from './queries.js';
import { JOBS, type JobDefinition } from './registry.js';

export type JobStatus = 'waiting' | 'running' | 'succeeded' | 'retrying' | 'failed';

export interface JobLine {
  name: string;
  title: string;
  everyMinutes: number;
  status: JobStatus;
  nextRunAt: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  attempt: number;
  maxAttempts: number;
  lastError: string | null;
}

export interface JobsOverview {
  jobs: JobLine[];
  failed: (JobRun & { title: string })[];
  schedulerEnabled: boolean;
}

const FAILED_SHOWN = 20;

/** Every registered job with its state, and the latest failed runs: the administrator's page. */
export async function jobsOverview(
  db: Kysely<Database>,
  actor: Actor,
  config: JobsConfig,
  now: Date = new Date(),
  jobs: readonly JobDefinition[] = JOBS,
): Promise<JobsOverview> {
  if (!canViewJobs(actor.user)) throw new ForbiddenError('Фоновые задачи видит администратор портала.');
  const [states, failed] = await Promise.all([jobStates(db), failedRuns(db, FAILED_SHOWN)]);
  const byName = new Map(states.map((s) => [s.name, s]));
  const titles = new Map(jobs.map((j) => [j.name, j.title]));
  return {
    jobs: jobs.map((job) => {
      const state = byName.get(job.name);
      const running = !!state?.locked_until && state.locked_until > now;
      return {
        name: job.name,
        title: job.title,
        everyMinutes: job.everyMinutes(config),
        status: running ? 'running' : (state?.last_status ?? 'waiting'),
        nextRunAt: state?.next_run_at ?? null,
        lastStartedAt: state?.last_started_at ?? null,
        lastFinishedAt: state?.last_finished_at ?? null,
        attempt: state?.attempt ?? 0,
        maxAttempts: config.maxAttempts,
        lastError: state?.last_error ?? null,
      };
    }),
    failed: failed.map((run) => ({ ...run, title: titles.get(run.name) ?? run.name })),
    schedulerEnabled: config.enabled,
  };
}
