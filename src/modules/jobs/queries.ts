import type { Kysely, Selectable } from 'kysely';
import type { Database, JobRunsTable, JobsTable } from '../../db/types.js';

export type JobState = Selectable<JobsTable>;
export type JobRun = Selectable<JobRunsTable>;

export async function jobStates(db: Kysely<Database>): Promise<JobState[]> {
  return db.selectFrom('jobs').selectAll().orderBy('name').execute();
}

/** The latest failed runs, newest first. */
export async function failedRuns(db: Kysely<Database>, limit: number): Promise<JobRun[]> {
  return db
    .selectFrom('job_runs')
    .selectAll()
    .where('status', '=', 'failed')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
