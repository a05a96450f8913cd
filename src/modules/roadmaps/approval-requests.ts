/**
 * A roadmap sent for approval and answered (migration 0021, table roadmap_approval_requests): the
 * queries of the acts in service.ts (askApproval, refuseApproval, approveRoadmap) and of the page.
 *
 * A roadmap has at most one open request. Approving answers it 'approved', refusing 'refused' with
 * the approver's comment. A change to the roadmap while it is open keeps it open: the approver
 * reads the roadmap as it is when answering, as for any roadmap not yet approved.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { orderText } from './labels.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A request as the page tells it: who asked, when, with what note, and its answer. */
export interface ApprovalRequestView {
  id: number;
  askedAt: Date;
  askedBy: string | null;
  note: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
  outcome: 'approved' | 'refused' | null;
  comment: string | null;
}

/** The roadmap's open request (locked when read in a transaction that answers it), or undefined. */
export function openRequest(db: Db, roadmapId: number, lock = false) {
  const query = db
    .selectFrom('roadmap_approval_requests')
    .select(['id', 'asked_at', 'asked_by', 'note'])
    .where('roadmap_id', '=', roadmapId)
    .where('answered_at', 'is', null);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Stores a request; undefined when another one is open already (the partial unique index). */
export async function insertRequest(
  trx: Transaction<Database>,
  roadmapId: number,
  userId: number,
  note: string | null,
  at: Date,
): Promise<number | undefined> {
  const row = await trx
    .insertInto('roadmap_approval_requests')
    .values({ roadmap_id: roadmapId, asked_by: userId, asked_at: at, note })
    .onConflict((oc) => oc.column('roadmap_id').where('answered_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Answers the roadmap's open request; returns its id, or undefined when none was open. */
export async function answerRequest(
  trx: Transaction<Database>,
  roadmapId: number,
  answer: { userId: number; at: Date; outcome: 'approved' | 'refused'; comment: string | null },
): Promise<number | undefined> {
  const row = await trx
    .updateTable('roadmap_approval_requests')
    .set({ answered_by: answer.userId, answered_at: answer.at, outcome: answer.outcome, comment: answer.comment })
    .where('roadmap_id', '=', roadmapId)
    .where('answered_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Every request of the roadmap, newest first, with the names of who asked and who answered. */
export async function requestHistory(db: Db, roadmapId: number): Promise<ApprovalRequestView[]> {
  const rows = await db
    .selectFrom('roadmap_approval_requests as r')
    .leftJoin('users as asker', 'asker.id', 'r.asked_by')
    .leftJoin('users as answerer', 'answerer.id', 'r.answered_by')
    .select([
      'r.id',
      'r.asked_at',
      'r.note',
      'r.answered_at',
      'r.outcome',
      'r.comment',
      'asker.full_name as asked_by_name',
      'answerer.full_name as answered_by_name',
    ])
    .where('r.roadmap_id', '=', roadmapId)
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    askedAt: r.asked_at,
    askedBy: r.asked_by_name,
    note: r.note,
    answeredAt: r.answered_at,
    answeredBy: r.answered_by_name,
    outcome: r.outcome,
    comment: r.comment,
  }));
}

/** One line of «История утверждения». */
export interface ApprovalEvent {
  at: Date;
  kind: 'asked' | 'refused' | 'approved' | 'revoked' | 'withdrawn';
  /** Who acted; null for a change that took the approval away (told by its own audit line) or an account gone. */
  by: string | null;
  /** The note of a request, the comment of a refusal, the order of an approval. */
  text: string | null;
}

/**
 * The roadmap's approval history, newest first: the requests and their refusals, the approvals kept
 * with their rows (0013) and how each ended, and the current approval when it has no row yet (one
 * written by the demo seed or the region generator).
 */
export async function approvalHistory(
  db: Db,
  roadmap: {
    id: number;
    approved_at: Date | null;
    approved_by: number | null;
    order_number: string | null;
    order_date: string | null;
  },
  requests: readonly ApprovalRequestView[],
): Promise<ApprovalEvent[]> {
  const approvals = await db
    .selectFrom('roadmap_approvals as a')
    .leftJoin('users as approver', 'approver.id', 'a.approved_by')
    .leftJoin('users as revoker', 'revoker.id', 'a.revoked_by')
    .select([
      'a.approved_at',
      'a.order_number',
      'a.order_date',
      'a.revoked_at',
      'a.revoked_reason',
      'approver.full_name as approved_by_name',
      'revoker.full_name as revoked_by_name',
    ])
    .where('a.roadmap_id', '=', roadmap.id)
    .execute();
  const events: ApprovalEvent[] = [];
  for (const r of requests) {
    events.push({ at: r.askedAt, kind: 'asked', by: r.askedBy, text: r.note });
    if (r.outcome === 'refused' && r.answeredAt)
      events.push({ at: r.answeredAt, kind: 'refused', by: r.answeredBy, text: r.comment });
  }
  for (const a of approvals) {
    events.push({ at: a.approved_at, kind: 'approved', by: a.approved_by_name, text: orderOf(a.order_number, a.order_date) });
    if (a.revoked_at)
      events.push({
        at: a.revoked_at,
        kind: a.revoked_reason === 'revoked' ? 'revoked' : 'withdrawn',
        by: a.revoked_reason === 'revoked' ? a.revoked_by_name : null,
        text: null,
      });
  }
  const current = roadmap.approved_at;
  if (current !== null && !approvals.some((a) => a.revoked_at === null)) {
    const by =
      roadmap.approved_by === null
        ? null
        : ((await db.selectFrom('users').select('full_name').where('id', '=', roadmap.approved_by).executeTakeFirst())
            ?.full_name ?? null);
    events.push({ at: current, kind: 'approved', by, text: orderOf(roadmap.order_number, roadmap.order_date) });
  }
  // Newest first; of two at the same moment, the one pushed later (a request's answer after its ask) first.
  return events
    .map((event, index) => ({ event, index }))
    .sort((x, y) => y.event.at.getTime() - x.event.at.getTime() || y.index - x.index)
    .map((x) => x.event);
}

/** «приказ № 87-ОД от 30.08.2022», or null. */
function orderOf(number: string | null, date: string | null): string | null {
  const order = orderText({ order_number: number, order_date: date });
  return order === null ? null : `приказ ${order}`;
}
