import type { AgreementState } from './queries.js';

/** Where an object stands with the methodological centre, as its page says it. */
export const AGREEMENT_STATE_LABELS: Record<AgreementState, string> = {
  none: 'не отправлялась на согласование',
  sent: 'отправлена на согласование, ждёт ответа методического центра',
  agreed: 'согласована методическим центром',
  returned: 'возвращена методическим центром на доработку',
  revoked: 'согласование снято: после него изменилось содержание',
};

/** The lines of «История согласования». */
export const AGREEMENT_EVENT_LABELS = {
  sent: 'Отправлена на согласование',
  agreed: 'Согласована',
  returned: 'Возвращена на доработку',
  revoked: 'Согласование снято после изменения',
} as const;

/** What a notification names: «Дорожная карта «…»», «Программа «…»» (both feminine: the texts agree with them). */
export const AGREEMENT_OBJECT_NAMES = {
  roadmap: 'Дорожная карта',
  programme: 'Программа',
} as const;
