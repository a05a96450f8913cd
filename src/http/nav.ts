import type { CurrentUser } from '../auth/sessions.js';
import type { Role } from '../db/types.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

interface NavEntry {
  href: string;
  label: string;
  roles: readonly Role[];
}

// Only modules that exist are listed: a role never sees a link to an empty page.
const ENTRIES: NavEntry[] = [
  { href: '/', label: 'Главная', roles: ['admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee'] },
  { href: '/organizations', label: 'Организации', roles: ['admin', 'department', 'coordinator'] },
  { href: '/users', label: 'Пользователи', roles: ['admin', 'department', 'coordinator'] },
  { href: '/users', label: 'Сотрудники ОО', roles: ['school_head', 'curator'] },
  { href: '/mentors', label: 'Наставники', roles: ['curator', 'school_head', 'coordinator', 'department'] },
  { href: '/mentees', label: 'Наставляемые', roles: ['curator', 'school_head', 'coordinator', 'department'] },
  { href: '/registers', label: 'Реестры', roles: ['coordinator', 'department'] },
  { href: '/roadmaps', label: 'Дорожные карты', roles: ['coordinator', 'department', 'school_head', 'curator'] },
  { href: '/pairs', label: 'Пары и группы', roles: ['curator', 'school_head', 'coordinator', 'department'] },
  { href: '/programmes', label: 'Программы', roles: ['curator', 'school_head', 'coordinator', 'department'] },
  { href: '/dashboard', label: 'Показатели', roles: ['department', 'coordinator', 'school_head', 'curator'] },
  { href: '/surveys', label: 'Анкетирование', roles: ['coordinator', 'department', 'school_head', 'curator'] },
  { href: '/tags', label: 'Справочники', roles: ['coordinator'] },
  { href: '/audit', label: 'Журнал действий', roles: ['admin', 'coordinator'] },
  { href: '/account', label: 'Профиль', roles: ['admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee'] },
];

export function navFor(user: CurrentUser, currentPath: string): NavItem[] {
  return ENTRIES.filter((e) => e.roles.includes(user.role)).map((e) => ({
    href: e.href,
    label: e.label,
    current: e.href === '/' ? currentPath === '/' : currentPath === e.href || currentPath.startsWith(`${e.href}/`),
  }));
}
