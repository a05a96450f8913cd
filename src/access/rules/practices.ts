import type { CurrentUser } from '../../auth/sessions.js';
import type { PracticeStatus } from '../../db/types.js';

/**
 * The bank of best practices (issue 19). A school's curator drafts and edits its school's practices
 * while they are drafts or returned, and sends them to the methodological centre; the school's head
 * reads its school's; the coordinator reads all of its municipality, returns, accepts, publishes and
 * withdraws; the department reads the accepted and published ones of its municipality; a mentor the
 * published ones of its municipality; a mentee nothing. Mirrors practicesInScope.
 */

export interface PracticeRef {
  organization_id: number;
  municipality_id: number;
  status: PracticeStatus;
}

/** The statuses of the municipal register: accepted by the centre, published or withdrawn back. */
export const REGISTER_STATUSES: readonly PracticeStatus[] = ['accepted', 'published'];

function schoolCurator(user: CurrentUser): boolean {
  return user.role === 'curator' && user.organizationType === 'school';
}

function schoolStaff(user: CurrentUser): boolean {
  return (user.role === 'curator' || user.role === 'school_head') && user.organizationType === 'school';
}

/** The statuses of a municipality's practices the user reads, or null for its own school's (all statuses). */
export function practiceStatusesReadBy(user: CurrentUser): readonly PracticeStatus[] | 'school' | 'all' | 'none' {
  if (schoolStaff(user)) return 'school';
  if (user.municipalityId === null) return 'none';
  if (user.role === 'coordinator') return 'all';
  if (user.role === 'department') return REGISTER_STATUSES;
  if (user.role === 'mentor') return ['published'];
  return 'none';
}

export function canViewPractice(user: CurrentUser, practice: PracticeRef): boolean {
  if (schoolStaff(user)) return practice.organization_id === user.organizationId;
  if (user.municipalityId !== practice.municipality_id) return false;
  const statuses = practiceStatusesReadBy(user);
  return statuses === 'all' || (Array.isArray(statuses) && statuses.includes(practice.status));
}

/** Whether the user drafts practices at all (its school's curator). */
export function draftsPractices(user: CurrentUser): boolean {
  return schoolCurator(user);
}

/** The curator edits (and sends) its school's practice while it is a draft or returned. */
export function canEditPractice(user: CurrentUser, practice: PracticeRef): boolean {
  return (
    schoolCurator(user) &&
    practice.organization_id === user.organizationId &&
    (practice.status === 'draft' || practice.status === 'returned')
  );
}

/** Whether the user reviews the municipality's practices (the coordinator). */
export function reviewsPractices(user: CurrentUser): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null;
}

export function canReviewPractice(user: CurrentUser, practice: PracticeRef): boolean {
  return reviewsPractices(user) && user.municipalityId === practice.municipality_id;
}

/** The printable collection of the register: the coordinator and the department. */
export function printsPracticeCollection(user: CurrentUser): boolean {
  return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId !== null;
}
