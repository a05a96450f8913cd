import type { CurrentUser } from '../../auth/sessions.js';
import type { AwardLevel, NominationStatus } from '../../db/types.js';

/**
 * Recognition (issue 18): awards of the mentors of the bases, nominations for the municipal list,
 * the municipality's list of best mentors. A school's curator and head see their school's mentors'
 * awards and nominations; the coordinator and the department their municipality's; a mentor with
 * an account its own awards; a mentee nothing. Mirrors awardsInScope and nominationsInScope.
 */

/** A mentor of the bases as these rules see it. */
export interface AwardeeRef {
  organization_id: number;
  municipality_id: number | null;
  /** The mentor's account, when it has one. */
  user_id: number | null;
}

export interface NominationRef {
  organization_id: number;
  municipality_id: number;
  status: NominationStatus;
  sent_at: Date | string | null;
}

function schoolStaff(user: CurrentUser): boolean {
  return (user.role === 'curator' || user.role === 'school_head') && user.organizationType === 'school';
}

function municipal(user: CurrentUser): boolean {
  return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId !== null;
}

export function canViewAwards(user: CurrentUser, mentor: AwardeeRef): boolean {
  if (schoolStaff(user)) return mentor.organization_id === user.organizationId;
  if (municipal(user)) return mentor.municipality_id === user.municipalityId;
  if (user.role === 'mentor') return mentor.user_id !== null && mentor.user_id === user.id;
  return false;
}

/**
 * Who records an award by hand: a school's curator for its mentors, of any level (a school's own,
 * or one received from outside); the coordinator and the department for the municipality's
 * mentors, of the municipal level and above (a school's own awards are the school's to record).
 */
export function canRecordAward(user: CurrentUser, mentor: AwardeeRef, level?: AwardLevel): boolean {
  if (user.role === 'curator' && user.organizationType === 'school') return mentor.organization_id === user.organizationId;
  if (municipal(user)) return mentor.municipality_id === user.municipalityId && level !== 'school';
  return false;
}

/** Whether the user records awards at all (the form's entry, its own school or its municipality). */
export function recordsAwards(user: CurrentUser): boolean {
  return (user.role === 'curator' && user.organizationType === 'school') || municipal(user);
}

/** The levels the user may record: the curator any, the municipality from the municipal one up. */
export function awardLevelsFor(user: CurrentUser): AwardLevel[] {
  return user.role === 'curator' ? ['school', 'municipal', 'regional', 'federal'] : ['municipal', 'regional', 'federal'];
}

export function canViewNomination(user: CurrentUser, nomination: NominationRef): boolean {
  if (schoolStaff(user)) return nomination.organization_id === user.organizationId;
  if (municipal(user)) return nomination.municipality_id === user.municipalityId;
  return false;
}

/** The school head nominates the mentors of its school. */
export function canNominate(user: CurrentUser, mentor?: AwardeeRef): boolean {
  if (user.role !== 'school_head' || user.organizationType !== 'school') return false;
  return mentor === undefined || mentor.organization_id === user.organizationId;
}

/** The coordinator compiles the municipal list: includes or excludes a nomination until the list is sent. */
export function canCompileNomination(user: CurrentUser, nomination: NominationRef): boolean {
  return (
    user.role === 'coordinator' &&
    user.municipalityId === nomination.municipality_id &&
    nomination.sent_at === null &&
    (nomination.status === 'nominated' || nomination.status === 'listed' || nomination.status === 'rejected')
  );
}

/** Whether the user compiles its municipality's list (sends it to the department). */
export function compilesNominations(user: CurrentUser): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null;
}

/** The department decides on each nomination of the list sent to it, until the order is recorded. */
export function canDecideNomination(user: CurrentUser, nomination: NominationRef): boolean {
  return (
    user.role === 'department' &&
    user.municipalityId === nomination.municipality_id &&
    nomination.sent_at !== null &&
    (nomination.status === 'listed' || nomination.status === 'supported' || nomination.status === 'refused')
  );
}

/** Whether the user decides on its municipality's list and records the awarding order. */
export function decidesNominations(user: CurrentUser): boolean {
  return user.role === 'department' && user.municipalityId !== null;
}

/** The printable appendix of the order: the department, and the coordinator who prepares it. */
export function printsNominationList(user: CurrentUser): boolean {
  return municipal(user);
}

/** The list of best mentors: kept by the coordinator, read by the municipality's staff (the schools too). */
export function keepsBestMentors(user: CurrentUser): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null;
}

export function readsBestMentors(user: CurrentUser): boolean {
  return (municipal(user) || schoolStaff(user)) && user.municipalityId !== null;
}

/** The awards listed on /recognition: the scope's (a school's, a municipality's), or a mentor's own. */
export function readsScopeAwards(user: CurrentUser): boolean {
  return municipal(user) || schoolStaff(user);
}
