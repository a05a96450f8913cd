import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

export type Backend = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  backend: Backend;
  /** true when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const TYPE_DATE = 1082;
const TYPE_INT8 = 20;

/**
 * Both backends return the same JS types: `date` as 'YYYY-MM-DD' text (no time zone shifts),
 * `bigint` (count(*)) as a number, timestamps as Date.
 */
const pgliteParsers = {
  [TYPE_DATE]: (value: string) => value,
  [TYPE_INT8]: (value: string) => Number(value),
};

export type OpenOptions = { databaseUrl: string } | { dataDir: string } | { memory: true };

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl);
  if ('dataDir' in options) return openPglite(options.dataDir);
  return openPglite(null);
}

function openPostgres(connectionString: string): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === TYPE_DATE) return (value: string) => value;
        if (oid === TYPE_INT8) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; /healthz reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: 'postgres',
    ping: () => ping(db),
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  let releaseLock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = takeLock(dataDir);
  }
  const options = { extensions: { pg_trgm }, parsers: pgliteParsers };
  let pglite: PGlite;
  try {
    pglite = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  } catch (error) {
    releaseLock();
    throw error;
  }
  return wrapPglite(pglite, releaseLock);
}

/** Wraps an existing PGlite instance (tests clone a migrated template this way). */
export function wrapPglite(pglite: PGlite, onClose: () => void = () => {}): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  let closed = false;
  return {
    db,
    backend: 'pglite',
    ping: () => ping(db),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      onClose();
    },
  };
}

export function createPglite(): Promise<PGlite> {
  return PGlite.create({ extensions: { pg_trgm }, parsers: pgliteParsers });
}

async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite takes no lock on its directory and two processes on one directory corrupt it,
 * so we keep a lock file with our pid and refuse to start while a live process holds it.
 */
function takeLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'portal.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${holder}. Stop it first, or set DATA_DIR to another folder.`,
        );
      }
      rmSync(lockPath, { force: true }); // stale lock of a process that is gone
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
