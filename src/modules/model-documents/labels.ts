import type { ModelDocumentStatus } from '../../db/types.js';

export const MODEL_STATUS_LABELS: Record<ModelDocumentStatus, string> = {
  published: 'опубликован',
  withdrawn: 'снят с публикации',
};

/** Russian names of the model form's and the filling form's fields (error summary). */
export const MODEL_FIELD_LABELS: Record<string, string> = {
  title: 'Название',
  type: 'Вид документа школы',
  description: 'Описание',
  file: 'Файл образца',
  curator: 'Куратор',
  curator_name: 'ФИО куратора',
  curator_position: 'Должность куратора',
  form: 'Формы наставничества',
  kind: 'Документ',
};

/** The documents the portal fills with a school's data: URL slug, register type, the name a user reads. */
export const FILLED_KINDS = {
  'curator-order': {
    type: 'curator_order',
    label: 'Приказ о назначении куратора внедрения целевой модели наставничества',
    fileName: 'Приказ о назначении куратора.docx',
  },
  'mentors-order': {
    type: 'mentors_order',
    label: 'Приказ о назначении наставников',
    fileName: 'Приказ о назначении наставников.docx',
  },
  regulation: {
    type: 'regulation',
    label: 'Положение о наставничестве',
    fileName: 'Положение о наставничестве.docx',
  },
} as const;

export type FilledKind = keyof typeof FILLED_KINDS;
export const FILLED_KIND_SLUGS = Object.keys(FILLED_KINDS) as FilledKind[];
