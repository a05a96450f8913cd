/**
 * The register of a school's documents (issue 17, first slice).
 *
 * A document: its school, type, number, date, title and notes, the file (PDF/DOCX/ODT, the upload
 * rules of lib/uploads.ts), status (черновик → действует → утратил силу; any of them may be set) and
 * the mentor, mentee or pair it concerns. The school's curator and head keep it; the municipality's
 * coordinator and department read every school's register and the matrix of required documents.
 *
 * Decisions:
 * - A document concerning a person holds that person's personal data (a consent scan above all):
 *   only those who may see them read it (access/rules/documents.ts, over the people rules), and
 *   for anyone else it does not exist (404), in the list too.
 * - A document «in force» or «no longer in force» has its date, and an order or the minutes their
 *   number; a draft may lack both. A consent form names the person; an additional agreement, the mentor.
 * - The order fixing pairs recorded in the pairs module is an entry of this register
 *   (recordPairOrderDocument, in the act's transaction); its type, number and date are the
 *   pairs module's and are not edited here; its signed scan and notes are.
 * - The centre's agreement (centre-agreements/service.ts) is a state beside `status`, kept in
 *   centre_agreements. The school's curator sends the orders, the Положение and the minutes
 *   (AGREEABLE_TYPES) with their file, not one «утратил силу»; consent scans and additional
 *   agreements hold a person's data and are not sent. A change to an agreed document's type,
 *   number, date, file or person (AGREEMENT_CONTENT) takes the agreement back in its transaction.
 */

import type { Kysely, Transaction } from 'kysely';
import {
  canCreateDocument,
  canEditDocument,
  canSetDocumentRequirements,
  canViewDocument,
  type DocumentRef,
  PUBLIC_DOCUMENT_TYPES,
  readsMunicipalDocuments,
} from '../../access/policy.js';
import type { Database, SchoolDocumentType, StoredFile } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import type { Page } from '../../lib/pagination.js';
import { type FileStore, formatFileSize, UploadError } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import {
  type AgreementObject,
  type AgreementResult,
  agreementPanel,
  answerAgreement,
  ensureMayAnswer,
  ensureMaySend,
  revokeOnChange,
  sendForAgreement,
} from '../centre-agreements/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { deleteStoredFile, findStoredFile, storeUploadWith } from '../files/service.js';
import { organizationOptions } from '../organizations/queries.js';
import { minorBornAfter } from '../people/rules.js';
import { DOCUMENT_TYPE_LABELS, documentHeading } from './labels.js';
import {
  type ConcernOptions,
  concernCount,
  concernOptions,
  concernsSchool,
  type DocumentListRow,
  type DocumentRow,
  documentMatrix,
  findDocument,
  listDocuments,
  pairsOfOrder,
  requiredTypes,
} from './queries.js';
import type { Concerns, DocumentInput, DocumentListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export type SaveResult = { ok: true; id: number; agreementWithdrawn?: boolean } | { ok: false; errors: FieldErrors };

export interface FileChange {
  file: UploadedFile | null;
  remove: boolean;
}

const KEEPER_ONLY = 'Документы школы ведут её куратор и руководитель.';

/** Types whose document carries a number once it is signed (orders and minutes). */
const NUMBERED: ReadonlySet<SchoolDocumentType> = new Set([
  'implementation_order',
  'curator_order',
  'mentors_order',
  'pairs_order',
  'roadmap_order',
  'council_minutes',
]);

export function refOf(doc: DocumentRow): DocumentRef {
  const person = doc.mentor_id !== null || doc.mentee_id !== null;
  return {
    organization_id: doc.organization_id,
    municipality_id: doc.municipality_id,
    person: person
      ? { organization_id: doc.organization_id, municipality_id: doc.municipality_id, minor: doc.person_minor }
      : null,
  };
}

/** A document the actor may read: 404 otherwise, whether it exists or not. */
export async function getDocument(db: Kysely<Database>, actor: Actor, id: number): Promise<DocumentRow> {
  const doc = await findDocument(db, id, minorBornAfter());
  if (!doc || !canViewDocument(actor.user, refOf(doc))) throw new NotFoundError();
  return doc;
}

/** A document the actor keeps: 404 outside what it reads, 403 inside it. */
export async function getDocumentForEdit(db: Kysely<Database>, actor: Actor, id: number): Promise<DocumentRow> {
  const doc = await getDocument(db, actor, id);
  if (!canEditDocument(actor.user, refOf(doc))) throw new ForbiddenError(KEEPER_ONLY);
  return doc;
}

export async function documentList(
  db: Kysely<Database>,
  actor: Actor,
  query: DocumentListQuery,
): Promise<{ municipal: boolean; page: Page<DocumentListRow>; schools: Array<{ id: number; short_name: string }> }> {
  const municipal = readsMunicipalDocuments(actor.user);
  return {
    municipal,
    page: await listDocuments(db, actor.user, query, minorBornAfter()),
    schools: municipal ? await organizationOptions(db, actor.user, ['school']) : [],
  };
}

/** Up to this many people and pairs, «Кого касается» is a plain select of them all; above, a search. */
export const CONCERNS_SELECT_MAX = 50;
/** The most people of each kind a search lists. */
const CONCERNS_FOUND_MAX = 20;

/** «Кого касается» as the form shows it: every choice, or (a big school) those found by the search and the one chosen. */
export interface ConcernChoices extends ConcernOptions {
  search: boolean;
  /** The search typed ('' before any). */
  q: string;
  /** More people matched than are listed: the search should be narrower. */
  more: boolean;
}

/**
 * The choices of «Кого касается» for the school's form: a school with up to CONCERNS_SELECT_MAX
 * people and pairs lists them all; a bigger one lists the people whose name holds the words
 * searched («Найти»), the pair whose number is typed, and the one already chosen.
 */
export async function concernChoices(
  db: Kysely<Database>,
  schoolId: number,
  q = '',
  chosen: Concerns = null,
): Promise<ConcernChoices> {
  if ((await concernCount(db, schoolId)) <= CONCERNS_SELECT_MAX)
    return { ...(await concernOptions(db, schoolId)), search: false, q: '', more: false };
  const found = await concernOptions(db, schoolId, { q: q.slice(0, 200), chosen, limit: CONCERNS_FOUND_MAX });
  const more = found.mentors.length > CONCERNS_FOUND_MAX || found.mentees.length > CONCERNS_FOUND_MAX;
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'ru');
  return {
    mentors: found.mentors.slice(0, CONCERNS_FOUND_MAX).sort(byName),
    mentees: found.mentees.slice(0, CONCERNS_FOUND_MAX).sort(byName),
    pairs: found.pairs,
    search: true,
    q,
    more,
  };
}

/** What a page shows of the document's file: name, size, link; null without one. */
export async function documentFileInfo(
  db: Kysely<Database>,
  doc: DocumentRow,
): Promise<{ name: string; size: string; href: string } | null> {
  if (doc.file_id === null) return null;
  const file = await findStoredFile(db, doc.file_id);
  return file ? { name: file.original_name, size: formatFileSize(file.size_bytes), href: `/documents/${doc.id}/file` } : null;
}

/** The pairs an order fixing pairs names (for its entry's page). */
export async function orderPairs(db: Kysely<Database>, doc: DocumentRow): Promise<number[] | null> {
  return doc.pair_order_id === null ? null : pairsOfOrder(db, doc.pair_order_id);
}

/** The rules between fields and against the school's data; field errors, empty when the input is sound. */
async function checkInput(db: Db, input: DocumentInput, schoolId: number): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (input.document_date !== null && input.document_date > todayIso())
    errors.document_date = 'Дата документа не может быть позже сегодняшнего дня';
  if (input.status !== 'draft') {
    if (input.document_date === null && !errors.document_date)
      errors.document_date = 'Дата документа: укажите дату — без неё документ может быть только черновиком';
    if (NUMBERED.has(input.type) && input.number === null)
      errors.number = `Номер: укажите номер документа «${DOCUMENT_TYPE_LABELS[input.type]}» — без него документ может быть только черновиком`;
  }
  const c = input.concerns;
  if (input.type === 'consent' && (c === null || c.kind === 'pair'))
    errors.concerns = 'Кого касается: выберите наставника или наставляемого, чьё согласие загружаете';
  else if (input.type === 'mentor_agreement' && c?.kind !== 'mentor')
    errors.concerns = 'Кого касается: выберите наставника, с которым заключено соглашение';
  else if (c !== null && !(await concernsSchool(db, c.kind, c.id, schoolId)))
    errors.concerns = 'Кого касается: выберите наставника, наставляемого или пару своей школы из списка';
  // Issue 19: anyone may download a public document, so it is never one about a person or a pair.
  if (input.is_public && (!PUBLIC_DOCUMENT_TYPES.includes(input.type) || c !== null))
    errors.is_public =
      'Публичная страница: показывать всем можно только приказ о внедрении, положение, приказ о дорожной карте или иной документ, не касающийся конкретного человека или пары';
  return errors;
}

function columnsOf(input: DocumentInput) {
  const c = input.concerns;
  return {
    type: input.type,
    number: input.number,
    document_date: input.document_date,
    title: input.title,
    notes: input.notes,
    status: input.status,
    is_public: input.is_public,
    mentor_id: c?.kind === 'mentor' ? c.id : null,
    mentee_id: c?.kind === 'mentee' ? c.id : null,
    pair_id: c?.kind === 'pair' ? c.id : null,
  };
}

async function audit(
  db: Db,
  actor: Actor,
  doc: { id: number; organization_id: number; municipality_id: number | null },
  action: 'create' | 'update',
  fields: string[],
) {
  await recordAudit(db as Kysely<Database>, auditActor(actor), {
    action,
    entityType: 'school_document',
    entityId: doc.id,
    organizationId: doc.organization_id,
    municipalityId: doc.municipality_id,
    changedFields: fields,
  });
}

async function catchUpload(run: () => Promise<SaveResult>): Promise<SaveResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UploadError) return { ok: false, errors: { file: error.message } };
    throw error;
  }
}

/** The curator or head adds a document to its school's register, with its file or without it. */
export async function createDocument(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  input: DocumentInput,
  file: UploadedFile | null,
): Promise<SaveResult> {
  if (!canCreateDocument(actor.user)) throw new ForbiddenError(KEEPER_ONLY);
  const schoolId = actor.user.organizationId;
  const errors = await checkInput(db, input, schoolId);
  if (Object.keys(errors).length) return { ok: false, errors };
  const values = columnsOf(input);
  const insert = async (trx: Transaction<Database>, fileId: number | null): Promise<SaveResult> => {
    const row = await trx
      .insertInto('school_documents')
      .values({ ...values, organization_id: schoolId, file_id: fileId, created_by: actor.user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const fields = Object.entries(values)
      .filter(([, v]) => v !== null)
      .map(([k]) => k);
    await audit(
      trx,
      actor,
      { id: row.id, organization_id: schoolId, municipality_id: actor.user.municipalityId },
      'create',
      fileId === null ? fields : [...fields, 'file_id'],
    );
    return { ok: true, id: row.id };
  };
  if (!file) return db.transaction().execute((trx) => insert(trx, null));
  const upload = { organizationId: schoolId, purpose: 'school_document' as const, ...file };
  return catchUpload(() => storeUploadWith(db, store, actor, upload, (trx, stored) => insert(trx, stored.id)));
}

/**
 * Saves the document: a new file replaces the old one in the same transaction, and the replaced
 * or removed file is deleted after the commit. An order fixing pairs keeps the pairs module's type,
 * number and date.
 */
export async function updateDocument(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  id: number,
  input: DocumentInput,
  change: FileChange,
): Promise<SaveResult> {
  const doc = await getDocumentForEdit(db, actor, id);
  const fixed: DocumentInput =
    doc.pair_order_id === null ? input : { ...input, type: doc.type, number: doc.number, document_date: doc.document_date };
  const errors = await checkInput(db, fixed, doc.organization_id);
  if (Object.keys(errors).length) return { ok: false, errors };
  const values = columnsOf(fixed);
  const changed: string[] = Object.entries(values)
    .filter(([k, v]) => doc[k as keyof typeof values] !== v)
    .map(([k]) => k);
  const dropOld = doc.file_id !== null && (change.file !== null || change.remove);
  if (change.file !== null || dropOld) changed.push('file_id');
  if (changed.length === 0) return { ok: true, id };
  const write = async (trx: Transaction<Database>, fileId: number | null | undefined): Promise<SaveResult> => {
    await trx
      .updateTable('school_documents')
      .set({ ...values, ...(fileId !== undefined ? { file_id: fileId } : {}), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, doc, 'update', changed);
    // Issue 17: a change to the content of an agreed document takes the centre's agreement back.
    const agreementWithdrawn = changed.some((f) => AGREEMENT_CONTENT.has(f))
      ? await revokeOnChange(trx, actor, agreementObject({ ...doc, ...values }))
      : false;
    return { ok: true, id, agreementWithdrawn };
  };
  let result: SaveResult;
  if (change.file !== null) {
    const upload = { organizationId: doc.organization_id, purpose: 'school_document' as const, ...change.file };
    result = await catchUpload(() => storeUploadWith(db, store, actor, upload, (trx, stored) => write(trx, stored.id)));
  } else {
    result = await db.transaction().execute((trx) => write(trx, dropOld ? null : undefined));
  }
  if (result.ok && dropOld && doc.file_id !== null)
    await deleteStoredFile(db, store, actor, doc.file_id, {
      organizationId: doc.organization_id,
      municipalityId: doc.municipality_id,
    });
  return result;
}

/** The document's file, for a reader of the document; 404 when there is none. */
export async function documentFile(db: Kysely<Database>, actor: Actor, id: number): Promise<StoredFile> {
  const doc = await getDocument(db, actor, id);
  const file = doc.file_id === null ? undefined : await findStoredFile(db, doc.file_id);
  if (!file) throw new NotFoundError();
  return file;
}

/**
 * The order fixing pairs just recorded in the pairs module, as an entry of the school's register
 * (in the act's transaction; once per order).
 */
export async function recordPairOrderDocument(
  trx: Transaction<Database>,
  actor: Actor,
  order: { id: number; organizationId: number; municipalityId: number | null; number: string; date: string },
): Promise<void> {
  const row = await trx
    .insertInto('school_documents')
    .values({
      organization_id: order.organizationId,
      type: 'pairs_order',
      number: order.number,
      document_date: order.date,
      status: 'active',
      pair_order_id: order.id,
      created_by: actor.user.id,
    })
    .onConflict((oc) => oc.column('pair_order_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row)
    await audit(
      trx,
      actor,
      { id: row.id, organization_id: order.organizationId, municipality_id: order.municipalityId },
      'create',
      ['type', 'number', 'document_date', 'status', 'pair_order_id'],
    );
}

function municipalityOf(actor: Actor): number {
  if (!readsMunicipalDocuments(actor.user) || actor.user.municipalityId === null) throw new NotFoundError();
  return actor.user.municipalityId;
}

/** The matrix schools × required types of the actor's municipality (coordinator, department). */
export async function requirementsMatrix(db: Kysely<Database>, actor: Actor) {
  const municipalityId = municipalityOf(actor);
  const types = await requiredTypes(db, municipalityId);
  const ordered = (Object.keys(DOCUMENT_TYPE_LABELS) as SchoolDocumentType[]).filter((t) => types.includes(t));
  const schools = await documentMatrix(db, municipalityId, ordered);
  const complete = schools.filter((s) => ordered.every((t) => (s.cells[t]?.active ?? 0) > 0)).length;
  return { types: ordered, schools, complete, canSet: canSetDocumentRequirements(actor.user) };
}

/** The coordinator declares the package of types every school must have; audited when it changes. */
export async function setRequirements(db: Kysely<Database>, actor: Actor, types: SchoolDocumentType[]): Promise<void> {
  if (!canSetDocumentRequirements(actor.user) || actor.user.municipalityId === null)
    throw new ForbiddenError('Перечень обязательных документов задаёт методический центр.');
  const municipalityId = actor.user.municipalityId;
  const wanted = [...new Set(types)];
  await db.transaction().execute(async (trx) => {
    const before = await requiredTypes(trx, municipalityId);
    const removed = before.filter((t) => !wanted.includes(t));
    const added = wanted.filter((t) => !before.includes(t));
    if (removed.length === 0 && added.length === 0) return;
    if (removed.length)
      await trx
        .deleteFrom('document_requirements')
        .where('municipality_id', '=', municipalityId)
        .where('type', 'in', removed)
        .execute();
    if (added.length)
      await trx
        .insertInto('document_requirements')
        .values(added.map((type) => ({ municipality_id: municipalityId, type, created_by: actor.user.id })))
        .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'document_requirements',
      entityId: municipalityId,
      organizationId: municipalityId,
      municipalityId,
      changedFields: ['types'],
    });
  });
}

/**
 * A person's personal data erased (consent withdrawn, the person left): the scans of its consent
 * forms go with them — the rows and their files, each audited, in the erasure's transaction. The
 * stored bytes' keys are returned for the caller to remove after the commit. Other documents
 * concerning the person (an additional agreement) are the school's records and stay.
 */
export async function dropConsentsOf(
  trx: Transaction<Database>,
  actor: Actor,
  person: { kind: 'mentor' | 'mentee'; id: number; organizationId: number; municipalityId: number | null },
): Promise<string[]> {
  const docs = await trx
    .deleteFrom('school_documents')
    .where(person.kind === 'mentor' ? 'mentor_id' : 'mentee_id', '=', person.id)
    .where('type', '=', 'consent')
    .returning(['id', 'file_id'])
    .execute();
  const keys: string[] = [];
  for (const doc of docs) {
    await recordAudit(trx, auditActor(actor), {
      action: 'delete',
      entityType: 'school_document',
      entityId: doc.id,
      organizationId: person.organizationId,
      municipalityId: person.municipalityId,
      changedFields: ['type', person.kind === 'mentor' ? 'mentor_id' : 'mentee_id', 'file_id'],
    });
    if (doc.file_id === null) continue;
    const file = await trx.deleteFrom('files').where('id', '=', doc.file_id).returning(['id', 'storage_key']).executeTakeFirst();
    if (!file) continue;
    keys.push(file.storage_key);
    await recordAudit(trx, auditActor(actor), {
      action: 'delete',
      entityType: 'file',
      entityId: file.id,
      organizationId: person.organizationId,
      municipalityId: person.municipalityId,
      changedFields: ['purpose', 'original_name'],
    });
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Issue 17: agreement by the methodological centre (centre-agreements/service.ts).

/** The types a school sends to the centre for agreement: the orders, the Положение, the minutes. */
export const AGREEABLE_TYPES: ReadonlySet<SchoolDocumentType> = new Set([
  'implementation_order',
  'regulation',
  'curator_order',
  'mentors_order',
  'pairs_order',
  'roadmap_order',
  'council_minutes',
]);

/** The fields whose change takes an agreement back (title, notes and status do not). */
const AGREEMENT_CONTENT: ReadonlySet<string> = new Set([
  'type',
  'number',
  'document_date',
  'file_id',
  'mentor_id',
  'mentee_id',
  'pair_id',
]);

/** Why the document cannot be sent for agreement, or null when it can. Pure. */
export function agreementBlocker(doc: Pick<DocumentRow, 'type' | 'status' | 'file_id'>): string | null {
  if (!AGREEABLE_TYPES.has(doc.type))
    return `Документ «${DOCUMENT_TYPE_LABELS[doc.type]}» не отправляют на согласование: методический центр согласует приказы, положение о наставничестве и протоколы.`;
  if (doc.status === 'void') return 'Документ утратил силу: отправлять его на согласование не нужно.';
  if (doc.file_id === null)
    return 'Приложите файл документа, чтобы отправить его на согласование: методическому центру нужно его прочитать.';
  return null;
}

function agreementObject(doc: DocumentRow): AgreementObject {
  return {
    type: 'document',
    id: doc.id,
    title: documentHeading(doc),
    schoolName: doc.organization_name,
    link: `/documents/${doc.id}`,
    organization_id: doc.organization_id,
    municipality_id: doc.municipality_id,
    subject: { type: 'school_document', ref: refOf(doc) },
  };
}

/** The school's curator sends its document to the centre: 404 outside what it reads, 403 another role; only the types above, with a file. */
export async function sendDocumentForAgreement(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  note: string | null,
): Promise<AgreementResult> {
  const doc = await getDocument(db, actor, id);
  ensureMaySend(actor, doc);
  const blocker = agreementBlocker(doc);
  if (blocker) return { ok: false, message: blocker };
  return sendForAgreement(db, actor, agreementObject(doc), note);
}

/** The coordinator of the document's municipality agrees it or returns it with a comment. */
export async function answerDocumentAgreement(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  outcome: 'agreed' | 'returned',
  comment: string | null,
): Promise<AgreementResult> {
  const doc = await getDocument(db, actor, id);
  ensureMayAnswer(actor, doc);
  return answerAgreement(db, actor, agreementObject(doc), outcome, comment);
}

/**
 * The document page's panel of the centre's agreement, for its school and municipality; null for
 * others, and for a type never sent that cannot be (a consent scan).
 */
export async function documentAgreement(db: Kysely<Database>, actor: Actor, doc: DocumentRow) {
  const panel = await agreementPanel(db, actor, {
    type: 'document',
    id: doc.id,
    organization_id: doc.organization_id,
    municipality_id: doc.municipality_id,
  });
  if (panel === null || (panel.state === 'none' && !AGREEABLE_TYPES.has(doc.type))) return null;
  const blocker = agreementBlocker(doc);
  return { ...panel, canSend: panel.canSend && blocker === null, blocker: panel.canSend ? blocker : null };
}
