import { type Kysely, sql } from 'kysely';

// Issue 17 (first slice): the register of a school's documents. Each row is one document of one
// school: its type (the list of the regulation: implementation order, Положение, orders appointing
// the curator and the mentors, the order fixing pairs, the roadmap's approval order, minutes of the
// pedagogical council, additional agreements with mentors, consent forms, other), number, date,
// title and notes, the file (a stored document, purpose 'school_document'), its status (draft, in
// force, no longer in force) and, optionally, the mentor, mentee or pair it concerns. An order
// fixing pairs recorded in the pairs module is listed as a document of type 'pairs_order' linked
// to its `pair_orders` row (one document per order; the existing orders are carried over here).
// The centre's agreement of documents is another table, later.
//
// document_requirements: the package of types every school of a municipality must have, kept by
// its coordinator; the matrix schools × required types is read from it.

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
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table files drop constraint files_purpose_check`.execute(db);
  await sql`alter table files add constraint files_purpose_check check (purpose in ('roadmap_evidence', 'programme', 'indicator_evidence', 'monitoring_evidence', 'school_document'))`.execute(
    db,
  );
  await sql`
    create table school_documents (
      id serial primary key,
      organization_id integer not null references organizations(id) on delete cascade,
      type text not null check (type in (${list(TYPES)})),
      number text,
      document_date date,
      title text,
      notes text,
      status text not null default 'draft' check (status in ('draft', 'active', 'void')),
      file_id integer references files(id) on delete set null,
      mentor_id integer references mentors(id) on delete set null,
      mentee_id integer references mentees(id) on delete set null,
      pair_id integer references pairs(id) on delete set null,
      pair_order_id integer unique references pair_orders(id) on delete cascade,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (num_nonnulls(mentor_id, mentee_id, pair_id) <= 1)
    )`.execute(db);
  await sql`create index school_documents_org_idx on school_documents (organization_id, type)`.execute(db);
  await sql`create index school_documents_mentor_idx on school_documents (mentor_id) where mentor_id is not null`.execute(db);
  await sql`create index school_documents_mentee_idx on school_documents (mentee_id) where mentee_id is not null`.execute(db);
  await sql`
    insert into school_documents (organization_id, type, number, document_date, status, pair_order_id, created_by, created_at)
    select organization_id, 'pairs_order', number, order_date, 'active', id, created_by, created_at from pair_orders`.execute(db);
  await sql`
    create table document_requirements (
      municipality_id integer not null references organizations(id) on delete cascade,
      type text not null check (type in (${list(TYPES)})),
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (municipality_id, type)
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table document_requirements`.execute(db);
  await sql`drop table school_documents`.execute(db);
  await sql`delete from files where purpose = 'school_document'`.execute(db);
  await sql`alter table files drop constraint files_purpose_check`.execute(db);
  await sql`alter table files add constraint files_purpose_check check (purpose in ('roadmap_evidence', 'programme', 'indicator_evidence', 'monitoring_evidence'))`.execute(
    db,
  );
}
