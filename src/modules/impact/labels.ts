import type { DiagnosticStage, OlympiadLevel, OlympiadResult, QualificationCategory } from '../../db/types.js';

export const STAGE_LABELS: Record<DiagnosticStage, string> = { before: 'до', after: 'после' };
/** «Диагностика до начала работы пары»: the heading of each stage's form. */
export const STAGE_TITLES: Record<DiagnosticStage, string> = {
  before: 'Диагностика в начале работы пары («до»)',
  after: 'Диагностика в конце работы пары («после»)',
};

export const OLYMPIAD_LEVEL_LABELS: Record<OlympiadLevel, string> = {
  school: 'школьный',
  municipal: 'муниципальный',
  regional: 'региональный',
  federal: 'всероссийский',
};

export const OLYMPIAD_RESULT_LABELS: Record<OlympiadResult, string> = {
  winner: 'победитель',
  prize_winner: 'призёр',
  participant: 'участник',
};

export const QUALIFICATION_LABELS: Record<QualificationCategory, string> = {
  none: 'без категории',
  first: 'первая',
  highest: 'высшая',
};

export const OUTCOME_FIELD_LABELS: Record<string, string> = {
  subject: 'Предмет',
  mark_before: 'Отметка до',
  mark_after: 'Отметка после',
  vpr_passed: 'ВПР',
  oge_passed: 'ОГЭ',
  ege_passed: 'ЕГЭ',
  olympiad_level: 'Уровень олимпиады',
  olympiad_result: 'Результат олимпиады',
  projects: 'Проекты',
  stayed_in_profession: 'Остался в профессии',
  professional_contest: 'Участвовал в профессиональном конкурсе',
  qualification_category: 'Квалификационная категория',
};
