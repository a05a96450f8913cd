/**
 * What the file readers (xlsx.ts, csv.ts) hand to the table reader (header.ts): sheets as rows of
 * cleaned strings plus the merge layout needed to read a multi-level header.
 */

export interface Grid {
  sheets: GridSheet[];
}

export interface GridRow {
  /** What the user sees: the row number in Excel, the line in a CSV. */
  line: number;
  cells: string[];
}

/** A merged range as seen from one of its cells: an id, the grid index of its first row, its first and last columns. */
export interface GridMerge {
  id: string;
  top: number;
  left: number;
  right: number;
}

export interface GridSheet {
  /** Rows in sheet order. */
  rows: GridRow[];
  /** The merged range the cell belongs to (0-based grid row index and column), null when it is not merged. */
  merge(rowIndex: number, col: number): GridMerge | null;
}
