/** What the spreadsheet reader tells the user: its error, a file's name as shown, the Russian words it needs. */

import { type ArchiveError, archiveMessage } from '../archive.js';
import { plural, shorten } from '../ru.js';
import { MAX_ROWS } from './limits.js';

/** A problem with the uploaded file; the message is Russian and is shown to the user as is. */
export class SpreadsheetError extends Error {
  override name = 'SpreadsheetError';
}

/** A file's name as messages show it: without its folders, at most 80 characters. */
export function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim() || 'без имени';
  return shorten(base, 80);
}

/** «строка», «строки», «строк» for a count. */
export function rowsWord(count: number): string {
  return plural(count, ['строка', 'строки', 'строк']);
}

export const RESAVE = 'Сохраните его в Excel как «Книга Excel (.xlsx)» или «CSV UTF-8» и загрузите снова.';

export function notATable(name: string): SpreadsheetError {
  return new SpreadsheetError(`Файл «${name}» не похож на таблицу Excel (.xlsx) или CSV. ${RESAVE}`);
}

/** An .xlsx refused by the archive reader (or over the sheet XML budget), said the way this module says things. */
export function archiveRefusal(error: ArchiveError, name: string): SpreadsheetError {
  if (error.problem === 'not_zip') return notATable(name);
  const advice =
    error.problem === 'too_big'
      ? `Удалите лишние листы и столбцы или разделите таблицу на файлы не больше ${MAX_ROWS.toLocaleString('ru-RU')} строк.`
      : RESAVE;
  return new SpreadsheetError(`${archiveMessage(error, `«${name}»`)} ${advice}`);
}
