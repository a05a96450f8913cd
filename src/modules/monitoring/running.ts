/**
 * «Идущий» (running) monitoring campaigns: what the department's and the coordinator's home page
 * shows in its «Мониторинг» block. The one definition: a campaign runs from its opening day until
 * RUNNING_DAYS_AFTER_DEADLINE days after its common deadline (the centre still chases the late
 * schools, returns and accepts in those weeks); a campaign not yet opened or long past its deadline
 * is only on /monitoring.
 */

import { type Kysely, sql } from 'kysely';
import { campaignsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import type { CampaignRow } from './queries.js';
import { UNSENT } from './submission.js';

export const RUNNING_DAYS_AFTER_DEADLINE = 30;

/** The earliest common deadline a running campaign may have on `today`. */
export function runningDeadlineFrom(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - RUNNING_DAYS_AFTER_DEADLINE);
  return d.toISOString().slice(0, 10);
}

export function isRunning(campaign: Pick<CampaignRow, 'opens_on' | 'deadline'>, today: string): boolean {
  return campaign.opens_on <= today && campaign.deadline >= runningDeadlineFrom(today);
}

export interface RunningCampaign {
  id: number;
  title: string;
  deadline: string;
  /** Addressed schools (submissions). */
  total: number;
  /** Sent, approved or accepted (as the matrix counts them). */
  sent: number;
  /** Approved by the school's head: waiting for the coordinator. */
  approved: number;
  accepted: number;
  /** Unsent after the school's deadline (its extended one, else the campaign's). */
  overdue: number;
}

/**
 * The running campaigns of the user's scope with the counts of their submissions, nearest deadline
 * first: one grouped query for the whole block (the campaigns by the municipality's index, their
 * submissions by the campaign's unique key).
 */
export function runningCampaigns(db: Kysely<Database>, user: CurrentUser, today: string): Promise<RunningCampaign[]> {
  return db
    .selectFrom('monitoring_campaigns')
    .leftJoin('monitoring_submissions as s', 's.campaign_id', 'monitoring_campaigns.id')
    .select(['monitoring_campaigns.id', 'monitoring_campaigns.title', 'monitoring_campaigns.deadline'])
    .select([
      sql<number>`count(s.id)::int`.as('total'),
      sql<number>`(count(s.id) filter (where s.status in ('sent', 'approved', 'accepted')))::int`.as('sent'),
      sql<number>`(count(s.id) filter (where s.status = 'approved'))::int`.as('approved'),
      sql<number>`(count(s.id) filter (where s.status = 'accepted'))::int`.as('accepted'),
      sql<number>`(count(s.id) filter (where s.status in (${sql.join([...UNSENT])})
        and coalesce(s.deadline_override, monitoring_campaigns.deadline) < ${today}))::int`.as('overdue'),
    ])
    .where(campaignsInScope(user, today))
    .where('monitoring_campaigns.opens_on', '<=', today)
    .where('monitoring_campaigns.deadline', '>=', runningDeadlineFrom(today))
    .groupBy('monitoring_campaigns.id')
    .orderBy('monitoring_campaigns.deadline')
    .orderBy('monitoring_campaigns.id')
    .execute();
}
