import { type Kysely, sql } from 'kysely';

// Issue 17: a mentor opened to the municipality. The coordinator, or the mentor's own school
// (curator, head), opens a mentor of its base so that the other schools of the municipality may
// pair it with their mentees; the record and the account stay one. shared_at / shared_by: when and
// by whom it was opened (null: not opened). Closing it clears both and leaves its pairs as they are.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mentors add column shared_at timestamptz`.execute(db);
  await sql`alter table mentors add column shared_by integer references users(id) on delete set null`.execute(db);
  await sql`alter table mentors add constraint mentors_shared_check check (shared_by is null or shared_at is not null)`.execute(
    db,
  );
  // The proposals of a school read the opened mentors of its municipality: few rows, a partial index.
  await sql`create index mentors_shared_idx on mentors (organization_id) where shared_at is not null`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index mentors_shared_idx`.execute(db);
  await sql`alter table mentors drop constraint mentors_shared_check`.execute(db);
  await sql`alter table mentors drop column shared_by`.execute(db);
  await sql`alter table mentors drop column shared_at`.execute(db);
}
