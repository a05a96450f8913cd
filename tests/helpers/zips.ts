import { constants, crc32, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';

/**
 * ZIP archives written by hand, so that a test can make them lie: declared sizes, CRC, method,
 * flags and the entry count are whatever the test says, and a run of spaces of any length is
 * deflated without ever being held in memory (see spaces()).
 */

/** Deflated data with the size and CRC-32 it unpacks to. */
export interface Packed {
  data: Buffer;
  size: number;
  crc: number;
}

export interface EntrySpec {
  name: string;
  /** Unpacked content (deflated unless `method` is 0), or an already deflated body from spaces(). */
  content?: Buffer | string | Packed;
  /** 0 stored, 8 deflate (the default); other values are written as is, with the body deflated. */
  method?: number;
  /** Declared unpacked size when it should lie; over 4 GB the entry gets ZIP64 markers. */
  size?: number;
  /** Declared packed size when it should lie. */
  packedSize?: number;
  /** Declared CRC-32 when it should lie. */
  crc?: number;
  flags?: number;
}

function isPacked(content: EntrySpec['content']): content is Packed {
  return typeof content === 'object' && content !== null && !Buffer.isBuffer(content);
}

const MiB = 1024 * 1024;
const SPACE_MIB = Buffer.alloc(MiB, 0x20);
/** 1 MiB of spaces as one byte-aligned run of deflate blocks that start from an empty window: they can be repeated. */
const SPACE_BLOCK = deflateRawSync(SPACE_MIB, { flush: constants.Z_FULL_FLUSH, finishFlush: constants.Z_FULL_FLUSH });
/** The last block of a deflate stream (fixed Huffman, empty). */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * `bytes` spaces deflated (about 1 000 : 1) without allocating them: whole MiBs are one repeated
 * block, the rest a block of its own. The CRC is computed over the same MiB again and again.
 */
export function spaces(bytes: number, prefix = ''): Packed {
  const key = `${bytes}:${prefix}`;
  const known = built.get(key);
  if (known) return known;
  const packed = deflatedSpaces(bytes, prefix);
  built.set(key, packed);
  return packed;
}

const built = new Map<string, Packed>();

function deflatedSpaces(bytes: number, prefix: string): Packed {
  const head = Buffer.from(prefix, 'utf8');
  const whole = Math.floor((bytes - head.length) / MiB);
  const rest = bytes - head.length - whole * MiB;
  const parts: Buffer[] = [];
  let crc = 0;
  if (head.length > 0) {
    parts.push(deflateRawSync(head, { flush: constants.Z_FULL_FLUSH, finishFlush: constants.Z_FULL_FLUSH }));
    crc = crc32(head, crc);
  }
  for (let index = 0; index < whole; index++) {
    parts.push(SPACE_BLOCK);
    crc = crc32(SPACE_MIB, crc);
  }
  if (rest > 0) {
    const tail = SPACE_MIB.subarray(0, rest);
    parts.push(deflateRawSync(tail, { flush: constants.Z_FULL_FLUSH, finishFlush: constants.Z_FULL_FLUSH }));
    crc = crc32(tail, crc);
  }
  parts.push(FINAL_BLOCK);
  return { data: Buffer.concat(parts), size: bytes, crc };
}

/** The body, real size and CRC of an entry as it will be written. */
function body(spec: EntrySpec): Packed {
  const content = spec.content ?? Buffer.alloc(0);
  if (isPacked(content)) return content;
  const raw = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { data: spec.method === 0 ? raw : deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
}

interface Written {
  local: Buffer;
  central: Buffer;
}

/** The local header with its body, and the central header, of an entry whose local header is at `offset`. */
function writeEntry(spec: EntrySpec, offset: number): Written {
  const packed = body(spec);
  const name = Buffer.from(spec.name, 'utf8');
  const size = spec.size ?? packed.size;
  const packedSize = spec.packedSize ?? packed.data.length;
  const zip64 = size > 0xffffffff || packedSize > 0xffffffff;
  const extra = Buffer.alloc(zip64 ? 20 : 0);
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(size), 4);
    extra.writeBigUInt64LE(BigInt(packedSize), 12);
  }
  const method = spec.method ?? 8;
  const crc = spec.crc ?? packed.crc;
  const flags = (spec.flags ?? 0) | 0x0800;
  const fields = (header: Buffer, at: number) => {
    header.writeUInt16LE(zip64 ? 45 : 20, at);
    header.writeUInt16LE(flags, at + 2);
    header.writeUInt16LE(method, at + 4);
    header.writeUInt32LE(crc, at + 10);
    header.writeUInt32LE(zip64 ? 0xffffffff : packedSize, at + 14);
    header.writeUInt32LE(zip64 ? 0xffffffff : size, at + 18);
    header.writeUInt16LE(name.length, at + 22);
    header.writeUInt16LE(extra.length, at + 24);
  };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  fields(local, 4);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(zip64 ? 45 : 20, 4);
  fields(central, 6);
  central.writeUInt32LE(offset, 42);
  return { local: Buffer.concat([local, name, extra, packed.data]), central: Buffer.concat([central, name, extra]) };
}

function endRecord(count: number, directorySize: number, directoryOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count & 0xffff, 8);
  end.writeUInt16LE(count & 0xffff, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return end;
}

/** A ZIP of `entries`; `count` overrides the entry count the end record declares (else the real one, cut to 16 bits). */
export function buildZip(entries: EntrySpec[], options: { count?: number } = {}): Buffer {
  return appendEntries(endRecord(0, 0, 0), entries, options);
}

/**
 * `zip` (any honest archive, such as an .xlsx the portal wrote) with `entries` added after its
 * own: its bytes are kept as they are, the new entries go before its central directory.
 */
export function appendEntries(zip: Buffer, entries: EntrySpec[], options: { count?: number } = {}): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  const directoryOffset = zip.readUInt32LE(end + 16);
  const locals: Buffer[] = [zip.subarray(0, directoryOffset)];
  const centrals: Buffer[] = [zip.subarray(directoryOffset, directoryOffset + directorySize)];
  let offset = directoryOffset;
  for (const spec of entries) {
    const written = writeEntry(spec, offset);
    locals.push(written.local);
    centrals.push(written.central);
    offset += written.local.length;
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([...locals, directory, endRecord(options.count ?? count + entries.length, directory.length, offset)]);
}

/** `count` empty stored entries with short names (about 90 bytes each). */
export function emptyEntries(count: number): EntrySpec[] {
  return Array.from({ length: count }, (_, index) => ({ name: `x/${index.toString(36)}`, method: 0 }));
}

/** An honest archive rewritten with `part` in place of its namesake, or added after the others. */
export async function withPart(file: Buffer, part: EntrySpec): Promise<Buffer> {
  const zip = await JSZip.loadAsync(file);
  const specs: EntrySpec[] = [];
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir && entry.name !== part.name) specs.push({ name: entry.name, content: await entry.async('nodebuffer') });
  }
  return buildZip([...specs, part]);
}
