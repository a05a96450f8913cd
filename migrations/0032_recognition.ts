import { type Kysely, sql } from 'kysely';

// Issue 18, «Recognition»: awards of the mentors of the bases (the regulation's §3.3 non-material
// incentives), the nominations a school head makes for the municipal list and the department's
// decision and order that turn them into awards, and the municipality's list of best mentors.
// `best_mentors.event_id` is the seam for a contest's winners (the events module, migration 0031):
// a plain nullable column today, its foreign key added when events land.

const KINDS = `('letter_of_thanks', 'diploma', 'department_diploma', 'state_award', 'honorary_mentor', 'attestation_credit')`;

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table award_nominations (
      id serial primary key,
      mentor_id integer not null references mentors(id) on delete cascade,
      organization_id integer not null references organizations(id),
      municipality_id integer not null references organizations(id),
      kind text not null check (kind in ${sql.raw(KINDS)}),
      reason text not null,
      status text not null default 'nominated'
        check (status in ('nominated', 'listed', 'rejected', 'supported', 'refused', 'awarded')),
      list_comment text,
      listed_at timestamptz,
      listed_by integer references users(id) on delete set null,
      sent_at timestamptz,
      decision_comment text,
      decided_at timestamptz,
      decided_by integer references users(id) on delete set null,
      order_number text,
      order_date date,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index award_nominations_municipality_idx on award_nominations (municipality_id, status)`.execute(db);
  await sql`create index award_nominations_school_idx on award_nominations (organization_id)`.execute(db);
  await sql`
    create table awards (
      id serial primary key,
      mentor_id integer not null references mentors(id) on delete cascade,
      kind text not null check (kind in ${sql.raw(KINDS)}),
      level text not null check (level in ('school', 'municipal', 'regional', 'federal')),
      awarded_on date not null,
      order_number text,
      order_date date,
      issued_by text,
      note text,
      nomination_id integer unique references award_nominations(id) on delete set null,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index awards_mentor_idx on awards (mentor_id, awarded_on desc)`.execute(db);
  await sql`
    create table best_mentors (
      id serial primary key,
      municipality_id integer not null references organizations(id),
      mentor_id integer not null references mentors(id) on delete cascade,
      year integer not null check (year between 2000 and 2100),
      reason text not null,
      event_id integer,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      unique (municipality_id, mentor_id, year)
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table best_mentors`.execute(db);
  await sql`drop table awards`.execute(db);
  await sql`drop table award_nominations`.execute(db);
}
