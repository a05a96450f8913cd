/**
 * The first producers of notifications (issue 16): a school's monitoring submission sent, approved,
 * returned and accepted; a roadmap's approval asked again after a change, taken back and given;
 * a roadmap sent for approval and refused.
 * Each runs in the transaction of its act; the recipients are the people around the object whom
 * the rules of access/rules/notifications.ts pick at the time of the act.
 */

import type { Transaction } from 'kysely';
import {
  type AgreementRef,
  type EventRef,
  type PersonRef,
  receivesAgreementNotice,
  receivesMentorPairedElsewhere,
  type RoadmapNotice,
  type RoadmapRef,
  receivesRoadmapNotice,
  receivesSubmissionNotice,
  type SubmissionNotice,
  type SubmissionRef,
} from '../../access/policy.js';
import type { Database, MonitoringStatus } from '../../db/types.js';
import type { NotificationKind } from './labels.js';
import { activePeopleAround } from './queries.js';
import { notify, notifyAll } from './service.js';

const SUBMISSION_NOTICES: Partial<Record<MonitoringStatus, { notice: SubmissionNotice; kind: NotificationKind }>> = {
  sent: { notice: 'sent', kind: 'monitoring_sent' },
  approved: { notice: 'approved', kind: 'monitoring_approved' },
  returned: { notice: 'returned', kind: 'monitoring_returned' },
  accepted: { notice: 'accepted', kind: 'monitoring_accepted' },
};

/** A submission moved to `to` by the event `eventId` (monitoring_events): tells whom the move concerns. */
export async function notifySubmissionMoved(
  trx: Transaction<Database>,
  move: {
    actorId: number;
    eventId: number;
    to: MonitoringStatus;
    comment: string | null;
    campaign: { id: number; title: string };
    submission: { id: number; organization_id: number; school_name: string };
    ref: SubmissionRef;
  },
): Promise<number[]> {
  const what = SUBMISSION_NOTICES[move.to];
  if (!what) return [];
  const ref: SubmissionRef = { ...move.ref, status: move.to };
  const people = await activePeopleAround(trx, { organizationId: ref.organization_id, municipalityId: ref.municipality_id });
  return notify(trx, {
    kind: what.kind,
    key: `monitoring_event:${move.eventId}`,
    params: { subject: move.campaign.title, school: move.submission.school_name, comment: move.comment },
    link: `/monitoring/${move.campaign.id}/schools/${move.submission.organization_id}`,
    subject: { type: 'monitoring_submission', ref },
    entity: { type: 'monitoring_submission', id: move.submission.id },
    organizationId: ref.organization_id,
    municipalityId: ref.municipality_id,
    recipients: people.filter((user) => receivesSubmissionNotice(user, what.notice, ref)).map((user) => user.id),
    actorId: move.actorId,
  });
}

const ROADMAP_KINDS: Record<RoadmapNotice, NotificationKind> = {
  approval_needed: 'roadmap_approval_needed',
  approval_revoked: 'roadmap_approval_revoked',
  approved: 'roadmap_approved',
  approval_asked: 'roadmap_approval_asked',
  approval_refused: 'roadmap_approval_refused',
};

/**
 * A roadmap's approval changed: `approvedAt` is the approval's own moment (the one given, or the
 * one taken away), so that each approval is told of once.
 */
export async function notifyRoadmapApproval(
  trx: Transaction<Database>,
  change: {
    actorId: number;
    notice: RoadmapNotice;
    approvedAt: Date;
    roadmap: RoadmapRef & { id: number; title: string };
  },
): Promise<number[]> {
  const { roadmap } = change;
  const people = await activePeopleAround(trx, {
    organizationId: roadmap.organization_id,
    municipalityId: roadmap.municipality_id,
  });
  return notify(trx, {
    kind: ROADMAP_KINDS[change.notice],
    key: `roadmap:${roadmap.id}:${change.notice}:${change.approvedAt.getTime()}`,
    params: { subject: roadmap.title },
    link: `/roadmaps/${roadmap.id}`,
    subject: { type: 'roadmap', ref: roadmap },
    entity: { type: 'roadmap', id: roadmap.id },
    organizationId: roadmap.organization_id,
    municipalityId: roadmap.municipality_id,
    recipients: people.filter((user) => receivesRoadmapNotice(user, change.notice, roadmap)).map((user) => user.id),
    actorId: change.actorId,
  });
}

/**
 * A roadmap sent for approval (its approvers are told) or refused (its authors are told, with the
 * approver's comment): each request is told of once for each of its two acts.
 */
export async function notifyRoadmapRequest(
  trx: Transaction<Database>,
  request: {
    actorId: number;
    notice: 'approval_asked' | 'approval_refused';
    requestId: number;
    /** The author's note on an ask, the approver's comment on a refusal. */
    comment: string | null;
    roadmap: RoadmapRef & { id: number; title: string };
  },
): Promise<number[]> {
  const { roadmap } = request;
  const people = await activePeopleAround(trx, {
    organizationId: roadmap.organization_id,
    municipalityId: roadmap.municipality_id,
  });
  return notify(trx, {
    kind: ROADMAP_KINDS[request.notice],
    key: `roadmap_request:${request.requestId}:${request.notice}`,
    params: { subject: roadmap.title, comment: request.comment },
    link: `/roadmaps/${roadmap.id}`,
    subject: { type: 'roadmap', ref: roadmap },
    entity: { type: 'roadmap', id: roadmap.id },
    organizationId: roadmap.organization_id,
    municipalityId: roadmap.municipality_id,
    recipients: people.filter((user) => receivesRoadmapNotice(user, request.notice, roadmap)).map((user) => user.id),
    actorId: request.actorId,
  });
}

/** The coordinator recorded an agreement for a school (issue 17): the school's curators are told, in the act's transaction. */
export async function notifyAgreementCreated(
  trx: Transaction<Database>,
  event: { actorId: number; agreement: AgreementRef & { id: number; party_name: string } },
): Promise<number[]> {
  const { agreement } = event;
  const people = await activePeopleAround(trx, { organizationId: agreement.school_id, municipalityId: null });
  return notify(trx, {
    kind: 'agreement_created',
    key: `agreement:${agreement.id}:created`,
    params: { subject: agreement.party_name },
    link: `/agreements/${agreement.id}`,
    subject: { type: 'agreement', ref: agreement },
    entity: { type: 'agreement', id: agreement.id },
    organizationId: agreement.school_id,
    municipalityId: agreement.municipality_id,
    recipients: people.filter((user) => receivesAgreementNotice(user, agreement)).map((user) => user.id),
    actorId: event.actorId,
  });
}

/**
 * Issue 17: a school formed a pair with a mentor of another school's base (opened to the
 * municipality): that school's curators and head are told, in the act's transaction; its card
 * lists the pair under «Работает также в».
 */
export async function notifyMentorPairedElsewhere(
  trx: Transaction<Database>,
  event: {
    actorId: number;
    pairId: number;
    pairSchoolName: string;
    mentor: PersonRef & { id: number; name: string };
  },
): Promise<number[]> {
  const { mentor } = event;
  const people = await activePeopleAround(trx, { organizationId: mentor.organization_id, municipalityId: null });
  return notify(trx, {
    kind: 'mentor_paired_elsewhere',
    key: `pair:${event.pairId}:mentor:${mentor.id}:elsewhere`,
    params: { subject: mentor.name, school: event.pairSchoolName },
    link: `/mentors/${mentor.id}`,
    subject: { type: 'mentor', ref: mentor },
    // The mentor, not the pair: the mail job checks the recipient still sees the object, and the
    // mentor's own school sees its mentor, not the other school's pair.
    entity: { type: 'mentor_record', id: mentor.id },
    organizationId: mentor.organization_id,
    municipalityId: mentor.municipality_id,
    recipients: people.filter((user) => receivesMentorPairedElsewhere(user, mentor)).map((user) => user.id),
    actorId: event.actorId,
  });
}

/**
 * Issue 18: registration for an event opened — its audience (`recipients`: the active accounts of
 * its roles and schools, read by the events module), each kept by the rule
 * (receivesEventRegistrationOpened through the subject). A municipal event for every mentor of the
 * municipality tells thousands: written by chunks (notifyAll).
 */
export function notifyEventRegistrationOpened(
  trx: Transaction<Database>,
  event: { actorId: number; event: EventRef & { id: number; title: string; starts_on: string }; recipients: readonly number[] },
): Promise<number> {
  const e = event.event;
  return notifyAll(trx, [
    {
      kind: 'event_registration_opened',
      key: `event:${e.id}:registration_opened`,
      params: { subject: e.title, date: e.starts_on },
      link: `/events/${e.id}`,
      subject: { type: 'event_audience', ref: e },
      entity: { type: 'event', id: e.id },
      organizationId: e.organizer_id === e.municipality_id ? null : e.organizer_id,
      municipalityId: e.municipality_id,
      recipients: event.recipients,
      actorId: event.actorId,
    },
  ]);
}
