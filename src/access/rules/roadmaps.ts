import type { CurrentUser } from '../../auth/sessions.js';
import type { OrganizationType } from '../../db/types.js';
import { mayOpen } from './modules.js';

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

/** The school whose roadmaps the user reads beside its municipality's (curator, head), or null: the municipality roles read them all. */
export function roadmapSchoolOf(user: CurrentUser): number | null {
  return user.role === 'curator' || user.role === 'school_head' ? user.organizationId : null;
}

/** The coordinator edits its municipality's roadmap(s), a curator its school's. */
export function canEditRoadmap(user: CurrentUser, roadmap: RoadmapRef): boolean {
  if (user.role === 'coordinator') {
    return (
      roadmap.organization_type === 'municipality' &&
      user.municipalityId !== null &&
      roadmap.organization_id === user.municipalityId
    );
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
    return (
      roadmap.organization_type === 'municipality' &&
      user.municipalityId !== null &&
      roadmap.organization_id === user.municipalityId
    );
  }
  if (user.role === 'school_head')
    return roadmap.organization_type === 'school' && roadmap.organization_id === user.organizationId;
  return false;
}

/**
 * Who sends a roadmap for approval: its author (the coordinator the municipal plan, the curator its
 * school's). A template is published, not approved. The approver answers: canApproveRoadmap.
 */
export function canAskRoadmapApproval(user: CurrentUser, roadmap: RoadmapRef): boolean {
  return roadmap.kind === 'plan' && canEditRoadmap(user, roadmap);
}

/** Who reads a template's matrix of items × schools: the coordinator and the department, of a template they see. */
export function canViewTemplateMatrix(user: CurrentUser, roadmap: RoadmapRef): boolean {
  return roadmap.kind === 'template' && mayOpen(user, 'roadmapsMatrix') && canViewRoadmap(user, roadmap);
}

/** The coordinator keeps the model school roadmaps (templates) of its municipality. */
export function canCreateTemplate(user: CurrentUser): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null;
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

/**
 * Issue 17, the schools' part of the municipal roadmap. The coordinator who keeps the municipal
 * plan addresses its items to chosen schools.
 */
export function canAddressRoadmapItem(user: CurrentUser, roadmap: RoadmapRef): boolean {
  return (
    roadmap.kind === 'plan' &&
    roadmap.organization_type === 'municipality' &&
    user.role === 'coordinator' &&
    canEditRoadmap(user, roadmap)
  );
}

/** The curator and the head of a school mark that school's part of an item of their municipality's plan. */
export function canMarkSchoolPart(user: CurrentUser, roadmap: RoadmapRef, schoolId: number): boolean {
  return (
    roadmap.kind === 'plan' &&
    roadmap.organization_type === 'municipality' &&
    (user.role === 'curator' || user.role === 'school_head') &&
    user.organizationId === schoolId &&
    canViewRoadmap(user, roadmap)
  );
}

/** The coordinator and the department see every school's part of their municipality's plan. */
export function canViewAllSchoolParts(user: CurrentUser, roadmap: RoadmapRef): boolean {
  return (
    roadmap.kind === 'plan' &&
    roadmap.organization_type === 'municipality' &&
    (user.role === 'coordinator' || user.role === 'department') &&
    canViewRoadmap(user, roadmap)
  );
}
