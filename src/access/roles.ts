import type { OrganizationType, Role } from '../db/types.js';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Администратор портала',
  department: 'Управление образования',
  coordinator: 'Методический центр (координатор)',
  school_head: 'Руководитель ОО',
  curator: 'Куратор ОО',
  mentor: 'Наставник',
  mentee: 'Наставляемый',
  region: 'Региональный оператор',
};

export const MUNICIPALITY_ROLES: readonly Role[] = ['department', 'coordinator'];
export const SCHOOL_ROLES: readonly Role[] = ['school_head', 'curator', 'mentor', 'mentee'];

/** Which organisations a user of a role may belong to. */
export const ROLE_ORGANIZATION_TYPES: Record<Role, readonly OrganizationType[]> = {
  admin: ['region', 'municipality', 'department', 'method_center'],
  department: ['department'],
  coordinator: ['method_center'],
  school_head: ['school'],
  curator: ['school'],
  mentor: ['school', 'partner'],
  mentee: ['school'],
  region: ['region'],
};
