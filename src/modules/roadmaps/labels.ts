import type { RoadmapItemStatus } from '../../db/types.js';

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
