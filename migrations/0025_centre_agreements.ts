import { type Kysely, sql } from 'kysely';

// Issue 17: a school's roadmap, programme (and, later, document) is agreed by the methodological
// centre. The school's curator sends it (note optional); the municipality's coordinator agrees it
// ('agreed') or returns it with a required comment ('returned'). An object has at most one open
// sending (answered_at null: the partial unique index). A change to the content of an agreed object
// takes the agreement back (revoked_at, revoked_reason 'content'); a school roadmap is approved by
// its head only while agreed. The table is generic — object_type names what is agreed and object_id
// its row (no foreign key: the rows live in several tables); organization_id is the school.
// order_number / order_date: the department's approving order, recorded once for several agreed
// objects (kept here for that form).
//
// Approvals given before this migration stay: each approved school plan gets an 'agreed' row dated
// by its approval, with nobody named, so that a later change takes both back in the same way.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table centre_agreements (
      id serial primary key,
      object_type text not null check (object_type in ('roadmap', 'programme', 'document')),
      object_id integer not null,
      organization_id integer not null references organizations(id) on delete cascade,
      sent_by integer references users(id) on delete set null,
      sent_at timestamptz not null default now(),
      note text,
      answered_by integer references users(id) on delete set null,
      answered_at timestamptz,
      outcome text check (outcome in ('agreed', 'returned')),
      comment text,
      revoked_at timestamptz,
      revoked_by integer references users(id) on delete set null,
      revoked_reason text check (revoked_reason in ('content')),
      order_number text,
      order_date date,
      check ((answered_at is null) = (outcome is null)),
      check (outcome is distinct from 'returned' or comment is not null),
      check (revoked_at is null or outcome = 'agreed')
    )`.execute(db);
  await sql`create index centre_agreements_object_idx on centre_agreements (object_type, object_id, id desc)`.execute(db);
  await sql`create unique index centre_agreements_open_idx on centre_agreements (object_type, object_id) where answered_at is null`.execute(
    db,
  );
  await sql`create index centre_agreements_organization_idx on centre_agreements (organization_id)`.execute(db);
  await sql`
    insert into centre_agreements (object_type, object_id, organization_id, sent_at, answered_at, outcome)
    select 'roadmap', r.id, r.organization_id, r.approved_at, r.approved_at, 'agreed'
      from roadmaps r join organizations o on o.id = r.organization_id
     where r.approved_at is not null and r.kind = 'plan' and o.type = 'school'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table centre_agreements`.execute(db);
}
