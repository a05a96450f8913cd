import { type Kysely, sql } from 'kysely';

// Login throttling as counters that one statement checks and increments (auth/throttle.ts).
//
// The log of attempts it replaces (login_attempts) was read, then the password was checked, then
// the failure was written: simultaneous guesses all read the count before any of them wrote, and
// 59 of 60 were evaluated. An attempt now takes its place in the counter before the password is
// checked (`insert … on conflict do update … returning`, atomic per key), and a success gives it back.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attempt_counters')
    // What is counted: a login from an address, a login from anywhere, an address, a user's
    // current-password check (see auth/throttle.ts).
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('attempt_counters_window_idx').on('attempt_counters').column('window_started_at').execute();
  await db.schema.dropTable('login_attempts').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attempt_counters').execute();
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('login_key', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
