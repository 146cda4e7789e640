import type {
  Alignment,
  Borders,
  Cell,
  CellValue,
  Fill,
  Font,
  Style,
  Workbook,
  Worksheet,
} from "./sheetml/workbook.js";
import type { Model } from "../consolidate/model.js";
import { cellAddress } from "./sheetml/xml.js";

/**
 * The official look shared by every sheet of the consolidated workbook: Times New Roman, title rows with
 * the issuing body and the period, bold framed headers, frozen panes, A4 landscape print setup.
 * Style objects are frozen: the writer (sheetml/) shares them by reference, so nobody may mutate one after use.
 */

export const FONT_NAME = "Times New Roman";

/** Fonts made so far, by what they add: the same font is the same (frozen) object, which the writer numbers once. */
const fonts = new Map<string, Partial<Font>>();

export const font = (extra: Partial<Font> = {}): Partial<Font> => {
  const key = JSON.stringify(extra);
  let f = fonts.get(key);
  if (!f) {
    f = Object.freeze({ name: FONT_NAME, size: 11, ...extra });
    fonts.set(key, f);
  }
  return f;
};

const thin = { style: "thin" as const, color: { argb: "FF000000" } };
export const frame: Partial<Borders> = Object.freeze({ top: thin, left: thin, bottom: thin, right: thin });

export const solid = (argb: string): Fill =>
  Object.freeze({ type: "pattern", pattern: "solid", fgColor: { argb: `FF${argb}` }, bgColor: { argb: `FF${argb}` } });

/** Fills and font colours for judged things (verdicts, statuses, severities). */
export const tone = {
  good: { fill: solid("C6EFCE"), color: "006100" },
  bad: { fill: solid("FFC7CE"), color: "9C0006" },
  warn: { fill: solid("FFEB9C"), color: "7F5200" },
  alert: { fill: solid("F8CBAD"), color: "833C0B" },
  none: { fill: solid("E7E6E6"), color: "3A3838" },
  info: { fill: solid("DDEBF7"), color: "1F3864" },
} as const;
export type Tone = keyof typeof tone;

export const headerFill = solid("F2F2F2");
export const sectionFill = solid("F2F2F2");
/** A value that carries a finding: pale yellow, with a note. */
export const flaggedFill = solid("FFF2CC");
/** A cell the agency does not report (its group does not give that figure). */
export const notApplicableFill = solid("F7F7F7");

/** Number formats. Excel shows the separators of the reader's locale ("1.234,5" on a Vietnamese system). */
export const numFmt = {
  integer: "#,##0",
  one: "#,##0.0",
  two: "#,##0.00",
  dateTime: "dd/mm/yyyy hh:mm",
  date: "dd/mm/yyyy",
} as const;

export const align = {
  text: Object.freeze({ vertical: "top", horizontal: "left", wrapText: true }) as Partial<Alignment>,
  center: Object.freeze({ vertical: "top", horizontal: "center", wrapText: true }) as Partial<Alignment>,
  number: Object.freeze({ vertical: "top", horizontal: "right" }) as Partial<Alignment>,
  header: Object.freeze({ vertical: "middle", horizontal: "center", wrapText: true }) as Partial<Alignment>,
};

export interface ColumnSpec {
  header: string;
  width: number;
  kind: "text" | "center" | "number";
}

type PutOptions = { numFmt?: string; bold?: boolean; italic?: boolean; tone?: Tone; fill?: Fill; size?: number };

/** Per workbook, the style objects putCell has made, by what they hold (see putCell). */
const bodyStyles = new WeakMap<Workbook, Map<number, Partial<Style>>>();
let lastWorkbook: Workbook | undefined;
let lastStyles: Map<number, Partial<Style>> | undefined;
/** Small numbers for the fills and number formats putCell has seen, so that a style's key is one number. */
const fillIds = new WeakMap<Fill, number>();
let lastFillId = 0;
const numFmtIds = new Map<string, number>();
const kindIds = { text: 0, center: 1, number: 2 } as const;
const toneIds: Record<Tone, number> = { good: 1, bad: 2, warn: 3, alert: 4, none: 5, info: 6 };

function fillId(fill: Fill | undefined): number {
  if (!fill) return 0;
  let id = fillIds.get(fill);
  if (id === undefined) {
    id = ++lastFillId;
    if (id >= 4096) throw new Error("too many fills for putCell's style keys");
    fillIds.set(fill, id);
  }
  return id;
}

function numFmtId(code: string | undefined): number {
  if (!code) return 0;
  let id = numFmtIds.get(code);
  if (id === undefined) {
    id = numFmtIds.size + 1;
    numFmtIds.set(code, id);
  }
  return id;
}

function stylesOf(wb: Workbook): Map<number, Partial<Style>> {
  if (wb === lastWorkbook && lastStyles) return lastStyles;
  let styles = bodyStyles.get(wb);
  if (!styles) {
    styles = new Map();
    bodyStyles.set(wb, styles);
  }
  lastWorkbook = wb;
  lastStyles = styles;
  return styles;
}

/**
 * Writes a framed body cell. Cells that look alike share one style object: the writer recognises a style it has
 * seen (by reference) and skips turning it into XML again, which is most of its work on a sheet of 1,000 agencies ×
 * 86 indicators. A shared style must never be changed through one cell: change a cell's look after putCell with
 * restyle(), which gives the cell a copy.
 */
export function putCell(
  cell: Cell,
  value: CellValue | undefined,
  kind: ColumnSpec["kind"],
  opts: PutOptions = {},
): Cell {
  cell.value = value ?? null;
  const t = opts.tone ? tone[opts.tone] : undefined;
  const fill = opts.fill ?? t?.fill;
  // kind (3) · bold (2) · italic (2) · size (< 128) · tone (7) · fill · number format, as one number
  const size = opts.size ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > 127) throw new Error(`font size ${size} is not a small integer`);
  const key =
    kindIds[kind] +
    3 *
      ((opts.bold ? 1 : 0) +
        2 *
          ((opts.italic ? 1 : 0) +
            2 *
              (size +
                128 * ((opts.tone ? toneIds[opts.tone] : 0) + 7 * (fillId(fill) + 4096 * numFmtId(opts.numFmt))))));
  const styles = stylesOf(cell.worksheet.workbook);
  let style = styles.get(key);
  if (!style) {
    style = {
      font: font({
        ...(opts.bold ? { bold: true } : {}),
        ...(opts.italic ? { italic: true } : {}),
        ...(opts.size ? { size: opts.size } : {}),
        ...(t ? { color: { argb: `FF${t.color}` } } : {}),
      }),
      alignment: kind === "number" ? align.number : kind === "center" ? align.center : align.text,
      border: frame,
      ...(fill ? { fill } : {}),
      ...(opts.numFmt ? { numFmt: opts.numFmt } : {}),
    };
    styles.set(key, style);
  }
  cell.style = style;
  return cell;
}

/**
 * Declares the rows up to `row` finished: the writer turns them into XML and lets them go, so a sheet with a column
 * per agency never holds all its cells. Those rows must not be touched again.
 */
export function commitRows(ws: Worksheet, row: number): void {
  ws.getRow(row).commit();
}

/** Changes a cell's look after putCell without touching the style it may share with other cells. */
export function restyle(cell: Cell, change: Partial<Style>): void {
  cell.style = { ...cell.style, ...change };
}

/** Writes a framed, bold, centred header cell. */
export function putHeader(cell: Cell, text: string): void {
  cell.value = text;
  cell.font = font({ bold: true });
  cell.alignment = align.header;
  cell.border = frame;
  cell.fill = headerFill;
}

export function capitalize(s: string): string {
  return s ? `${s[0]?.toUpperCase()}${s.slice(1)}` : s;
}

export interface SheetFrame {
  ws: Worksheet;
  /** the first row of the header */
  headerTop: number;
  /** the number of columns of the table */
  width: number;
}

/**
 * Creates a sheet with its title rows:
 *   1 parent body (regular) · 2 issuing body (bold) — left, as in a Decree 30 header
 *   3 sheet title (bold, centred over `titleSpan` columns) · 4 period line (italic, centred) · 5 blank
 * and the column widths; the header starts on row 6. Column styles carry the font so that cells typed
 * later are Times New Roman too.
 */
export function startSheet(
  wb: Workbook,
  model: Model,
  name: string,
  title: string,
  widths: number[],
  titleSpan = widths.length,
): SheetFrame {
  const ws = wb.addWorksheet(name, {
    properties: { defaultRowHeight: 15 },
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.4, top: 0.7, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  // page numbers centred at the top, none on page 1 (Decree 30)
  ws.headerFooter.differentFirst = true;
  ws.headerFooter.oddHeader = `&C&"${FONT_NAME},Regular"&12&P`;
  ws.headerFooter.firstHeader = "";
  widths.forEach((w, i) => {
    const col = ws.getColumn(i + 1);
    col.width = w;
    col.font = font();
  });
  const width = widths.length;
  const bodySpan = Math.max(2, Math.min(width, 3));
  const put = (row: number, text: string, f: Partial<Font>, from: number, to: number, height?: number): void => {
    if (to > from) ws.mergeCells(row, from, row, to);
    const c = ws.getCell(row, from);
    c.value = text;
    c.font = f;
    c.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    if (height) ws.getRow(row).height = height;
  };
  put(1, model.settings.parentBody.toUpperCase(), font({ size: 12 }), 1, bodySpan);
  put(2, model.settings.issuingBody.toUpperCase(), font({ size: 12, bold: true, underline: false }), 1, bodySpan);
  put(3, title.toUpperCase(), font({ size: 13, bold: true }), 1, titleSpan, 20);
  put(4, periodLine(model), font({ size: 12, italic: true }), 1, titleSpan);
  fitRow(ws, 3, 20);
  fitRow(ws, 4, 16);
  return { ws, headerTop: 6, width };
}

/** "Kỳ báo cáo: quý I năm 2025 (số liệu từ 15/12/2024 đến 14/3/2025)" */
export function periodLine(model: Model): string {
  const d = (iso: string): string => {
    const [y, m, day] = iso.slice(0, 10).split("-").map(Number);
    return `${day}/${m}/${y}`;
  };
  return `Kỳ báo cáo: ${model.period.label} (số liệu từ ${d(model.period.window.from)} đến ${d(model.period.window.to)})`;
}

/** A single header row of framed column titles, repeated on every printed page, with the panes frozen below it. */
export function writeHeaderRow(f: SheetFrame, cols: ColumnSpec[], height = 32): number {
  const row = f.headerTop;
  cols.forEach((c, i) => putHeader(f.ws.getCell(row, i + 1), c.header));
  fitRow(f.ws, row, height);
  finishHeader(f, row, row, 0);
  return row + 1;
}

/** Freezes the panes below the header rows (and right of `xSplit` columns) and repeats them in print. */
export function finishHeader(f: SheetFrame, from: number, to: number, xSplit: number): void {
  const views = f.ws.views;
  views.length = 0;
  views.push({
    state: "frozen",
    xSplit,
    ySplit: to,
    topLeftCell: cellAddress(to + 1, xSplit + 1),
    activeCell: cellAddress(to + 1, xSplit + 1),
    showGridLines: false,
  });
  f.ws.pageSetup.printTitlesRow = `${from}:${to}`;
}

/** A note line under (or instead of) a table: italic, merged across the table. */
export function writeNoteLine(
  f: SheetFrame,
  row: number,
  text: string,
  opts: { bold?: boolean; height?: number } = {},
): void {
  f.ws.mergeCells(row, 1, row, f.width);
  const c = f.ws.getCell(row, 1);
  c.value = text;
  c.font = font(opts.bold ? { bold: true } : { italic: true });
  c.alignment = { vertical: "top", horizontal: "left", wrapText: true };
  fitRow(f.ws, row, opts.height ?? 15);
}

/** A section row inside a table (an area heading): bold text over a pale fill, framed across the table. */
export function writeSectionRow(f: SheetFrame, row: number, label: string, text: string, mergeTo: number): void {
  for (let c = 1; c <= f.width; c++) {
    const cell = f.ws.getCell(row, c);
    cell.border = frame;
    cell.fill = sectionFill;
    cell.font = font({ bold: true });
  }
  const a = f.ws.getCell(row, 1);
  a.value = label;
  a.alignment = align.center;
  if (mergeTo > 2) f.ws.mergeCells(row, 2, row, mergeTo);
  const b = f.ws.getCell(row, 2);
  b.value = text;
  b.alignment = { vertical: "top", horizontal: "left", wrapText: true };
}

/** The UTF-16 code units that are white space as a regular expression's \s, as a table (lineCount reads it per character). */
const SPACE = new Uint8Array(65536);
for (const [from, to] of [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
] as const)
  SPACE.fill(1, from, to + 1);

/** How many lines a text takes in a column of the given width (Times New Roman, word-wrapped). */
export function lineCount(text: string, width: number, size = 11): number {
  // a unit of column width is one "0" of the default font (7 px); Times New Roman averages under 5 px a character at 11 pt (measured in LibreOffice)
  const perLine = Math.max(3, Math.floor(((width * 7 - 5) / 4.6) * (11 / size)));
  // one pass, word by word: runs of white space separate words, a line feed also ends a paragraph. Each word goes
  // on the current line when it fits after a space, else starts a new one; a word longer than a line breaks.
  let lines = 0;
  let n = 1;
  let used = 0;
  let len = 0;
  const end = text.length;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 10;
    if (SPACE[c] === 0) {
      len++;
      continue;
    }
    if (len > 0) {
      if (used === 0) used = len;
      else if (used + 1 + len <= perLine) used += 1 + len;
      else {
        n++;
        used = len;
      }
      while (used > perLine) {
        n++;
        used -= perLine;
      }
      len = 0;
    }
    if (c === 10) {
      lines += n;
      n = 1;
      used = 0;
    }
  }
  return Math.max(1, lines);
}

/**
 * Sets a row's height from its wrapped texts, so Excel and LibreOffice both show every line (neither
 * re-measures rows written by a program reliably). Merged cells count with the width of their whole range.
 */
export function fitRow(ws: Worksheet, row: number, min = 15): void {
  const r = ws.getRow(row);
  let height = min;
  r.eachCell((cell, col) => {
    const v = cell.value;
    if (typeof v !== "string" || !cell.alignment?.wrapText) return;
    if (cell.isMerged && cell.master !== cell) return;
    let width = ws.getColumn(col).width ?? 9;
    if (cell.isMerged) {
      let c = col + 1;
      // merged cells exist up to the row's last cell: looking no further creates no empty cell
      while (c <= r.cellCount && r.getCell(c).isMerged && r.getCell(c).master === cell)
        width += ws.getColumn(c++).width ?? 9;
    }
    const size = cell.font?.size ?? 11;
    const lineHeight = size * 1.25;
    // bold letters are about a tenth wider
    height = Math.max(height, Math.ceil(lineCount(v, width, cell.font?.bold ? size * 1.1 : size) * lineHeight + 3));
  });
  // Excel's largest row height is 409 points
  r.height = Math.min(409, height);
}

/** fitRow over a range of rows. */
export function fitRows(ws: Worksheet, from: number, to: number, min = 15): void {
  for (let r = from; r <= to; r++) fitRow(ws, r, min);
}
