import type { Kysely, Transaction } from 'kysely';
import {
  canEditPractice,
  canReviewPractice,
  canViewPractice,
  draftsPractices,
  type PracticeRef,
  printsPracticeCollection,
  receivesPracticeDecision,
  receivesPracticeSubmitted,
} from '../../access/policy.js';
import type { Database, PracticeStatus } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import { type Actor, type AuditAction, auditActor, recordAudit } from '../audit/service.js';
import type { NotificationKind } from '../notifications/labels.js';
import { activePeopleAround } from '../notifications/queries.js';
import { notify } from '../notifications/service.js';
import type { FieldErrors } from '../../http/forms.js';
import {
  authorChoicesOf,
  menteeAuthorChoicesOf,
  eventChoicesOf,
  findPractice,
  type PracticeRow,
  practiceEventsOf,
  practiceMenteesOf,
  practiceMentorsOf,
  registerOf,
} from './queries.js';
import type { PracticeInput } from './schemas.js';

/**
 * The bank of best practices (issue 19): a practice's way — the curator drafts it and sends it to
 * the methodological centre; the coordinator returns it with a comment (the curator edits it and
 * sends it again) or accepts it into the municipal register, publishes it and may withdraw it back
 * to accepted. Each act is one transaction with its audit line and its notifications.
 */

const refOf = (p: PracticeRow): PracticeRef => ({
  organization_id: p.organization_id,
  municipality_id: p.municipality_id,
  status: p.status,
});

const FIELDS = [
  'title',
  'form',
  'role_model',
  'year',
  'authors',
  'problem',
  'actions',
  'results',
  'evidence',
  'evidence_url',
  'video_url',
  'presented_at',
  'tags',
] as const;

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

/** The lists a practice's form offers: the school's mentors, the municipality's held events. */
export async function practiceChoices(db: Kysely<Database>, actor: Actor) {
  const user = actor.user;
  return {
    mentors: await authorChoicesOf(db, user.organizationId),
    mentees: await menteeAuthorChoicesOf(db, user.organizationId),
    events: user.municipalityId === null ? [] : await eventChoicesOf(db, user.municipalityId),
  };
}

/** A practice's linked authors and events, for its page. */
export async function practiceLinks(db: Kysely<Database>, id: number) {
  return {
    mentors: await practiceMentorsOf(db, id),
    mentees: await practiceMenteesOf(db, id),
    events: await practiceEventsOf(db, id),
  };
}

/** The ids chosen must be of the lists offered: the school's mentors, the municipality's held events. */
async function checkLinks(db: Kysely<Database>, actor: Actor, input: PracticeInput): Promise<FieldErrors | null> {
  const choices = await practiceChoices(db, actor);
  const errors: FieldErrors = {};
  const mentors = new Set(choices.mentors.map((m) => m.id));
  const events = new Set(choices.events.map((e) => e.id));
  const mentees = new Set(choices.mentees.map((m) => m.id));
  if (!input.mentor_ids.every((id) => mentors.has(id)))
    errors.mentor_ids = 'Авторы из базы: выберите наставников своей школы из списка';
  if (!input.mentee_ids.every((id) => mentees.has(id)))
    errors.mentee_ids = 'Авторы из наставляемых: выберите педагогов-наставляемых своей школы из списка';
  if (!input.event_ids.every((id) => events.has(id)))
    errors.event_ids = 'Мероприятия: выберите проведённые мероприятия муниципалитета из списка';
  return Object.keys(errors).length ? errors : null;
}

async function writeLinks(trx: Transaction<Database>, id: number, input: PracticeInput): Promise<void> {
  await trx.deleteFrom('practice_mentors').where('practice_id', '=', id).execute();
  await trx.deleteFrom('practice_events').where('practice_id', '=', id).execute();
  await trx.deleteFrom('practice_mentees').where('practice_id', '=', id).execute();
  if (input.mentee_ids.length)
    await trx
      .insertInto('practice_mentees')
      .values(input.mentee_ids.map((mentee_id) => ({ practice_id: id, mentee_id })))
      .execute();
  if (input.mentor_ids.length)
    await trx
      .insertInto('practice_mentors')
      .values(input.mentor_ids.map((mentor_id) => ({ practice_id: id, mentor_id })))
      .execute();
  if (input.event_ids.length)
    await trx
      .insertInto('practice_events')
      .values(input.event_ids.map((event_id) => ({ practice_id: id, event_id })))
      .execute();
}

/** The practice's columns of the input (the links are written apart). */
function columnsOf(input: PracticeInput) {
  const { mentor_ids: _mentors, mentee_ids: _mentees, event_ids: _events, ...columns } = input;
  return columns;
}

/** A practice the actor may read: 404 outside its scope. */
export async function getPractice(db: Kysely<Database>, actor: Actor, id: number): Promise<PracticeRow> {
  const row = await findPractice(db, id);
  if (!row || !canViewPractice(actor.user, refOf(row))) throw new NotFoundError();
  return row;
}

/** The flags of a practice's page. */
export function practiceActions(actor: Actor, p: PracticeRow) {
  const ref = refOf(p);
  const review = canReviewPractice(actor.user, ref);
  return {
    canEdit: canEditPractice(actor.user, ref),
    canReturn: review && p.status === 'submitted',
    canAccept: review && p.status === 'submitted',
    canPublish: review && p.status === 'accepted',
    canWithdraw: review && p.status === 'published',
  };
}

/** A practice the curator may edit (its school's, a draft or returned): 404 outside the scope, 409 otherwise. */
export async function getEditablePractice(db: Kysely<Database>, actor: Actor, id: number): Promise<PracticeRow> {
  const row = await getPractice(db, actor, id);
  if (!canEditPractice(actor.user, refOf(row))) {
    if (!draftsPractices(actor.user)) throw new ForbiddenError('Практики описывает куратор школы.');
    throw new ConflictError('Практику можно изменить, пока она в черновике или возвращена на доработку.');
  }
  return row;
}

/** The curator drafts a practice of its school. */
export async function createPractice(db: Kysely<Database>, actor: Actor, input: PracticeInput): Promise<SaveResult> {
  const user = actor.user;
  if (!draftsPractices(user) || user.municipalityId === null) throw new ForbiddenError('Практики описывает куратор школы.');
  const municipalityId = user.municipalityId;
  const errors = await checkLinks(db, actor, input);
  if (errors) return { ok: false, errors };
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('practices')
      .values({ ...columnsOf(input), organization_id: user.organizationId, municipality_id: municipalityId, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeLinks(trx, row.id, input);
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'practice',
      entityId: row.id,
      organizationId: user.organizationId,
      municipalityId,
      changedFields: [
        ...FIELDS.filter((f) => input[f] !== null && !(Array.isArray(input[f]) && input[f].length === 0)),
        ...(input.mentor_ids.length ? ['mentor_ids'] : []),
        ...(input.mentee_ids.length ? ['mentee_ids'] : []),
        ...(input.event_ids.length ? ['event_ids'] : []),
      ],
    });
    return row.id;
  });
  return { ok: true, id };
}

/** The curator edits its school's practice while it is a draft or returned. */
export async function updatePractice(db: Kysely<Database>, actor: Actor, id: number, input: PracticeInput): Promise<SaveResult> {
  const before = await getEditablePractice(db, actor, id);
  const errors = await checkLinks(db, actor, input);
  if (errors) return { ok: false, errors };
  const links = await practiceLinks(db, id);
  const sameIds = (a: number[], b: number[]) => [...a].sort().join() === [...b].sort().join();
  await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('practices')
      .set({ ...columnsOf(input), updated_at: new Date() })
      .where('id', '=', id)
      .where('status', 'in', ['draft', 'returned'])
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0)
      throw new ConflictError('Практику можно изменить, пока она в черновике или возвращена на доработку.');
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'practice',
      entityId: id,
      organizationId: before.organization_id,
      municipalityId: before.municipality_id,
      changedFields: [
        ...FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(input[f])),
        ...(sameIds(
          links.mentors.map((m) => m.id),
          input.mentor_ids,
        )
          ? []
          : ['mentor_ids']),
        ...(sameIds(
          links.mentees.map((m) => m.id),
          input.mentee_ids,
        )
          ? []
          : ['mentee_ids']),
        ...(sameIds(
          links.events.map((e) => e.id),
          input.event_ids,
        )
          ? []
          : ['event_ids']),
      ],
    });
    await writeLinks(trx, id, input);
  });
  return { ok: true, id };
}

interface Step {
  from: readonly PracticeStatus[];
  to: PracticeStatus;
  action: AuditAction;
  /** Why the step is refused from any other status. */
  refused: string;
  notice: NotificationKind | null;
  /** Who does it: the curator who may edit it, or the coordinator who reviews it. */
  by: 'curator' | 'coordinator';
}

const STEPS = {
  send: {
    from: ['draft', 'returned'],
    to: 'submitted',
    action: 'send_practice',
    refused: 'Направить на рассмотрение можно черновик или практику, возвращённую на доработку.',
    notice: 'practice_submitted',
    by: 'curator',
  },
  return: {
    from: ['submitted'],
    to: 'returned',
    action: 'return_practice',
    refused: 'Вернуть на доработку можно только практику, направленную на рассмотрение.',
    notice: 'practice_returned',
    by: 'coordinator',
  },
  accept: {
    from: ['submitted'],
    to: 'accepted',
    action: 'accept_practice',
    refused: 'Принять в реестр можно только практику, направленную на рассмотрение.',
    notice: 'practice_accepted',
    by: 'coordinator',
  },
  publish: {
    from: ['accepted'],
    to: 'published',
    action: 'publish_practice',
    refused: 'Опубликовать можно только практику, принятую в муниципальный реестр.',
    notice: 'practice_published',
    by: 'coordinator',
  },
  withdraw: {
    from: ['published'],
    to: 'accepted',
    action: 'withdraw_practice',
    refused: 'Снять с публикации можно только опубликованную практику.',
    notice: null,
    by: 'coordinator',
  },
} as const satisfies Record<string, Step>;

export type PracticeStep = keyof typeof STEPS;

/** One step of a practice's way, guarded: 404 outside the scope, 403 for the wrong role, 409 from a wrong status. */
export async function movePractice(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  stepName: PracticeStep,
  comment: string | null = null,
): Promise<void> {
  const step: Step = STEPS[stepName];
  const p = await getPractice(db, actor, id);
  const ref = refOf(p);
  if (step.by === 'curator') {
    if (!draftsPractices(actor.user) || p.organization_id !== actor.user.organizationId)
      throw new ForbiddenError('Направляет практику на рассмотрение куратор школы.');
  } else if (!canReviewPractice(actor.user, ref)) {
    throw new ForbiddenError('Практики рассматривает методический центр.');
  }
  if (!step.from.includes(p.status)) throw new ConflictError(step.refused);
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('practices')
      .set({
        status: step.to,
        updated_at: now,
        ...(stepName === 'send' ? { submitted_at: now } : {}),
        ...(stepName === 'return' ? { review_comment: comment } : {}),
        ...(stepName === 'accept' ? { accepted_at: now, review_comment: null } : {}),
        ...(stepName === 'publish' ? { published_at: now } : {}),
        ...(stepName === 'withdraw' ? { published_at: null } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', [...step.from])
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) throw new ConflictError(step.refused);
    await recordAudit(trx, auditActor(actor), {
      action: step.action,
      entityType: 'practice',
      entityId: id,
      organizationId: p.organization_id,
      municipalityId: p.municipality_id,
      changedFields: stepName === 'return' ? ['status', 'review_comment'] : ['status'],
    });
    if (step.notice) await tell(trx, actor, p, { ...ref, status: step.to }, step.notice, comment);
  });
}

async function tell(
  trx: Transaction<Database>,
  actor: Actor,
  p: PracticeRow,
  ref: PracticeRef,
  kind: NotificationKind,
  comment: string | null,
): Promise<void> {
  const people = await activePeopleAround(trx, { organizationId: p.organization_id, municipalityId: p.municipality_id });
  const receives = kind === 'practice_submitted' ? receivesPracticeSubmitted : receivesPracticeDecision;
  await notify(trx, {
    kind,
    key: `practice:${p.id}:${ref.status}:${Date.now()}`,
    params: { subject: p.title, school: p.school_name, comment },
    link: `/practices/${p.id}`,
    subject: { type: 'practice', ref },
    entity: { type: 'practice', id: p.id },
    organizationId: p.organization_id,
    municipalityId: p.municipality_id,
    recipients: people.filter((u) => receives(u, ref)).map((u) => u.id),
    actorId: actor.user.id,
  });
}

/** The printable collection of the municipal register: the accepted and published practices of the actor's municipality. */
export async function practiceCollection(db: Kysely<Database>, actor: Actor): Promise<PracticeRow[]> {
  if (!printsPracticeCollection(actor.user) || actor.user.municipalityId === null)
    throw new ForbiddenError('Сборник практик печатают методический центр и управление образования.');
  return registerOf(db, actor.user.municipalityId);
}
