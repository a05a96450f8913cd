import type { EventAudienceRole, EventKind, EventLevel, EventResult, EventStatus } from '../../db/types.js';

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  seminar: 'семинар',
  webinar: 'вебинар',
  meeting: 'встреча',
  conference: 'конференция',
  forum: 'форум',
  festival: 'фестиваль',
  open_lessons: 'неделя открытых уроков',
  course: 'курсы повышения квалификации',
  contest: 'конкурс',
  other: 'другое',
};

export const EVENT_LEVEL_LABELS: Record<EventLevel, string> = {
  school: 'школьный',
  municipal: 'муниципальный',
  regional: 'региональный',
  federal: 'федеральный',
};

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  planned: 'запланировано',
  registration_open: 'регистрация открыта',
  held: 'проведено',
  results_published: 'итоги опубликованы',
  cancelled: 'отменено',
};

export const EVENT_AUDIENCE_LABELS: Record<EventAudienceRole, string> = {
  curator: 'кураторы',
  school_head: 'руководители ОО',
  mentor: 'наставники',
  mentee: 'наставляемые педагоги',
};

export const EVENT_RESULT_LABELS: Record<EventResult, string> = {
  winner: 'победитель',
  prize_winner: 'призёр',
  participant: 'участник',
  jury: 'член жюри',
};

/** The form's fields as the error summary names them. */
export const EVENT_FIELD_LABELS: Record<string, string> = {
  title: 'Название',
  kind: 'Вид мероприятия',
  level: 'Уровень',
  starts_at: 'Начало',
  ends_at: 'Окончание',
  place: 'Место проведения',
  video_url: 'Ссылка на видеотрансляцию',
  description: 'Описание',
  audience_roles: 'Для кого',
  audience_mentor_categories: 'Категории наставников',
  audience_mentee_categories: 'Категории наставляемых',
  school_ids: 'Школы',
  capacity: 'Число мест',
  roadmap_item_id: 'Пункт дорожной карты',
  materials: 'Материалы',
  summary: 'Итоги',
  person: 'Участник',
};
