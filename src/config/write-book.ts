import ExcelJS from "exceljs";
import type { DataValidation, Worksheet } from "exceljs";
import { COLS_MARKER, SHEET_MARKER_PREFIX } from "../intake/template-layout.js";
import { align, estimateHeight, font, frame, headerFill, headingFill, margins, printScale } from "../forms/style.js";
import { clip, ERROR_MAX, PROMPT_MAX, TITLE_MAX } from "../forms/validations.js";
import { finishXlsx } from "../forms/finish-xlsx.js";
import type { BookCell, BookRow, ConfigBook, Value } from "./book.js";
import {
  agenciesTable,
  configSheetNames,
  groupsTable,
  indicatorsTable,
  phrasesTable,
  planFields,
  settingsFields,
  targetsTable,
  tasksTable,
  type ColumnSpec,
  type ConfigSheetId,
  type FieldSpec,
  type TableSpec,
} from "./layout.js";
import { guideLines } from "./guide.js";

/** Writes the configuration workbook: Times New Roman, frozen headers, widths that fit, lists as data validations. */

const KEY_COL = 1;
const FIRST = 2;
/** spare rows below a table that keep its validations, for rows a specialist adds */
const SPARE_ROWS = 300;
/** the row in every table sheet where the first table's data starts (title, note, keys, header above) */
const TABLE_TITLE_MARK = "#table:";

const letter = (n: number): string => {
  let s = "";
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

const asText = (v: Value): string =>
  v === null ? "" : v instanceof Date ? "00/00/0000" : typeof v === "number" ? String(v) : String(v);

function widthOf(spec: ColumnSpec, rows: BookRow[]): number {
  const longest = Math.max(
    ...spec.header.split(/\s+/).map((w) => w.length + 2),
    Math.min(spec.header.length, 14),
    ...rows.map((r) =>
      Math.max(
        0,
        ...asText(r.cells[spec.key]?.value ?? null)
          .split("\n")
          .map((l) => l.length),
      ),
    ),
  );
  if (spec.type === "date") return 13;
  return Math.max(spec.minWidth ?? 6, Math.min(spec.maxWidth ?? 22, longest + 2));
}

function validation(type: ColumnSpec["type"], help: string, title: string, list: string | null): DataValidation {
  const base = {
    allowBlank: true,
    showInputMessage: true,
    showErrorMessage: true,
    errorTitle: "Giá trị không hợp lệ",
    promptTitle: clip(title, TITLE_MAX),
    prompt: clip(help, PROMPT_MAX),
  };
  if (list !== null)
    return {
      ...base,
      type: "list",
      formulae: [list],
      errorStyle: "warning",
      error: clip(`Nên chọn trong danh sách. ${help}`, ERROR_MAX),
    };
  switch (type) {
    case "date":
      return {
        ...base,
        type: "date",
        operator: "greaterThan",
        formulae: [new Date(Date.UTC(1990, 0, 1))],
        errorStyle: "stop",
        error: "Hãy nhập một ngày dạng ngày/tháng/năm.",
      };
    case "int":
      return {
        ...base,
        type: "whole",
        operator: "between",
        formulae: [-1_000_000_000, 1_000_000_000],
        errorStyle: "stop",
        error: "Hãy nhập một số nguyên.",
      };
    case "number":
      return {
        ...base,
        type: "decimal",
        operator: "between",
        formulae: [-1_000_000_000_000, 1_000_000_000_000],
        errorStyle: "stop",
        error: "Hãy nhập một số.",
      };
    default:
      return {
        ...base,
        type: "textLength",
        operator: "lessThanOrEqual",
        formulae: [8000],
        errorStyle: "stop",
        error: "Nội dung quá dài (tối đa 8.000 ký tự).",
      };
  }
}

function inlineList(spec: { choices?: ColumnSpec["choices"] }): string | null {
  return spec.choices ? `"${spec.choices.map(([, l]) => l).join(",")}"` : null;
}

function styleCell(c: ExcelJS.Cell, v: Value, type: ColumnSpec["type"], heading = false): void {
  if (v !== null && v !== "") c.value = v;
  if (type === "date") c.numFmt = "dd/mm/yyyy";
  else if (type === "code" || type === "codes" || type === "text" || type === "long" || type === "lines")
    c.numFmt = "@";
  c.font = font(12, { bold: heading });
  c.alignment = align(type === "int" || type === "number" || type === "date" ? "center" : "left", "top", true);
  c.border = frame;
  if (heading) c.fill = headingFill;
}

interface Placed {
  /** where each table's data rows are, to point list validations at them */
  ranges: Map<string, string>;
}

/** A table: title, note, hidden key row, header, rows. Returns the next free row. */
function writeTable(
  ws: Worksheet,
  sheet: string,
  spec: TableSpec,
  rows: BookRow[],
  start: number,
  placed: Placed,
  widths: number[],
  opts: { tableKey: string; heading?: (r: BookRow) => boolean; validations: boolean },
): number {
  let r = start;
  ws.getCell(r, KEY_COL).value = `${TABLE_TITLE_MARK}${opts.tableKey}`;
  const title = ws.getCell(r, FIRST);
  title.value = spec.title;
  title.font = font(14, { bold: true });
  ws.getRow(r).height = 22;
  r++;
  if (spec.note) {
    const note = ws.getCell(r, FIRST);
    note.value = spec.note;
    note.font = font(11, { italic: true });
    note.alignment = align("left", "top", true);
    const span = Math.min(spec.columns.length, 8);
    ws.mergeCells(r, FIRST, r, FIRST + span - 1);
    ws.getRow(r).height = estimateHeight([
      { text: spec.note, width: widths.slice(0, span).reduce((a, b) => a + b, 0), size: 11 },
    ]);
    r++;
  }
  const colsRow = r++;
  ws.getCell(colsRow, KEY_COL).value = COLS_MARKER;
  spec.columns.forEach((c, i) => (ws.getCell(colsRow, FIRST + i).value = c.key));
  ws.getRow(colsRow).hidden = true;
  const header = r++;
  spec.columns.forEach((c, i) => {
    const h = ws.getCell(header, FIRST + i);
    h.value = c.header;
    h.font = font(12, { bold: true });
    h.alignment = align("center", "middle", true);
    h.border = frame;
    h.fill = headerFill;
  });
  ws.getRow(header).height = estimateHeight(
    spec.columns.map((c, i) => ({ text: c.header, width: (widths[i] ?? 10) * 0.85 })),
  );
  const first = r;
  for (const row of rows) {
    const heading = opts.heading?.(row) ?? false;
    spec.columns.forEach((c, i) =>
      styleCell(ws.getCell(r, FIRST + i), row.cells[c.key]?.value ?? null, c.type, heading),
    );
    ws.getRow(r).height = estimateHeight(
      spec.columns.map((c, i) => ({ text: asText(row.cells[c.key]?.value ?? null), width: (widths[i] ?? 10) * 0.85 })),
    );
    r++;
  }
  const last = Math.max(first, r - 1);
  spec.columns.forEach((c, i) =>
    placed.ranges.set(
      `${opts.tableKey}.${c.key}`,
      `'${sheet}'!$${letter(FIRST + i)}$${first}:$${letter(FIRST + i)}$${last}`,
    ),
  );
  if (opts.validations) {
    spec.columns.forEach((c, i) => {
      const list = c.listFrom
        ? (placed.ranges.get(`${c.listFrom.column === "id" ? "groups" : c.listFrom.sheet}.${c.listFrom.column}`) ??
          null)
        : inlineList(c);
      const range = `${letter(FIRST + i)}${first}:${letter(FIRST + i)}${last + SPARE_ROWS}`;
      (ws as unknown as { dataValidations: { add(a: string, v: DataValidation): void } }).dataValidations.add(
        range,
        validation(c.type, c.help, c.header, list),
      );
    });
  }
  return r;
}

function addSheet(wb: ExcelJS.Workbook, id: ConfigSheetId, widths: number[], landscape = true): Worksheet {
  const ws = wb.addWorksheet(configSheetNames[id], {
    properties: { defaultRowHeight: 16 },
    // an explicit scale: LibreOffice ignores "fit to width" on a sheet with a hidden column (forms/style.ts)
    pageSetup: {
      paperSize: 9,
      orientation: landscape ? "landscape" : "portrait",
      scale: printScale(widths, landscape),
      margins,
    },
  });
  ws.getCell(1, KEY_COL).value = `${SHEET_MARKER_PREFIX}${id}`;
  const key = ws.getColumn(KEY_COL);
  key.hidden = true;
  key.width = 16;
  key.font = font(10);
  widths.forEach((w, i) => {
    const c = ws.getColumn(FIRST + i);
    c.width = w;
    c.font = font();
  });
  return ws;
}

function freeze(ws: Worksheet, headerRow: number): void {
  ws.views = [
    {
      state: "frozen",
      xSplit: 0,
      ySplit: headerRow,
      topLeftCell: `B${headerRow + 1}`,
      activeCell: `B${headerRow + 1}`,
      showGridLines: true,
    },
  ];
}

/** The header row of the first table written at row 2 (title, [note], keys, header). */
const headerRowOf = (spec: TableSpec): number => 2 + (spec.note ? 1 : 0) + 1 + 1;

function writeTableSheet(
  wb: ExcelJS.Workbook,
  spec: TableSpec,
  tableKey: string,
  rows: BookRow[],
  placed: Placed,
  heading?: (r: BookRow) => boolean,
): Worksheet {
  const widths = spec.columns.map((c) => widthOf(c, rows));
  const ws = addSheet(wb, spec.id, widths);
  writeTable(ws, configSheetNames[spec.id], spec, rows, 2, placed, widths, {
    tableKey,
    validations: true,
    ...(heading ? { heading } : {}),
  });
  freeze(ws, headerRowOf(spec));
  return ws;
}

function writeFieldsSheet(
  wb: ExcelJS.Workbook,
  id: ConfigSheetId,
  title: string,
  fields: FieldSpec[],
  cells: Record<string, BookCell | undefined>,
): void {
  const valueWidth = Math.min(
    70,
    Math.max(
      24,
      ...fields.map(
        (f) =>
          Math.max(
            ...asText(cells[f.key]?.value ?? null)
              .split("\n")
              .map((l) => l.length),
          ) + 2,
      ),
    ),
  );
  const widths = [Math.max(...fields.map((f) => f.label.length)) + 2, valueWidth, 50];
  const ws = addSheet(wb, id, widths, false);
  const t = ws.getCell(1, FIRST);
  t.value = title;
  t.font = font(14, { bold: true });
  ws.getRow(1).height = 22;
  ws.getCell(2, KEY_COL).value = COLS_MARKER;
  ["label", "value", "help"].forEach((k, i) => (ws.getCell(2, FIRST + i).value = k));
  ws.getRow(2).hidden = true;
  ["Mục", "Giá trị", "Giải thích"].forEach((h, i) => {
    const c = ws.getCell(3, FIRST + i);
    c.value = h;
    c.font = font(12, { bold: true });
    c.alignment = align("center", "middle", true);
    c.border = frame;
    c.fill = headerFill;
  });
  let r = 4;
  for (const f of fields) {
    ws.getCell(r, KEY_COL).value = f.key;
    const label = ws.getCell(r, FIRST);
    label.value = f.label;
    label.font = font(12, { bold: f.required !== false });
    label.alignment = align("left", "top", true);
    label.border = frame;
    const v = cells[f.key]?.value ?? null;
    styleCell(ws.getCell(r, FIRST + 1), v, f.type);
    ws.getCell(r, FIRST + 1).dataValidation = validation(f.type, f.help || f.label, f.label, inlineList(f));
    const help = ws.getCell(r, FIRST + 2);
    help.value = f.help;
    help.font = font(11, { italic: true });
    help.alignment = align("left", "top", true);
    help.border = frame;
    ws.getRow(r).height = estimateHeight([
      { text: f.label, width: widths[0] ?? 30 },
      { text: asText(v), width: valueWidth },
      { text: f.help, width: 50, size: 11 },
    ]);
    r++;
  }
  freeze(ws, 3);
}

function writeGuide(wb: ExcelJS.Workbook): void {
  const ws = addSheet(wb, "cfg-guide", [90], false);
  let r = 1;
  for (const l of guideLines) {
    const c = ws.getCell(r, FIRST);
    c.value = l.text;
    c.font = font(l.kind === "title" ? 14 : 12, { bold: l.kind !== "text" });
    c.alignment = align(l.kind === "title" ? "center" : "left", "top", true);
    ws.getRow(r).height = estimateHeight([{ text: l.text, width: 90 * 0.9, size: l.kind === "title" ? 14 : 12 }]);
    r++;
  }
}

const isAreaRow = (r: BookRow): boolean => /^(I|II|III|IV|V|VI)$/.test(String(r.cells["stt"]?.value ?? "").trim());

/** The workbook's bytes. `isoDay` stamps the file (same inputs, same bytes). */
export async function writeConfigWorkbook(book: ConfigBook, isoDay: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const stamp = new Date(`${isoDay}T00:00:00Z`);
  wb.created = stamp;
  wb.modified = stamp;
  wb.creator = "cchc";
  const placed: Placed = { ranges: new Map() };
  writeGuide(wb);
  writeFieldsSheet(wb, "cfg-settings", "CÀI ĐẶT", settingsFields, book.settings);
  writeFieldsSheet(wb, "cfg-plan", "KẾ HOẠCH", planFields, book.plan);
  {
    const widths = groupsTable.columns
      .map((c, i) => {
        const p = phrasesTable.columns[i];
        return Math.max(widthOf(c, book.groups), p ? widthOf(p, book.phrases) : 0);
      })
      .concat(phrasesTable.columns.slice(groupsTable.columns.length).map((c) => widthOf(c, book.phrases)));
    const ws = addSheet(wb, "cfg-groups", widths);
    const next = writeTable(ws, configSheetNames["cfg-groups"], groupsTable, book.groups, 2, placed, widths, {
      tableKey: "groups",
      validations: true,
    });
    freeze(ws, headerRowOf(groupsTable));
    writeTable(ws, configSheetNames["cfg-groups"], phrasesTable, book.phrases, next + 1, placed, widths, {
      tableKey: "phrases",
      validations: false,
    });
  }
  writeTableSheet(wb, agenciesTable, "agencies", book.agencies, placed);
  writeTableSheet(wb, tasksTable, "tasks", book.tasks, placed, isAreaRow);
  writeTableSheet(wb, indicatorsTable, "indicators", book.indicators, placed);
  writeTableSheet(wb, targetsTable, "targets", book.targets, placed);
  const bytes = await wb.xlsx.writeBuffer();
  return finishXlsx(new Uint8Array(bytes as ArrayBuffer), isoDay);
}

/**
 * A configuration workbook the specialist keeps, with only the rows of the "Nhiệm vụ" sheet replaced: every other
 * sheet (values, widths, validations, styles, sheets of their own) and the task sheet's own layout stay as they
 * were. Columns are found by the hidden key row, so moved or inserted columns are fine. Null when the workbook has
 * no task sheet with a key row (the caller then writes a new workbook).
 */
export async function replaceTaskRows(bytes: Uint8Array, rows: BookRow[], isoDay: string): Promise<Buffer | null> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const marker = `${SHEET_MARKER_PREFIX}cfg-tasks`;
  const hasMark = (s: Worksheet, mark: string): number => {
    for (let r = 1; r <= s.rowCount; r++) if (String(s.getCell(r, KEY_COL).value ?? "").trim() === mark) return r;
    return 0;
  };
  const ws =
    wb.worksheets.find((s) => hasMark(s, marker) > 0) ??
    wb.worksheets.find((s) => s.name.normalize("NFC") === configSheetNames["cfg-tasks"]);
  const colsRow = ws ? hasMark(ws, COLS_MARKER) : 0;
  if (!ws || colsRow === 0) return null;
  const columns = new Map<string, number>();
  ws.getRow(colsRow).eachCell((c, n) => {
    const k = String(c.value ?? "").trim();
    if (n > KEY_COL && k && !columns.has(k)) columns.set(k, n);
  });
  const first = colsRow + 2;
  const oldLast = Math.max(first - 1, ws.rowCount);
  const lastCol = Math.max(ws.columnCount, ...columns.values());
  // each column's validation as the specialist has it on the first data row (the list of codes, lengths…)
  const rules = new Map<number, DataValidation>();
  for (const col of columns.values()) {
    const v = ws.getCell(first, col).dataValidation as DataValidation | undefined;
    if (v?.type) rules.set(col, v);
  }
  const widths = tasksTable.columns.map((c) => {
    const n = columns.get(c.key);
    return n === undefined ? 10 : (ws.getColumn(n).width ?? 10);
  });
  rows.forEach((row, i) => {
    const r = first + i;
    const heading = isAreaRow(row);
    for (let n = KEY_COL + 1; n <= lastCol; n++) ws.getCell(r, n).value = null;
    for (const c of tasksTable.columns) {
      const n = columns.get(c.key);
      if (n === undefined) continue;
      const cell = ws.getCell(r, n);
      // a loaded cell shares its style object with every cell of the same look, other sheets too: its own first
      cell.style = {};
      styleCell(cell, row.cells[c.key]?.value ?? null, c.type, heading);
      const rule = rules.get(n);
      if (rule) cell.dataValidation = rule;
    }
    ws.getRow(r).height = estimateHeight(
      tasksTable.columns.map((c, k) => ({
        text: asText(row.cells[c.key]?.value ?? null),
        width: (widths[k] ?? 10) * 0.85,
      })),
    );
  });
  // rows the new appendix no longer fills: emptied, as the spare rows below a table are
  for (let r = first + rows.length; r <= oldLast; r++) {
    for (let n = KEY_COL + 1; n <= lastCol; n++) {
      const cell = ws.getCell(r, n);
      cell.value = null;
      cell.style = { font: font() };
    }
    ws.getRow(r).height = 16;
  }
  wb.modified = new Date(`${isoDay}T00:00:00Z`);
  const out = await wb.xlsx.writeBuffer();
  return finishXlsx(new Uint8Array(out as ArrayBuffer), isoDay);
}

export { TABLE_TITLE_MARK };
