import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/types.js';
import { NAV_ROW_MAX, navFor } from '../../src/http/nav.js';
import { userOf } from '../helpers/signed-in.js';

/**
 * The menu of each role: the modules it may open, less those reached from its own pages; the
 * sections used daily in the row, the occasional ones under «Ещё» (`more`) once the row is full.
 * «Профиль» is the user's name in the header, not a menu entry.
 */
const DAILY = ['Главная', 'Пары и группы', 'Наставники', 'Наставляемые', 'Дорожные карты', 'Показатели', 'Анкетирование'];
const MENUS: Record<Role, { row: string[]; more: string[] }> = {
  admin: { row: ['Главная', 'Организации', 'Пользователи', 'Журнал действий', 'Фоновые задачи'], more: [] },
  department: {
    row: DAILY,
    more: [
      'Организации',
      'Пользователи',
      'Реестры',
      'Мониторинг',
      'Программы',
      'Документы',
      'Соглашения',
      'Мероприятия',
      'Поощрения',
      'Практики',
    ],
  },
  coordinator: {
    row: DAILY,
    more: [
      'Организации',
      'Пользователи',
      'Реестры',
      'Мониторинг',
      'Программы',
      'Документы',
      'Согласование',
      'Соглашения',
      'Мероприятия',
      'Поощрения',
      'Практики',
      'Публичная страница',
      'Справочники',
      'Журнал действий',
    ],
  },
  school_head: {
    row: DAILY,
    more: ['Сотрудники ОО', 'Мониторинг', 'Программы', 'Документы', 'Соглашения', 'Мероприятия', 'Поощрения', 'Практики'],
  },
  curator: {
    row: DAILY,
    more: [
      'Сотрудники ОО',
      'Мониторинг',
      'Программы',
      'Документы',
      'Соглашения',
      'Мероприятия',
      'Поощрения',
      'Практики',
      'Публичная страница',
    ],
  },
  mentor: { row: ['Главная', 'Мероприятия', 'Поощрения', 'Портфолио', 'Практики'], more: [] },
  mentee: { row: ['Главная', 'Мероприятия'], more: [] },
  region: { row: ['Главная', 'Мониторинг', 'Выгрузки для региона'], more: [] },
};

describe('the menu', () => {
  it.each(Object.keys(MENUS) as Role[])('%s', (role) => {
    const items = navFor(userOf(role), '/');
    expect(items.filter((i) => !i.more).map((i) => i.label)).toEqual(MENUS[role].row);
    expect(items.filter((i) => i.more).map((i) => i.label)).toEqual(MENUS[role].more);
    expect(items.filter((i) => !i.more).length).toBeLessThanOrEqual(NAV_ROW_MAX);
    expect(items.map((i) => i.label)).not.toContain('Профиль');
  });

  it('marks the page the user is on and the pages under it, under «Ещё» too', () => {
    const current = (path: string) =>
      navFor(userOf('curator'), path)
        .filter((i) => i.current)
        .map((i) => i.label);
    expect(current('/')).toEqual(['Главная']);
    expect(current('/roadmaps/12/timeline')).toEqual(['Дорожные карты']);
    expect(current('/roadmapsx')).toEqual([]);
    expect(current('/programmes/3')).toEqual(['Программы']);
  });
});
