import { ageOn, todayIso } from '../../lib/dates.js';

/** Age and experience rules of the bases, on calendar dates ('YYYY-MM-DD'). */

export { ageOn, todayIso };

/** The anonymous age group kept after erasure and shown in district lists instead of a birth date. */
export function ageGroup(birthDate: string | null, day: string): string | null {
  if (!birthDate) return null;
  const age = ageOn(birthDate, day);
  if (age < 10) return 'до 10 лет';
  if (age <= 14) return '10–14 лет';
  if (age <= 19) return '15–19 лет';
  if (age <= 29) return '20–29 лет';
  if (age <= 39) return '30–39 лет';
  if (age <= 49) return '40–49 лет';
  if (age <= 59) return '50–59 лет';
  return '60 лет и старше';
}

/** Years of teaching between the start date and a day (whole years). */
export function teachingYears(since: string, day: string): number {
  return ageOn(since, day);
}

/** A school class such as «5Б», «11 «А»», «10-а» normalised to «11А»; null if it is not a class. */
export function normalizeClass(value: string): string | null {
  const cleaned = value
    .replace(/[«»"'“”„]/g, '')
    .replace(/класс|кл\.?/gi, '')
    .replace(/[\s\-–]/g, '')
    .toUpperCase();
  const match = /^(1[01]|[1-9])([А-ЯЁ]{0,2})$/.exec(cleaned);
  return match ? `${match[1]}${match[2]}` : null;
}

/** Birth dates after this day belong to minors (under 18 on the Moscow calendar day). */
export function minorBornAfter(day = todayIso()): string {
  const [y, m, d] = day.split('-');
  return `${Number(y) - 18}-${m}-${d}`;
}
