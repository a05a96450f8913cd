import { type Kysely, sql } from 'kysely';

// Issue 18, «Impact, before and after» (the regulation's §7.2-7.5): a diagnostic questionnaire
// (a survey template) attached to a programme and answered by each participant of its pairs at
// the start («до») and at the end («после»), kept per participant and stage — unlike the surveys'
// anonymous responses, since the change of one person is what is measured; and the outcomes of a
// mentee the curator records at the end of the pair.

const METHODS_BEFORE = `'student_mentees_10_19', 'student_mentors_15_19', 'young_specialist_mentees', 'partner_organizations', 'mentee_satisfaction', 'mentor_satisfaction', 'manual'`;
const METHODS_AFTER = `${METHODS_BEFORE}, 'left_profession', 'professional_contests'`;

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
  // The school's Ш2 (left the profession) and Ш4 (professional contests), entered by hand until now,
  // are counted from the outcomes; a school's hand-entered value stands where it has no record.
  await sql`alter table indicators drop constraint indicators_method_check`.execute(db);
  await sql`alter table indicators add constraint indicators_method_check check (method in (${sql.raw(METHODS_AFTER)}))`.execute(
    db,
  );
  await sql`update indicators set method = 'left_profession' where code = 'Ш2' and method = 'manual'`.execute(db);
  await sql`update indicators set method = 'professional_contests' where code = 'Ш4' and method = 'manual'`.execute(db);
  await sql`
    create trigger mentee_outcomes_indicators_stale
    after insert or update or delete on mentee_outcomes
    for each row execute function mark_indicators_stale('pair')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger mentee_outcomes_indicators_stale on mentee_outcomes`.execute(db);
  await sql`update indicators set method = 'manual' where method in ('left_profession', 'professional_contests')`.execute(db);
  await sql`alter table indicators drop constraint indicators_method_check`.execute(db);
  await sql`alter table indicators add constraint indicators_method_check check (method in (${sql.raw(METHODS_BEFORE)}))`.execute(
    db,
  );
  await sql`drop table mentee_outcomes`.execute(db);
  await sql`drop table diagnostic_answers`.execute(db);
  await sql`drop table diagnostic_responses`.execute(db);
  await sql`alter table programmes drop column diagnostic_template_id`.execute(db);
}
