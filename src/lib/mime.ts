/**
 * The media types and extensions of the files the portal reads and writes: the one place for the
 * long Office names. What a file really is comes from its content, never from these: they are what
 * a response declares, what a detected document is stored as, and what a file picker is offered.
 */

export interface FileType {
  mediaType: string;
  /** Without the dot, lower case: 'pdf', 'xlsx'. */
  extension: string;
  /** As a user reads it: 'PDF', 'XLSX'. */
  label: string;
}

export const PDF: FileType = { mediaType: 'application/pdf', extension: 'pdf', label: 'PDF' };
export const DOCX: FileType = {
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  extension: 'docx',
  label: 'DOCX',
};
export const ODT: FileType = { mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt', label: 'ODT' };
export const ODS: FileType = { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods', label: 'ODS' };
export const XLSX: FileType = {
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  extension: 'xlsx',
  label: 'XLSX',
};
export const CSV: FileType = { mediaType: 'text/csv', extension: 'csv', label: 'CSV' };
export const JPEG: FileType = { mediaType: 'image/jpeg', extension: 'jpg', label: 'JPEG' };
export const PNG: FileType = { mediaType: 'image/png', extension: 'png', label: 'PNG' };
export const TXT: FileType = { mediaType: 'text/plain', extension: 'txt', label: 'TXT' };

/** The media type of OpenDocument files of every kind (text, spreadsheet…) starts so. */
export const OPENDOCUMENT_PREFIX = 'application/vnd.oasis.opendocument';

/** For `<input type="file" accept="…">`, the extensions then the media types: a hint to the browser's file picker, not a check. */
export function acceptOf(types: readonly FileType[]): string {
  return [...types.map((t) => `.${t.extension}`), ...types.map((t) => t.mediaType)].join(',');
}
