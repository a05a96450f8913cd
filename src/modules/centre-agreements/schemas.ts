import { z } from 'zod';
import { optionalText, requiredText } from '../../http/forms.js';

/** «Отправить на согласование»: the school's note for the centre (optional). */
export const sendForAgreementForm = z.object({ agreement_note: optionalText(2000, 'Примечание для методического центра') });

/** «Вернуть на доработку»: the centre's comment, which the school reads (required). */
export const returnAgreementForm = z.object({
  agreement_comment: requiredText(2000, 'Напишите, что нужно доработать', 'Комментарий методического центра'),
});

/** «Согласовать»: an optional comment. */
export const agreeForm = z.object({ agreement_comment: optionalText(2000, 'Комментарий методического центра') });

/** The fields of these forms as the error summary names them. */
export const AGREEMENT_FIELD_LABELS = {
  agreement_note: 'Примечание для методического центра',
  agreement_comment: 'Комментарий методического центра',
};

/** Several ids of one field (the order form's checkboxes), as a list without repeats. */
const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''))
  .transform((values) => [...new Set(values.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647))]);

/** The department's approving order for several agreed objects. */
export const orderForm = z.object({
  order_number: requiredText(50, 'Укажите номер приказа', 'Номер приказа'),
  order_date: z
    .string({ error: 'Дата приказа: укажите дату' })
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), 'Дата приказа: укажите дату'),
  agreement: idList.refine((ids) => ids.length > 0, 'Отметьте документы, утверждённые приказом'),
});

export type OrderInput = z.infer<typeof orderForm>;

export const ORDER_FIELD_LABELS = {
  order_number: 'Номер приказа',
  order_date: 'Дата приказа',
  agreement: 'Документы',
};
