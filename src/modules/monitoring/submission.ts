/**
 * One school's submission to a campaign and its cycle:
 * не начат → заполняется (the curator saves) → отправлен (the curator sends; required fields and
 * documents checked) → утверждён руководителем ОО (the head) → принят (the coordinator: the figures
 * are frozen in a snapshot); the coordinator returns a sent or approved one (возвращён на
 * доработку, with a comment and comments on fields), which the curator's next save takes back to
 * заполняется; the coordinator re-opens an accepted one with a reason (it is returned; its
 * snapshot stays in the history, marked superseded). Every transition is an event and an audit line
 * in the same transaction.
 *
 * Decisions:
 * - Computed indicators are the indicator engine's values of the school for the campaign's own
 *   period — a calendar year, an academic year or a half-year (computed.ts); they are live until
 *   the submission is accepted, frozen after. A snapshot names its period (`sources.period`);
 *   snapshots stored before periods came in have `indicator_year` only, and read as before.
 * - A draft keeps whatever was typed (a number not yet written as one, too); sending checks it.
 *   Sending saves first, so a refused send never loses what was typed.
 * - «просрочен» is not a stored status: an unsent submission (не начат, заполняется, возвращён)
 *   after its deadline (the school's extended one, else the campaign's) reads so.
 */

import type { Kysely, Transaction } from 'kysely';
import {
  canAcceptSubmission,
  canApproveSubmission,
  canExtendSubmission,
  canFillSubmission,
  canReopenSubmission,
  canReturnSubmission,
  canViewSubmission,
  canViewSubmissionDocuments,
  type SubmissionRef,
  submissionFlags,
} from '../../access/policy.js';
import type { Database, MonitoringStatus, StoredFile } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { checkDocument, type FileStore, UploadError } from '../../lib/uploads.js';
import { type Actor, type AuditAction, auditActor, recordAudit } from '../audit/service.js';
import { notifySubmissionMoved } from '../notifications/producers.js';
import type { UploadedFile } from '../files/multipart.js';
import { findStoredFile, storeUpload } from '../files/service.js';
import { ensureFresh } from '../indicators/compute.js';
import { type Answer, answersFromForm, sendProblems } from './answers.js';
import { campaignEnginePeriod, campaignResults } from './computed.js';
import { type CountsView, countsView, type FrozenCounts, schoolCounts } from './counts.js';
import {
  type AttachedFile,
  type CampaignRow,
  type ComputedFigure,
  campaignDocuments,
  campaignFields,
  type DocumentRow,
  type EventRow,
  type FieldRow,
  findSubmission,
  lockSubmission,
  type SnapshotRow,
  type SubmissionRow,
  submissionEvents,
  submissionFiles,
  submissionSnapshots,
  submissionValues,
} from './queries.js';
import { liveQuestionnaires, type QuestionnaireResult } from './questionnaire.js';
import { getCampaign } from './service.js';

export const UNSENT: readonly MonitoringStatus[] = ['not_started', 'filling', 'returned'];

/** The deadline that applies to the submission: the school's extended one, else the campaign's. */
export function deadlineOf(
  campaign: Pick<CampaignRow, 'deadline'>,
  submission: Pick<SubmissionRow, 'deadline_override'>,
): string {
  return submission.deadline_override ?? campaign.deadline;
}

/** An unsent submission after its deadline reads «просрочен». */
export function isOverdue(status: MonitoringStatus, deadline: string, today: string): boolean {
  return UNSENT.includes(status) && today > deadline;
}

interface Loaded {
  campaign: CampaignRow;
  submission: SubmissionRow;
  ref: SubmissionRef;
}

/** The campaign through the user's scope, then the school's submission: 404 outside either. */
export async function loadSubmission(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
): Promise<Loaded> {
  const campaign = await getCampaign(db, actor, campaignId);
  const submission = await findSubmission(db, campaignId, organizationId);
  if (!submission) throw new NotFoundError();
  const ref = {
    municipality_id: submission.municipality_id,
    organization_id: submission.organization_id,
    status: submission.status,
    region_id: campaign.region_id ?? null,
  };
  if (!canViewSubmission(actor.user, ref)) throw new NotFoundError();
  return { campaign, submission, ref };
}

export interface FrozenFigures {
  computed: Array<{
    field_id: number;
    code: string;
    label: string;
    unit: 'percent' | 'count' | null;
    value: string | null;
    numerator: string | null;
    denominator: string | null;
  }>;
  entered: Array<{ field_id: number; label: string; kind: string; value: Answer }>;
  documents: Array<{ document_id: number; title: string; files: string[] }>;
  /** The school's results of the campaign's surveys (questionnaire.ts); absent in snapshots made before the block existed. */
  questionnaire?: QuestionnaireResult[];
  /** The school's participants, pairs and programmes of the period (counts.ts); absent from snapshots taken before them. */
  counts?: FrozenCounts;
}

export interface FrozenSources {
  computed_at: string;
  as_of: string;
  /** The calendar year the period begins in (the whole period before periods came in: a calendar year). */
  indicator_year: number;
  /** The period the figures are of, as people read it («2024/25 учебный год»); absent in older snapshots. */
  period?: string;
  /** Its code (src/modules/indicators/periods.ts); absent in older snapshots. */
  period_code?: number;
  data_version: string;
  data_refreshed_at: string | null;
  from: string;
}

/** The computed figures of the school as the engine has them now, with what they come from. */
async function liveComputed(db: Kysely<Database>, campaign: CampaignRow, organizationId: number, fields: readonly FieldRow[]) {
  const codes = fields.filter((f) => f.indicator_code !== null).map((f) => String(f.indicator_code));
  const fresh = await ensureFresh(db, campaign.municipality_id);
  const p = campaignEnginePeriod(campaign);
  const results = await campaignResults(db, campaign, organizationId, codes);
  const computed: FrozenFigures['computed'] = fields
    .filter((f) => f.indicator_code !== null)
    .map((f) => {
      const r: ComputedFigure | undefined = results.get(String(f.indicator_code));
      return {
        field_id: f.id,
        code: String(f.indicator_code),
        label: f.label,
        unit: r?.unit ?? null,
        value: r?.value ?? null,
        numerator: r?.numerator ?? null,
        denominator: r?.denominator ?? null,
      };
    });
  const sources: FrozenSources = {
    computed_at: new Date().toISOString(),
    as_of: campaign.as_of,
    indicator_year: p.year,
    period: p.label,
    period_code: p.code,
    data_version: fresh.version,
    data_refreshed_at: fresh.refreshedAt ? fresh.refreshedAt.toISOString() : null,
    from: `показатели портала (базы наставников и наставляемых, пары, анкеты) за ${p.label}`,
  };
  return { computed, sources };
}

const answerOf = (value: unknown): Answer =>
  Array.isArray(value) ? (value as string[][]) : typeof value === 'string' ? value : value == null ? '' : String(value);

export interface SubmissionPage extends Loaded {
  fields: FieldRow[];
  documents: DocumentRow[];
  answers: Map<number, Answer>;
  files: AttachedFile[];
  events: EventRow[];
  snapshots: SnapshotRow[];
  /** The accepted figures when the submission is accepted, else the live ones. */
  computed: FrozenFigures['computed'];
  sources: FrozenSources;
  /** The school's results of the campaign's surveys: accepted ones when accepted, else live. */
  questionnaires: QuestionnaireResult[];
  frozen: boolean;
  deadline: string;
  overdue: boolean;
  flags: ReturnType<typeof submissionFlags>;
  /** The comments of the last return, by field id. */
  fieldComments: Record<string, string>;
  /** The frozen counts of the period, labelled; null when not accepted or frozen before counts were taken. */
  counts: CountsView | null;
}

export async function submissionPage(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
): Promise<SubmissionPage> {
  const loaded = await loadSubmission(db, actor, campaignId, organizationId);
  const { campaign, submission } = loaded;
  const [fields, documents, values, files, events, snapshots] = await Promise.all([
    campaignFields(db, campaignId),
    campaignDocuments(db, campaignId),
    submissionValues(db, submission.id),
    submissionFiles(db, submission.id),
    submissionEvents(db, submission.id),
    submissionSnapshots(db, submission.id),
  ]);
  const current = snapshots.find((s) => s.superseded_at === null);
  const frozen = submission.status === 'accepted' && current !== undefined;
  const figures = frozen
    ? { computed: (current.figures as FrozenFigures).computed, sources: current.sources as FrozenSources }
    : await liveComputed(db, campaign, organizationId, fields);
  const questionnaires = frozen
    ? ((current.figures as FrozenFigures).questionnaire ?? [])
    : await liveQuestionnaires(db, campaignId, organizationId);
  const answers = new Map<number, Answer>([...values].map(([id, v]) => [id, answerOf(v)]));
  const deadline = deadlineOf(campaign, submission);
  const lastReturn = events.find((e) => e.kind === 'return' || e.kind === 'reopen');
  return {
    ...loaded,
    fields,
    documents,
    answers,
    files,
    events,
    snapshots,
    computed: figures.computed,
    sources: figures.sources,
    questionnaires,
    frozen,
    deadline,
    overdue: isOverdue(submission.status, deadline, todayIso()),
    flags: submissionFlags(actor.user, loaded.ref),
    fieldComments: submission.status === 'returned' || submission.status === 'filling' ? (lastReturn?.field_comments ?? {}) : {},
    counts: frozen ? countsView((current.figures as FrozenFigures).counts) : null,
  };
}

/** A transition's act refused: 403 when the user may never make it, 409 when the submission is not where it starts. */
function refuse(allowedAtAll: boolean, message: string): never {
  if (allowedAtAll) throw new ConflictError(message);
  throw new ForbiddenError();
}

async function transition(
  trx: Transaction<Database>,
  actor: Actor,
  loaded: Loaded,
  to: MonitoringStatus,
  event: {
    kind: string;
    comment?: string | null;
    fieldComments?: Record<string, string>;
    action: AuditAction;
    fields?: string[];
  },
): Promise<void> {
  const from = loaded.submission.status;
  await trx
    .updateTable('monitoring_submissions')
    .set({ status: to, updated_at: new Date() })
    .where('id', '=', loaded.submission.id)
    .execute();
  const logged = await trx
    .insertInto('monitoring_events')
    .values({
      submission_id: loaded.submission.id,
      from_status: from,
      to_status: to,
      kind: event.kind,
      actor_id: actor.user.id,
      comment: event.comment ?? null,
      field_comments: JSON.stringify(event.fieldComments ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Whom the move concerns is told in the same transaction (modules/notifications).
  await notifySubmissionMoved(trx, {
    actorId: actor.user.id,
    eventId: logged.id,
    to,
    comment: event.comment ?? null,
    campaign: loaded.campaign,
    submission: loaded.submission,
    ref: loaded.ref,
  });
  await recordAudit(trx, auditActor(actor), {
    action: event.action,
    entityType: 'monitoring_submission',
    entityId: loaded.submission.id,
    organizationId: loaded.submission.organization_id,
    municipalityId: loaded.submission.municipality_id,
    changedFields: event.fields ?? ['status'],
  });
}

/** The submission loaded again under a row lock, its status current. */
async function relock(trx: Transaction<Database>, loaded: Loaded): Promise<Loaded> {
  const row = await lockSubmission(trx, loaded.submission.id);
  return { ...loaded, submission: { ...loaded.submission, status: row.status }, ref: { ...loaded.ref, status: row.status } };
}

const NOT_EDITABLE = 'Отчёт отправлен: изменить его можно, только если методический центр вернёт его на доработку.';

/**
 * Who may make an act and from where: the rule, a status the act starts from (to tell «never
 * yours», 403, from «not now», 409) and the message of the 409.
 */
interface Guard {
  rule: (user: Actor['user'], submission: SubmissionRef) => boolean;
  from: MonitoringStatus;
  message: string;
}

const FILL: Guard = { rule: canFillSubmission, from: 'filling', message: NOT_EDITABLE };
const APPROVE: Guard = {
  rule: canApproveSubmission,
  from: 'sent',
  message: 'Утвердить можно только отправленный куратором отчёт.',
};
const ACCEPT: Guard = {
  rule: canAcceptSubmission,
  from: 'approved',
  message: 'Принять можно только отчёт, утверждённый руководителем образовательной организации.',
};
const RETURN: Guard = {
  rule: canReturnSubmission,
  from: 'sent',
  message: 'Вернуть на доработку можно отправленный или утверждённый отчёт.',
};
const REOPEN: Guard = { rule: canReopenSubmission, from: 'accepted', message: 'Открыть заново можно только принятый отчёт.' };
const EXTEND: Guard = { rule: canExtendSubmission, from: 'filling', message: 'Срок принятого отчёта не продлевается.' };

/** The submission the act is about, refused (refuse) unless the guard lets the user make it now. */
async function loadFor(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
  guard: Guard,
): Promise<Loaded> {
  const loaded = await loadSubmission(db, actor, campaignId, organizationId);
  if (!guard.rule(actor.user, loaded.ref)) refuse(guard.rule(actor.user, { ...loaded.ref, status: guard.from }), guard.message);
  return loaded;
}

/** Runs the act in a transaction with the submission's row locked and the guard checked again on its current status. */
function underLock<T>(
  db: Kysely<Database>,
  actor: Actor,
  loaded: Loaded,
  guard: Guard,
  act: (trx: Transaction<Database>, current: Loaded) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const current = await relock(trx, loaded);
    if (!guard.rule(actor.user, current.ref)) throw new ConflictError(guard.message);
    return act(trx, current);
  });
}

export type DraftResult = { ok: true } | { ok: false; errors: FieldErrors };

/**
 * Saves what the curator typed and the documents it attached (a document refused by its type or
 * size is named in the errors; everything else is saved all the same). The first save takes the
 * submission from «не начат» (or «возвращён») to «заполняется».
 */
export async function saveDraft(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  campaignId: number,
  organizationId: number,
  values: Record<string, string>,
  uploads: ReadonlyMap<number, UploadedFile>,
): Promise<DraftResult> {
  const loaded = await loadFor(db, actor, campaignId, organizationId, FILL);
  const [fields, documents] = await Promise.all([campaignFields(db, campaignId), campaignDocuments(db, campaignId)]);
  const answers = answersFromForm(fields, values);
  const errors: FieldErrors = {};
  const accepted = new Map<number, UploadedFile>();
  for (const document of documents) {
    const file = uploads.get(document.id);
    if (!file) continue;
    try {
      await checkDocument(file.fileName, file.data, { truncated: file.truncated });
      accepted.set(document.id, file);
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      errors[`doc_${document.id}`] = `Документ «${document.title}»: ${error.message}`;
    }
  }
  const stored: StoredFile[] = [];
  try {
    await underLock(db, actor, loaded, FILL, async (trx, current) => {
      for (const [fieldId, answer] of answers) {
        const value = JSON.stringify(answer);
        await trx
          .insertInto('monitoring_values')
          .values({ submission_id: loaded.submission.id, field_id: fieldId, value, updated_by: actor.user.id })
          .onConflict((oc) =>
            oc.columns(['submission_id', 'field_id']).doUpdateSet({ value, updated_by: actor.user.id, updated_at: new Date() }),
          )
          .execute();
      }
      for (const [documentId, file] of accepted) {
        const row = await storeUpload(trx, store, actor, {
          organizationId,
          purpose: 'monitoring_evidence',
          fileName: file.fileName,
          data: file.data,
          truncated: file.truncated,
        });
        stored.push(row);
        await trx
          .insertInto('monitoring_submission_files')
          .values({ submission_id: loaded.submission.id, document_id: documentId, file_id: row.id })
          .execute();
      }
      const changed = [...(answers.size > 0 ? ['values'] : []), ...(accepted.size > 0 ? ['files'] : [])];
      if (current.submission.status !== 'filling') {
        await transition(trx, actor, current, 'filling', {
          kind: current.submission.status === 'not_started' ? 'start' : 'resume',
          action: 'update',
          fields: ['status', ...changed],
        });
      } else {
        await trx
          .updateTable('monitoring_submissions')
          .set({ updated_at: new Date() })
          .where('id', '=', loaded.submission.id)
          .execute();
        await recordAudit(trx, auditActor(actor), {
          action: 'update',
          entityType: 'monitoring_submission',
          entityId: loaded.submission.id,
          organizationId,
          municipalityId: loaded.submission.municipality_id,
          changedFields: changed,
        });
      }
    });
  } catch (error) {
    for (const row of stored) await store.remove(row.storage_key).catch(() => {});
    throw error;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true };
}

/** Removes an attached document of an unsent submission (the stored file stays, as files do). */
export async function detachFile(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
  attachmentId: number,
): Promise<void> {
  const loaded = await loadFor(db, actor, campaignId, organizationId, FILL);
  await underLock(db, actor, loaded, FILL, async (trx) => {
    const removed = await trx
      .deleteFrom('monitoring_submission_files')
      .where('id', '=', attachmentId)
      .where('submission_id', '=', loaded.submission.id)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new NotFoundError();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'monitoring_submission',
      entityId: loaded.submission.id,
      organizationId,
      municipalityId: loaded.submission.municipality_id,
      changedFields: ['files'],
    });
  });
}

/**
 * Sends the submission (after its draft was saved): refused with every missing or wrong field and
 * document named when anything keeps it back.
 */
export async function sendSubmission(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
): Promise<DraftResult> {
  const loaded = await loadFor(db, actor, campaignId, organizationId, FILL);
  return underLock(db, actor, loaded, FILL, async (trx, current): Promise<DraftResult> => {
    const [fields, documents, values, files] = await Promise.all([
      campaignFields(trx, campaignId),
      campaignDocuments(trx, campaignId),
      submissionValues(trx, loaded.submission.id),
      submissionFiles(trx, loaded.submission.id),
    ]);
    const answers = new Map<number, Answer>([...values].map(([id, v]) => [id, answerOf(v)]));
    const errors = sendProblems(fields, answers, documents, new Set(files.map((f) => f.document_id)));
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    await transition(trx, actor, current, 'sent', { kind: 'send', action: 'send' });
    return { ok: true };
  });
}

/** The head of the school approves a sent submission. */
export async function approveSubmission(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
): Promise<void> {
  const loaded = await loadFor(db, actor, campaignId, organizationId, APPROVE);
  await underLock(db, actor, loaded, APPROVE, async (trx, current) => {
    await transition(trx, actor, current, 'approved', { kind: 'approve', action: 'approve' });
  });
}

/** The coordinator accepts an approved submission: its figures, computed and entered, are frozen in a snapshot. */
export async function acceptSubmission(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
): Promise<void> {
  const loaded = await loadFor(db, actor, campaignId, organizationId, ACCEPT);
  const fields = await campaignFields(db, campaignId);
  const live = await liveComputed(db, loaded.campaign, organizationId, fields);
  await underLock(db, actor, loaded, ACCEPT, async (trx, current) => {
    const [documents, values, files] = await Promise.all([
      campaignDocuments(trx, campaignId),
      submissionValues(trx, loaded.submission.id),
      submissionFiles(trx, loaded.submission.id),
    ]);
    const figures: FrozenFigures = {
      computed: live.computed,
      entered: fields
        .filter((f) => f.kind !== 'indicator')
        .map((f) => ({ field_id: f.id, label: f.label, kind: f.kind, value: answerOf(values.get(f.id)) })),
      documents: documents.map((d) => ({
        document_id: d.id,
        title: d.title,
        files: files.filter((f) => f.document_id === d.id).map((f) => f.original_name),
      })),
      questionnaire: await liveQuestionnaires(trx, campaignId, organizationId),
      counts: await schoolCounts(trx, loaded.campaign, organizationId),
    };
    await trx
      .insertInto('monitoring_snapshots')
      .values({
        submission_id: loaded.submission.id,
        created_by: actor.user.id,
        figures: JSON.stringify(figures),
        sources: JSON.stringify(live.sources),
      })
      .execute();
    await transition(trx, actor, current, 'accepted', {
      kind: 'accept',
      action: 'accept_submission',
      fields: ['status', 'snapshot'],
    });
  });
}

/** The coordinator returns a sent or approved submission with a comment, and comments on fields. */
export async function returnSubmission(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
  comment: string,
  fieldComments: Record<string, string>,
): Promise<void> {
  const loaded = await loadFor(db, actor, campaignId, organizationId, RETURN);
  const fields = new Set((await campaignFields(db, campaignId)).map((f) => String(f.id)));
  const comments = Object.fromEntries(Object.entries(fieldComments).filter(([id, text]) => fields.has(id) && text !== ''));
  await underLock(db, actor, loaded, RETURN, async (trx, current) => {
    await transition(trx, actor, current, 'returned', {
      kind: 'return',
      comment,
      fieldComments: comments,
      action: 'return_submission',
      fields: ['status', 'comment', ...(Object.keys(comments).length > 0 ? ['field_comments'] : [])],
    });
  });
}

/** The coordinator re-opens an accepted submission with a reason: it is returned, its snapshot kept as superseded. */
export async function reopenSubmission(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
  reason: string,
): Promise<void> {
  const loaded = await loadFor(db, actor, campaignId, organizationId, REOPEN);
  await underLock(db, actor, loaded, REOPEN, async (trx, current) => {
    await trx
      .updateTable('monitoring_snapshots')
      .set({ superseded_at: new Date() })
      .where('submission_id', '=', loaded.submission.id)
      .where('superseded_at', 'is', null)
      .execute();
    await transition(trx, actor, current, 'returned', {
      kind: 'reopen',
      comment: reason,
      action: 'reopen',
      fields: ['status', 'comment', 'snapshot'],
    });
  });
}

/** The coordinator extends the deadline for this school (an event in the history; the status stays). */
export async function extendDeadline(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
  deadline: string,
): Promise<DraftResult> {
  const loaded = await loadFor(db, actor, campaignId, organizationId, EXTEND);
  const current = deadlineOf(loaded.campaign, loaded.submission);
  if (deadline <= current)
    return {
      ok: false,
      errors: { deadline: `Новый срок должен быть позже нынешнего (${current.split('-').reverse().join('.')})` },
    };
  await underLock(db, actor, loaded, EXTEND, async (trx, locked) => {
    await trx
      .updateTable('monitoring_submissions')
      .set({ deadline_override: deadline, updated_at: new Date() })
      .where('id', '=', loaded.submission.id)
      .execute();
    await trx
      .insertInto('monitoring_events')
      .values({
        submission_id: loaded.submission.id,
        from_status: locked.submission.status,
        to_status: locked.submission.status,
        kind: 'extend',
        actor_id: actor.user.id,
        comment: `Срок продлён до ${deadline.split('-').reverse().join('.')}`,
      })
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'extend_deadline',
      entityType: 'monitoring_submission',
      entityId: loaded.submission.id,
      organizationId,
      municipalityId: loaded.submission.municipality_id,
      changedFields: ['deadline_override'],
    });
  });
  return { ok: true };
}

/** An attached document of a submission the actor may read. */
export async function attachedFile(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
  attachmentId: number,
): Promise<StoredFile> {
  const loaded = await loadSubmission(db, actor, campaignId, organizationId);
  if (!canViewSubmissionDocuments(actor.user, loaded.ref)) throw new NotFoundError();
  const files = await submissionFiles(db, loaded.submission.id);
  const attached = files.find((f) => f.id === attachmentId);
  const file = attached ? await findStoredFile(db, attached.file_id) : undefined;
  if (!file) throw new NotFoundError();
  return file;
}
