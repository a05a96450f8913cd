import type { Kysely } from 'kysely';
import { answersDiagnosticByAccount, canAttachDiagnostic, canManagePair } from '../../access/policy.js';
import type { Database, DiagnosticStage } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors } from '../../http/forms.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import type { FeedbackLink } from '../pairs/feedback.js';
import { pairTitle } from '../pairs/pair-page.js';
import type { PairRow } from '../pairs/queries.js';
import { loadPair } from '../pairs/service.js';
import { getProgramme } from '../programmes/service.js';
import { type QuestionRow, templateQuestions } from '../surveys/queries.js';
import { parseAnswers } from '../surveys/schemas.js';
import { MIN_GROUP } from '../surveys/labels.js';
import { STAGE_LABELS } from './labels.js';
import {
  type BeforeAfterRow,
  beforeAfter,
  diagnosticTemplateOptions,
  hasFinalMeeting,
  pairDiagnosticTemplate,
  type Participant,
  pairParticipants,
  pairResponses,
  templateTitle,
} from './queries.js';
import { attachForm } from './schemas.js';

/**
 * Issue 18, «Impact, before and after» (the regulation's §7.2-7.5). A programme's diagnostic is a
 * questionnaire of the surveys module; each participant of the programme's pairs answers it at the
 * start of the pair («до», while the pair is active: its consents are recorded) and at its end
 * («после», once the final meeting is logged, or after completion). Unlike a survey, the answers
 * are kept per participant and stage: the change of one person is what is measured. A pupil
 * answers through the pair's personal feedback link, a mentor and a teacher-mentee in the portal.
 */

// ---------------------------------------------------------------------------------------------
// Attaching a questionnaire to a programme

export async function diagnosticChoice(db: Kysely<Database>, actor: Actor, programmeId: number) {
  const programme = await getProgramme(db, actor, programmeId);
  const canAttach = canAttachDiagnostic(actor.user, programme);
  const options =
    canAttach && programme.municipality_id !== null ? await diagnosticTemplateOptions(db, programme.municipality_id) : [];
  return { canAttach, options };
}

/** Attaches (or, with no questionnaire chosen, detaches) the programme's diagnostic. */
export async function attachDiagnostic(
  db: Kysely<Database>,
  actor: Actor,
  programmeId: number,
  raw: Record<string, string>,
): Promise<{ ok: true; attached: boolean } | { ok: false; errors: FieldErrors }> {
  const programme = await getProgramme(db, actor, programmeId);
  if (!canAttachDiagnostic(actor.user, programme))
    throw new ForbiddenError('Диагностическую анкету прикрепляет куратор школы программы или координатор.');
  const parsed = attachForm.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const templateId = parsed.data.template_id;
  if (templateId !== null) {
    const options = programme.municipality_id === null ? [] : await diagnosticTemplateOptions(db, programme.municipality_id);
    if (!options.some((o) => o.id === templateId))
      return { ok: false, errors: { template_id: 'Диагностическая анкета: выберите анкету из списка' } };
  }
  if (programme.diagnostic_template_id === templateId) return { ok: true, attached: templateId !== null };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('programmes')
      .set({ diagnostic_template_id: templateId, updated_at: new Date() })
      .where('id', '=', programme.id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'programme',
      entityId: programme.id,
      organizationId: programme.organization_id,
      municipalityId: programme.municipality_id,
      changedFields: ['diagnostic_template_id'],
    });
  });
  return { ok: true, attached: templateId !== null };
}

// ---------------------------------------------------------------------------------------------
// Answering

/** The pair's title, as its page names it. */
export function titleOf(participants: Participant[]): string {
  return pairTitle(
    participants.filter((p) => p.side === 'mentor'),
    participants.filter((p) => p.side === 'mentee'),
  );
}

/** Whose answers these are: one participant of one pair. */
export interface DiagnosticTarget {
  pairId: number;
  organizationId: number;
  municipalityId: number | null;
  templateId: number;
  templateTitle: string;
  who: { side: 'mentor' | 'mentee'; id: number };
  stage: DiagnosticStage;
}

/** Why the stage cannot be answered now, or null when it can. */
export function stageClosedReason(
  status: PairRow['status'],
  hasFinal: boolean,
  answered: boolean,
  stage: DiagnosticStage,
): string | null {
  if (answered) return `Анкета этапа «${STAGE_LABELS[stage]}» уже заполнена: ответить можно один раз.`;
  if (stage === 'before') {
    return status === 'active' ? null : 'Диагностику «до» проходят в начале работы, пока пара активна.';
  }
  if (status === 'completed') return null;
  if (status === 'active' && hasFinal) return null;
  if (status === 'active') return 'Диагностику «после» проходят в конце работы пары, после итоговой встречи.';
  return 'Пара не работает: диагностика не проводится.';
}

async function openTarget(
  db: Kysely<Database>,
  pair: { id: number; status: PairRow['status']; organization_id: number; municipality_id: number | null },
  who: DiagnosticTarget['who'],
  stage: DiagnosticStage,
): Promise<{ target: DiagnosticTarget; questions: QuestionRow[]; closed: string | null }> {
  const template = await pairDiagnosticTemplate(db, pair.id);
  if (!template) throw new NotFoundError();
  const answered = (await pairResponses(db, pair.id)).some(
    (r) => r.stage === stage && (who.side === 'mentor' ? r.mentor_id === who.id : r.mentee_id === who.id),
  );
  const closed = stageClosedReason(pair.status, await hasFinalMeeting(db, pair.id), answered, stage);
  return {
    target: {
      pairId: pair.id,
      organizationId: pair.organization_id,
      municipalityId: pair.municipality_id,
      templateId: template.id,
      templateTitle: template.title,
      who,
      stage,
    },
    questions: await templateQuestions(db, template.id),
    closed,
  };
}

/**
 * The diagnostic a signed-in participant answers: a pair outside its scope 404, a pair it is not a
 * participant of 403, a programme without a diagnostic 404.
 */
export async function accountDiagnostic(db: Kysely<Database>, actor: Actor, pairId: number, stage: DiagnosticStage) {
  const pair = await loadPair(db, actor, pairId);
  if (!answersDiagnosticByAccount(actor.user)) throw new ForbiddenError('Диагностику проходят участники пары.');
  const participants = await pairParticipants(db, pair.id);
  const participant = participants.find((p) => p.user_id === actor.user.id && !p.erased);
  if (!participant) throw new ForbiddenError('Диагностику проходят участники пары.');
  return {
    pair,
    title: titleOf(participants),
    ...(await openTarget(db, pair, { side: participant.side, id: participant.id }, stage)),
  };
}

/** The diagnostic a pupil answers through the pair's personal link (valid only while the pair is active). */
export async function linkDiagnostic(db: Kysely<Database>, link: FeedbackLink, stage: DiagnosticStage) {
  const pair = await db
    .selectFrom('pairs')
    .select(['id', 'status', 'organization_id', 'municipality_id'])
    .where('id', '=', link.pairId)
    .executeTakeFirstOrThrow();
  return openTarget(db, pair, { side: 'mentee', id: link.menteeId }, stage);
}

/** Stores one participant's answers of one stage, once (a second answer is 409), with its audit line. */
export async function submitDiagnostic(
  db: Kysely<Database>,
  who: { userId: number | null; ip: string | null },
  opened: { target: DiagnosticTarget; questions: QuestionRow[]; closed: string | null },
  values: Record<string, string>,
  via: 'account' | 'link',
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  if (opened.closed) throw new ConflictError(opened.closed);
  const parsed = parseAnswers(opened.questions, values);
  if (!parsed.ok) return parsed;
  const { target } = opened;
  await db.transaction().execute(async (trx) => {
    const response = await trx
      .insertInto('diagnostic_responses')
      .values({
        pair_id: target.pairId,
        template_id: target.templateId,
        mentor_id: target.who.side === 'mentor' ? target.who.id : null,
        mentee_id: target.who.side === 'mentee' ? target.who.id : null,
        stage: target.stage,
        via,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!response)
      throw new ConflictError(`Анкета этапа «${STAGE_LABELS[target.stage]}» уже заполнена: ответить можно один раз.`);
    if (parsed.input.answers.length) {
      await trx
        .insertInto('diagnostic_answers')
        .values(parsed.input.answers.map((a) => ({ response_id: response.id, ...a })))
        .execute();
    }
    await recordAudit(trx, who, {
      action: 'answer',
      entityType: 'diagnostic_response',
      entityId: response.id,
      organizationId: target.organizationId,
      municipalityId: target.municipalityId,
      changedFields: ['stage', 'answers'],
    });
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// What the pages show

export interface ParticipantDiagnostic {
  side: 'mentor' | 'mentee';
  id: number;
  name: string;
  before: boolean;
  after: boolean;
  /** A participant without an account (a pupil) answers through the pair's personal link. */
  byLink: boolean;
  /** The viewer is this participant: it may answer the open stage here. */
  isViewer: boolean;
}

/**
 * The diagnostic's state on the pair page: the questionnaire and, per participant, the stages
 * answered. A mentee of the pair sees only its own line (as it sees only its own feedback).
 */
export async function pairDiagnosticState(db: Kysely<Database>, actor: Actor, pair: PairRow, viewerMenteeId: number | null) {
  const template = await pairDiagnosticTemplate(db, pair.id);
  if (!template) return null;
  const responses = await pairResponses(db, pair.id);
  const hasFinal = await hasFinalMeeting(db, pair.id);
  const answered = (side: 'mentor' | 'mentee', id: number, stage: DiagnosticStage) =>
    responses.some((r) => r.stage === stage && (side === 'mentor' ? r.mentor_id === id : r.mentee_id === id));
  const participants: ParticipantDiagnostic[] = (await pairParticipants(db, pair.id))
    .filter((p) => !p.erased)
    .filter((p) => viewerMenteeId === null || (p.side === 'mentee' && p.id === viewerMenteeId))
    .map((p) => ({
      side: p.side,
      id: p.id,
      name: p.name,
      before: answered(p.side, p.id, 'before'),
      after: answered(p.side, p.id, 'after'),
      byLink: p.side === 'mentee' && p.user_id === null,
      isViewer: p.user_id !== null && p.user_id === actor.user.id,
    }));
  const viewer = participants.find((p) => p.isViewer);
  const openStage = (p: ParticipantDiagnostic): DiagnosticStage | null => {
    for (const stage of ['before', 'after'] as const)
      if (stageClosedReason(pair.status, hasFinal, stage === 'before' ? p.before : p.after, stage) === null) return stage;
    return null;
  };
  return {
    template,
    participants,
    viewerStage: viewer ? openStage(viewer) : null,
    canIssueLinks: canManagePair(actor.user, pair) && pair.status === 'active',
  };
}

/** A pupil's diagnostic on its personal link's page: which stage is open now, if any. */
export async function linkDiagnosticState(db: Kysely<Database>, link: FeedbackLink) {
  const template = await pairDiagnosticTemplate(db, link.pairId);
  if (!template) return null;
  const responses = (await pairResponses(db, link.pairId)).filter((r) => r.mentee_id === link.menteeId);
  const hasFinal = await hasFinalMeeting(db, link.pairId);
  const before = responses.some((r) => r.stage === 'before');
  const after = responses.some((r) => r.stage === 'after');
  const open = (['before', 'after'] as const).find(
    (stage) => stageClosedReason('active', hasFinal, stage === 'before' ? before : after, stage) === null,
  );
  return { template, before, after, openStage: open ?? null };
}

/**
 * A table of «до / после» as a page shows it: rows with the change. Below the surveys' MIN_GROUP
 * participants a row shows only its count: two means of one or two people would be their answers.
 */
export function withChange(rows: BeforeAfterRow[]) {
  return rows.map((r) => ({
    ...r,
    change: Math.round((r.mean_after - r.mean_before) * 100) / 100,
    shown: r.answered_both >= MIN_GROUP,
  }));
}

/** The programme's «до / после», for its page. */
export async function programmeBeforeAfter(db: Kysely<Database>, programmeId: number) {
  return withChange(await beforeAfter(db, { programmeId }));
}

/** A school's «до / после», for its dashboard. */
export async function schoolBeforeAfter(db: Kysely<Database>, organizationId: number) {
  return withChange(await beforeAfter(db, { organizationId }));
}

/**
 * The programme page's diagnostic section: the questionnaire, the choice for those who attach it,
 * and the «до / после» table for the readers of the programme's own school and municipality (a
 * bank reader of another school sees the programme, not its participants' answers).
 */
export async function programmeImpact(
  db: Kysely<Database>,
  actor: Actor,
  programme: { id: number; diagnostic_template_id: number | null },
  ownReader: boolean,
) {
  const { canAttach, options } = await diagnosticChoice(db, actor, programme.id);
  const template =
    programme.diagnostic_template_id === null ? null : ((await templateTitle(db, programme.diagnostic_template_id)) ?? null);
  return { template, canAttach, options, rows: ownReader ? await programmeBeforeAfter(db, programme.id) : null };
}
