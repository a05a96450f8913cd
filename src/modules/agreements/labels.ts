import type { AgreementKind } from '../../db/types.js';

export const AGREEMENT_KIND_LABELS: Record<AgreementKind, string> = {
  partner: 'школа – партнёр',
  school: 'школа – школа',
  college: 'школа – колледж (вуз)',
};

/** The other party's role, for the form and the card. */
export const AGREEMENT_PARTY_LABELS: Record<AgreementKind, string> = {
  partner: 'Организация-партнёр',
  school: 'Другая школа',
  college: 'Колледж (техникум) или вуз',
};

/** An agreement's state, derived from its term and the municipality's today (status.ts). */
export type AgreementStatus = 'running' | 'expired' | 'pending';

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  running: 'действует',
  expired: 'истёк срок',
  pending: 'ещё не вступило в силу',
};

/** The form's fields as the error summary names them. */
export const AGREEMENT_FIELD_LABELS: Record<string, string> = {
  school_id: 'Школа',
  kind: 'Вид соглашения',
  party_id: 'Вторая сторона',
  new_partner_short_name: 'Краткое наименование новой организации-партнёра',
  new_partner_full_name: 'Полное наименование новой организации-партнёра',
  new_partner_kind: 'Вид новой организации-партнёра',
  number: 'Номер соглашения',
  signed_on: 'Дата заключения',
  valid_from: 'Действует с',
  valid_to: 'Действует по',
  subject: 'Предмет соглашения',
  file: 'Файл соглашения',
};
