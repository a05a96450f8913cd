import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { todayIso } from '../../lib/dates.js';
import { computeYears, storedFirstYear } from '../indicators/compute.js';
import { academicCode, type EnginePeriod, halfCode, period, periodsToCompute } from '../indicators/periods.js';
import { activeIndicators } from '../indicators/queries.js';
import type { CampaignRow, ComputedFigure } from './queries.js';
import { schoolResults } from './queries.js';

/**
 * The computed block of a submission takes the campaign's own period (src/modules/indicators/periods.ts):
 * a calendar year or an academic year is read from the summary tables the recount keeps for the
 * municipality; a half-year (not kept: two more periods a year for every municipality, for the
 * campaigns that ask for one) is counted on demand for the one school, with the recount's own
 * statements over that one period (computeYears with the school) — and so is a period the recount
 * does not keep (an academic year that has not begun yet).
 */

/** The engine's period of a campaign (its kind and first day). */
export function campaignEnginePeriod(campaign: Pick<CampaignRow, 'period_kind' | 'period_start'>): EnginePeriod {
  const year = Number(campaign.period_start.slice(0, 4));
  switch (campaign.period_kind) {
    case 'calendar_year':
      return period(year);
    case 'academic_year':
      return period(academicCode(year));
    case 'half_year':
      return period(halfCode(year, campaign.period_start.slice(5, 7) >= '07' ? 2 : 1));
  }
}

/** The school's computed values of the campaign's period, by indicator code. */
export async function campaignResults(
  db: Kysely<Database>,
  campaign: Pick<CampaignRow, 'municipality_id' | 'period_kind' | 'period_start'>,
  organizationId: number,
  codes: readonly string[],
): Promise<Map<string, ComputedFigure>> {
  if (codes.length === 0) return new Map();
  const p = campaignEnginePeriod(campaign);
  const today = todayIso();
  const kept = periodsToCompute(await storedFirstYear(db, campaign.municipality_id, today), today);
  if (kept.includes(p.code)) return schoolResults(db, campaign.municipality_id, organizationId, p.code, codes);
  const indicators = (await activeIndicators(db, campaign.municipality_id)).filter((i) => codes.includes(i.code));
  const values = await computeYears(db, campaign.municipality_id, [p.code], organizationId);
  const out = new Map<string, ComputedFigure>();
  for (const i of indicators) {
    const v = values.find((x) => x.indicatorId === i.id && x.organizationId === organizationId);
    if (!v) continue;
    const text = (n: number | null) => (n === null ? null : String(n));
    out.set(i.code, {
      code: i.code,
      unit: i.unit,
      value: text(v.value),
      numerator: text(v.numerator),
      denominator: text(v.denominator),
    });
  }
  return out;
}
