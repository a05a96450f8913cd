/**
 * Approvals of a roadmap kept with what they approved (migration 0013, table roadmap_approvals).
 *
 * Why a snapshot rather than the audit log: the log keeps the names of the changed fields, never
 * their values (it holds no personal data), and numbers move when rows are moved, so it cannot
 * say what a row was called at the approval or what a removed row was. The rows as approved, kept
 * with the approval, compared by id with the rows now, give the approver a reliable list: rows
 * added, changed (which fields, the number before and after) and removed, with numbers and titles.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, RoadmapItem } from '../../db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What a change to the items took away: the approval, the centre's agreement (a school's plan). */
export interface Withdrawn {
  approval: boolean;
  agreement: boolean;
}

/** The flash after a change that took the approval or the centre's agreement away ('' when nothing): who acts again, where the changes are listed. */
export function withdrawnNote(roadmap: { organization_type: string }, withdrawn: Withdrawn | undefined): string {
  if (!withdrawn) return '';
  const notes: string[] = [];
  if (withdrawn.approval) {
    const approver = roadmap.organization_type === 'municipality' ? 'Управление образования' : 'Руководитель школы';
    notes.push(
      `Утверждение дорожной карты снято: после утверждения изменились пункты. ${approver} увидит список изменений на странице дорожной карты и утвердит её снова.`,
    );
  }
  if (withdrawn.agreement)
    notes.push(
      'Согласование с методическим центром снято: после него изменились пункты. Отправьте дорожную карту на согласование снова — без согласования её не утвердить.',
    );
  return notes.join(' ');
}

/** A row of the roadmap as it was approved: what its document says. */
export interface ApprovedRow {
  id: number;
  kind: 'section' | 'item';
  number: string | null;
  parent_id: number | null;
  activity: string;
  result: string | null;
  expected: string | null;
  deadline_text: string | null;
  responsible: string | null;
}

const COMPARED = ['number', 'parent_id', 'activity', 'result', 'expected', 'deadline_text', 'responsible'] as const;
type Compared = (typeof COMPARED)[number];

/** The fields a change names, in Russian (the list under «Изменения после утверждения»). */
export const CHANGED_FIELD_LABELS: Record<Compared, string> = {
  number: 'номер',
  parent_id: 'раздел',
  activity: 'наименование',
  result: 'результат',
  expected: 'ожидаемый результат',
  deadline_text: 'срок',
  responsible: 'ответственные',
};

export type RowChange =
  | { kind: 'added'; row: ApprovedRow }
  | { kind: 'removed'; row: ApprovedRow }
  | { kind: 'changed'; row: ApprovedRow; before: ApprovedRow; fields: Compared[] };

function rowOf(r: Pick<RoadmapItem, Compared | 'id' | 'kind'>): ApprovedRow {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    parent_id: r.parent_id,
    activity: r.activity,
    result: r.result,
    expected: r.expected,
    deadline_text: r.deadline_text,
    responsible: r.responsible,
  };
}

/**
 * What changed from the approved rows to the rows now, in the document's order: the rows now
 * (added or changed) in their order, then the removed ones in theirs. Pure.
 */
export function changesSince(approved: readonly ApprovedRow[], now: readonly ApprovedRow[]): RowChange[] {
  const before = new Map(approved.map((r) => [r.id, r]));
  const current = new Set(now.map((r) => r.id));
  const changes: RowChange[] = [];
  for (const row of now) {
    const was = before.get(row.id);
    if (!was) {
      changes.push({ kind: 'added', row });
      continue;
    }
    const fields = COMPARED.filter((f) => (was[f] ?? null) !== (row[f] ?? null));
    if (fields.length > 0) changes.push({ kind: 'changed', row, before: was, fields });
  }
  for (const row of approved) if (!current.has(row.id)) changes.push({ kind: 'removed', row });
  return changes;
}

async function currentRows(db: Db, roadmapId: number): Promise<ApprovedRow[]> {
  const rows = await db
    .selectFrom('roadmap_items')
    .select(['id', 'kind', 'number', 'parent_id', 'activity', 'result', 'expected', 'deadline_text', 'responsible'])
    .where('roadmap_id', '=', roadmapId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(rowOf);
}

/** Records an approval with the rows it approves and the order it is given under (in the approval's transaction). */
export async function recordApproval(
  trx: Transaction<Database>,
  roadmap: { id: number; order_number: string | null; order_date: string | null },
  userId: number,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('roadmap_approvals')
    .values({
      roadmap_id: roadmap.id,
      approved_at: at,
      approved_by: userId,
      order_number: roadmap.order_number,
      order_date: roadmap.order_date,
      items: JSON.stringify(await currentRows(trx, roadmap.id)),
    })
    .execute();
}

/**
 * Takes the roadmap's approval away, in the transaction of the change and before the change is
 * written (so that an approval with no row yet is kept with the rows it approved): closes the
 * approval with its order, clears the roadmap's approval and order. False when it was not approved.
 */
export async function withdrawApproval(
  trx: Transaction<Database>,
  roadmapId: number,
  userId: number | null,
  reason: 'content' | 'revoked',
): Promise<boolean> {
  const roadmap = await trx
    .selectFrom('roadmaps')
    .select(['approved_at', 'approved_by', 'order_number', 'order_date'])
    .where('id', '=', roadmapId)
    .forUpdate()
    .executeTakeFirst();
  if (!roadmap || roadmap.approved_at === null) return false;
  const open = await trx
    .selectFrom('roadmap_approvals')
    .select('id')
    .where('roadmap_id', '=', roadmapId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const closing = {
    revoked_at: new Date(),
    revoked_by: userId,
    revoked_reason: reason,
    // The order belongs to the approval it was given for.
    order_number: roadmap.order_number,
    order_date: roadmap.order_date,
  };
  if (open) await trx.updateTable('roadmap_approvals').set(closing).where('id', '=', open.id).execute();
  else
    await trx
      .insertInto('roadmap_approvals')
      .values({
        roadmap_id: roadmapId,
        approved_at: roadmap.approved_at,
        approved_by: roadmap.approved_by,
        items: JSON.stringify(await currentRows(trx, roadmapId)),
        ...closing,
      })
      .execute();
  await trx
    .updateTable('roadmaps')
    .set({ approved_at: null, approved_by: null, order_number: null, order_date: null, updated_at: new Date() })
    .where('id', '=', roadmapId)
    .execute();
  return true;
}

/** The roadmap's last approval that was taken away, while it is not approved again; else null. */
export interface FormerApproval {
  approvedAt: Date;
  approvedBy: string | null;
  orderNumber: string | null;
  orderDate: string | null;
  revokedAt: Date;
  reason: 'content' | 'revoked';
  changes: RowChange[];
}

export async function formerApproval(
  db: Kysely<Database>,
  roadmap: { id: number; approved_at: Date | null },
): Promise<FormerApproval | null> {
  if (roadmap.approved_at !== null) return null;
  const last = await db
    .selectFrom('roadmap_approvals')
    .leftJoin('users', 'users.id', 'roadmap_approvals.approved_by')
    .select([
      'roadmap_approvals.approved_at',
      'roadmap_approvals.order_number',
      'roadmap_approvals.order_date',
      'roadmap_approvals.items',
      'roadmap_approvals.revoked_at',
      'roadmap_approvals.revoked_reason',
      'users.full_name',
    ])
    .where('roadmap_approvals.roadmap_id', '=', roadmap.id)
    .orderBy('roadmap_approvals.id', 'desc')
    .executeTakeFirst();
  if (!last || last.revoked_at === null) return null;
  return {
    approvedAt: last.approved_at,
    approvedBy: last.full_name,
    orderNumber: last.order_number,
    orderDate: last.order_date,
    revokedAt: last.revoked_at,
    reason: last.revoked_reason ?? 'content',
    changes: changesSince(last.items as ApprovedRow[], await currentRows(db, roadmap.id)),
  };
}
