import type { CurrentUser } from '../../auth/sessions.js';
import { ageOn } from '../../lib/dates.js';

/**
 * Who may be sent e-mail (issue 16). The portal mails nobody under 18: a person whose account is
 * linked to a record of the bases (a mentee's or a mentor's, `user_id`) that makes them a minor on
 * the day of sending. A student's record without a birth date counts as a minor's (schoolchildren
 * are, mostly); a record of an adult category without one does not.
 */

/** A record of the bases linked to the account, as the rule reads it. */
export interface LinkedRecord {
  /** The record's category: a mentee's or a mentor's (`student` is a schoolchild in both). */
  category: string;
  /** 'YYYY-MM-DD' or null. */
  birth_date: string | null;
}

/** The age from which the portal sends a person e-mail. */
export const MAIL_ADULT_AGE = 18;

/** Whether the person may get e-mail at all: not a minor by any record linked to the account on `today`. */
export function mayGetEmail(records: readonly LinkedRecord[], today: string): boolean {
  return records.every((record) =>
    record.birth_date === null ? record.category !== 'student' : ageOn(record.birth_date, today) >= MAIL_ADULT_AGE,
  );
}

/** Where a notification's object belongs: its organisation and municipality, as stored with it. */
export interface NoticePlace {
  organization_id: number | null;
  municipality_id: number | null;
}

/**
 * For an object the mailer cannot rebuild for the access rules (a kind of notification added later):
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
