/**
 * Gzip for pages whose large middle is cached: the middle is deflated once, when it is cached, and
 * each response joins it with its own small head and tail (the layout: the user's name, the CSRF
 * token, the navigation, a few KB) into one valid gzip member (RFC 1952):
 *
 *   gzip header · head in stored blocks · cached deflate(middle, sync flush) · tail in stored blocks, the last final · CRC-32 · length
 *
 * This works because the middle is deflated on its own from an empty window, so it never refers
 * back into the head, and a sync flush ends it on a byte boundary without the «last block» bit. The
 * head and tail go as stored (uncompressed) blocks: a few KB more on the wire, but no deflate stream
 * to set up per response. The CRC-32 of the whole text is combined from the pieces' CRCs with the
 * middle's shift operator, computed once (zlib's crc32_combine), so the middle is never read again.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** Text deflated once, kept with what joining it needs. */
export interface CompressedPart {
  /** The text, UTF-8: sent as is to a client that does not accept gzip. */
  readonly text: Buffer;
  /** Raw deflate of `text`, ended by a sync flush (not final). */
  readonly deflated: Buffer;
  readonly crc: number;
  /** The CRC-32 operator for appending `text.length` bytes (see crc32Combine). */
  readonly shift: Uint32Array;
  /** Bytes held: text and deflated. */
  readonly bytes: number;
}

export function compressPart(text: string | Buffer, level = 9): CompressedPart {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const deflated = deflateRawSync(buffer, { level, finishFlush: constants.Z_SYNC_FLUSH });
  return {
    text: buffer,
    deflated,
    crc: crc32(buffer),
    shift: shiftOperator(buffer.length),
    bytes: buffer.length + deflated.length,
  };
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]); // deflate, no name, no mtime, OS unknown
const MAX_STORED = 0xffff;

/** Deflate stored blocks of `data` (RFC 1951 §3.2.4), starting on a byte boundary; the last is final if asked. */
function storedBlocks(data: Buffer, final: boolean): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  do {
    const length = Math.min(MAX_STORED, data.length - offset);
    const last = offset + length >= data.length;
    const header = Buffer.alloc(5);
    header[0] = final && last ? 1 : 0; // BFINAL, BTYPE 00; the rest of the byte is padding
    header.writeUInt16LE(length, 1);
    header.writeUInt16LE(~length & 0xffff, 3);
    out.push(header, data.subarray(offset, offset + length));
    offset += length;
  } while (offset < data.length);
  return out;
}

/** One gzip member of `head`, the part and `tail`, in that order; gunzip gives their concatenation. */
export function gzipAround(head: Buffer, part: CompressedPart, tail: Buffer): Buffer {
  let crc = crc32(head);
  crc = (gf2Times(part.shift, crc) ^ part.crc) >>> 0;
  crc = crc32(tail, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE((head.length + part.text.length + tail.length) % 2 ** 32, 4);
  return Buffer.concat([
    GZIP_HEADER,
    ...(head.length > 0 ? storedBlocks(head, false) : []),
    part.deflated,
    ...storedBlocks(tail, true),
    trailer,
  ]);
}

/**
 * Whether the request's Accept-Encoding admits gzip (RFC 9110 §12.5.3): `gzip` or `x-gzip` or
 * `*` with a q-value above 0, unless gzip itself is listed with q=0.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  let star: boolean | null = null;
  for (const item of value.split(',')) {
    const [rawName, ...params] = item.split(';');
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key, raw] = param.split('=');
      if (key?.trim().toLowerCase() === 'q') q = Number(raw?.trim());
    }
    const allowed = Number.isFinite(q) && q > 0;
    if (name === 'gzip' || name === 'x-gzip') return allowed;
    if (name === '*') star = allowed;
  }
  return star === true;
}

// ---------------------------------------------------------------------------------------------
// CRC-32 of a concatenation from the CRCs of its pieces (zlib's crc32_combine, GF(2) matrices)
// ---------------------------------------------------------------------------------------------

function gf2Times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  let v = vector >>> 0;
  for (let i = 0; v !== 0; i++, v >>>= 1) if (v & 1) sum ^= matrix[i] as number;
  return sum >>> 0;
}

/** The operator `outer` after `inner` (they are powers of one operator, so the order is free). */
function gf2Compose(outer: Uint32Array, inner: Uint32Array): Uint32Array {
  const out = new Uint32Array(32);
  for (let n = 0; n < 32; n++) out[n] = gf2Times(outer, inner[n] as number);
  return out;
}

/** The operator that advances a CRC-32 register over `length` zero bytes. */
export function shiftOperator(length: number): Uint32Array {
  let result: Uint32Array = new Uint32Array(32);
  for (let n = 0; n < 32; n++) result[n] = (1 << n) >>> 0; // identity
  let power: Uint32Array = new Uint32Array(32); // one zero bit: the reflected polynomial, then a shift
  power[0] = 0xedb88320;
  for (let n = 1; n < 32; n++) power[n] = (1 << (n - 1)) >>> 0;
  for (let i = 0; i < 3; i++) power = gf2Compose(power, power); // one zero byte: eight bits
  for (let left = length; left > 0; left = Math.floor(left / 2)) {
    if (left % 2 === 1) result = gf2Compose(power, result);
    power = gf2Compose(power, power);
  }
  return result;
}

/** The CRC-32 of A·B, given crc(A), crc(B) and the length of B in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (gf2Times(shiftOperator(lengthB), crcA) ^ crcB) >>> 0;
}
