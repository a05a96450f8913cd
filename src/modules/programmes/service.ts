/**
 * Mentoring programmes of a school and the district bank of effective programmes.
 *
 * The way through the bank: none -> submitted (the curator offers it; the document must be
 * attached) -> accepted (the coordinator takes it into the bank: every school of the municipality
 * reads it) or returned (with a comment the school reads) -> submitted again, and so on.
 *
 * Decisions:
 * - A submitted programme is frozen while the coordinator reviews it: editing it is a 409, so the
 *   coordinator decides on what was offered. Archiving it withdraws the offer (back to «none»).
 * - An accepted programme may be edited by its school and stays in the bank: the methodological
 *   centre took the programme, not one wording of it; each edit is an audit line naming the fields,
 *   which the coordinator reads in the log. Its document can be replaced but not removed, so the
 *   bank never holds a programme without its document.
 * - An archived programme leaves the daily lists and the bank's list, but stays readable by its
 *   link (pairs keep pointing at it), and its document stays downloadable.
 */

import type { Kysely, Transaction } from 'kysely';
import {
  canCreateProgramme,
  canEditProgramme,
  canReviewProgramme,
  canViewProgramme,
  keepsReviewQueue,
  readsMunicipalProgrammes,
  seesProgrammeReview,
} from '../../access/policy.js';
import type { Database, ProgrammeBankStatus, StoredFile } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import type { Page } from '../../lib/pagination.js';
import { type FileStore, formatFileSize, UploadError } from '../../lib/uploads.js';
import { notifyProgrammeReviewed } from '../notifications/reminders.js';
import { type Actor, type AuditAction, auditActor, recordAudit } from '../audit/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { deleteStoredFile, findStoredFile, storeUploadWith } from '../files/service.js';
import { organizationOptions } from '../organizations/queries.js';
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
import {
  findProgramme,
  listProgrammes,
  type ProgrammeListRow,
  type ProgrammeRow,
  pairCount,
  reviewerName,
  reviewQueueSize,
} from './queries.js';
import type { ProgrammeInput, ProgrammeListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export type SaveResult = { ok: true; id: number; agreementWithdrawn?: boolean } | { ok: false; errors: FieldErrors };

/** The programme's document as sent with the form: a new one, or «remove the attached one». */
export interface FileChange {
  file: UploadedFile | null;
  remove: boolean;
}

const KEEPER_ONLY = 'Программы наставничества ведёт куратор своей образовательной организации.';
export const UNDER_REVIEW =
  'Программа на рассмотрении в методическом центре: изменить её можно после решения — включения в банк или возврата на доработку.';
export const FILE_REQUIRED =
  'Приложите файл программы (PDF, DOCX или ODT до 20 МБ) на странице её изменения: без документа программу нельзя предложить в банк эффективных программ.';
const KEEP_BANK_FILE = 'Программа в банке эффективных программ: её файл можно заменить новым, но не удалить.';

/** A programme the actor may read: 404 otherwise, whether it exists or not. */
export async function getProgramme(db: Kysely<Database>, actor: Actor, id: number): Promise<ProgrammeRow> {
  const programme = await findProgramme(db, actor.user, id);
  if (!programme || !canViewProgramme(actor.user, programme)) throw new NotFoundError();
  return programme;
}

/**
 * The list of programmes: a school's own, or (municipality roles) every school's with the schools
 * to filter by; the coordinator is told how many wait for its decision.
 */
export async function programmeList(
  db: Kysely<Database>,
  actor: Actor,
  query: ProgrammeListQuery,
): Promise<{
  municipal: boolean;
  page: Page<ProgrammeListRow>;
  schools: Array<{ id: number; short_name: string }>;
  queue: number | null;
}> {
  const municipal = readsMunicipalProgrammes(actor.user);
  const { submitted, ...page } = await listProgrammes(db, actor.user, query);
  // The list as it opens (current programmes of every school) holds the whole queue: its count is the queue's.
  const wholeList = query.org === undefined && query.bank === undefined && !query.archived;
  return {
    municipal,
    page,
    schools: municipal ? await organizationOptions(db, actor.user, ['school']) : [],
    queue: keepsReviewQueue(actor.user) ? (wholeList ? submitted : await reviewQueueSize(db, actor.user)) : null,
  };
}

/** What a programme's page shows its own school and the municipality besides: who reviewed it, how many pairs work by it. */
export async function programmeSurroundings(
  db: Kysely<Database>,
  actor: Actor,
  programme: ProgrammeRow,
): Promise<{ seesReview: boolean; reviewer: string | null; pairs: number | null }> {
  const seesReview = seesProgrammeReview(actor.user, programme);
  if (!seesReview) return { seesReview, reviewer: null, pairs: null };
  return { seesReview, reviewer: await reviewerName(db, programme.bank_reviewed_by), pairs: await pairCount(db, programme.id) };
}

/** What a page shows of the programme's document, to whoever reads the programme: its name, size and download link. */
export async function programmeDocument(
  db: Kysely<Database>,
  actor: Actor,
  programme: ProgrammeRow,
): Promise<{ name: string; size: string; href: string } | null> {
  if (!canViewProgramme(actor.user, programme)) throw new NotFoundError();
  if (programme.file_id === null) return null;
  const file = await findStoredFile(db, programme.file_id);
  return file
    ? { name: file.original_name, size: formatFileSize(file.size_bytes), href: `/programmes/${programme.id}/file` }
    : null;
}

/** A programme the actor keeps (its school's curator): 404 outside the scope, 403 inside it. */
export async function getProgrammeForChange(db: Kysely<Database>, actor: Actor, id: number): Promise<ProgrammeRow> {
  const programme = await getProgramme(db, actor, id);
  if (!canEditProgramme(actor.user, programme)) throw new ForbiddenError(KEEPER_ONLY);
  return programme;
}

/** The same, for the edit form: a programme under review cannot be changed (409). */
export async function getProgrammeForEdit(db: Kysely<Database>, actor: Actor, id: number): Promise<ProgrammeRow> {
  const programme = await getProgrammeForChange(db, actor, id);
  if (programme.bank_status === 'submitted') throw new ConflictError(UNDER_REVIEW);
  return programme;
}

async function audit(
  db: Db,
  actor: Actor,
  programme: { id: number; organization_id: number; municipality_id: number | null },
  action: AuditAction,
  fields: string[],
) {
  await recordAudit(db as Kysely<Database>, auditActor(actor), {
    action,
    entityType: 'programme',
    entityId: programme.id,
    organizationId: programme.organization_id,
    municipalityId: programme.municipality_id,
    changedFields: fields,
  });
}

/** A refused document (UploadError) as the message at the form's file field. */
async function catchUpload(run: () => Promise<SaveResult>): Promise<SaveResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UploadError) return { ok: false, errors: { file: error.message } };
    throw error;
  }
}

/** A curator adds a programme of its school, with its document or without it (attached later). */
export async function createProgramme(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  input: ProgrammeInput,
  file: UploadedFile | null,
): Promise<SaveResult> {
  if (!canCreateProgramme(actor.user)) throw new ForbiddenError(KEEPER_ONLY);
  const schoolId = actor.user.organizationId;
  const municipalityId = actor.user.municipalityId;
  const insert = async (trx: Transaction<Database>, fileId: number | null): Promise<SaveResult> => {
    const row = await trx
      .insertInto('programmes')
      .values({ ...input, organization_id: schoolId, file_id: fileId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const fields = Object.keys(input).filter((key) => input[key as keyof ProgrammeInput] !== null);
    await audit(
      trx,
      actor,
      { id: row.id, organization_id: schoolId, municipality_id: municipalityId },
      'create',
      fileId === null ? fields : [...fields, 'file_id'],
    );
    return { ok: true, id: row.id };
  };
  if (!file) return db.transaction().execute((trx) => insert(trx, null));
  const upload = { organizationId: schoolId, purpose: 'programme' as const, ...file };
  return catchUpload(() => storeUploadWith(db, store, actor, upload, (trx, stored) => insert(trx, stored.id)));
}

const CONTENT_FIELDS = ['title', 'form', 'target_group', 'goals', 'duration', 'expected_results'] as const;

/**
 * Saves the programme with its document: a new file replaces the old one in the same transaction
 * (storeUploadWith), and a replaced or removed document is deleted after the commit.
 */
export async function updateProgramme(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  id: number,
  input: ProgrammeInput,
  change: FileChange,
): Promise<SaveResult> {
  const programme = await getProgrammeForEdit(db, actor, id);
  if (change.remove && !change.file && programme.file_id !== null && programme.bank_status === 'accepted') {
    return { ok: false, errors: { file: KEEP_BANK_FILE } };
  }
  const changed: string[] = CONTENT_FIELDS.filter((f) => programme[f] !== input[f]);
  const dropOld = programme.file_id !== null && (change.file !== null || change.remove);
  if (change.file !== null || dropOld) changed.push('file_id');
  if (changed.length === 0) return { ok: true, id };
  const write = async (trx: Transaction<Database>, fileId: number | null | undefined): Promise<SaveResult> => {
    // The offer may have been sent since the form was opened: then nothing is written.
    const updated = await trx
      .updateTable('programmes')
      .set({ ...input, ...(fileId !== undefined ? { file_id: fileId } : {}), updated_at: new Date() })
      .where('id', '=', id)
      .where('bank_status', '<>', 'submitted')
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new ConflictError(UNDER_REVIEW);
    await audit(trx, actor, programme, 'update', changed);
    // Issue 17: a change after the centre agreed the programme takes the agreement back.
    const agreementWithdrawn = await revokeOnChange(trx, actor, agreementObject({ ...programme, ...input }));
    return { ok: true, id, agreementWithdrawn };
  };
  let result: SaveResult;
  if (change.file !== null) {
    const upload = { organizationId: programme.organization_id, purpose: 'programme' as const, ...change.file };
    result = await catchUpload(() => storeUploadWith(db, store, actor, upload, (trx, stored) => write(trx, stored.id)));
  } else {
    result = await db.transaction().execute((trx) => write(trx, dropOld ? null : undefined));
  }
  if (result.ok && dropOld && programme.file_id !== null)
    await deleteStoredFile(db, store, actor, programme.file_id, {
      organizationId: programme.organization_id,
      municipalityId: programme.municipality_id,
    });
  return result;
}

/**
 * Archive (the programme leaves the school's list and the bank's) or restore. Archiving a programme
 * under review withdraws the offer. Returns whether an offer was withdrawn.
 */
export async function setProgrammeArchived(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  archived: boolean,
): Promise<{ withdrawn: boolean }> {
  const programme = await getProgrammeForChange(db, actor, id);
  if ((programme.archived_at !== null) === archived) return { withdrawn: false };
  const withdrawn = archived && programme.bank_status === 'submitted';
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('programmes')
      .set({
        archived_at: archived ? new Date() : null,
        ...(withdrawn ? { bank_status: 'none' as const } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await audit(
      trx,
      actor,
      programme,
      archived ? 'archive' : 'restore',
      withdrawn ? ['archived_at', 'bank_status'] : ['archived_at'],
    );
  });
  return { withdrawn };
}

/** Why the programme cannot be offered to the bank now, or null when it can. */
export function submitBlocker(programme: Pick<ProgrammeRow, 'bank_status' | 'archived_at' | 'file_id'>): string | null {
  if (programme.bank_status === 'submitted') return 'Программа уже на рассмотрении в методическом центре.';
  if (programme.bank_status === 'accepted') return 'Программа уже в банке эффективных программ.';
  if (programme.archived_at !== null) return 'Программа в архиве: верните её из архива, чтобы предложить в банк.';
  if (programme.file_id === null) return FILE_REQUIRED;
  return null;
}

/** The curator offers the programme to the district bank (again, after a return). */
export async function submitProgramme(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  const programme = await getProgrammeForChange(db, actor, id);
  const blocker = submitBlocker(programme);
  if (blocker) throw new ConflictError(blocker);
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('programmes')
      .set({ bank_status: 'submitted', bank_submitted_at: new Date() })
      .where('id', '=', id)
      .where('bank_status', 'in', ['none', 'returned'])
      .where('archived_at', 'is', null)
      .where('file_id', 'is not', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new ConflictError('Программу только что изменили: обновите страницу и попробуйте снова.');
    await audit(trx, actor, programme, 'submit', ['bank_status', 'bank_submitted_at']);
  });
}

export type ReviewDecision = 'accept' | 'return';

/** The programme the actor (the municipality's coordinator) may decide on; 404 / 403 / 409 otherwise. */
export async function getProgrammeForReview(db: Kysely<Database>, actor: Actor, id: number): Promise<ProgrammeRow> {
  const programme = await getProgramme(db, actor, id);
  if (!canReviewProgramme(actor.user, programme))
    throw new ForbiddenError('Программы для банка рассматривает методический центр муниципалитета.');
  if (programme.bank_status !== 'submitted') throw new ConflictError(notAwaiting(programme.bank_status));
  return programme;
}

function notAwaiting(status: ProgrammeBankStatus): string {
  const now: Record<ProgrammeBankStatus, string> = {
    none: 'школа её не предлагала',
    submitted: 'она на рассмотрении',
    accepted: 'она уже в банке',
    returned: 'она возвращена на доработку',
  };
  return `Программа не ждёт решения методического центра: ${now[status]}.`;
}

/**
 * The coordinator's decision: the programme goes into the bank (an optional comment replaces the
 * one of an earlier return) or back to the school with a comment it reads on the programme's page.
 */
export async function reviewProgramme(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  decision: ReviewDecision,
  comment: string | null,
): Promise<void> {
  const programme = await getProgrammeForReview(db, actor, id);
  const reviewedAt = new Date();
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('programmes')
      .set({
        bank_status: decision === 'accept' ? 'accepted' : 'returned',
        bank_comment: comment,
        bank_reviewed_at: reviewedAt,
        bank_reviewed_by: actor.user.id,
      })
      .where('id', '=', id)
      .where('bank_status', '=', 'submitted')
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new ConflictError('Решение по программе уже принято: обновите страницу.');
    const fields = ['bank_status', 'bank_reviewed_at'];
    if ((programme.bank_comment ?? null) !== comment) fields.push('bank_comment');
    await audit(trx, actor, programme, decision, fields);
    await notifyProgrammeReviewed(trx, { actorId: actor.user.id, decision, reviewedAt, comment, programme });
  });
}

/** The programme's document, for a reader of the programme; 404 when there is none. */
export async function programmeFile(db: Kysely<Database>, actor: Actor, id: number): Promise<StoredFile> {
  const programme = await getProgramme(db, actor, id);
  const file = programme.file_id === null ? undefined : await findStoredFile(db, programme.file_id);
  if (!file) throw new NotFoundError();
  return file;
}

// ---------------------------------------------------------------------------------------------
// Issue 17: agreement by the methodological centre (centre-agreements/service.ts).

function agreementObject(programme: ProgrammeRow): AgreementObject {
  return {
    type: 'programme',
    id: programme.id,
    title: programme.title,
    schoolName: programme.organization_name,
    link: `/programmes/${programme.id}`,
    organization_id: programme.organization_id,
    municipality_id: programme.municipality_id,
    subject: { type: 'programme', ref: programme },
  };
}

/** The school's curator sends its programme to the centre: 404 outside the scope, 403 another role; not an archived one. */
export async function sendProgrammeForAgreement(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  note: string | null,
): Promise<AgreementResult> {
  const programme = await getProgramme(db, actor, id);
  ensureMaySend(actor, programme);
  if (programme.archived_at !== null)
    return { ok: false, message: 'Программа в архиве: верните её из архива, чтобы отправить на согласование.' };
  return sendForAgreement(db, actor, agreementObject(programme), note);
}

/** The coordinator of the programme's municipality agrees it or returns it with a comment. */
export async function answerProgrammeAgreement(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  outcome: 'agreed' | 'returned',
  comment: string | null,
): Promise<AgreementResult> {
  const programme = await getProgramme(db, actor, id);
  ensureMayAnswer(actor, programme);
  return answerAgreement(db, actor, agreementObject(programme), outcome, comment);
}

/** The programme page's panel of the centre's agreement, for its school and municipality; null for others. */
export function programmeAgreement(db: Kysely<Database>, actor: Actor, programme: ProgrammeRow) {
  return agreementPanel(db, actor, {
    type: 'programme',
    id: programme.id,
    organization_id: programme.organization_id,
    municipality_id: programme.municipality_id,
  });
}
