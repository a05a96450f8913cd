import type { AgreementState } from './queries.js';

/** Where an object stands with the methodological centre, as its page says it (feminine: «дорожная карта», «программа»). */
export const AGREEMENT_STATE_LABELS: Record<AgreementState, string> = {
  none: 'не отправлялась на согласование',
  sent: 'отправлена на согласование, ждёт ответа методического центра',
  agreed: 'согласована методическим центром',
  returned: 'возвращена методическим центром на доработку',
  revoked: 'согласование снято: после него изменилось содержание',
};

/** The same for a school's document (masculine: «документ»). */
export const DOCUMENT_AGREEMENT_STATE_LABELS: Record<AgreementState, string> = {
  none: 'не отправлялся на согласование',
  sent: 'отправлен на согласование, ждёт ответа методического центра',
  agreed: 'согласован методическим центром',
  returned: 'возвращён методическим центром на доработку',
  revoked: 'согласование снято: после него изменилось содержание',
};

/** The lines of «История согласования». */
export const AGREEMENT_EVENT_LABELS = {
  sent: 'Отправлена на согласование',
  agreed: 'Согласована',
  returned: 'Возвращена на доработку',
  revoked: 'Согласование снято после изменения',
} as const;

/** The same for a school's document. */
export const DOCUMENT_AGREEMENT_EVENT_LABELS = {
  sent: 'Отправлен на согласование',
  agreed: 'Согласован',
  returned: 'Возвращён на доработку',
  revoked: 'Согласование снято после изменения',
} as const;

/**
 * What a notification and the lists name: «Дорожная карта «…»», «Программа «…»» (feminine),
 * «Документ «…»» (masculine: AGREEMENT_OBJECT_MASCULINE, the texts agree with it).
 */
export const AGREEMENT_OBJECT_NAMES = {
  roadmap: 'Дорожная карта',
  programme: 'Программа',
  document: 'Документ',
} as const;

/** The objects whose name is masculine. */
export const AGREEMENT_OBJECT_MASCULINE: ReadonlySet<keyof typeof AGREEMENT_OBJECT_NAMES> = new Set(['document']);

/** The audit log's entity type of each object. */
export const AGREEMENT_AUDIT_ENTITY = {
  roadmap: 'roadmap',
  programme: 'programme',
  document: 'school_document',
} as const;
