/**
 * The questionnaire block of a campaign's form (issue 15: «a questionnaire from the surveys module
 * whose results for that school are attached»). The coordinator attaches surveys of its
 * municipality that include at least one of the campaign's schools; each submission shows that
 * school's results of them, live until the submission is accepted, frozen in its snapshot after.
 *
 * Decisions:
 * - A campaign may carry several surveys (the methodology asks mentors and mentees separately), or
 *   none.
 * - The results are the surveys module's own (results.ts `resultsOf`, the school's view): invited,
 *   answered, per scale question the mean and the distribution of scores, per free-text question
 *   the number of answers only — never the texts (they can identify a child or a teacher), never a
 *   single response. Below the module's threshold (MIN_GROUP answers in the school) only the counts
 *   are shown, with «недостаточно ответов для показа»; so is a scale question (an optional one)
 *   that fewer than MIN_GROUP people answered.
 * - Copying a form (`/monitoring/new?from=`) ticks, for each survey of the old campaign, the most
 *   recent survey of the same questionnaire that ends after it (last year's survey is not this
 *   year's); when there is none, nothing is ticked and the form names the questionnaire in a note.
 */

import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, SurveyAudience } from '../../db/types.js';
import type { FieldErrors } from '../../http/forms.js';
import { MIN_GROUP } from '../surveys/labels.js';
import { resultsOf } from '../surveys/results.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SurveyOption {
  id: number;
  title: string;
  template_id: number;
  template_title: string;
  audience: SurveyAudience;
  opens_on: string;
  closes_on: string;
  school_ids: number[];
}

const surveySchools = sql<
  number[]
>`array(select ss.organization_id from survey_schools ss where ss.survey_id = surveys.id order by ss.organization_id)`;

/** What a campaign's form shows of a survey (with its schools, surveySchools). */
const SURVEY_COLUMNS = [
  'surveys.id',
  'surveys.title',
  'surveys.template_id',
  'survey_templates.title as template_title',
  'survey_templates.audience',
  'surveys.opens_on',
  'surveys.closes_on',
] as const;

/** The municipality's surveys a campaign may attach, newest period first. */
export function municipalSurveys(db: Db, municipalityId: number): Promise<SurveyOption[]> {
  return db
    .selectFrom('surveys')
    .innerJoin('survey_templates', 'survey_templates.id', 'surveys.template_id')
    .select([...SURVEY_COLUMNS, surveySchools.as('school_ids')])
    .where('surveys.municipality_id', '=', municipalityId)
    .orderBy('surveys.closes_on', 'desc')
    .orderBy('surveys.id', 'desc')
    .execute();
}

/** The surveys attached to a campaign, in the form's order. */
export function campaignSurveys(db: Db, campaignId: number): Promise<SurveyOption[]> {
  return db
    .selectFrom('monitoring_campaign_surveys as mcs')
    .innerJoin('surveys', 'surveys.id', 'mcs.survey_id')
    .innerJoin('survey_templates', 'survey_templates.id', 'surveys.template_id')
    .select([...SURVEY_COLUMNS, surveySchools.as('school_ids')])
    .where('mcs.campaign_id', '=', campaignId)
    .orderBy('mcs.position')
    .execute();
}

/**
 * The surveys ticked, checked against the municipality and the campaign's schools: a survey of
 * another municipality (or none at all) is refused without naming it; one that includes none of the
 * campaign's schools is refused by its title.
 */
export async function checkSurveys(
  db: Db,
  municipalityId: number,
  surveyIds: readonly number[],
  schools: readonly number[],
): Promise<FieldErrors> {
  if (surveyIds.length === 0) return {};
  const own = new Map((await municipalSurveys(db, municipalityId)).map((s) => [s.id, s]));
  if (surveyIds.some((id) => !own.has(id)))
    return { surveys: 'Отметьте анкетирование из списка: приложить можно только анкетирование своего округа' };
  const addressed = new Set(schools);
  const apart = surveyIds.map((id) => own.get(id)).find((s) => s !== undefined && !s.school_ids.some((x) => addressed.has(x)));
  if (apart) return { surveys: `Анкетирование «${apart.title}» не проводилось ни в одной из школ этого мониторинга` };
  return {};
}

/** The campaign's surveys rewritten (the form's order, duplicates dropped). */
export async function writeSurveys(trx: Transaction<Database>, campaignId: number, surveyIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('monitoring_campaign_surveys').where('campaign_id', '=', campaignId).execute();
  const ids = [...new Set(surveyIds)];
  if (ids.length > 0)
    await trx
      .insertInto('monitoring_campaign_surveys')
      .values(ids.map((survey_id, i) => ({ campaign_id: campaignId, survey_id, position: i + 1 })))
      .execute();
}

/**
 * What a copy of the campaign's form ticks (see the header): for each of its surveys the newest
 * later survey of the same questionnaire; the questionnaires without one, for the note.
 */
export async function copiedSurveys(
  db: Db,
  municipalityId: number,
  campaignId: number,
): Promise<{ ids: number[]; missing: string[] }> {
  const [attached, all] = await Promise.all([campaignSurveys(db, campaignId), municipalSurveys(db, municipalityId)]);
  const ids: number[] = [];
  const missing: string[] = [];
  for (const old of attached) {
    // `all` is newest first: the first later survey of the same questionnaire is the most recent.
    const next = all.find((s) => s.template_id === old.template_id && s.id !== old.id && s.closes_on > old.closes_on);
    if (next && !ids.includes(next.id)) ids.push(next.id);
    else if (!next) missing.push(old.template_title);
  }
  return { ids, missing };
}

export interface QuestionnaireQuestion {
  number: number;
  text: string;
  kind: 'scale' | 'text';
  answers: number;
  /** A scale question answered by fewer than min_group people: its mean and distribution are left out. */
  hidden: boolean;
  /** Scale: the mean score (1-10) of those who answered it; null for text, without answers or hidden. */
  mean: number | null;
  /** Scale: how many gave 1, 2, … 10; empty for text. */
  distribution: number[];
}

/** One survey's results for one school, as the block shows them and the snapshot keeps them. */
export interface QuestionnaireResult {
  survey_id: number;
  title: string;
  template_title: string;
  audience: SurveyAudience;
  opens_on: string;
  closes_on: string;
  /** The school is among the survey's schools. */
  included: boolean;
  invited: number;
  answered: number;
  /** Fewer answers than the surveys module shows (min_group): the questions are left out. */
  hidden: boolean;
  min_group: number;
  questions: QuestionnaireQuestion[];
}

/** The school's results of the campaign's surveys as they are now (no texts, see the header). */
export async function liveQuestionnaires(db: Db, campaignId: number, organizationId: number): Promise<QuestionnaireResult[]> {
  const surveys = await campaignSurveys(db, campaignId);
  const results: QuestionnaireResult[] = [];
  for (const survey of surveys) {
    const r = await resultsOf(db, survey, organizationId, false);
    const school = r.schools.find((s) => s.organization_id === organizationId);
    const hidden = school === undefined || school.small;
    results.push({
      survey_id: survey.id,
      title: survey.title,
      template_title: survey.template_title,
      audience: survey.audience,
      opens_on: survey.opens_on,
      closes_on: survey.closes_on,
      included: school !== undefined,
      invited: school?.invited ?? 0,
      answered: school?.answers ?? 0,
      hidden,
      min_group: MIN_GROUP,
      questions: hidden
        ? []
        : r.questions.map((q) => {
            // An optional question a single respondent answered would show that person's score.
            const shown = q.kind === 'scale' && q.answers >= MIN_GROUP;
            return {
              number: q.number,
              text: q.text,
              kind: q.kind,
              answers: q.answers,
              hidden: q.kind === 'scale' && !shown,
              mean: shown ? q.mean : null,
              distribution: shown ? q.distribution : [],
            };
          }),
    });
  }
  return results;
}

/** The share answered, 0-100 with one decimal; null when nobody was invited. */
export function responseRate(r: Pick<QuestionnaireResult, 'invited' | 'answered'>): number | null {
  return r.invited > 0 ? Math.round((r.answered / r.invited) * 1000) / 10 : null;
}

const decimal = (n: number) => String(n).replace('.', ',');

/** The brief lines the справка prints for one survey: the response rate, then one line per question. */
export function questionnaireLines(r: QuestionnaireResult): string[] {
  if (!r.included) return ['Школа не участвовала в этом анкетировании.'];
  const rate = responseRate(r);
  const lines = [`Приглашено: ${r.invited}, ответили: ${r.answered}${rate === null ? '' : ` (${decimal(rate)} %)`}.`];
  if (r.hidden) {
    lines.push(`Результаты не показываются: недостаточно ответов для показа (нужно не меньше ${r.min_group}).`);
    return lines;
  }
  for (const q of r.questions) {
    if (q.hidden) lines.push(`${q.number}. ${q.text} — недостаточно ответов для показа (ответов: ${q.answers}).`);
    else if (q.kind === 'scale')
      lines.push(
        `${q.number}. ${q.text} — ${q.mean === null ? 'нет оценок' : `средняя оценка ${decimal(q.mean)} из 10`} (ответов: ${q.answers}).`,
      );
    else lines.push(`${q.number}. ${q.text} — свободных ответов: ${q.answers} (тексты в справку не включаются).`);
  }
  return lines;
}
