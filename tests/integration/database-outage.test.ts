import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/index.js';
import { todayIso } from '../../src/lib/dates.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FetchClient, freePort, startPortal } from '../helpers/processes.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { buildWorld, PASSWORD } from '../helpers/world.js';

/**
 * The portal on a PostgreSQL server that goes away: connections terminated in the middle of a
 * transaction (what `pg_ctl stop -m fast` does to them), a server that freezes, a server that is not
 * up yet when the portal starts. Needs a server (TEST_DATABASE_URL; `.ci/run` runs the integration
 * tests against one); the embedded database has no outage of this kind.
 */

const serverUrl = process.env.TEST_DATABASE_URL;

function yearsAgo(years: number): string {
  const [y, m, d] = todayIso().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y - years, m - 1, d)).toISOString().slice(0, 10);
}

const mentee = (lastName: string) => ({
  last_name: lastName,
  first_name: 'Артём',
  middle_name: 'Ильич',
  category: 'student',
  class_name: '7 «Б»',
  birth_date: yearsAgo(13),
  consent_date: yearsAgo(0),
  consent_by: 'Соколова Ирина Петровна',
  status: 'potential',
});

/** A different surname for every number (a surname takes letters only). */
function letters(n: number): string {
  const alphabet = 'абвгдежзиклмнопрстуфхцчшэюя';
  let out = '';
  for (let rest = n; ; rest = Math.floor(rest / alphabet.length) - 1) {
    out = alphabet[rest % alphabet.length] + out;
    if (rest < alphabet.length) return out;
  }
}

/** The same database through `proxy`. */
function throughProxy(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return proxied.toString();
}

function targetOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!serverUrl)('a database outage (PostgreSQL server)', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let admin: pg.Client;
  const connectionErrors: Error[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = new TcpProxy(targetOf(database.url!));
    const port = await proxy.listen();
    handle = await openDatabase({
      databaseUrl: throughProxy(database.url!, port),
      pool: { max: 4, connectTimeoutMs: 1_000, statementTimeoutMs: 1_500, idleInTransactionTimeoutMs: 5_000 },
      events: { connectionError: (error) => connectionErrors.push(error) },
    });
    app = await createTestApp(handle);
    admin = new pg.Client({ connectionString: database.url! });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await app?.close();
    await handle?.close();
    await proxy?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    proxy.thaw();
    await database.reset();
    await buildWorld(database.db);
  });

  const count = async (sql: string, ...values: unknown[]) => (await admin.query<{ n: number }>(sql, values)).rows[0]?.n ?? -1;

  it('a transaction cut in the middle answers 503, stores nothing, and the next request succeeds', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    await curator.get('/mentees/new');
    const auditedBefore = await count(
      `select count(*)::int as n from audit_log where entity_type = 'mentee' and action = 'create'`,
    );

    // The request's transaction inserts the mentee, then waits here at its audit row.
    await admin.query('begin');
    await admin.query('lock table audit_log in exclusive mode');
    const posting = curator.post('/mentees', mentee('Прерванный'));
    await until(
      async () =>
        (await count(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        )) > 0,
      'the request to wait for the lock',
    );
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    const response = await posting;
    await admin.query('rollback');

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
    expect(textOf(response.body)).toContain('Сервис временно недоступен, попробуйте через минуту');
    expect(connectionErrors.length).toBeGreaterThan(0);
    // All or nothing: neither the mentee nor its audit row.
    expect(await count(`select count(*)::int as n from mentees where last_name = 'Прерванный'`)).toBe(0);
    expect(await count(`select count(*)::int as n from audit_log where entity_type = 'mentee' and action = 'create'`)).toBe(
      auditedBefore,
    );

    // The pool opened new connections by itself.
    expect((await curator.get('/mentees')).statusCode).toBe(200);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    await curator.get('/mentees/new');
    const again = await curator.post('/mentees', mentee('Прерванный'));
    expect(again.statusCode).toBe(303);
    expect(await count(`select count(*)::int as n from mentees where last_name = 'Прерванный'`)).toBe(1);
    expect(await count(`select count(*)::int as n from audit_log where entity_type = 'mentee' and action = 'create'`)).toBe(
      auditedBefore + 1,
    );
  });

  it('a frozen server: pages answer 503 within the time limits, readiness says so in a second, liveness stays 200', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    proxy.freeze();
    const started = Date.now();
    const timed = async <T>(promise: Promise<T>) => {
      const value = await promise;
      return { value, ms: Date.now() - started };
    };
    const [live, ready, page] = await Promise.all([
      timed(app.inject({ url: '/healthz' })),
      timed(app.inject({ url: '/readyz' })),
      timed(curator.get('/mentees')),
    ]);
    expect(live.value.statusCode).toBe(200);
    expect(ready.value.statusCode).toBe(503);
    // The readiness probe gives up after its one second; the page after the statement limit and the
    // client's grace (1.5 + 1.5 s), not after the freeze ends.
    expect(ready.ms).toBeLessThan(2_900);
    expect(page.value.statusCode).toBe(503);
    expect(page.ms).toBeLessThan(8_000);
    expect(textOf(page.value.body)).toContain('Сервис временно недоступен');

    proxy.thaw();
    await until(async () => (await curator.get('/mentees')).statusCode === 200, 'the pages to come back');
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// The process

describe.skipIf(!serverUrl)('the portal process and its PostgreSQL server', () => {
  let database: TestDatabase;
  let child: ChildProcess | null = null;
  const proxy = { current: null as TcpProxy | null };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nastavnik-outage-'));

  const auditedMentees = async () =>
    Number(
      (
        await database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('entity_type', '=', 'mentee')
          .where('action', '=', 'create')
          .executeTakeFirstOrThrow()
      ).n,
    );
  let auditedBefore = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    await buildWorld(database.db);
    auditedBefore = await auditedMentees();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await proxy.current?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits for a database that is not up yet, then lives through its connections being cut under load', {
    timeout: 120_000,
  }, async () => {
    const databasePort = await freePort(); // nothing listens here yet: the database is «down»
    const running = await startPortal(
      {
        DATABASE_URL: throughProxy(database.url!, databasePort),
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        DB_WAIT_SECONDS: '60',
        DB_POOL_MAX: '5',
      },
      { ready: false },
    );
    child = running.child;
    const output = running.output;

    await until(async () => output().includes('does not answer yet; retrying'), 'the retry line', 30_000);
    expect(running.child.exitCode).toBeNull();
    const up = new TcpProxy(targetOf(database.url!));
    proxy.current = up;
    await up.listen(databasePort);
    const base = running.base;
    await until(
      async () => {
        if (running.child.exitCode !== null) throw new Error(`the portal exited:\n${output()}`);
        return fetch(`${base}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        );
      },
      'the portal to become ready',
      60_000,
    );

    // 20 readers and a writer, while every connection of the portal is terminated three times.
    // Signed in one after another: simultaneous logins to one account from one address are throttled.
    const readers: FetchClient[] = [];
    for (let i = 0; i < 20; i++) {
      const client = new FetchClient([base]);
      expect((await client.login('curator', PASSWORD)).status).toBe(303);
      readers.push(client);
    }
    const writer = readers[0]!;
    const statuses: number[] = [];
    let stop = false;
    const load = [
      ...readers.map(async (client) => {
        while (!stop) statuses.push((await client.get('/mentees')).status);
      }),
      (async () => {
        for (let n = 0; !stop; n++) {
          await writer.get('/mentees/new');
          statuses.push((await writer.post('/mentees', mentee(`Нагрузочный-${letters(n)}`))).status);
        }
      })(),
    ];
    const admin = new pg.Client({ connectionString: database.url! });
    await admin.connect();
    try {
      for (let round = 0; round < 3; round++) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
    } finally {
      stop = true;
      await Promise.all(load);
      await admin.end();
    }

    expect(running.child.exitCode).toBeNull();
    expect(output()).not.toContain('Unhandled');
    expect(output()).toContain('database connection lost');
    // Cut requests are 503; nothing else failed.
    expect(statuses.filter((s) => ![200, 303, 503].includes(s))).toEqual([]);
    expect(statuses).toContain(503);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await writer.get('/mentees')).status).toBe(200);
    const written = await database.db
      .selectFrom('mentees')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('last_name', 'like', 'Нагрузочный%')
      .executeTakeFirstOrThrow();
    // Every mentee that was written has its audit row: no write is half done.
    expect(Number(written.n)).toBeGreaterThan(0);
    expect((await auditedMentees()) - auditedBefore).toBe(Number(written.n));

    expect(await running.stop()).toBe(0);
  });
});
