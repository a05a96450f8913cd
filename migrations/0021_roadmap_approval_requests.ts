import { type Kysely, sql } from 'kysely';

// Issue 16: a roadmap's approval is asked for and answered. The author (the school's curator, the
// municipality's coordinator) sends the roadmap for approval with an optional note; the approver
// (the school's head, the department) approves it, which answers the request 'approved', or
// refuses it with a comment, 'refused', and the roadmap goes back to its author. A roadmap has at
// most one open request (answered_at null): the partial unique index keeps two simultaneous asks
// from both being stored. A change to the roadmap while a request is open keeps it open: the
// approver reads the roadmap as it is when answering.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table roadmap_approval_requests (
      id serial primary key,
      roadmap_id integer not null references roadmaps(id) on delete cascade,
      asked_by integer references users(id) on delete set null,
      asked_at timestamptz not null default now(),
      note text,
      answered_by integer references users(id) on delete set null,
      answered_at timestamptz,
      outcome text check (outcome in ('approved', 'refused')),
      comment text,
      check ((answered_at is null) = (outcome is null)),
      check (outcome is distinct from 'refused' or comment is not null)
    )`.execute(db);
  await sql`create index roadmap_approval_requests_roadmap_idx on roadmap_approval_requests (roadmap_id, id desc)`.execute(db);
  await sql`create unique index roadmap_approval_requests_open_idx on roadmap_approval_requests (roadmap_id) where answered_at is null`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table roadmap_approval_requests`.execute(db);
}
