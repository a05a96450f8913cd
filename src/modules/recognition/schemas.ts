import { z } from 'zod';
import { AWARD_KINDS, AWARD_LEVELS } from '../../db/types.js';
import { checkbox, optionalText, pageQuery, requiredText } from '../../http/forms.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => DATE.test(v) && !Number.isNaN(Date.parse(v));

const requiredDate = (label: string) =>
  z
    .string({ error: `${label}: укажите дату` })
    .trim()
    .refine((v) => v !== '', `${label}: укажите дату`)
    .refine((v) => v === '' || validDate(v), `${label}: укажите дату в виде ДД.ММ.ГГГГ`);

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || validDate(v), `${label}: укажите дату в виде ДД.ММ.ГГГГ`);

const mentorId = z.coerce
  .number({ error: 'Выберите наставника из списка' })
  .int('Выберите наставника из списка')
  .positive('Выберите наставника из списка')
  .max(2_147_483_647, 'Выберите наставника из списка');

const kind = z.enum(AWARD_KINDS, { error: 'Выберите вид награды' });

/** An award recorded by hand: a school's, or one received from outside. */
export const awardForm = z
  .object({
    mentor_id: mentorId,
    kind,
    level: z.enum(AWARD_LEVELS, { error: 'Выберите уровень награды' }),
    awarded_on: requiredDate('Дата награждения'),
    order_number: optionalText(50, 'Номер приказа'),
    order_date: optionalDate('Дата приказа'),
    issued_by: optionalText(300, 'Кем издан приказ'),
    note: optionalText(2000, 'Примечание'),
  })
  .superRefine((v, ctx) => {
    if (v.order_number && !v.order_date)
      ctx.addIssue({ code: 'custom', path: ['order_date'], message: 'Дата приказа: укажите дату приказа с его номером' });
  });

export type AwardInput = z.output<typeof awardForm>;

/** The school head's nomination of a mentor of its school. */
export const nominationForm = z.object({
  mentor_id: mentorId,
  kind,
  reason: requiredText(2000, 'Основание: напишите, за что выдвигается наставник', 'Основание'),
});

export type NominationInput = z.output<typeof nominationForm>;

/** Including a nomination in the list, supporting it: a comment may be given. */
export const optionalCommentForm = z.object({ comment: optionalText(2000, 'Комментарий') });

/** Excluding a nomination, refusing it: the school reads why. */
export const requiredCommentForm = z.object({
  comment: requiredText(2000, 'Комментарий: напишите, почему выдвижение не поддержано', 'Комментарий'),
});

/** The department's awarding order for the supported nominations of the list. */
export const awardOrderForm = z.object({
  order_number: requiredText(50, 'Номер приказа: укажите номер', 'Номер приказа'),
  order_date: requiredDate('Дата приказа'),
});

export type AwardOrderInput = z.output<typeof awardOrderForm>;

/** An entry of the municipal list of best mentors. */
export const bestMentorForm = z.object({
  mentor_id: mentorId,
  year: z.coerce
    .number({ error: 'Год: укажите год числом, например 2026' })
    .int('Год: укажите год числом, например 2026')
    .min(2000, 'Год: укажите год от 2000 до 2100')
    .max(2100, 'Год: укажите год от 2000 до 2100'),
  reason: requiredText(2000, 'Основание: напишите, за что наставник включён в список', 'Основание'),
});

export type BestMentorInput = z.output<typeof bestMentorForm>;

export const recognitionQuery = z.object({ page: pageQuery });

export const newAwardQuery = z.object({
  mentor: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

/** Issue 19: the best mentor's consent to be shown on the public page, with its required confirmation. */
export const consentForm = z.object({
  consent: z.enum(['yes', 'no']).catch('no'),
  confirm: checkbox,
});
