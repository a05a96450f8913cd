/**
 * Agreement by the methodological centre (issue 17), for any object a school sends: its roadmap,
 * its programme, later its documents. The school's curator sends the object (an optional note);
 * the coordinator of the municipality agrees it or returns it with a required comment; a change to
 * the content of an agreed object takes the agreement back (revokeOnChange, called in the change's
 * transaction by the object's own service). Each act is one transaction with its audit line and its
 * notifications. What may be sent at all (a school's plan with items, a programme not archived) and
 * what an agreement unlocks (a school roadmap's approval) is the object's own service's business.
 *
 * A school's document joined the roadmap and programme (documents/service.ts): an object is
 * named by AGREEMENT_OBJECT_NAMES, and its service calls these functions with its own subject for
 * the access check. A change taking an agreement back tells the municipality's coordinators.
 */

import type { Kysely, Transaction } from 'kysely';
import {
  type AgreementNotice,
  answersAgreements,
  type CentreAgreementRef,
  canAnswerAgreement,
  canRecordAgreementOrder,
  canSendForAgreement,
  type NoticeSubject,
  canViewDocument,
  readsAgreementQueue,
  receivesCentreAgreementNotice,
  seesAgreement,
} from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { minorBornAfter } from '../people/rules.js';
import { type Actor, type AuditAction, auditActor, recordAudit } from '../audit/service.js';
import { documentHeading } from '../documents/labels.js';
import type { NotificationKind } from '../notifications/labels.js';
import { activePeopleAround } from '../notifications/queries.js';
import { notify } from '../notifications/service.js';
import { AGREEMENT_AUDIT_ENTITY, AGREEMENT_OBJECT_MASCULINE, AGREEMENT_OBJECT_NAMES } from './labels.js';
import type { OrderInput } from './schemas.js';
import {
  type AgreedObjectRow,
  type AgreementState,
  type AgreementView,
  agreedWithoutOrder,
  agreementHistory,
  answerSending,
  countWaiting,
  insertSending,
  latestAgreement,
  revokeAgreed,
  stateOf,
  waitingForCentre,
  writeOrder,
} from './queries.js';

/** An object the centre agrees, as the acts need it. */
export interface AgreementObject extends CentreAgreementRef {
  type: keyof typeof AGREEMENT_OBJECT_NAMES;
  id: number;
  title: string;
  /** The school's short name, for the centre's notifications. */
  schoolName: string;
  /** The object's page. */
  link: string;
  /** The object as the notifications' access check sees it. */
  subject: NoticeSubject;
}

/** An act: done, or refused with the reason (for the page's error summary). */
export type AgreementResult = { ok: true } | { ok: false; message: string };

const NOTICE_KINDS: Record<AgreementNotice, NotificationKind> = {
  asked: 'centre_agreement_asked',
  given: 'centre_agreement_given',
  returned: 'centre_agreement_returned',
  revoked: 'centre_agreement_revoked',
};

async function audit(trx: Transaction<Database>, actor: Actor, object: AgreementObject, action: AuditAction, fields: string[]) {
  await recordAudit(trx, auditActor(actor), {
    action,
    entityType: AGREEMENT_AUDIT_ENTITY[object.type],
    entityId: object.id,
    organizationId: object.organization_id,
    municipalityId: object.municipality_id,
    changedFields: fields,
  });
}

async function tell(
  trx: Transaction<Database>,
  actor: Actor,
  object: AgreementObject,
  notice: AgreementNotice,
  agreementId: number,
  comment: string | null,
): Promise<number[]> {
  const people = await activePeopleAround(trx, {
    organizationId: object.organization_id,
    municipalityId: object.municipality_id,
  });
  return notify(trx, {
    kind: NOTICE_KINDS[notice],
    key: `centre_agreement:${agreementId}:${notice}`,
    params: {
      subject: `${AGREEMENT_OBJECT_NAMES[object.type]} «${object.title}»`,
      school: object.schoolName,
      comment,
      ...(AGREEMENT_OBJECT_MASCULINE.has(object.type) ? { gender: 'm' as const } : {}),
    },
    link: object.link,
    subject: object.subject,
    entity: { type: object.type, id: object.id },
    organizationId: object.organization_id,
    municipalityId: object.municipality_id,
    recipients: people.filter((user) => receivesCentreAgreementNotice(user, notice, object)).map((user) => user.id),
    actorId: actor.user.id,
  });
}

/** 403 unless the actor is the school's curator. */
export function ensureMaySend(actor: Actor, object: CentreAgreementRef): void {
  if (!canSendForAgreement(actor.user, object))
    throw new ForbiddenError('На согласование в методический центр отправляет куратор школы.');
}

/** 403 unless the actor is the coordinator of the object's municipality. */
export function ensureMayAnswer(actor: Actor, object: CentreAgreementRef): void {
  if (!canAnswerAgreement(actor.user, object))
    throw new ForbiddenError('Согласовывает документы школ методический центр муниципалитета.');
}

/** The school's curator sends the object to the centre: not while a sending is open or while agreed. */
export async function sendForAgreement(
  db: Kysely<Database>,
  actor: Actor,
  object: AgreementObject,
  note: string | null,
): Promise<AgreementResult> {
  ensureMaySend(actor, object);
  return db.transaction().execute(async (trx): Promise<AgreementResult> => {
    const last = await latestAgreement(trx, object.type, object.id, true);
    if (last && last.outcome === 'agreed' && last.revoked_at === null)
      return { ok: false, message: 'Уже согласовано методическим центром: отправлять на согласование снова не нужно.' };
    const id = await insertSending(trx, {
      type: object.type,
      objectId: object.id,
      organizationId: object.organization_id,
      userId: actor.user.id,
      note,
      at: new Date(),
    });
    if (id === undefined) return { ok: false, message: 'Уже отправлено на согласование: дождитесь ответа методического центра.' };
    await tell(trx, actor, object, 'asked', id, note);
    await audit(trx, actor, object, 'send_for_agreement', note === null ? ['centre_agreement'] : ['centre_agreement', 'note']);
    return { ok: true };
  });
}

/** The coordinator agrees the object sent (an optional comment) or returns it (a comment, required by the form). */
export async function answerAgreement(
  db: Kysely<Database>,
  actor: Actor,
  object: AgreementObject,
  outcome: 'agreed' | 'returned',
  comment: string | null,
): Promise<AgreementResult> {
  ensureMayAnswer(actor, object);
  return db.transaction().execute(async (trx): Promise<AgreementResult> => {
    const id = await answerSending(trx, object.type, object.id, { userId: actor.user.id, at: new Date(), outcome, comment });
    if (id === undefined) return { ok: false, message: 'Не отправлено на согласование: отвечать пока не на что.' };
    await tell(trx, actor, object, outcome === 'agreed' ? 'given' : 'returned', id, comment);
    await audit(
      trx,
      actor,
      object,
      outcome === 'agreed' ? 'agree' : 'return_agreement',
      comment === null ? ['centre_agreement'] : ['centre_agreement', 'comment'],
    );
    return { ok: true };
  });
}

/**
 * A change to the content of the object begins: its agreement, if any, is taken back (in the
 * change's transaction, audited), and the municipality's coordinators are told
 * (centre_agreement_revoked). True when it was agreed (the page says so).
 */
export async function revokeOnChange(trx: Transaction<Database>, actor: Actor, object: AgreementObject): Promise<boolean> {
  const id = await revokeAgreed(trx, object.type, object.id, actor.user.id);
  if (id === undefined) return false;
  await audit(trx, actor, object, 'revoke_agreement', ['centre_agreement']);
  await tell(trx, actor, object, 'revoked', id, null);
  return true;
}

/** What an object's page shows of its agreement, or null for whoever does not see it. */
export interface AgreementPanel {
  state: AgreementState;
  history: AgreementView[];
  /** The sending waiting for an answer, or the last answer. */
  last: AgreementView | null;
  canSend: boolean;
  canAnswer: boolean;
  /** The department may record its approving order for it (agreed, no order yet). */
  canRecordOrder: boolean;
}

export async function agreementPanel(
  db: Kysely<Database>,
  actor: Actor,
  object: CentreAgreementRef & { type: AgreementObject['type']; id: number },
): Promise<AgreementPanel | null> {
  if (!seesAgreement(actor.user, object)) return null;
  const history = await agreementHistory(db, object.type, object.id);
  const state = stateOf(history);
  return {
    state,
    history,
    last: history[0] ?? null,
    canSend: canSendForAgreement(actor.user, object) && (state === 'none' || state === 'returned' || state === 'revoked'),
    canAnswer: canAnswerAgreement(actor.user, object) && state === 'sent',
    canRecordOrder: canRecordAgreementOrder(actor.user) && state === 'agreed' && (history[0]?.orderNumber ?? null) === null,
  };
}

/** 403 unless the actor is a department of a municipality. */
function ensureMayRecordOrder(actor: Actor): number {
  if (!canRecordAgreementOrder(actor.user) || actor.user.municipalityId === null)
    throw new ForbiddenError('Приказ об утверждении записывает управление образования.');
  return actor.user.municipalityId;
}

/** The order form: the municipality's agreed objects waiting for the department's order (a document named by its heading). */
export async function orderCandidates(
  db: Kysely<Database>,
  actor: Actor,
): Promise<Array<AgreedObjectRow & { agreedWord: string }>> {
  const rows = await agreedWithoutOrder(db, ensureMayRecordOrder(actor));
  return rows.map((r) => ({
    ...r,
    title:
      r.document_type === null ? r.title : documentHeading({ type: r.document_type, number: r.document_number, title: r.title }),
    agreedWord: AGREEMENT_OBJECT_MASCULINE.has(r.object_type) ? 'согласован' : 'согласована',
  }));
}

/**
 * The department records its approving order (number, date) once on every chosen agreed object, in
 * one transaction with an audit line per object; refused whole when one of them was taken back or
 * got an order meanwhile.
 */
export async function recordOrder(db: Kysely<Database>, actor: Actor, input: OrderInput): Promise<AgreementResult> {
  const municipalityId = ensureMayRecordOrder(actor);
  return db
    .transaction()
    .execute(async (trx): Promise<AgreementResult> => {
      const rows = await writeOrder(trx, municipalityId, input.agreement, { number: input.order_number, date: input.order_date });
      if (rows.length !== input.agreement.length) {
        // Rolled back: a partial order would leave the department's list and its paper apart.
        throw new OrderConflict();
      }
      for (const row of rows)
        await recordAudit(trx, auditActor(actor), {
          action: 'update',
          entityType: AGREEMENT_AUDIT_ENTITY[row.object_type],
          entityId: row.object_id,
          organizationId: row.organization_id,
          municipalityId,
          changedFields: ['centre_agreement_order_number', 'centre_agreement_order_date'],
        });
      return { ok: true };
    })
    .catch((error: unknown) => {
      if (error instanceof OrderConflict)
        return {
          ok: false,
          message:
            'Некоторые из отмеченных документов уже не ждут приказа: их согласование снято или приказ уже записан. Обновите страницу и отметьте документы снова.',
        } as const;
      throw error;
    });
}

class OrderConflict extends Error {}

/** A line of the list of what waits for the centre: the object's kind, heading, school, sending and page. */
export interface WaitingItem {
  id: number;
  kind: string;
  title: string;
  school: string;
  sentAt: Date;
  note: string | null;
  link: string;
}

const OBJECT_PAGES = { roadmap: '/roadmaps', programme: '/programmes', document: '/documents' } as const;

/**
 * What the municipality's schools sent to the centre and it has not answered, the oldest first
 * (coordinator, department); a document concerning a person only for whoever may read it.
 */
export async function waitingList(db: Kysely<Database>, actor: Actor): Promise<WaitingItem[]> {
  const user = actor.user;
  if (!readsAgreementQueue(user) || user.municipalityId === null) throw new NotFoundError();
  const rows = await waitingForCentre(db, user.municipalityId, minorBornAfter());
  return rows
    .filter(
      (r) =>
        r.object_type !== 'document' ||
        canViewDocument(user, {
          organization_id: r.organization_id,
          municipality_id: r.municipality_id,
          person: r.document_person
            ? { organization_id: r.organization_id, municipality_id: r.municipality_id, minor: r.document_minor }
            : null,
        }),
    )
    .map((r) => ({
      id: r.id,
      kind: AGREEMENT_OBJECT_NAMES[r.object_type],
      title:
        r.document_type === null
          ? (r.title ?? '—')
          : documentHeading({ type: r.document_type, number: r.document_number, title: r.title }),
      school: r.school,
      sentAt: r.sent_at,
      note: r.note,
      link: `${OBJECT_PAGES[r.object_type]}/${r.object_id}`,
    }));
}

/** The count on the coordinator's home: what waits for its answer; null for whoever does not answer. */
export async function waitingCount(db: Kysely<Database>, user: Actor['user']): Promise<number | null> {
  if (!answersAgreements(user) || user.municipalityId === null) return null;
  return countWaiting(db, user.municipalityId);
}
