import type { CurrentUser } from '../../auth/sessions.js';
import { mayOpen } from './modules.js';
import { scopeOf } from './scope.js';

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

/** The list of pairs is the schools' and the municipality's: a mentor or a mentee reaches its own pairs from its home page. */
export function browsesPairs(user: CurrentUser): boolean {
  return mayOpen(user, 'pairs') && scopeOf(user).kind !== 'self';
}

/** A curator forms its school's pairs and groups and issues the order that assigns them. */
export function canFormPairs(user: CurrentUser): boolean {
  return mayOpen(user, 'pairsManage');
}

/** The pairs the user reads are the municipality's (the coordinator, the department): by school, with a drill-down. */
export function readsMunicipalPairs(user: CurrentUser): boolean {
  return scopeOf(user).kind === 'municipality' && mayOpen(user, 'pairs');
}

/** A participant (a mentor, a mentee) reads only its own pairs: «Мои пары», reached from its home page. */
export function readsOwnPairs(user: CurrentUser): boolean {
  return mayOpen(user, 'pairs') && scopeOf(user).kind === 'self';
}

/**
 * The user reads the pair as its mentor. A mentor reads only the pairs it mentors (pairsInScope,
 * through which every caller loads the pair), so no query is needed to ask again.
 */
export function readsAsMentor(user: CurrentUser): boolean {
  return user.role === 'mentor';
}

/** The user reads the pair as one of its mentees: it sees its own feedback and reflection only. */
export function readsAsMentee(user: CurrentUser): boolean {
  return user.role === 'mentee';
}

/** Meetings of a pair loaded within the user's scope are logged by its mentor and by the school's curator. */
export function canLogMeetings(user: CurrentUser, pair: PairRef): boolean {
  return canManagePair(user, pair) || readsAsMentor(user);
}
