import type { MonitoringPeriodKind } from '../../db/types.js';

/** The period a campaign covers: its kind, first and last day, and the label people read. */
export interface Period {
  kind: MonitoringPeriodKind;
  start: string;
  end: string;
  label: string;
}

/**
 * A calendar year (2025: 01.01–31.12), an academic year starting in `year` («2024/25»:
 * 01.09.2024–31.08.2025) or a half-year of a calendar year (1: January–June, 2: July–December).
 */
export function campaignPeriod(kind: MonitoringPeriodKind, year: number, half: 1 | 2 = 1): Period {
  switch (kind) {
    case 'calendar_year':
      return { kind, start: `${year}-01-01`, end: `${year}-12-31`, label: `${year} год` };
    case 'academic_year':
      return {
        kind,
        start: `${year}-09-01`,
        end: `${year + 1}-08-31`,
        label: `${year}/${String((year + 1) % 100).padStart(2, '0')} учебный год`,
      };
    case 'half_year':
      return half === 1
        ? { kind, start: `${year}-01-01`, end: `${year}-06-30`, label: `I полугодие ${year} года` }
        : { kind, start: `${year}-07-01`, end: `${year}-12-31`, label: `II полугодие ${year} года` };
  }
}

/** The year and half the form shows for a stored period. */
export function periodFormValues(kind: MonitoringPeriodKind, start: string): { period_year: string; period_half: string } {
  const year = Number(start.slice(0, 4));
  return { period_year: String(year), period_half: kind === 'half_year' && start.slice(5, 7) === '07' ? '2' : '1' };
}
