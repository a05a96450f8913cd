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
