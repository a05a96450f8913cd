/**
 * What a ZIP (an .xlsx, a .docx, an .odt) says of itself, read from its central directory without
 * unpacking anything: enough to tell the kind of an office file and to refuse a zip bomb before a
 * library inflates it.
 */

const END_RECORD = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;

/** Offset of the end-of-central-directory record (searched back over a comment of up to 64 KB), or -1. */
function endRecord(data: Buffer): number {
  const from = Math.max(0, data.length - 22 - 0xffff);
  for (let at = data.length - 22; at >= from; at--) {
    if (data.readUInt32LE(at) === END_RECORD) return at;
  }
  return -1;
}

/** How many entries the end record declares (0xffff: ZIP64, taken as endless); null when there is no record. */
export function zipEntryCount(data: Buffer): number | null {
  const at = endRecord(data);
  if (at < 0) return null;
  const count = data.readUInt16LE(at + 10);
  return count === 0xffff ? Number.POSITIVE_INFINITY : count;
}

/** Names of a ZIP's entries with their declared unpacked sizes; null when it is not a readable ZIP. */
export function zipEntries(data: Buffer): Map<string, number> | null {
  const end = endRecord(data);
  if (end < 0) return null;
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const entries = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== CENTRAL_HEADER) return null;
    const size = data.readUInt32LE(offset + 24);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    if (offset + 46 + nameLength > data.length) return null;
    entries.set(data.toString('utf8', offset + 46, offset + 46 + nameLength), size);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
