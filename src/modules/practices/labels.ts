import type { PracticeStatus } from '../../db/types.js';

/** The statuses of a practice as the register and its page name them. */
export const PRACTICE_STATUS_LABELS: Record<PracticeStatus, string> = {
  draft: 'черновик',
  submitted: 'на рассмотрении',
  returned: 'возвращена на доработку',
  accepted: 'принята в реестр',
  published: 'опубликована',
};

/** The form's fields, as the error summary names them. */
export const PRACTICE_FIELD_LABELS: Record<string, string> = {
  title: 'Название',
  form: 'Форма наставничества',
  role_model: 'Ролевая модель',
  year: 'Год',
  authors: 'Авторы',
  problem: 'Проблема',
  actions: 'Что сделано',
  results: 'Результаты',
  evidence: 'Подтверждение результатов',
  evidence_url: 'Ссылка на подтверждение',
  video_url: 'Ссылка на видео',
  presented_at: 'Где представлена',
  tags: 'Теги',
  mentor_ids: 'Авторы из базы',
  event_ids: 'Мероприятия',
  comment: 'Комментарий',
};
