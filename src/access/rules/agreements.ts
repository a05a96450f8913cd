import type { CurrentUser } from '../../auth/sessions.js';

/**
 * Agreements of a school with a partner, another school, a college or university (issue 17).
 * Read: the municipality's coordinator and department every agreement of the municipality; a
 * school's curator and head those their school is a party to. Kept: the coordinator for any school
 * of its municipality, the school's curator and head for their school. Mirrors agreementsInScope.
 */
export interface AgreementRef {
  school_id: number;
  party_id: number;
  /** The school's municipality. */
  municipality_id: number | null;
}

function municipal(user: CurrentUser): boolean {
  return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId !== null;
}

function schoolStaff(user: CurrentUser): boolean {
  return (user.role === 'curator' || user.role === 'school_head') && user.organizationType === 'school';
}

export function canViewAgreement(user: CurrentUser, agreement: AgreementRef): boolean {
  if (municipal(user)) return agreement.municipality_id === user.municipalityId;
  if (schoolStaff(user)) return agreement.school_id === user.organizationId || agreement.party_id === user.organizationId;
  return false;
}

/** The coordinator records agreements for the schools of its municipality, a school's curator and head for their school. */
export function canCreateAgreement(user: CurrentUser): boolean {
  return (user.role === 'coordinator' && user.municipalityId !== null) || schoolStaff(user);
}

/** Whether the user records agreements for any school of its municipality (and chooses the school) rather than its own. */
export function choosesAgreementSchool(user: CurrentUser): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null;
}

export function canEditAgreement(user: CurrentUser, agreement: AgreementRef): boolean {
  if (user.role === 'coordinator') return user.municipalityId !== null && agreement.municipality_id === user.municipalityId;
  return schoolStaff(user) && agreement.school_id === user.organizationId;
}

/**
 * A school's curator may add a partner organisation of its municipality, only together with the
 * school's agreement with it (one transaction); the coordinator creates partners on /organizations.
 */
export function canAddPartnerWithAgreement(user: CurrentUser): boolean {
  return user.role === 'curator' && user.organizationType === 'school' && user.municipalityId !== null;
}

/** The list of every school's agreements with a filter by school: the municipality roles. */
export function readsMunicipalAgreements(user: CurrentUser): boolean {
  return municipal(user);
}
