import type { CurrentUser } from '../../auth/sessions.js';

/** Where a notification's object belongs: its organisation and municipality, as stored with it. */
export interface NoticePlace {
  organization_id: number | null;
  municipality_id: number | null;
}

/**
 * For an object the mailer cannot rebuild for mayReceiveNotice (a kind of notification added later):
 * the person is still in the notification's organisation, or in its municipality — in one of the
 * municipality's own bodies (the department, the methodological centre) when the object is a
 * school's, anywhere in it when the object is the municipality's.
 */
export function staysWithNotice(user: CurrentUser, place: NoticePlace): boolean {
  if (place.organization_id !== null && user.organizationId === place.organization_id) return true;
  if (place.municipality_id === null || user.municipalityId !== place.municipality_id) return false;
  if (place.organization_id === null || place.organization_id === place.municipality_id) return true;
  return user.organizationType !== 'school' && user.organizationType !== 'partner';
}
