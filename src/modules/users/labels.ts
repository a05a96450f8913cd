/** The account form's fields as the error summary names them. */
export const USER_FIELD_LABELS: Record<string, string> = {
  login: 'Логин',
  full_name: 'ФИО',
  position: 'Должность',
  organization_id: 'Организация',
  role: 'Роль',
  email: 'Электронная почта',
  phone: 'Телефон',
};
