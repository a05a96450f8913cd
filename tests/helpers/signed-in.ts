import type { CurrentUser } from '../../src/auth/sessions.js';
import type { OrganizationType, Role } from '../../src/db/types.js';

/**
 * One signed-in user of each role, for the unit tests of src/access: the region (1); municipality
 * A (100) with its department 101, its centre 102 and schools 110 and 111; municipality B (200)
 * with school 210. The school roles are in school 110.
 */
export const A = 100;
export const B = 200;
export const OWN_SCHOOL = 110;

const HOME: Record<Role, { organizationId: number; organizationType: OrganizationType; municipalityId: number | null }> = {
  admin: { organizationId: 1, organizationType: 'region', municipalityId: null },
  department: { organizationId: 101, organizationType: 'department', municipalityId: A },
  coordinator: { organizationId: 102, organizationType: 'method_center', municipalityId: A },
  school_head: { organizationId: OWN_SCHOOL, organizationType: 'school', municipalityId: A },
  curator: { organizationId: OWN_SCHOOL, organizationType: 'school', municipalityId: A },
  mentor: { organizationId: OWN_SCHOOL, organizationType: 'school', municipalityId: A },
  mentee: { organizationId: OWN_SCHOOL, organizationType: 'school', municipalityId: A },
  region: { organizationId: 1, organizationType: 'region', municipalityId: null },
};

/** Every role, the administrator first. */
export const EVERY_ROLE = Object.keys(HOME) as Role[];

export function userOf(role: Role): CurrentUser {
  return { id: 1, login: role, fullName: role, position: null, role, organizationName: 'Организация', ...HOME[role] };
}
