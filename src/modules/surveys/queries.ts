import { type Kysely, sql, type Transaction } from 'kysely';
import { surveyAudienceOf, surveySchoolOf } from '../../access/policy.js';
import { surveysInScope, templatesInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { byDataVersion } from '../../db/data-version.js';
import type { Database, SurveyAudience } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import type { QuestionKind } from './labels.js';
import type { SurveyListQuery } from './schemas.js';

/**
 * Reads of the surveys module. Lists and lookups by id are filtered by the user's scope in SQL
 * (surveysInScope, templatesInScope from src/access/scope.ts).
 */

export type Db = Kysely<Database> | Transaction<Database>;

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
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('survey_questions').select('id').whereRef('survey_questions.template_id', '=', 'survey_templates.id')),
    )
    .orderBy('survey_templates.title')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Surveys

/** The surveys opened with a questionnaire, newest period first. */
export function templateSurveys(db: Db, templateId: number) {
  return db
    .selectFrom('surveys')
    .select(['id', 'title', 'opens_on', 'closes_on'])
    .where('template_id', '=', templateId)
    .orderBy('closes_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

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
  /** The schools it includes: what a school's staff reads it by. */
  school_ids: number[];
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
  sql<
    number[]
  >`array(select ss.organization_id from survey_schools ss where ss.survey_id = surveys.id order by ss.organization_id)`.as(
    'school_ids',
  ),
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
export async function listSurveys(
  db: Kysely<Database>,
  user: CurrentUser,
  query: SurveyListQuery,
  today: string,
  perPage = DEFAULT_PER_PAGE,
): Promise<Page<SurveyListRow>> {
  let base = withTemplate(db).where(surveysInScope(user));
  if (query.state === 'planned') base = base.where('surveys.opens_on', '>', today);
  if (query.state === 'running') base = base.where('surveys.opens_on', '<=', today).where('surveys.closes_on', '>=', today);
  if (query.state === 'finished') base = base.where('surveys.closes_on', '<', today);
  const paging = { page: query.page, perPage };
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select(SURVEY_COLUMNS)
    .orderBy('surveys.closes_on', 'desc')
    .orderBy('surveys.id', 'desc')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  const counts = await surveyCounts(
    db,
    user,
    rows.map((r) => r.id),
  );
  return pageOf(
    rows.map((r) => ({ ...r, ...(counts.get(r.id) ?? { school_count: 0, invited: 0, answered: 0 }) })),
    total,
    paging,
  );
}

interface SurveyCounts {
  school_count: number;
  invited: number;
  answered: number;
}

/**
 * How many schools each survey includes, how many people it invited and how many answered: the
 * whole survey's for the municipality roles, the school's own for the school roles. Counting the
 * answers of a municipality's surveys reads thousands of rows, so the figures are kept under the
 * municipality's data version (db/data-version.ts) for this page's surveys. survey_responses moves
 * the version; a survey's schools and invitations are written with the survey (a new survey is a
 * new list of ids, hence a new entry) and change afterwards only when a person is removed from the
 * bases (mentors, mentees: the version moves) or an invitation is answered (its response moves it).
 */
async function surveyCounts(db: Kysely<Database>, user: CurrentUser, ids: number[]): Promise<Map<number, SurveyCounts>> {
  if (ids.length === 0) return new Map();
  const school = surveySchoolOf(user);
  const count = async () => {
    const own = school === null ? sql`true` : sql`i.organization_id = ${school}`;
    const ownResponse = school === null ? sql`true` : sql`r.organization_id = ${school}`;
    const { rows } = await sql<SurveyCounts & { id: number }>`
      select s.id,
        (select count(*)::int from survey_schools ss where ss.survey_id = s.id) as school_count,
        (select count(*)::int from survey_invitations i where i.survey_id = s.id and ${own}) as invited,
        (select count(*)::int from survey_responses r where r.survey_id = s.id and ${ownResponse}) as answered
      from surveys s where s.id = any(${ids}::int[])`.execute(db);
    return new Map(rows.map(({ id, ...figures }) => [id, figures]));
  };
  if (user.municipalityId === null) return count();
  return byDataVersion(db, user.municipalityId, `surveys:${school ?? 'all'}:${ids.join(',')}`, count, 64 * ids.length);
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
// Participants

/**
 * The mentors (or mentees) of the schools' bases who take part in an active or completed pair,
 * with neither an archived nor an erased record: whom a survey invites.
 */
export function participantsOf(db: Db, audience: 'mentor' | 'mentee', schoolIds: number[]) {
  if (audience === 'mentor') {
    return db
      .selectFrom('mentors')
      .select(['mentors.id', 'mentors.organization_id'])
      .where('mentors.organization_id', 'in', schoolIds)
      .where('mentors.archived_at', 'is', null)
      .where('mentors.erased_at', 'is', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('pair_mentors')
            .innerJoin('pairs', 'pairs.id', 'pair_mentors.pair_id')
            .select('pair_mentors.pair_id')
            .whereRef('pair_mentors.mentor_id', '=', 'mentors.id')
            .where('pairs.status', 'in', ['active', 'completed']),
        ),
      )
      .orderBy('mentors.id')
      .execute();
  }
  return db
    .selectFrom('mentees')
    .select(['mentees.id', 'mentees.organization_id'])
    .where('mentees.organization_id', 'in', schoolIds)
    .where('mentees.archived_at', 'is', null)
    .where('mentees.erased_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('pair_mentees')
          .innerJoin('pairs', 'pairs.id', 'pair_mentees.pair_id')
          .select('pair_mentees.pair_id')
          .whereRef('pair_mentees.mentee_id', '=', 'mentees.id')
          .where('pairs.status', 'in', ['active', 'completed']),
      ),
    )
    .orderBy('mentees.id')
    .execute();
}

export interface PendingSurvey {
  id: number;
  title: string;
  closes_on: string;
}

/** Open surveys a mentor or mentee account is invited to and has not answered: its home page's «Анкеты». */
export function pendingSurveys(db: Db, user: CurrentUser, today: string): Promise<PendingSurvey[]> {
  const audience = surveyAudienceOf(user);
  if (audience === null) return Promise.resolve([]);
  const mentor = audience === 'mentor';
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
