import { buildApp } from './app.js';
import { configFromEnvironment, describeDatabase, openConfiguredDatabase, waitForDatabase } from './bootstrap.js';
import { startControlSocket } from './db/control.js';
import { describeError } from './db/errors.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger } from './logger.js';
import { type Scheduler, startScheduler } from './modules/jobs/runner.js';
import { seedDemo } from '../seeds/demo.js';
import { attachDemoModelFiles } from '../seeds/model-documents.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const log = createLogger(config);
  // A promise nobody awaited that failed is a bug to see in the log, not a reason to stop serving
  // everyone else; an exception nobody caught leaves the process in an unknown state: log and exit.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  });

  function failed(error: unknown): never {
    log.fatal({ err: { message: describeError(error) }, database: describeDatabase(config) }, 'the portal could not start');
    process.exit(1);
  }
  const database = await openConfiguredDatabase(config, {
    connectionError: (error) =>
      log.warn({ err: { message: describeError(error) } }, 'database connection lost; the pool opens a new one when needed'),
  }).catch(failed);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let control: { close(): Promise<void> } | null = null;
  let jobs: Scheduler | null = null;
  try {
    await waitForDatabase(database, config, (line, message) => log.warn(line, message));
    const applied = await migrateToLatest(database.db);
    app = await buildApp({ config, database, logger: log });
    app.log.info({ database: describeDatabase(config), migrationsApplied: applied }, 'database ready');
    if (config.seedDemo) {
      const seeded = await seedDemo(database.db, { files: app.files });
      if (seeded) app.log.info('demo municipality created (logins in README)');
      // The demo library's model documents get their files where the file store is known.
      await attachDemoModelFiles(database.db, app.files);
    }
    await app.listen({ host: config.host, port: config.port });
    // The embedded database's maintenance door (npm run backup while the portal runs).
    if (database.snapshot) control = await startControlSocket(database, config.dataDir, app.log);
    app.log.info({ url: `http://localhost:${config.port}` }, 'portal ready');
    // The periodic jobs (issue 16) in this process, unless JOBS=off (a separate `npm run jobs` then).
    if (config.jobs.enabled) {
      const log = app.log;
      jobs = startScheduler({
        db: database.db,
        config: config.jobs,
        mail: app.mailer ? { mailer: app.mailer, site: config } : null,
        log: (line) => log.info(line, `job ${line.job}: ${line.status}`),
        onError: (error) => log.error({ err: error }, 'jobs pass failed'),
      });
    }
  } catch (error) {
    if (app) await app.close();
    else await database.close();
    failed(error);
  }

  const server = app;
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    server.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      server.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    // close() stops accepting connections, waits for requests in flight, then closes the database (onClose hook).
    // A job in progress finishes before the database closes.
    Promise.resolve(jobs?.stop())
      .then(() => control?.close())
      .then(() => server.close())
      .then(
        () => {
          server.log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          server.log.error({ err: error }, 'error while shutting down');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
