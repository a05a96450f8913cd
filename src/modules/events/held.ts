/**
 * What a held event adds to the rest of the portal (issue 18): the training history of the mentors
 * who attended it, and the evidence on the roadmap item it carries out. Pure rules here; the
 * writes are in held-writes.ts, called by the service inside the act's transaction.
 */

import type { EventKind } from '../../db/types.js';
import { formatDate } from '../../lib/ru.js';

/**
 * The kinds that are training: a course (КПК), a seminar and a webinar teach; a meeting, a
 * conference, a forum, a festival, a week of open lessons and a contest are events a mentor takes
 * part in, shown in the portfolio but not counted as training.
 */
export const TRAINING_KINDS: readonly EventKind[] = ['course', 'seminar', 'webinar'];

export function countsAsTraining(kind: EventKind): boolean {
  return TRAINING_KINDS.includes(kind);
}

/** «Проведено мероприятие «…» 12.11.2026, участников: 34». */
export function evidenceLine(title: string, heldOn: string, attended: number): string {
  return `Проведено мероприятие «${title}» ${formatDate(heldOn)}, участников: ${attended}`;
}

/**
 * The evidence an item keeps after the event: the line is added below a comment written by hand
 * (never replacing it), and not twice; the link to the event only where no link is given yet.
 */
export function mergedEvidence(
  current: { evidence_comment: string | null; evidence_link: string | null },
  line: string,
  link: string,
): { evidence_comment: string; evidence_link: string } | null {
  const comment = current.evidence_comment?.trim() ?? '';
  if (comment.includes(line) || (current.evidence_link !== null && current.evidence_link === link)) return null;
  return {
    evidence_comment: comment === '' ? line : `${comment}\n${line}`,
    evidence_link: current.evidence_link ?? link,
  };
}
