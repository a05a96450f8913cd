import { z } from 'zod';
import { PRACTICE_STATUSES } from '../../db/types.js';
import { optionalText, pageQuery, requiredText } from '../../http/forms.js';
import { MENTORING_FORMS } from '../people/labels.js';

const optionalUrl = (label: string) =>
  optionalText(1000, label).refine(
    (v) => v === null || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(v),
    `${label}: укажите адрес вида https://example.ru/…`,
  );

/** Free tags, comma-separated: trimmed, lower-cased, without repeats; at most ten of 50 characters. */
const tags = z
  .string()
  .optional()
  .transform((v) => [
    ...new Set(
      (v ?? '')
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ''),
    ),
  ])
  .refine((list) => list.length <= 10, 'Теги: не более десяти')
  .refine((list) => list.every((t) => t.length <= 50), 'Теги: каждый тег не длиннее 50 символов');

/** The checked boxes of a list (mentors, events): none, one or several ids. */
const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number))])
  .refine((list) => list.every((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647), 'Выберите из списка');

/** A practice as the curator describes it. */
export const practiceForm = z.object({
  title: requiredText(300, 'Название: укажите название практики', 'Название'),
  form: z.enum(MENTORING_FORMS, { error: 'Форма наставничества: выберите форму из списка' }),
  role_model: optionalText(300, 'Ролевая модель'),
  year: z.coerce
    .number({ error: 'Год: укажите год числом, например 2026' })
    .int('Год: укажите год числом, например 2026')
    .min(2000, 'Год: укажите год от 2000 до 2100')
    .max(2100, 'Год: укажите год от 2000 до 2100'),
  authors: requiredText(1000, 'Авторы: укажите авторов практики', 'Авторы'),
  problem: requiredText(5000, 'Проблема: опишите, какую задачу решала практика', 'Проблема'),
  actions: requiredText(10000, 'Что сделано: опишите, что было сделано', 'Что сделано'),
  results: requiredText(5000, 'Результаты: опишите результаты с цифрами', 'Результаты'),
  evidence: optionalText(2000, 'Подтверждение результатов'),
  evidence_url: optionalUrl('Ссылка на подтверждение'),
  video_url: optionalUrl('Ссылка на видео'),
  presented_at: optionalText(2000, 'Где представлена'),
  tags,
  mentor_ids: ids,
  mentee_ids: ids,
  event_ids: ids,
});

export type PracticeInput = z.output<typeof practiceForm>;

/** Returning a practice: the school reads why. */
export const returnForm = z.object({
  comment: requiredText(2000, 'Комментарий: напишите, что нужно исправить', 'Комментарий'),
});

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** The register's filters and search, from the query string; anything odd is ignored. */
export const practiceListQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  form: z.preprocess(emptyToUndefined, z.enum(MENTORING_FORMS).optional()).catch(undefined),
  school: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().max(2_147_483_647).optional()).catch(undefined),
  year: z.preprocess(emptyToUndefined, z.coerce.number().int().min(2000).max(2100).optional()).catch(undefined),
  tag: z.string().trim().toLowerCase().max(50).optional().catch(undefined),
  status: z.preprocess(emptyToUndefined, z.enum(PRACTICE_STATUSES).optional()).catch(undefined),
  page: pageQuery,
});

export type PracticeListQuery = z.output<typeof practiceListQuery>;
