import ExcelJS from "exceljs";
import { COLS_MARKER, SHEET_MARKER_PREFIX, columnKeys, rowKey, type SheetId } from "../intake/template-layout.js";
import {
  reportedTaskStates,
  taskStateLabels,
  type InfoField,
  type NarrativeSection,
  type ReportedTaskState,
} from "../vn/labels.js";
import type { CheckLayout } from "../forms/check-column.js";
import type { CellValue } from "../intake/judge/check-expr.js";

/**
 * Fills an agency template (the bytes `cchc issue` writes) the way an agency would, locating every cell by the
 * key scheme of src/intake/template-layout.ts — sheet marker, "#cols" row and key column — never by fixed addresses.
 * Used by intake tests, reader tests and the sample-data generator.
 *
 *   const bytes = await fillTemplate(template, {
 *     info: { reporter: "Nguyễn Văn A", "doc-date": new Date(Date.UTC(2025, 2, 15)) },
 *     values: { "ii.hs-tiep-nhan": 1200, "ii.hs-truc-tuyen": "1.234" },        // text is written as text
 *     tasks: { 3: { status: "done", result: "Đã ban hành kế hoạch" } },        // a status code writes its dropdown label
 *     narrative: { "uu-diem": "…" },
 *   }, { edit: (t) => t.sheet("figures").name = "Bieu 2" });
 */

/** What can be put in a cell. */
export type FillValue =
  | string
  | number
  | boolean
  | Date
  | null
  /** text shown in a given font (e.g. TCVN3 bytes with ".VnTime", VNI with "VNI-Times") */
  | { text: string; font: string }
  /** a formula; without `result` the file has no cached value */
  | { formula: string; result?: number | string | { error: ErrorValue } }
  /** an error value (as a cached formula result or typed) */
  | { error: ErrorValue }
  /** a value with a number format, e.g. a date serial in a "General" cell: { value: 45731, numFmt: "General" } */
  | { value: number | string; numFmt: string };

export type ErrorValue = "#DIV/0!" | "#REF!" | "#VALUE!" | "#N/A" | "#NAME?" | "#NUM!" | "#NULL!";

export type TaskColumn = "status" | "result" | "doc" | "doc-date" | "difficulties";

export interface FillSpec {
  info?: Partial<Record<InfoField, FillValue>>;
  /** indicator code → its value cell ("value" column of the figures sheet) */
  values?: Record<string, FillValue>;
  /** indicator code → its note cell */
  notes?: Record<string, FillValue>;
  /** task stt → cells; a reported task state as status writes its dropdown word (vn/labels.ts: done → Đã hoàn thành) */
  tasks?: Record<number, Partial<Record<TaskColumn, FillValue | ReportedTaskState>>>;
  narrative?: Partial<Record<NarrativeSection, FillValue>>;
}

/** An opened template with key-based access, for fills and for edits (renaming, moving rows …). */
export class TemplateBook {
  constructor(readonly wb: ExcelJS.Workbook) {}

  static async open(bytes: Uint8Array): Promise<TemplateBook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    return new TemplateBook(wb);
  }

  /** The sheet carrying "#sheet:<id>" anywhere (found by marker, not by name). */
  sheet(id: SheetId): ExcelJS.Worksheet {
    for (const ws of this.wb.worksheets) {
      let found = false;
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (!found && textOf(c.value).trim() === `${SHEET_MARKER_PREFIX}${id}`) found = true;
        }),
      );
      if (found) return ws;
    }
    throw new Error(`no sheet with marker ${SHEET_MARKER_PREFIX}${id}`);
  }

  /** The "#cols" cell of a sheet: the key column and the column-key row. */
  origin(id: SheetId): { ws: ExcelJS.Worksheet; row: number; col: number } {
    const ws = this.sheet(id);
    let at: { row: number; col: number } | null = null;
    ws.eachRow((row, r) =>
      row.eachCell((c, col) => {
        if (!at && textOf(c.value).trim() === COLS_MARKER) at = { row: r, col };
      }),
    );
    if (!at) throw new Error(`no ${COLS_MARKER} on sheet ${ws.name}`);
    const { row, col } = at as { row: number; col: number };
    return { ws, row, col };
  }

  /** Row number of a row key ("ind:ii.hs-tiep-nhan"), or null. */
  row(id: SheetId, key: string): number | null {
    const o = this.origin(id);
    let found: number | null = null;
    o.ws.eachRow((row, r) => {
      if (found === null && r !== o.row && textOf(row.getCell(o.col).value).trim() === key) found = r;
    });
    return found;
  }

  /** Column number of a column key ("value"), or null. */
  column(id: SheetId, key: string): number | null {
    const o = this.origin(id);
    let found: number | null = null;
    o.ws.getRow(o.row).eachCell((c, col) => {
      if (found === null && col !== o.col && textOf(c.value).trim() === key) found = col;
    });
    return found;
  }

  /** The cell at (row key, column key); throws when either key is absent. */
  cell(id: SheetId, rowKeyText: string, columnKey: string): ExcelJS.Cell {
    const r = this.row(id, rowKeyText);
    const c = this.column(id, columnKey);
    if (r === null || c === null) throw new Error(`no cell ${rowKeyText} × ${columnKey} on sheet ${id}`);
    return this.sheet(id).getCell(r, c);
  }

  /** Writes a value into the cell at (row key, column key). */
  set(id: SheetId, rowKeyText: string, columnKey: string, value: FillValue): ExcelJS.Cell {
    const cell = this.cell(id, rowKeyText, columnKey);
    writeCell(cell, value);
    return cell;
  }

  fill(spec: FillSpec): this {
    for (const [field, v] of Object.entries(spec.info ?? {}))
      this.set("info", rowKey.info(field as InfoField), columnKeys.info.value, v as FillValue);
    for (const [code, v] of Object.entries(spec.values ?? {}))
      this.set("figures", rowKey.indicator(code), columnKeys.figures.value, v);
    for (const [code, v] of Object.entries(spec.notes ?? {}))
      this.set("figures", rowKey.indicator(code), columnKeys.figures.note, v);
    for (const [stt, cols] of Object.entries(spec.tasks ?? {})) {
      for (const [col, v] of Object.entries(cols)) {
        const value = col === "status" && isStatus(v) ? taskStateLabels[v] : (v as FillValue);
        this.set("tasks", rowKey.task(Number(stt)), col, value);
      }
    }
    for (const [section, v] of Object.entries(spec.narrative ?? {})) {
      this.set("assessment", rowKey.text(section as NarrativeSection), columnKeys.assessment.value, v as FillValue);
    }
    return this;
  }

  /** Swaps the contents (values and styles) of two keyed rows: the rows appear reordered. */
  swapRows(id: SheetId, keyA: string, keyB: string): this {
    const ws = this.sheet(id);
    const a = this.row(id, keyA);
    const b = this.row(id, keyB);
    if (a === null || b === null) throw new Error(`no row ${keyA} or ${keyB}`);
    const last = ws.columnCount;
    for (let c = 1; c <= last; c++) {
      const ca = ws.getCell(a, c);
      const cb = ws.getCell(b, c);
      const [va, sa] = [ca.value, { ...ca.style }];
      ca.value = cb.value;
      ca.style = { ...cb.style };
      cb.value = va;
      cb.style = sa;
    }
    return this;
  }

  /** Inserts empty rows before a keyed row (everything below moves down). */
  insertRowsBefore(id: SheetId, key: string, count = 1): this {
    const ws = this.sheet(id);
    const r = this.row(id, key);
    if (r === null) throw new Error(`no row ${key}`);
    ws.spliceRows(r, 0, ...Array.from({ length: count }, () => [] as ExcelJS.CellValue[]));
    return this;
  }

  /** Deletes a keyed row (everything below moves up). */
  deleteRow(id: SheetId, key: string): this {
    const ws = this.sheet(id);
    const r = this.row(id, key);
    if (r === null) throw new Error(`no row ${key}`);
    ws.spliceRows(r, 1);
    return this;
  }

  async toBuffer(): Promise<Buffer> {
    return Buffer.from(await this.wb.xlsx.writeBuffer());
  }
}

const isStatus = (v: unknown): v is ReportedTaskState =>
  typeof v === "string" && (reportedTaskStates as readonly string[]).includes(v);

function textOf(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  return String(v);
}

/** Writes one FillValue, keeping the cell's style (a font name only replaces the font's name). */
export function writeCell(cell: ExcelJS.Cell, value: FillValue): void {
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    if ("font" in value) {
      cell.value = value.text;
      cell.font = { ...(cell.font ?? {}), name: value.font };
      return;
    }
    if ("numFmt" in value) {
      cell.value = value.value;
      cell.numFmt = value.numFmt;
      return;
    }
    if ("formula" in value) {
      const result = value.result;
      cell.value = (
        result === undefined
          ? { formula: value.formula }
          : { formula: value.formula, result: typeof result === "object" ? { error: result.error } : result }
      ) as ExcelJS.CellValue;
      return;
    }
    cell.value = { error: value.error } as ExcelJS.CellValue;
    return;
  }
  cell.value = value;
}

/** A cell's content as a spreadsheet's functions see it (a formula as its cached result, a date as its serial). */
export function cellValueOf(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.getTime() / 86_400_000 + 25_569;
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("error" in v) return { error: String(v.error) };
    if ("formula" in v || "sharedFormula" in v) {
      // exceljs drops a cached result of 0 or "" when it loads a file: read a missing one as 0
      const r = (v as { result?: unknown }).result;
      return r === undefined || r === null ? 0 : cellValueOf(r as ExcelJS.CellValue);
    }
    if ("text" in v) return String((v as { text: unknown }).text);
  }
  return null;
}

/**
 * Sets the cached results of a template's check formulas (forms/check-column.ts) to what they compute over the
 * cells as filled, as a spreadsheet would on recalculation. The layout is the template's, so rows must not move.
 */
export function refreshChecks(t: TemplateBook, layout: CheckLayout): void {
  const sheets = new Map<string, ExcelJS.Worksheet>();
  const sheetOf = (id: SheetId): ExcelJS.Worksheet => {
    let ws = sheets.get(id);
    if (!ws) {
      ws = t.sheet(id);
      sheets.set(id, ws);
    }
    return ws;
  };
  const cells = layout.compute((sheet, address) => cellValueOf(sheetOf(sheet).getCell(address).value));
  for (const c of cells)
    sheetOf(c.sheet).getCell(c.address).value = { formula: c.formula, result: c.result } as ExcelJS.CellValue;
}

export interface FillOptions {
  edit?: (t: TemplateBook) => void | Promise<void>;
  /** the template's check layout: the check formulas' cached results are set to what they compute after the fill */
  checks?: CheckLayout;
}

/** Opens a template, fills it, applies an optional edit, and returns the new bytes (the input is not changed). */
export async function fillTemplate(template: Uint8Array, spec: FillSpec, opts: FillOptions = {}): Promise<Buffer> {
  const t = await TemplateBook.open(template);
  t.fill(spec);
  if (opts.edit) await opts.edit(t);
  if (opts.checks) refreshChecks(t, opts.checks);
  return t.toBuffer();
}
