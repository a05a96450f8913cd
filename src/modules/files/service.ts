/**
 * Stored documents: the `files` row next to the bytes on disk (src/lib/uploads.ts), the audit line,
 * and the download. Generic: a feature (evidence of a roadmap item, a mentoring programme) keeps
 * the file's id on its own row, checks access to that row in its own route, and only then calls
 * sendStoredFile. There is deliberately no route here that serves a file by its id.
 */

import type { FastifyReply } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Database, FilePurpose, StoredFile } from '../../db/types.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { NotFoundError } from '../../http/errors.js';
import { PDF } from '../../lib/mime.js';
import {
  checkDocument,
  DOCUMENT_TYPES,
  FileNotFoundError,
  type FileStore,
  IMAGE_TYPES,
  safeFileName,
} from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';

/** The download header has one home (http/content-disposition.ts); pairs and indicators still import it from here. */

type Db = Kysely<Database> | Transaction<Database>;

export interface UploadInput {
  /** The organisation whose document it is: access to the file follows it. */
  organizationId: number;
  purpose: FilePurpose;
  /** The name the browser sent; stored cleaned (safeFileName) with the detected extension. */
  fileName: string;
  data: Buffer;
  /** The multipart parser cut the file at its size limit (see uploadedFile). */
  truncated?: boolean;
  /** JPEG and PNG pictures are taken too (checked by content, lib/uploads detectImageType). */
  images?: boolean;
}

/** Field names of the audit line of an upload; never the values. */
const AUDIT_FIELDS = ['purpose', 'original_name', 'media_type', 'size_bytes'];

/**
 * Checks the document (size, type by content; UploadError with a Russian message), writes its
 * bytes, inserts the `files` row and its audit line.
 *
 * Pass a transaction to insert the row together with the caller's own change; on a plain Kysely
 * the row and the audit line get a transaction of their own. When the insert fails, the bytes are
 * removed again. When the caller's transaction rolls back *after* this returned, the row is gone
 * but the bytes stay on disk (an orphan, harmless: nothing names it): use storeUploadWith, which
 * removes them, or call `store.remove(file.storage_key)` yourself.
 */
export async function storeUpload(db: Db, store: FileStore, actor: Actor | null, input: UploadInput): Promise<StoredFile> {
  const type = await checkDocument(input.fileName, input.data, {
    truncated: input.truncated ?? false,
    images: input.images ?? false,
  });
  const saved = await store.save(input.data);
  const insert = async (trx: Db): Promise<StoredFile> => {
    const row = await trx
      .insertInto('files')
      .values({
        organization_id: input.organizationId,
        purpose: input.purpose,
        storage_key: saved.key,
        original_name: safeFileName(input.fileName, type.extension),
        media_type: type.mediaType,
        size_bytes: saved.size,
        sha256: saved.sha256,
        uploaded_by: actor?.user.id ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const org = await trx
      .selectFrom('organizations')
      .select('municipality_id')
      .where('id', '=', row.organization_id)
      .executeTakeFirstOrThrow();
    await recordAudit(trx as Kysely<Database>, actor ? auditActor(actor) : { userId: null, ip: null }, {
      action: 'upload',
      entityType: 'file',
      entityId: row.id,
      organizationId: row.organization_id,
      municipalityId: org.municipality_id,
      changedFields: AUDIT_FIELDS,
    });
    return row;
  };
  try {
    return db.isTransaction ? await insert(db) : await db.transaction().execute(insert);
  } catch (error) {
    await store.remove(saved.key).catch(() => {});
    throw error;
  }
}

/**
 * One transaction in which the document is stored and the caller's change made with it (e.g. the
 * item's evidence_file_id set); if anything in it fails, the transaction rolls back and the bytes
 * are removed from disk too, so no orphan stays.
 */
export async function storeUploadWith<T>(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor | null,
  input: UploadInput,
  change: (trx: Transaction<Database>, file: StoredFile) => Promise<T>,
): Promise<T> {
  let stored: StoredFile | null = null;
  try {
    return await db.transaction().execute(async (trx) => {
      stored = await storeUpload(trx, store, actor, input);
      return change(trx, stored);
    });
  } catch (error) {
    const key = (stored as StoredFile | null)?.storage_key;
    if (key) await store.remove(key).catch(() => {});
    throw error;
  }
}

/** The `files` row by id, or undefined; access is the caller's business (see the header). */
export function findStoredFile(db: Db, id: number): Promise<StoredFile | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The stored file a row names (`null`/`undefined`: none), or 404: a download's last step. */
export async function storedFileOr404(db: Db, fileId: number | null | undefined): Promise<StoredFile> {
  const file = fileId ? await findStoredFile(db, fileId) : undefined;
  if (!file) throw new NotFoundError();
  return file;
}

const KNOWN_MEDIA_TYPES = new Set([...DOCUMENT_TYPES, ...IMAGE_TYPES].map((t) => t.mediaType));
const IMAGE_MEDIA_TYPES = new Set(IMAGE_TYPES.map((t) => t.mediaType));

/**
 * Sends a stored file: its detected media type, Content-Length, a download name in Russian
 * (RFC 6266/5987 `filename*=UTF-8''…` with an ASCII fallback), `nosniff` and `private, no-store`.
 * `inline` opens a PDF in the browser instead of downloading it; other types always download.
 * A row whose bytes are missing on disk is logged as an error and answered 404.
 */
export async function sendStoredFile(
  reply: FastifyReply,
  store: FileStore,
  file: Pick<StoredFile, 'storage_key' | 'original_name' | 'media_type'>,
  options: { inline?: boolean } = {},
): Promise<FastifyReply> {
  let opened: Awaited<ReturnType<FileStore['open']>>;
  try {
    opened = await store.open(file.storage_key);
  } catch (error) {
    if (error instanceof FileNotFoundError) {
      reply.log.error({ storageKey: file.storage_key }, 'stored file missing on disk');
      throw new NotFoundError();
    }
    throw error;
  }
  const mediaType = KNOWN_MEDIA_TYPES.has(file.media_type) ? file.media_type : 'application/octet-stream';
  const inline = options.inline === true && (mediaType === PDF.mediaType || IMAGE_MEDIA_TYPES.has(mediaType));
  return reply
    .header('content-type', mediaType)
    .header('content-length', String(opened.size))
    .header('content-disposition', contentDisposition(file.original_name, { inline }))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(opened.stream);
}

/**
 * Deletes a stored document that its owner's row no longer names (replaced or removed), with its
 * audit line, then its bytes on disk. Call it after the owner's change has committed, so that a
 * failed change never loses the file it still names.
 */
export async function deleteStoredFile(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  fileId: number,
  owner: { organizationId: number; municipalityId: number | null },
): Promise<void> {
  const file = await db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('files').where('id', '=', fileId).returning(['id', 'storage_key']).executeTakeFirst();
    if (row)
      await recordAudit(trx, auditActor(actor), {
        action: 'delete',
        entityType: 'file',
        entityId: row.id,
        organizationId: owner.organizationId,
        municipalityId: owner.municipalityId,
        changedFields: ['purpose', 'original_name'],
      });
    return row;
  });
  if (file) await store.remove(file.storage_key);
}
