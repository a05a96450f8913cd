import { describe, expect, it } from 'vitest';
import { type HomeFlags, homeFlags } from '../../src/access/policy.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { ROLES, type Role } from '../../src/db/types.js';

function userOf(role: Role): CurrentUser {
  return {
    id: 1,
    login: role,
    fullName: role,
    position: null,
    role,
    organizationId: 10,
    organizationName: 'Организация',
    organizationType:
      role === 'admin' || role === 'region'
        ? 'region'
        : role === 'department'
          ? 'department'
          : role === 'coordinator'
            ? 'method_center'
            : 'school',
    municipalityId: role === 'admin' || role === 'region' ? null : 100,
  };
}

const WITHOUT_ADMINS = ROLES.filter((r) => r !== 'admin');

/** What each role's home page offers: the links the home views showed by comparing roles. */
const expected: Record<Role, HomeFlags> = {
  admin: {
    canAddOrganizations: true,
    canGiveAccounts: true,
    readsRegisters: false,
    keepsTags: false,
    readsAudit: true,
    countedRoles: [...ROLES],
    readsRoadmaps: false,
    keepsBases: false,
    isMentor: false,
    readsMunicipalIndicators: false,
  },
  department: {
    canAddOrganizations: false,
    canGiveAccounts: false,
    readsRegisters: true,
    keepsTags: false,
    readsAudit: false,
    countedRoles: WITHOUT_ADMINS,
    readsRoadmaps: true,
    keepsBases: false,
    isMentor: false,
    readsMunicipalIndicators: true,
  },
  coordinator: {
    canAddOrganizations: true,
    canGiveAccounts: true,
    readsRegisters: true,
    keepsTags: true,
    readsAudit: true,
    countedRoles: WITHOUT_ADMINS,
    readsRoadmaps: true,
    keepsBases: false,
    isMentor: false,
    readsMunicipalIndicators: true,
  },
  school_head: {
    canAddOrganizations: false,
    canGiveAccounts: true,
    readsRegisters: false,
    keepsTags: false,
    readsAudit: false,
    countedRoles: WITHOUT_ADMINS,
    readsRoadmaps: true,
    keepsBases: false,
    isMentor: false,
    readsMunicipalIndicators: false,
  },
  curator: {
    canAddOrganizations: false,
    canGiveAccounts: false,
    readsRegisters: false,
    keepsTags: false,
    readsAudit: false,
    countedRoles: WITHOUT_ADMINS,
    readsRoadmaps: true,
    keepsBases: true,
    isMentor: false,
    readsMunicipalIndicators: false,
  },
  mentor: {
    canAddOrganizations: false,
    canGiveAccounts: false,
    readsRegisters: false,
    keepsTags: false,
    readsAudit: false,
    countedRoles: WITHOUT_ADMINS,
    readsRoadmaps: false,
    keepsBases: false,
    isMentor: true,
    readsMunicipalIndicators: false,
  },
  mentee: {
    canAddOrganizations: false,
    canGiveAccounts: false,
    readsRegisters: false,
    keepsTags: false,
    readsAudit: false,
    countedRoles: WITHOUT_ADMINS,
    readsRoadmaps: false,
    keepsBases: false,
    isMentor: false,
    readsMunicipalIndicators: false,
  },
  region: {
    canAddOrganizations: false,
    canGiveAccounts: false,
    readsRegisters: false,
    keepsTags: false,
    readsAudit: false,
    countedRoles: WITHOUT_ADMINS,
    readsRoadmaps: false,
    keepsBases: false,
    isMentor: false,
    readsMunicipalIndicators: false,
  },
};

describe('what the home page offers', () => {
  it.each(ROLES)('%s', (role) => {
    expect(homeFlags(userOf(role))).toEqual(expected[role]);
  });
});
