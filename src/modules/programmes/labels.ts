import type { ProgrammeBankStatus } from '../../db/types.js';

/** Russian names of the programme form's fields (error summary, headings). */
export const PROGRAMME_FIELD_LABELS: Record<string, string> = {
  title: 'Название программы',
  form: 'Форма наставничества',
  target_group: 'Целевая группа',
  goals: 'Цели и задачи',
  duration: 'Срок реализации',
  expected_results: 'Ожидаемые результаты',
  file: 'Файл программы',
  comment: 'Комментарий для школы',
};

/** The bank status as a filter of the lists reads it (short). */
export const BANK_FILTER_LABELS: Record<ProgrammeBankStatus, string> = {
  none: 'не предлагались в банк',
  submitted: 'на рассмотрении',
  accepted: 'в банке',
  returned: 'возвращены на доработку',
};
