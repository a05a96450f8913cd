import type { CurrentUser } from '../../auth/sessions.js';
import type { ProgrammeBankStatus, Role } from '../../db/types.js';
import { MODULE_ROLES } from './modules.js';

/** A mentoring programme by its school. */
export interface ProgrammeRef {
  organization_id: number;
  municipality_id: number | null;
}

const has = (roles: readonly Role[], user: CurrentUser) => roles.includes(user.role);

/**
 * The municipality roles read every programme of their municipality; a school's staff their own
 * school's and those of the district bank (accepted from any school of their municipality).
 * Mirrors programmesInScope.
 */
export function canViewProgramme(user: CurrentUser, programme: ProgrammeRef & { bank_status: ProgrammeBankStatus }): boolean {
  switch (user.role) {
    case 'coordinator':
    case 'department':
      return user.municipalityId !== null && programme.municipality_id === user.municipalityId;
    case 'curator':
    case 'school_head':
      return (
        programme.organization_id === user.organizationId ||
        (user.municipalityId !== null &&
          programme.bank_status === 'accepted' &&
          programme.municipality_id === user.municipalityId)
      );
    default:
      return false;
  }
}

/** A school's curator adds the programmes of its school. */
export function canCreateProgramme(user: CurrentUser): boolean {
  return user.role === 'curator' && user.organizationType === 'school';
}

/** The curator of the programme's school keeps it (edits, archives, offers it to the bank). */
export function canEditProgramme(user: CurrentUser, programme: ProgrammeRef): boolean {
  return user.role === 'curator' && programme.organization_id === user.organizationId;
}

/** The coordinator of the programme's municipality accepts it into the district bank or returns it. */
export function canReviewProgramme(user: CurrentUser, programme: ProgrammeRef): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null && programme.municipality_id === user.municipalityId;
}

/** The coordinator is shown how many programmes wait for its decision. */
export function keepsReviewQueue(user: CurrentUser): boolean {
  return has(MODULE_ROLES.programmesReview, user);
}

/** The municipality roles list the programmes of every school of the municipality, with a filter by school. */
export function readsMunicipalProgrammes(user: CurrentUser): boolean {
  return user.role === 'coordinator' || user.role === 'department';
}

/** The school whose own programmes make the user's list (curator, head), or null: the municipality roles read the municipality's. */
export function programmeSchoolOf(user: CurrentUser): number | null {
  return user.role === 'curator' || user.role === 'school_head' ? user.organizationId : null;
}

/**
 * Who reads the programme's way through the bank (status, the coordinator's comment, dates): its own
 * school and the municipality roles; another school reads an accepted programme without them.
 */
export function seesProgrammeReview(user: CurrentUser, programme: ProgrammeRef): boolean {
  if (user.role === 'curator' || user.role === 'school_head') return programme.organization_id === user.organizationId;
  if (user.role === 'coordinator' || user.role === 'department')
    return user.municipalityId !== null && programme.municipality_id === user.municipalityId;
  return false;
}
