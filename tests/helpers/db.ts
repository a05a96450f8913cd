import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * database on the server named by TEST_DATABASE_URL (dropped again by `drop`).
 */
export interface TestDatabase extends DatabaseHandle {
  /** The database's URL on the server (TEST_DATABASE_URL); undefined on the embedded database. */
  url: string | undefined;
  /** Empties every table, for a clean start in each test. */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

const TABLES = [
  'indicator_freshness',
  'dashboard_facts',
  'indicator_results',
  'analytical_reports',
  'survey_answers',
  'survey_responses',
  'survey_invitations',
  'survey_schools',
  'surveys',
  'survey_questions',
  'survey_templates',
  'indicator_manual_values',
  'contingents',
  'indicator_targets',
  'indicators',
  'meeting_feedback',
  'meetings',
  'pair_tasks',
  'pair_mentees',
  'pair_mentors',
  'pairs',
  'pair_orders',
  'programmes',
  'roadmap_occurrences',
  'roadmap_items',
  'roadmaps',
  'import_batches',
  'mentee_tags',
  'mentor_tags',
  'mentees',
  'mentor_trainings',
  'mentors',
  'tags',
  'audit_log',
  'attempt_counters',
  'files',
  'password_tokens',
  'sessions',
  'users',
  'organizations',
];

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let handle: DatabaseHandle;
  let dropDatabase = async () => {};
  let databaseUrl: string | undefined;
  if (serverUrl) {
    const name = `nastavnik_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
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
  } else {
    handle = await openDatabase({ memory: true });
  }
  await migrateToLatest(handle.db);
  let closed = false;
  return {
    ...handle,
    url: databaseUrl,
    async reset() {
      await sql`truncate ${sql.join(TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(handle.db);
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
