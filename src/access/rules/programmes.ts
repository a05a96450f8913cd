import type { CurrentUser } from '../../auth/sessions.js';

/** A mentoring programme by its school. */
export interface ProgrammeRef {
  organization_id: number;
  municipality_id: number | null;
}

/** The curator of the programme's school keeps it (edits, archives, offers it to the bank). */
export function canEditProgramme(user: CurrentUser, programme: ProgrammeRef): boolean {
  return user.role === 'curator' && programme.organization_id === user.organizationId;
}

/** The coordinator of the programme's municipality accepts it into the district bank or returns it. */
export function canReviewProgramme(user: CurrentUser, programme: ProgrammeRef): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null && programme.municipality_id === user.municipalityId;
}

/**
 * Who reads the programme's way through the bank (status, the coordinator's comment, dates): its own
 * school and the municipality roles; another school reads an accepted programme without them.
 */
export function seesProgrammeReview(user: CurrentUser, programme: ProgrammeRef): boolean {
  if (user.role === 'curator' || user.role === 'school_head') return programme.organization_id === user.organizationId;
  if (user.role === 'coordinator' || user.role === 'department') return user.municipalityId !== null && programme.municipality_id === user.municipalityId;
  return false;
}
