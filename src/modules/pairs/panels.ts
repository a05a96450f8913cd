import { STATUS_AFTER_PAIR_HINT, STATUS_AFTER_PAIR_OPTIONS } from './people-status.js';
import type { Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { canManagePair } from '../../access/policy.js';
import type { Database, PairStatus, PairTask } from '../../db/types.js';
import { todayIso } from '../../lib/dates.js';
import { formatDate } from '../../lib/ru.js';
import type { Actor } from '../audit/service.js';
import { PAIR_STAGE_LABELS, PAIR_STAGES, PAIR_STATUS_LABELS } from './labels.js';
import type { PairRow } from './queries.js';
import { consentGaps } from './service.js';

/** What the pair page shows of its lifecycle and individual route (views/pairs/_panels.eta). */
export interface PairPanels {
  statusLabel: string;
  status: PairStatus;
  stageLabel: string;
  stageOptions: Array<{ value: string; label: string }>;
  order: { number: string; date: string; text: string } | null;
  /** For a forming pair: who lacks consent (it cannot become active until recorded). */
  consentGaps: string[];
  /** The school's curator: order, activation, termination. */
  canManage: boolean;
  /** The curator or one of the pair's mentors, while the pair is forming or active. */
  canEditRoute: boolean;
  tasks: Array<PairTask & { overdue: boolean; dueText: string | null; doneText: string | null }>;
  terminatedText: string | null;
  today: string;
  /** The choice of the people's status when the pair is stopped. */
  statusAfter: { options: typeof STATUS_AFTER_PAIR_OPTIONS; hint: string };
}

/** A pair's tasks in their order and the order that fixed it, in one round trip. */
export async function tasksAndOrder(
  db: Kysely<Database>,
  pair: Pick<PairRow, 'id' | 'order_id'>,
): Promise<{ tasks: PairTask[]; order: { number: string; order_date: string } | null }> {
  const row = await db
    .selectNoFrom([
      jsonArrayFrom(db.selectFrom('pair_tasks').selectAll().where('pair_id', '=', pair.id).orderBy('position').orderBy('id')).as(
        'tasks',
      ),
      jsonObjectFrom(
        db
          .selectFrom('pair_orders')
          .select(['number', 'order_date'])
          .where('id', '=', pair.order_id ?? -1),
      ).as('order'),
    ])
    .executeTakeFirstOrThrow();
  // JSON carries the timestamp as text.
  return { tasks: row.tasks.map((t) => ({ ...t, created_at: new Date(t.created_at) })), order: row.order };
}

/** `known`: what the pair page has read already (tasksAndOrder), and whether the actor is one of the pair's mentors. */
export async function pairPanels(
  db: Kysely<Database>,
  actor: Actor,
  pair: PairRow,
  known: { tasks: PairTask[]; order: { number: string; order_date: string } | null; isMentor: boolean },
): Promise<PairPanels> {
  const today = todayIso();
  const open = pair.status === 'forming' || pair.status === 'active';
  const canManage = canManagePair(actor.user, pair);
  const { order, tasks } = known;
  return {
    status: pair.status,
    statusLabel: PAIR_STATUS_LABELS[pair.status],
    stageLabel: PAIR_STAGE_LABELS[pair.stage],
    stageOptions: PAIR_STAGES.map((value) => ({ value, label: PAIR_STAGE_LABELS[value] })),
    order: order
      ? { number: order.number, date: order.order_date, text: `№ ${order.number} от ${formatDate(order.order_date)}` }
      : null,
    consentGaps: pair.status === 'forming' ? await consentGaps(db, pair.id) : [],
    canManage,
    canEditRoute: open && (canManage || known.isMentor),
    tasks: tasks.map((t) => ({
      ...t,
      overdue: t.done_on === null && t.due_on !== null && t.due_on < today,
      dueText: t.due_on === null ? null : formatDate(t.due_on),
      doneText: t.done_on === null ? null : formatDate(t.done_on),
    })),
    terminatedText: pair.terminated_on === null ? null : formatDate(pair.terminated_on),
    today,
    statusAfter: { options: STATUS_AFTER_PAIR_OPTIONS, hint: STATUS_AFTER_PAIR_HINT },
  };
}
