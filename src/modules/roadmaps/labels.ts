import type { RoadmapItemStatus } from '../../db/types.js';
import { formatDate } from '../../lib/ru.js';
import type { RoadmapRow } from './queries.js';

export const STATUS_LABELS: Record<RoadmapItemStatus, string> = {
  not_started: 'Не начато',
  in_progress: 'Выполняется',
  done: 'Выполнено',
  cancelled: 'Отменено',
};

export const FILTER_LABELS: Record<RoadmapItemStatus | 'overdue', string> = { ...STATUS_LABELS, overdue: 'Просрочено' };

/** Field names for the error summary. */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Название',
  period_from: 'Начало периода',
  period_to: 'Конец периода',
  order_number: 'Номер приказа',
  order_date: 'Дата приказа',
  kind: 'Вид строки',
  number: 'Номер',
  parent_id: 'Раздел',
  activity: 'Мероприятие',
  result: 'Форма результата',
  expected: 'Ожидаемый результат',
  deadline_text: 'Срок',
  responsible: 'Ответственные',
  status: 'Статус',
  completed_on: 'Дата выполнения',
  evidence_comment: 'Подтверждение',
  evidence_link: 'Ссылка',
  text: 'Таблица',
};

/** Columns of the import mapping, in the order of the form. */
export const MAPPING_FIELDS = [
  ['number', '№ (номер пункта)'],
  ['activity', 'Мероприятие'],
  ['deadline', 'Срок'],
  ['responsible', 'Ответственные'],
  ['result', 'Форма результата'],
  ['expected', 'Ожидаемый результат'],
] as const;

/** «2022–2024» or «2022». */
export function periodText(r: Pick<RoadmapRow, 'period_from' | 'period_to'>): string {
  return r.period_from === r.period_to ? String(r.period_from) : `${r.period_from}–${r.period_to}`;
}

/** «№ 45-од от 01.03.2022», «№ 45-од», «от 01.03.2022», or null when the order is not set. */
export function orderText(r: Pick<RoadmapRow, 'order_number' | 'order_date'>): string | null {
  const parts: string[] = [];
  if (r.order_number) parts.push(`№ ${r.order_number}`);
  if (r.order_date) parts.push(`от ${formatDate(r.order_date)}`);
  return parts.length ? parts.join(' ') : null;
}

/** The lines of «История утверждения» on a roadmap's page. */
export const APPROVAL_EVENT_LABELS = {
  asked: 'Отправлена на утверждение',
  refused: 'Возвращена на доработку',
  approved: 'Утверждена',
  revoked: 'Утверждение отозвано',
  withdrawn: 'Утверждение снято после изменения пунктов',
} as const;
