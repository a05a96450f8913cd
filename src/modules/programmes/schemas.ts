import { z } from 'zod';
import { optionalText, pageQuery, requiredText } from '../../http/forms.js';
import { optionalId } from '../../http/ids.js';
import { MENTORING_FORMS } from '../people/labels.js';

/** The programme form (the document itself travels apart, as a file of the same multipart form). */
export const programmeForm = z.object({
  title: requiredText(300, 'Укажите название программы', 'Название программы'),
  form: z.enum(MENTORING_FORMS, { error: 'Выберите форму наставничества из списка' }),
  target_group: optionalText(500, 'Целевая группа'),
  goals: optionalText(5000, 'Цели и задачи'),
  duration: optionalText(200, 'Срок реализации'),
  expected_results: optionalText(5000, 'Ожидаемые результаты'),
});

export type ProgrammeInput = z.output<typeof programmeForm>;

/** The coordinator's decision on an offered programme: a comment, required when it is returned. */
export const returnForm = z.object({
  comment: requiredText(2000, 'Напишите, что нужно доработать: комментарий увидит школа', 'Комментарий'),
});

export const acceptForm = z.object({
  comment: optionalText(2000, 'Комментарий'),
});

export const PROGRAMME_BANK_FILTERS = ['none', 'submitted', 'accepted', 'returned'] as const;

export const programmeListQuery = z.object({
  /** The school (municipality roles only; ignored for a school's own list). */
  org: optionalId,
  bank: z.enum(PROGRAMME_BANK_FILTERS).optional().catch(undefined),
  /** '' current programmes, 'archived' the archive. */
  archived: z.enum(['archived']).optional().catch(undefined),
  page: pageQuery,
});

export type ProgrammeListQuery = z.output<typeof programmeListQuery>;

export const bankQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  form: z.enum(MENTORING_FORMS).optional().catch(undefined),
  page: pageQuery,
});

export type BankQuery = z.output<typeof bankQuery>;
