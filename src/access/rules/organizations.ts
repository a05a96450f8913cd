import type { CurrentUser } from '../../auth/sessions.js';
import type { OrganizationType } from '../../db/types.js';
import { scopeOf } from './scope.js';

/** Organisations: the tree of the region, its municipalities and their schools and partners. */

export interface OrganizationRef {
  id: number;
  type: OrganizationType;
  municipality_id: number | null;
}

/** Organisation types a coordinator keeps for its municipality. */
const COORDINATOR_ORGANIZATION_TYPES: readonly OrganizationType[] = ['school', 'partner'];

/** The administrator reads every organisation, the municipality roles their municipality's, a school's staff its own. Mirrors organizationsInScope. */
export function canViewOrganization(user: CurrentUser, org: OrganizationRef): boolean {
  const scope = scopeOf(user);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'municipality':
      return org.municipality_id === scope.municipalityId;
    case 'organization':
      return org.id === scope.organizationId;
    case 'self':
      return false;
  }
}

/**
 * The list of organisations is the region's and the municipalities' (the menu offers it to them);
 * a school's staff open their own organisation from their pages.
 */
export function browsesOrganizations(user: CurrentUser): boolean {
  const kind = scopeOf(user).kind;
  return kind === 'all' || kind === 'municipality';
}

export function canManageOrganization(user: CurrentUser, org: OrganizationRef): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'coordinator') {
    return (
      user.municipalityId !== null &&
      org.municipality_id === user.municipalityId &&
      COORDINATOR_ORGANIZATION_TYPES.includes(org.type)
    );
  }
  return false;
}

/** Which organisation types this user may create, under which parent. */
export function creatableOrganizationTypes(user: CurrentUser): readonly OrganizationType[] {
  if (user.role === 'admin') return ['region', 'municipality', 'department', 'method_center', 'school', 'partner'];
  if (user.role === 'coordinator') return COORDINATOR_ORGANIZATION_TYPES;
  return [];
}

/** The parent every organisation this user creates hangs under (the coordinator's municipality), or null when it chooses. */
export function fixedParentOf(user: CurrentUser): number | null {
  return user.role === 'coordinator' ? user.municipalityId : null;
}

/**
 * Under which organisation a user who creates organisations may place one it creates or changes:
 * one it sees; for a coordinator, its own municipality only.
 */
export function canPlaceOrganizationUnder(user: CurrentUser, parent: OrganizationRef): boolean {
  if (creatableOrganizationTypes(user).length === 0 || !canViewOrganization(user, parent)) return false;
  return user.role !== 'coordinator' || parent.id === user.municipalityId;
}
