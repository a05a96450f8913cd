import type { MonitoringFieldKind, MonitoringLevel, MonitoringPeriodKind, MonitoringStatus } from '../../db/types.js';

export const MONITORING_LEVELS = ['school', 'municipal', 'region'] as const satisfies readonly MonitoringLevel[];
export const LEVEL_LABELS: Record<MonitoringLevel, string> = {
  school: 'Внутренний мониторинг школ',
  municipal: 'Муниципальный мониторинг',
  region: 'Данные для региона',
};

export const PERIOD_KINDS = ['calendar_year', 'academic_year', 'half_year'] as const satisfies readonly MonitoringPeriodKind[];
export const PERIOD_KIND_LABELS: Record<MonitoringPeriodKind, string> = {
  calendar_year: 'Календарный год',
  academic_year: 'Учебный год',
  half_year: 'Полугодие',
};

/** The kinds of field a school fills in by hand (computed indicators are chosen apart). */
export const HAND_FIELD_KINDS = [
  'number',
  'percent',
  'text',
  'yes_no',
  'choice',
  'table',
] as const satisfies readonly MonitoringFieldKind[];
export const FIELD_KIND_LABELS: Record<MonitoringFieldKind, string> = {
  indicator: 'Показатель (считается порталом)',
  number: 'Число',
  percent: 'Процент',
  text: 'Текст',
  yes_no: 'Да или нет',
  choice: 'Выбор из списка',
  table: 'Таблица (школа добавляет строки)',
};

export const STATUS_LABELS: Record<MonitoringStatus, string> = {
  not_started: 'не начат',
  filling: 'заполняется',
  sent: 'отправлен',
  approved: 'утверждён руководителем ОО',
  returned: 'возвращён на доработку',
  accepted: 'принят',
};

/** Shown instead of the status of an unsent submission after its deadline. */
export const OVERDUE_LABEL = 'просрочен';

export const CAMPAIGN_FIELD_LABELS: Record<string, string> = {
  title: 'Название',
  level: 'Уровень',
  period_kind: 'Период',
  period_year: 'Год',
  period_half: 'Полугодие',
  as_of: 'По состоянию на',
  opens_on: 'Дата открытия',
  deadline: 'Срок сдачи',
  schools: 'Школы',
  indicators: 'Показатели',
  surveys: 'Анкетирование',
};
