import type { Kysely } from 'kysely';
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
}

/** `known`: what the pair page has read already — the pair's tasks in their order, and whether the actor is one of its mentors. */
export async function pairPanels(db: Kysely<Database>, actor: Actor, pair: PairRow, known: { tasks: PairTask[]; isMentor: boolean }): Promise<PairPanels> {
  const today = todayIso();
  const open = pair.status === 'forming' || pair.status === 'active';
  const canManage = canManagePair(actor.user, pair);
  const order = pair.order_id === null ? undefined : await db.selectFrom('pair_orders').select(['number', 'order_date']).where('id', '=', pair.order_id).executeTakeFirst();
  const tasks = known.tasks;
  return {
    status: pair.status,
    statusLabel: PAIR_STATUS_LABELS[pair.status],
    stageLabel: PAIR_STAGE_LABELS[pair.stage],
    stageOptions: PAIR_STAGES.map((value) => ({ value, label: PAIR_STAGE_LABELS[value] })),
    order: order ? { number: order.number, date: order.order_date, text: `№ ${order.number} от ${formatDate(order.order_date)}` } : null,
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
  };
}
