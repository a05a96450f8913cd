import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../src/modules/notifications/labels.js';

/** The reminders' texts (notifications/labels.ts): days and schools in the right grammatical forms. */

describe('reminder texts', () => {
  const due = NOTIFICATION_KINDS.monitoring_due.body;
  it.each([
    [0, 'Срок — сегодня.'],
    [1, 'До срока остался 1 день.'],
    [3, 'До срока осталось 3 дня.'],
    [7, 'До срока осталось 7 дней.'],
  ])('%i days left: «%s»', (days, text) => {
    expect(due({ subject: 'М', days, turn: 'fill' })).toBe(
      `${text} Отчёт ещё не отправлен: заполните его и отправьте руководителю на утверждение.`,
    );
  });

  it.each([
    [1, '«М»: 1 школа не сдала отчёт в срок'],
    [2, '«М»: 2 школы не сдали отчёты в срок'],
    [5, '«М»: 5 школ не сдали отчёты в срок'],
    [21, '«М»: 21 школа не сдала отчёт в срок'],
  ])('%i late schools: «%s»', (count, title) => {
    expect(NOTIFICATION_KINDS.monitoring_schools_late.title({ subject: 'М', count })).toBe(title);
  });

  it('a pair that never met names the day it started', () => {
    const body = NOTIFICATION_KINDS.pair_quiet_mentor.body({ subject: 'П', date: '2026-02-01', met: false, days: 21 });
    expect(body).toBe(
      'Программа «П». Встреч ещё не было с начала работы пары (01.02.2026). Проведите встречу и отметьте её на странице пары.',
    );
    expect(NOTIFICATION_KINDS.pair_quiet_mentor.title({ subject: 'П', days: 21 })).toBe('В вашей паре нет встреч 21 день');
  });

  it('every kind says why the person gets it', () => {
    for (const [kind, text] of Object.entries(NOTIFICATION_KINDS)) expect(text.reason, kind).toMatch(/^(вы|следующий) /);
  });
});
