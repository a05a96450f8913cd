import type { CurrentUser } from '../../auth/sessions.js';
import { canManagePair } from './pairs.js';
import type { ProgrammeRef } from './programmes.js';

/**
 * Issue 18, «Impact, before and after». A programme's diagnostic questionnaire is attached by the
 * curator of the programme's school (its author) or by the coordinator of its municipality.
 */
export function canAttachDiagnostic(user: CurrentUser, programme: ProgrammeRef): boolean {
  if (user.role === 'curator') return programme.organization_id === user.organizationId;
  if (user.role === 'coordinator') return user.municipalityId !== null && programme.municipality_id === user.municipalityId;
  return false;
}

/** A mentee's outcomes at the end of the pair are recorded by the curator of the pair's school. */
export function canRecordOutcomes(user: CurrentUser, pair: { organization_id: number }): boolean {
  return canManagePair(user, pair);
}

/** The participants who answer a diagnostic in the portal: the pair's mentors and its mentees with an account. */
export function answersDiagnosticByAccount(user: CurrentUser): boolean {
  return user.role === 'mentor' || user.role === 'mentee';
}
