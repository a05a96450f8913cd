import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/types.js';
import { navFor } from '../../src/http/nav.js';
import { userOf } from '../helpers/signed-in.js';

/** The menu of each role: the modules it may open, less those reached from its own pages. */
const MENUS: Record<Role, string[]> = {
  admin: ['Главная', 'Организации', 'Пользователи', 'Журнал действий', 'Профиль'],
  department: [
    'Главная',
    'Организации',
    'Пользователи',
    'Наставники',
    'Наставляемые',
    'Реестры',
    'Дорожные карты',
    'Пары и группы',
    'Программы',
    'Показатели',
    'Анкетирование',
    'Профиль',
  ],
  coordinator: [
    'Главная',
    'Организации',
    'Пользователи',
    'Наставники',
    'Наставляемые',
    'Реестры',
    'Дорожные карты',
    'Пары и группы',
    'Программы',
    'Показатели',
    'Анкетирование',
    'Справочники',
    'Журнал действий',
    'Профиль',
  ],
  school_head: [
    'Главная',
    'Сотрудники ОО',
    'Наставники',
    'Наставляемые',
    'Дорожные карты',
    'Пары и группы',
    'Программы',
    'Показатели',
    'Анкетирование',
    'Профиль',
  ],
  curator: [
    'Главная',
    'Сотрудники ОО',
    'Наставники',
    'Наставляемые',
    'Дорожные карты',
    'Пары и группы',
    'Программы',
    'Показатели',
    'Анкетирование',
    'Профиль',
  ],
  mentor: ['Главная', 'Профиль'],
  mentee: ['Главная', 'Профиль'],
};

describe('the menu', () => {
  it.each(Object.keys(MENUS) as Role[])('%s', (role) => {
    expect(navFor(userOf(role), '/').map((i) => i.label)).toEqual(MENUS[role]);
  });

  it('marks the page the user is on and the pages under it', () => {
    const current = (path: string) =>
      navFor(userOf('curator'), path)
        .filter((i) => i.current)
        .map((i) => i.label);
    expect(current('/')).toEqual(['Главная']);
    expect(current('/roadmaps/12/timeline')).toEqual(['Дорожные карты']);
    expect(current('/roadmapsx')).toEqual([]);
  });
});
