/** What an uploaded table may be: the sizes the readers check and the messages name. */

import { type ArchiveLimits, MAX_HONEST_RATIO } from '../archive.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 20_000;
/**
 * Limit on the unpacked XML of worksheets and shared strings of an .xlsx. exceljs keeps the
 * whole workbook in memory (about 11 MB of RSS per MB of sheet XML), and 10 MB of ZIP can hold
 * hundreds of MB of XML. 20 000 rows × 15 columns take about 22 MB.
 */
export const MAX_XLSX_XML_BYTES = 64 * 1024 * 1024;
/**
 * What an uploaded .xlsx may hold, checked from its central directory before anything is unpacked:
 * one part may be as big as all the sheet XML allowed, everything together twice that (pictures
 * and the rest of a 10 MB file on top of the sheets), a few thousand parts (a workbook has dozens).
 */
export const XLSX_LIMITS: ArchiveLimits = {
  maxEntries: 5000,
  maxEntryBytes: MAX_XLSX_XML_BYTES,
  maxTotalBytes: 2 * MAX_XLSX_XML_BYTES,
  maxRatio: MAX_HONEST_RATIO,
};
