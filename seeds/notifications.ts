import { sql, type Transaction } from 'kysely';
import type { Database, MonitoringStatus } from '../src/db/types.js';
import { notifyRoadmapApproval, notifyRoadmapRequest, notifySubmissionMoved } from '../src/modules/notifications/producers.js';
import { runReminders } from '../src/modules/notifications/reminders.js';

type Trx = Transaction<Database>;

/**
 * The demo's notifications (issue 16), made by the portal's own producers from the acts the other
 * demo seeds wrote (which write their rows directly, as dated history): every move of a monitoring
 * submission (sent, approved, returned, accepted) and every roadmap approval tells the people the
 * rules pick today; an approved roadmap also tells of its history (a first approval, a change that
 * took it away). Each is dated by its act; each person has read all but the newest one, and every
 * request to approve a roadmap that has been approved since.
 */
export async function seedDemoNotifications(trx: Trx, municipalityId: number): Promise<void> {
  const region = await trx
    .selectFrom('organizations')
    .select('parent_id')
    .where('id', '=', municipalityId)
    .executeTakeFirstOrThrow();
  const moves = await trx
    .selectFrom('monitoring_events as e')
    .innerJoin('monitoring_submissions as s', 's.id', 'e.submission_id')
    .innerJoin('monitoring_campaigns as c', 'c.id', 's.campaign_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select([
      'e.id',
      'e.to_status',
      'e.actor_id',
      'e.comment',
      'e.at',
      's.id as submission_id',
      's.organization_id',
      'o.short_name as school_name',
      'c.id as campaign_id',
      'c.title as campaign_title',
    ])
    .where('c.municipality_id', '=', municipalityId)
    .where('e.to_status', 'in', ['sent', 'approved', 'returned', 'accepted'] satisfies MonitoringStatus[])
    .orderBy('e.id')
    .execute();
  for (const move of moves) {
    await notifySubmissionMoved(trx, {
      actorId: move.actor_id ?? 0,
      eventId: move.id,
      to: move.to_status,
      comment: move.comment,
      campaign: { id: move.campaign_id, title: move.campaign_title },
      submission: { id: move.submission_id, organization_id: move.organization_id, school_name: move.school_name },
      ref: {
        municipality_id: municipalityId,
        organization_id: move.organization_id,
        status: move.to_status,
        region_id: region.parent_id,
      },
    });
    await dateAs(trx, `monitoring_event:${move.id}`, move.at);
  }

  const approved = await trx
    .selectFrom('roadmaps')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .select([
      'roadmaps.id',
      'roadmaps.title',
      'roadmaps.kind',
      'roadmaps.published_at',
      'roadmaps.organization_id',
      'roadmaps.approved_at',
      'roadmaps.approved_by',
      'organizations.type as organization_type',
      'organizations.municipality_id',
    ])
    .where('organizations.municipality_id', '=', municipalityId)
    .where('roadmaps.approved_at', 'is not', null)
    .orderBy('roadmaps.id')
    .execute();
  for (const roadmap of approved) {
    if (roadmap.approved_at === null) continue;
    // Its history before the approval in force: approved first 40 days earlier (its authors told),
    // then changed 20 days earlier, which took that approval away (its approvers told to approve
    // again), then approved again at approved_at.
    const first = new Date(roadmap.approved_at.getTime() - 40 * DAY);
    const changed = new Date(roadmap.approved_at.getTime() - 20 * DAY);
    await notifyRoadmapApproval(trx, { actorId: roadmap.approved_by ?? 0, notice: 'approved', approvedAt: first, roadmap });
    await dateAs(trx, `roadmap:${roadmap.id}:approved:${first.getTime()}`, first);
    await notifyRoadmapApproval(trx, { actorId: 0, notice: 'approval_needed', approvedAt: first, roadmap });
    await dateAs(trx, `roadmap:${roadmap.id}:approval_needed:${first.getTime()}`, changed);
    await notifyRoadmapApproval(trx, {
      actorId: roadmap.approved_by ?? 0,
      notice: 'approved',
      approvedAt: roadmap.approved_at,
      roadmap,
    });
    await dateAs(trx, `roadmap:${roadmap.id}:approved:${roadmap.approved_at.getTime()}`, roadmap.approved_at);
  }
  // Roadmaps sent for approval and returned with a comment: their approvers and authors are told.
  const requests = await trx
    .selectFrom('roadmap_approval_requests as q')
    .innerJoin('roadmaps', 'roadmaps.id', 'q.roadmap_id')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .select([
      'q.id as request_id',
      'q.asked_by',
      'q.asked_at',
      'q.note',
      'q.answered_by',
      'q.answered_at',
      'q.outcome',
      'q.comment',
      'roadmaps.id',
      'roadmaps.title',
      'roadmaps.kind',
      'roadmaps.published_at',
      'roadmaps.organization_id',
      'organizations.type as organization_type',
      'organizations.municipality_id',
    ])
    .where('organizations.municipality_id', '=', municipalityId)
    .orderBy('q.id')
    .execute();
  for (const q of requests) {
    const { request_id: requestId, asked_by, asked_at, note, answered_by, answered_at, outcome, comment, ...roadmap } = q;
    await notifyRoadmapRequest(trx, { actorId: asked_by ?? 0, notice: 'approval_asked', requestId, comment: note, roadmap });
    await dateAs(trx, `roadmap_request:${requestId}:approval_asked`, asked_at);
    if (outcome !== 'refused' || answered_at === null) continue;
    await notifyRoadmapRequest(trx, { actorId: answered_by ?? 0, notice: 'approval_refused', requestId, comment, roadmap });
    await dateAs(trx, `roadmap_request:${requestId}:approval_refused`, answered_at);
  }
  // The reminders job as if it had run hourly: at three moments of the last fortnight and now
  // (deadlines near or passed, pairs without meetings, feedback waiting), each run's dated by it.
  const now = new Date();
  for (const daysBefore of [14, 7, 3, 0]) {
    const at = new Date(now.getTime() - daysBefore * 86_400_000);
    const last = await trx
      .selectFrom('notifications')
      .select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.lit(0)).as('id'))
      .executeTakeFirstOrThrow();
    await runReminders(trx, at);
    await sql`update notifications set created_at = ${at} where id > ${last.id}`.execute(trx);
  }
  // Read a day after it came, but for each person's newest notice, which waits unread.
  await sql`update notifications n
    set read_at = n.created_at + interval '1 day'
    where n.municipality_id = ${municipalityId}
      and exists (select 1 from notifications later
                  where later.user_id = n.user_id and (later.created_at, later.id) > (n.created_at, n.id))`.execute(trx);
  // A roadmap approved again since it was asked for: the approver has acted on the request.
  await sql`update notifications n
    set read_at = n.created_at + interval '1 day'
    where n.municipality_id = ${municipalityId} and n.kind = 'roadmap_approval_needed' and n.read_at is null
      and exists (select 1 from roadmaps r where r.id = n.entity_id and r.approved_at > n.created_at)`.execute(trx);
}

const DAY = 86_400_000;

/** Dates the notices of an event by its act. */
async function dateAs(trx: Trx, key: string, at: Date): Promise<void> {
  await sql`update notifications set created_at = ${at} where event_key = ${key}`.execute(trx);
}
