/**
 * The regional operator's monitoring (issue 15): the municipalities of its region with their
 * campaigns (the home page), and the exports of accepted snapshots — of one campaign (also for the
 * coordinator and the department of its municipality) and of the whole region for a period.
 *
 * Decisions:
 * - The region sees every campaign of its municipalities once it opens (its progress: «принято 9
 *   из 18»), but reads only accepted submissions.
 * - The region's export for a period takes, per municipality, its campaign of that period with the
 *   most accepted submissions (on a tie the one opened last): a municipality may run an internal and
 *   a municipal round for the same year; the export's «Источник» sheet names the campaign taken.
 */

import type { Kysely } from 'kysely';
import { canExportCampaign, monitoringRegionOf } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { todayIso } from '../../lib/dates.js';
import type { Actor } from '../audit/service.js';
import { getCampaign } from '../monitoring/service.js';
import {
  acceptedSnapshots,
  type CampaignHead,
  campaignHeads,
  type RegionCampaignRow,
  regionCampaigns,
  regionMunicipalities,
} from './queries.js';
import { type ExportLayout, exportWorkbook, LAYOUT_TITLES } from './xlsx.js';

const REGION_ONLY = 'Раздел открыт региональному оператору.';

function regionOf(actor: { user: CurrentUser }): number {
  const region = monitoringRegionOf(actor.user);
  if (region === null) throw new ForbiddenError(REGION_ONLY);
  return region;
}

export interface RegionMunicipality {
  id: number;
  name: string;
  campaigns: RegionCampaignRow[];
}

/** The region's home: each municipality with its opened campaigns and their accepted submissions. */
export async function regionOverview(db: Kysely<Database>, user: CurrentUser): Promise<{ municipalities: RegionMunicipality[] }> {
  const region = regionOf({ user });
  const [municipalities, campaigns] = await Promise.all([
    regionMunicipalities(db, region),
    regionCampaigns(db, region, todayIso()),
  ]);
  return {
    municipalities: municipalities.map((m) => ({
      id: m.id,
      name: m.short_name,
      campaigns: campaigns.filter((c) => c.municipality_id === m.id),
    })),
  };
}

export interface Period {
  /** 'YYYY-MM-DD..YYYY-MM-DD': the value of the period select. */
  key: string;
  label: string;
}

const periodKey = (c: Pick<RegionCampaignRow, 'period_start' | 'period_end'>) => `${c.period_start}..${c.period_end}`;

export interface RegionExportChoice {
  periods: Period[];
  period: Period | null;
  /** The campaign taken for each municipality that has one with an accepted submission in the period. */
  campaigns: CampaignHead[];
  /** Municipalities with no accepted submission in the period. */
  without: string[];
}

/** The periods with accepted submissions in the region, and for `key` (else the latest) the campaign of each municipality. */
export async function regionExportChoice(db: Kysely<Database>, actor: Actor, key?: string): Promise<RegionExportChoice> {
  const region = regionOf(actor);
  const [municipalities, all] = await Promise.all([regionMunicipalities(db, region), regionCampaigns(db, region, todayIso())]);
  const withAccepted = all.filter((c) => c.accepted > 0);
  const periods: Period[] = [];
  for (const c of withAccepted)
    if (!periods.some((p) => p.key === periodKey(c))) periods.push({ key: periodKey(c), label: c.period_label });
  const period = key === undefined ? (periods[0] ?? null) : (periods.find((p) => p.key === key) ?? null);
  if (key !== undefined && period === null) throw new NotFoundError();
  if (period === null) return { periods, period, campaigns: [], without: municipalities.map((m) => m.short_name) };
  const chosen: number[] = [];
  const without: string[] = [];
  for (const m of municipalities) {
    // Already ordered by period, then the latest opened first: the first with the most accepted wins.
    const own = withAccepted.filter((c) => c.municipality_id === m.id && periodKey(c) === period.key);
    const best = own.reduce<RegionCampaignRow | undefined>(
      (a, c) => (a === undefined || c.accepted > a.accepted ? c : a),
      undefined,
    );
    if (best) chosen.push(best.id);
    else without.push(m.short_name);
  }
  return { periods, period, campaigns: await campaignHeads(db, chosen), without };
}

export interface ExportFile {
  fileName: string;
  data: Buffer;
}

/** An export of one campaign: its municipality's coordinator and department, the region. */
export async function campaignExport(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  layout: ExportLayout,
): Promise<ExportFile> {
  const campaign = await getCampaign(db, actor, campaignId);
  if (!canExportCampaign(actor.user, campaign)) throw new NotFoundError();
  const heads = await campaignHeads(db, [campaign.id]);
  const head = heads[0];
  if (!head) throw new NotFoundError();
  const rows = await acceptedSnapshots(db, [campaign.id]);
  const data = await exportWorkbook(layout, `${head.municipality_name}, ${campaign.title}`, heads, rows, todayIso(), new Date());
  return { fileName: `${LAYOUT_TITLES[layout]} ${head.municipality_name} ${campaign.period_label}.xlsx`, data };
}

/** An export of the region for a period: each municipality's campaign of it (regionExportChoice). */
export async function regionExport(db: Kysely<Database>, actor: Actor, key: string, layout: ExportLayout): Promise<ExportFile> {
  const choice = await regionExportChoice(db, actor, key);
  const label = choice.period?.label ?? '';
  const rows = await acceptedSnapshots(
    db,
    choice.campaigns.map((c) => c.id),
  );
  const data = await exportWorkbook(
    layout,
    `все муниципалитеты региона, ${label}`,
    choice.campaigns,
    rows,
    todayIso(),
    new Date(),
  );
  return { fileName: `${LAYOUT_TITLES[layout]} регион ${label}.xlsx`, data };
}
