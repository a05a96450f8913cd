import { describe, expect, it } from 'vitest';
import { dateMessage, missingDateReason, todayIso } from '../../src/lib/dates.js';

describe('todayIso', () => {
  it('is the Moscow calendar day, turning at Moscow midnight (21:00 UTC), whatever was asked before', () => {
    expect(todayIso(new Date('2026-11-23T20:59:59.999Z'))).toBe('2026-11-23');
    expect(todayIso(new Date('2026-11-23T21:00:00.000Z'))).toBe('2026-11-24');
    expect(todayIso(new Date('2026-11-23T20:59:30.000Z'))).toBe('2026-11-23');
    expect(todayIso(new Date('2027-01-01T00:00:00.000Z'))).toBe('2027-01-01');
    expect(todayIso(new Date('2026-12-31T21:00:05.000Z'))).toBe('2027-01-01');
  });
});

describe('a date that does not exist is called so, not a format error', () => {
  it('says which day the month lacks, or which month there is not', () => {
    expect(missingDateReason('31.02.2015')).toBe('даты «31.02.2015» не существует: в феврале 2015 года 28 дней, а не 31');
    expect(missingDateReason('29.02.2023')).toBe('даты «29.02.2023» не существует: в феврале 2023 года 28 дней, а не 29');
    expect(missingDateReason('30.02.2024')).toBe('даты «30.02.2024» не существует: в феврале 2024 года 29 дней, а не 30');
    expect(missingDateReason('31.04.2020')).toBe('даты «31.04.2020» не существует: в апреле 2020 года 30 дней, а не 31');
    expect(missingDateReason('2015-02-31')).toBe('даты «2015-02-31» не существует: в феврале 2015 года 28 дней, а не 31');
    expect(missingDateReason('12.13.2015')).toBe('даты «12.13.2015» не существует: месяца с номером 13 нет');
    expect(missingDateReason('00.01.2015')).toBe('даты «00.01.2015» не существует: дня с номером 0 нет');
  });

  it('leaves real dates and text that is no date to the format message', () => {
    expect(missingDateReason('29.02.2024')).toBeNull();
    expect(missingDateReason('31.12.2015')).toBeNull();
    expect(missingDateReason('12 марта')).toBeNull();
    expect(dateMessage('Дата рождения', '12 марта')).toBe('Дата рождения: укажите дату в виде ДД.ММ.ГГГГ');
    expect(dateMessage('Дата согласия', '31.06.2026')).toBe(
      'Дата согласия: даты «31.06.2026» не существует: в июне 2026 года 30 дней, а не 31',
    );
  });
});
