import type { CurrentUser } from '../../auth/sessions.js';
import { mayOpen } from './modules.js';
import { scopeOf } from './scope.js';

/** A record of the bases (a mentor or mentee) by the school whose base holds it. */
export interface PersonRef {
  organization_id: number;
  municipality_id: number | null;
}

export function canViewPerson(user: CurrentUser, person: PersonRef): boolean {
  switch (user.role) {
    case 'curator':
    case 'school_head':
      return person.organization_id === user.organizationId;
    case 'coordinator':
    case 'department':
      return user.municipalityId !== null && person.municipality_id === user.municipalityId;
    default:
      return false;
  }
}

/** Only the school's curator keeps its bases. */
export function canEditPerson(user: CurrentUser, person: PersonRef): boolean {
  return user.role === 'curator' && person.organization_id === user.organizationId;
}

/**
 * Opening a mentor to the municipality (or closing it): the municipality's coordinator, or the
 * mentor's own school, its curator or head (issue 17).
 */
export function canShareMentor(user: CurrentUser, mentor: PersonRef): boolean {
  switch (user.role) {
    case 'curator':
    case 'school_head':
      return mentor.organization_id === user.organizationId;
    case 'coordinator':
      return user.municipalityId !== null && mentor.municipality_id === user.municipalityId;
    default:
      return false;
  }
}

/**
 * The pairs a mentor works in at other schools, on its card: the municipality's readers see them
 * as any pair; the mentor's own school sees only the school, the form and the term (no mentees).
 */
export function seesPairsElsewhere(user: CurrentUser): boolean {
  return readsMunicipalBases(user);
}

/** Birth dates and contacts of minors: their school's curator and the municipality's coordinator. */
export function canSeeMinorDetails(user: CurrentUser, person: PersonRef): boolean {
  if (user.role === 'curator') return person.organization_id === user.organizationId;
  if (user.role === 'coordinator') return user.municipalityId !== null && person.municipality_id === user.municipalityId;
  return false;
}

/** The user keeps a school's bases (its curator): adds, edits, imports. */
export function keepsBases(user: CurrentUser): boolean {
  return mayOpen(user, 'peopleManage');
}

/** The bases the user reads are the municipality's (the coordinator, the department): the registers by school. */
export function readsMunicipalBases(user: CurrentUser): boolean {
  return scopeOf(user).kind === 'municipality' && mayOpen(user, 'people');
}
