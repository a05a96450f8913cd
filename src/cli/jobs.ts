import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { configFromEnvironment, describeDatabase, openConfiguredDatabase } from '../bootstrap.js';
import type { JobsConfig } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/types.js';
import { createLogger } from '../logger.js';
import { createMailer } from '../lib/mailer.js';
import type { JobDefinition, MailContext } from '../modules/jobs/registry.js';
import { type RunOutcome, runDueJobs, startScheduler } from '../modules/jobs/runner.js';

/**
 * `npm run jobs -- --once`: runs every due job once and returns what ran (for cron and tests).
 * Exits non-zero (through main) when a job failed.
 */
export async function runJobsOnce(
  db: Kysely<Database>,
  config: JobsConfig,
  options: { jobs?: readonly JobDefinition[]; runner?: string; now?: Date; mail?: MailContext | null } = {},
): Promise<RunOutcome[]> {
  return runDueJobs(
    {
      db,
      config,
      mail: options.mail ?? null,
      ...(options.jobs ? { jobs: options.jobs } : {}),
      ...(options.runner ? { runner: options.runner } : {}),
    },
    options.now,
  );
}

async function main(args: string[]): Promise<void> {
  const config = configFromEnvironment();
  const log = createLogger(config);
  const database = await openConfiguredDatabase(config);
  const mailer = createMailer(config.mail);
  const mail: MailContext | null = mailer ? { mailer, site: config } : null;
  try {
    await migrateToLatest(database.db);
    if (args.includes('--once')) {
      const outcomes = await runJobsOnce(database.db, config.jobs, { mail });
      for (const outcome of outcomes) log.info({ ...outcome }, `job ${outcome.name}: ${outcome.status}`);
      if (!outcomes.length) log.info('no job is due');
      if (outcomes.some((o) => o.status !== 'succeeded')) process.exitCode = 1;
      return;
    }
    // A separate jobs process: the scheduler until SIGTERM/SIGINT (portal instances then run JOBS=off).
    log.info({ database: describeDatabase(config), pollSeconds: config.jobs.pollSeconds }, 'jobs process started');
    const scheduler = startScheduler({
      db: database.db,
      config: config.jobs,
      mail,
      log: (line) => log.info(line, `job ${line.job}: ${line.status}`),
      onError: (error) => log.error({ err: error }, 'jobs pass failed'),
    });
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await scheduler.stop();
    log.info('jobs process stopped');
  } catch (error) {
    log.error({ err: error }, 'jobs failed');
    process.exitCode = 1;
  } finally {
    mailer?.close();
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
