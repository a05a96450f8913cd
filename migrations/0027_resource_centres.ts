import { type Kysely, sql } from 'kysely';

// Issue 17: resource centres and mentor schools, and an agreement's file.
//
// A resource centre (organizations.is_resource_center, 0001) or a mentor school («школа-наставник»:
// a strong school that supports weaker ones, usually under a school – school agreement) gets its
// direction (whom it supports: teachers, students or both) and its subject or theme in free text
// («Математика», «Профориентация»); organization_served_schools lists the schools of its municipality
// it serves. Both are schools (the check of 0001 already keeps is_resource_center to schools).
//
// agreements.file_id: the signed agreement's scan, a stored document of purpose 'agreement'.
// The purposes of files are read from the check constraint as it stands, so that a purpose another
// migration of the same day added is kept.

const SUPPORT_DIRECTIONS = "'teachers', 'students', 'both'";

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
async function filePurposes(db: Kysely<any>): Promise<string[]> {
  const row = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'files_purpose_check'`.execute(db);
  const def = row.rows[0]?.def ?? '';
  return [...def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
async function setFilePurposes(db: Kysely<any>, purposes: string[]): Promise<void> {
  const list = sql.raw(purposes.map((p) => `'${p}'`).join(', '));
  await sql`alter table files drop constraint files_purpose_check`.execute(db);
  await sql`alter table files add constraint files_purpose_check check (purpose in (${list}))`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations add column is_mentor_school boolean not null default false`.execute(db);
  await sql`alter table organizations add column support_direction text check (support_direction in (${sql.raw(SUPPORT_DIRECTIONS)}))`.execute(
    db,
  );
  await sql`alter table organizations add column support_subject text`.execute(db);
  await sql`alter table organizations add constraint organizations_mentor_school_check check (type = 'school' or is_mentor_school = false)`.execute(
    db,
  );
  await sql`alter table organizations add constraint organizations_support_check check (is_resource_center or is_mentor_school or (support_direction is null and support_subject is null))`.execute(
    db,
  );
  await sql`
    create table organization_served_schools (
      organization_id integer not null references organizations(id) on delete cascade,
      school_id integer not null references organizations(id) on delete cascade,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (organization_id, school_id),
      check (organization_id <> school_id)
    )`.execute(db);
  await sql`create index organization_served_schools_school_idx on organization_served_schools (school_id)`.execute(db);

  const purposes = await filePurposes(db);
  await setFilePurposes(db, [...purposes.filter((p) => p !== 'agreement'), 'agreement']);
  await sql`alter table agreements add column file_id integer references files(id) on delete set null`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table agreements drop column file_id`.execute(db);
  await sql`delete from files where purpose = 'agreement'`.execute(db);
  await setFilePurposes(
    db,
    (await filePurposes(db)).filter((p) => p !== 'agreement'),
  );
  await sql`drop table organization_served_schools`.execute(db);
  await sql`alter table organizations drop constraint organizations_support_check`.execute(db);
  await sql`alter table organizations drop constraint organizations_mentor_school_check`.execute(db);
  await sql`alter table organizations drop column support_subject`.execute(db);
  await sql`alter table organizations drop column support_direction`.execute(db);
  await sql`alter table organizations drop column is_mentor_school`.execute(db);
}
