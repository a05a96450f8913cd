import { type Kysely, sql } from 'kysely';

// Issue 18: satisfaction (М5/М6, Ш5/Ш6) now counts the satisfied among all who took part in the
// period's pairs (indicators/compute.ts satisfactionShare), no longer among the respondents only.
// No data changes, so no trigger marks the stored figures stale: this marks every municipality's,
// and the next recount (the job, or the next page that reads them) counts them by the new rule.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update indicator_freshness set version = version + 1, stale = true, changed_at = now()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`update indicator_freshness set version = version + 1, stale = true, changed_at = now()`.execute(db);
}
