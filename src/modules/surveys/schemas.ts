import { z } from 'zod';
import type { SurveyAudience } from '../../db/types.js';
import { type FieldErrors, fieldErrors, idField, optionalText, pageQuery, requiredText } from '../../http/forms.js';
import { requiredDate } from '../pairs/meetings.js';
import { type QuestionKind, SURVEY_AUDIENCES } from './labels.js';

/** `?from=`: the questionnaire a new one is copied from. */
export const fromQuery = z.object({ from: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined) });
/** `?template=`: the questionnaire a new survey is opened with. */
export const templateQuery = z.object({
  template: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

// ---------------------------------------------------------------------------------------------
// The questionnaire (template) form

/** How many question rows a questionnaire may have. */
export const MAX_QUESTIONS = 30;
const QUESTION_MAX = 500;

export interface QuestionInput {
  text: string;
  kind: QuestionKind;
  required: boolean;
  counts_for_satisfaction: boolean;
}

export interface TemplateInput {
  title: string;
  audience: SurveyAudience;
  description: string | null;
  questions: QuestionInput[];
}

const templateHead = z.object({
  title: requiredText(300, 'Укажите название анкеты', 'Название анкеты'),
  audience: z.enum(SURVEY_AUDIENCES, { error: 'Выберите, кого опрашивает анкета: наставников или наставляемых' }),
  description: optionalText(2000, 'Пояснение для участников'),
});

/** How many question rows the form shows: what it was sent with (hidden `rows`), within 1..MAX_QUESTIONS. */
export function rowCount(values: Record<string, string>, fallback: number): number {
  const n = Number(values.rows);
  if (!Number.isInteger(n) || n < 1) return Math.min(Math.max(fallback, 1), MAX_QUESTIONS);
  return Math.min(n, MAX_QUESTIONS);
}

const on = (v: string | undefined) => v !== undefined && v !== '' && v !== 'false' && v !== '0';

/**
 * The questionnaire form: a title, the audience, a description and rows of questions
 * (`q{i}_text`, `q{i}_kind`, `q{i}_required`, `q{i}_satisfaction`). A row whose text is empty is
 * dropped, so that a question is removed by clearing its text. With `withQuestions` false (a
 * questionnaire already used by a survey) only the title and the description are read.
 */
export function parseTemplateForm(
  values: Record<string, string>,
  withQuestions = true,
): { ok: true; input: TemplateInput } | { ok: false; errors: FieldErrors } {
  const head = templateHead.safeParse(values);
  const errors: FieldErrors = head.success ? {} : fieldErrors(head.error);
  const questions: QuestionInput[] = [];
  if (withQuestions) {
    const rows = rowCount(values, 0);
    for (let i = 0; i < rows; i++) {
      const text = (values[`q${i}_text`] ?? '').trim();
      if (text === '') continue;
      const n = i + 1;
      if (text.length > QUESTION_MAX) errors[`q${i}_text`] = `Вопрос ${n}: не более ${QUESTION_MAX} символов`;
      const kind = values[`q${i}_kind`];
      if (kind !== 'scale' && kind !== 'text') {
        errors[`q${i}_kind`] = `Вопрос ${n}: выберите вид ответа — оценка от 1 до 10 или свободный ответ`;
        continue;
      }
      const satisfaction = on(values[`q${i}_satisfaction`]);
      if (satisfaction && kind !== 'scale') {
        errors[`q${i}_satisfaction`] =
          `Вопрос ${n}: в удовлетворённости учитываются только оценки от 1 до 10, а не свободный ответ`;
      }
      questions.push({
        text,
        kind,
        required: on(values[`q${i}_required`]),
        counts_for_satisfaction: satisfaction && kind === 'scale',
      });
    }
    if (questions.length === 0 && Object.keys(errors).every((k) => !k.startsWith('q'))) {
      errors.q0_text = 'Добавьте хотя бы один вопрос: напишите его текст';
    }
  }
  if (!head.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { ...head.data, questions } };
}

// ---------------------------------------------------------------------------------------------
// Opening a survey

export const surveyForm = z
  .object({
    template_id: idField('Выберите анкету'),
    title: requiredText(300, 'Укажите название опроса', 'Название опроса'),
    opens_on: requiredDate('Укажите дату начала опроса', 'Дата начала'),
    closes_on: requiredDate('Укажите дату окончания опроса', 'Дата окончания'),
    schools: z
      .array(z.coerce.number().int().positive().max(2_147_483_647), { error: 'Отметьте хотя бы одну школу' })
      .min(1, 'Отметьте хотя бы одну школу'),
  })
  .refine((v) => v.closes_on >= v.opens_on, { path: ['closes_on'], message: 'Дата окончания не может быть раньше даты начала' });

export type SurveyInput = z.output<typeof surveyForm>;

/** A repeated form field (checkboxes) as a list of strings. */
export function listField(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

export const SURVEY_LIST_STATES = ['planned', 'running', 'finished'] as const;

export const surveyListQuery = z.object({
  state: z.enum(SURVEY_LIST_STATES).optional().catch(undefined),
  page: pageQuery,
});

export type SurveyListQuery = z.output<typeof surveyListQuery>;

// ---------------------------------------------------------------------------------------------
// Answering

const TEXT_MAX = 2000;

export interface AnswerQuestion {
  id: number;
  kind: QuestionKind;
  required: boolean;
  counts_for_satisfaction: boolean;
}

export interface AnswerInput {
  answers: Array<{ question_id: number; score: number | null; text: string | null }>;
  /** Mean of the satisfaction questions answered (2 decimals), null when none. */
  satisfaction: number | null;
}

/** The field of a question in the answer form. */
export function answerField(questionId: number): string {
  return `q${questionId}`;
}

/**
 * The answers to a questionnaire: a scale question takes a whole number 1-10, a text question
 * up to 2000 characters; a required question must be answered. Skipped optional questions are
 * not stored.
 */
export function parseAnswers(
  questions: AnswerQuestion[],
  values: Record<string, string>,
): { ok: true; input: AnswerInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const answers: AnswerInput['answers'] = [];
  const scores: number[] = [];
  for (const [index, q] of questions.entries()) {
    const field = answerField(q.id);
    const n = `Вопрос ${index + 1}`;
    const raw = (values[field] ?? '').trim();
    if (raw === '') {
      if (q.required) errors[field] = q.kind === 'scale' ? `${n}: выберите оценку от 1 до 10` : `${n}: напишите ответ`;
      continue;
    }
    if (q.kind === 'scale') {
      const score = Number(raw);
      if (!/^\d{1,2}$/.test(raw) || score < 1 || score > 10) {
        errors[field] = `${n}: оценка — целое число от 1 до 10`;
        continue;
      }
      answers.push({ question_id: q.id, score, text: null });
      if (q.counts_for_satisfaction) scores.push(score);
    } else {
      if (raw.length > TEXT_MAX) {
        errors[field] = `${n}: не более ${TEXT_MAX} символов`;
        continue;
      }
      answers.push({ question_id: q.id, score: null, text: raw });
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const satisfaction = scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null;
  return { ok: true, input: { answers, satisfaction } };
}
