/**
 * An uploaded file to a table: the one entry point of the readers.
 *
 * Decisions worth knowing:
 * - The format is decided by content (lib/sniff.ts), never by the file name: a ZIP is read as an
 *   .xlsx (xlsx.ts), text as CSV (csv.ts). Files Excel cannot save as .xlsx/CSV on our side (.xls,
 *   .xlsb, .ods, PDF, images…) are refused with a message that tells the user how to re-save the file.
 */

import { megabytes } from '../ru.js';
import { sniff } from '../sniff.js';
import { csvGrid } from './csv.js';
import { type Table, tableFromGrid } from './header.js';
import { MAX_FILE_BYTES } from './limits.js';
import { displayName, SpreadsheetError } from './messages.js';
import { xlsxGrid } from './xlsx.js';

/** Reads the first table of an .xlsx or CSV file. Throws SpreadsheetError on anything unusable. */
export async function readTable(data: Buffer, fileName: string): Promise<Table> {
  const name = displayName(fileName);
  if (data.length > MAX_FILE_BYTES) {
    throw new SpreadsheetError(`Файл «${name}» слишком большой: ${megabytes(data.length)} МБ, допускается не больше 10 МБ.`);
  }
  if (data.length === 0) throw new SpreadsheetError(`Файл «${name}» пустой.`);

  const grid = sniff(data) === 'zip' ? await xlsxGrid(data, name) : csvGrid(data, name);
  return tableFromGrid(grid, name);
}
