import type { Kysely } from 'kysely';
import { canViewAudit } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError } from '../../http/errors.js';
import type { Page } from '../../lib/pagination.js';
import { type AuditRow, listAudit } from './queries.js';
import type { AuditListQuery } from './schemas.js';

/** Who acts, from where: every service that changes data takes one. */
export interface Actor {
  user: CurrentUser;
  ip: string | null;
}

export type AuditAction =
  | 'create'
  | 'update'
  | 'deactivate'
  | 'activate'
  | 'invite'
  | 'reset_password'
  | 'set_password'
  | 'change_password'
  | 'login'
  | 'logout'
  | 'archive'
  | 'restore'
  | 'erase'
  | 'import'
  | 'upload'
  | 'approve'
  | 'revoke_approval'
  // roadmaps: sent for approval, returned by the approver with a comment
  | 'ask_approval'
  | 'refuse_approval'
  | 'publish'
  | 'unpublish'
  | 'publish_public'
  | 'unpublish_public'
  | 'move'
  | 'delete'
  // programmes and the district bank
  | 'submit'
  | 'accept'
  | 'return'
  // surveys: an answer given (never linked to the person), personal links handed out
  | 'answer'
  | 'issue_links'
  // monitoring campaigns: a submission's transitions and the deadline extended for one school
  | 'send'
  | 'accept_submission'
  | 'return_submission'
  | 'reopen'
  | 'extend_deadline'
  // issue 16, e-mail: a set-password link sent to the person's address; a person's address set, a
  // confirmation link sent, the address confirmed or removed
  | 'mail_password_link'
  | 'set_email'
  | 'send_email_link'
  | 'confirm_email'
  | 'remove_email'
  // issue 17: agreement by the methodological centre (a school's roadmap, programme, document)
  | 'send_for_agreement'
  | 'agree'
  | 'return_agreement'
  | 'revoke_agreement'
  // issue 18: events — registration opened, held, cancelled; registrations; attendance; the result
  | 'open_registration'
  | 'mark_held'
  | 'cancel'
  | 'register'
  | 'unregister'
  | 'mark_attendance'
  | 'publish_results'
  // issue 18, recognition: a nomination's steps, the list sent to the department, the awarding order
  | 'nominate'
  | 'include_in_list'
  | 'exclude_from_list'
  | 'send_list'
  | 'support'
  | 'refuse'
  | 'grant_award'
  // issue 19, the bank of best practices: a practice's way to the municipal register
  | 'send_practice'
  | 'return_practice'
  | 'accept_practice'
  | 'publish_practice'
  | 'withdraw_practice';

export interface AuditEntry {
  action: AuditAction;
  entityType:
    | 'organization'
    | 'user'
    | 'mentor'
    | 'mentee'
    | 'tag'
    | 'roadmap'
    | 'roadmap_item'
    | 'roadmap_occurrence'
    // issue 17: a school's part of a municipal item, the schools an item is addressed to
    | 'roadmap_school_part'
    | 'roadmap_item_addressees'
    | 'file'
    | 'pair'
    | 'pair_order'
    | 'pair_task'
    | 'meeting'
    | 'meeting_feedback'
    | 'programme'
    | 'indicator'
    | 'indicator_target'
    | 'contingent'
    | 'indicator_value'
    | 'analytical_report'
    | 'survey_template'
    | 'survey'
    | 'survey_invitation'
    | 'survey_response'
    | 'monitoring_campaign'
    | 'monitoring_submission'
    // issue 16: the periodic clean-ups, the portal's own acts (no user)
    | 'session'
    | 'import_batch'
    | 'password_token'
    | 'email_confirmation'
    // issue 16: a person's choices of e-mail notifications
    | 'mail_settings'
    // issue 17: a document of a school's register, the municipality's package of required documents;
    // a school's agreement with a partner, a school, a college
    | 'school_document'
    | 'document_requirements'
    | 'agreement'
    // issue 17: a model document of the municipality's library
    | 'model_document'
    // issue 18: an event of a plan, a person's registration for it
    | 'event'
    | 'event_registration'
    // issue 18: an award of a mentor, a nomination for one, an entry of the list of best mentors
    | 'award'
    | 'award_nomination'
    | 'best_mentor'
    // issue 18: a participant's diagnostic answers (before / after), a mentee's outcomes at the end
    | 'diagnostic_response'
    | 'mentee_outcome'
    // issue 19: a practice of the bank, a news item of a public page
    | 'practice'
    | 'public_news';
  entityId: number | string | null;
  organizationId: number | null;
  municipalityId: number | null;
  /** Names of the changed fields only; never values, which may be personal data. */
  changedFields?: string[];
}

export async function recordAudit(
  db: Kysely<Database>,
  who: { userId: number | null; ip: string | null },
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: who.userId,
      ip: who.ip,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      organization_id: entry.organizationId,
      municipality_id: entry.municipalityId,
      changed_fields: entry.changedFields ?? [],
    })
    .execute();
}

export function auditActor(actor: Actor): { userId: number; ip: string | null } {
  return { userId: actor.user.id, ip: actor.ip };
}

/** The names of the fields whose values differ between the stored row and the update. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): string[] {
  return Object.keys(after).filter((key) => {
    const a = before[key];
    const b = after[key];
    if (a instanceof Date && b instanceof Date) return a.getTime() !== b.getTime();
    return (a ?? null) !== (b ?? null);
  });
}

/** A page of the log the actor reads: the administrator's whole log, the coordinator's municipality's. */
export async function auditLog(db: Kysely<Database>, actor: Actor, query: AuditListQuery): Promise<Page<AuditRow>> {
  if (!canViewAudit(actor.user)) throw new ForbiddenError('Журнал действий читают администратор портала и методический центр.');
  return listAudit(db, actor.user, query);
}
