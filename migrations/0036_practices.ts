import { type Kysely, sql } from 'kysely';

// Issue 19, the bank of best practices: a school's practice (кейс) drafted by its curator, sent to
// the methodological centre, returned with comments or accepted into the municipal register, then
// published (and withdrawn back to accepted).
// - `search`: the Russian full text of the title, the problem, what was done and the results, kept
//   by PostgreSQL itself (a generated column) and searched through a GIN index with
//   websearch_to_tsquery('russian', …).
// - `tags`: free tags, filtered by `= any(tags)`.
// - `practice_mentors`: the authors linked to the school's base of mentors (others as free text in
//   `authors`); `practice_events`: the municipality's held events where the practice was presented
//   (contests and media as free text in `presented_at`).
// - `practice_files`: a practice's materials (PDF, DOCX, ODT; purpose 'practice_material', owned by
//   the school), the purpose added to the constraint as it stands, as 0033 does.

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
  await sql`
    create table practices (
      id serial primary key,
      organization_id integer not null references organizations(id) on delete cascade,
      municipality_id integer not null references organizations(id) on delete cascade,
      title text not null,
      form text not null check (form in ('student_student', 'college_student', 'employer_student', 'teacher_student',
        'teacher_teacher', 'head_teacher', 'employer_trainee')),
      role_model text,
      year integer not null check (year between 2000 and 2100),
      authors text not null,
      problem text not null,
      actions text not null,
      results text not null,
      evidence text,
      evidence_url text,
      video_url text,
      presented_at text,
      tags text[] not null default '{}',
      status text not null default 'draft'
        check (status in ('draft', 'submitted', 'returned', 'accepted', 'published')),
      review_comment text,
      submitted_at timestamptz,
      accepted_at timestamptz,
      published_at timestamptz,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (
        to_tsvector('russian', title || ' ' || problem || ' ' || actions || ' ' || results)
      ) stored
    )`.execute(db);
  await sql`create index practices_municipality_idx on practices (municipality_id, status, year)`.execute(db);
  await sql`create index practices_organization_idx on practices (organization_id)`.execute(db);
  await sql`create index practices_search_idx on practices using gin (search)`.execute(db);
  // Authors from the school's base of mentors, and the held events of the municipality where it was presented.
  await sql`
    create table practice_mentors (
      practice_id integer not null references practices(id) on delete cascade,
      mentor_id integer not null references mentors(id) on delete cascade,
      primary key (practice_id, mentor_id)
    )`.execute(db);
  await sql`create index practice_mentors_mentor_idx on practice_mentors (mentor_id)`.execute(db);
  await sql`
    create table practice_events (
      practice_id integer not null references practices(id) on delete cascade,
      event_id integer not null references events(id) on delete cascade,
      primary key (practice_id, event_id)
    )`.execute(db);
  await sql`create index practice_events_event_idx on practice_events (event_id)`.execute(db);
  const purposes = await filePurposes(db);
  if (!purposes.includes('practice_material')) await setFilePurposes(db, [...purposes, 'practice_material']);
  await sql`
    create table practice_files (
      id serial primary key,
      practice_id integer not null references practices(id) on delete cascade,
      file_id integer not null unique references files(id) on delete cascade,
      title text not null,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index practice_files_practice_idx on practice_files (practice_id, id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table practice_files`.execute(db);
  await sql`drop table practice_events`.execute(db);
  await sql`drop table practice_mentors`.execute(db);
  await sql`drop table practices`.execute(db);
  await sql`delete from files where purpose = 'practice_material'`.execute(db);
  await setFilePurposes(
    db,
    (await filePurposes(db)).filter((p) => p !== 'practice_material'),
  );
}
