import type { CurrentUser } from '../../auth/sessions.js';
import type { OrganizationType, Role } from '../../db/types.js';
import { ROLE_ORGANIZATION_TYPES, SCHOOL_ROLES } from '../roles.js';
import { scopeOf } from './scope.js';

/** Organisations, accounts and the audit log. */

export interface OrganizationRef {
  id: number;
  type: OrganizationType;
  municipality_id: number | null;
}

/** Organisation types a coordinator keeps for its municipality. */
const COORDINATOR_ORGANIZATION_TYPES: readonly OrganizationType[] = ['school', 'partner'];

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

export interface UserRef {
  id: number;
  role: Role;
  organization: OrganizationRef;
}

export function canViewUser(user: CurrentUser, target: UserRef): boolean {
  if (target.id === user.id) return true;
  const scope = scopeOf(user);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'municipality':
      return target.organization.municipality_id === scope.municipalityId;
    case 'organization':
      return target.organization.id === scope.organizationId;
    case 'self':
      return false;
  }
}

/** Whether the user may give an account of `role` in `org` (create, edit, deactivate, reset). */
export function canManageAccountIn(user: CurrentUser, org: OrganizationRef, role: Role): boolean {
  if (!ROLE_ORGANIZATION_TYPES[role].includes(org.type)) return false;
  if (user.role === 'admin') return true;
  if (user.role === 'coordinator') {
    return canManageOrganization(user, org) && SCHOOL_ROLES.includes(role);
  }
  return false;
}

export function canManageUser(user: CurrentUser, target: UserRef): boolean {
  return canManageAccountIn(user, target.organization, target.role);
}

/** Roles this user may give to accounts it creates. */
export function assignableRoles(user: CurrentUser): readonly Role[] {
  if (user.role === 'admin') return ['admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee'];
  if (user.role === 'coordinator') return SCHOOL_ROLES;
  return [];
}

export function canViewAudit(user: CurrentUser): boolean {
  return user.role === 'admin' || (user.role === 'coordinator' && user.municipalityId !== null);
}
