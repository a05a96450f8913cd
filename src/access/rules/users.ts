import type { CurrentUser } from '../../auth/sessions.js';
import type { Role } from '../../db/types.js';
import { ROLE_ORGANIZATION_TYPES, SCHOOL_ROLES } from '../roles.js';
import { canManageOrganization, type OrganizationRef } from './organizations.js';
import { scopeOf } from './scope.js';

/** Accounts: who reads them, who gives, changes, deactivates and resets them. */

export interface UserRef {
  id: number;
  role: Role;
  organization: OrganizationRef;
}

/** The user's own account, and the accounts of its scope. Mirrors usersInScope. */
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

/** A school's staff (the head, the curator) read the accounts of their own organisation: «Сотрудники ОО». */
export function readsOrganizationStaff(user: CurrentUser): boolean {
  return scopeOf(user).kind === 'organization';
}

/** Whether the user may give an account of `role` in `org` (create, edit, deactivate, reset). */
export function canManageAccountIn(user: CurrentUser, org: OrganizationRef, role: Role): boolean {
  if (!ROLE_ORGANIZATION_TYPES[role].includes(org.type)) return false;
  if (user.role === 'admin') return true;
  if (user.role === 'coordinator') {
    return canManageOrganization(user, org) && SCHOOL_ROLES.includes(role);
  }
  // Issue 17: the school head gives its own school's curator an account, nothing else.
  if (user.role === 'school_head') return org.id === user.organizationId && role === 'curator';
  return false;
}

export function canManageUser(user: CurrentUser, target: UserRef): boolean {
  return canManageAccountIn(user, target.organization, target.role);
}

/** Roles this user may give to accounts it creates. */
export function assignableRoles(user: CurrentUser): readonly Role[] {
  if (user.role === 'admin')
    return ['admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee', 'region'];
  if (user.role === 'coordinator') return SCHOOL_ROLES;
  if (user.role === 'school_head') return ['curator'];
  return [];
}

/** No one changes the role of its own account (an administrator would lock itself out, a coordinator would raise itself). */
export function canChangeRoleOf(user: CurrentUser, target: { id: number }): boolean {
  return target.id !== user.id;
}
