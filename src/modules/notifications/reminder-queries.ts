/**
 * The set-based reads of the reminders (reminders.ts): one statement per kind over the whole
 * portal, each row with its municipality's own «today» (organizations.time_zone), so that one run
 * of the job tells each municipality on its own calendar. The windows bound the work and keep a
 * first run after deployment from telling of things long past.
 */

import { type Kysely, sql, type Transaction } from 'kysely';
import { CURRENT_USER_COLUMNS, type CurrentUser, currentUserOf } from '../../auth/sessions.js';
import type { Database, MonitoringStatus, ProgrammeBankStatus } from '../../db/types.js';
import { DEFAULT_TIME_ZONE } from '../../lib/dates.js';

type Db = Kysely<Database> | Transaction<Database>;

/** How far back an overdue deadline, a campaign's opening and a meeting are still told of (days). */
export const REMINDER_WINDOWS = {
  /** A school is told a campaign opened within this many days of its opening day. */
  opened: 7,
  /** Due reminders start this many days before a deadline. */
  due: 7,
  /** An overdue report or roadmap item is told of within this many days after its deadline. */
  overdue: 30,
  /** A meeting's feedback is asked for from the day after it until this many days after it. */
  feedback: 14,
} as const;

/**
 * `days`: each municipality's today at the moment `now` and its time zone, as a CTE joined by
 * municipality. Materialized: computed on the join instead, the zone's day made the planner
 * misjudge the join (7 s instead of 0.7 s for the feedback read at region scale).
 */
const municipalDays = (now: Date) => sql`days as materialized (
    select m.id, (${now.toISOString()}::timestamptz at time zone coalesce(m.time_zone, ${DEFAULT_TIME_ZONE}))::date as today,
           coalesce(m.time_zone, ${DEFAULT_TIME_ZONE}) as time_zone
      from organizations m where m.type = 'municipality')`;

/** One school's submission to an opened campaign that may be due a reminder. */
export interface CampaignReminderRow {
  submission_id: number;
  organization_id: number;
  school_name: string;
  status: MonitoringStatus;
  campaign_id: number;
  title: string;
  municipality_id: number;
  region_id: number | null;
  opens_on: string;
  /** The campaign's own deadline. */
  campaign_deadline: string;
  /** The school's: its extension, else the campaign's. */
  deadline: string;
  today: string;
}

/**
 * The submissions of opened campaigns that may tell someone today: a campaign opened within the
 * window, a deadline within 7 days of a report not yet approved, a deadline passed (within the
 * window) of a report not approved.
 */
export async function campaignReminderRows(db: Db, now: Date): Promise<CampaignReminderRow[]> {
  const w = REMINDER_WINDOWS;
  const result = await sql<CampaignReminderRow>`
    with ${municipalDays(now)}
    select * from (
      select s.id as submission_id, s.organization_id, o.short_name as school_name, s.status,
             c.id as campaign_id, c.title, c.municipality_id, m.parent_id as region_id,
             c.opens_on::text as opens_on, c.deadline::text as campaign_deadline,
             coalesce(s.deadline_override, c.deadline)::text as deadline, d.today::text as today
        from monitoring_campaigns c
        join organizations m on m.id = c.municipality_id
        join days d on d.id = c.municipality_id
        join monitoring_submissions s on s.campaign_id = c.id
        join organizations o on o.id = s.organization_id
       -- Coarse bounds in UTC days (a zone is at most a day off), so that old campaigns are not read.
       where c.opens_on <= ${now.toISOString()}::date + 1
         and coalesce(s.deadline_override, c.deadline) >= ${now.toISOString()}::date - ${w.overdue + 1}::int
    ) r
    where r.opens_on::date <= r.today::date
      and (
        (r.opens_on::date >= r.today::date - ${w.opened}::int and r.deadline::date >= r.today::date)
        or (r.status not in ('approved', 'accepted')
            and r.deadline::date between r.today::date - ${w.overdue}::int and r.today::date + ${w.due}::int)
      )
    order by r.campaign_id, r.organization_id`.execute(db);
  return result.rows;
}

/** An unfinished item of an organisation's roadmap (plan) with its parsed deadline. */
export interface RoadmapItemReminderRow {
  item_id: number;
  number: string | null;
  activity: string;
  status: 'not_started' | 'in_progress';
  deadline: unknown;
  responsible_links: string[];
  roadmap_id: number;
  title: string;
  organization_id: number;
  organization_type: 'school' | 'municipality';
  municipality_id: number | null;
  /** For a non-recurring item, the day it is due by (computed in SQL); null for a recurring one. */
  due: string | null;
  today: string;
}

/**
 * The unfinished items of plans whose due day falls in the window (7 days ahead, or passed within
 * the overdue window), the due day read from the parsed deadline in SQL; and every unfinished
 * recurring item of a plan whose period covers this year or the last (its occurrences are dated in
 * reminders.ts, with roadmaps/overdue.ts).
 */
export async function roadmapItemReminderRows(db: Db, now: Date): Promise<RoadmapItemReminderRow[]> {
  const w = REMINDER_WINDOWS;
  const due = sql`(case i.deadline->>'kind'
      when 'date' then i.deadline->>'date'
      when 'range' then i.deadline->>'to'
      when 'periods' then i.deadline->'periods'->-1->>'to' end)`;
  const year = now.getUTCFullYear();
  const result = await sql<RoadmapItemReminderRow>`
    with ${municipalDays(now)}
    select * from (
      select i.id as item_id, i.number, i.activity, i.status, i.deadline, i.responsible_links,
             r.id as roadmap_id, r.title, r.organization_id, o.type as organization_type, o.municipality_id,
             ${due} as due, d.today::text as today
        from roadmap_items i
        join roadmaps r on r.id = i.roadmap_id
        join organizations o on o.id = r.organization_id
        join days d on d.id = o.municipality_id
       where r.kind = 'plan'
         and i.kind = 'item'
         and i.status in ('not_started', 'in_progress')
         and i.deadline->>'kind' in ('date', 'range', 'periods', 'recurring')
         and r.period_to >= ${year - 1}::int
    ) r
    where (r.due is null and r.deadline->>'kind' = 'recurring')
       or r.due::date between r.today::date - ${w.overdue}::int and r.today::date + ${w.due}::int
    order by r.item_id`.execute(db);
  return result.rows;
}

/** The tracked occurrences of the given recurring items: item → due day → status. */
export async function trackedOccurrences(db: Db, itemIds: readonly number[]): Promise<Map<number, Map<string, string>>> {
  const map = new Map<number, Map<string, string>>();
  if (itemIds.length === 0) return map;
  const rows = await db
    .selectFrom('roadmap_occurrences')
    .select(['item_id', sql<string>`due_on::text`.as('due_on'), 'status'])
    .where('item_id', '=', sql<number>`any(${sql.val([...itemIds])}::int[])`)
    .execute();
  for (const row of rows) {
    const item = map.get(row.item_id) ?? new Map<string, string>();
    item.set(row.due_on, row.status);
    map.set(row.item_id, item);
  }
  return map;
}

/** An active pair without a meeting since `since`, with the accounts of its participants. */
export interface QuietPairRow {
  pair_id: number;
  organization_id: number;
  municipality_id: number | null;
  programme: string;
  /** The day of its last meeting, else the day it became active (else its planned start). */
  since: string;
  met: boolean;
  days: number;
  mentor_users: number[];
  mentee_users: number[];
  mentor_names: string | null;
}

/** Active pairs with no meeting for at least `minDays` days on their municipality's calendar. */
export async function quietPairRows(db: Db, now: Date, minDays: number): Promise<QuietPairRow[]> {
  const today = sql`d.today`;
  const since = sql`coalesce(p.last_meeting_on, (p.activated_at at time zone d.time_zone)::date, p.planned_start)`;
  const result = await sql<QuietPairRow>`
    with ${municipalDays(now)}
    select p.id as pair_id, p.organization_id, o.municipality_id, pr.title as programme,
           ${since}::text as since, p.last_meeting_on is not null as met, (${today} - ${since})::int as days,
           coalesce((select array_agg(mt.user_id order by mt.user_id) from pair_mentors pm
                       join mentors mt on mt.id = pm.mentor_id
                      where pm.pair_id = p.id and mt.user_id is not null), '{}') as mentor_users,
           coalesce((select array_agg(me.user_id order by me.user_id) from pair_mentees pe
                       join mentees me on me.id = pe.mentee_id
                      where pe.pair_id = p.id and me.user_id is not null), '{}') as mentee_users,
           (select string_agg(mt.last_name || ' ' || left(mt.first_name, 1) || '.'
                              || coalesce(' ' || left(mt.middle_name, 1) || '.', ''), ', ' order by mt.last_name)
              from pair_mentors pm join mentors mt on mt.id = pm.mentor_id where pm.pair_id = p.id) as mentor_names
      from pairs p
      join organizations o on o.id = p.organization_id
      join days d on d.id = o.municipality_id
      join programmes pr on pr.id = p.programme_id
     where p.status = 'active'
       and ${since} <= ${today} - ${minDays}::int
     order by p.id`.execute(db);
  return result.rows;
}

/** A meeting of an active pair held in the feedback window whose mentee with an account gave no feedback. */
export interface FeedbackReminderRow {
  meeting_id: number;
  held_on: string;
  pair_id: number;
  organization_id: number;
  municipality_id: number | null;
  /** The accounts of the mentees who still owe feedback on this meeting. */
  waiting_users: number[];
  mentee_users: number[];
}

export async function feedbackReminderRows(db: Db, now: Date): Promise<FeedbackReminderRow[]> {
  const w = REMINDER_WINDOWS;
  const result = await sql<FeedbackReminderRow>`
    with ${municipalDays(now)}
    select mt.id as meeting_id, mt.held_on::text as held_on, p.id as pair_id, p.organization_id, o.municipality_id,
           array_agg(me.user_id order by me.user_id) as waiting_users,
           (select array_agg(x.user_id order by x.user_id) from pair_mentees xe join mentees x on x.id = xe.mentee_id
             where xe.pair_id = p.id and x.user_id is not null) as mentee_users
      from meetings mt
      join pairs p on p.id = mt.pair_id
      join organizations o on o.id = p.organization_id
      join days d on d.id = o.municipality_id
      join pair_mentees pe on pe.pair_id = p.id
      join mentees me on me.id = pe.mentee_id
     where p.status = 'active'
       and me.user_id is not null
       -- Coarse bounds in UTC days first (the meetings' index), then the municipality's own days.
       and mt.held_on between ${now.toISOString()}::date - ${w.feedback + 1}::int and ${now.toISOString()}::date
       and mt.held_on between d.today - ${w.feedback}::int and d.today - 1
       and not exists (select 1 from meeting_feedback f where f.meeting_id = mt.id and f.mentee_id = me.id)
       -- Told already (notifications' unique key): not read again every hour.
       and not exists (select 1 from notifications n
                        where n.user_id = me.user_id and n.event_key = 'meeting:' || mt.id || ':feedback')
     group by mt.id, p.id, o.municipality_id
     order by mt.id`.execute(db);
  return result.rows;
}

/**
 * The people a reminder may concern, read once for a run: the active accounts of the given
 * organisations (schools), of the municipal bodies (department, method centre) of the given
 * municipalities, and the given accounts themselves (participants of pairs).
 */
export interface Candidates {
  byId: Map<number, CurrentUser>;
  byOrganization: Map<number, CurrentUser[]>;
  byMunicipality: Map<number, CurrentUser[]>;
}

export async function reminderCandidates(
  db: Db,
  want: { organizationIds?: Iterable<number>; municipalityIds?: Iterable<number>; userIds?: Iterable<number> },
): Promise<Candidates> {
  const orgs = [...new Set(want.organizationIds ?? [])];
  const municipalities = [...new Set(want.municipalityIds ?? [])];
  const users = [...new Set(want.userIds ?? [])];
  const candidates: Candidates = { byId: new Map(), byOrganization: new Map(), byMunicipality: new Map() };
  if (orgs.length + municipalities.length + users.length === 0) return candidates;
  const ids = (values: number[]) => sql<number>`any(${sql.val(values)}::int[])`;
  const rows = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([...CURRENT_USER_COLUMNS])
    .where('users.is_active', '=', true)
    .where((eb) =>
      eb.or([
        eb('users.organization_id', '=', ids(orgs)),
        eb('users.id', '=', ids(users)),
        eb.and([
          eb('organizations.municipality_id', '=', ids(municipalities)),
          eb('organizations.type', 'in', ['department', 'method_center']),
        ]),
      ]),
    )
    .orderBy('users.id')
    .execute();
  const push = (map: Map<number, CurrentUser[]>, key: number, user: CurrentUser) => {
    const list = map.get(key);
    if (list) list.push(user);
    else map.set(key, [user]);
  };
  for (const row of rows) {
    const user = currentUserOf(row);
    candidates.byId.set(user.id, user);
    push(candidates.byOrganization, user.organizationId, user);
    if (user.municipalityId !== null && (user.organizationType === 'department' || user.organizationType === 'method_center'))
      push(candidates.byMunicipality, user.municipalityId, user);
  }
  return candidates;
}

/** A programme as a review's notice needs it. */
export interface ProgrammeNoticeRow {
  id: number;
  title: string;
  organization_id: number;
  municipality_id: number | null;
  bank_status: ProgrammeBankStatus;
}
