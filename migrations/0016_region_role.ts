import { type Kysely, sql } from 'kysely';

// Issue 15: the regional operator («Региональный оператор», role `region`), a read-only account of
// an organisation of type 'region'. It reads the accepted monitoring snapshots of every
// municipality whose parent is its region, and their exports; nothing personal. Its region is its
// own organisation, so the session needs nothing new: the scope is `parent_id = organization_id`.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql`
    alter table users add constraint users_role_check
    check (role in ('admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee', 'region'))`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  // Fails while a regional operator's account exists: such accounts are removed first, by hand.
  await sql`alter table users drop constraint users_role_check`.execute(db);
  await sql`
    alter table users add constraint users_role_check
    check (role in ('admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee'))`.execute(db);
}
