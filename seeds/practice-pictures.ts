import { crc32, deflateSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/types.js';
import type { FileStore } from '../src/lib/uploads.js';
import { storeUploadWith } from '../src/modules/files/service.js';

/** The demo school's published practice whose materials get a picture (seeds/practices.ts). */
export const DEMO_PICTURE_PRACTICE = 'Ученик – ученик: подготовка к ОГЭ по математике';
export const DEMO_PICTURE_TITLE = 'Схема занятия в парах';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 240 × 120 RGB PNG: two coloured halves (a pair) on a light background. */
export function demoPng(): Buffer {
  const width = 240;
  const height = 120;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // no filter
    for (let x = 0; x < width; x++) {
      const inside = y > 20 && y < 100;
      const colour = !inside
        ? [0xf2, 0xf4, 0xf7]
        : x > 20 && x < 110
          ? [0x1d, 0x5f, 0xa8]
          : x > 130 && x < 220
            ? [0xe0, 0x8a, 0x1e]
            : [0xf2, 0xf4, 0xf7];
      rows.push(...colour);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Adds a picture to the materials of the demo school's published practice when it has none (issue
 * 19). Separate from seedDemo's transaction because the bytes go to the portal's file store.
 */
export async function seedDemoPracticePictures(db: Kysely<Database>, store: FileStore): Promise<number> {
  const practice = await db
    .selectFrom('practices')
    .select(['id', 'organization_id'])
    .where('title', '=', DEMO_PICTURE_PRACTICE)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!practice) return 0;
  const has = await db.selectFrom('practice_files').select('id').where('practice_id', '=', practice.id).executeTakeFirst();
  if (has) return 0;
  const upload = {
    organizationId: practice.organization_id,
    purpose: 'practice_material' as const,
    fileName: 'Схема занятия.png',
    data: demoPng(),
    images: true,
  };
  await storeUploadWith(db, store, null, upload, (trx, file) =>
    trx
      .insertInto('practice_files')
      .values({ practice_id: practice.id, file_id: file.id, title: DEMO_PICTURE_TITLE, created_by: null })
      .execute(),
  );
  return 1;
}
