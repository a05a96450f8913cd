import { browsesOrganizations, browsesPairs, mayOpen, readsOrganizationStaff } from '../access/policy.js';
import type { CurrentUser } from '../auth/sessions.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

interface NavEntry {
  href: string;
  label: string;
  /** Whom the menu offers it to: asked of src/access, never a list of roles here. */
  shows: (user: CurrentUser) => boolean;
}

const everyone = () => true;

// Only modules that exist are listed: a role never sees a link to an empty page.
const ENTRIES: NavEntry[] = [
  { href: '/', label: 'Главная', shows: everyone },
  { href: '/organizations', label: 'Организации', shows: browsesOrganizations },
  { href: '/users', label: 'Пользователи', shows: (u) => mayOpen(u, 'users') && !readsOrganizationStaff(u) },
  { href: '/users', label: 'Сотрудники ОО', shows: (u) => mayOpen(u, 'users') && readsOrganizationStaff(u) },
  { href: '/mentors', label: 'Наставники', shows: (u) => mayOpen(u, 'people') },
  { href: '/mentees', label: 'Наставляемые', shows: (u) => mayOpen(u, 'people') },
  { href: '/registers', label: 'Реестры', shows: (u) => mayOpen(u, 'registers') },
  { href: '/roadmaps', label: 'Дорожные карты', shows: (u) => mayOpen(u, 'roadmaps') },
  { href: '/pairs', label: 'Пары и группы', shows: browsesPairs },
  { href: '/programmes', label: 'Программы', shows: (u) => mayOpen(u, 'programmes') },
  { href: '/dashboard', label: 'Показатели', shows: (u) => mayOpen(u, 'indicators') },
  { href: '/surveys', label: 'Анкетирование', shows: (u) => mayOpen(u, 'surveys') },
  { href: '/tags', label: 'Справочники', shows: (u) => mayOpen(u, 'tagsManage') },
  { href: '/audit', label: 'Журнал действий', shows: (u) => mayOpen(u, 'audit') },
  { href: '/account', label: 'Профиль', shows: everyone },
];

export function navFor(user: CurrentUser, currentPath: string): NavItem[] {
  return ENTRIES.filter((e) => e.shows(user)).map((e) => ({
    href: e.href,
    label: e.label,
    current: e.href === '/' ? currentPath === '/' : currentPath === e.href || currentPath.startsWith(`${e.href}/`),
  }));
}
