import type { OrganizationType, PartnerKind, SchoolKind, SupportDirection } from '../../db/types.js';

export const ORGANIZATION_TYPE_LABELS: Record<OrganizationType, string> = {
  region: 'Регион',
  municipality: 'Муниципальное образование',
  department: 'Управление образования',
  method_center: 'Методический центр',
  school: 'Образовательная организация',
  partner: 'Организация-партнёр',
};

export const SCHOOL_KIND_LABELS: Record<SchoolKind, string> = {
  general: 'общеобразовательная',
  additional: 'дополнительного образования',
};

export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  enterprise: 'предприятие',
  college: 'колледж (техникум)',
  university: 'вуз',
  culture: 'учреждение культуры',
  sport: 'учреждение спорта',
  other: 'иная организация',
};

/** Whom a resource centre or a mentor school supports (issue 17). */
export const SUPPORT_DIRECTION_LABELS: Record<SupportDirection, string> = {
  teachers: 'наставничество педагогов',
  students: 'наставничество обучающихся',
  both: 'наставничество педагогов и обучающихся',
};

/** The two roles of a school that supports others, as a list and a card name them. */
export const SUPPORT_ROLE_LABELS = {
  resource_center: 'ресурсный центр',
  mentor_school: 'школа-наставник',
} as const;

/** Which parent each type hangs under in the tree. */
export const PARENT_TYPE: Record<OrganizationType, OrganizationType | null> = {
  region: null,
  municipality: 'region',
  department: 'municipality',
  method_center: 'municipality',
  school: 'municipality',
  partner: 'municipality',
};

/** The organisation form's fields as the error summary names them. */
export const ORGANIZATION_FIELD_LABELS: Record<string, string> = {
  type: 'Тип организации',
  parent_id: 'Вышестоящая организация',
  full_name: 'Полное наименование',
  short_name: 'Краткое наименование',
  full_name_genitive: 'Полное наименование в родительном падеже',
  full_name_prepositional: 'Полное наименование в предложном падеже',
  school_kind: 'Вид образовательной организации',
  support_direction: 'Направление',
  support_subject: 'Предмет или тема',
  served_school_ids: 'Обслуживаемые школы',
  partner_kind: 'Вид организации-партнёра',
  inn: 'ИНН',
  address: 'Адрес',
  head_name: 'ФИО руководителя',
  head_position: 'Должность руководителя',
  phone: 'Телефон',
  email: 'Электронная почта',
  website: 'Сайт',
  time_zone: 'Часовой пояс',
};
