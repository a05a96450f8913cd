import path from 'node:path';
import dotenv from 'dotenv';
import { sql } from 'kysely';
import { type Config, ConfigError, loadConfig } from './config.js';
import { describeError } from './db/errors.js';
import { type DatabaseEvents, type DatabaseHandle, openDatabase } from './db/index.js';
import { projectRoot } from './paths.js';

/** Reads .env (if present) and the environment; a wrong value ends the process with one clear line. */
export function configFromEnvironment(): Config {
  dotenv.config({ path: path.join(projectRoot, '.env'), quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export function openConfiguredDatabase(config: Config, events: DatabaseEvents = {}): Promise<DatabaseHandle> {
  return config.databaseUrl
    ? openDatabase({ databaseUrl: config.databaseUrl, pool: config.pool, events })
    : openDatabase({ dataDir: config.dataDir });
}

/**
 * Waits until the database answers, retrying with a growing pause (1, 2, 4 … 10 s) for up to
 * `config.databaseWaitSeconds`: a portal started together with its database (docker compose, a
 * reboot) comes up when the database does, instead of exiting after one try.
 */
export async function waitForDatabase(
  database: DatabaseHandle,
  config: Config,
  log: (line: { attempt: number; retryInSeconds: number; error: string }, message: string) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  const deadline = Date.now() + config.databaseWaitSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`.execute(database.db);
      return;
    } catch (error) {
      const pause = Math.min(10, 2 ** (attempt - 1));
      if (Date.now() + pause * 1000 > deadline) throw error;
      log(
        { attempt, retryInSeconds: pause, error: describeError(error) },
        `${describeDatabase(config)} does not answer yet; retrying`,
      );
      await sleep(pause * 1000);
    }
  }
}

export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
