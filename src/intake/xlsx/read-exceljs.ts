import ExcelJS from "exceljs";
import {
  ReadError,
  cleanRawWorkbook,
  defaultLimits,
  type RawCell,
  type RawSheet,
  type RawWorkbook,
  type ReadLimits,
  type WorkbookReader,
} from "./raw-workbook.js";
import { isDateFormat, parseStyles, serialFromTime, timeFromSerial, type StyleInfo } from "./styles.js";
import { parseApplication } from "./workbook-parts.js";
import { readLean } from "./read-lean.js";
import { openWorkbookZip } from "./sniff.js";
import { ZipInflater, type ZipArchive } from "./zip.js";

/**
 * The reference reader: exceljs's document reader (Workbook.xlsx.load — never its streaming reader, which corrupts
 * Vietnamese text). exceljs inflates every zip entry with no cap, so the bytes first pass the same safety checks as
 * the lean reader: sniffing, then every entry inflated once under the caps with its CRC verified.
 *
 * Normalisation shared with the lean reader: no empty cells (styled-but-empty cells, empty strings without a
 * formula and the hidden parts of merged ranges are left out); dates are 1900-system serials rounded to the
 * millisecond; a string's font is its first rich-text run's font, else the cell's font, else the workbook's
 * default cell font (cellXfs[0]), which exceljs leaves out for unstyled cells.
 */

type Value = ExcelJS.CellValue;

function richText(v: unknown): { text: string; font: string | undefined } | null {
  if (v && typeof v === "object" && Array.isArray((v as ExcelJS.CellRichTextValue).richText)) {
    const runs = (v as ExcelJS.CellRichTextValue).richText;
    return { text: runs.map((r) => r.text ?? "").join(""), font: runs[0]?.font?.name };
  }
  return null;
}

interface CellContext {
  font: string | undefined;
  numFmt: string | undefined;
  date1904: boolean;
}

function stringCell(text: string, font: string | undefined, formula?: string): RawCell | null {
  if (formula === undefined && text === "") return null;
  const cell: RawCell = { kind: "string", text };
  if (font !== undefined) cell.font = font;
  if (formula !== undefined) cell.formula = formula;
  return cell;
}

function numberCell(value: number, ctx: CellContext, formula?: string): RawCell {
  const isDate = isDateFormat(ctx.numFmt);
  const v = isDate ? serialFromTime(timeFromSerial(value, ctx.date1904)) : value;
  if (!Number.isFinite(v))
    return formula !== undefined
      ? { kind: "unreadable", text: String(value), formula }
      : { kind: "unreadable", text: String(value) };
  return formula !== undefined ? { kind: "number", value: v, isDate, formula } : { kind: "number", value: v, isDate };
}

function dateCell(d: Date, formula?: string): RawCell {
  const value = serialFromTime(d.getTime());
  return formula !== undefined
    ? { kind: "number", value, isDate: true, formula }
    : { kind: "number", value, isDate: true };
}

/** A plain value (no formula) or a formula's result → RawCell. */
function valueCell(v: Value | undefined, ctx: CellContext, formula?: string): RawCell | null {
  if (v === null || v === undefined) return formula !== undefined ? { kind: "formula-no-result", formula } : null;
  if (typeof v === "string") return stringCell(v, ctx.font, formula);
  if (typeof v === "number") return numberCell(v, ctx, formula);
  if (typeof v === "boolean")
    return formula !== undefined ? { kind: "boolean", value: v, formula } : { kind: "boolean", value: v };
  if (v instanceof Date) return dateCell(v, formula);
  const rich = richText(v);
  if (rich) return stringCell(rich.text, rich.font ?? ctx.font, formula);
  if (typeof v === "object" && "error" in v && typeof (v as ExcelJS.CellErrorValue).error === "string") {
    const text = (v as ExcelJS.CellErrorValue).error;
    return formula !== undefined ? { kind: "error", text, formula } : { kind: "error", text };
  }
  return null;
}

function mapCell(cell: ExcelJS.Cell, ctx: CellContext): RawCell | null {
  switch (cell.type) {
    case ExcelJS.ValueType.Null:
    case ExcelJS.ValueType.Merge:
      return null;
    case ExcelJS.ValueType.Formula: {
      const formula = cell.formula;
      // cell.result, not cell.value.result: exceljs leaves a falsy result (0, false, "") out of cell.value
      const result = cell.result as Value | undefined;
      if (!formula) return valueCell(result, ctx);
      return valueCell(result, ctx, formula);
    }
    case ExcelJS.ValueType.Hyperlink: {
      const text = (cell.value as ExcelJS.CellHyperlinkValue).text as Value | undefined;
      return valueCell(text, ctx);
    }
    default:
      return valueCell(cell.value, ctx);
  }
}

function sheetState(ws: ExcelJS.Worksheet): RawSheet["state"] {
  return ws.state === "hidden" ? "hidden" : ws.state === "veryHidden" ? "veryHidden" : "visible";
}

/** exceljs on already-checked bytes. */
async function loadWithExceljs(bytes: Uint8Array, styles: StyleInfo): Promise<RawWorkbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ReadError("corrupt", e instanceof Error ? e.message : String(e));
  }
  const date1904 = wb.properties?.date1904 === true;
  const defaultFont = styles.xfFont[0];
  const defaultFormat = styles.xfFormat[0];
  const sheets: RawSheet[] = [];
  for (const ws of wb.worksheets) {
    const cells = new Map<string, RawCell>();
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        // exceljs attaches no style to cells with style index 0: fall back to cellXfs[0]
        const styled = cell.font !== undefined || cell.numFmt !== undefined;
        const ctx: CellContext = {
          font: styled ? cell.font?.name : defaultFont,
          numFmt: styled ? cell.numFmt : defaultFormat,
          date1904,
        };
        const raw = mapCell(cell, ctx);
        if (raw) cells.set(cell.address.toUpperCase().replace(/\$/g, ""), raw);
      });
    });
    sheets.push({ name: ws.name, state: sheetState(ws), cells });
  }
  return { sheets };
}

/**
 * exceljs reads a stored number with parseFloat ("0x1F" → 0, "12abc" → 12, "1e309" → Infinity) and keeps no trace of
 * what was stored; the lean reader's scan of the same bytes knows which stored values are not what their type says.
 * Those cells are taken from it, so that both readers give the same finding on the same cell.
 */
function takeUnreadableCells(wb: RawWorkbook, lean: RawWorkbook): void {
  for (const sheet of wb.sheets) {
    const other = lean.sheets.find((s) => s.name === sheet.name);
    if (!other) continue;
    for (const [address, cell] of other.cells) {
      // a plain copy: the lean reader's cell reads its formula when asked (sheet-part.ts)
      if (cell.kind === "unreadable")
        sheet.cells.set(
          address,
          cell.formula !== undefined
            ? { kind: "unreadable", text: cell.text, formula: cell.formula }
            : { kind: "unreadable", text: cell.text },
        );
    }
  }
}

export const exceljsReader: WorkbookReader = {
  name: "exceljs",
  async read(bytes: Uint8Array, limits?: ReadLimits, opened?: ZipArchive): Promise<RawWorkbook> {
    const lim = limits ?? defaultLimits;
    const zip = openWorkbookZip(bytes, lim, opened);
    const inflater = new ZipInflater(zip, lim);
    let styles: StyleInfo;
    let application: string | undefined;
    try {
      inflater.checkAll();
      // the styles (for the default cell font) and the application, re-read under a fresh budget
      const again = new ZipInflater(zip, lim);
      styles = parseStyles(again.text("xl/styles.xml"));
      application = parseApplication(again.text("docProps/app.xml"));
    } catch (e) {
      if (e instanceof ReadError) throw e;
      throw new ReadError("corrupt", e instanceof Error ? e.message : String(e));
    }
    const wb = await loadWithExceljs(bytes, styles);
    if (application !== undefined) wb.application = application;
    cleanRawWorkbook(wb);
    takeUnreadableCells(wb, readLean(bytes, lim, zip));
    return wb;
  },
};
