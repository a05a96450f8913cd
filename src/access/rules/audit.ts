import type { CurrentUser } from '../../auth/sessions.js';

/** The audit log: who did what to which entity, when. */

/** A line of the log by the municipality it concerns (null: the region's). */
export interface AuditEntryRef {
  municipality_id: number | null;
}

/** The administrator reads the whole log, the coordinator its municipality's. */
export function canViewAudit(user: CurrentUser): boolean {
  return user.role === 'admin' || (user.role === 'coordinator' && user.municipalityId !== null);
}

/** One line of the log. Mirrors auditInScope. */
export function canViewAuditEntry(user: CurrentUser, entry: AuditEntryRef): boolean {
  if (!canViewAudit(user)) return false;
  return user.role === 'admin' || entry.municipality_id === user.municipalityId;
}
