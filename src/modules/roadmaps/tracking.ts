/**
 * Tracking a roadmap: the status of an item with its evidence (a comment, a link, a document), and
 * of each yearly occurrence of a recurring item.
 */

import type { Kysely, Transaction } from 'kysely';
import type { Database, RoadmapItem, RoadmapItemStatus, StoredFile } from '../../db/types.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import type { FileStore } from '../../lib/uploads.js';
import type { Actor } from '../audit/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { findStoredFile, storeUploadWith } from '../files/service.js';
import type { Deadline } from './deadline.js';
import { evidenceDocument, loadItem } from './items.js';
import { isOccurrenceOverdue, type Occurrence, occurrencesOf } from './overdue.js';
import { findOccurrence, occurrenceRows, type RoadmapRow } from './queries.js';
import type { StatusInput } from './schemas.js';
import { auditRoadmap, editableRoadmap, loadRoadmap } from './service.js';

/** A document given as evidence with a status: attached, replaced or removed with it. */
export interface EvidenceChange {
  file: UploadedFile | null;
  /** «Удалить файл» ticked: the stored document goes (a new file replaces it anyway). */
  remove: boolean;
}

const NO_EVIDENCE_CHANGE: EvidenceChange = { file: null, remove: false };

/**
 * Saves the status of an item with its evidence; a document attached goes in the same transaction
 * (storeUploadWith). A replaced or removed document is deleted after the commit. UploadError (a
 * Russian message about the file) reaches the caller, and nothing is changed then.
 */
export async function setItemStatus(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  input: StatusInput,
  evidence: EvidenceChange = NO_EVIDENCE_CHANGE,
): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  if (item.kind !== 'item') throw new ConflictError('Статус ставится мероприятию, а не разделу.');
  const changed: string[] = (['status', 'completed_on', 'evidence_comment', 'evidence_link'] as const).filter(
    (f) => item[f] !== input[f],
  );
  const dropOld = item.evidence_file_id !== null && (evidence.file !== null || evidence.remove);
  if (evidence.file !== null || dropOld) changed.push('evidence_file');
  if (changed.length === 0) return;
  const write = async (trx: Transaction<Database>, fileId: number | null | undefined) => {
    await trx
      .updateTable('roadmap_items')
      .set({ ...input, ...(fileId !== undefined ? { evidence_file_id: fileId } : {}), updated_at: new Date() })
      .where('id', '=', itemId)
      .execute();
    await auditRoadmap(trx, actor, roadmap, {
      action: 'update',
      entityType: 'roadmap_item',
      entityId: itemId,
      changedFields: changed,
    });
    await touch(trx, roadmapId);
  };
  if (evidence.file !== null) {
    const upload = { organizationId: roadmap.organization_id, purpose: 'roadmap_evidence' as const, ...evidence.file };
    await storeUploadWith(db, store, actor, upload, (trx, file) => write(trx, file.id));
  } else {
    await db.transaction().execute((trx) => write(trx, dropOld ? null : undefined));
  }
  if (dropOld && item.evidence_file_id !== null) await deleteFile(db, store, actor, roadmap, item.evidence_file_id);
}

/** Deletes a stored document no row names any more: its row, its bytes, an audit line. */
async function deleteFile(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  roadmap: RoadmapRow,
  fileId: number,
): Promise<void> {
  const file = await db.deleteFrom('files').where('id', '=', fileId).returning(['id', 'storage_key']).executeTakeFirst();
  if (!file) return;
  await auditRoadmap(db, actor, roadmap, {
    action: 'delete',
    entityType: 'file',
    entityId: file.id,
    changedFields: ['purpose', 'original_name'],
  });
  await store.remove(file.storage_key);
}

/** The evidence document of an item or of one occurrence, for a reader of the roadmap; else 404. */
export async function evidenceFile(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  due: string | null,
): Promise<StoredFile> {
  await loadRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  const fileId = due === null ? item.evidence_file_id : ((await findOccurrence(db, itemId, due))?.evidence_file_id ?? null);
  const file = fileId === null ? undefined : await findStoredFile(db, fileId);
  if (!file) throw new NotFoundError();
  return file;
}

async function touch(trx: Transaction<Database>, roadmapId: number): Promise<void> {
  await trx.updateTable('roadmaps').set({ updated_at: new Date() }).where('id', '=', roadmapId).execute();
}

/** One yearly occurrence of a recurring item with its tracking («не начато» until marked). */
export interface OccurrenceView extends Occurrence {
  status: RoadmapItemStatus;
  completed_on: string | null;
  evidence_comment: string | null;
  evidence_link: string | null;
  evidence_file_id: number | null;
  overdue: boolean;
}

/** The occurrences of a recurring item, tracked or not; [] for any other item. */
async function itemOccurrences(db: Kysely<Database>, item: RoadmapItem, today: string): Promise<OccurrenceView[]> {
  const deadline = item.deadline as Deadline | null;
  if (deadline?.kind !== 'recurring') return [];
  const rows = await occurrenceRows(db, item.id);
  const byDue = new Map(rows.map((r) => [r.due_on, r]));
  const itemClosed = item.status === 'done' || item.status === 'cancelled';
  return occurrencesOf(deadline).map((o) => {
    const row = byDue.get(o.due);
    const status = row?.status ?? 'not_started';
    return {
      ...o,
      status,
      completed_on: row?.completed_on ?? null,
      evidence_comment: row?.evidence_comment ?? null,
      evidence_link: row?.evidence_link ?? null,
      evidence_file_id: row?.evidence_file_id ?? null,
      overdue: !itemClosed && isOccurrenceOverdue(o, status, today),
    };
  });
}

/** Marks one occurrence of a recurring item; 404 when the item has no occurrence due that day. */
export async function setOccurrenceStatus(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  due: string,
  input: StatusInput,
  evidence: EvidenceChange = NO_EVIDENCE_CHANGE,
): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  const deadline = item.deadline as Deadline | null;
  if (item.kind !== 'item' || deadline?.kind !== 'recurring' || !occurrencesOf(deadline).some((o) => o.due === due))
    throw new NotFoundError();
  const existing = await findOccurrence(db, itemId, due);
  const changed: string[] = (['status', 'completed_on', 'evidence_comment', 'evidence_link'] as const).filter((f) =>
    existing ? existing[f] !== input[f] : f === 'status' ? input.status !== 'not_started' : input[f] !== null,
  );
  const oldFile = existing?.evidence_file_id ?? null;
  const dropOld = oldFile !== null && (evidence.file !== null || evidence.remove);
  if (evidence.file !== null || dropOld) changed.push('evidence_file');
  if (changed.length === 0) return;
  const write = async (trx: Transaction<Database>, fileId: number | null | undefined) => {
    const values = { ...input, ...(fileId !== undefined ? { evidence_file_id: fileId } : {}) };
    const row = await trx
      .insertInto('roadmap_occurrences')
      .values({ item_id: itemId, due_on: due, ...values })
      .onConflict((oc) => oc.columns(['item_id', 'due_on']).doUpdateSet({ ...values, updated_at: new Date() }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRoadmap(trx, actor, roadmap, {
      action: existing ? 'update' : 'create',
      entityType: 'roadmap_occurrence',
      entityId: row.id,
      changedFields: changed,
    });
    await touch(trx, roadmapId);
  };
  if (evidence.file !== null) {
    const upload = { organizationId: roadmap.organization_id, purpose: 'roadmap_evidence' as const, ...evidence.file };
    await storeUploadWith(db, store, actor, upload, (trx, file) => write(trx, file.id));
  } else {
    await db.transaction().execute((trx) => write(trx, dropOld ? null : undefined));
  }
  if (dropOld && oldFile !== null) await deleteFile(db, store, actor, roadmap, oldFile);
}

/**
 * One occurrence of a recurring item, for the actor who edits the roadmap: the roadmap, the item,
 * the occurrence with its tracking and its evidence document; 404 for a day the item is not due.
 */
export async function occurrencePage(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  due: string,
  today: string,
) {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  const occurrence = (await itemOccurrences(db, item, today)).find((o) => o.due === due);
  if (!occurrence) throw new NotFoundError();
  const evidenceFile = await evidenceDocument(
    db,
    occurrence.evidence_file_id,
    `/roadmaps/${roadmap.id}/items/${item.id}/occurrences/${occurrence.due}/evidence`,
  );
  return { roadmap, item, occurrence, evidenceFile };
}
