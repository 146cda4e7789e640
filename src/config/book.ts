import type { RawCell } from "../intake/xlsx/raw-workbook.js";

/**
 * The configuration workbook as plain data, between the seeds and the .xlsx: key/value sheets as cells by key,
 * table sheets as rows of cells by column key. Cells read from a file keep their raw form (for the safe
 * readers of intake) and their address (for findings).
 *
 * config: the configuration workbook, the seeds as a workbook a specialist edits in Excel and gives back. The seeds are
 * written out (seeds-to-book.ts, write-book.ts, guide.ts, layout.ts) and read back (read-book.ts, book-to-seeds.ts)
 * through this plain-data form, judged cell by cell (judge-config.ts), compared (seed-changes.ts, seed-json.ts), and a
 * decision's appendix of tasks is read from .docx, .doc or .odt (decision-appendix.ts).
 */

export type Value = string | number | boolean | Date | null;

export interface BookCell {
  value: Value;
  raw?: RawCell;
  address?: string;
}

export interface BookRow {
  /** the sheet row, when read from a file */
  row?: number;
  cells: Record<string, BookCell | undefined>;
}

export const bookTables = ["groups", "phrases", "agencies", "tasks", "indicators", "targets"] as const;
export type BookTable = (typeof bookTables)[number];

export interface ConfigBook {
  settings: Record<string, BookCell | undefined>;
  plan: Record<string, BookCell | undefined>;
  groups: BookRow[];
  phrases: BookRow[];
  agencies: BookRow[];
  tasks: BookRow[];
  indicators: BookRow[];
  targets: BookRow[];
  /** the sheet each part was read from (its name in the file), for findings */
  sheets: Record<"settings" | "plan" | BookTable, string>;
}

export const cell = (value: Value): BookCell => ({ value });

/** Values of a row, for writing. */
export function rowOf(values: Record<string, Value | undefined>): BookRow {
  const cells: Record<string, BookCell> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== "") cells[k] = { value: v };
  return { cells };
}
