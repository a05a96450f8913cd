import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, DiagnosticStage, MentoringFormCode } from '../../db/types.js';

export type Db = Kysely<Database> | Transaction<Database>;

/** The questionnaires of the municipality a programme may take as its diagnostic: current, with at least one scale question. */
export function diagnosticTemplateOptions(db: Db, municipalityId: number) {
  return db
    .selectFrom('survey_templates')
    .select(['survey_templates.id', 'survey_templates.title'])
    .where('survey_templates.municipality_id', '=', municipalityId)
    .where('survey_templates.archived_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('survey_questions')
          .select('id')
          .whereRef('survey_questions.template_id', '=', 'survey_templates.id')
          .where('survey_questions.kind', '=', 'scale'),
      ),
    )
    .orderBy('survey_templates.title')
    .execute();
}

export function templateTitle(db: Db, templateId: number) {
  return db.selectFrom('survey_templates').select(['id', 'title']).where('id', '=', templateId).executeTakeFirst();
}

/** The diagnostic of the pair's programme, if one is attached. */
export function pairDiagnosticTemplate(db: Db, pairId: number) {
  return db
    .selectFrom('pairs')
    .innerJoin('programmes', 'programmes.id', 'pairs.programme_id')
    .innerJoin('survey_templates', 'survey_templates.id', 'programmes.diagnostic_template_id')
    .select(['survey_templates.id', 'survey_templates.title'])
    .where('pairs.id', '=', pairId)
    .executeTakeFirst();
}

export interface Participant {
  side: 'mentor' | 'mentee';
  id: number;
  name: string;
  user_id: number | null;
  category: string;
  erased: boolean;
}

/** The pair's mentors and mentees, mentors first, by name. */
export async function pairParticipants(db: Db, pairId: number): Promise<Participant[]> {
  const mentors = await db
    .selectFrom('pair_mentors')
    .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
    .select([
      'mentors.id',
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
      'mentors.user_id',
      'mentors.category',
      'mentors.erased_at',
    ])
    .where('pair_mentors.pair_id', '=', pairId)
    .orderBy('mentors.last_name')
    .orderBy('mentors.id')
    .execute();
  const mentees = await db
    .selectFrom('pair_mentees')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .select([
      'mentees.id',
      'mentees.last_name',
      'mentees.first_name',
      'mentees.middle_name',
      'mentees.user_id',
      'mentees.category',
      'mentees.erased_at',
    ])
    .where('pair_mentees.pair_id', '=', pairId)
    .orderBy('mentees.last_name')
    .orderBy('mentees.id')
    .execute();
  type Row = {
    id: number;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    user_id: number | null;
    category: string;
    erased_at: Date | null;
  };
  const person = (side: Participant['side']) => (r: Row) => ({
    side,
    id: r.id,
    name: r.erased_at !== null ? 'Данные удалены' : [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' '),
    user_id: r.user_id,
    category: r.category,
    erased: r.erased_at !== null,
  });
  return [...mentors.map(person('mentor')), ...mentees.map(person('mentee'))];
}

/** Which stages each participant of the pair has answered. */
export function pairResponses(db: Db, pairId: number) {
  return db
    .selectFrom('diagnostic_responses')
    .select(['mentor_id', 'mentee_id', 'stage', 'submitted_at', 'via'])
    .where('pair_id', '=', pairId)
    .execute();
}

export function hasFinalMeeting(db: Db, pairId: number) {
  return db
    .selectFrom('meetings')
    .select('id')
    .where('pair_id', '=', pairId)
    .where('type', '=', 'final')
    .executeTakeFirst()
    .then((r) => r !== undefined);
}

export interface BeforeAfterRow {
  form: MentoringFormCode;
  template_id: number;
  template_title: string;
  question_id: number;
  position: number;
  question: string;
  mean_before: number;
  mean_after: number;
  /** Participants who answered the question both before and after. */
  answered_both: number;
}

/**
 * «До / после» per question and per form of mentoring: for each participant who answered a scale
 * question of the same questionnaire at both stages, its two scores; their means and how many.
 * A participant who answered only one stage is not counted: there is no change to measure.
 */
export function beforeAfter(db: Db, where: { programmeId: number } | { organizationId: number }): Promise<BeforeAfterRow[]> {
  let query = db
    .selectFrom('diagnostic_responses as rb')
    .innerJoin('diagnostic_responses as ra', (join) =>
      join
        .onRef('ra.pair_id', '=', 'rb.pair_id')
        .onRef('ra.template_id', '=', 'rb.template_id')
        .on('ra.stage', '=', 'after')
        .on(sql<boolean>`ra.mentor_id is not distinct from rb.mentor_id and ra.mentee_id is not distinct from rb.mentee_id`),
    )
    .innerJoin('diagnostic_answers as b', 'b.response_id', 'rb.id')
    .innerJoin('diagnostic_answers as a', (join) =>
      join.onRef('a.response_id', '=', 'ra.id').onRef('a.question_id', '=', 'b.question_id'),
    )
    .innerJoin('survey_questions as q', 'q.id', 'b.question_id')
    .innerJoin('survey_templates as t', 't.id', 'rb.template_id')
    .innerJoin('pairs as p', 'p.id', 'rb.pair_id')
    .select([
      'p.form',
      't.id as template_id',
      't.title as template_title',
      'q.id as question_id',
      'q.position',
      'q.text as question',
      sql<number>`round(avg(b.score), 2)::float8`.as('mean_before'),
      sql<number>`round(avg(a.score), 2)::float8`.as('mean_after'),
      sql<number>`count(*)::int`.as('answered_both'),
    ])
    .where('rb.stage', '=', 'before')
    .where('b.score', 'is not', null)
    .where('a.score', 'is not', null)
    .groupBy(['p.form', 't.id', 't.title', 'q.id', 'q.position', 'q.text'])
    .orderBy('p.form')
    .orderBy('t.title')
    .orderBy('q.position')
    .orderBy('q.id');
  query =
    'programmeId' in where
      ? query.where('p.programme_id', '=', where.programmeId)
      : query.where('p.organization_id', '=', where.organizationId);
  return query.execute();
}

export type { DiagnosticStage };
