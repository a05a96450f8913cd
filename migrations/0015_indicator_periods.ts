import { type Kysely, sql } from 'kysely';

// Periods of the indicator engine (src/modules/indicators/periods.ts): no fixed first year, and
// academic years beside calendar ones. An academic year is stored under its code (202425 for
// «2024/25 учебный год») in the `year` columns of the summary tables and of the targets; the
// first year a municipality counts is kept with its freshness.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table indicator_targets drop constraint if exists indicator_targets_year_check`.execute(db);
  await sql`alter table indicator_targets add constraint indicator_targets_year_check check (
    year between 2000 and 2100
    or (year between 200001 and 210099 and year % 100 = (year / 100 + 1) % 100))`.execute(db);
  await sql`alter table indicator_freshness add column first_year integer`.execute(db);
  // Every municipality is counted again, with its new periods, on its next dashboard request.
  await sql`update indicator_freshness set version = version + 1, stale = true`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from indicator_targets where year > 2100`.execute(db);
  await sql`alter table indicator_targets drop constraint if exists indicator_targets_year_check`.execute(db);
  await sql`alter table indicator_targets add constraint indicator_targets_year_check check (year between 2000 and 2100)`.execute(
    db,
  );
  await sql`alter table indicator_freshness drop column first_year`.execute(db);
  await sql`update indicator_freshness set version = version + 1, stale = true`.execute(db);
}
