import { z } from 'zod';
import { optionalText, pageQuery, requiredText } from '../../http/forms.js';
import { SCHOOL_DOCUMENT_TYPES } from '../../db/types.js';
import { MENTORING_FORMS } from '../people/labels.js';
import { FILLED_KIND_SLUGS } from './labels.js';

/** A model of the library (the file travels apart, as a file of the same multipart form). */
export const modelForm = z.object({
  title: requiredText(300, 'Название: укажите название образца', 'Название'),
  type: z.enum(SCHOOL_DOCUMENT_TYPES, { error: 'Вид документа школы: выберите вид из списка' }),
  description: optionalText(2000, 'Описание'),
});

export type ModelInput = z.output<typeof modelForm>;

export const modelListQuery = z.object({
  type: z.enum(SCHOOL_DOCUMENT_TYPES).optional().catch(undefined),
  page: pageQuery,
});

export type ModelListQuery = z.output<typeof modelListQuery>;

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/**
 * What the filled documents name beyond the school's data: the curator (an account of the school's
 * curators, or typed in) and the forms of mentoring of the Положение (none chosen: the school's own).
 */
export const fillForm = z.object({
  curator: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx): number | null => {
      if (value === undefined || value === '') return null;
      if (!/^\d{1,9}$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'Куратор: выберите куратора школы из списка' });
        return z.NEVER;
      }
      return Number(value);
    }),
  curator_name: optionalText(200, 'ФИО куратора'),
  curator_position: optionalText(200, 'Должность куратора'),
  form: list.pipe(z.array(z.enum(MENTORING_FORMS, { error: 'Формы наставничества: выберите формы из списка' }))),
});

export type FillInput = z.output<typeof fillForm>;

export const saveForm = fillForm.extend({
  kind: z.enum(FILLED_KIND_SLUGS as [string, ...string[]], { error: 'Документ: выберите документ из списка' }),
});
