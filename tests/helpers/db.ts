import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { createPglite, type DatabaseHandle, openDatabase, wrapPglite } from '../../src/db/index.js';
import { seedDemo } from '../../seeds/demo.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * database on the server named by TEST_DATABASE_URL (dropped again by `drop`); both copied from
 * the run's templates (tests/global-setup.ts).
 */
export interface TestDatabase extends DatabaseHandle {
  /** The database's URL on the server (TEST_DATABASE_URL); undefined on the embedded database. */
  url: string | undefined;
  /** Empties every table, for a clean start in each test. */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A fresh database with the schema migrated — or, with `demo`, also the demo municipality — copied
 * from the templates tests/global-setup.ts built once for the run.
 */
export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let handle: DatabaseHandle;
  let dropDatabase = async () => {};
  let databaseUrl: string | undefined;
  if (serverUrl) {
    const name = `nastavnik_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await createFromTemplate(admin, name, inject('serverTemplate'));
    } finally {
      await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    handle = await openDatabase({ databaseUrl });
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
    if (options.demo) await seedDemo(handle.db);
  } else {
    const template = await readFile(inject(options.demo ? 'pgliteDemoTemplate' : 'pgliteTemplate'));
    handle = wrapPglite(await createPglite(new Blob([new Uint8Array(template)])));
  }
  let closed = false;
  return {
    ...handle,
    url: databaseUrl,
    async reset() {
      const tables = await sql<{ name: string }>`
        select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely\_%'`.execute(
        handle.db,
      );
      await sql`truncate ${sql.join(tables.rows.map((t) => sql.table(t.name)))} restart identity cascade`.execute(handle.db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
    async drop() {
      if (!closed) {
        closed = true;
        await handle.close();
      }
      await dropDatabase();
    },
  };
}

/**
 * CREATE DATABASE … TEMPLATE refuses while another session is on the template (another test file
 * copying it at the same moment may be): tried again a few times.
 */
async function createFromTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String((error as Error).message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
