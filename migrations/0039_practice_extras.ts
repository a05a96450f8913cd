import { type Kysely, sql } from 'kysely';

// Issue 19: besides the mentors of the school's base, a practice's linked authors may be its
// teacher-mentees (never a student: a practice is read across the municipality and on its public page).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table practice_mentees (
      practice_id integer not null references practices(id) on delete cascade,
      mentee_id integer not null references mentees(id) on delete cascade,
      primary key (practice_id, mentee_id)
    )`.execute(db);
  await sql`create index practice_mentees_mentee_idx on practice_mentees (mentee_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table practice_mentees`.execute(db);
}
