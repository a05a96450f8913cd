import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, SurveyAudience } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import { SATISFIED_FROM } from '../indicators/catalogue.js';
import { MIN_GROUP, type QuestionKind } from './labels.js';
import type { SurveyListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------
// Scope (as in src/access/scope.ts, kept with the module that alone reads these tables)

/**
 * Surveys the user reads: the municipality roles every survey of their municipality, the school
 * roles the surveys that include their school. Nobody else reads results.
 */
export function surveysInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'surveys'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('surveys.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return eb.exists(
          eb
            .selectFrom('survey_schools')
            .select('survey_schools.survey_id')
            .whereRef('survey_schools.survey_id', '=', 'surveys.id')
            .where('survey_schools.organization_id', '=', user.organizationId),
        );
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/** Questionnaires (templates) the user keeps: the coordinator's of its municipality. */
export function templatesInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'survey_templates'>): Expression<SqlBool> =>
    user.role === 'coordinator' && user.municipalityId !== null ? eb('survey_templates.municipality_id', '=', user.municipalityId) : sql<SqlBool>`false`;
}

/** The school the user's figures are limited to (curator, head), or null for the whole survey. */
export function ownSchoolOf(user: CurrentUser): number | null {
  return user.role === 'curator' || user.role === 'school_head' ? user.organizationId : null;
}

// ---------------------------------------------------------------------------------------------
// Questionnaires

export interface TemplateRow {
  id: number;
  municipality_id: number;
  title: string;
  audience: SurveyAudience;
  description: string | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** How many surveys were opened with it: a used questionnaire keeps its questions. */
  survey_count: number;
}

export interface QuestionRow {
  id: number;
  position: number;
  text: string;
  kind: QuestionKind;
  required: boolean;
  counts_for_satisfaction: boolean;
}

const surveyCount = sql<number>`(select count(*)::int from surveys where surveys.template_id = survey_templates.id)`;

export function findTemplate(db: Db, user: CurrentUser, id: number): Promise<TemplateRow | undefined> {
  return db
    .selectFrom('survey_templates')
    .selectAll('survey_templates')
    .select(surveyCount.as('survey_count'))
    .where('survey_templates.id', '=', id)
    .where(templatesInScope(user))
    .executeTakeFirst();
}

export function templateQuestions(db: Db, templateId: number): Promise<QuestionRow[]> {
  return db
    .selectFrom('survey_questions')
    .select(['id', 'position', 'text', 'kind', 'required', 'counts_for_satisfaction'])
    .where('template_id', '=', templateId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export interface TemplateListRow extends TemplateRow {
  question_count: number;
}

/** The coordinator's questionnaires: current ones first, then the archive; by title. */
export function listTemplates(db: Db, user: CurrentUser): Promise<TemplateListRow[]> {
  return db
    .selectFrom('survey_templates')
    .selectAll('survey_templates')
    .select([
      surveyCount.as('survey_count'),
      sql<number>`(select count(*)::int from survey_questions q where q.template_id = survey_templates.id)`.as('question_count'),
    ])
    .where(templatesInScope(user))
    .orderBy(sql`survey_templates.archived_at is not null`)
    .orderBy('survey_templates.title')
    .orderBy('survey_templates.id')
    .execute();
}

/** Questionnaires a new survey may use: the coordinator's, not archived, with at least one question. */
export function templateOptions(db: Db, user: CurrentUser) {
  return db
    .selectFrom('survey_templates')
    .select(['survey_templates.id', 'survey_templates.title', 'survey_templates.audience'])
    .where(templatesInScope(user))
    .where('survey_templates.archived_at', 'is', null)
    .where(({ exists, selectFrom }) => exists(selectFrom('survey_questions').select('id').whereRef('survey_questions.template_id', '=', 'survey_templates.id')))
    .orderBy('survey_templates.title')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Surveys

export interface SurveyRow {
  id: number;
  template_id: number;
  municipality_id: number;
  title: string;
  opens_on: string;
  closes_on: string;
  created_at: Date;
  template_title: string;
  audience: SurveyAudience;
  description: string | null;
}

function withTemplate(db: Db) {
  return db.selectFrom('surveys').innerJoin('survey_templates', 'survey_templates.id', 'surveys.template_id');
}

const SURVEY_COLUMNS = [
  'surveys.id',
  'surveys.template_id',
  'surveys.municipality_id',
  'surveys.title',
  'surveys.opens_on',
  'surveys.closes_on',
  'surveys.created_at',
  'survey_templates.title as template_title',
  'survey_templates.audience',
  'survey_templates.description',
] as const;

/** One survey the user reads (its municipality's, or one that includes its school), or undefined. */
export function findSurvey(db: Db, user: CurrentUser, id: number): Promise<SurveyRow | undefined> {
  return withTemplate(db).select(SURVEY_COLUMNS).where('surveys.id', '=', id).where(surveysInScope(user)).executeTakeFirst();
}

export interface SurveyListRow extends SurveyRow {
  school_count: number;
  invited: number;
  answered: number;
}

/**
 * The surveys the user reads, newest period first, with the number invited and answered: the
 * whole survey's for the municipality roles, the school's own for the school roles.
 */
export async function listSurveys(db: Kysely<Database>, user: CurrentUser, query: SurveyListQuery, today: string, perPage = DEFAULT_PER_PAGE): Promise<Page<SurveyListRow>> {
  let base = withTemplate(db).where(surveysInScope(user));
  if (query.state === 'planned') base = base.where('surveys.opens_on', '>', today);
  if (query.state === 'running') base = base.where('surveys.opens_on', '<=', today).where('surveys.closes_on', '>=', today);
  if (query.state === 'finished') base = base.where('surveys.closes_on', '<', today);
  const school = ownSchoolOf(user);
  const own = school === null ? sql`true` : sql`i.organization_id = ${school}`;
  const ownResponse = school === null ? sql`true` : sql`r.organization_id = ${school}`;
  const paging = { page: query.page, perPage };
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select(SURVEY_COLUMNS)
    .select([
      sql<number>`(select count(*)::int from survey_schools ss where ss.survey_id = surveys.id)`.as('school_count'),
      sql<number>`(select count(*)::int from survey_invitations i where i.survey_id = surveys.id and ${own})`.as('invited'),
      sql<number>`(select count(*)::int from survey_responses r where r.survey_id = surveys.id and ${ownResponse})`.as('answered'),
    ])
    .orderBy('surveys.closes_on', 'desc')
    .orderBy('surveys.id', 'desc')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, total, paging);
}

/** Schools of the municipality a survey may include (active ones). */
export function municipalSchools(db: Db, municipalityId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .where('is_active', '=', true)
    .orderBy('short_name')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Results

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
  const school = ownSchoolOf(user);
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
  const texts = shownIds.length
    ? await db
        .selectFrom('survey_answers')
        .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
        .select(['survey_answers.question_id', sql<string>`survey_answers.text`.as('text'), sql<number>`count(*)::int`.as('count')])
        .where('survey_responses.survey_id', '=', survey.id)
        .where('survey_responses.organization_id', 'in', shownIds)
        .where('survey_answers.text', 'is not', null)
        .groupBy(['survey_answers.question_id', 'survey_answers.text'])
        .orderBy('survey_answers.question_id')
        .orderBy('survey_answers.text')
        .execute()
    : [];
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
      texts: own.map((t) => ({ text: t.text, count: t.count })),
    };
  });
  return { schools: rows, total, shownAnswers, hiddenSchools: rows.filter((r) => r.small && r.answers > 0).length, questions: results };
}

// ---------------------------------------------------------------------------------------------
// Participants

export interface PendingSurvey {
  id: number;
  title: string;
  closes_on: string;
}

/** Open surveys a mentor or mentee account is invited to and has not answered: its home page's «Анкеты». */
export function pendingSurveys(db: Db, user: CurrentUser, today: string): Promise<PendingSurvey[]> {
  if (user.role !== 'mentor' && user.role !== 'mentee') return Promise.resolve([]);
  const mentor = user.role === 'mentor';
  return db
    .selectFrom('survey_invitations')
    .innerJoin('surveys', 'surveys.id', 'survey_invitations.survey_id')
    .leftJoin('mentors', 'mentors.id', 'survey_invitations.mentor_id')
    .leftJoin('mentees', 'mentees.id', 'survey_invitations.mentee_id')
    .select(['surveys.id', 'surveys.title', 'surveys.closes_on'])
    .where(mentor ? 'mentors.user_id' : 'mentees.user_id', '=', user.id)
    .where(mentor ? 'mentors.erased_at' : 'mentees.erased_at', 'is', null)
    .where('survey_invitations.answered_on', 'is', null)
    .where('surveys.opens_on', '<=', today)
    .where('surveys.closes_on', '>=', today)
    .orderBy('surveys.closes_on')
    .orderBy('surveys.id')
    .execute();
}
