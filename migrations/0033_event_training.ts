import { type Kysely, sql } from 'kysely';

// Issue 18, events (second slice): the training history fed by events and the contest's seam of
// the list of best mentors.
// - `mentor_trainings.event_id`: a training row written by the portal when the mentor's attendance
//   at a course, seminar or webinar is marked (one per mentor and event; removed with the mark).
//   Rows without it are the hand-typed trainings of courses outside the portal.
// - `mentor_trainings_recent_idx`: the base's filter «нет обучения за последние 3 года» is a NOT
//   EXISTS over (mentor_id, completed_on).
// - `best_mentors.event_id` gets the foreign key 0032 left for the events module.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mentor_trainings add column event_id integer references events(id) on delete cascade`.execute(db);
  await sql`create unique index mentor_trainings_event_idx on mentor_trainings (mentor_id, event_id) where event_id is not null`.execute(
    db,
  );
  await sql`create index mentor_trainings_recent_idx on mentor_trainings (mentor_id, completed_on)`.execute(db);
  await sql`
    alter table best_mentors add constraint best_mentors_event_id_fkey
      foreign key (event_id) references events(id) on delete set null`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table best_mentors drop constraint best_mentors_event_id_fkey`.execute(db);
  await sql`drop index mentor_trainings_recent_idx`.execute(db);
  await sql`delete from mentor_trainings where event_id is not null`.execute(db);
  await sql`alter table mentor_trainings drop column event_id`.execute(db);
}
