/**
 * Roadmaps: loading one within the scope (404) and for a change (403), creating, editing and
 * approving one; sending it for approval and refusing it (the requests: approval-requests.ts). Its items are in items.ts, their tracking in tracking.ts, templates in
 * templates.ts, the import of a table in table-import.ts, the template's matrix in matrix.ts.
 */

import type { Kysely, Transaction } from 'kysely';
import {
  canApproveRoadmap,
  canAskRoadmapApproval,
  canCreateTemplate,
  canEditRoadmap,
  canViewRoadmap,
  roadmapOwnerFor,
} from '../../access/policy.js';
import type { Database, RoadmapKind } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import { type Actor, type AuditAction, auditActor, recordAudit } from '../audit/service.js';
import { notifyRoadmapApproval, notifyRoadmapRequest } from '../notifications/producers.js';
import {
  findRoadmap,
  hasActivities,
  type RoadmapRow,
  roadmapOwner,
  roadmapItems,
  trackedOccurrences,
  userName,
} from './queries.js';
import { answerRequest, approvalHistory, insertRequest, requestHistory } from './approval-requests.js';
import { formerApproval, recordApproval, withdrawApproval } from './approvals.js';
import {
  type AgreementObject,
  type AgreementResult,
  agreementPanel,
  answerAgreement,
  ensureMayAnswer,
  ensureMaySend,
  sendForAgreement,
} from '../centre-agreements/service.js';
import { isAgreed } from '../centre-agreements/queries.js';
import type { RoadmapInput } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A roadmap within the actor's scope; outside it (or missing): 404. */
export async function loadRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<RoadmapRow> {
  const roadmap = await findRoadmap(db, actor.user, id);
  if (!roadmap || !canViewRoadmap(actor.user, roadmap)) throw new NotFoundError();
  return roadmap;
}

/** A roadmap the actor may change: outside the scope 404, inside but not its own 403. */
export async function editableRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<RoadmapRow> {
  const roadmap = await loadRoadmap(db, actor, id);
  if (!canEditRoadmap(actor.user, roadmap)) {
    throw new ForbiddenError(
      roadmap.organization_type === 'municipality'
        ? 'Муниципальную дорожную карту ведёт методический центр.'
        : 'Дорожную карту школы ведёт её куратор.',
    );
  }
  return roadmap;
}

/** An audit line about a roadmap, its item, an occurrence or a document of it, under the roadmap's organisation. */
export function auditRoadmap(
  db: Db,
  actor: Actor | null,
  roadmap: { id: number; organization_id: number; municipality_id: number | null },
  entry: {
    action: AuditAction;
    entityType: 'roadmap' | 'roadmap_item' | 'roadmap_occurrence' | 'file';
    entityId: number;
    changedFields: string[];
  },
) {
  return recordAudit(db as Kysely<Database>, actor ? auditActor(actor) : { userId: null, ip: null }, {
    ...entry,
    organizationId: roadmap.organization_id,
    municipalityId: roadmap.municipality_id,
  });
}

const ROADMAP_FIELDS = ['title', 'period_from', 'period_to', 'order_number', 'order_date'] as const;

/** A new roadmap of the actor's organisation; a template only by the coordinator, for its municipality. */
export async function createRoadmap(
  db: Kysely<Database>,
  actor: Actor,
  input: RoadmapInput,
  kind: RoadmapKind = 'plan',
): Promise<number> {
  const organizationId = roadmapOwnerFor(actor.user);
  if (organizationId === null) throw new ForbiddenError('Создавать дорожные карты могут методический центр и куратор школы.');
  if (kind === 'template' && !canCreateTemplate(actor.user))
    throw new ForbiddenError('Шаблон дорожной карты школы ведёт методический центр.');
  return db.transaction().execute((trx) => insertRoadmap(trx, actor, organizationId, input, kind));
}

/** Inserts a roadmap of an organisation (a municipality or a school) with its audit line. */
export async function insertRoadmap(
  trx: Transaction<Database>,
  actor: Actor | null,
  organizationId: number,
  input: RoadmapInput,
  kind: RoadmapKind = 'plan',
): Promise<number> {
  const org = await roadmapOwner(trx, organizationId);
  if (!org || (org.type !== 'municipality' && org.type !== 'school')) {
    throw new ConflictError('Дорожная карта бывает у муниципалитета или у школы.');
  }
  if (kind === 'template' && org.type !== 'municipality')
    throw new ConflictError('Шаблон дорожной карты школы бывает только у муниципалитета.');
  const row = await trx
    .insertInto('roadmaps')
    .values({ organization_id: organizationId, kind, ...input })
    .returning('id')
    .executeTakeFirstOrThrow();
  await auditRoadmap(
    trx,
    actor,
    { id: row.id, organization_id: org.id, municipality_id: org.municipality_id },
    {
      action: 'create',
      entityType: 'roadmap',
      entityId: row.id,
      changedFields: [...ROADMAP_FIELDS],
    },
  );
  return row.id;
}

export async function updateRoadmap(db: Kysely<Database>, actor: Actor, id: number, input: RoadmapInput): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, id);
  const changed = ROADMAP_FIELDS.filter((f) => roadmap[f] !== input[f]);
  if (changed.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('roadmaps')
      .set({ ...input, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditRoadmap(trx, actor, roadmap, { action: 'update', entityType: 'roadmap', entityId: id, changedFields: changed });
  });
}

/** A roadmap the actor approves (the department the municipal one, the school head its school's). */
export async function approvableRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<RoadmapRow> {
  const roadmap = await loadRoadmap(db, actor, id);
  if (!canApproveRoadmap(actor.user, roadmap)) {
    throw new ForbiddenError(
      roadmap.organization_type === 'municipality'
        ? 'Муниципальную дорожную карту утверждает управление образования.'
        : 'Дорожную карту школы утверждает её руководитель.',
    );
  }
  return roadmap;
}

export async function approveRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  const roadmap = await approvableRoadmap(db, actor, id);
  if (roadmap.approved_at !== null) return;
  if (!(await hasActivities(db, id))) throw new ConflictError('В дорожной карте нет ни одного мероприятия: утверждать нечего.');
  if (needsAgreement(roadmap) && !(await isAgreed(db, 'roadmap', id))) throw new ConflictError(NOT_AGREED);
  await db.transaction().execute(async (trx) => {
    const at = new Date();
    await trx.updateTable('roadmaps').set({ approved_at: at, approved_by: actor.user.id }).where('id', '=', id).execute();
    // Kept with the rows it approves and its order: a later change lists what changed since.
    await recordApproval(trx, roadmap, actor.user.id, at);
    // The approval answers the request it was sent with, if any; the authors are told by roadmap_approved.
    const answered = await answerRequest(trx, id, { userId: actor.user.id, at, outcome: 'approved', comment: null });
    await notifyRoadmapApproval(trx, { actorId: actor.user.id, notice: 'approved', approvedAt: at, roadmap });
    await auditRoadmap(trx, actor, roadmap, {
      action: 'approve',
      entityType: 'roadmap',
      entityId: id,
      changedFields: answered === undefined ? ['approved_at'] : ['approved_at', 'approval_request'],
    });
  });
}

/** Issue 17: a school's plan is approved by its head only once the methodological centre agreed it. */
export function needsAgreement(roadmap: { kind: RoadmapKind; organization_type: string }): boolean {
  return roadmap.kind === 'plan' && roadmap.organization_type === 'school';
}

export const NOT_AGREED =
  'Дорожную карту школы утверждают после согласования с методическим центром: куратор отправляет её на согласование, и, когда методический центр согласует её, руководитель может её утвердить.';

/** The roadmap as the centre's agreement sees it. */
export function agreementObject(roadmap: RoadmapRow): AgreementObject {
  return {
    type: 'roadmap',
    id: roadmap.id,
    title: roadmap.title,
    schoolName: roadmap.organization_name,
    link: `/roadmaps/${roadmap.id}`,
    organization_id: roadmap.organization_id,
    municipality_id: roadmap.municipality_id,
    subject: { type: 'roadmap', ref: roadmap },
  };
}

/** A school's plan its curator sends to the centre: outside the scope 404, another role 403, not a school's plan 409. */
export async function sendRoadmapForAgreement(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  note: string | null,
): Promise<AgreementResult> {
  const roadmap = await loadRoadmap(db, actor, id);
  ensureMaySend(actor, roadmap);
  if (!needsAgreement(roadmap)) return { ok: false, message: 'На согласование отправляют дорожную карту школы, а не шаблон.' };
  if (!(await hasActivities(db, id)))
    return { ok: false, message: 'В дорожной карте нет ни одного мероприятия: отправлять на согласование нечего.' };
  return sendForAgreement(db, actor, agreementObject(roadmap), note);
}

/** The coordinator of the school's municipality agrees its plan or returns it with a comment. */
export async function answerRoadmapAgreement(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  outcome: 'agreed' | 'returned',
  comment: string | null,
): Promise<AgreementResult> {
  const roadmap = await loadRoadmap(db, actor, id);
  ensureMayAnswer(actor, roadmap);
  return answerAgreement(db, actor, agreementObject(roadmap), outcome, comment);
}

/** An act on a request for approval: done, or refused with the reason (for the page's error summary). */
export type RequestResult = { ok: true } | { ok: false; message: string };

/** A roadmap the actor sends for approval (its author): outside the scope 404, inside but not its own (or a template) 403. */
export async function askableRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<RoadmapRow> {
  const roadmap = await loadRoadmap(db, actor, id);
  if (!canAskRoadmapApproval(actor.user, roadmap)) {
    throw new ForbiddenError(
      roadmap.kind === 'template'
        ? 'Шаблон публикуют для школ, а не утверждают.'
        : roadmap.organization_type === 'municipality'
          ? 'Муниципальную дорожную карту отправляет на утверждение методический центр.'
          : 'Дорожную карту школы отправляет на утверждение её куратор.',
    );
  }
  return roadmap;
}

/**
 * The author sends its roadmap (from askableRoadmap) for approval with an optional note: only a plan
 * with an activity, not approved, with no request open. The approvers are told, in the same transaction.
 */
export async function askApproval(
  db: Kysely<Database>,
  actor: Actor,
  roadmap: RoadmapRow,
  note: string | null,
): Promise<RequestResult> {
  const id = roadmap.id;
  if (!(await hasActivities(db, id)))
    return { ok: false, message: 'В дорожной карте нет ни одного мероприятия: отправлять на утверждение нечего.' };
  return db.transaction().execute(async (trx): Promise<RequestResult> => {
    // Locked: an approval given meanwhile is seen, and waits for this request to be stored.
    const current = await trx.selectFrom('roadmaps').select('approved_at').where('id', '=', id).forUpdate().executeTakeFirst();
    if (current?.approved_at)
      return { ok: false, message: 'Дорожная карта уже утверждена: отправлять её на утверждение не нужно.' };
    const requestId = await insertRequest(trx, id, actor.user.id, note, new Date());
    if (requestId === undefined)
      return { ok: false, message: 'Дорожная карта уже отправлена на утверждение: дождитесь ответа утверждающего.' };
    await notifyRoadmapRequest(trx, { actorId: actor.user.id, notice: 'approval_asked', requestId, comment: note, roadmap });
    await auditRoadmap(trx, actor, roadmap, {
      action: 'ask_approval',
      entityType: 'roadmap',
      entityId: id,
      changedFields: note === null ? ['approval_request'] : ['approval_request', 'note'],
    });
    return { ok: true };
  });
}

/**
 * The approver returns a roadmap (from approvableRoadmap) sent for approval to its authors with a
 * comment (required by the form): answers the open request 'refused' and tells the authors, in one
 * transaction.
 */
export async function refuseApproval(
  db: Kysely<Database>,
  actor: Actor,
  roadmap: RoadmapRow,
  comment: string,
): Promise<RequestResult> {
  const id = roadmap.id;
  return db.transaction().execute(async (trx): Promise<RequestResult> => {
    const requestId = await answerRequest(trx, id, { userId: actor.user.id, at: new Date(), outcome: 'refused', comment });
    if (requestId === undefined)
      return { ok: false, message: 'Дорожная карта не отправлена на утверждение: возвращать на доработку нечего.' };
    await notifyRoadmapRequest(trx, { actorId: actor.user.id, notice: 'approval_refused', requestId, comment, roadmap });
    await auditRoadmap(trx, actor, roadmap, {
      action: 'refuse_approval',
      entityType: 'roadmap',
      entityId: id,
      changedFields: ['approval_request', 'comment'],
    });
    return { ok: true };
  });
}

/** The roadmap's fields an approval taken away clears: the approval, and its order when one was entered. */
export function approvalFields(roadmap: { order_number: string | null; order_date: string | null }): string[] {
  return [
    'approved_at',
    ...(roadmap.order_number !== null ? ['order_number'] : []),
    ...(roadmap.order_date !== null ? ['order_date'] : []),
  ];
}

export async function revokeApproval(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  const roadmap = await approvableRoadmap(db, actor, id);
  if (roadmap.approved_at === null) return;
  await db.transaction().execute(async (trx) => {
    // The order goes with the approval taken back: the next approval gets one of its own.
    await withdrawApproval(trx, id, actor.user.id, 'revoked');
    await notifyRoadmapApproval(trx, {
      actorId: actor.user.id,
      notice: 'approval_revoked',
      approvedAt: roadmap.approved_at ?? new Date(),
      roadmap,
    });
    await auditRoadmap(trx, actor, roadmap, {
      action: 'revoke_approval',
      entityType: 'roadmap',
      entityId: id,
      changedFields: approvalFields(roadmap),
    });
  });
}

/**
 * A roadmap's page: the roadmap, its rows with the tracked occurrences of the recurring ones, who
 * approved it and the template it was made from (when the reader sees that one).
 */
export async function roadmapPage(db: Kysely<Database>, actor: Actor, id: number) {
  const roadmap = await loadRoadmap(db, actor, id);
  const items = await roadmapItems(db, roadmap.id);
  const requests = await requestHistory(db, roadmap.id);
  return {
    roadmap,
    items,
    tracked: await trackedOccurrences(db, items),
    approvedBy: roadmap.approved_by === null ? null : await userName(db, roadmap.approved_by),
    /** The approval taken away and what changed since, while the roadmap is not approved again. */
    formerApproval: await formerApproval(db, roadmap),
    /** The requests for approval, newest first (the open one, if any, is the first). */
    requests,
    /** Requests, refusals, approvals and their withdrawals, newest first. */
    approvalHistory: await approvalHistory(db, roadmap, requests),
    /** The centre's agreement of a school's plan, for who sees it; null otherwise. */
    agreement: needsAgreement(roadmap)
      ? await agreementPanel(db, actor, {
          type: 'roadmap',
          id: roadmap.id,
          organization_id: roadmap.organization_id,
          municipality_id: roadmap.municipality_id,
        })
      : null,
    template: roadmap.template_id === null ? null : ((await findRoadmap(db, actor.user, roadmap.template_id)) ?? null),
  };
}

/** The rows of a roadmap the actor reads, with the tracked occurrences of the recurring ones: for its .xlsx, print and timeline. */
export async function roadmapDocument(db: Kysely<Database>, actor: Actor, id: number) {
  const roadmap = await loadRoadmap(db, actor, id);
  const items = await roadmapItems(db, roadmap.id);
  return { roadmap, items, tracked: await trackedOccurrences(db, items) };
}
