/**
 * The one reader of ZIP archives (.xlsx, .docx, .odt) for everything the portal is sent: a zip
 * bomb is refused from the central directory before a byte is inflated, and what is inflated is
 * bounded however the archive lies. Domain-free: each caller passes its own limits.
 *
 * Decisions worth knowing:
 * - openZip reads the end record and every central directory header synchronously, checks each
 *   entry's local header against it, and refuses (ArchiveError with a machine-readable `problem`):
 *   no end record (`not_zip`); offsets out of range, wrong signatures, a local header that
 *   disagrees with the directory, entries that overlap or share a name, a declared count that is
 *   not the number of headers, a deflated entry larger than any deflater would write for its
 *   declared size (`damaged`); encrypted entries; compression other than stored and deflate
 *   (`unsupported`); more than `maxEntries` headers (counted, not taken from the end record);
 *   ZIP64 (an archive or an entry over 4 GB: `too_big`); an entry's declared unpacked size over
 *   `maxEntryBytes` or the sum over `maxTotalBytes` (`too_big`); an entry over RATIO_FLOOR_BYTES
 *   that unpacks to more than `maxRatio` times its packed size (`ratio`).
 * - read() inflates one entry with Node's zlib, streamed off the event loop's thread: output beyond
 *   the declared size stops the inflater at once, and output shorter than declared or a CRC-32
 *   that does not match is `damaged`. An entry over CHECK_FIRST_BYTES is inflated twice, first
 *   only counted and checked, then kept: a lying header then costs the time to inflate the declared
 *   size but no memory, and only an entry proven honest gets its buffer. What read() inflates over
 *   the archive's life is bounded by `maxTotalBytes`.
 * - repack() writes the named entries, inflated through read(), into a new archive of stored
 *   entries: a library that inflates everything it is given (exceljs through JSZip) then sees
 *   only checked, bounded bytes and only the parts it needs.
 * - Honest office files unpack at most a few hundred times their packed size (measured: our own
 *   .xlsx exports 10–18×, Word documents under 15×, a .docx of 100 000 identical empty
 *   paragraphs written at the highest level 328×); a run of one byte deflates about 1 030×.
 *   MAX_HONEST_RATIO sits between the two.
 */

import { crc32, createInflateRaw } from 'node:zlib';
import { countOf, megabytes } from './ru.js';

export interface ArchiveLimits {
  /** Central directory headers, counted. */
  maxEntries: number;
  /** Declared unpacked size of any one entry, and the most read() unpacks of one. */
  maxEntryBytes: number;
  /** Declared unpacked size of all entries together, and the most read() unpacks in all. */
  maxTotalBytes: number;
  /** Unpacked / packed size of an entry bigger than RATIO_FLOOR_BYTES. */
  maxRatio: number;
}

/** Above this ratio an entry is taken for a bomb (see the header comment for the measurements). */
export const MAX_HONEST_RATIO = 500;
/** Smaller entries are not judged by their ratio: a few hundred KB of anything costs nothing. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;
/**
 * A deflated entry bigger than this is checked by a first inflation that keeps nothing; a smaller
 * one is inflated once (a lie then costs at most this much memory for a moment).
 */
const CHECK_FIRST_BYTES = 8 * 1024 * 1024;
/** What a ZIP64 marker says of a size: more than 32 bits hold. */
const ZIP64_BYTES = 0xffffffff;

export type ArchiveProblem = 'not_zip' | 'damaged' | 'encrypted' | 'unsupported' | 'too_many_entries' | 'too_big' | 'ratio';

export interface ArchiveErrorDetails {
  /** The entry concerned, when one is. */
  entry?: string;
  /** Unpacked size: declared (or, for ZIP64, at least 4 GB). */
  bytes?: number;
  /** Packed size of the entry. */
  packed?: number;
  /** The limit that was passed (bytes, entries or ratio). */
  limit?: number;
}

/** An archive the portal will not read; `problem` says why, archiveMessage says it in Russian. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
  constructor(
    readonly problem: ArchiveProblem,
    readonly details: ArchiveErrorDetails = {},
  ) {
    super(`${problem}${details.entry === undefined ? '' : ` (${details.entry})`}`);
  }
}

export interface ZipEntry {
  name: string;
  /** Declared unpacked size. */
  size: number;
  /** Packed size (the bytes of the entry's data in the archive). */
  packedSize: number;
  method: typeof STORED | typeof DEFLATED;
  crc32: number;
  /** Offset of the local header. */
  headerOffset: number;
  /** Offset of the entry's data, after its local header. */
  dataOffset: number;
}

const END_RECORD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const STORED = 0;
const DEFLATED = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;

const damaged = (entry?: string) => new ArchiveError('damaged', entry === undefined ? {} : { entry });

/** Offset of the end-of-central-directory record (searched back over a comment of up to 64 KB), or -1. */
function endRecord(data: Buffer): number {
  const from = Math.max(0, data.length - END_SIZE - 0xffff);
  for (let at = data.length - END_SIZE; at >= from; at--) {
    if (data.readUInt32LE(at) === END_RECORD) return at;
  }
  return -1;
}

/**
 * The most a deflater writes for `size` bytes: stored blocks cost 5 bytes per 64 KB, and even a
 * deflater that always uses the fixed Huffman code spends at most 9 bits per byte. More packed
 * bytes than this means the declared size is a lie.
 */
function deflatedBound(size: number): number {
  return size + Math.ceil(size / 8) + 1024;
}

/** Reads the central directory and checks it against `limits`; nothing is inflated. Throws ArchiveError. */
export function openZip(data: Buffer, limits: ArchiveLimits): ZipArchive {
  const end = data.length >= END_SIZE ? endRecord(data) : -1;
  if (end < 0) throw new ArchiveError('not_zip');
  const declared = data.readUInt16LE(end + 10);
  const directorySize = data.readUInt32LE(end + 12);
  const directoryOffset = data.readUInt32LE(end + 16);
  // A count of 0xffff may be a ZIP64 marker too; it is over any sensible entry limit either way.
  const zip64 =
    (end >= 20 && data.readUInt32LE(end - 20) === ZIP64_LOCATOR) ||
    directorySize === 0xffffffff ||
    directoryOffset === 0xffffffff;
  if (zip64) throw new ArchiveError('too_big', { bytes: ZIP64_BYTES, limit: limits.maxTotalBytes });
  if (data.readUInt16LE(end + 4) !== 0 || data.readUInt16LE(end + 6) !== 0 || data.readUInt16LE(end + 8) !== declared)
    throw damaged();
  if (declared > limits.maxEntries) throw new ArchiveError('too_many_entries', { limit: limits.maxEntries });
  const directoryEnd = directoryOffset + directorySize;
  if (directoryEnd > end) throw damaged();

  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  while (at < directoryEnd) {
    if (entries.size >= limits.maxEntries) throw new ArchiveError('too_many_entries', { limit: limits.maxEntries });
    if (at + CENTRAL_SIZE > directoryEnd || data.readUInt32LE(at) !== CENTRAL_HEADER) throw damaged();
    const nameLength = data.readUInt16LE(at + 28);
    const next = at + CENTRAL_SIZE + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    if (next > directoryEnd) throw damaged();
    const entry = centralEntry(data, at, directoryOffset, limits);
    if (entries.has(entry.name)) throw damaged(entry.name);
    entries.set(entry.name, entry);
    at = next;
  }
  if (entries.size !== declared) throw damaged();
  checkLayout([...entries.values()]);
  checkSizes([...entries.values()], limits);
  return new ZipArchive(data, entries, limits);
}

/** One central directory header at `at`, checked against its local header. */
function centralEntry(data: Buffer, at: number, directoryOffset: number, limits: ArchiveLimits): ZipEntry {
  const flags = data.readUInt16LE(at + 8);
  const method = data.readUInt16LE(at + 10);
  const crc = data.readUInt32LE(at + 16);
  const packedSize = data.readUInt32LE(at + 20);
  const size = data.readUInt32LE(at + 24);
  const nameLength = data.readUInt16LE(at + 28);
  const headerOffset = data.readUInt32LE(at + 42);
  const nameBytes = data.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength);
  // Office writers name parts in ASCII; UTF-8 is also what JSZip and exceljs assume.
  const name = nameBytes.toString('utf8');
  if (packedSize === 0xffffffff || size === 0xffffffff || headerOffset === 0xffffffff) {
    throw new ArchiveError('too_big', { entry: name, bytes: ZIP64_BYTES, limit: limits.maxEntryBytes });
  }
  if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw new ArchiveError('encrypted', { entry: name });
  if (method !== STORED && method !== DEFLATED) throw new ArchiveError('unsupported', { entry: name });

  // The local header must be where the directory says, and say the same.
  if (headerOffset + LOCAL_SIZE > directoryOffset || data.readUInt32LE(headerOffset) !== LOCAL_HEADER) throw damaged(name);
  const localFlags = data.readUInt16LE(headerOffset + 6);
  const localNameLength = data.readUInt16LE(headerOffset + 26);
  const dataOffset = headerOffset + LOCAL_SIZE + localNameLength + data.readUInt16LE(headerOffset + 28);
  if (
    data.readUInt16LE(headerOffset + 8) !== method ||
    (localFlags & FLAG_ENCRYPTED) !== 0 ||
    localNameLength !== nameLength ||
    !data.subarray(headerOffset + LOCAL_SIZE, headerOffset + LOCAL_SIZE + nameLength).equals(nameBytes) ||
    dataOffset + packedSize > directoryOffset
  ) {
    throw damaged(name);
  }
  if (!(localFlags & FLAG_DATA_DESCRIPTOR)) {
    const same =
      data.readUInt32LE(headerOffset + 14) === crc &&
      data.readUInt32LE(headerOffset + 18) === packedSize &&
      data.readUInt32LE(headerOffset + 22) === size;
    if (!same) throw damaged(name);
  }
  if (method === STORED ? packedSize !== size : packedSize > deflatedBound(size)) throw damaged(name);
  return { name, size, packedSize, method, crc32: crc, headerOffset, dataOffset };
}

/** Entries must not share bytes (overlapping entries are how a bomb multiplies one kernel). */
function checkLayout(entries: ZipEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.headerOffset - b.headerOffset);
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1]!;
    const entry = sorted[index]!;
    if (previous.dataOffset + previous.packedSize > entry.headerOffset) throw damaged(entry.name);
  }
}

function checkSizes(entries: ZipEntry[], limits: ArchiveLimits): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.size > limits.maxEntryBytes)
      throw new ArchiveError('too_big', {
        entry: entry.name,
        bytes: entry.size,
        packed: entry.packedSize,
        limit: limits.maxEntryBytes,
      });
    total += entry.size;
  }
  if (total > limits.maxTotalBytes) throw new ArchiveError('too_big', { bytes: total, limit: limits.maxTotalBytes });
  for (const entry of entries) {
    if (entry.size > RATIO_FLOOR_BYTES && entry.size > entry.packedSize * limits.maxRatio) {
      throw new ArchiveError('ratio', { entry: entry.name, bytes: entry.size, packed: entry.packedSize, limit: limits.maxRatio });
    }
  }
}

/** An archive whose central directory passed openZip (its only maker): names, declared sizes, and bounded reading. */
class ZipArchive {
  /** Bytes read() and repack() have unpacked (or are unpacking) so far. */
  private inflated = 0;

  constructor(
    private readonly data: Buffer,
    readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly limits: ArchiveLimits,
  ) {}

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The unpacked bytes of one entry, at most `maxBytes` (default: the archive's per-entry limit):
   * `too_big` without inflating when the entry declares more, or when the archive's total would be
   * passed; `damaged` as soon as it unpacks to more than declared, or to less, or to a wrong CRC.
   */
  async read(name: string, maxBytes = this.limits.maxEntryBytes): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw damaged(name);
    this.reserve(entry, Math.min(maxBytes, this.limits.maxEntryBytes));
    await this.check(entry);
    const out = Buffer.allocUnsafe(entry.size);
    await this.unpack(entry, out);
    return out;
  }

  /** Text of an entry read as UTF-8 (a byte order mark is dropped). */
  async readText(name: string, maxBytes?: number): Promise<string> {
    const bytes = await this.read(name, maxBytes);
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return bytes.toString('utf8', start);
  }

  /**
   * A new archive of the named entries (those present, in archive order), each unpacked as read()
   * unpacks it, straight into its place in the new archive, and stored.
   */
  async repack(names: Iterable<string>): Promise<Buffer> {
    const wanted = new Set(names);
    const chosen = [...this.entries.values()].filter((entry) => wanted.has(entry.name));
    for (const entry of chosen) this.reserve(entry, this.limits.maxEntryBytes);
    for (const entry of chosen) await this.check(entry);
    const nameBytes = chosen.map((entry) => Buffer.from(entry.name, 'utf8'));
    const dataSize = chosen.reduce((sum, entry, index) => sum + LOCAL_SIZE + nameBytes[index]!.length + entry.size, 0);
    const directorySize = chosen.reduce((sum, _, index) => sum + CENTRAL_SIZE + nameBytes[index]!.length, 0);
    const out = Buffer.alloc(dataSize + directorySize + END_SIZE);
    let offset = 0;
    let directory = dataSize;
    for (const [index, entry] of chosen.entries()) {
      const name = nameBytes[index]!;
      writeHeader(out, offset, LOCAL_HEADER, entry, name);
      name.copy(out, offset + LOCAL_SIZE);
      await this.unpack(entry, out.subarray(offset + LOCAL_SIZE + name.length, offset + LOCAL_SIZE + name.length + entry.size));
      writeHeader(out, directory, CENTRAL_HEADER, entry, name);
      out.writeUInt32LE(offset, directory + 42);
      name.copy(out, directory + CENTRAL_SIZE);
      offset += LOCAL_SIZE + name.length + entry.size;
      directory += CENTRAL_SIZE + name.length;
    }
    out.writeUInt32LE(END_RECORD, directory);
    out.writeUInt16LE(chosen.length, directory + 8);
    out.writeUInt16LE(chosen.length, directory + 10);
    out.writeUInt32LE(directorySize, directory + 12);
    out.writeUInt32LE(dataSize, directory + 16);
    return out;
  }

  /** Counts an entry against the limits before it is unpacked; throws `too_big` without unpacking. */
  private reserve(entry: ZipEntry, limit: number): void {
    if (entry.size > limit)
      throw new ArchiveError('too_big', { entry: entry.name, bytes: entry.size, packed: entry.packedSize, limit });
    if (this.inflated + entry.size > this.limits.maxTotalBytes) {
      throw new ArchiveError('too_big', {
        entry: entry.name,
        bytes: this.inflated + entry.size,
        limit: this.limits.maxTotalBytes,
      });
    }
    this.inflated += entry.size;
  }

  private packed(entry: ZipEntry): Buffer {
    return this.data.subarray(entry.dataOffset, entry.dataOffset + entry.packedSize);
  }

  /** A big deflated entry is inflated once into nothing, so that no buffer is given to a lie. */
  private async check(entry: ZipEntry): Promise<void> {
    if (entry.method === DEFLATED && entry.size > CHECK_FIRST_BYTES) await inflateExactly(this.packed(entry), entry, null);
  }

  /** Unpacks an entry into `out` (exactly its declared size), checking its size and CRC. */
  private async unpack(entry: ZipEntry, out: Buffer): Promise<void> {
    const packed = this.packed(entry);
    if (entry.method === DEFLATED) return inflateExactly(packed, entry, out);
    if (crc32(packed) !== entry.crc32) throw damaged(entry.name);
    packed.copy(out);
  }
}

/**
 * The fields a local header (at `at`) and a central header share, for a stored entry; the local
 * header's start at 4, the central one's at 6 (after the version that made it).
 */
function writeHeader(out: Buffer, at: number, signature: number, entry: ZipEntry, name: Buffer): void {
  out.writeUInt32LE(signature, at);
  const fields = signature === LOCAL_HEADER ? at + 4 : at + 6;
  if (signature === CENTRAL_HEADER) out.writeUInt16LE(10, at + 4);
  out.writeUInt16LE(10, fields); // version needed: 1.0, stored
  out.writeUInt16LE(FLAG_UTF8, fields + 2);
  out.writeUInt32LE(entry.crc32, fields + 10);
  out.writeUInt32LE(entry.size, fields + 14);
  out.writeUInt32LE(entry.size, fields + 18);
  out.writeUInt16LE(name.length, fields + 22);
}

/**
 * Inflates an entry's `packed` bytes into `out` (or, with null, nowhere: only counting them and
 * computing their CRC). `damaged` as soon as the output passes the declared size (the inflater is
 * destroyed then), and when the stream ends short, is not valid deflate, or has another CRC-32.
 */
function inflateExactly(packed: Buffer, entry: ZipEntry, out: Buffer | null): Promise<void> {
  return new Promise((resolve, reject) => {
    let filled = 0;
    let crc = 0;
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    inflater.on('data', (chunk: Buffer) => {
      if (filled + chunk.length > entry.size) {
        inflater.destroy();
        reject(damaged(entry.name));
        return;
      }
      if (out) chunk.copy(out, filled);
      crc = crc32(chunk, crc);
      filled += chunk.length;
    });
    inflater.on('error', () => reject(damaged(entry.name)));
    inflater.on('end', () => (filled === entry.size && crc === entry.crc32 ? resolve() : reject(damaged(entry.name))));
    inflater.end(packed);
  });
}

export type { ZipArchive };

// ---------------------------------------------------------------------------------------------
// Messages

/**
 * One Russian sentence on why the archive `file` is not read; the caller adds what to do, in its
 * own words. `file` comes quoted («…» or „…“, as the caller's other messages quote names).
 */
export function archiveMessage(error: ArchiveError, file: string): string {
  const { entry, bytes = 0, packed = 0, limit = 0 } = error.details;
  switch (error.problem) {
    case 'not_zip':
    case 'damaged':
      return `Не удалось прочитать файл ${file}: он повреждён или сохранён не полностью.`;
    case 'encrypted':
      return `Файл ${file} зашифрован (защищён паролем), прочитать его нельзя — снимите пароль.`;
    case 'unsupported':
      return `Файл ${file} сжат нестандартным способом, который портал не читает.`;
    case 'too_many_entries':
      return `Файл ${file} не похож на обычный документ: в нём слишком много частей архива (больше ${limit.toLocaleString('ru-RU')}).`;
    case 'too_big': {
      const size = bytes >= ZIP64_BYTES ? 'больше 4 ГБ' : `${megabytes(bytes)} МБ`;
      return `В файле ${file} слишком много данных: в распакованном виде это ${size}, допускается не больше ${megabytes(limit)} МБ.`;
    }
    case 'ratio': {
      const times = Math.floor(bytes / Math.max(packed, 1));
      return `Файл ${file} сжат подозрительно сильно: его часть «${entry ?? ''}» в распакованном виде занимает ${megabytes(bytes)} МБ, в ${countOf(times, ['раз', 'раза', 'раз'])} больше, чем в архиве. Так сжимаются только специально подготовленные файлы («zip-бомбы»), а не документы.`;
    }
  }
}
