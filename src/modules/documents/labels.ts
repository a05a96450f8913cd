import type { SchoolDocumentStatus, SchoolDocumentType } from '../../db/types.js';

/** The types of a school's documents, as the register and the matrix name them. */
export const DOCUMENT_TYPE_LABELS: Record<SchoolDocumentType, string> = {
  implementation_order: 'Приказ о внедрении целевой модели наставничества',
  regulation: 'Положение о наставничестве',
  curator_order: 'Приказ о назначении куратора',
  mentors_order: 'Приказ о назначении наставников',
  pairs_order: 'Приказ о закреплении наставнических пар (групп)',
  roadmap_order: 'Приказ об утверждении дорожной карты',
  council_minutes: 'Протокол педагогического совета',
  mentor_agreement: 'Дополнительное соглашение с наставником',
  consent: 'Согласие на обработку персональных данных (скан)',
  other: 'Другой документ',
};

/** Short names of the types for the matrix's column heads. */
export const DOCUMENT_TYPE_SHORT: Record<SchoolDocumentType, string> = {
  implementation_order: 'Приказ о внедрении',
  regulation: 'Положение',
  curator_order: 'Назначение куратора',
  mentors_order: 'Назначение наставников',
  pairs_order: 'Закрепление пар',
  roadmap_order: 'Утверждение дорожной карты',
  council_minutes: 'Протокол педсовета',
  mentor_agreement: 'Доп. соглашения',
  consent: 'Согласия',
  other: 'Другие',
};

export const DOCUMENT_STATUS_LABELS: Record<SchoolDocumentStatus, string> = {
  draft: 'черновик',
  active: 'действует',
  void: 'утратил силу',
};

/** Russian names of the document form's fields (error summary, headings). */
export const DOCUMENT_FIELD_LABELS: Record<string, string> = {
  type: 'Вид документа',
  number: 'Номер',
  document_date: 'Дата документа',
  title: 'Название',
  notes: 'Примечание',
  status: 'Статус',
  concerns: 'Кого касается',
  file: 'Файл документа',
  types: 'Обязательные документы',
};

/** The heading of a document: its title, else its type and number («Приказ о назначении куратора № 12»). */
export function documentHeading(doc: { type: SchoolDocumentType; number: string | null; title: string | null }): string {
  return doc.title ?? `${DOCUMENT_TYPE_LABELS[doc.type]}${doc.number ? ` № ${doc.number}` : ''}`;
}
