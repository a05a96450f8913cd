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
