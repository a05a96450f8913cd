import type { CurrentUser } from '../../auth/sessions.js';
import {
  canApproveSubmission,
  canFillSubmission,
  canViewSubmission,
  keepsCampaigns,
  monitoringSchoolOf,
  type SubmissionRef,
} from './monitoring.js';
import { canApproveRoadmap, canEditRoadmap, canViewRoadmap, type RoadmapRef } from './roadmaps.js';

/**
 * Who is told of what (issue 16). The recipients of an event are picked at the time of the event
 * from the people's current roles and organisations by the rules below, and notify() keeps only
 * those who may still see the object (mayReceiveNotice): a person moved to another school or
 * deactivated is told nothing of the old one.
 */

/** The object a notification is about, as the access rules see it. */
export type NoticeSubject = { type: 'monitoring_submission'; ref: SubmissionRef } | { type: 'roadmap'; ref: RoadmapRef };

/** Whether the user may see the object a notification is about (and so be told of it). */
export function mayReceiveNotice(user: CurrentUser, subject: NoticeSubject): boolean {
  return subject.type === 'monitoring_submission' ? canViewSubmission(user, subject.ref) : canViewRoadmap(user, subject.ref);
}

/** The acts on a school's monitoring submission that tell someone. */
export type SubmissionNotice = 'sent' | 'approved' | 'returned' | 'accepted';

/**
 * Sent by the curator: the school's head, who approves it; approved by the head: the coordinator(s)
 * of the campaign's municipality, who accept it; returned (or re-opened): the school's curator(s),
 * who correct it; accepted: the school's curator(s) and head.
 */
export function receivesSubmissionNotice(user: CurrentUser, notice: SubmissionNotice, submission: SubmissionRef): boolean {
  if (!canViewSubmission(user, submission)) return false;
  switch (notice) {
    case 'sent':
      return canApproveSubmission(user, { ...submission, status: 'sent' });
    case 'approved':
      return keepsCampaigns(user);
    case 'returned':
      return canFillSubmission(user, { ...submission, status: 'returned' });
    case 'accepted':
      return monitoringSchoolOf(user) === submission.organization_id;
  }
}

/** The acts on a roadmap's approval that tell someone. */
export type RoadmapNotice = 'approval_needed' | 'approval_revoked' | 'approved';

/**
 * A change took the approval away (the approval is asked again): its approver(s) — the head of
 * the school, the department of the municipality; the approver took it back, or gave it: its
 * author(s) — the curator of the school, the coordinator of the municipality.
 */
export function receivesRoadmapNotice(user: CurrentUser, notice: RoadmapNotice, roadmap: RoadmapRef): boolean {
  return notice === 'approval_needed' ? canApproveRoadmap(user, roadmap) : canEditRoadmap(user, roadmap);
}
