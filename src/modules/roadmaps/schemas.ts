import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import { optionalText, requiredText } from '../../http/forms.js';

/** The size of a pasted table the import accepts (both real roadmaps are about 16 KB). */
export const MAX_PASTE_BYTES = 200 * 1024;

export const ITEM_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;

/** «1», «1.1», «3.1.2»: numbers of up to three digits joined by dots, up to five levels. */
export const NUMBER_PATTERN = /^\d{1,3}(\.\d{1,3}){0,4}$/;
export const NUMBER_MESSAGE = 'Номер: цифры через точку, например 1, 1.1 или 3.1.2';

const year = (label: string) =>
  z.coerce
    .number({ error: `${label}: укажите год` })
    .int(`${label}: укажите год`)
    .min(2000, `${label}: год от 2000 до 2100`)
    .max(2100, `${label}: год от 2000 до 2100`);

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), `${label}: укажите дату`);

export const roadmapForm = z
  .object({
    title: requiredText(300, 'Введите название дорожной карты', 'Название'),
    period_from: year('Начало периода'),
    period_to: year('Конец периода'),
    order_number: optionalText(50, 'Номер приказа'),
    order_date: optionalDate('Дата приказа'),
  })
  .superRefine((v, ctx) => {
    if (v.period_to < v.period_from)
      ctx.addIssue({ code: 'custom', path: ['period_to'], message: 'Конец периода не может быть раньше начала' });
    if (v.period_to - v.period_from > 10)
      ctx.addIssue({ code: 'custom', path: ['period_to'], message: 'Период: не более 10 лет' });
  });
export type RoadmapInput = z.output<typeof roadmapForm>;

/** «Вид» on the coordinator's new-roadmap form: the municipal plan or a template for schools. */
export const roadmapKindField = z.enum(['plan', 'template']).catch('plan');

export const itemForm = z.object({
  kind: z.enum(['section', 'item'], { error: 'Выберите, раздел это или мероприятие' }).default('item'),
  number: z
    .string({ error: 'Укажите номер пункта' })
    .trim()
    .min(1, 'Укажите номер пункта')
    .transform((v) => v.replace(/\.$/, ''))
    .refine((v) => NUMBER_PATTERN.test(v), NUMBER_MESSAGE),
  parent_id: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : Number(v)))
    .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'Выберите раздел из списка'),
  activity: requiredText(2000, 'Введите наименование мероприятия', 'Мероприятие'),
  result: optionalText(1000, 'Форма результата'),
  expected: optionalText(1000, 'Ожидаемый результат'),
  deadline_text: optionalText(300, 'Срок'),
  responsible: optionalText(500, 'Ответственные'),
});
export type ItemInput = z.output<typeof itemForm>;

export const statusForm = z
  .object({
    status: z.enum(ITEM_STATUSES, { error: 'Выберите статус' }),
    completed_on: optionalDate('Дата выполнения'),
    evidence_comment: optionalText(2000, 'Подтверждение'),
    evidence_link: z
      .string()
      .trim()
      .max(1000, 'Ссылка: не более 1000 символов')
      .optional()
      .transform((v) => (v === undefined || v === '' ? null : v))
      .refine((v) => v === null || isHttpUrl(v), 'Ссылка: укажите адрес, начинающийся с http:// или https://'),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'done' && v.completed_on === null) {
      ctx.addIssue({ code: 'custom', path: ['completed_on'], message: 'Укажите дату выполнения' });
    }
    if (v.status !== 'done' && v.completed_on !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['completed_on'],
        message: 'Дата выполнения указывается только для выполненного пункта',
      });
    }
  });
export type StatusInput = z.output<typeof statusForm>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const moveForm = z.object({ direction: z.enum(['up', 'down']) });

/** ?status=… on the roadmap page; anything else shows every item. */
export const itemFilter = z.object({
  status: z
    .enum([...ITEM_STATUSES, 'overdue'])
    .optional()
    .catch(undefined),
  /** On a municipal roadmap: only the items the schools answer for. */
  schools: z.literal('on').optional().catch(undefined),
});

const columnIndex = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : Number(v)))
  .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v < 30), 'Выберите столбец из списка');

export const importForm = z.object({
  text: z.string({ error: 'Вставьте таблицу' }).refine((v) => v.trim() !== '', 'Вставьте таблицу'),
  /** The name of the uploaded .docx/.xlsx the text was read from, kept for the preview; else absent. */
  file_name: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim().slice(0, 255))),
  /**
   * The phrase naming the plan's years found outside the table text (the paragraphs above a Word
   * table, «на 2021-2022 учебный год»), kept for the preview; read again with periodInLine.
   */
  document_period: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim().slice(0, 200))),
  /** Present when the user re-reads with a corrected mapping. */
  remap: z.string().optional(),
  map_number: columnIndex,
  map_activity: columnIndex,
  map_deadline: columnIndex,
  map_responsible: columnIndex,
  map_result: columnIndex,
  map_expected: columnIndex,
});

/** The timeline's year (`?year=2023`); anything odd is the whole period. */
export const timelineQuery = z.object({
  year: z.coerce.number().int().min(1900).max(2200).optional().catch(undefined),
});

/** The new-item form opened under a section (`?section=12`). */
export const newItemQuery = z.object({
  section: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional()
    .catch(undefined),
});

const dueParam = z.object({ due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** The due day of an occurrence in a URL (`…/occurrences/2023-05-31`); a malformed one is a page that does not exist. */
export function dueOf(params: unknown): string {
  const parsed = dueParam.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.due;
}

/**
 * The occurrence a school's part is of, in a query or a form field (`?due=2026-12-31`): null when
 * absent or empty (a one-off item, or the current occurrence); a malformed one is a page that does
 * not exist.
 */
export function optionalDueOf(source: unknown): string | null {
  const value = (source as Record<string, unknown> | undefined)?.due;
  if (value === undefined || value === '') return null;
  return dueOf({ due: value });
}

/** «Отправить на утверждение»: the author's note to the approver, optional. */
export const askApprovalForm = z.object({ note: optionalText(2000, 'Примечание для утверждающего') });

/** «Вернуть на доработку»: the approver's comment, which the authors read (required). */
export const refuseApprovalForm = z.object({
  comment: requiredText(2000, 'Напишите, что нужно доработать в дорожной карте', 'Комментарий'),
});

/** Several school ids of one field (checkboxes), without repeats. */
const schoolIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''))
  .transform((values) => [...new Set(values.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647))]);

/** Which schools a municipal item is addressed to: those «Ответственные» name, or the ones ticked (at least one). */
export const addressForm = z
  .object({
    mode: z.enum(['responsible', 'chosen'], { error: 'Выберите, каким школам адресован пункт' }),
    schools: schoolIds,
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'chosen' && v.schools.length === 0)
      ctx.addIssue({ code: 'custom', path: ['schools'], message: 'Школы: отметьте хотя бы одну школу' });
  });
export type AddressInput = z.output<typeof addressForm>;
