/**
 * The library of model documents of a municipality, and the school's documents filled from them
 * (issue 17).
 *
 * - The coordinator publishes a model (title, the school document type it models, description, the
 *   file: DOCX, PDF or ODT), edits it, withdraws it and publishes it again; each act is audited. The
 *   schools' curators and heads and the department read the published models of their municipality.
 * - For the documents whose data the portal knows, a .docx is filled with the school's data: the
 *   order appointing the curator, the order appointing the mentors (the school's base: active, with
 *   consent) and the Положение (the school's forms of mentoring, the curator). The school's curator
 *   and head get them for their school, the coordinator for any school of its municipality; the
 *   curator and head may save one straight into the school's register as a draft (the file stored).
 * - The import templates of the bases are the people module's (/mentors/template.xlsx,
 *   /mentees/template.xlsx): the library links them rather than keeping copies.
 */

import type { Kysely, Transaction } from 'kysely';
import {
  canCreateDocument,
  canFillSchoolDocuments,
  canManageModelDocuments,
  canSaveFilledDocument,
  canViewModelDocument,
  mayOpen,
} from '../../access/policy.js';
import type { Database, ModelDocumentStatus, SchoolDocumentType, StoredFile } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { nameFormsOf } from '../../lib/declension.js';
import { type FileStore, formatFileSize, UploadError } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { createDocument } from '../documents/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { deleteStoredFile, findStoredFile, storeUploadWith } from '../files/service.js';
import { MENTOR_CATEGORY_LABELS, MENTORING_FORM_LABELS, MENTORING_FORMS, type MentoringForm } from '../people/labels.js';
import {
  type AppointedMentor,
  buildCuratorOrderModel,
  buildMentorsOrderModel,
  buildRegulationModel,
  type FilledSchool,
  type NamedPerson,
  orderDocx,
  regulationDocx,
} from './filled-docx.js';
import { FILLED_KINDS, type FilledKind } from './labels.js';
import {
  appointableMentors,
  findModel,
  findSchool,
  listModels,
  type ModelRow,
  municipalSchools,
  type SchoolRow,
  schoolCurators,
  schoolForms,
} from './queries.js';
import type { FillInput, ModelInput, ModelListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

const MANAGER_ONLY = 'Типовые документы публикует методический центр.';

// ---------------------------------------------------------------------------------------------
// The library

/** The schools whose documents the user may fill: the coordinator's municipality's, or its own school. */
export async function fillableSchools(db: Kysely<Database>, actor: Actor): Promise<Array<{ id: number; short_name: string }>> {
  const user = actor.user;
  if (canManageModelDocuments(user) && user.municipalityId !== null) return municipalSchools(db, user.municipalityId);
  return canFillSchoolDocuments(user, { id: user.organizationId, municipality_id: user.municipalityId })
    ? [{ id: user.organizationId, short_name: user.organizationName }]
    : [];
}

export async function modelLibrary(db: Kysely<Database>, actor: Actor, query: ModelListQuery) {
  return {
    page: await listModels(db, actor.user, query),
    canManage: canManageModelDocuments(actor.user),
    schools: await fillableSchools(db, actor),
    /** The import templates of the bases, for those who open the bases. */
    templates: mayOpen(actor.user, 'people'),
  };
}

/** A model the actor may read: 404 otherwise (another municipality's, or withdrawn for a reader). */
export async function getModel(db: Kysely<Database>, actor: Actor, id: number): Promise<ModelRow> {
  const doc = await findModel(db, id);
  if (!doc || !canViewModelDocument(actor.user, doc)) throw new NotFoundError();
  return doc;
}

/** A model the coordinator keeps: 404 outside what the actor reads, 403 inside it. */
export async function getModelForEdit(db: Kysely<Database>, actor: Actor, id: number): Promise<ModelRow> {
  const doc = await getModel(db, actor, id);
  if (!canManageModelDocuments(actor.user)) throw new ForbiddenError(MANAGER_ONLY);
  return doc;
}

/** What a page shows of the model's file: name, size, link; null without one. */
export function modelFileInfo(doc: ModelRow): { name: string; size: string; href: string } | null {
  return doc.file_id !== null && doc.file_name !== null
    ? { name: doc.file_name, size: formatFileSize(doc.file_size ?? 0), href: `/documents/models/${doc.id}/file` }
    : null;
}

/** The model's file, for a reader of the model; 404 when there is none. */
export async function modelFile(db: Kysely<Database>, actor: Actor, id: number): Promise<StoredFile> {
  const doc = await getModel(db, actor, id);
  const file = doc.file_id === null ? undefined : await findStoredFile(db, doc.file_id);
  if (!file) throw new NotFoundError();
  return file;
}

async function audit(
  db: Db,
  actor: Actor,
  doc: { id: number; municipality_id: number },
  action: 'create' | 'update' | 'publish' | 'unpublish',
  fields: string[],
) {
  await recordAudit(db as Kysely<Database>, auditActor(actor), {
    action,
    entityType: 'model_document',
    entityId: doc.id,
    organizationId: doc.municipality_id,
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

function municipalityOf(actor: Actor): number {
  if (!canManageModelDocuments(actor.user) || actor.user.municipalityId === null) throw new ForbiddenError(MANAGER_ONLY);
  return actor.user.municipalityId;
}

/** The coordinator publishes a model with its file (the file is required: a model is its file). */
export async function createModel(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  input: ModelInput,
  file: UploadedFile | null,
): Promise<SaveResult> {
  const municipalityId = municipalityOf(actor);
  if (!file) return { ok: false, errors: { file: 'Файл образца: выберите файл DOCX, PDF или ODT' } };
  const upload = { organizationId: municipalityId, purpose: 'model_document' as const, ...file };
  return catchUpload(() =>
    storeUploadWith(db, store, actor, upload, async (trx, stored) => {
      const row = await trx
        .insertInto('model_documents')
        .values({ ...input, municipality_id: municipalityId, file_id: stored.id, created_by: actor.user.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      const fields = ['title', 'type', ...(input.description ? ['description'] : []), 'file_id', 'status'];
      await audit(trx, actor, { id: row.id, municipality_id: municipalityId }, 'create', fields);
      return { ok: true as const, id: row.id };
    }),
  );
}

/** Saves the model; a new file replaces the old one, which is deleted after the commit. */
export async function updateModel(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  id: number,
  input: ModelInput,
  file: UploadedFile | null,
): Promise<SaveResult> {
  const doc = await getModelForEdit(db, actor, id);
  const changed = (Object.keys(input) as Array<keyof ModelInput>).filter((k) => doc[k] !== input[k]) as string[];
  if (file) changed.push('file_id');
  if (changed.length === 0) return { ok: true, id };
  const write = async (trx: Transaction<Database>, fileId: number | undefined): Promise<SaveResult> => {
    await trx
      .updateTable('model_documents')
      .set({ ...input, ...(fileId !== undefined ? { file_id: fileId } : {}), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, doc, 'update', changed);
    return { ok: true, id };
  };
  if (!file) return db.transaction().execute((trx) => write(trx, undefined));
  const upload = { organizationId: doc.municipality_id, purpose: 'model_document' as const, ...file };
  const result = await catchUpload(() => storeUploadWith(db, store, actor, upload, (trx, stored) => write(trx, stored.id)));
  if (result.ok && doc.file_id !== null)
    await deleteStoredFile(db, store, actor, doc.file_id, {
      organizationId: doc.municipality_id,
      municipalityId: doc.municipality_id,
    });
  return result;
}

/** Withdraws a model from the schools, or publishes it again; audited when the status changes. */
export async function setModelStatus(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  status: ModelDocumentStatus,
): Promise<boolean> {
  const doc = await getModelForEdit(db, actor, id);
  if (doc.status === status) return false;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('model_documents').set({ status, updated_at: new Date() }).where('id', '=', id).execute();
    await audit(trx, actor, doc, status === 'published' ? 'publish' : 'unpublish', ['status']);
  });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Documents filled with a school's data

/** The school whose documents the actor fills: 404 outside what it may fill. */
async function fillableSchool(db: Kysely<Database>, actor: Actor, schoolId: number): Promise<SchoolRow> {
  const school = await findSchool(db, schoolId);
  if (!school || !canFillSchoolDocuments(actor.user, school)) throw new NotFoundError();
  return school;
}

/** What the filling page shows: the school, its curators to choose from, its mentors and forms. */
export async function fillPage(db: Kysely<Database>, actor: Actor, schoolId: number) {
  const school = await fillableSchool(db, actor, schoolId);
  return {
    school,
    curators: await schoolCurators(db, school.id),
    mentorCount: (await appointableMentors(db, school.id)).length,
    schoolForms: orderedForms(await schoolForms(db, school.id)),
    canSave: canSaveFilledDocument(actor.user, school) && canCreateDocument(actor.user),
  };
}

function orderedForms(codes: string[]): MentoringForm[] {
  return MENTORING_FORMS.filter((f) => codes.includes(f));
}

function filledSchool(school: SchoolRow): FilledSchool {
  const forms = nameFormsOf(school);
  return {
    fullName: school.full_name,
    genitive: forms.genitive,
    prepositional: forms.prepositional,
    shortName: school.short_name,
    municipalityName: school.municipality_name ?? '',
    headName: school.head_name,
    headPosition: school.head_position,
  };
}

const fullName = (p: { last_name: string; first_name: string; middle_name: string | null }) =>
  [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');

/** The curator a document names: a curator account of the school, or a name typed in, or none (blanks). */
async function curatorOf(
  db: Db,
  schoolId: number,
  input: FillInput,
): Promise<{ ok: true; curator: NamedPerson | null } | { ok: false; errors: FieldErrors }> {
  if (input.curator !== null) {
    const curator = (await schoolCurators(db, schoolId)).find((c) => c.id === input.curator);
    if (!curator) return { ok: false, errors: { curator: 'Куратор: выберите куратора школы из списка' } };
    return { ok: true, curator: { name: curator.full_name, position: curator.position } };
  }
  if (input.curator_name) return { ok: true, curator: { name: input.curator_name, position: input.curator_position } };
  if (input.curator_position) return { ok: false, errors: { curator_name: 'ФИО куратора: укажите ФИО вместе с должностью' } };
  return { ok: true, curator: null };
}

export type FilledResult =
  | { ok: true; data: Buffer; fileName: string; type: SchoolDocumentType }
  | { ok: false; errors: FieldErrors };

/** The .docx of one filled document for the school, or the field errors of the choices. */
export async function filledDocument(
  db: Kysely<Database>,
  actor: Actor,
  schoolId: number,
  kind: FilledKind,
  input: FillInput,
): Promise<FilledResult> {
  const school = await fillableSchool(db, actor, schoolId);
  const chosen = await curatorOf(db, school.id, input);
  if (!chosen.ok) return chosen;
  const curator = chosen.curator;
  const data = filledSchool(school);
  const { fileName, type } = FILLED_KINDS[kind];
  if (kind === 'curator-order') return { ok: true, fileName, type, data: await orderDocx(buildCuratorOrderModel(data, curator)) };
  if (kind === 'mentors-order') {
    const mentors: AppointedMentor[] = (await appointableMentors(db, school.id)).map((m) => ({
      name: fullName(m),
      position: m.position?.trim() || MENTOR_CATEGORY_LABELS[m.category],
      forms: orderedForms(m.forms)
        .map((f) => MENTORING_FORM_LABELS[f])
        .join(', '),
    }));
    return { ok: true, fileName, type, data: await orderDocx(buildMentorsOrderModel(data, mentors, curator)) };
  }
  const codes = input.form.length ? orderedForms(input.form) : orderedForms(await schoolForms(db, school.id));
  const forms = codes.map((code) => ({ code, label: MENTORING_FORM_LABELS[code] }));
  return { ok: true, fileName, type, data: await regulationDocx(buildRegulationModel(data, forms, curator)) };
}

/**
 * The filled document saved into the school's register as a draft with its file (the register's
 * own act: its rules, its audit line, one transaction). The school's curator and head only.
 */
export async function saveFilledDocument(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  schoolId: number,
  kind: FilledKind,
  input: FillInput,
): Promise<SaveResult> {
  const school = await fillableSchool(db, actor, schoolId);
  if (!canSaveFilledDocument(actor.user, school))
    throw new ForbiddenError('Документ в реестр школы вносят её куратор и руководитель.');
  const filled = await filledDocument(db, actor, schoolId, kind, input);
  if (!filled.ok) return filled;
  return createDocument(
    db,
    store,
    actor,
    {
      type: filled.type,
      number: null,
      document_date: null,
      title: FILLED_KINDS[kind].label,
      notes: 'Сформирован на портале по типовому образцу: проверьте, подпишите и приложите подписанный скан.',
      status: 'draft',
      concerns: null,
      is_public: false,
    },
    { fileName: filled.fileName, data: filled.data, truncated: false },
  );
}
