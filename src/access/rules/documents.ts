import type { CurrentUser } from '../../auth/sessions.js';
import { canSeeMinorDetails, canViewPerson, type PersonRef } from './people.js';

/** A document of a school's register by its school, and the person it concerns (if any). */
export interface DocumentRef {
  organization_id: number;
  municipality_id: number | null;
  /**
   * The mentor or mentee the document concerns (a consent form, an additional agreement), with
   * whether the person is a minor: such a document holds the person's personal data.
   */
  person: (PersonRef & { minor: boolean }) | null;
}

/**
 * The school's curator and head read its register, the municipality's coordinator and department
 * every school's. A document concerning a person is read only by those who may see that person's
 * personal data (people.ts): of a minor, the school's curator and the coordinator
 * (canSeeMinorDetails); of an adult, whoever reads the person in the bases. Mirrors documentsInScope.
 */
export function canViewDocument(user: CurrentUser, doc: DocumentRef): boolean {
  let inScope: boolean;
  switch (user.role) {
    case 'curator':
    case 'school_head':
      inScope = doc.organization_id === user.organizationId;
      break;
    case 'coordinator':
    case 'department':
      inScope = user.municipalityId !== null && doc.municipality_id === user.municipalityId;
      break;
    default:
      inScope = false;
  }
  if (!inScope || doc.person === null) return inScope;
  return doc.person.minor ? canSeeMinorDetails(user, doc.person) : canViewPerson(user, doc.person);
}

/** A school's curator and head add documents to its register. */
export function canCreateDocument(user: CurrentUser): boolean {
  return (user.role === 'curator' || user.role === 'school_head') && user.organizationType === 'school';
}

/** The school's curator and head keep its documents (those they may read). */
export function canEditDocument(user: CurrentUser, doc: DocumentRef): boolean {
  return (user.role === 'curator' || user.role === 'school_head') && canViewDocument(user, doc);
}

/** The municipality roles read the register of every school, with the filter by school and the matrix. */
export function readsMunicipalDocuments(user: CurrentUser): boolean {
  return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId !== null;
}

/** The school whose register the user reads (curator, head), or null: the municipality roles read every school's. */
export function documentSchoolOf(user: CurrentUser): number | null {
  return user.role === 'curator' || user.role === 'school_head' ? user.organizationId : null;
}

/** The coordinator declares its municipality's package of required documents. */
export function canSetDocumentRequirements(user: CurrentUser): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null;
}
