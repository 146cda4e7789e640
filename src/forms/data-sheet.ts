import type { CellValue, DataValidation, Workbook, Worksheet } from "exceljs";
import { COLS_MARKER, SHEET_MARKER_PREFIX, type SheetId } from "../intake/template-layout.js";
import {
  align,
  estimateHeight,
  font,
  frame,
  headerFill,
  headingFill,
  inputFill,
  margins,
  printScale,
  type HAlign,
} from "./style.js";

/**
 * A keyed data sheet as layout.ts describes it: the sheet marker in A1, a hidden key column A, a visible
 * title block, a hidden column-key row ("#cols" in column A), the visible header row, then data rows whose
 * key sits in column A. Title rows may be merged; data rows never are.
 */

export interface ColumnSpec {
  key: string;
  header: string;
  /** Excel column width units */
  width: number;
  align: HAlign;
}

export interface DataSheetSpec {
  id: SheetId;
  name: string;
  /** title block lines, each on its own row */
  parentBody: string;
  issuingBody: string;
  title: string;
  lines: string[];
  instruction: string;
  columns: ColumnSpec[];
  landscape: boolean;
  /** rows kept under the instruction for the check summaries (forms/check-column.ts); 0 for none */
  summaryRows?: number;
  /** a locked "Kiểm tra" column beside the inputs, with hidden count columns (forms/check-column.ts) */
  checkColumn?: boolean;
}

/** Column keys of the check column and its hidden helpers (not read by intake). */
export const checkColumnKeys = {
  check: "check",
  errors: "check-errors",
  warnings: "check-warnings",
  required: "check-required",
} as const;
export const CHECK_WIDTH = 44;

export interface CellSpec {
  value?: CellValue;
  /** an input cell: unlocked, pale fill, with this validation */
  input?: DataValidation;
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  align?: HAlign;
  /** text used to size the row when the value is not the text shown (e.g. an empty input) */
  sizeText?: string;
}

export interface RowOptions {
  heading?: boolean;
  minHeight?: number;
  /** top-align the row (long text inputs) */
  top?: boolean;
}

export const KEY_COLUMN = 1;
export const FIRST_COLUMN = 2;

export class DataSheet {
  readonly ws: Worksheet;
  readonly headerRow: number;
  private next: number;
  private readonly colOf = new Map<string, number>();
  /** row key → row number */
  readonly rowOfKey = new Map<string, number>();
  /** rows reserved for the check summaries */
  readonly summaryRows: number[] = [];

  constructor(
    wb: Workbook,
    readonly spec: DataSheetSpec,
  ) {
    this.ws = wb.addWorksheet(spec.name, {
      properties: { defaultRowHeight: 16 },
      pageSetup: {
        paperSize: 9,
        orientation: spec.landscape ? "landscape" : "portrait",
        scale: printScale(
          spec.columns.map((c) => c.width),
          spec.landscape,
        ),
        margins,
      },
      headerFooter: {
        oddFooter: `&C&"Times New Roman,Regular"&10Trang &P/&N`,
        differentFirst: false,
        differentOddEven: false,
      },
    });
    const ws = this.ws;
    spec.columns.forEach((c, i) => this.colOf.set(c.key, FIRST_COLUMN + i));
    const last = FIRST_COLUMN + spec.columns.length - 1;
    if (spec.checkColumn) {
      Object.values(checkColumnKeys).forEach((key, i) => {
        this.colOf.set(key, last + 1 + i);
        const col = ws.getColumn(last + 1 + i);
        col.width = i === 0 ? CHECK_WIDTH : 8;
        col.font = font(10);
        if (i > 0) col.hidden = true;
      });
    }

    const keyCol = ws.getColumn(KEY_COLUMN);
    keyCol.width = 14;
    keyCol.hidden = true;
    keyCol.font = font(10);
    spec.columns.forEach((c, i) => {
      const col = ws.getColumn(FIRST_COLUMN + i);
      col.width = c.width;
      col.font = font();
    });

    // Title block
    ws.getCell(1, KEY_COLUMN).value = `${SHEET_MARKER_PREFIX}${spec.id}`;
    const line = (
      row: number,
      text: string,
      opts: { size?: number; bold?: boolean; italic?: boolean; center?: boolean; merge?: boolean },
    ): void => {
      const cell = ws.getCell(row, FIRST_COLUMN);
      cell.value = text;
      cell.font = font(opts.size ?? 12, { bold: opts.bold ?? false, italic: opts.italic ?? false });
      cell.alignment = align(opts.center ? "center" : "left", "middle", Boolean(opts.merge));
      if (opts.merge && last > FIRST_COLUMN) ws.mergeCells(row, FIRST_COLUMN, row, last);
    };
    let r = 1;
    line(r++, spec.parentBody, {});
    line(r++, spec.issuingBody, { bold: true });
    ws.getRow(r).height = 24;
    line(r++, spec.title, { size: 14, bold: true, center: true, merge: true });
    for (const l of spec.lines) line(r++, l, { center: true, merge: true });
    line(r, spec.instruction, { size: 11, italic: true, merge: true });
    ws.getRow(r).height = estimateHeight([{ text: spec.instruction, width: this.totalWidth(), size: 11 }]);
    r++;
    for (let i = 0; i < (spec.summaryRows ?? 0); i++) {
      this.summaryRows.push(r);
      const cell = ws.getCell(r, FIRST_COLUMN);
      cell.font = font(12, { bold: true });
      cell.alignment = align("left", "middle", true);
      ws.mergeCells(r, FIRST_COLUMN, r, spec.checkColumn ? last + 1 : last);
      ws.getRow(r).height = 20;
      r++;
    }

    // Column-key row (hidden), then the header row
    const colsRow = r++;
    ws.getCell(colsRow, KEY_COLUMN).value = COLS_MARKER;
    spec.columns.forEach((c, i) => {
      ws.getCell(colsRow, FIRST_COLUMN + i).value = c.key;
    });
    if (spec.checkColumn)
      for (const key of Object.values(checkColumnKeys)) ws.getCell(colsRow, this.col(key)).value = key;
    ws.getRow(colsRow).hidden = true;

    this.headerRow = r++;
    spec.columns.forEach((c, i) => {
      const cell = ws.getCell(this.headerRow, FIRST_COLUMN + i);
      cell.value = c.header;
      cell.font = font(12, { bold: true });
      cell.alignment = align("center");
      cell.border = frame;
      cell.fill = headerFill;
    });
    if (spec.checkColumn) {
      const cell = ws.getCell(this.headerRow, this.col(checkColumnKeys.check));
      cell.value = "Kiểm tra";
      cell.font = font(12, { bold: true });
      cell.alignment = align("center");
      cell.border = frame;
      cell.fill = headerFill;
    }
    ws.getRow(this.headerRow).height = estimateHeight(spec.columns.map((c) => ({ text: c.header, width: c.width })));
    this.next = r;

    ws.views = [
      {
        state: "frozen",
        xSplit: 0,
        ySplit: this.headerRow,
        topLeftCell: `B${this.headerRow + 1}`,
        activeCell: `B${this.headerRow + 1}`,
        showGridLines: true,
      },
    ];
    ws.pageSetup.printTitlesRow = `${this.headerRow}:${this.headerRow}`;
  }

  totalWidth(): number {
    return this.spec.columns.reduce((s, c) => s + c.width, 0);
  }

  col(key: string): number {
    const c = this.colOf.get(key);
    if (c === undefined) throw new Error(`unknown column key ${key}`);
    return c;
  }

  /** Adds a framed table row; `key` goes to the hidden key column (null for heading rows). Returns the row number. */
  addRow(key: string | null, cells: Record<string, CellSpec>, opts: RowOptions = {}): number {
    const ws = this.ws;
    const r = this.next++;
    if (key !== null) {
      ws.getCell(r, KEY_COLUMN).value = key;
      this.rowOfKey.set(key, r);
    }
    const sizing: { text: string; width: number }[] = [];
    for (const c of this.spec.columns) {
      const spec = cells[c.key] ?? {};
      const cell = ws.getCell(r, this.col(c.key));
      if (spec.value !== undefined && spec.value !== null) cell.value = spec.value;
      cell.font = font(12, { bold: spec.bold ?? opts.heading ?? false, italic: spec.italic ?? false });
      cell.alignment = align(spec.align ?? c.align, opts.top ? "top" : "middle");
      cell.border = frame;
      if (spec.numFmt) cell.numFmt = spec.numFmt;
      if (spec.input) {
        cell.protection = { locked: false };
        cell.fill = inputFill;
        cell.dataValidation = spec.input;
      } else if (opts.heading) {
        cell.fill = headingFill;
      }
      const text = spec.sizeText ?? (typeof spec.value === "string" ? spec.value : "");
      if (text) sizing.push({ text, width: c.width });
    }
    if (this.spec.checkColumn) {
      const cell = ws.getCell(r, this.col(checkColumnKeys.check));
      cell.font = font(10);
      cell.alignment = align("left", opts.top ? "top" : "middle");
      cell.border = frame;
      if (opts.heading) cell.fill = headingFill;
    }
    ws.getRow(r).height = Math.max(opts.minHeight ?? 0, estimateHeight(sizing));
    return r;
  }

  /** A keyless note row below the table (e.g. "no tasks"), spanning the table without a merge. */
  addNote(text: string): number {
    const r = this.next++;
    const cell = this.ws.getCell(r, FIRST_COLUMN);
    cell.value = text;
    cell.font = font(12, { italic: true });
    cell.alignment = align("left", "middle", false);
    return r;
  }

  get lastRow(): number {
    return this.next - 1;
  }

  /** Print area: the visible columns from the first title row to the last row written. */
  finish(): void {
    const lastCol = this.ws.getColumn(FIRST_COLUMN + this.spec.columns.length - 1).letter;
    this.ws.pageSetup.printArea = `B$1:${lastCol}$${Math.max(this.lastRow, this.headerRow)}`;
  }
}
