import { type Kysely, sql } from 'kysely';

// Issue 18, events (second slice): the training history fed by events and the contest's seam of
// the list of best mentors.
// - `mentor_trainings.event_id`: a training row written by the portal when the mentor's attendance
//   at a course, seminar or webinar is marked (one per mentor and event; removed with the mark).
//   Rows without it are the hand-typed trainings of courses outside the portal.
// - `mentor_trainings_recent_idx`: the base's filter «нет обучения за последние 3 года» is a NOT
//   EXISTS over (mentor_id, completed_on).
// - `best_mentors.event_id` gets the foreign key 0032 left for the events module.
// - `event_files`: an event's materials as files (purpose 'event_material', owned by the organiser),
//   next to the links of event_materials (which the event form rewrites as a whole). The files'
//   purpose list is read from the constraint as it stands and extended, as 0029 does.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
async function filePurposes(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint
    where conname = 'files_purpose_check' and conrelid = 'files'::regclass`.execute(db);
  return [...(rows[0]?.def ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1] as string);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
async function setFilePurposes(db: Kysely<any>, purposes: string[]): Promise<void> {
  const list = sql.join(purposes.map((p) => sql.lit(p)));
  await sql`alter table files drop constraint files_purpose_check`.execute(db);
  await sql`alter table files add constraint files_purpose_check check (purpose in (${list}))`.execute(db);
}

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
  const purposes = await filePurposes(db);
  if (!purposes.includes('event_material')) await setFilePurposes(db, [...purposes, 'event_material']);
  await sql`
    create table event_files (
      id serial primary key,
      event_id integer not null references events(id) on delete cascade,
      file_id integer not null unique references files(id) on delete cascade,
      title text not null,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index event_files_event_idx on event_files (event_id, id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table event_files`.execute(db);
  await sql`delete from files where purpose = 'event_material'`.execute(db);
  await setFilePurposes(
    db,
    (await filePurposes(db)).filter((p) => p !== 'event_material'),
  );
  await sql`alter table best_mentors drop constraint best_mentors_event_id_fkey`.execute(db);
  await sql`drop index mentor_trainings_recent_idx`.execute(db);
  await sql`delete from mentor_trainings where event_id is not null`.execute(db);
  await sql`alter table mentor_trainings drop column event_id`.execute(db);
}
