import { z } from 'zod';
import { checkbox, idField, optionalText, pageQuery, requiredText } from '../../http/forms.js';
import { MENTEE_CATEGORIES, MENTORING_FORMS } from '../people/labels.js';
import { PAIR_KINDS, PAIR_STAGES } from './labels.js';
import { STATUSES_AFTER_PAIR } from './people-status.js';

const isoDate = (label: string) =>
  z
    .string({ error: `${label}: укажите дату` })
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), `${label}: укажите дату`);

const optionalIsoDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), `${label}: укажите дату`);

/** Several ids of one field (checkboxes, repeated query keys), as a list without repeats. */
export const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''))
  .transform((values) => [...new Set(values.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647))]);

export const formField = z.enum(MENTORING_FORMS, { error: 'Выберите форму наставничества' });

/** The first step of forming a pair: programme, form, mentees (a GET form, so everything optional). */
export const proposalQuery = z.object({
  programme_id: z.coerce.number().int().positive().optional().catch(undefined),
  form: formField.optional().catch(undefined),
  mentee_ids: idList,
  // The search in the school's mentees: name, category, class, request, «без пары», the page.
  q: z.string().trim().max(100).optional().catch(undefined),
  category: z.enum(MENTEE_CATEGORIES).optional().catch(undefined),
  class_name: z.string().trim().max(20).optional().catch(undefined),
  request: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  unpaired: checkbox.catch(false),
  page: pageQuery,
  /** 'mentees': only the list of found mentees (the page's script replaces it while one types). */
  fragment: z.enum(['mentees']).optional().catch(undefined),
});
export type ProposalQuery = z.output<typeof proposalQuery>;

export const pairForm = z
  .object({
    programme_id: idField('Выберите программу наставничества'),
    form: formField,
    kind: z.enum(PAIR_KINDS, { error: 'Выберите вид наставничества' }),
    role_model: optionalText(200, 'Ролевая модель'),
    planned_start: isoDate('Начало'),
    planned_end: isoDate('Окончание'),
    goals: optionalText(2000, 'Цели'),
    mentor_ids: idList,
    mentee_ids: idList,
  })
  .superRefine((v, ctx) => {
    if (v.planned_end < v.planned_start)
      ctx.addIssue({ code: 'custom', path: ['planned_end'], message: 'Окончание не может быть раньше начала' });
  });

export const orderQuery = z.object({ pair: idList });

export const orderForm = z.object({
  number: requiredText(50, 'Укажите номер приказа', 'Номер приказа'),
  order_date: isoDate('Дата приказа'),
  pair: idList.refine((ids) => ids.length > 0, 'Выберите пары, закреплённые приказом'),
});

/** The status the pair's people take when it ends and they are in no other active pair. */
export const peopleStatusField = z
  .enum(STATUSES_AFTER_PAIR, { error: 'Выберите статус участников после окончания работы пары' })
  .default('potential');

export const terminateForm = z.object({
  reason: requiredText(1000, 'Укажите причину досрочного прекращения', 'Причина'),
  terminated_on: isoDate('Дата прекращения'),
  people_status: peopleStatusField,
});

export const routeForm = z.object({
  stage: z.enum(PAIR_STAGES, { error: 'Выберите этап' }),
  goals: optionalText(2000, 'Цели'),
});

export const taskForm = z.object({
  title: requiredText(500, 'Опишите задачу', 'Задача'),
  due_on: optionalIsoDate('Срок задачи'),
});

export const taskDoneForm = z.object({ done: checkbox });

export const listQuery = z.object({
  status: z.enum(['forming', 'active', 'completed', 'terminated']).optional().catch(undefined),
  form: formField.optional().catch(undefined),
  school: z.coerce.number().int().positive().optional().catch(undefined),
  stale: checkbox.catch(false),
  page: pageQuery,
});

export const pairTermsForm = z
  .object({
    programme_id: idField('Выберите программу наставничества'),
    kind: z.enum(PAIR_KINDS, { error: 'Выберите вид наставничества' }),
    role_model: optionalText(200, 'Ролевая модель'),
    planned_start: isoDate('Начало'),
    planned_end: isoDate('Окончание'),
  })
  .superRefine((v, ctx) => {
    if (v.planned_end < v.planned_start)
      ctx.addIssue({ code: 'custom', path: ['planned_end'], message: 'Окончание не может быть раньше начала' });
  });
