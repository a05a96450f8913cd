import { z } from 'zod';
import { checkbox, optionalText, pageQuery } from '../../http/forms.js';
import { optionalId } from '../../http/ids.js';
import { dateMessage, parseDate } from '../../lib/dates.js';
import { SCHOOL_DOCUMENT_STATUSES, SCHOOL_DOCUMENT_TYPES } from '../../db/types.js';

/** Whom a document concerns, as the form's select sends it: '', 'mentor:12', 'mentee:7', 'pair:3'. */
export type Concerns = { kind: 'mentor' | 'mentee' | 'pair'; id: number } | null;

const concerns = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): Concerns => {
    if (value === undefined || value === '') return null;
    const match = /^(mentor|mentee|pair):(\d{1,9})$/.exec(value);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'Кого касается: выберите наставника, наставляемого или пару из списка' });
      return z.NEVER;
    }
    return { kind: match[1] as 'mentor' | 'mentee' | 'pair', id: Number(match[2]) };
  });

const documentDate = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): string | null => {
    if (value === undefined || value === '') return null;
    const date = parseDate(value);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: dateMessage('Дата документа', value) });
      return z.NEVER;
    }
    return date;
  });

/** The document form (the file travels apart, as a file of the same multipart form). */
export const documentForm = z.object({
  type: z.enum(SCHOOL_DOCUMENT_TYPES, { error: 'Вид документа: выберите вид из списка' }),
  number: optionalText(50, 'Номер'),
  document_date: documentDate,
  title: optionalText(300, 'Название'),
  notes: optionalText(2000, 'Примечание'),
  status: z.enum(SCHOOL_DOCUMENT_STATUSES, { error: 'Статус: выберите статус из списка' }),
  concerns,
  /** Issue 19: downloadable from the school's public page. */
  is_public: checkbox,
});

export type DocumentInput = z.output<typeof documentForm>;

export const documentListQuery = z.object({
  /** The school (municipality roles only; ignored for a school's own register). */
  org: optionalId,
  type: z.enum(SCHOOL_DOCUMENT_TYPES).optional().catch(undefined),
  status: z.enum(SCHOOL_DOCUMENT_STATUSES).optional().catch(undefined),
  page: pageQuery,
});

export type DocumentListQuery = z.output<typeof documentListQuery>;

/** The coordinator's package: the types every school must have (a repeated checkbox `types`). */
export const requirementsForm = z.object({
  types: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(SCHOOL_DOCUMENT_TYPES, { error: 'Обязательные документы: выберите виды из списка' }))),
});
