import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/types.js';
import { daysAgo } from './pair-fixtures.js';

export interface SurveyFixture {
  id: number;
  templateId: number;
  /** The questions: a satisfaction scale, a second scale, a free text. */
  scale: number;
  scale2: number;
  text: number;
}

/**
 * A survey of the municipality for `schools` (a new mentors' questionnaire unless `templateId`),
 * open from 30 days ago until `closesOn` (default: in 10 days). No invitation, no answer yet.
 */
export async function addSurvey(
  db: Kysely<Database>,
  municipalityId: number,
  schools: number[],
  options: { title?: string; templateId?: number; opensOn?: string; closesOn?: string } = {},
): Promise<SurveyFixture> {
  let templateId = options.templateId;
  if (templateId === undefined) {
    templateId = (
      await db
        .insertInto('survey_templates')
        .values({ municipality_id: municipalityId, title: 'Анкета удовлетворённости наставника', audience: 'mentor' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('survey_questions')
      .values([
        {
          template_id: templateId,
          position: 1,
          text: 'Насколько вы удовлетворены участием?',
          kind: 'scale',
          counts_for_satisfaction: true,
        },
        { template_id: templateId, position: 2, text: 'Насколько полезными были встречи?', kind: 'scale' },
        { template_id: templateId, position: 3, text: 'Что было самым полезным?', kind: 'text', required: false },
      ])
      .execute();
  }
  const questions = await db
    .selectFrom('survey_questions')
    .select('id')
    .where('template_id', '=', templateId)
    .orderBy('position')
    .execute();
  const survey = await db
    .insertInto('surveys')
    .values({
      template_id: templateId,
      municipality_id: municipalityId,
      title: options.title ?? 'Мониторинг удовлетворённости наставников',
      opens_on: options.opensOn ?? daysAgo(30),
      closes_on: options.closesOn ?? daysAgo(-10),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (schools.length > 0)
    await db
      .insertInto('survey_schools')
      .values(schools.map((organization_id) => ({ survey_id: survey.id, organization_id })))
      .execute();
  const [scale, scale2, text] = questions.map((q) => q.id);
  return { id: survey.id, templateId, scale: scale ?? 0, scale2: scale2 ?? 0, text: text ?? 0 };
}

/** `count` new mentors of the school invited to the survey. */
export async function invite(db: Kysely<Database>, surveyId: number, schoolId: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const mentor = await db
      .insertInto('mentors')
      .values({
        organization_id: schoolId,
        origin_organization_id: schoolId,
        last_name: `Приглашённая-${surveyId}-${schoolId}-${i}`,
        first_name: 'Анна',
        category: 'teacher',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('survey_invitations')
      .values({ survey_id: surveyId, organization_id: schoolId, mentor_id: mentor.id })
      .execute();
  }
}

/** One response of the school: the score of both scales, and a free text when given. */
export async function answer(
  db: Kysely<Database>,
  survey: SurveyFixture,
  schoolId: number,
  score: number,
  text?: string,
): Promise<void> {
  const response = await db
    .insertInto('survey_responses')
    .values({
      survey_id: survey.id,
      organization_id: schoolId,
      audience: 'mentor',
      is_minor: false,
      satisfaction: String(score),
      via: 'account',
      submitted_on: daysAgo(1),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('survey_answers')
    .values([
      { response_id: response.id, question_id: survey.scale, score, text: null },
      { response_id: response.id, question_id: survey.scale2, score, text: null },
      ...(text === undefined ? [] : [{ response_id: response.id, question_id: survey.text, score: null, text }]),
    ])
    .execute();
}
