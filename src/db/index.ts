import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import * as tar from 'tar';
import { prepareStatements } from './prepared.js';
import type { Database } from './types.js';

export type Backend = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  backend: Backend;
  /**
   * true when the database answers a trivial query within `timeoutMs` (default 1 s). On a server it
   * goes over a connection of its own, so a busy pool does not make a healthy database look down.
   */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Requests waiting for a free connection (0 on the embedded database, which queues inside). */
  waiting(): number;
  /**
   * The embedded database in a folder only: writes a consistent copy of the folder (without the
   * uploaded documents in `files/` and the lock) as a .tar.gz to `file` (db/backup.ts). Taken while
   * no statement runs, so it holds every committed transaction and none of a transaction still
   * open, as a copy after a power cut would; the portal's queries wait for the copy.
   */
  snapshot?(file: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Limits of a connection to a PostgreSQL server, in milliseconds (0: none). A frozen or unreachable
 * server then costs a request at most these, instead of holding it for as long as the outage lasts.
 */
export interface PoolSettings {
  /** Connections in the pool. */
  max: number;
  /** Opening a connection, and waiting for a free one when all are busy. */
  connectTimeoutMs: number;
  /** One statement, enforced by the server (`statement_timeout`) and by the client a little later. */
  statementTimeoutMs: number;
  /** A transaction left idle (`idle_in_transaction_session_timeout`): its locks go with it. */
  idleInTransactionTimeoutMs: number;
  /** Statements prepared once per connection, their plans kept by the server (db/prepared.ts). */
  prepare: boolean;
}

/** Where the pool reports a connection that failed while nobody was waiting on it. */
export interface DatabaseEvents {
  connectionError?(error: Error): void;
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

export type OpenOptions =
  | { databaseUrl: string; pool?: Partial<PoolSettings>; events?: DatabaseEvents }
  | { dataDir: string }
  | { memory: true };

/** Without settings (scripts, tests): a pool of 10 and no time limits, as before. */
const UNLIMITED: PoolSettings = {
  max: 10,
  connectTimeoutMs: 0,
  statementTimeoutMs: 0,
  idleInTransactionTimeoutMs: 0,
  prepare: true,
};

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl, { ...UNLIMITED, ...options.pool }, options.events ?? {});
  if ('dataDir' in options) return openPglite(options.dataDir);
  return openPglite(null);
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TYPE_DATE) return (value: string) => value;
    if (oid === TYPE_INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/**
 * How much longer than the server's statement limit the client waits for an answer: the server's
 * own limit fires first, the client's only when the server cannot answer at all (frozen).
 */
const CLIENT_GRACE_MS = 5_000;

function poolConfig(connectionString: string, settings: PoolSettings): pg.PoolConfig {
  return {
    connectionString,
    max: settings.max,
    types: typeParsers,
    // A server that vanished without closing the connection (a crash, a cut cable) is noticed.
    keepAlive: true,
    ...(settings.connectTimeoutMs > 0 ? { connectionTimeoutMillis: settings.connectTimeoutMs } : {}),
    ...(settings.statementTimeoutMs > 0
      ? {
          statement_timeout: settings.statementTimeoutMs,
          query_timeout: settings.statementTimeoutMs + Math.min(CLIENT_GRACE_MS, settings.statementTimeoutMs),
        }
      : {}),
    ...(settings.idleInTransactionTimeoutMs > 0
      ? { idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs }
      : {}),
  };
}

function openPostgres(connectionString: string, settings: PoolSettings, events: DatabaseEvents): DatabaseHandle {
  const pool = new pg.Pool(poolConfig(connectionString, settings));
  const reportError = (error: Error) => events.connectionError?.(error);
  // pg-pool listens for errors of idle clients only and takes its listener off a client while it is
  // checked out: a server that goes away during a transaction then emits 'error' on a client with
  // no listener, which ends the process. Every client gets a listener of its own for its whole
  // life; the query in progress fails with the same error and the request answers 503.
  pool.on('connect', (client) => {
    client.on('error', reportError);
    if (settings.prepare) prepareStatements(client);
  });
  pool.on('error', reportError);
  // Readiness is asked over a connection of its own, answered within a second or reported down.
  const health = new pg.Pool({ ...poolConfig(connectionString, { ...settings, max: 1 }), connectionTimeoutMillis: 1_000 });
  health.on('connect', (client) => client.on('error', () => {}));
  health.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: 'postgres',
    ping: (timeoutMs = 1_000) =>
      withTimeout(
        health.query('select 1').then(() => true),
        timeoutMs,
      ),
    waiting: () => pool.waitingCount,
    close: async () => {
      if (pool.ending) return;
      await Promise.all([db.destroy(), health.end()]);
    },
  };
}

/** The promise's value, or false when it fails or takes longer than `ms`. */
function withTimeout(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.catch(() => false), late]).finally(() => clearTimeout(timer));
}

/** Opens the embedded database in `dataDir` (taking its lock), or in memory. */
export async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
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
  return wrapPglite(pglite, releaseLock, dataDir);
}

/** What lives in the embedded database's folder without being the database: left out of its copies. */
const NOT_DATABASE = new Set(['files', 'portal.lock', 'portal.sock']);

/** Wraps an existing PGlite instance (tests clone a migrated template this way); `dataDir` when it has one. */
export function wrapPglite(pglite: PGlite, onClose: () => void = () => {}, dataDir: string | null = null): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  let closed = false;
  return {
    db,
    backend: 'pglite',
    ping: (timeoutMs = 1_000) => withTimeout(ping(db), timeoutMs),
    waiting: () => 0,
    ...(dataDir
      ? {
          snapshot: async (file: string) => {
            // Written-back data pages leave less to replay; the copy is consistent either way.
            await pglite.exec('checkpoint').catch(() => {});
            await pglite._runExclusiveQuery(() =>
              tar.create(
                {
                  file,
                  cwd: dataDir,
                  gzip: true,
                  portable: true,
                  filter: (entry) => !NOT_DATABASE.has(entry.replace(/^\.\//, '').split('/')[0] ?? ''),
                },
                ['.'],
              ),
            );
          },
        }
      : {}),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      onClose();
    },
  };
}

/** An in-memory PGlite with the portal's extensions and parsers; from a data folder's tarball when given (tests' templates). */
export function createPglite(loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({ extensions: { pg_trgm }, parsers: pgliteParsers, ...(loadDataDir ? { loadDataDir } : {}) });
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

/** The live process that holds the embedded database in `dataDir` (its lock file), or null. */
export function lockHolder(dataDir: string): number | null {
  try {
    const holder = Number(readFileSync(path.join(dataDir, 'portal.lock'), 'utf8').trim());
    return Number.isInteger(holder) && holder > 0 && isAlive(holder) ? holder : null;
  } catch {
    return null;
  }
}
