import { type Kysely, sql } from 'kysely';

// Issue 18, «Impact, before and after» (the regulation's §7.2-7.5): a diagnostic questionnaire
// (a survey template) attached to a programme and answered by each participant of its pairs at
// the start («до») and at the end («после»), kept per participant and stage — unlike the surveys'
// anonymous responses, since the change of one person is what is measured; and the outcomes of a
// mentee the curator records at the end of the pair.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table programmes add column diagnostic_template_id integer references survey_templates(id) on delete restrict`.execute(
    db,
  );
  await sql`
    create table diagnostic_responses (
      id serial primary key,
      pair_id integer not null references pairs(id) on delete cascade,
      template_id integer not null references survey_templates(id) on delete restrict,
      mentor_id integer references mentors(id) on delete cascade,
      mentee_id integer references mentees(id) on delete cascade,
      stage text not null check (stage in ('before', 'after')),
      via text not null check (via in ('account', 'link')),
      submitted_at timestamptz not null default now(),
      check ((mentor_id is null) <> (mentee_id is null)),
      unique (pair_id, mentor_id, stage),
      unique (pair_id, mentee_id, stage)
    )`.execute(db);
  await sql`
    create table diagnostic_answers (
      response_id integer not null references diagnostic_responses(id) on delete cascade,
      question_id integer not null references survey_questions(id) on delete cascade,
      score integer check (score between 1 and 10),
      text text,
      primary key (response_id, question_id)
    )`.execute(db);
  await sql`
    create table mentee_outcomes (
      pair_id integer not null references pairs(id) on delete cascade,
      mentee_id integer not null references mentees(id) on delete cascade,
      subject text,
      mark_before integer check (mark_before between 2 and 5),
      mark_after integer check (mark_after between 2 and 5),
      vpr_passed boolean not null default false,
      oge_passed boolean not null default false,
      ege_passed boolean not null default false,
      olympiad_level text check (olympiad_level in ('school', 'municipal', 'regional', 'federal')),
      olympiad_result text check (olympiad_result in ('winner', 'prize_winner', 'participant')),
      projects text,
      stayed_in_profession boolean,
      professional_contest boolean not null default false,
      qualification_category text check (qualification_category in ('none', 'first', 'highest')),
      recorded_by integer references users(id) on delete set null,
      recorded_at timestamptz not null default now(),
      primary key (pair_id, mentee_id)
    )`.execute(db);
  await sql`create index mentee_outcomes_mentee_idx on mentee_outcomes (mentee_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table mentee_outcomes`.execute(db);
  await sql`drop table diagnostic_answers`.execute(db);
  await sql`drop table diagnostic_responses`.execute(db);
  await sql`alter table programmes drop column diagnostic_template_id`.execute(db);
}
