import { sql } from 'kysely';
import { canViewSurvey, surveySchoolOf } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { NotFoundError } from '../../http/errors.js';
import { SATISFIED_FROM } from '../indicators/catalogue.js';
import { MIN_GROUP, type QuestionKind } from './labels.js';
import { type Db, type SurveyRow, templateQuestions } from './queries.js';

/** A survey's results: counts, means and distributions by school and question, anonymous. */

export interface SchoolResult {
  organization_id: number;
  name: string;
  invited: number;
  answers: number;
  /** Fewer than MIN_GROUP answers: only the count is shown. */
  small: boolean;
  /** Mean satisfaction (1-10) of those who answered the satisfaction questions; null when hidden or none. */
  mean: number | null;
  /** Share (0-1) satisfied (>= SATISFIED_FROM) among them; null when hidden or none. */
  satisfiedShare: number | null;
  rated: number;
}

export interface QuestionResult {
  id: number;
  number: number;
  text: string;
  kind: QuestionKind;
  counts_for_satisfaction: boolean;
  answers: number;
  mean: number | null;
  /** Index 0 holds the number of 1s, index 9 the number of 10s. */
  distribution: number[];
  /** The free-text answers, the same text once with how many gave it. */
  texts: Array<{ text: string; count: number }>;
}

export interface SurveyResults {
  schools: SchoolResult[];
  /** All the schools shown together (null for a school's own view). */
  total: SchoolResult | null;
  /** How many answers the means, distributions and texts are made of (schools with MIN_GROUP answers or more). */
  shownAnswers: number;
  /** Some schools' answers are counted but left out of the means and texts. */
  hiddenSchools: number;
  questions: QuestionResult[];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Per school the number invited and answered, the mean satisfaction and the share satisfied, and
 * per question the mean and the distribution of scores and the free-text answers. Answers are
 * never linked to a person; a school with fewer than MIN_GROUP answers shows its count only,
 * and its answers are left out of every mean, distribution and text, including the total (else
 * its figures could be worked out by subtraction). A school role sees its own school only.
 */
export async function surveyResults(db: Db, user: CurrentUser, survey: SurveyRow): Promise<SurveyResults> {
  if (!canViewSurvey(user, survey)) throw new NotFoundError();
  return resultsOf(db, survey, surveySchoolOf(user));
}

/**
 * The results of a survey, of one school when `school` is given (as its own staff see them), else
 * of all its schools with the total. No access check: the caller has made it (surveyResults, or a
 * monitoring submission the user may read, issue 15). Without `withTexts` the free-text answers
 * are only counted: their texts are never read (`texts` is empty).
 */
export async function resultsOf(
  db: Db,
  survey: Pick<SurveyRow, 'id' | 'template_id'>,
  school: number | null,
  withTexts = true,
): Promise<SurveyResults> {
  let schoolsQuery = db
    .selectFrom('survey_schools')
    .innerJoin('organizations', 'organizations.id', 'survey_schools.organization_id')
    .select(['organizations.id', 'organizations.short_name'])
    .where('survey_schools.survey_id', '=', survey.id);
  if (school !== null) schoolsQuery = schoolsQuery.where('survey_schools.organization_id', '=', school);
  const schools = await schoolsQuery.orderBy('organizations.short_name').execute();
  const ids = schools.map((s) => s.id);
  if (ids.length === 0) return { schools: [], total: null, shownAnswers: 0, hiddenSchools: 0, questions: [] };

  const invited = await db
    .selectFrom('survey_invitations')
    .select(['organization_id', sql<number>`count(*)::int`.as('n')])
    .where('survey_id', '=', survey.id)
    .where('organization_id', 'in', ids)
    .groupBy('organization_id')
    .execute();
  const responses = await db
    .selectFrom('survey_responses')
    .select([
      'organization_id',
      sql<number>`count(*)::int`.as('answers'),
      sql<number>`count(satisfaction)::int`.as('rated'),
      sql<string | null>`sum(satisfaction)`.as('sum'),
      sql<number>`(count(*) filter (where satisfaction >= ${SATISFIED_FROM}))::int`.as('satisfied'),
    ])
    .where('survey_id', '=', survey.id)
    .where('organization_id', 'in', ids)
    .groupBy('organization_id')
    .execute();
  const invitedOf = new Map(invited.map((r) => [r.organization_id, r.n]));
  const responsesOf = new Map(responses.map((r) => [r.organization_id, r]));

  const figures = (answers: number, rated: number, sum: number, satisfied: number, small: boolean) => ({
    answers,
    small,
    rated: small ? 0 : rated,
    mean: small || rated === 0 ? null : round(sum / rated, 1),
    satisfiedShare: small || rated === 0 ? null : satisfied / rated,
  });
  const rows: SchoolResult[] = schools.map((s) => {
    const r = responsesOf.get(s.id);
    const answers = r?.answers ?? 0;
    return {
      organization_id: s.id,
      name: s.short_name,
      invited: invitedOf.get(s.id) ?? 0,
      ...figures(answers, r?.rated ?? 0, Number(r?.sum ?? 0), r?.satisfied ?? 0, answers < MIN_GROUP),
    };
  });
  const shown = rows.filter((r) => !r.small);
  const shownIds = shown.map((r) => r.organization_id);
  const shownAnswers = shown.reduce((n, r) => n + r.answers, 0);
  let total: SchoolResult | null = null;
  if (school === null) {
    const sums = { rated: 0, sum: 0, satisfied: 0 };
    for (const id of shownIds) {
      const r = responsesOf.get(id);
      sums.rated += r?.rated ?? 0;
      sums.sum += Number(r?.sum ?? 0);
      sums.satisfied += r?.satisfied ?? 0;
    }
    total = {
      organization_id: 0,
      name: 'Всего',
      invited: rows.reduce((n, r) => n + r.invited, 0),
      ...figures(
        rows.reduce((n, r) => n + r.answers, 0),
        sums.rated,
        sums.sum,
        sums.satisfied,
        shownAnswers < MIN_GROUP,
      ),
    };
  }

  const questions = await templateQuestions(db, survey.template_id);
  const scores = shownIds.length
    ? await db
        .selectFrom('survey_answers')
        .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
        .select(['survey_answers.question_id', 'survey_answers.score', sql<number>`count(*)::int`.as('n')])
        .where('survey_responses.survey_id', '=', survey.id)
        .where('survey_responses.organization_id', 'in', shownIds)
        .where('survey_answers.score', 'is not', null)
        .groupBy(['survey_answers.question_id', 'survey_answers.score'])
        .execute()
    : [];
  // Texts in alphabetical order: never in the order they came, which could be matched with who answered when.
  const texts = !shownIds.length
    ? []
    : !withTexts
      ? await db
          .selectFrom('survey_answers')
          .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
          .select(['survey_answers.question_id', sql<string>`''`.as('text'), sql<number>`count(*)::int`.as('count')])
          .where('survey_responses.survey_id', '=', survey.id)
          .where('survey_responses.organization_id', 'in', shownIds)
          .where('survey_answers.text', 'is not', null)
          .groupBy('survey_answers.question_id')
          .execute()
      : await db
          .selectFrom('survey_answers')
          .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
          .select([
            'survey_answers.question_id',
            sql<string>`survey_answers.text`.as('text'),
            sql<number>`count(*)::int`.as('count'),
          ])
          .where('survey_responses.survey_id', '=', survey.id)
          .where('survey_responses.organization_id', 'in', shownIds)
          .where('survey_answers.text', 'is not', null)
          .groupBy(['survey_answers.question_id', 'survey_answers.text'])
          .orderBy('survey_answers.question_id')
          .orderBy('survey_answers.text')
          .execute();
  const results: QuestionResult[] = questions.map((q, index) => {
    const distribution = Array.from({ length: 10 }, () => 0);
    for (const s of scores) if (s.question_id === q.id && s.score !== null) distribution[s.score - 1] = s.n;
    const own = texts.filter((t) => t.question_id === q.id);
    const answered = q.kind === 'scale' ? distribution.reduce((a, b) => a + b, 0) : own.reduce((n, t) => n + t.count, 0);
    const sum = distribution.reduce((acc, n, i) => acc + n * (i + 1), 0);
    return {
      id: q.id,
      number: index + 1,
      text: q.text,
      kind: q.kind,
      counts_for_satisfaction: q.counts_for_satisfaction,
      answers: answered,
      mean: q.kind === 'scale' && answered > 0 ? round(sum / answered, 1) : null,
      distribution,
      texts: withTexts ? own.map((t) => ({ text: t.text, count: t.count })) : [],
    };
  });
  return {
    schools: rows,
    total,
    shownAnswers,
    hiddenSchools: rows.filter((r) => r.small && r.answers > 0).length,
    questions: results,
  };
}
