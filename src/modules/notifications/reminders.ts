/**
 * Reminders and the remaining event notifications (issue 16):
 *
 * - monitoring: a campaign opened (in the launch's transaction when it opens at once, else by the
 *   job on its opening day), the school's deadline in 7 days and in 1 day (to whoever must act
 *   next), passed (to the school, and one notice per campaign to its coordinator(s) with the number
 *   of late schools);
 * - roadmap items: due in 7 days, overdue (to the responsible people with accounts, else the
 *   roadmap's authors; for a municipal item addressed to schools also, under a key of its own, to
 *   the curators and head of each school whose part of that occurrence is not done — issue 17);
 * - pairs: no meeting for 21 days (its mentor), for 30 days (the school's curator(s));
 * - a meeting's feedback waiting, from the day after it (the mentee with an account);
 * - a programme returned, or accepted into the bank (in the review's transaction).
 *
 * The time-based ones run in the `reminders` job (runReminders), each kind as one set-based read
 * and one notifyAll in its own transaction. Each event's key names its threshold and the date it
 * counts from (a deadline, a last meeting), so that an hourly run tells each thing once, a moved
 * deadline or a new quiet spell tells again, and nothing is stored twice (notify's unique key).
 * Recipients are picked by the rules of access/rules/notifications.ts.
 */

import type { Kysely, Transaction } from 'kysely';
import {
  type PairNoticeRef,
  type RoadmapRef,
  receivesCampaignNotice,
  receivesFeedbackReminder,
  receivesLateSchoolsNotice,
  receivesProgrammeNotice,
  receivesQuietPairNotice,
  receivesRoadmapItemNotice,
  receivesSchoolPartReminder,
  isResponsibleFor,
  type SubmissionRef,
} from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, RoadmapItemStatus } from '../../db/types.js';
import type { Deadline } from '../roadmaps/deadline.js';
import { isOccurrenceOverdue, occurrencesOf } from '../roadmaps/overdue.js';
import { addressedSchools, partStatuses } from '../roadmaps/school-part-queries.js';
import { activePeopleAround } from './queries.js';
import {
  type CampaignReminderRow,
  campaignReminderRows,
  feedbackReminderRows,
  type ProgrammeNoticeRow,
  quietPairRows,
  REMINDER_WINDOWS,
  reminderCandidates,
  roadmapItemReminderRows,
  trackedOccurrences,
} from './reminder-queries.js';
import { type NotificationEvent, notifyAll } from './service.js';

/** The database, or a transaction already open (the demo seed's): each kind's writes are one transaction. */
type Db = Kysely<Database> | Transaction<Database>;

function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

/** Days from `from` to `to` ('YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A pair is quiet for its mentor after this many days without a meeting, for the school's curator(s) after the second. */
export const QUIET_DAYS = { mentor: 21, curator: 30 } as const;

// ---------------------------------------------------------------------------------------------
// Monitoring

const submissionRef = (row: CampaignReminderRow): SubmissionRef => ({
  municipality_id: row.municipality_id,
  organization_id: row.organization_id,
  status: row.status,
  region_id: row.region_id,
});

/** The events of one school's submission: opened, due, overdue, as its row says. */
function submissionEvents(row: CampaignReminderRow, school: readonly CurrentUser[]): NotificationEvent[] {
  const ref = submissionRef(row);
  const base = {
    params: { subject: row.title, school: row.school_name, date: row.deadline },
    link: `/monitoring/${row.campaign_id}/schools/${row.organization_id}`,
    subject: { type: 'monitoring_submission' as const, ref },
    entity: { type: 'monitoring_submission', id: row.submission_id },
    organizationId: row.organization_id,
    municipalityId: row.municipality_id,
    actorId: null,
  };
  const to = (notice: 'opened' | 'due' | 'overdue') =>
    school.filter((user) => receivesCampaignNotice(user, notice, ref)).map((user) => user.id);
  const events: NotificationEvent[] = [];
  const left = daysBetween(row.today, row.deadline);
  if (row.opens_on >= shiftDay(row.today, -REMINDER_WINDOWS.opened) && left >= 0)
    events.push({
      ...base,
      kind: 'monitoring_opened',
      key: `monitoring_campaign:${row.campaign_id}:opened`,
      recipients: to('opened'),
    });
  const pending = row.status !== 'approved' && row.status !== 'accepted';
  if (pending && left >= 0 && left <= REMINDER_WINDOWS.due) {
    const threshold = left <= 1 ? 1 : 7;
    events.push({
      ...base,
      kind: 'monitoring_due',
      key: `monitoring_submission:${row.submission_id}:due${threshold}:${row.deadline}`,
      params: { ...base.params, days: left, turn: row.status === 'sent' ? 'approve' : 'fill' },
      recipients: to('due'),
    });
  }
  if (pending && left < 0)
    events.push({
      ...base,
      kind: 'monitoring_overdue',
      key: `monitoring_submission:${row.submission_id}:overdue:${row.deadline}`,
      recipients: to('overdue'),
    });
  return events;
}

function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Monitoring reminders at `now`: every opened campaign's schools (opened, due, overdue) and, for a
 * campaign whose own deadline passed within the window with schools late, its coordinator(s).
 */
export async function remindCampaigns(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const rows = await campaignReminderRows(trx, now);
    if (rows.length === 0) return 0;
    const people = await reminderCandidates(trx, {
      organizationIds: rows.map((r) => r.organization_id),
      municipalityIds: rows.map((r) => r.municipality_id),
    });
    const events = rows.flatMap((row) => submissionEvents(row, people.byOrganization.get(row.organization_id) ?? []));
    const late = new Map<number, { row: CampaignReminderRow; count: number }>();
    for (const row of rows) {
      const pending = row.status !== 'approved' && row.status !== 'accepted';
      if (!pending || row.deadline >= row.today || row.campaign_deadline >= row.today) continue;
      const entry = late.get(row.campaign_id) ?? { row, count: 0 };
      entry.count += 1;
      late.set(row.campaign_id, entry);
    }
    for (const { row, count } of late.values()) {
      const ref = { municipality_id: row.municipality_id };
      events.push({
        kind: 'monitoring_schools_late',
        key: `monitoring_campaign:${row.campaign_id}:late:${row.campaign_deadline}`,
        params: { subject: row.title, date: row.campaign_deadline, count },
        link: `/monitoring/${row.campaign_id}`,
        subject: { type: 'monitoring_campaign', ref },
        entity: { type: 'monitoring_campaign', id: row.campaign_id },
        organizationId: row.municipality_id,
        municipalityId: row.municipality_id,
        recipients: (people.byMunicipality.get(row.municipality_id) ?? [])
          .filter((user) => receivesLateSchoolsNotice(user, ref))
          .map((user) => user.id),
        actorId: null,
      });
    }
    return notifyAll(trx, events);
  });
}

/**
 * A campaign launched to open at once (its opening day is `today` or before): its schools are told
 * in the launch's transaction. One that opens later is told by the job on its opening day, under
 * the same key, so nobody is told twice.
 */
export async function notifyCampaignOpened(
  trx: Transaction<Database>,
  launch: { actorId: number; campaign: { id: number; title: string; municipality_id: number; opens_on: string }; today: string },
): Promise<number> {
  if (launch.campaign.opens_on > launch.today) return 0;
  const submissions = await trx
    .selectFrom('monitoring_submissions as s')
    .innerJoin('monitoring_campaigns as c', 'c.id', 's.campaign_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .innerJoin('organizations as m', 'm.id', 'c.municipality_id')
    .select([
      's.id as submission_id',
      's.organization_id',
      's.status',
      'o.short_name as school_name',
      'm.parent_id as region_id',
      (eb) => eb.fn.coalesce('s.deadline_override', 'c.deadline').as('deadline'),
    ])
    .where('s.campaign_id', '=', launch.campaign.id)
    .execute();
  const people = await reminderCandidates(trx, { organizationIds: submissions.map((s) => s.organization_id) });
  const events = submissions.flatMap((s) =>
    submissionEvents(
      {
        ...s,
        deadline: String(s.deadline).slice(0, 10),
        campaign_id: launch.campaign.id,
        title: launch.campaign.title,
        municipality_id: launch.campaign.municipality_id,
        opens_on: launch.campaign.opens_on,
        campaign_deadline: String(s.deadline).slice(0, 10),
        today: launch.today,
      },
      people.byOrganization.get(s.organization_id) ?? [],
    )
      .filter((e) => e.kind === 'monitoring_opened')
      .map((e) => ({ ...e, actorId: launch.actorId })),
  );
  return notifyAll(trx, events);
}

// ---------------------------------------------------------------------------------------------
// Roadmap items

/** Roadmap items due within 7 days or overdue within the window, at `now`. */
export async function remindRoadmapItems(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const rows = await roadmapItemReminderRows(trx, now);
    if (rows.length === 0) return 0;
    const tracked = await trackedOccurrences(
      trx,
      rows.filter((r) => r.due === null).map((r) => r.item_id),
    );
    // Issue 17: the schools a municipal item is addressed to, and the parts they marked.
    const addressed = await addressedSchools(trx, [
      ...new Set(rows.filter((r) => r.organization_type === 'municipality').map((r) => r.roadmap_id)),
    ]);
    const partsDone = new Set(
      (await partStatuses(trx, [...addressed.keys()]))
        .filter((p) => p.status === 'done' || p.status === 'cancelled')
        .map((p) => `${p.item_id}:${p.organization_id}:${p.due_on ?? ''}`),
    );
    const people = await reminderCandidates(trx, {
      organizationIds: [
        ...rows.filter((r) => r.organization_type === 'school').map((r) => r.organization_id),
        ...[...addressed.values()].flat(),
      ],
      municipalityIds: rows.flatMap((r) => (r.municipality_id === null ? [] : [r.municipality_id])),
    });
    const events: NotificationEvent[] = [];
    for (const row of rows) {
      const dues = row.due !== null ? [row.due] : recurringDues(row.deadline as Deadline, row.today, tracked.get(row.item_id));
      if (dues.length === 0) continue;
      const roadmap: RoadmapRef = {
        organization_id: row.organization_id,
        organization_type: row.organization_type,
        municipality_id: row.municipality_id,
        kind: 'plan',
        published_at: null,
      };
      const around = [
        ...(row.organization_type === 'school' ? (people.byOrganization.get(row.organization_id) ?? []) : []),
        ...(row.municipality_id === null ? [] : (people.byMunicipality.get(row.municipality_id) ?? [])),
      ];
      const anyResponsible = around.some((user) => isResponsibleFor(user, row.responsible_links, roadmap));
      const recipients = around
        .filter((user) => receivesRoadmapItemNotice(user, row.responsible_links, roadmap, anyResponsible))
        .map((user) => user.id);
      const schools = addressed.get(row.item_id) ?? [];
      for (const due of dues) {
        const overdue = due < row.today;
        const params = {
          subject: row.title,
          date: due,
          days: daysBetween(row.today, due),
          item: { number: row.number, activity: row.activity },
        };
        if (schools.length > 0) {
          // The schools whose part of this occurrence (of the item, when one-off) is not done yet.
          const part = row.due !== null ? '' : due;
          const open = schools.filter((id) => !partsDone.has(`${row.item_id}:${id}:${part}`));
          events.push({
            kind: overdue ? 'roadmap_item_overdue' : 'roadmap_item_due',
            key: `roadmap_item:${row.item_id}:schools:${overdue ? 'overdue' : 'due'}:${due}`,
            params: { ...params, schoolPart: true },
            link: `/roadmaps/${row.roadmap_id}/items/${row.item_id}/schools${part === '' ? '' : `?due=${part}`}`,
            subject: { type: 'roadmap', ref: roadmap },
            entity: { type: 'roadmap_item', id: row.item_id },
            organizationId: row.organization_id,
            municipalityId: row.municipality_id,
            recipients: open.flatMap((id) =>
              (people.byOrganization.get(id) ?? [])
                .filter((user) => receivesSchoolPartReminder(user, id, roadmap))
                .map((user) => user.id),
            ),
            actorId: null,
          });
        }
        events.push({
          kind: overdue ? 'roadmap_item_overdue' : 'roadmap_item_due',
          key: `roadmap_item:${row.item_id}:${overdue ? 'overdue' : 'due'}:${due}`,
          params,
          link: `/roadmaps/${row.roadmap_id}#item-${row.item_id}`,
          subject: { type: 'roadmap', ref: roadmap },
          entity: { type: 'roadmap_item', id: row.item_id },
          organizationId: row.organization_id,
          municipalityId: row.municipality_id,
          recipients,
          actorId: null,
        });
      }
    }
    return notifyAll(trx, events);
  });
}

/** The due days of a recurring item's open occurrences within the window (7 days ahead, overdue within 30). */
function recurringDues(deadline: Deadline, today: string, tracked: Map<string, string> | undefined): string[] {
  if (deadline?.kind !== 'recurring') return [];
  const from = shiftDay(today, -REMINDER_WINDOWS.overdue);
  const to = shiftDay(today, REMINDER_WINDOWS.due);
  return occurrencesOf(deadline)
    .filter((o) => o.due >= from && o.due <= to)
    .filter((o) => {
      const status = tracked?.get(o.due) as RoadmapItemStatus | undefined;
      return o.due < today ? isOccurrenceOverdue(o, status, today) : status !== 'done' && status !== 'cancelled';
    })
    .map((o) => o.due);
}

// ---------------------------------------------------------------------------------------------
// Pairs

const pairRef = (row: {
  organization_id: number;
  municipality_id: number | null;
  mentor_users?: number[];
  mentee_users: number[] | null;
}): PairNoticeRef => ({
  organization_id: row.organization_id,
  municipality_id: row.municipality_id,
  mentorUserIds: row.mentor_users ?? [],
  menteeUserIds: row.mentee_users ?? [],
});

/** Active pairs quiet for 21 days (their mentors) and for 30 days (their schools' curators), at `now`. */
export async function remindQuietPairs(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const rows = await quietPairRows(trx, now, QUIET_DAYS.mentor);
    if (rows.length === 0) return 0;
    const people = await reminderCandidates(trx, {
      organizationIds: rows.filter((r) => r.days >= QUIET_DAYS.curator).map((r) => r.organization_id),
      userIds: rows.flatMap((r) => r.mentor_users),
    });
    const events: NotificationEvent[] = [];
    for (const row of rows) {
      const ref = pairRef(row);
      const base = {
        params: { subject: row.programme, date: row.since, days: row.days, met: row.met, mentor: row.mentor_names ?? '' },
        link: `/pairs/${row.pair_id}`,
        subject: { type: 'pair' as const, ref },
        entity: { type: 'pair', id: row.pair_id },
        organizationId: row.organization_id,
        municipalityId: row.municipality_id,
        actorId: null,
      };
      const mentors = row.mentor_users.flatMap((id) => {
        const user = people.byId.get(id);
        return user && receivesQuietPairNotice(user, 'mentor', ref) ? [user.id] : [];
      });
      events.push({ ...base, kind: 'pair_quiet_mentor', key: `pair:${row.pair_id}:quiet21:${row.since}`, recipients: mentors });
      if (row.days >= QUIET_DAYS.curator) {
        const curators = (people.byOrganization.get(row.organization_id) ?? [])
          .filter((user) => receivesQuietPairNotice(user, 'curator', ref))
          .map((user) => user.id);
        events.push({
          ...base,
          kind: 'pair_quiet_curator',
          key: `pair:${row.pair_id}:quiet30:${row.since}`,
          recipients: curators,
        });
      }
    }
    return notifyAll(trx, events);
  });
}

/** Meetings held from a day to 14 days ago whose mentees with accounts owe their feedback, at `now`. */
export async function remindFeedback(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const rows = await feedbackReminderRows(trx, now);
    if (rows.length === 0) return 0;
    const people = await reminderCandidates(trx, { userIds: rows.flatMap((r) => r.waiting_users) });
    const events = rows.map((row): NotificationEvent => {
      const ref = pairRef(row);
      return {
        kind: 'meeting_feedback_waiting',
        // The same key as the read's «told already» (reminder-queries.ts).
        key: `meeting:${row.meeting_id}:feedback`,
        // The day only: no topic, no summary — a mail carries nothing of the meeting but the link.
        params: { subject: '', date: row.held_on },
        link: `/pairs/${row.pair_id}#meeting-${row.meeting_id}`,
        subject: { type: 'pair', ref },
        entity: { type: 'meeting', id: row.meeting_id },
        organizationId: row.organization_id,
        municipalityId: row.municipality_id,
        recipients: row.waiting_users.flatMap((id) => {
          const user = people.byId.get(id);
          return user && receivesFeedbackReminder(user, ref) ? [user.id] : [];
        }),
        actorId: null,
      };
    });
    return notifyAll(trx, events);
  });
}

// ---------------------------------------------------------------------------------------------
// Programmes (an event, in the review's transaction)

/** The coordinator returned a programme, or accepted it into the bank: its school's curator(s) are told. */
export async function notifyProgrammeReviewed(
  trx: Transaction<Database>,
  review: {
    actorId: number;
    decision: 'accept' | 'return';
    reviewedAt: Date;
    comment: string | null;
    programme: ProgrammeNoticeRow;
  },
): Promise<number> {
  const { programme } = review;
  const people = await activePeopleAround(trx, { organizationId: programme.organization_id, municipalityId: null });
  const accepted = review.decision === 'accept';
  return notifyAll(trx, [
    {
      kind: accepted ? 'programme_accepted' : 'programme_returned',
      key: `programme:${programme.id}:${accepted ? 'accepted' : 'returned'}:${review.reviewedAt.getTime()}`,
      params: { subject: programme.title, comment: review.comment },
      link: `/programmes/${programme.id}`,
      subject: { type: 'programme', ref: { ...programme, bank_status: accepted ? 'accepted' : 'returned' } },
      entity: { type: 'programme', id: programme.id },
      organizationId: programme.organization_id,
      municipalityId: programme.municipality_id,
      recipients: people.filter((user) => receivesProgrammeNotice(user, programme)).map((user) => user.id),
      actorId: review.actorId,
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// The job

/** Every time-based reminder at `now`; the counts of notifications stored, per kind of reminder. */
export async function runReminders(db: Db, now: Date): Promise<Record<string, number>> {
  return {
    campaigns: await remindCampaigns(db, now),
    roadmapItems: await remindRoadmapItems(db, now),
    quietPairs: await remindQuietPairs(db, now),
    feedback: await remindFeedback(db, now),
  };
}
