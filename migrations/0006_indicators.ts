import { type Kysely, sql } from 'kysely';

// Indicators against their yearly targets, the contingent behind them, satisfaction surveys,
// and the summary tables the dashboards read (issue «Indicators against their yearly targets»).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  // The catalogue: one per municipality, kept by its coordinator.
  await db.schema
    .createTable('indicators')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('percent', 'count')`))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('municipality', 'school', 'both')`))
    .addColumn('method', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`method in ('student_mentees_10_19', 'student_mentors_15_19', 'young_specialist_mentees', 'partner_organizations', 'mentee_satisfaction', 'mentor_satisfaction', 'manual')`,
        ),
    )
    // The reference figure a share is taken of; null for counts, surveys and manual values.
    .addColumn('contingent_kind', 'text')
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('higher', 'lower')`))
    .addColumn('description', 'text')
    .addColumn('source', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index indicators_code_key on indicators (municipality_id, lower(code))`.execute(db);

  await db.schema
    .createTable('indicator_targets')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    // Null with a text: the document names no figure («-»).
    .addColumn('value', 'numeric')
    // The target as the signed document words it («Не менее 80%»).
    .addColumn('wording', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('indicator_targets_pkey', ['indicator_id', 'organization_id', 'year'])
    .execute();
  await db.schema.createIndex('indicator_targets_org_idx').on('indicator_targets').columns(['organization_id', 'year']).execute();

  // Reference figures (how many children 10-19 live in the municipality, young teachers, ...).
  await db.schema
    .createTable('contingents')
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull().check(sql`value >= 0`))
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('contingents_pkey', ['organization_id', 'year', 'kind'])
    .execute();

  // A value entered by hand may come with its evidence document.
  await sql`alter table files drop constraint files_purpose_check`.execute(db);
  await sql`alter table files add constraint files_purpose_check check (purpose in ('roadmap_evidence', 'programme', 'indicator_evidence'))`.execute(
    db,
  );

  // A value entered by hand with its evidence (curator for its school, coordinator for the municipality).
  await db.schema
    .createTable('indicator_manual_values')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('value', 'numeric', (c) => c.notNull().check(sql`value >= 0`))
    .addColumn('numerator', 'integer', (c) => c.check(sql`numerator >= 0`))
    .addColumn('denominator', 'integer', (c) => c.check(sql`denominator > 0`))
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('evidence_file_id', 'integer', (c) => c.references('files.id').onDelete('set null'))
    .addColumn('entered_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('indicator_manual_values_pkey', ['indicator_id', 'organization_id', 'year'])
    .execute();

  // Questionnaires: templates kept by the coordinator, surveys opened for a period and schools.
  await db.schema
    .createTable('survey_templates')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('mentor', 'mentee')`))
    .addColumn('description', 'text')
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('survey_questions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('template_id', 'integer', (c) => c.notNull().references('survey_templates.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scale', 'text')`))
    .addColumn('required', 'boolean', (c) => c.notNull().defaultTo(true))
    // Scale questions that make up the respondent's satisfaction.
    .addColumn('counts_for_satisfaction', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createIndex('survey_questions_template_idx')
    .on('survey_questions')
    .columns(['template_id', 'position'])
    .execute();

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('template_id', 'integer', (c) => c.notNull().references('survey_templates.id').onDelete('restrict'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('opens_on', 'date', (c) => c.notNull())
    .addColumn('closes_on', 'date', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('surveys_period_check', sql`closes_on >= opens_on`)
    .execute();
  await db.schema.createIndex('surveys_municipality_idx').on('surveys').columns(['municipality_id', 'closes_on']).execute();

  await db.schema
    .createTable('survey_schools')
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('survey_schools_pkey', ['survey_id', 'organization_id'])
    .execute();

  // Who is asked: one row per mentor or mentee, so that each answers once. The answer itself is
  // stored apart from it (survey_responses), never linked back: answers stay anonymous.
  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('mentor_id', 'integer', (c) => c.references('mentors.id').onDelete('cascade'))
    .addColumn('mentee_id', 'integer', (c) => c.references('mentees.id').onDelete('cascade'))
    // The personal link of a participant without an account: only the SHA-256 of its token.
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('token_created_at', 'timestamptz')
    .addColumn('answered_on', 'date')
    .addCheckConstraint('survey_invitations_person_check', sql`(mentor_id is null) <> (mentee_id is null)`)
    .addUniqueConstraint('survey_invitations_mentor_key', ['survey_id', 'mentor_id'])
    .addUniqueConstraint('survey_invitations_mentee_key', ['survey_id', 'mentee_id'])
    .execute();
  await db.schema
    .createIndex('survey_invitations_org_idx')
    .on('survey_invitations')
    .columns(['survey_id', 'organization_id'])
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('mentor', 'mentee')`))
    .addColumn('is_minor', 'boolean', (c) => c.notNull())
    // Mean of the satisfaction questions (1-10); null when the respondent skipped them all.
    .addColumn('satisfaction', 'numeric(4, 2)')
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('account', 'link')`))
    // A day, not a moment: a timestamp could be matched against the invitation it came from.
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_responses_survey_idx')
    .on('survey_responses')
    .columns(['survey_id', 'organization_id'])
    .execute();
  await db.schema
    .createIndex('survey_responses_org_idx')
    .on('survey_responses')
    .columns(['organization_id', 'audience'])
    .execute();

  await db.schema
    .createTable('survey_answers')
    .addColumn('response_id', 'integer', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('survey_questions.id').onDelete('restrict'))
    .addColumn('score', 'integer', (c) => c.check(sql`score between 1 and 10`))
    .addColumn('text', 'text')
    .addPrimaryKeyConstraint('survey_answers_pkey', ['response_id', 'question_id'])
    .execute();

  // The coordinator's conclusions of the yearly analytical report.
  await db.schema
    .createTable('analytical_reports')
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('conclusions', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('analytical_reports_pkey', ['municipality_id', 'year'])
    .execute();

  // The year's pairs of a municipality's schools are found by their activation (compute.ts).
  await db.schema.createIndex('pairs_activated_idx').on('pairs').columns(['organization_id', 'activated_at']).execute();

  // Summary tables: computed once per change of a municipality's data, read by every dashboard.
  await db.schema
    .createTable('indicator_results')
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('numerator', 'numeric')
    .addColumn('denominator', 'numeric')
    .addColumn('value', 'numeric')
    .addPrimaryKeyConstraint('indicator_results_pkey', ['indicator_id', 'organization_id', 'year'])
    .execute();
  await db.schema.createIndex('indicator_results_org_idx').on('indicator_results').columns(['organization_id', 'year']).execute();

  // Counts by form, status and category, roadmap completion and data completeness per organisation.
  await db.schema
    .createTable('dashboard_facts')
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('fact', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dashboard_facts_pkey', ['organization_id', 'year', 'fact', 'key'])
    .execute();

  // One row per municipality: a change to its data bumps `version` and marks it stale; the next
  // dashboard request recomputes the summary tables once and caches pages under the new version.
  await db.schema
    .createTable('indicator_freshness')
    .addColumn('municipality_id', 'integer', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .addColumn('stale', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('refreshed_at', 'timestamptz')
    .execute();

  // TG_ARGV[0] says how a changed row leads to its municipality.
  await sql`
    create function mark_indicators_stale() returns trigger language plpgsql as $$
    declare
      row_data record;
      muni integer;
    begin
      if TG_OP = 'DELETE' then row_data := OLD; else row_data := NEW; end if;
      if TG_ARGV[0] = 'organization' then
        select municipality_id into muni from organizations where id = row_data.organization_id;
      elsif TG_ARGV[0] = 'municipality' then
        muni := row_data.municipality_id;
      elsif TG_ARGV[0] = 'pair' then
        select o.municipality_id into muni from pairs p join organizations o on o.id = p.organization_id where p.id = row_data.pair_id;
      elsif TG_ARGV[0] = 'roadmap' then
        select o.municipality_id into muni from roadmaps r join organizations o on o.id = r.organization_id where r.id = row_data.roadmap_id;
      elsif TG_ARGV[0] = 'roadmap_item' then
        select o.municipality_id into muni from roadmap_items i join roadmaps r on r.id = i.roadmap_id
          join organizations o on o.id = r.organization_id where i.id = row_data.item_id;
      elsif TG_ARGV[0] = 'indicator' then
        select municipality_id into muni from indicators where id = row_data.indicator_id;
      end if;
      if muni is not null then
        insert into indicator_freshness as f (municipality_id, version, stale, changed_at)
        values (muni, 1, true, now())
        on conflict (municipality_id) do update set version = f.version + 1, stale = true, changed_at = now();
      end if;
      return null;
    end $$
  `.execute(db);

  const watched: [string, string][] = [
    ['organizations', 'municipality'],
    ['mentors', 'organization'],
    ['mentees', 'organization'],
    ['pairs', 'organization'],
    ['pair_mentors', 'pair'],
    ['pair_mentees', 'pair'],
    ['meetings', 'pair'],
    ['roadmaps', 'organization'],
    ['roadmap_items', 'roadmap'],
    ['roadmap_occurrences', 'roadmap_item'],
    ['contingents', 'organization'],
    ['indicators', 'municipality'],
    ['indicator_targets', 'indicator'],
    ['indicator_manual_values', 'indicator'],
    ['survey_responses', 'organization'],
  ];
  for (const [table, via] of watched) {
    await sql`
      create trigger ${sql.id(`${table}_indicators_stale`)}
      after insert or update or delete on ${sql.table(table)}
      for each row execute function mark_indicators_stale(${sql.lit(via)})
    `.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'organizations',
    'mentors',
    'mentees',
    'pairs',
    'pair_mentors',
    'pair_mentees',
    'meetings',
    'roadmaps',
    'roadmap_items',
    'roadmap_occurrences',
    'contingents',
    'indicators',
    'indicator_targets',
    'indicator_manual_values',
    'survey_responses',
  ]) {
    await sql`drop trigger if exists ${sql.id(`${table}_indicators_stale`)} on ${sql.table(table)}`.execute(db);
  }
  await db.schema.dropIndex('pairs_activated_idx').execute();
  for (const table of [
    'indicator_freshness',
    'dashboard_facts',
    'indicator_results',
    'analytical_reports',
    'survey_answers',
    'survey_responses',
    'survey_invitations',
    'survey_schools',
    'surveys',
    'survey_questions',
    'survey_templates',
    'indicator_manual_values',
    'contingents',
    'indicator_targets',
    'indicators',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function if exists mark_indicators_stale()`.execute(db);
}
