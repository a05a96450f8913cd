/**
 * Uploaded documents (programmes, evidence of roadmap items): what a file is, its safe name, and
 * where its bytes live. Domain-free and without the database; src/modules/files adds the table,
 * the audit line and the HTTP download.
 *
 * Decisions worth knowing:
 * - The type is decided by content (lib/sniff.ts), never by the name or the browser's MIME type:
 *   PDF (`%PDF-` within the first 1024 bytes, as readers accept it), DOCX (a ZIP with
 *   `[Content_Types].xml` and `word/document.xml`, without macros), ODT (a ZIP whose `mimetype`
 *   entry says `application/vnd.oasis.opendocument.text`). Old .doc (OLE), .xlsx, .docm,
 *   executables, HTML and images are refused.
 * - ZIPs are inspected without unpacking: only the central directory (names) is read, and only a
 *   tiny `mimetype` entry is decompressed (lib/archive.ts, DOCUMENT_ARCHIVE_LIMITS). An archive
 *   refused there (a zip bomb, too many entries, damaged, encrypted) is no document type; the
 *   upload says why (UploadError 'bad_archive'), so a crafted archive costs neither memory nor CPU.
 * - Bytes live outside the web root under a random 128-bit key (32 hex digits), sharded by its
 *   first two digits: `<root>/ab/ab12…`. A key is validated before any path is built, so nothing
 *   read from the database can point outside the root. Writes go to a temporary name in the same
 *   folder and are renamed, so a reader never sees half a file. Folders 0700, files 0600.
 */

import { createHash, randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type ArchiveLimits, ArchiveError, archiveMessage, MAX_HONEST_RATIO, openZip } from './archive.js';
import { acceptOf, DOCX, type FileType, JPEG, ODT, PDF, PNG } from './mime.js';
import { sniff } from './sniff.js';

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** A document the portal takes: PDF, DOCX or ODT (lib/mime.ts). */
export type DocumentType = FileType;
export const DOCUMENT_TYPES: readonly DocumentType[] = [PDF, DOCX, ODT];

/** For `<input type="file" accept="…">`: a hint to the browser's file picker, not a check. */
export const DOCUMENT_ACCEPT = acceptOf(DOCUMENT_TYPES);

/** Pictures some uploads take besides documents (a practice's materials): JPEG and PNG, checked by content. */
export const IMAGE_TYPES: readonly FileType[] = [JPEG, PNG];
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** A picture wider or higher than this is refused: no honest material needs it, a decompression bomb does. */
export const MAX_IMAGE_SIDE = 10000;
export const DOCUMENT_OR_IMAGE_ACCEPT = acceptOf([...DOCUMENT_TYPES, ...IMAGE_TYPES]);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * JPEG or PNG by content, or null: a JPEG starts FF D8 FF and ends FF D9; a PNG has its 8-byte
 * signature followed by an IHDR chunk of 13 bytes whose width and height are 1…MAX_IMAGE_SIDE.
 * SVG (a script carrier) and GIF are never pictures here.
 */
export function detectImageType(data: Uint8Array): FileType | null {
  const n = data.byteLength;
  if (n >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff && data[n - 2] === 0xff && data[n - 1] === 0xd9)
    return JPEG;
  if (n >= 33 && PNG_SIGNATURE.every((byte, index) => data[index] === byte)) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const chunkLength = view.getUint32(8);
    const chunkType = String.fromCharCode(data[12] ?? 0, data[13] ?? 0, data[14] ?? 0, data[15] ?? 0);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    const sane = (side: number) => side >= 1 && side <= MAX_IMAGE_SIDE;
    if (chunkLength === 13 && chunkType === 'IHDR' && sane(width) && sane(height)) return PNG;
  }
  return null;
}

/**
 * What a DOCX or ODT may hold, checked from its central directory (nothing but the tiny `mimetype`
 * is ever unpacked): a few dozen parts make a document; pictures hardly compress, so 20 MB of
 * document unpack to little more, and even a long text's XML stays far below these sizes.
 */
const DOCUMENT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 5000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: MAX_HONEST_RATIO,
};
/** The `mimetype` entry of an ODT is 39 bytes; anything much bigger is not one. */
const MAX_MIMETYPE_BYTES = 256;

/** What the content of a file is, or null when it is none of PDF, DOCX, ODT (or an archive refused as unsafe). */
export async function detectDocumentType(data: Uint8Array): Promise<DocumentType | null> {
  const found = await inspectDocument(data);
  return found instanceof ArchiveError ? null : found;
}

/** The document type, null for another kind of file, or why its archive is refused. */
async function inspectDocument(data: Uint8Array): Promise<DocumentType | ArchiveError | null> {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const kind = sniff(buffer);
  if (kind === 'pdf') return PDF;
  if (kind !== 'zip') return null;
  try {
    const archive = openZip(buffer, DOCUMENT_ARCHIVE_LIMITS);
    const names = new Map([...archive.entries.keys()].map((name) => [name.toLowerCase(), name]));
    if (names.has('[content_types].xml') && names.has('word/document.xml')) {
      // A .docm keeps its macros here; Word refuses such a file named .docx, and we do not want macros.
      return names.has('word/vbaproject.bin') ? null : DOCX;
    }
    const mimetypeName = names.get('mimetype');
    const mimetype = mimetypeName === undefined ? undefined : archive.entries.get(mimetypeName);
    if (mimetype && mimetype.size <= MAX_MIMETYPE_BYTES && mimetype.packedSize <= MAX_MIMETYPE_BYTES) {
      const text = await archive.readText(mimetype.name, MAX_MIMETYPE_BYTES);
      if (text.trim() === ODT.mediaType) return ODT;
    }
    return null;
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    // Bytes that merely start like a ZIP are another kind of file, not a damaged document.
    return error.problem === 'not_zip' ? null : error;
  }
}

export type UploadProblem = 'too_big' | 'empty' | 'wrong_type' | 'bad_archive' | 'image_too_big' | 'wrong_type_or_image';

/** A file the portal does not take; the message is Russian, names the file and is shown as is. */
export class UploadError extends Error {
  override name = 'UploadError';
  constructor(
    readonly problem: UploadProblem,
    readonly fileName: string,
    /** With 'bad_archive': why the archive was refused. */
    readonly archive?: ArchiveError,
  ) {
    super(uploadMessage(problem, fileName, archive));
  }
}

function uploadMessage(problem: UploadProblem, fileName: string, archive?: ArchiveError): string {
  const name = fileName.trim() === '' ? 'без имени' : safeFileName(fileName);
  switch (problem) {
    case 'bad_archive':
      return `${archiveMessage(archive ?? new ArchiveError('damaged'), `„${name}“`)} Сохраните документ заново (в Word или LibreOffice: «Сохранить как» PDF, DOCX или ODT) и загрузите снова.`;
    case 'too_big':
      return `Файл „${name}“ больше ${MAX_DOCUMENT_BYTES / 1024 / 1024} МБ: уменьшите его (например, сохраните PDF со сжатием изображений) и загрузите снова.`;
    case 'empty':
      return `Файл „${name}“ пустой: выберите файл с документом.`;
    case 'image_too_big':
      return `Изображение „${name}“ больше ${MAX_IMAGE_BYTES / 1024 / 1024} МБ: уменьшите его и загрузите снова.`;
    case 'wrong_type_or_image':
      return `Файл „${name}“ не похож ни на документ PDF, DOCX или ODT, ни на изображение JPEG или PNG: загрузите файл в одном из этих форматов.`;
    case 'wrong_type':
      return `Файл „${name}“ не похож на документ PDF, DOCX или ODT: загрузите документ в одном из этих форматов (в Word или LibreOffice: «Сохранить как»).`;
  }
}

/**
 * Checks an uploaded document: size, then type by content. `truncated` is what the multipart
 * parser says of a file cut at its size limit. Throws UploadError.
 */
export async function checkDocument(
  fileName: string,
  data: Uint8Array,
  options: { truncated?: boolean; images?: boolean } = {},
): Promise<DocumentType> {
  if (options.truncated || data.byteLength > MAX_DOCUMENT_BYTES) throw new UploadError('too_big', fileName);
  if (data.byteLength === 0) throw new UploadError('empty', fileName);
  if (options.images) {
    const image = detectImageType(data);
    if (image) {
      if (data.byteLength > MAX_IMAGE_BYTES) throw new UploadError('image_too_big', fileName);
      return image;
    }
  }
  const type = await inspectDocument(data);
  if (type instanceof ArchiveError) throw new UploadError('bad_archive', fileName, type);
  if (!type) throw new UploadError(options.images ? 'wrong_type_or_image' : 'wrong_type', fileName);
  return type;
}

const MAX_NAME_LENGTH = 150;
/** Extensions replaced by the detected one rather than kept before it («отчёт.doc» that is a DOCX). */
const REPLACEABLE_EXTENSIONS = new Set([
  'pdf',
  'doc',
  'docx',
  'docm',
  'dot',
  'dotx',
  'odt',
  'ott',
  'fodt',
  'rtf',
  'txt',
  'bin',
  'tmp',
  'dat',
  'jpg',
  'jpeg',
  'png',
]);

/**
 * A file name safe to store and to send back: no folders (`C:\fakepath\`, `../`), no control or
 * invisible formatting characters (a right-to-left override can make «exe.pdf» look like «fdp.exe»),
 * none of `<>:"|?*`, no leading dots, at most 150 characters; letters of any script are kept.
 * With `extension` (the detected type's), the name ends with it: «Отчёт.PDF» -> «Отчёт.pdf»,
 * «отчёт.doc» holding a DOCX -> «отчёт.docx», «x.exe» holding a PDF -> «x.exe.pdf».
 * Without a usable base the name is «документ».
 */
export function safeFileName(original: string, extension?: string): string {
  let name = original.normalize('NFC');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/gu, ' ');
  name = trimName(name);

  let base = name;
  let ext = '';
  const dot = name.lastIndexOf('.');
  if (dot > 0 && /^[\p{L}\p{N}]{1,10}$/u.test(name.slice(dot + 1))) {
    base = name.slice(0, dot);
    ext = name.slice(dot + 1);
  }
  if (extension !== undefined) {
    const wanted = extension.toLowerCase();
    if (ext !== '' && ext.toLowerCase() !== wanted && !REPLACEABLE_EXTENSIONS.has(ext.toLowerCase())) base = `${base}.${ext}`;
    ext = wanted;
  }
  const suffix = ext === '' ? '' : `.${ext}`;
  const room = MAX_NAME_LENGTH - [...suffix].length;
  base = trimName([...trimName(base)].slice(0, room).join(''));
  return `${base === '' ? 'документ' : base}${suffix}`;
}

function trimName(name: string): string {
  return name.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

/** 1536 -> «1,5 КБ», 20971520 -> «20 МБ». */
export function formatFileSize(bytes: number): string {
  const format = (value: number, unit: string) =>
    `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value)} ${unit}`;
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'КБ');
  return format(bytes / 1024 / 1024, 'МБ');
}

export interface SavedFile {
  /** 32 hex digits; the name on disk and `files.storage_key`. */
  key: string;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  size: number;
}

/** The key names no stored file (it was removed, or the disk was restored without it). */
export class FileNotFoundError extends Error {
  override name = 'FileNotFoundError';
  constructor(readonly key: string) {
    super(`Stored file ${key} is not on disk`);
  }
}

const KEY_PATTERN = /^[0-9a-f]{32}$/;

/** Bytes of uploaded files on disk, by random key. The root need not exist yet. */
export class FileStore {
  constructor(readonly rootDir: string) {}

  /** The path of a key; throws on anything but 32 lower-case hex digits. */
  pathOf(key: string): string {
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new Error(`Invalid storage key ${JSON.stringify(String(key).slice(0, 40))}`);
    }
    return path.join(this.rootDir, key.slice(0, 2), key);
  }

  async save(data: Uint8Array): Promise<SavedFile> {
    const key = randomBytes(16).toString('hex');
    const target = this.pathOf(key);
    const folder = path.dirname(target);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const temp = path.join(folder, `.${key}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { key, sha256: createHash('sha256').update(data).digest('hex'), size: data.byteLength };
  }

  /** A stream of the stored bytes and their size; FileNotFoundError when the file is not there. */
  async open(key: string): Promise<{ stream: ReadStream; size: number }> {
    const file = this.pathOf(key);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(key);
      throw error;
    }
    try {
      const { size } = await handle.stat();
      // The stream closes the handle when it ends, fails or is destroyed.
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** The whole stored file in memory (≤ 20 MB): for reading a document's content. */
  async read(key: string): Promise<Buffer> {
    const { stream } = await this.open(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Removes the file; a missing one is not an error. */
  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
