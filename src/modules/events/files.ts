/**
 * An event's materials as files (issue 18): the organiser uploads them (a programme, a
 * presentation, a resolution), whoever sees the event downloads them, the organiser removes them.
 */

import type { Kysely } from 'kysely';
import type { Database, StoredFile } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import { type FileStore, UploadError } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { deleteStoredFile, storeUploadWith, storedFileOr404 } from '../files/service.js';
import type { ActResult } from './service.js';
import { getEvent, getEventForChange } from './service.js';

/** A title for a file sent without one: its name without the extension. */
function titleOf(title: string, fileName: string): string {
  const given = title.trim();
  if (given !== '') return given.slice(0, 300);
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return (base.trim() || 'Материал').slice(0, 300);
}

/** The organiser adds a file to the event's materials (not to a cancelled one). */
export async function addEventFile(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  id: number,
  title: string,
  file: UploadedFile | null,
): Promise<ActResult> {
  const event = await getEventForChange(db, actor, id);
  if (event.status === 'cancelled') return { ok: false, message: 'Мероприятие отменено: материалы к нему не добавляются' };
  if (!file) return { ok: false, message: 'Файл: выберите файл материала' };
  try {
    await storeUploadWith(
      db,
      store,
      actor,
      { organizationId: event.organizer_id, purpose: 'event_material', ...file },
      async (trx, stored) => {
        await trx
          .insertInto('event_files')
          .values({ event_id: id, file_id: stored.id, title: titleOf(title, file.fileName), created_by: actor.user.id })
          .execute();
        await recordAudit(trx, auditActor(actor), {
          action: 'update',
          entityType: 'event',
          entityId: id,
          organizationId: event.organizer_id,
          municipalityId: event.municipality_id,
          changedFields: ['materials'],
        });
      },
    );
  } catch (error) {
    if (error instanceof UploadError) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true, message: 'Материал добавлен.' };
}

/** A file of the event's materials, for whoever sees the event; else 404. */
export async function eventFile(db: Kysely<Database>, actor: Actor, id: number, fileId: number): Promise<StoredFile> {
  await getEvent(db, actor, id);
  const link = await db
    .selectFrom('event_files')
    .select('file_id')
    .where('event_id', '=', id)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return storedFileOr404(db, link?.file_id);
}

/** The organiser removes a file from the event's materials; the stored file goes with it. */
export async function removeEventFile(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  id: number,
  fileId: number,
): Promise<ActResult> {
  const event = await getEventForChange(db, actor, id);
  const removed = await db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('event_files')
      .where('event_id', '=', id)
      .where('file_id', '=', fileId)
      .returning('id')
      .executeTakeFirst();
    if (row)
      await recordAudit(trx, auditActor(actor), {
        action: 'update',
        entityType: 'event',
        entityId: id,
        organizationId: event.organizer_id,
        municipalityId: event.municipality_id,
        changedFields: ['materials'],
      });
    return row !== undefined;
  });
  if (!removed) throw new NotFoundError();
  await deleteStoredFile(db, store, actor, fileId, { organizationId: event.organizer_id, municipalityId: event.municipality_id });
  return { ok: true, message: 'Материал удалён.' };
}
