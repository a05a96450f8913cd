import { type Kysely, sql } from 'kysely';

// Issue 14: each approval of a roadmap kept with what was approved. When a change to the items
// takes the approval away (or the approver takes it back), the approval row is closed, keeps the
// order it was given under, and its `items` — the rows as they were approved — let the page list
// what changed since (added, changed, removed rows by their ids). The roadmap's own order fields
// are cleared then: the next approval gets an order of its own.
//
// Approvals made before this migration (or written by the demo seed and the region generator
// directly) have no row: the first change to such a roadmap writes it from the roadmap's fields
// and its rows as they were before the change (roadmaps/approvals.ts, withdrawApproval).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table roadmap_approvals (
      id serial primary key,
      roadmap_id integer not null references roadmaps(id) on delete cascade,
      approved_at timestamptz not null,
      approved_by integer references users(id) on delete set null,
      order_number text,
      order_date date,
      items jsonb not null,
      revoked_at timestamptz,
      revoked_by integer references users(id) on delete set null,
      revoked_reason text check (revoked_reason in ('content', 'revoked'))
    )`.execute(db);
  await sql`create index roadmap_approvals_roadmap_idx on roadmap_approvals (roadmap_id, id desc)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table roadmap_approvals`.execute(db);
}
