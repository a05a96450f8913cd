/**
 * What a file is by its first bytes, never by its name or what the browser says: the one place
 * that knows the magic numbers. Each reader decides what to do with a kind (lib/spreadsheet reads
 * 'zip' as .xlsx and 'text' as CSV, lib/uploads takes 'pdf' and some 'zip', roadmaps/file-table
 * 'zip' as .docx or .xlsx); what is inside a ZIP is lib/archive.ts's business.
 */

export type FileKind =
  /** A ZIP: .xlsx, .docx, .odt and the other Office Open XML and OpenDocument files. */
  | 'zip'
  /** An OLE compound file: Word or Excel 97–2003, or a password-protected .docx/.xlsx (oldOfficeKind tells which). */
  | 'ole'
  | 'pdf'
  | 'rtf'
  /** PNG, JPEG, GIF. */
  | 'image'
  /** Another archive (RAR, 7-Zip, gzip) or a part of a split ZIP. */
  | 'archive'
  /** Text with a byte order mark, or bytes without a NUL and without any signature above. */
  | 'text'
  /** Bytes with a NUL and no known signature. */
  | 'binary';

const ZIP: readonly (readonly number[])[] = [
  [0x50, 0x4b, 0x03, 0x04], // PK: a local file header
  [0x50, 0x4b, 0x05, 0x06], // PK: the end of an empty archive
];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const RTF = [0x7b, 0x5c, 0x72, 0x74, 0x66]; // {\rtf
const IMAGES: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
];
const ARCHIVES: readonly (readonly number[])[] = [
  [0x52, 0x61, 0x72, 0x21], // Rar!
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x1f, 0x8b], // gzip
  [0x50, 0x4b, 0x07, 0x08], // a part of a split ZIP
];
/** PDF readers accept the `%PDF-` header anywhere in the first 1024 bytes, not only at the start. */
const PDF_HEADER_WINDOW = 1024;

export function startsWith(data: Uint8Array, bytes: readonly number[]): boolean {
  return data.length >= bytes.length && bytes.every((byte, index) => data[index] === byte);
}

export interface ByteOrderMark {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Bytes the mark takes. */
  length: number;
}

/** The Unicode byte order mark the data starts with, if any. */
export function byteOrderMark(data: Uint8Array): ByteOrderMark | null {
  if (startsWith(data, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(data, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  if (startsWith(data, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** The kind of file the bytes are; the checks go from the most specific signature to the least. */
export function sniff(data: Uint8Array): FileKind {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (ZIP.some((signature) => startsWith(bytes, signature))) return 'zip';
  if (startsWith(bytes, OLE)) return 'ole';
  if (byteOrderMark(bytes)) return 'text';
  if (bytes.subarray(0, PDF_HEADER_WINDOW).includes('%PDF-', 0, 'latin1')) return 'pdf';
  if (startsWith(bytes, RTF)) return 'rtf';
  if (IMAGES.some((signature) => startsWith(bytes, signature))) return 'image';
  if (ARCHIVES.some((signature) => startsWith(bytes, signature))) return 'archive';
  return bytes.includes(0) ? 'binary' : 'text';
}

export type OldOfficeKind = 'encrypted' | 'word' | 'excel' | 'unknown';

/**
 * What an OLE compound file ('ole') holds, by the names of its streams (UTF-16 in its directory):
 * an encrypted .docx or .xlsx (`EncryptedPackage`), a Word 97–2003 document (`WordDocument`), an
 * Excel 97–2003 workbook (`Workbook`, or `Book` of Excel 5), or something else.
 */
export function oldOfficeKind(data: Uint8Array): OldOfficeKind {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const has = (stream: string) => bytes.includes(Buffer.from(stream, 'utf16le'));
  if (has('EncryptedPackage')) return 'encrypted';
  if (has('WordDocument')) return 'word';
  if (has('Workbook') || has('Book')) return 'excel';
  return 'unknown';
}
