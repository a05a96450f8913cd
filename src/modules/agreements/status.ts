import type { AgreementStatus } from './labels.js';

/** An agreement's state on `today` ('YYYY-MM-DD'): before its first day, within its term (no end: for good), after its last day. */
export function agreementStatus(term: { valid_from: string; valid_to: string | null }, today: string): AgreementStatus {
  if (term.valid_from > today) return 'pending';
  if (term.valid_to !== null && term.valid_to < today) return 'expired';
  return 'running';
}
