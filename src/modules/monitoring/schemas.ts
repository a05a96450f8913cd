import { z } from 'zod';
import { type FieldErrors, requiredText } from '../../http/forms.js';
import { requiredDate } from '../pairs/meetings.js';
import { HAND_FIELD_KINDS, MONITORING_LEVELS, PERIOD_KINDS } from './labels.js';
import { campaignPeriod, type Period } from './period.js';

/** How many hand fields and documents the campaign form offers rows for (an empty row is skipped). */
export const HAND_FIELD_ROWS = 8;
export const DOCUMENT_ROWS = 4;

const MAX_INT = 2_147_483_647;

export interface HandFieldInput {
  kind: (typeof HAND_FIELD_KINDS)[number];
  label: string;
  hint: string | null;
  required: boolean;
  options: string[];
}

export interface DocumentInput {
  title: string;
  required: boolean;
}

export interface CampaignInput {
  title: string;
  level: (typeof MONITORING_LEVELS)[number];
  period: Period;
  as_of: string;
  opens_on: string;
  deadline: string;
  all_schools: boolean;
  schools: number[];
  indicators: string[];
  fields: HandFieldInput[];
  documents: DocumentInput[];
  /** The surveys of the questionnaire block (questionnaire.ts); none when left out. */
  surveys?: number[];
}

const base = z.object({
  title: requiredText(300, 'Укажите название мониторинга', 'Название'),
  level: z.enum(MONITORING_LEVELS, { error: 'Выберите уровень мониторинга из списка' }),
  period_kind: z.enum(PERIOD_KINDS, { error: 'Выберите вид периода: календарный год, учебный год или полугодие' }),
  period_year: z.coerce
    .number({ error: 'Год: укажите год числом, например 2026' })
    .int('Год: укажите год числом, например 2026')
    .min(2015, 'Год: не раньше 2015')
    .max(2100, 'Год: не позже 2100'),
  period_half: z.enum(['1', '2']).optional(),
  as_of: requiredDate('Укажите дату, по состоянию на которую собираются данные', 'По состоянию на'),
  opens_on: requiredDate('Укажите дату открытия мониторинга', 'Дата открытия'),
  deadline: requiredDate('Укажите срок сдачи', 'Срок сдачи'),
  all_schools: z.enum(['all', 'chosen'], { error: 'Выберите, каким школам адресован мониторинг' }),
  schools: z.array(z.coerce.number().int().positive().max(MAX_INT)),
  indicators: z.array(z.string().max(20)),
});

const surveyIds = z.array(z.coerce.number().int().positive().max(MAX_INT));

/** The options of a choice (or the columns of a table), one per line or separated by «;». */
export function splitOptions(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The campaign form: its own fields, the indicators ticked, and the rows of hand fields and
 * documents (`field_N_*`, `doc_N_*`; a row without a label or title is not used). Every problem is
 * returned at once, keyed by the form's field names.
 */
export function parseCampaignForm(
  values: Record<string, string>,
  lists: { schools: string[]; indicators: string[]; surveys?: string[] },
): { ok: true; input: CampaignInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const surveys = surveyIds.safeParse(lists.surveys ?? []);
  if (!surveys.success) errors.surveys = 'Отметьте анкетирование из списка';
  const parsed = base.safeParse({ ...values, ...lists, period_half: values.period_half || undefined });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '_form');
      errors[key] ??= key === 'schools' ? 'Отметьте школы из списка' : issue.message;
    }
  }
  const fields: HandFieldInput[] = [];
  for (let i = 1; i <= HAND_FIELD_ROWS; i++) {
    const label = (values[`field_${i}_label`] ?? '').trim();
    const kind = values[`field_${i}_kind`] ?? '';
    const hint = (values[`field_${i}_hint`] ?? '').trim();
    const options = splitOptions(values[`field_${i}_options`] ?? '');
    if (label === '' && kind === '') continue;
    if (label === '') {
      errors[`field_${i}_label`] = `Поле ${i}: укажите его название или очистите вид поля`;
      continue;
    }
    if (label.length > 500) errors[`field_${i}_label`] = `Поле ${i}: название не длиннее 500 символов`;
    if (!(HAND_FIELD_KINDS as readonly string[]).includes(kind)) {
      errors[`field_${i}_kind`] = `Поле ${i} «${label}»: выберите вид поля`;
      continue;
    }
    if (kind === 'choice' && options.length < 2)
      errors[`field_${i}_options`] = `Поле ${i} «${label}»: перечислите не меньше двух вариантов через точку с запятой`;
    if (kind === 'table' && options.length < 1)
      errors[`field_${i}_options`] = `Поле ${i} «${label}»: перечислите столбцы таблицы через точку с запятой`;
    fields.push({
      kind: kind as HandFieldInput['kind'],
      label,
      hint: hint === '' ? null : hint.slice(0, 1000),
      required: values[`field_${i}_required`] === 'on',
      options: kind === 'choice' || kind === 'table' ? options : [],
    });
  }
  const documents: DocumentInput[] = [];
  for (let i = 1; i <= DOCUMENT_ROWS; i++) {
    const title = (values[`doc_${i}_title`] ?? '').trim();
    if (title === '') continue;
    if (title.length > 300) errors[`doc_${i}_title`] = `Документ ${i}: название не длиннее 300 символов`;
    documents.push({ title, required: values[`doc_${i}_required`] === 'on' });
  }
  if (!parsed.success) return { ok: false, errors };
  const v = parsed.data;
  if (v.period_kind === 'half_year' && !v.period_half) errors.period_half = 'Выберите полугодие: первое или второе';
  if (v.deadline < v.opens_on) errors.deadline = 'Срок сдачи не может быть раньше даты открытия';
  if (v.all_schools === 'chosen' && v.schools.length === 0) errors.schools = 'Отметьте хотя бы одну школу';
  if (v.indicators.length === 0 && fields.length === 0)
    errors._form = 'В форме мониторинга нет ни одного поля: отметьте показатели или добавьте поля для заполнения';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      title: v.title,
      level: v.level,
      period: campaignPeriod(v.period_kind, v.period_year, v.period_half === '2' ? 2 : 1),
      as_of: v.as_of,
      opens_on: v.opens_on,
      deadline: v.deadline,
      all_schools: v.all_schools === 'all',
      schools: v.schools,
      indicators: v.indicators,
      fields,
      documents,
      surveys: surveys.success ? surveys.data : [],
    },
  };
}

/** The campaign page's filter of the matrix by state. */
export const campaignQuery = z.object({
  status: z.enum(['not_started', 'filling', 'sent', 'approved', 'returned', 'accepted', 'overdue']).optional().catch(undefined),
});

/** The coordinator's return: a comment the school reads (required), and comments on fields (`comment_<fieldId>`). */
export const returnForm = z.object({
  comment: requiredText(2000, 'Напишите, что нужно доработать: комментарий увидит школа', 'Комментарий'),
});

/** Re-opening an accepted submission: the reason (required). */
export const reopenForm = z.object({
  reason: requiredText(2000, 'Укажите причину: её увидит школа, она останется в истории отчёта', 'Причина'),
});

/** The deadline extended for one school. */
export const extendForm = z.object({
  deadline: requiredDate('Укажите новый срок сдачи', 'Новый срок'),
});

/** The comments on fields sent with a return, by field id; empty ones left out. */
export function fieldCommentsOf(values: Record<string, string>): Record<string, string> {
  const comments: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const id = /^comment_(\d+)$/.exec(key)?.[1];
    const text = value.trim().slice(0, 2000);
    if (id && text !== '') comments[id] = text;
  }
  return comments;
}

/** The new-campaign page's `from`: the campaign whose form is copied; a malformed one is ignored (the empty form). */
export const newCampaignQuery = z.object({
  from: z.coerce.number().int().positive().max(MAX_INT).optional().catch(undefined),
});
