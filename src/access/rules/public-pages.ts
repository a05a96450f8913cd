import type { CurrentUser } from '../../auth/sessions.js';
import type { SchoolDocumentType } from '../../db/types.js';

/**
 * The public pages (issue 19): anyone reads them; the news on them is written by their owners —
 * the coordinator the municipality's page, a school's curator its school's.
 */

/** The types of a school's register that may be public: none is about a person or a pair (0037's check). */
export const PUBLIC_DOCUMENT_TYPES: readonly SchoolDocumentType[] = [
  'implementation_order',
  'regulation',
  'roadmap_order',
  'other',
];

export interface PublicNewsRef {
  organization_id: number;
}

/** The organisation (a municipality or a school) whose public news the user writes, or null. */
export function publicNewsOwnerOf(user: CurrentUser): number | null {
  if (user.role === 'coordinator') return user.municipalityId;
  if (user.role === 'curator') return user.organizationId;
  return null;
}

/** The owner of the page edits, publishes and withdraws its news; nobody else (404 for them). */
export function canManagePublicNews(user: CurrentUser, news: PublicNewsRef): boolean {
  const owner = publicNewsOwnerOf(user);
  return owner !== null && owner === news.organization_id;
}
