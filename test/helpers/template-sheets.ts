import ExcelJS from "exceljs";
import { COLS_MARKER, SHEET_MARKER_PREFIX } from "../../src/intake/template-layout.js";

/** Reading helpers for template tests: find sheets by marker and cells by keys, as layout.ts describes. */

export async function loadWorkbook(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  return wb;
}

export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  return String(v);
}

/** Sheets by the id in their "#sheet:<id>" marker (searched anywhere in the sheet). */
export function sheetsByMarker(wb: ExcelJS.Workbook): Map<string, ExcelJS.Worksheet> {
  const out = new Map<string, ExcelJS.Worksheet>();
  for (const ws of wb.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const t = cellText(c.value).trim();
        if (t.startsWith(SHEET_MARKER_PREFIX)) out.set(t.slice(SHEET_MARKER_PREFIX.length), ws);
      }),
    );
  }
  return out;
}

export interface KeyedSheet {
  ws: ExcelJS.Worksheet;
  keyCol: number;
  colsRow: number;
  rows: Map<string, number>;
  cols: Map<string, number>;
}

export function readKeys(ws: ExcelJS.Worksheet): KeyedSheet {
  let at: { row: number; col: number } | null = null;
  ws.eachRow((row, r) =>
    row.eachCell((c, col) => {
      if (cellText(c.value).trim() === COLS_MARKER) at = { row: r, col };
    }),
  );
  if (!at) throw new Error(`no ${COLS_MARKER} in ${ws.name}`);
  const { row: colsRow, col: keyCol } = at as { row: number; col: number };
  const cols = new Map<string, number>();
  ws.getRow(colsRow).eachCell((c, col) => {
    if (col !== keyCol) cols.set(cellText(c.value).trim(), col);
  });
  const rows = new Map<string, number>();
  ws.eachRow((row, r) => {
    if (r === colsRow) return;
    const t = cellText(row.getCell(keyCol).value).trim();
    if (t && !t.startsWith(SHEET_MARKER_PREFIX)) rows.set(t, r);
  });
  return { ws, keyCol, colsRow, rows, cols };
}

export function cellAt(k: KeyedSheet, rowKey: string, colKey: string): ExcelJS.Cell {
  const r = k.rows.get(rowKey);
  const c = k.cols.get(colKey);
  if (r === undefined || c === undefined) throw new Error(`no cell for ${rowKey} × ${colKey} in ${k.ws.name}`);
  return k.ws.getCell(r, c);
}

export function readMeta(ws: ExcelJS.Worksheet): Record<string, string> {
  const out: Record<string, string> = {};
  ws.eachRow((row) => {
    const k = cellText(row.getCell(1).value).trim();
    if (k && !k.startsWith(SHEET_MARKER_PREFIX)) out[k] = cellText(row.getCell(2).value).trim();
  });
  return out;
}

/** Every unlocked cell of a sheet, by address. */
export function unlockedCells(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Cell> {
  const out = new Map<string, ExcelJS.Cell>();
  ws.eachRow({ includeEmpty: true }, (row) =>
    row.eachCell({ includeEmpty: true }, (c) => {
      if (c.protection?.locked === false) out.set(c.address, c);
    }),
  );
  return out;
}
