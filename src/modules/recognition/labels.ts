import type { AwardKind, AwardLevel, NominationStatus } from '../../db/types.js';

/** The kinds of awards (the regulation's §3.3 non-material incentives), as the documents name them. */
export const AWARD_KIND_LABELS: Record<AwardKind, string> = {
  letter_of_thanks: 'Благодарственное письмо',
  diploma: 'Грамота',
  department_diploma: 'Почётная грамота управления образования',
  state_award: 'Ведомственная или государственная награда',
  honorary_mentor: 'Звание «Почётный наставник»',
  attestation_credit: 'Зачёт при аттестации',
};

export const AWARD_LEVEL_LABELS: Record<AwardLevel, string> = {
  school: 'школьный',
  municipal: 'муниципальный',
  regional: 'региональный',
  federal: 'федеральный',
};

export const NOMINATION_STATUS_LABELS: Record<NominationStatus, string> = {
  nominated: 'на рассмотрении',
  listed: 'включено в список',
  rejected: 'отклонено',
  supported: 'поддержано',
  refused: 'отказано',
  awarded: 'награждён',
};

/** A nomination's state as read: «включено в список» says when the list went to the department. */
export function nominationStatusText(n: { status: NominationStatus; sent_at: Date | string | null }): string {
  if (n.status === 'listed' && n.sent_at !== null) return 'включено в список, передано в управление образования';
  return NOMINATION_STATUS_LABELS[n.status];
}

/** The forms' fields as the error summary names them. */
export const RECOGNITION_FIELD_LABELS: Record<string, string> = {
  mentor_id: 'Наставник',
  kind: 'Вид награды',
  level: 'Уровень',
  awarded_on: 'Дата награждения',
  order_number: 'Номер приказа',
  order_date: 'Дата приказа',
  issued_by: 'Кем издан приказ',
  note: 'Примечание',
  reason: 'Основание',
  comment: 'Комментарий',
  year: 'Год',
};

/** «Иванова Мария Петровна». */
export function fullNameOf(p: { last_name: string; first_name: string; middle_name: string | null }): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}
