/**
 * The rows of centre_agreements (migration 0025): one per sending of an object to the
 * methodological centre, answered 'agreed' or 'returned'; an agreed one revoked by a change.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { documentConcernsMinor } from '../../access/scope.js';
import type { CentreAgreementObject, Database, SchoolDocumentType } from '../../db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Where an object stands: never sent, sent and waiting, agreed, returned, agreed and taken back by a change. */
export type AgreementState = 'none' | 'sent' | 'agreed' | 'returned' | 'revoked';

/** One sending as the page tells it. */
export interface AgreementView {
  id: number;
  sentAt: Date;
  sentBy: string | null;
  note: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
  outcome: 'agreed' | 'returned' | null;
  comment: string | null;
  revokedAt: Date | null;
  orderNumber: string | null;
  orderDate: string | null;
}

/** The state from the newest sending (history newest first). Pure. */
export function stateOf(history: readonly Pick<AgreementView, 'answeredAt' | 'outcome' | 'revokedAt'>[]): AgreementState {
  const last = history[0];
  if (!last) return 'none';
  if (last.answeredAt === null) return 'sent';
  if (last.outcome === 'returned') return 'returned';
  return last.revokedAt === null ? 'agreed' : 'revoked';
}

/** Every sending of the object, newest first, with the names of who sent and who answered. */
export async function agreementHistory(db: Db, type: CentreAgreementObject, objectId: number): Promise<AgreementView[]> {
  const rows = await db
    .selectFrom('centre_agreements as a')
    .leftJoin('users as sender', 'sender.id', 'a.sent_by')
    .leftJoin('users as answerer', 'answerer.id', 'a.answered_by')
    .select([
      'a.id',
      'a.sent_at',
      'a.note',
      'a.answered_at',
      'a.outcome',
      'a.comment',
      'a.revoked_at',
      'a.order_number',
      'a.order_date',
      'sender.full_name as sent_by_name',
      'answerer.full_name as answered_by_name',
    ])
    .where('a.object_type', '=', type)
    .where('a.object_id', '=', objectId)
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    sentAt: r.sent_at,
    sentBy: r.sent_by_name,
    note: r.note,
    answeredAt: r.answered_at,
    answeredBy: r.answered_by_name,
    outcome: r.outcome,
    comment: r.comment,
    revokedAt: r.revoked_at,
    orderNumber: r.order_number,
    orderDate: r.order_date,
  }));
}

/** The newest sending of the object (locked when read by an act), or undefined. */
export function latestAgreement(db: Db, type: CentreAgreementObject, objectId: number, lock = false) {
  const query = db
    .selectFrom('centre_agreements')
    .select(['id', 'answered_at', 'outcome', 'revoked_at'])
    .where('object_type', '=', type)
    .where('object_id', '=', objectId)
    .orderBy('id', 'desc')
    .limit(1);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Whether the object is agreed now: its newest sending agreed and not taken back. */
export async function isAgreed(db: Db, type: CentreAgreementObject, objectId: number): Promise<boolean> {
  const last = await latestAgreement(db, type, objectId);
  return last !== undefined && last.outcome === 'agreed' && last.revoked_at === null;
}

/** Stores a sending; undefined when one is open already (the partial unique index). */
export async function insertSending(
  trx: Transaction<Database>,
  row: { type: CentreAgreementObject; objectId: number; organizationId: number; userId: number; note: string | null; at: Date },
): Promise<number | undefined> {
  const inserted = await trx
    .insertInto('centre_agreements')
    .values({
      object_type: row.type,
      object_id: row.objectId,
      organization_id: row.organizationId,
      sent_by: row.userId,
      sent_at: row.at,
      note: row.note,
    })
    .onConflict((oc) => oc.columns(['object_type', 'object_id']).where('answered_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** Answers the object's open sending; its id, or undefined when none was open. */
export async function answerSending(
  trx: Transaction<Database>,
  type: CentreAgreementObject,
  objectId: number,
  answer: { userId: number; at: Date; outcome: 'agreed' | 'returned'; comment: string | null },
): Promise<number | undefined> {
  const row = await trx
    .updateTable('centre_agreements')
    .set({ answered_by: answer.userId, answered_at: answer.at, outcome: answer.outcome, comment: answer.comment })
    .where('object_type', '=', type)
    .where('object_id', '=', objectId)
    .where('answered_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Takes back the object's standing agreement; its id, or undefined when it was not agreed. */
export async function revokeAgreed(
  trx: Transaction<Database>,
  type: CentreAgreementObject,
  objectId: number,
  userId: number | null,
): Promise<number | undefined> {
  const last = await latestAgreement(trx, type, objectId, true);
  if (last?.outcome !== 'agreed' || last.revoked_at !== null) return undefined;
  await trx
    .updateTable('centre_agreements')
    .set({ revoked_at: new Date(), revoked_by: userId, revoked_reason: 'content' })
    .where('id', '=', last.id)
    .execute();
  return last.id;
}

/** An agreed object awaiting the department's order, as the order form lists it. */
export interface AgreedObjectRow {
  id: number;
  object_type: CentreAgreementObject;
  object_id: number;
  title: string | null;
  school: string;
  answered_at: Date | null;
  /** A school's document: its type and number (its heading when it has no title). */
  document_type: SchoolDocumentType | null;
  document_number: string | null;
}

/**
 * The objects of the municipality's schools agreed now (not taken back) with no order recorded, by
 * school and title.
 */
export function agreedWithoutOrder(db: Db, municipalityId: number): Promise<AgreedObjectRow[]> {
  return db
    .selectFrom('centre_agreements as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .leftJoin('roadmaps as r', (join) => join.onRef('r.id', '=', 'a.object_id').on('a.object_type', '=', 'roadmap'))
    .leftJoin('programmes as p', (join) => join.onRef('p.id', '=', 'a.object_id').on('a.object_type', '=', 'programme'))
    .leftJoin('school_documents as d', (join) => join.onRef('d.id', '=', 'a.object_id').on('a.object_type', '=', 'document'))
    .select((eb) => [
      'a.id',
      'a.object_type',
      'a.object_id',
      eb.fn.coalesce('r.title', 'p.title', 'd.title').as('title'),
      'o.short_name as school',
      'a.answered_at',
      'd.type as document_type',
      'd.number as document_number',
    ])
    .where('o.municipality_id', '=', municipalityId)
    .where('a.outcome', '=', 'agreed')
    .where('a.revoked_at', 'is', null)
    .where('a.order_number', 'is', null)
    .orderBy('o.short_name')
    .orderBy('a.object_type')
    .orderBy('a.id')
    .execute();
}

/** Records the order on the chosen agreements of the municipality still waiting for one; the rows written. */
export function writeOrder(
  trx: Transaction<Database>,
  municipalityId: number,
  ids: readonly number[],
  order: { number: string; date: string },
) {
  return trx
    .updateTable('centre_agreements')
    .set({ order_number: order.number, order_date: order.date })
    .where('id', 'in', ids)
    .where('outcome', '=', 'agreed')
    .where('revoked_at', 'is', null)
    .where('order_number', 'is', null)
    .where('organization_id', 'in', (eb) =>
      eb.selectFrom('organizations').select('id').where('municipality_id', '=', municipalityId),
    )
    .returning(['id', 'object_type', 'object_id', 'organization_id'])
    .execute();
}

/** A sending waiting for the centre's answer, as the coordinator's list shows it. */
export interface WaitingRow {
  id: number;
  object_type: CentreAgreementObject;
  object_id: number;
  organization_id: number;
  municipality_id: number | null;
  title: string | null;
  school: string;
  sent_at: Date;
  note: string | null;
  document_type: SchoolDocumentType | null;
  document_number: string | null;
  /** A document concerning a mentor or mentee, and whether a minor (who may read it: access/rules/documents.ts). */
  document_person: boolean;
  document_minor: boolean;
}

function openSendings(db: Db, municipalityId: number) {
  return db
    .selectFrom('centre_agreements as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .where('o.municipality_id', '=', municipalityId)
    .where('a.answered_at', 'is', null);
}

/** Every object of the municipality's schools sent to the centre and not answered yet, the oldest sending first. */
export function waitingForCentre(db: Db, municipalityId: number, bornAfter: string): Promise<WaitingRow[]> {
  return openSendings(db, municipalityId)
    .leftJoin('roadmaps as r', (join) => join.onRef('r.id', '=', 'a.object_id').on('a.object_type', '=', 'roadmap'))
    .leftJoin('programmes as p', (join) => join.onRef('p.id', '=', 'a.object_id').on('a.object_type', '=', 'programme'))
    .leftJoin('school_documents', (join) =>
      join.onRef('school_documents.id', '=', 'a.object_id').on('a.object_type', '=', 'document'),
    )
    .select((eb) => [
      'a.id',
      'a.object_type',
      'a.object_id',
      'a.organization_id',
      'o.municipality_id',
      eb.fn.coalesce('r.title', 'p.title', 'school_documents.title').as('title'),
      'o.short_name as school',
      'a.sent_at',
      'a.note',
      'school_documents.type as document_type',
      'school_documents.number as document_number',
      sql<boolean>`coalesce(school_documents.mentor_id, school_documents.mentee_id) is not null`.as('document_person'),
      sql<boolean>`coalesce(${documentConcernsMinor(bornAfter)}, false)`.as('document_minor'),
    ])
    .orderBy('a.sent_at')
    .orderBy('a.id')
    .execute();
}

/** How many sendings of the municipality's schools wait for the centre's answer. */
export async function countWaiting(db: Db, municipalityId: number): Promise<number> {
  const row = await openSendings(db, municipalityId).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}
