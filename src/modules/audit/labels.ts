export const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: 'создание',
  update: 'изменение',
  deactivate: 'отключение',
  activate: 'включение',
  invite: 'приглашение',
  reset_password: 'выдача ссылки для пароля',
  set_password: 'установка пароля по ссылке',
  change_password: 'смена пароля',
  login: 'вход',
  logout: 'выход',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  organization: 'организация',
  user: 'пользователь',
};

/** Field names as a user reads them in the log. */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  type: 'тип',
  parent_id: 'вышестоящая организация',
  full_name: 'наименование / ФИО',
  short_name: 'краткое наименование',
  school_kind: 'вид ОО',
  is_resource_center: 'ресурсный центр',
  partner_kind: 'вид партнёра',
  inn: 'ИНН',
  address: 'адрес',
  head_name: 'руководитель',
  head_position: 'должность руководителя',
  phone: 'телефон',
  email: 'эл. почта',
  website: 'сайт',
  municipality_id: 'муниципальное образование',
  is_active: 'активность',
  login: 'логин',
  position: 'должность',
  organization_id: 'организация',
  role: 'роль',
  password: 'пароль',
};
