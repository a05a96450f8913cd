import type { CurrentUser } from '../../auth/sessions.js';
import { ROLES, type Role } from '../../db/types.js';
import { MODULE_ROLES } from './modules.js';
import { creatableOrganizationTypes } from './organizations.js';
import { readsAsMentor } from './pairs.js';
import { scopeOf } from './scope.js';
import { assignableRoles } from './users.js';

/** What the home pages (views/home/*.eta) offer the user: flags, so that the views never compare roles. */
export interface HomeFlags {
  /** «Добавить образовательную организацию или партнёра». */
  canAddOrganizations: boolean;
  /** «Выдать учётную запись», also to the curator of a school that has none. */
  canGiveAccounts: boolean;
  /** «Муниципальные реестры». */
  readsRegisters: boolean;
  /** «Справочники» of competencies and requests. */
  keepsTags: boolean;
  /** «Журнал действий». */
  readsAudit: boolean;
  /** The roles whose accounts the page counts: the administrators' only for an administrator. */
  countedRoles: Role[];
  /** «Дорожные карты: ближайшие сроки и просроченные». */
  readsRoadmaps: boolean;
  /** A school's bases and pairs are kept by the user (a curator): forming pairs, adding people, importing. */
  keepsBases: boolean;
  /** A participant's page speaks to a mentor (else to a mentee). */
  isMentor: boolean;
  /** The municipality's indicators against the year's targets lead the home page. */
  readsMunicipalIndicators: boolean;
}

const has = (roles: readonly Role[], user: CurrentUser) => roles.includes(user.role);

export function homeFlags(user: CurrentUser): HomeFlags {
  return {
    canAddOrganizations: creatableOrganizationTypes(user).length > 0,
    canGiveAccounts: assignableRoles(user).length > 0,
    readsRegisters: has(MODULE_ROLES.registers, user),
    keepsTags: has(MODULE_ROLES.tagsManage, user),
    readsAudit: has(MODULE_ROLES.audit, user),
    countedRoles: ROLES.filter((role) => role !== 'admin' || scopeOf(user).kind === 'all'),
    readsRoadmaps: has(MODULE_ROLES.roadmaps, user),
    keepsBases: has(MODULE_ROLES.peopleManage, user),
    isMentor: readsAsMentor(user),
    readsMunicipalIndicators: has(MODULE_ROLES.indicatorsMunicipal, user),
  };
}

/**
 * Which home page the user gets: the administrator's (organisations and accounts), the
 * municipality's (what needs acting on: indicators against targets, overdue roadmap items and
 * silent pairs by school), a school's, or a participant's.
 */
export type HomePage = 'administration' | 'municipal' | 'school' | 'participant' | 'region';

export function homePageOf(user: CurrentUser): HomePage {
  switch (user.role) {
    case 'admin':
      return 'administration';
    case 'department':
    case 'coordinator':
      return 'municipal';
    case 'school_head':
    case 'curator':
      return 'school';
    case 'mentor':
    case 'mentee':
      return 'participant';
    case 'region':
      return 'region';
  }
}

/** «Школы без куратора»: the municipality's users watch that every school of theirs has one. */
export function watchesSchoolCurators(user: CurrentUser): boolean {
  return scopeOf(user).kind === 'municipality';
}
