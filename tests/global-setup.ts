import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPglite, openDatabase, wrapPglite } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { todayIso } from '../src/lib/dates.js';
import { seedDemo } from '../seeds/demo.js';

/**
 * Once per test run, before any test file: the migrated schema, and the schema with the demo
 * municipality, as templates the test files copy instead of building them again.
 *
 * - Embedded: PGlite data folders as tarballs in the system's temp folder, named by a hash of what
 *   builds them (the migrations, the seeds and their data, the PGlite version; the demo's also by
 *   today's date, since its dates follow today), so a later run reuses them. A new PGlite starts
 *   from a tarball in about 0.4 s instead of 2-3 s plus the migrations and, for the demo, the seed.
 * - A server (TEST_DATABASE_URL): a template database `nastavnik_template_<hash>`, migrated; each test
 *   file's database is `CREATE DATABASE … TEMPLATE` it. Older templates are dropped.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Tarball of a migrated PGlite data folder. */
    pgliteTemplate: string;
    /** The same with the demo municipality seeded. */
    pgliteDemoTemplate: string;
    /** On TEST_DATABASE_URL's server: the migrated template database, or '' without a server. */
    serverTemplate: string;
  }
}

const root = path.resolve(import.meta.dirname, '..');
const CACHE = path.join(tmpdir(), 'nastavnik-test-templates');

/** Hash of every file under the given paths (relative to the repository), in a stable order. */
function hashOf(paths: string[], extra: string[] = []): string {
  const hash = createHash('sha256');
  const visit = (file: string) => {
    const full = path.join(root, file);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(file, entry));
      return;
    }
    hash.update(file).update('\0').update(readFileSync(full)).update('\0');
  };
  for (const p of paths) visit(p);
  for (const e of extra) hash.update(e).update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function pgliteTarball(file: string, build: (pglite: PGlite) => Promise<void>): Promise<string> {
  if (existsSync(file)) return file;
  await mkdir(path.dirname(file), { recursive: true });
  const pglite = await createPglite();
  try {
    await build(pglite);
    const dump = await pglite.dumpDataDir('none');
    const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file); // another run building the same template at once writes the same bytes
  } finally {
    await pglite.close();
  }
  return file;
}

async function serverTemplate(serverUrl: string, hash: string): Promise<string> {
  const name = `nastavnik_template_${hash}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const existing = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'nastavnik\\_template\\_%'`,
    );
    for (const { datname } of existing.rows) {
      if (datname !== name) await admin.query(`drop database if exists ${datname} with (force)`).catch(() => {});
    }
    if (existing.rows.some((row) => row.datname === name)) return name;
    const building = `${name}_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database ${building}`);
    const url = new URL(serverUrl);
    url.pathname = `/${building}`;
    const handle = await openDatabase({ databaseUrl: url.toString() });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    // Renamed once complete: a template is never seen half-built (another run may have won the race).
    await admin.query(`alter database ${building} rename to ${name}`).catch(async () => {
      await admin.query(`drop database if exists ${building} with (force)`);
    });
    return name;
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const pgliteVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'))
    .version as string;
  const schema = hashOf(['migrations', 'src/db/migrate.ts'], [pgliteVersion]);
  const demo = hashOf(['migrations', 'src/db/migrate.ts', 'seeds', 'src/modules'], [pgliteVersion, todayIso()]);

  const migrated = await pgliteTarball(path.join(CACHE, `schema-${schema}.tar`), async (pglite) => {
    await migrateToLatest(wrapPglite(pglite).db);
  });
  const withDemo = await pgliteTarball(path.join(CACHE, `demo-${demo}.tar`), async (pglite) => {
    const { db } = wrapPglite(pglite);
    await migrateToLatest(db);
    await seedDemo(db);
  });
  project.provide('pgliteTemplate', migrated);
  project.provide('pgliteDemoTemplate', withDemo);

  const serverUrl = process.env.TEST_DATABASE_URL;
  project.provide('serverTemplate', serverUrl ? await serverTemplate(serverUrl, schema) : '');

  // Tarballs of earlier schemas and days are of no use any more.
  for (const entry of readdirSync(CACHE)) {
    const full = path.join(CACHE, entry);
    if (full !== migrated && full !== withDemo && Date.now() - statSync(full).mtimeMs > 60 * 60 * 1000)
      await rm(full, { force: true });
  }
}
