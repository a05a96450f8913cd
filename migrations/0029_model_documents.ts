import { type Kysely, sql } from 'kysely';

// Issue 17: the library of model documents of a municipality. The coordinator publishes a model
// (title, the school document type it models, description, the file: purpose 'model_document',
// owned by the municipality), edits it and withdraws it; the schools and the department read the
// published ones. Withdrawn ones stay for the coordinator (and may be published again).
//
// The files' purpose list is read from the constraint as it stands and extended, rather than
// rewritten from a list of this day: other migrations of the same issue add purposes too.

const TYPES = [
  'implementation_order',
  'regulation',
  'curator_order',
  'mentors_order',
  'pairs_order',
  'roadmap_order',
  'council_minutes',
  'mentor_agreement',
  'consent',
  'other',
];

const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
async function filePurposes(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint
    where conname = 'files_purpose_check' and conrelid = 'files'::regclass`.execute(db);
  const def = rows[0]?.def ?? '';
  return [...def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1] as string);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
async function setFilePurposes(db: Kysely<any>, purposes: string[]): Promise<void> {
  await sql`alter table files drop constraint files_purpose_check`.execute(db);
  await sql`alter table files add constraint files_purpose_check check (purpose in (${list(purposes)}))`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  const purposes = await filePurposes(db);
  if (!purposes.includes('model_document')) await setFilePurposes(db, [...purposes, 'model_document']);
  await sql`
    create table model_documents (
      id serial primary key,
      municipality_id integer not null references organizations(id) on delete cascade,
      title text not null,
      type text not null check (type in (${list(TYPES)})),
      description text,
      file_id integer references files(id) on delete set null,
      status text not null default 'published' check (status in ('published', 'withdrawn')),
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index model_documents_municipality_idx on model_documents (municipality_id, status, type)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table model_documents`.execute(db);
  await sql`delete from files where purpose = 'model_document'`.execute(db);
  await setFilePurposes(
    db,
    (await filePurposes(db)).filter((p) => p !== 'model_document'),
  );
}
