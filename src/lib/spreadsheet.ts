/**
 * Reading and writing simple tables (registers of people) as Excel .xlsx and CSV: the public API
 * of src/lib/spreadsheet/, whose files each do one job:
 * - read.ts: a file to a table (the format by content); xlsx.ts and csv.ts: a file to a grid;
 * - cells.ts: one cell as text, for every reader of Excel files (roadmaps/file-table too);
 * - header.ts: the header row, multi-level headers, matchHeaders;
 * - write.ts: .xlsx and CSV out; messages.ts: the error and the Russian words; limits.ts: sizes.
 *
 * Domain-free: the module knows nothing about mentors or schools. It turns an uploaded
 * file into a header and rows of trimmed strings, matches the header against column specs,
 * and writes tables back so that an exported file can be edited and uploaded again.
 */

export { type CellTextOptions, cellText, oneLine } from './spreadsheet/cells.js';
export type { GridRow } from './spreadsheet/grid.js';
export { type ColumnSpec, type HeaderMatch, matchHeaders, normalizeHeader, type Table } from './spreadsheet/header.js';
export { MAX_FILE_BYTES, MAX_ROWS } from './spreadsheet/limits.js';
export { displayName, rowsWord, SpreadsheetError } from './spreadsheet/messages.js';
export { readTable } from './spreadsheet/read.js';
export { type OutValue, type SheetData, writeCsv, writeWorkbook, writeXlsx } from './spreadsheet/write.js';
export { loadWorkbook, sheetGrid, sheetXmlBytes } from './spreadsheet/xlsx.js';
