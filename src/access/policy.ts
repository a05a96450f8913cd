import type { CurrentUser } from '../auth/sessions.js';
import type { OrganizationType, Role } from '../db/types.js';
import { ROLE_ORGANIZATION_TYPES, SCHOOL_ROLES } from './roles.js';

/**
 * The one place that answers "may this user do this action on this resource".
 * Routes declare which roles may reach them at all (a role that may not gets 403);
 * services then load the resource through the scope helpers in scope.ts (outside the
 * scope: 404) and ask these functions about the action (forbidden inside the scope: 403).
 */

/** What part of the portal a user's lists are limited to. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'municipality'; municipalityId: number }
  | { kind: 'organization'; organizationId: number }
  | { kind: 'self'; userId: number };

export function scopeOf(user: CurrentUser): Scope {
  switch (user.role) {
    case 'admin':
      return { kind: 'all' };
    case 'department':
    case 'coordinator':
      // A municipality-level user always belongs to a municipality; fail closed if not.
      return user.municipalityId === null
        ? { kind: 'self', userId: user.id }
        : { kind: 'municipality', municipalityId: user.municipalityId };
    case 'school_head':
    case 'curator':
      return { kind: 'organization', organizationId: user.organizationId };
    case 'mentor':
    case 'mentee':
      return { kind: 'self', userId: user.id };
  }
}

/** Roles that may open each module at all; used in route declarations. */
export const MODULE_ROLES = {
  organizations: ['admin', 'department', 'coordinator', 'school_head', 'curator'],
  organizationsManage: ['admin', 'coordinator'],
  users: ['admin', 'department', 'coordinator', 'school_head', 'curator'],
  usersManage: ['admin', 'coordinator'],
  audit: ['admin', 'coordinator'],
  /** The bases of mentors and mentees: kept by curators, read by the school head and the municipality. */
  people: ['curator', 'school_head', 'coordinator', 'department'],
  peopleManage: ['curator'],
  tagsManage: ['coordinator'],
  registers: ['coordinator', 'department'],
  /** Roadmaps: the municipality's and each school's; read by the municipality and the school. */
  roadmaps: ['coordinator', 'department', 'curator', 'school_head'],
  /** The coordinator keeps the municipal roadmap, a curator its school's. */
  roadmapsManage: ['coordinator', 'curator'],
  /** The department approves the municipal roadmap, the school head its school's. */
  roadmapsApprove: ['department', 'school_head'],
  /** The coordinator's matrix of template items × schools; the department reads it too. */
  roadmapsMatrix: ['coordinator', 'department'],
  /** Programmes: a school's own and the district bank of accepted ones. */
  programmes: ['curator', 'school_head', 'coordinator', 'department'],
  programmesManage: ['curator'],
  /** The coordinator reviews programmes offered to the district bank. */
  programmesReview: ['coordinator'],
  /** Pairs and groups: the school keeps them, the municipality reads them, a mentor its own. */
  pairs: ['curator', 'school_head', 'coordinator', 'department', 'mentor', 'mentee'],
  pairsManage: ['curator'],
  /** Meetings are logged by the pair's mentor, or by the curator for a mentor without an account. */
  meetingsLog: ['mentor', 'curator'],
  /** Indicators and dashboards: the municipality's and each school's; read by both levels. */
  indicators: ['coordinator', 'department', 'curator', 'school_head'],
  /** An indicator across the schools of the municipality. */
  indicatorsMunicipal: ['coordinator', 'department'],
  /** The coordinator keeps the catalogue and the municipality's targets. */
  indicatorsManage: ['coordinator'],
  /** Contingent figures and values entered by hand: the coordinator for the municipality, a curator for its school. */
  indicatorsEnter: ['coordinator', 'curator'],
  /** Reports for the region: the .xlsx forms and the analytical report. */
  reports: ['coordinator', 'department'],
  /** Surveys: results are read at both levels; the coordinator keeps questionnaires and opens surveys. */
  surveys: ['coordinator', 'department', 'curator', 'school_head'],
  surveysManage: ['coordinator'],
  /** A curator hands out personal links to the participants of its school. */
  surveyLinks: ['curator'],
  /** Participants answer in the portal with their accounts. */
  surveysAnswer: ['mentor', 'mentee'],
} as const satisfies Record<string, readonly Role[]>;

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

/** Birth dates and contacts of minors: their school's curator and the municipality's coordinator. */
export function canSeeMinorDetails(user: CurrentUser, person: PersonRef): boolean {
  if (user.role === 'curator') return person.organization_id === user.organizationId;
  if (user.role === 'coordinator') return user.municipalityId !== null && person.municipality_id === user.municipalityId;
  return false;
}

/** A roadmap by its organisation: a municipality (the municipal roadmap) or a school. */
export interface RoadmapRef {
  organization_id: number;
  organization_type: OrganizationType;
  municipality_id: number | null;
  /** 'template': a model school roadmap of the municipality, visible to schools once published. */
  kind: 'plan' | 'template';
  published_at: Date | null;
}

/**
 * Coordinator and department: every roadmap of their municipality; curator and school head:
 * their school's and their municipality's (the municipal one). Mirrors roadmapsInScope.
 */
export function canViewRoadmap(user: CurrentUser, roadmap: RoadmapRef): boolean {
  switch (user.role) {
    case 'coordinator':
    case 'department':
      return user.municipalityId !== null && roadmap.municipality_id === user.municipalityId;
    case 'curator':
    case 'school_head':
      return (
        roadmap.organization_id === user.organizationId ||
        (roadmap.organization_type === 'municipality' &&
          user.municipalityId !== null &&
          roadmap.organization_id === user.municipalityId &&
          (roadmap.kind === 'plan' || roadmap.published_at !== null))
      );
    default:
      return false;
  }
}

/** The coordinator edits its municipality's roadmap(s), a curator its school's. */
export function canEditRoadmap(user: CurrentUser, roadmap: RoadmapRef): boolean {
  if (user.role === 'coordinator') {
    return roadmap.organization_type === 'municipality' && user.municipalityId !== null && roadmap.organization_id === user.municipalityId;
  }
  if (user.role === 'curator') return roadmap.organization_type === 'school' && roadmap.organization_id === user.organizationId;
  return false;
}

/**
 * Who approves a roadmap: the department its municipality's plan, the school head its school's.
 * Templates are published, not approved.
 */
export function canApproveRoadmap(user: CurrentUser, roadmap: RoadmapRef): boolean {
  if (roadmap.kind !== 'plan') return false;
  if (user.role === 'department') {
    return roadmap.organization_type === 'municipality' && user.municipalityId !== null && roadmap.organization_id === user.municipalityId;
  }
  if (user.role === 'school_head') return roadmap.organization_type === 'school' && roadmap.organization_id === user.organizationId;
  return false;
}

/** A curator creates its school's roadmap from a published template of its municipality. */
export function canUseTemplate(user: CurrentUser, template: RoadmapRef): boolean {
  return (
    user.role === 'curator' &&
    user.organizationType === 'school' &&
    template.kind === 'template' &&
    template.published_at !== null &&
    user.municipalityId !== null &&
    template.organization_id === user.municipalityId
  );
}

/** The organisation a new roadmap of this user belongs to, or null when the user creates none. */
export function roadmapOwnerFor(user: CurrentUser): number | null {
  if (user.role === 'coordinator') return user.municipalityId;
  if (user.role === 'curator' && user.organizationType === 'school') return user.organizationId;
  return null;
}

/** A pair by its school. */
export interface PairRef {
  organization_id: number;
}

/** The curator of the pair's school forms and changes it. */
export function canManagePair(user: CurrentUser, pair: PairRef): boolean {
  return user.role === 'curator' && pair.organization_id === user.organizationId;
}

/**
 * Whether the user sees the mentees' personal data in a pair (birth dates, contacts, parents):
 * their school's curator and the coordinator, as in the bases. A mentor sees only name, class or
 * position and requests.
 */
export function seesMenteeDetails(user: CurrentUser, pair: PairRef & { municipality_id: number | null }): boolean {
  if (user.role === 'curator') return pair.organization_id === user.organizationId;
  if (user.role === 'coordinator') return user.municipalityId !== null && pair.municipality_id === user.municipalityId;
  return false;
}

// --- Programmes (src/modules/programmes) ---------------------------------------------------

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

// --- end of Programmes ---------------------------------------------------------------------
