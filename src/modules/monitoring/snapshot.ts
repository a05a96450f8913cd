/**
 * A submission as the regional operator reads it (issue 15: «reads accepted snapshots … and
 * nothing personal»): the current snapshot's figures only. Left out: the history (it names people),
 * the attached files and the справка (school documents that may hold personal data; the справка
 * names the head), and the text and table answers (free text may name people). A submission that is
 * not accepted is 404 for the region (loadSubmission, canViewSubmission).
 */

import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import type { Actor } from '../audit/service.js';
import type { Answer } from './answers.js';
import { type CountsView, countsView } from './counts.js';
import { submissionSnapshots } from './queries.js';
import { computedText } from './spravka.js';
import { type FrozenFigures, type FrozenSources, loadSubmission } from './submission.js';

/** The kinds of entered fields whose answers the region reads: figures and closed choices. */
const FIGURE_KINDS = new Set(['number', 'percent', 'yes_no', 'choice']);

export interface SnapshotPage {
  campaign: { id: number; title: string; period_label: string; as_of: string };
  school: { id: number; name: string };
  acceptedAt: Date;
  sources: FrozenSources;
  computed: Array<{ code: string; label: string; value: string; numerator: string | null; denominator: string | null }>;
  entered: Array<{ label: string; value: string }>;
  /** Entered fields left out (text, tables): the municipality reads them. */
  withheld: number;
  documents: Array<{ title: string; files: number }>;
  counts: CountsView | null;
}

function answerText(kind: string, value: Answer): string {
  if (Array.isArray(value) || value === '') return 'не заполнено';
  if (kind === 'yes_no') return value === 'yes' ? 'да' : value === 'no' ? 'нет' : value;
  if (kind === 'percent') return `${value} %`;
  return value;
}

export async function snapshotPage(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
): Promise<SnapshotPage> {
  const { campaign, submission } = await loadSubmission(db, actor, campaignId, organizationId);
  const current = (await submissionSnapshots(db, submission.id)).find((s) => s.superseded_at === null);
  if (submission.status !== 'accepted' || !current) throw new NotFoundError();
  const figures = current.figures as FrozenFigures;
  const entered = figures.entered.filter((e) => FIGURE_KINDS.has(e.kind));
  return {
    campaign: { id: campaign.id, title: campaign.title, period_label: campaign.period_label, as_of: campaign.as_of },
    school: { id: submission.organization_id, name: submission.school_name },
    acceptedAt: current.created_at,
    sources: current.sources as FrozenSources,
    computed: figures.computed.map((c) => ({
      code: c.code,
      label: c.label,
      value: computedText(c.value, c.unit),
      numerator: c.numerator,
      denominator: c.denominator,
    })),
    entered: entered.map((e) => ({ label: e.label, value: answerText(e.kind, e.value) })),
    withheld: figures.entered.length - entered.length,
    documents: figures.documents.map((d) => ({ title: d.title, files: d.files.length })),
    counts: countsView(figures.counts),
  };
}
