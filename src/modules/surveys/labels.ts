import type { SurveyAudience } from '../../db/types.js';

/** Russian names of the surveys module: audiences, question kinds, survey states, form fields. */

export const SURVEY_AUDIENCES = ['mentor', 'mentee'] as const satisfies readonly SurveyAudience[];

/** Whom a questionnaire asks, as the forms and lists name them. */
export const AUDIENCE_LABELS: Record<SurveyAudience, string> = {
  mentor: 'наставники',
  mentee: 'наставляемые',
};

/** «Анкета для наставников»: the audience after «для». */
export const AUDIENCE_FOR_LABELS: Record<SurveyAudience, string> = {
  mentor: 'для наставников',
  mentee: 'для наставляемых',
};

export const QUESTION_KINDS = ['scale', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  scale: 'оценка по шкале от 1 до 10',
  text: 'свободный ответ',
};

/** A survey by its dates against today. */
export type SurveyState = 'planned' | 'running' | 'finished';

export const SURVEY_STATE_LABELS: Record<SurveyState, string> = {
  planned: 'запланирован',
  running: 'идёт',
  finished: 'завершён',
};

export function surveyState(survey: { opens_on: string; closes_on: string }, today: string): SurveyState {
  if (today < survey.opens_on) return 'planned';
  if (today > survey.closes_on) return 'finished';
  return 'running';
}

/** Fewer answers than this in a school: its results show the count only (a child's answer stays unrecognisable). */
export const MIN_GROUP = 3;

/** The labels every surveys page gets as `it.labels`. */
export const SURVEY_VIEW_LABELS = {
  audience: AUDIENCE_LABELS,
  audienceFor: AUDIENCE_FOR_LABELS,
  kind: QUESTION_KIND_LABELS,
  state: SURVEY_STATE_LABELS,
};

/** The first breadcrumb of the surveys' pages. */
export const SURVEYS_CRUMB = { label: 'Анкетирование', href: '/surveys' };
