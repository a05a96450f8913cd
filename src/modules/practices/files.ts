/**
 * A practice's materials as files (issue 19): its school's curator uploads them (PDF, DOCX, ODT, and
 * JPEG or PNG pictures checked by content, lib/uploads detectImageType) while the practice
 * is a draft or returned, and removes them then; whoever reads the practice downloads them.
 */

import type { Kysely } from 'kysely';
import type { Database, StoredFile } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import { type FileStore, UploadError } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { deleteStoredFile, storeUploadWith, storedFileOr404 } from '../files/service.js';
import { getEditablePractice, getPractice } from './service.js';

export type FileResult = { ok: true } | { ok: false; message: string };

/** A title for a file sent without one: its name without the extension. */
function titleOf(title: string, fileName: string): string {
  const given = title.trim();
  if (given !== '') return given.slice(0, 300);
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return (base.trim() || 'Материал').slice(0, 300);
}

/** The practice's files, for its page. */
export function practiceFilesOf(db: Kysely<Database>, practiceId: number) {
  return db
    .selectFrom('practice_files')
    .innerJoin('files', 'files.id', 'practice_files.file_id')
    .select(['practice_files.file_id', 'practice_files.title', 'files.original_name', 'files.size_bytes', 'files.media_type'])
    .where('practice_files.practice_id', '=', practiceId)
    .orderBy('practice_files.id')
    .execute();
}

export async function addPracticeFile(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  id: number,
  title: string,
  file: UploadedFile | null,
): Promise<FileResult> {
  const practice = await getEditablePractice(db, actor, id);
  if (!file) return { ok: false, message: 'Файл: выберите файл материала' };
  try {
    await storeUploadWith(
      db,
      store,
      actor,
      { organizationId: practice.organization_id, purpose: 'practice_material', images: true, ...file },
      async (trx, stored) => {
        await trx
          .insertInto('practice_files')
          .values({ practice_id: id, file_id: stored.id, title: titleOf(title, file.fileName), created_by: actor.user.id })
          .execute();
        await recordAudit(trx, auditActor(actor), {
          action: 'update',
          entityType: 'practice',
          entityId: id,
          organizationId: practice.organization_id,
          municipalityId: practice.municipality_id,
          changedFields: ['materials'],
        });
      },
    );
  } catch (error) {
    if (error instanceof UploadError) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true };
}

/** A file of the practice's materials, for whoever reads the practice; else 404. */
export async function practiceFile(db: Kysely<Database>, actor: Actor, id: number, fileId: number): Promise<StoredFile> {
  await getPractice(db, actor, id);
  const link = await db
    .selectFrom('practice_files')
    .select('file_id')
    .where('practice_id', '=', id)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return storedFileOr404(db, link?.file_id);
}

/** The curator removes a file while the practice is editable; the stored file goes with it. */
export async function removePracticeFile(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  id: number,
  fileId: number,
): Promise<void> {
  const practice = await getEditablePractice(db, actor, id);
  const removed = await db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('practice_files')
      .where('practice_id', '=', id)
      .where('file_id', '=', fileId)
      .returning('id')
      .executeTakeFirst();
    if (row)
      await recordAudit(trx, auditActor(actor), {
        action: 'update',
        entityType: 'practice',
        entityId: id,
        organizationId: practice.organization_id,
        municipalityId: practice.municipality_id,
        changedFields: ['materials'],
      });
    return row !== undefined;
  });
  if (!removed) throw new NotFoundError();
  await deleteStoredFile(db, store, actor, fileId, {
    organizationId: practice.organization_id,
    municipalityId: practice.municipality_id,
  });
}
