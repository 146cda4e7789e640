import { COLS_MARKER, SHEET_MARKER_PREFIX, metaKeys, type MetaKey } from "../template-layout.js";
import { formatAddress, parseAddress, type RawCell, type RawSheet, type RawWorkbook } from "../xlsx/raw-workbook.js";

/**
 * Finds sheets, columns and rows by the keys of template-layout.ts — never by name or position — so that
 * renamed, hidden or reordered sheets and inserted, deleted or reordered rows read the same.
 */

/** The text of a key-bearing cell (markers and keys are plain ASCII strings). */
function keyText(cell: RawCell | undefined): string | null {
  if (!cell || cell.kind !== "string") return null;
  const t = cell.text.trim();
  return t === "" ? null : t;
}

/** A key-bearing cell with its position. */
interface KeyCell {
  addr: string;
  col: number;
  row: number;
  key: string;
}

/** "B12" → column and row: the plain upper-case form fast, anything else through parseAddress. */
function positionOf(addr: string): { col: number; row: number } | null {
  let col = 0;
  let i = 0;
  const n = addr.length;
  for (; i < n && i < 3; i++) {
    const c = addr.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === 0 || i === n || n - i > 9) return parseAddress(addr);
  let row = 0;
  for (let j = i; j < n; j++) {
    const c = addr.charCodeAt(j);
    if (c < 48 || c > 57) return parseAddress(addr);
    row = row * 10 + (c - 48);
  }
  return { col, row };
}

const byReadingOrder = (a: KeyCell, b: KeyCell): number => a.row - b.row || a.col - b.col;

/**
 * The key-bearing cells of a sheet (non-empty text) that pass a test on their key, in reading order (row, then
 * column). Only such cells can be markers or keys, so the other cells are neither placed nor sorted.
 */
function keyCells(sheet: RawSheet, test: (key: string) => boolean): KeyCell[] {
  return everyKeyCell(sheet).filter((c) => test(c.key));
}

/** Every key-bearing cell of a sheet, found once per sheet (markers, columns and rows are all looked up in it). */
const keyCellsOf = new WeakMap<RawSheet, KeyCell[]>();

function everyKeyCell(sheet: RawSheet): KeyCell[] {
  let out = keyCellsOf.get(sheet);
  if (out) return out;
  out = [];
  for (const [addr, cell] of sheet.cells) {
    const key = keyText(cell);
    if (key === null) continue;
    const p = positionOf(addr);
    if (p) out.push({ addr, col: p.col, row: p.row, key });
  }
  out.sort(byReadingOrder);
  keyCellsOf.set(sheet, out);
  return out;
}

/** The sheet id of the first "#sheet:<id>" marker on a sheet, or null. */
export function sheetMarker(sheet: RawSheet): string | null {
  const first = keyCells(sheet, (k) => k.startsWith(SHEET_MARKER_PREFIX))[0];
  return first ? first.key.slice(SHEET_MARKER_PREFIX.length).trim() || null : null;
}

export interface MarkedSheets {
  /** the first sheet carrying each marker, in workbook order */
  byId: Map<string, RawSheet>;
  /** later sheets carrying a marker already seen (copies) */
  duplicates: { id: string; sheet: RawSheet; first: RawSheet }[];
}

export function findMarkedSheets(wb: RawWorkbook): MarkedSheets {
  const byId = new Map<string, RawSheet>();
  const duplicates: MarkedSheets["duplicates"] = [];
  for (const sheet of wb.sheets) {
    const id = sheetMarker(sheet);
    if (!id) continue;
    const first = byId.get(id);
    if (first) duplicates.push({ id, sheet, first });
    else byId.set(id, sheet);
  }
  return { byId, duplicates };
}

/** A keyed table: where its column keys and row keys are. */
export interface KeyedTable {
  sheet: RawSheet;
  /** the row of the "#cols" cell and the key column */
  colsRow: number;
  keyCol: number;
  /** column key → column number (first occurrence) */
  columns: Map<string, number>;
  /** row key → row numbers in reading order (more than one when a row was copied) */
  rows: Map<string, number[]>;
}

/** Locates the "#cols" cell and reads the column keys of its row and the row keys of its column. Null without "#cols". */
export function locateTable(sheet: RawSheet): KeyedTable | null {
  const origin = keyCells(sheet, (k) => k === COLS_MARKER)[0];
  if (!origin) return null;
  const columns = new Map<string, number>();
  const rows = new Map<string, number[]>();
  const cells = keyCells(sheet, () => true).filter((c) => c.row === origin.row || c.col === origin.col);
  for (const c of cells) {
    if (c.row === origin.row && c.col !== origin.col) {
      if (!columns.has(c.key)) columns.set(c.key, c.col);
    } else if (c.col === origin.col && c.row !== origin.row) {
      if (!c.key.startsWith(SHEET_MARKER_PREFIX)) {
        const list = rows.get(c.key);
        if (list) list.push(c.row);
        else rows.set(c.key, [c.row]);
      }
    }
  }
  return { sheet, colsRow: origin.row, keyCol: origin.col, columns, rows };
}

/** The cell at (row, column key): its address always, its content when there is one. */
export function cellAt(
  table: KeyedTable,
  row: number,
  columnKey: string,
): { address: string; cell: RawCell | undefined } | null {
  const col = table.columns.get(columnKey);
  if (col === undefined) return null;
  const address = formatAddress(col, row);
  return { address, cell: table.sheet.cells.get(address) };
}

export interface MetaEntry {
  value: RawCell | undefined;
  address: string;
}

/** Meta key/value pairs: a cell holding a known key, the value in the next cell to the right. */
export function readMetaPairs(sheet: RawSheet): Map<MetaKey, MetaEntry> {
  const out = new Map<MetaKey, MetaEntry>();
  const known = new Set<string>(metaKeys);
  for (const c of keyCells(sheet, (k) => known.has(k))) {
    if (out.has(c.key as MetaKey)) continue;
    const address = formatAddress(c.col + 1, c.row);
    out.set(c.key as MetaKey, { value: sheet.cells.get(address), address });
  }
  return out;
}

/** A meta value as plain text ("" when empty): numbers as written, strings trimmed. */
export function metaText(entry: MetaEntry | undefined): string {
  const v = entry?.value;
  if (!v) return "";
  if (v.kind === "string") return v.text.trim();
  if (v.kind === "number") return String(v.value);
  if (v.kind === "boolean") return String(v.value);
  if (v.kind === "error") return v.text;
  return "";
}
