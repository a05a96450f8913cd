import { type Kysely, sql } from 'kysely';

// Issue 15: the questionnaire block of a campaign's form. The coordinator attaches surveys of the
// municipality (from the surveys module) to a campaign; each school's submission shows that
// school's results of them, live until acceptance, frozen in the snapshot after
// (monitoring_snapshots.figures.questionnaire).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table monitoring_campaign_surveys (
      campaign_id integer not null references monitoring_campaigns(id) on delete cascade,
      survey_id integer not null references surveys(id) on delete cascade,
      position integer not null,
      primary key (campaign_id, survey_id)
    )`.execute(db);
  await sql`create index monitoring_campaign_surveys_survey_idx on monitoring_campaign_surveys (survey_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table monitoring_campaign_surveys`.execute(db);
}
