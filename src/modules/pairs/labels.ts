import type { MeetingFormat, MeetingType, PairKind, PairStage, PairStatus, ProgrammeBankStatus } from '../../db/types.js';

/** Russian names of the pairs' statuses, stages, kinds and of the meetings. */

export const PAIR_STATUS_LABELS: Record<PairStatus, string> = {
  forming: 'формируется',
  active: 'активна',
  completed: 'завершена',
  terminated: 'прекращена досрочно',
};

export const PAIR_STAGES = [
  'preparatory',
  'design',
  'implementation',
  'reflection',
  'results',
] as const satisfies readonly PairStage[];

export const PAIR_STAGE_LABELS: Record<PairStage, string> = {
  preparatory: 'подготовительный',
  design: 'проектировочный',
  implementation: 'реализационный',
  reflection: 'рефлексивно-аналитический',
  results: 'результативный',
};

export const PAIR_KINDS = [
  'traditional',
  'group',
  'virtual',
  'short_term',
  'reverse',
  'situational',
  'speed',
] as const satisfies readonly PairKind[];

export const PAIR_KIND_LABELS: Record<PairKind, string> = {
  traditional: 'традиционное («один на один»)',
  group: 'в группе',
  virtual: 'виртуальное',
  short_term: 'краткосрочное (целеполагающее)',
  reverse: 'реверсивное',
  situational: 'ситуационное',
  speed: 'скоростное консультационное',
};

export const MEETING_TYPES = [
  'introduction',
  'trial',
  'planning',
  'joint_work',
  'final',
] as const satisfies readonly MeetingType[];

export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  introduction: 'встреча-знакомство',
  trial: 'пробная встреча',
  planning: 'встреча-планирование',
  joint_work: 'совместная работа',
  final: 'итоговая встреча',
};

export const MEETING_FORMAT_LABELS: Record<MeetingFormat, string> = {
  in_person: 'очно',
  remote: 'дистанционно',
};

export const BANK_STATUS_LABELS: Record<ProgrammeBankStatus, string> = {
  none: 'не предлагалась',
  submitted: 'на рассмотрении в методическом центре',
  accepted: 'в банке эффективных программ',
  returned: 'возвращена на доработку',
};

/** Role models named in the methodology; the field takes any text, these are suggestions. */
export const ROLE_MODEL_SUGGESTIONS = [
  'успевающий – неуспевающий',
  'лидер – пассивный',
  'равный – равному',
  'опытный педагог – молодой специалист',
  'педагог-новатор – консервативный педагог',
  'опытный предметник – неопытный предметник',
];
