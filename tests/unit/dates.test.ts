import { describe, expect, it } from 'vitest';
import { currentTimeZone, dateMessage, missingDateReason, runInTimeZoneOf, todayIso } from '../../src/lib/dates.js';
import { RUSSIAN_TIME_ZONES } from '../../src/lib/time-zones.js';

describe('todayIso', () => {
  it('is the Moscow calendar day, turning at Moscow midnight (21:00 UTC), whatever was asked before', () => {
    expect(todayIso(new Date('2026-11-23T20:59:59.999Z'))).toBe('2026-11-23');
    expect(todayIso(new Date('2026-11-23T21:00:00.000Z'))).toBe('2026-11-24');
    expect(todayIso(new Date('2026-11-23T20:59:30.000Z'))).toBe('2026-11-23');
    expect(todayIso(new Date('2027-01-01T00:00:00.000Z'))).toBe('2027-01-01');
    expect(todayIso(new Date('2026-12-31T21:00:05.000Z'))).toBe('2027-01-01');
  });
});

describe('todayIso in a municipality’s time zone', () => {
  it('turns at the zone’s own midnight, each zone keeping its own answer within a minute', () => {
    // Vladivostok is UTC+10: its day turns at 14:00 UTC.
    expect(todayIso(new Date('2026-12-06T13:59:59.999Z'), 'Asia/Vladivostok')).toBe('2026-12-06');
    expect(todayIso(new Date('2026-12-06T14:00:00.000Z'), 'Asia/Vladivostok')).toBe('2026-12-07');
    // The same minute in Moscow is still the 6th: the answers of different zones are kept apart.
    expect(todayIso(new Date('2026-12-06T14:00:10.000Z'), 'Europe/Moscow')).toBe('2026-12-06');
    expect(todayIso(new Date('2026-12-06T14:00:20.000Z'), 'Asia/Vladivostok')).toBe('2026-12-07');
    // Kaliningrad (UTC+2) is a day behind Moscow between 21:00 and 22:00 UTC.
    expect(todayIso(new Date('2026-12-06T21:30:00.000Z'), 'Europe/Kaliningrad')).toBe('2026-12-06');
    expect(todayIso(new Date('2026-12-06T21:30:00.000Z'), 'Europe/Moscow')).toBe('2026-12-07');
    expect(todayIso(new Date('2026-12-06T22:00:00.000Z'), 'Europe/Kaliningrad')).toBe('2026-12-07');
    // Kamchatka (UTC+12): New Year at noon UTC.
    expect(todayIso(new Date('2026-12-31T11:59:59.000Z'), 'Asia/Kamchatka')).toBe('2026-12-31');
    expect(todayIso(new Date('2026-12-31T12:00:00.000Z'), 'Asia/Kamchatka')).toBe('2027-01-01');
  });

  it('is by default the zone of the work under way (a request’s municipality), else Moscow’s', () => {
    const at = new Date('2026-12-06T14:30:00.000Z');
    expect(currentTimeZone()).toBe('Europe/Moscow');
    expect(todayIso(at)).toBe('2026-12-06');
    let zone: string | undefined;
    runInTimeZoneOf(
      () => zone,
      () => {
        expect(todayIso(at)).toBe('2026-12-06');
        // The zone is asked each time (a request learns its municipality after it started).
        zone = 'Asia/Vladivostok';
        expect(todayIso(at)).toBe('2026-12-07');
      },
    );
    expect(todayIso(at)).toBe('2026-12-06');
  });

  it('offers every zone of Russia, each a real IANA zone', () => {
    expect(RUSSIAN_TIME_ZONES).toHaveLength(11);
    for (const zone of RUSSIAN_TIME_ZONES) expect(() => new Intl.DateTimeFormat('ru', { timeZone: zone.value })).not.toThrow();
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
