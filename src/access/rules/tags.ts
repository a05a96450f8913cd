import type { CurrentUser } from '../../auth/sessions.js';

/** The district-wide lists of a municipality: competencies of mentors, requests of mentees. */

export interface TagRef {
  municipality_id: number;
}

/** The municipality whose lists the user keeps (the coordinator's), or null. */
export function tagKeeperMunicipalityOf(user: CurrentUser): number | null {
  return user.role === 'coordinator' ? user.municipalityId : null;
}

/** The coordinator keeps its municipality's lists. Mirrors tagsInScope. */
export function canManageTag(user: CurrentUser, tag: TagRef): boolean {
  const municipalityId = tagKeeperMunicipalityOf(user);
  return municipalityId !== null && tag.municipality_id === municipalityId;
}
