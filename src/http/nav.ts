import { answersAgreements, browsesOrganizations, browsesPairs, mayOpen, readsOrganizationStaff } from '../access/policy.js';
import type { CurrentUser } from '../auth/sessions.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
  /** Listed under «Ещё» rather than in the menu's row. */
  more: boolean;
}

interface NavEntry {
  href: string;
  label: string;
  /** Whom the menu offers it to: asked of src/access, never a list of roles here. */
  shows: (user: CurrentUser) => boolean;
  /** A section opened now and then (the lists, the administration): under «Ещё» when the row is full. */
  occasional?: true;
}

const everyone = () => true;

/**
 * The most entries the menu's row holds: a role with more has its occasional sections under «Ещё»,
 * so that the row stays one line at 1 280 px.
 */
export const NAV_ROW_MAX = 7;

// Only modules that exist are listed: a role never sees a link to an empty page. The sections a role
// works in daily come first; «Профиль» is the user's name in the header.
const ENTRIES: NavEntry[] = [
  { href: '/', label: 'Главная', shows: everyone },
  { href: '/pairs', label: 'Пары и группы', shows: browsesPairs },
  { href: '/mentors', label: 'Наставники', shows: (u) => mayOpen(u, 'people') },
  { href: '/mentees', label: 'Наставляемые', shows: (u) => mayOpen(u, 'people') },
  { href: '/roadmaps', label: 'Дорожные карты', shows: (u) => mayOpen(u, 'roadmaps') },
  { href: '/dashboard', label: 'Показатели', shows: (u) => mayOpen(u, 'indicators') },
  { href: '/surveys', label: 'Анкетирование', shows: (u) => mayOpen(u, 'surveys') },
  { href: '/organizations', label: 'Организации', shows: browsesOrganizations, occasional: true },
  {
    href: '/users',
    label: 'Пользователи',
    shows: (u) => mayOpen(u, 'users') && !readsOrganizationStaff(u),
    occasional: true,
  },
  {
    href: '/users',
    label: 'Сотрудники ОО',
    shows: (u) => mayOpen(u, 'users') && readsOrganizationStaff(u),
    occasional: true,
  },
  { href: '/registers', label: 'Реестры', shows: (u) => mayOpen(u, 'registers'), occasional: true },
  { href: '/monitoring', label: 'Мониторинг', shows: (u) => mayOpen(u, 'monitoring'), occasional: true },
  { href: '/region/exports', label: 'Выгрузки для региона', shows: (u) => mayOpen(u, 'regionExports'), occasional: true },
  { href: '/programmes', label: 'Программы', shows: (u) => mayOpen(u, 'programmes'), occasional: true },
  { href: '/documents', label: 'Документы', shows: (u) => mayOpen(u, 'documents'), occasional: true },
  // issue 17: what the schools sent to the methodological centre (the department reads it from its home's link)
  { href: '/centre-agreements', label: 'Согласование', shows: answersAgreements, occasional: true },
  { href: '/agreements', label: 'Соглашения', shows: (u) => mayOpen(u, 'agreements'), occasional: true },
  { href: '/events', label: 'Мероприятия', shows: (u) => mayOpen(u, 'events'), occasional: true },
  { href: '/recognition', label: 'Поощрения', shows: (u) => mayOpen(u, 'recognition'), occasional: true },
  // issue 18: the mentor's own portfolio (the staff open a mentor's from its card in the base)
  { href: '/portfolio', label: 'Портфолио', shows: (u) => mayOpen(u, 'portfolioOwn'), occasional: true },
  // issue 19: the bank of best practices
  { href: '/practices', label: 'Практики', shows: (u) => mayOpen(u, 'practices'), occasional: true },
  // issue 19: the news of the public page of the municipality or the school
  { href: '/public-news', label: 'Публичная страница', shows: (u) => mayOpen(u, 'publicNews'), occasional: true },
  { href: '/tags', label: 'Справочники', shows: (u) => mayOpen(u, 'tagsManage'), occasional: true },
  { href: '/audit', label: 'Журнал действий', shows: (u) => mayOpen(u, 'audit'), occasional: true },
  { href: '/admin/jobs', label: 'Фоновые задачи', shows: (u) => mayOpen(u, 'jobs'), occasional: true },
];

/** The user's menu in order: the row's entries, then those under «Ещё» (`more`). */
export function navFor(user: CurrentUser, currentPath: string): NavItem[] {
  const shown = ENTRIES.filter((e) => e.shows(user));
  const folds = shown.length > NAV_ROW_MAX;
  const items = shown.map((e) => ({
    href: e.href,
    label: e.label,
    current: e.href === '/' ? currentPath === '/' : currentPath === e.href || currentPath.startsWith(`${e.href}/`),
    more: folds && e.occasional === true,
  }));
  return [...items.filter((i) => !i.more), ...items.filter((i) => i.more)];
}
