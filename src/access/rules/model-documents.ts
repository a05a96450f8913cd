import type { CurrentUser } from '../../auth/sessions.js';
import type { ModelDocumentStatus } from '../../db/types.js';

/** A model document of a municipality's library: its municipality and whether it is published. */
export interface ModelDocumentRef {
  municipality_id: number;
  status: ModelDocumentStatus;
}

/** A school whose documents are filled from the models: its own id and its municipality. */
export interface FilledSchoolRef {
  id: number;
  municipality_id: number | null;
}

/**
 * The library of model documents (issue 17): its municipality's schools (curator, head) and the
 * municipality (coordinator, department) read it. Mentors and mentees do not: the models are the
 * school's administrative papers.
 */
export function readsModelDocuments(user: CurrentUser): boolean {
  if (user.municipalityId === null) return false;
  if (user.role === 'coordinator' || user.role === 'department') return true;
  return (user.role === 'curator' || user.role === 'school_head') && user.organizationType === 'school';
}

/** The coordinator keeps its municipality's library: publishes, edits, withdraws. */
export function canManageModelDocuments(user: CurrentUser): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null;
}

/** A reader sees the published models of its municipality; the coordinator the withdrawn ones too. */
export function canViewModelDocument(user: CurrentUser, doc: ModelDocumentRef): boolean {
  if (!readsModelDocuments(user) || doc.municipality_id !== user.municipalityId) return false;
  return doc.status === 'published' || canManageModelDocuments(user);
}

/**
 * The documents filled with a school's data: its curator and head for their own school, the
 * coordinator for any school of its municipality.
 */
export function canFillSchoolDocuments(user: CurrentUser, school: FilledSchoolRef): boolean {
  if (user.role === 'curator' || user.role === 'school_head') return school.id === user.organizationId;
  return canManageModelDocuments(user) && school.municipality_id === user.municipalityId;
}

/** A filled document is saved into the school's register (a draft) by those who keep it: its curator and head. */
export function canSaveFilledDocument(user: CurrentUser, school: FilledSchoolRef): boolean {
  return (user.role === 'curator' || user.role === 'school_head') && school.id === user.organizationId;
}
