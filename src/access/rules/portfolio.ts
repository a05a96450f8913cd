import type { CurrentUser } from '../../auth/sessions.js';

/**
 * The mentor's portfolio (issue 18): one page per mentor of the bases, printable for attestation.
 * The mentor reads its own (the records linked to its account); the curator and the head of the
 * mentor's own school (its base: a shared mentor's portfolio is kept where it is recorded) read
 * their school's mentors; the coordinator and the department their municipality's; nobody else.
 * Mirrors portfoliosInScope.
 */

export interface PortfolioMentorRef {
  organization_id: number;
  municipality_id: number | null;
  user_id: number | null;
}

/** A mentee of one of the mentor's pairs as the portfolio names it (or not). */
export interface PortfolioMenteeRef {
  organization_id: number;
  municipality_id: number | null;
  category: string;
}

export function canViewPortfolio(user: CurrentUser, mentor: PortfolioMentorRef): boolean {
  switch (user.role) {
    case 'curator':
    case 'school_head':
      return user.organizationType === 'school' && mentor.organization_id === user.organizationId;
    case 'coordinator':
    case 'department':
      return user.municipalityId !== null && mentor.municipality_id === user.municipalityId;
    case 'mentor':
      return mentor.user_id !== null && mentor.user_id === user.id;
    default:
      return false;
  }
}

/**
 * Whether the screen version names a mentee: the mentor names its own mentees (it works with
 * them), the staff those of their scope; a mentee at a school outside the reader's scope (a
 * shared mentor's pair elsewhere) is described, not named. The printable version never names a
 * student (the attestation document leaves the school): see portfolio/labels.ts menteeLabel.
 */
export function seesPortfolioMenteeName(user: CurrentUser, mentee: PortfolioMenteeRef): boolean {
  switch (user.role) {
    case 'mentor':
      return true;
    case 'curator':
    case 'school_head':
      return mentee.organization_id === user.organizationId;
    case 'coordinator':
    case 'department':
      return user.municipalityId !== null && mentee.municipality_id === user.municipalityId;
    default:
      return false;
  }
}

/** The «Портфолио» entry of the menu: the mentor's own. */
export function ownsPortfolio(user: CurrentUser): boolean {
  return user.role === 'mentor';
}
