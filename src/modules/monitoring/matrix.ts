/**
 * The campaign's matrix: each addressed school with its submission's state, the counts the
 * coordinator reads at the top («отправлено 12 из 18, принято 9, просрочено 3») and a filter by
 * state. «просрочен» is a state of its own here (an unsent submission after its deadline).
 */

import type { MonitoringStatus } from '../../db/types.js';
import type { CampaignRow, MatrixRow } from './queries.js';
import { deadlineOf, isOverdue } from './submission.js';

export type MatrixState = MonitoringStatus | 'overdue';
export const MATRIX_STATES: readonly MatrixState[] = [
  'not_started',
  'filling',
  'overdue',
  'returned',
  'sent',
  'approved',
  'accepted',
];

export interface MatrixLine extends MatrixRow {
  state: MatrixState;
  deadline: string;
}

export interface Matrix {
  lines: MatrixLine[];
  total: number;
  /** Sent, approved or accepted. */
  sent: number;
  accepted: number;
  overdue: number;
  byState: Record<MatrixState, number>;
}

export function buildMatrix(
  campaign: Pick<CampaignRow, 'deadline'>,
  rows: readonly MatrixRow[],
  today: string,
  filter?: MatrixState,
): Matrix {
  const byState = Object.fromEntries(MATRIX_STATES.map((s) => [s, 0])) as Record<MatrixState, number>;
  const all = rows.map((row) => {
    const deadline = deadlineOf(campaign, row);
    const state: MatrixState = isOverdue(row.status, deadline, today) ? 'overdue' : row.status;
    byState[state]++;
    return { ...row, state, deadline };
  });
  return {
    lines: filter ? all.filter((l) => l.state === filter) : all,
    total: all.length,
    sent: byState.sent + byState.approved + byState.accepted,
    accepted: byState.accepted,
    overdue: byState.overdue,
    byState,
  };
}
