import { type Kysely, sql } from 'kysely';
import type { Database, MonitoringLevel } from '../../db/types.js';

/** The municipalities of a region (organisations of type 'municipality' whose parent it is), by name. */
export function regionMunicipalities(db: Kysely<Database>, regionId: number): Promise<Array<{ id: number; short_name: string }>> {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('parent_id', '=', regionId)
    .where('type', '=', 'municipality')
    .orderBy('short_name')
    .orderBy('id')
    .execute();
}

export interface RegionCampaignRow {
  id: number;
  municipality_id: number;
  title: string;
  level: MonitoringLevel;
  period_start: string;
  period_end: string;
  period_label: string;
  opens_on: string;
  deadline: string;
  schools: number;
  accepted: number;
}

/**
 * The campaigns of the region's municipalities opened by `today`, with how many of their
 * submissions there are and how many are accepted (one grouped pass), newest period first.
 */
export function regionCampaigns(db: Kysely<Database>, regionId: number, today: string): Promise<RegionCampaignRow[]> {
  return db
    .selectFrom('monitoring_campaigns as c')
    .innerJoin('organizations as m', 'm.id', 'c.municipality_id')
    .leftJoin('monitoring_submissions as s', 's.campaign_id', 'c.id')
    .select([
      'c.id',
      'c.municipality_id',
      'c.title',
      'c.level',
      'c.period_start',
      'c.period_end',
      'c.period_label',
      'c.opens_on',
      'c.deadline',
      sql<number>`count(s.id)::int`.as('schools'),
      sql<number>`count(s.id) filter (where s.status = 'accepted')::int`.as('accepted'),
    ])
    .where('m.parent_id', '=', regionId)
    .where('m.type', '=', 'municipality')
    .where('c.opens_on', '<=', today)
    .groupBy('c.id')
    .orderBy('c.period_start', 'desc')
    .orderBy('c.opens_on', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

export interface CampaignHead {
  id: number;
  municipality_id: number;
  municipality_name: string;
  title: string;
  period_label: string;
  schools: number;
  accepted: number;
}

/** The campaigns with their municipality's name and their counts of submissions, in the order given. */
export async function campaignHeads(db: Kysely<Database>, ids: readonly number[]): Promise<CampaignHead[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('monitoring_campaigns as c')
    .innerJoin('organizations as m', 'm.id', 'c.municipality_id')
    .leftJoin('monitoring_submissions as s', 's.campaign_id', 'c.id')
    .select([
      'c.id',
      'c.municipality_id',
      'm.short_name as municipality_name',
      'c.title',
      'c.period_label',
      sql<number>`count(s.id)::int`.as('schools'),
      sql<number>`count(s.id) filter (where s.status = 'accepted')::int`.as('accepted'),
    ])
    .where('c.id', 'in', [...ids])
    .groupBy(['c.id', 'm.short_name'])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface AcceptedSnapshotRow {
  campaign_id: number;
  organization_id: number;
  school_name: string;
  accepted_at: Date;
  figures: unknown;
}

/** The current snapshots of the accepted submissions of the campaigns, by school name. */
export function acceptedSnapshots(db: Kysely<Database>, campaignIds: readonly number[]): Promise<AcceptedSnapshotRow[]> {
  if (campaignIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('monitoring_submissions as s')
    .innerJoin('monitoring_snapshots as snap', 'snap.submission_id', 's.id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select([
      's.campaign_id',
      's.organization_id',
      'o.short_name as school_name',
      'snap.created_at as accepted_at',
      'snap.figures',
    ])
    .where('s.campaign_id', 'in', [...campaignIds])
    .where('s.status', '=', 'accepted')
    .where('snap.superseded_at', 'is', null)
    .orderBy('o.short_name')
    .orderBy('o.id')
    .execute();
}
