import { buildApp } from './app.js';
import { configFromEnvironment, describeDatabase, openConfiguredDatabase } from './bootstrap.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemo } from '../seeds/demo.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = configFromEnvironment();
  const database = await openConfiguredDatabase(config);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    app = await buildApp({ config, database });
    app.log.info({ database: describeDatabase(config), migrationsApplied: applied }, 'database ready');
    if (config.seedDemo) {
      const seeded = await seedDemo(database.db);
      if (seeded) app.log.info('demo municipality created (logins in README)');
    }
    await app.listen({ host: config.host, port: config.port });
    app.log.info({ url: `http://localhost:${config.port}` }, 'portal ready');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    if (app) await app.close();
    else await database.close();
    process.exit(1);
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
    server.close().then(
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
