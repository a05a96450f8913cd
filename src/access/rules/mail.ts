import type { Role } from '../../db/types.js';
import { ageOn } from '../../lib/dates.js';

/**
 * Who may be sent e-mail at all (issue 16): minors receive nothing by e-mail — no confirmation
 * link, no notification, no digest. The account page offers no address to such a person and says
 * why; the mailer asks `mayGetEmail` before every mail.
 *
 * The portal's staff (administrators, the department, the methodological centre, schools' heads and
 * curators, the regional operator) are adults by their office. Mentors and mentees may be pupils:
 * their age is read from the record of the bases their account is linked to (mentors.user_id,
 * mentees.user_id). As for survey answers (surveys/answers.ts), a pupil («обучающийся», mentee or
 * mentor) counts as a minor whatever the birth date says, and so does anyone under 18 on the day.
 * A mentor's or mentee's account linked to no record is of unknown age and gets no mail until the
 * curator links it.
 */

/** Roles whose holders may be pupils: their age comes from the bases. */
const PARTICIPANT_ROLES: readonly Role[] = ['mentor', 'mentee'];

/** What the rule needs to know of an account (modules/mail/ages.ts loads it). */
export interface EmailSubject {
  role: Role;
  /** The records of the bases linked to the account (not erased): their category and birth date. */
  people: ReadonlyArray<{ category: string; birthDate: string | null }>;
}

/** Why a person gets no e-mail: a minor, or a participant whose age the portal does not know. */
export type NoEmailReason = 'minor' | 'age_unknown';

/** Why the person may not be sent e-mail on `today` ('YYYY-MM-DD'), or null when it may. */
export function noEmailReason(subject: EmailSubject, today: string): NoEmailReason | null {
  if (!PARTICIPANT_ROLES.includes(subject.role)) return null;
  if (subject.people.length === 0) return 'age_unknown';
  const minor = subject.people.some((p) => p.category === 'student' || (p.birthDate !== null && ageOn(p.birthDate, today) < 18));
  return minor ? 'minor' : null;
}

/** Whether the person may be sent e-mail (a confirmation link, notifications, a digest) on `today`. */
export function mayGetEmail(subject: EmailSubject, today: string): boolean {
  return noEmailReason(subject, today) === null;
}
