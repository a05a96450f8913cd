import { describe, expect, it } from 'vitest';
import { innWithCheckDigit, isValidInn } from '../../src/lib/inn.js';
import { pageUrl } from '../../src/lib/pagination.js';
import { runInTimeZoneOf } from '../../src/lib/dates.js';
import { countOf, formatDate, formatDateTime, formatLongDate, plural, shorten } from '../../src/lib/ru.js';

describe('Russian formatting', () => {
  it("shows a moment on the clock and calendar of the request's municipality (Moscow outside a request)", () => {
    const moment = new Date('2026-12-06T14:30:00Z'); // 17:30 in Moscow, already 7 December in Vladivostok
    expect(formatDateTime(moment)).toBe('06.12.2026, 17:30');
    const inZone = (zone: string, format: () => string) => runInTimeZoneOf(() => zone, format);
    expect(inZone('Asia/Vladivostok', () => formatDateTime(moment))).toBe('07.12.2026, 00:30');
    expect(inZone('Asia/Vladivostok', () => formatDate(moment))).toBe('07.12.2026');
    expect(inZone('Europe/Kaliningrad', () => formatLongDate(moment))).toBe('6 декабря 2026 г.');
    // A calendar day written as text is that day whatever the zone.
    expect(inZone('Asia/Kamchatka', () => formatDate('2026-12-06'))).toBe('06.12.2026');
  });

  it('chooses the plural form', () => {
    const forms = ['школа', 'школы', 'школ'] as const;
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => plural(n, forms))).toEqual([
      'школа',
      'школы',
      'школ',
      'школ',
      'школа',
      'школы',
      'школ',
      'школ',
    ]);
    expect(countOf(1234, forms)).toBe('1\u00a0234 школы');
  });

  it('shortens a long text to the length given, «…» included, and leaves a short one as it is', () => {
    expect(shorten('Дорожная карта', 14)).toBe('Дорожная карта');
    expect(shorten('Дорожная карта школы', 10)).toBe('Дорожная…');
    expect(shorten('Дорожная карта школы', 10)).toHaveLength(9);
    expect(shorten('а'.repeat(100), 80)).toHaveLength(80);
  });

  it('formats dates as dd.mm.yyyy without shifting a date-only value', () => {
    expect(formatDate('2022-08-30')).toBe('30.08.2022');
    expect(formatDate(null)).toBe('');
  });
});

describe('INN', () => {
  it('checks the control digits', () => {
    expect(isValidInn('7707083893')).toBe(true); // a well-known public organisation INN
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732259')).toBe(true);
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('12345')).toBe(false);
    expect(isValidInn(innWithCheckDigit('183700201'))).toBe(true);
  });
});

describe('page links', () => {
  it('keep the filters and drop empty ones', () => {
    expect(pageUrl('/users', { q: 'Иванов', role: '', page: '3' }, 2)).toBe(
      '/users?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2&page=2',
    );
    expect(pageUrl('/users', { q: undefined }, 1)).toBe('/users');
  });
});

describe('greeting', () => {
  it('addresses a person by name and patronymic', async () => {
    const { greetingName } = await import('../../src/lib/ru.js');
    expect(greetingName('Павлова Наталья Игоревна')).toBe('Наталья Игоревна');
    expect(greetingName('Иванов Пётр')).toBe('Иванов Пётр');
  });
});
