/**
 * An .xlsx as a grid: the workbook opened through lib/archive.ts, its sheets walked with exceljs,
 * every cell through cells.ts.
 *
 * Decisions worth knowing:
 * - An .xlsx is opened by lib/archive.ts (XLSX_LIMITS, checked from the central directory), and
 *   exceljs is given only the parts it needs, unpacked within those limits (loadWorkbook).
 * - Cells of a merged range all get the master cell's text (a school merged down over several rows
 *   is repeated on each row); the grid keeps the merge layout for reading multi-level headers.
 * - Visible sheets only, unless all are hidden.
 */

import ExcelJS from 'exceljs';
import { ArchiveError, openZip, type ZipArchive } from '../archive.js';
import { ODS } from '../mime.js';
import { type CellTextOptions, cellText } from './cells.js';
import type { Grid, GridSheet } from './grid.js';
import { MAX_XLSX_XML_BYTES, XLSX_LIMITS } from './limits.js';
import { archiveRefusal, notATable, RESAVE, SpreadsheetError } from './messages.js';

export async function xlsxGrid(data: Buffer, name: string): Promise<Grid> {
  let archive: ZipArchive;
  try {
    archive = openZip(data, XLSX_LIMITS);
  } catch (error) {
    if (error instanceof ArchiveError) throw archiveRefusal(error, name);
    throw error;
  }
  if (!archive.has('xl/workbook.xml')) {
    if (archive.has('xl/workbook.bin')) {
      throw new SpreadsheetError(
        `Файл «${name}» сохранён как двоичная книга Excel (.xlsb). Сохраните его в Excel как «Книга Excel (.xlsx)» или «CSV UTF-8» и загрузите снова.`,
      );
    }
    if (data.includes(ODS.mediaType)) {
      throw new SpreadsheetError(
        `Файл «${name}» сохранён в формате OpenDocument (.ods). Сохраните его как «Книга Excel (.xlsx)» (в LibreOffice: «Файл → Сохранить как», тип «Excel 2007–365») или как CSV и загрузите снова.`,
      );
    }
    throw notATable(name);
  }
  const xmlBytes = sheetXmlBytes(archive);
  if (xmlBytes > MAX_XLSX_XML_BYTES)
    throw archiveRefusal(new ArchiveError('too_big', { bytes: xmlBytes, limit: MAX_XLSX_XML_BYTES }), name);

  let workbook: ExcelJS.Workbook;
  try {
    workbook = await loadWorkbook(archive);
  } catch (error) {
    if (error instanceof ArchiveError) throw archiveRefusal(error, name);
    throw new SpreadsheetError(`Не удалось прочитать файл «${name}»: он повреждён или сохранён не полностью. ${RESAVE}`);
  }
  const visible = workbook.worksheets.filter((sheet) => sheet.state === 'visible');
  return { sheets: (visible.length > 0 ? visible : workbook.worksheets).map((sheet) => sheetGrid(sheet)) };
}

/** Declared unpacked size of the worksheets and shared strings of a workbook: what exceljs keeps in memory. */
export function sheetXmlBytes(archive: ZipArchive): number {
  let total = 0;
  for (const entry of archive.entries.values())
    if (/^xl\/(worksheets\/[^/]+|sharedStrings)\.xml$/.test(entry.name)) total += entry.size;
  return total;
}

/**
 * The parts of an .xlsx that exceljs reads cell values, merges and number formats from, plus those
 * its reconcile step looks up through a sheet's relationships (it fails on a hyperlink, a drawing,
 * a comment or a table whose part is missing). Pictures, themes, document properties, printer
 * settings, custom XML and anything else are never unpacked.
 */
const WORKBOOK_PARTS =
  /^xl\/(?:workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/sheet\d+\.xml|worksheets\/_rels\/sheet\d+\.xml\.rels|drawings\/[a-zA-Z0-9]+\.xml|drawings\/vmlDrawing\d+\.vml|comments\d+\.xml|tables\/table\d+\.xml)$/;

/**
 * An .xlsx as an exceljs workbook, exceljs being given only WORKBOOK_PARTS, unpacked through the
 * archive reader (so within its limits) and stored: exceljs (JSZip) unpacks every part it is given.
 * Throws ArchiveError for a part that is damaged or over the limits, anything else when exceljs fails.
 */
export async function loadWorkbook(archive: ZipArchive): Promise<ExcelJS.Workbook> {
  const parts = await archive.repack([...archive.entries.keys()].filter((part) => WORKBOOK_PARTS.test(part)));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(parts as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

/** A worksheet's non-empty rows (by exceljs's measure) as text, with its merge layout. */
export function sheetGrid(worksheet: ExcelJS.Worksheet, options: CellTextOptions = {}): GridSheet {
  const rows: GridSheet['rows'] = [];
  // Id (master address) of the merged range of each merged cell, per grid row index and column.
  const merges = new Map<number, Map<number, string>>();
  // Extent of each merged range; `top` is the sheet row number.
  const ranges = new Map<string, { top: number; left: number; right: number }>();
  const lineToIndex = new Map<number, number>();

  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    let rowMerges: Map<number, string> | undefined;
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const col = colNumber - 1;
      while (cells.length < col) cells.push('');
      cells[col] = cellText(cell, options);
      if (cell.isMerged) {
        const master = cell.master;
        const id = master.address;
        let range = ranges.get(id);
        if (!range) {
          range = { top: Number(master.row), left: Number(master.col) - 1, right: Number(master.col) - 1 };
          ranges.set(id, range);
        }
        if (col > range.right) range.right = col;
        rowMerges ??= new Map();
        rowMerges.set(col, id);
      }
    });
    lineToIndex.set(rowNumber, rows.length);
    rows.push({ line: rowNumber, cells });
    if (rowMerges) merges.set(rows.length - 1, rowMerges);
  });

  return {
    rows,
    merge(rowIndex, col) {
      const id = merges.get(rowIndex)?.get(col);
      if (id === undefined) return null;
      const range = ranges.get(id)!;
      // `top` as an index into `rows`, which holds only the non-empty sheet rows.
      return { id, top: lineToIndex.get(range.top) ?? rowIndex, left: range.left, right: range.right };
    },
  };
}
