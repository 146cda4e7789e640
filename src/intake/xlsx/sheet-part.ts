import { ReadError, formatAddress, parseAddress, type RawCell } from "./raw-workbook.js";
import { XmlScanner, readRichText, type XmlSource } from "./xml-scan.js";
import { xmlSource } from "./zip.js";
import { timeFromSerial, serialFromTime, type StyleInfo } from "./styles.js";
import { slideFormula } from "./shared-formula.js";
import { removeNonXmlChars } from "../../util/text.js";
import type { SharedString } from "./workbook-parts.js";

/**
 * One worksheet part (xl/worksheets/sheetN.xml) read into cells: addresses, types, shared and inline strings, dates by
 * style, shared formulas and merged ranges (only the top-left cell keeps a value).
 */

const corrupt = (detail: string): ReadError => new ReadError("corrupt", detail);

// ---------------------------------------------------------------- addresses

/** Column and row of the last address read by readA1 (module state: no allocation per cell). */
let a1Col = 0;
let a1Row = 0;

/** Reads an A1 address ("B12", "$B$12", "b12") into a1Col/a1Row; false when it is not one. */
function readA1(s: string): boolean {
  const n = s.length;
  let i = 0;
  let col = 0;
  let row = 0;
  if (i < n && s.charCodeAt(i) === 36) i++;
  const c0 = i;
  while (i < n) {
    const ch = s.charCodeAt(i) | 0x20;
    if (ch < 97 || ch > 122) break;
    col = col * 26 + (ch - 96);
    i++;
  }
  if (i === c0 || i - c0 > 3) return false;
  if (i < n && s.charCodeAt(i) === 36) i++;
  const r0 = i;
  while (i < n) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) return false;
    row = row * 10 + (ch - 48);
    i++;
  }
  if (i === r0 || row === 0) return false;
  a1Col = col;
  a1Row = row;
  return true;
}

/** Whether an address is already in the canonical form (upper-case, no "$"), so it can serve as the key. */
function isCanonicalA1(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 36 || (ch >= 97 && ch <= 122)) return false;
  }
  return true;
}

/** A stored boolean: "1"/"0" as written by spreadsheets; "true"/"false" tolerated; anything else null. */
function booleanOf(v: string): boolean | null {
  const t = v.trim().toLowerCase();
  return t === "1" || t === "true" ? true : t === "0" || t === "false" ? false : null;
}

/** The shape of a stored number (XML Schema's double without INF/NaN): "12", "-0.5", "1.5E+3", ".5". */
const STORED_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A stored number (`<v>` of a number cell) as a finite number; null when it is not a finite decimal ("0x1F",
 * "12abc", "1e309", "NaN"), which parseFloat would misread as 0, 12, Infinity. */
export function storedNumber(v: string): number | null {
  if (!STORED_NUMBER.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A value the reader cannot take as what its type says, kept as stored for intake's finding on the cell. */
function unreadable(text: string): RawCell {
  return { kind: "unreadable", text };
}

function numberCell(stored: string, styleIdx: number, styles: StyleInfo, date1904: boolean): RawCell {
  const value = storedNumber(stored);
  if (value === null) return unreadable(stored);
  const isDate = styles.xfDate[styleIdx] === true;
  const v = isDate ? serialFromTime(timeFromSerial(value, date1904)) : value;
  if (!Number.isFinite(v)) return unreadable(stored);
  return { kind: "number", value: v, isDate };
}

/** A date cell (type "d", an ISO date-time) as a serial; unreadable when it is no date. */
function isoDateCell(stored: string): RawCell {
  const value = serialFromIso(stored);
  if (!Number.isFinite(value)) return unreadable(stored);
  return { kind: "number", value, isDate: true };
}

function booleanCell(stored: string): RawCell {
  const value = booleanOf(stored);
  if (value === null) return unreadable(stored);
  return { kind: "boolean", value };
}

/**
 * A cell's formula text, decoded (entities, UTF-8) and cleaned of characters XML does not allow only when someone
 * reads it. Most formulas of a filled template are the template's own checks, which intake never reads: decoding
 * them all cost about a fifth of reading a file.
 */
class FormulaText {
  private decoded: string | undefined;
  private constructor(
    private readonly sc: XmlScanner | null,
    private readonly pos: number,
    private readonly slid: { master: FormulaText; from: string; to: string } | null,
    written: string | undefined,
  ) {
    this.decoded = written === undefined ? undefined : (removeNonXmlChars(written)?.text ?? written);
  }

  /** the formula written in the <f> whose content starts at `pos` */
  static at(sc: XmlScanner, pos: number): FormulaText {
    return new FormulaText(sc, pos, null, undefined);
  }

  static of(text: string): FormulaText {
    return new FormulaText(null, 0, null, text);
  }

  /** a shared formula's master moved from its cell to another */
  static slid(master: FormulaText, from: string, to: string): FormulaText {
    return new FormulaText(null, 0, { master, from, to }, undefined);
  }

  /** the formula as written, not cleaned (what a shared formula slides) */
  private raw(): string {
    if (this.slid) return slideFormula(this.slid.master.raw(), this.slid.from, this.slid.to);
    if (this.sc) return this.sc.textAt(this.pos);
    return this.decoded ?? "";
  }

  get text(): string {
    if (this.decoded === undefined) {
      const raw = this.raw();
      this.decoded = removeNonXmlChars(raw)?.text ?? raw;
    }
    return this.decoded;
  }
}

/*
 * Cells with a formula, the formula read when asked: classes with a getter (an object literal with a getter costs
 * ~15 times as much to make, since each one carries its own accessor). `formula` is a property of the class, not of
 * the object: a reader of cells reads it by name (cell.formula); a copy made by spreading leaves it out.
 */
class NumberFormulaCell {
  readonly kind = "number";
  readonly value: number;
  readonly isDate: boolean;
  readonly #f: FormulaText;
  constructor(value: number, isDate: boolean, f: FormulaText) {
    this.value = value;
    this.isDate = isDate;
    this.#f = f;
  }
  get formula(): string {
    return this.#f.text;
  }
}

class StringFormulaCell {
  readonly kind = "string";
  text: string;
  // set only when there is one (no own property otherwise, as in a plain cell)
  declare font?: string;
  declare cleaned?: string;
  readonly #f: FormulaText;
  constructor(text: string, font: string | undefined, f: FormulaText) {
    this.text = text;
    if (font !== undefined) this.font = font;
    this.#f = f;
  }
  get formula(): string {
    return this.#f.text;
  }
}

class BooleanFormulaCell {
  readonly kind = "boolean";
  readonly value: boolean;
  readonly #f: FormulaText;
  constructor(value: boolean, f: FormulaText) {
    this.value = value;
    this.#f = f;
  }
  get formula(): string {
    return this.#f.text;
  }
}

/** an error value, or a stored value that cannot be read as its type says */
class TextFormulaCell {
  readonly kind: "error" | "unreadable";
  text: string;
  readonly #f: FormulaText;
  constructor(kind: "error" | "unreadable", text: string, f: FormulaText) {
    this.kind = kind;
    this.text = text;
    this.#f = f;
  }
  get formula(): string {
    return this.#f.text;
  }
}

class NoResultFormulaCell {
  readonly kind = "formula-no-result";
  readonly #f: FormulaText;
  constructor(f: FormulaText) {
    this.#f = f;
  }
  get formula(): string {
    return this.#f.text;
  }
}

/** The cell with its formula, read when asked. */
function withFormula(cell: RawCell, f: FormulaText): RawCell {
  switch (cell.kind) {
    case "number":
      return new NumberFormulaCell(cell.value, cell.isDate, f);
    case "string":
      return new StringFormulaCell(cell.text, cell.font, f);
    case "boolean":
      return new BooleanFormulaCell(cell.value, f);
    case "error":
    case "unreadable":
      return new TextFormulaCell(cell.kind, cell.text, f);
    case "formula-no-result":
      return new NoResultFormulaCell(f);
  }
}

/** The serial of an ISO date-time string (cell type "d"), or NaN. */
function serialFromIso(iso: string): number {
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) || !/T/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? NaN : serialFromTime(t);
}

type Merge = { c1: number; r1: number; c2: number; r2: number };

/** Adds the range of the <mergeCell> the scanner is on. */
function pushMerge(sc: XmlScanner, merges: Merge[]): void {
  const ref = sc.attr("ref");
  const [a, b] = (ref ?? "").split(":");
  const p1 = a ? parseAddress(a) : null;
  const p2 = b ? parseAddress(b) : p1;
  if (p1 && p2)
    merges.push({
      c1: Math.min(p1.col, p2.col),
      r1: Math.min(p1.row, p2.row),
      c2: Math.max(p1.col, p2.col),
      r2: Math.max(p1.row, p2.row),
    });
}

/** Whether a byte may follow a tag's name: whitespace, ">" or "/". */
const endsName = (b: number | undefined): boolean =>
  b === 32 || b === 9 || b === 10 || b === 13 || b === 62 || b === 47;

/** Whether bytes[from, to) is empty or a namespace prefix with its colon ("x:"). */
function isPrefix(bytes: Buffer, from: number, to: number): boolean {
  return from === to || /^[A-Za-z_][\w.-]*:$/.test(bytes.toString("latin1", from, to));
}

/** The offset just past the first closing tag of <sheetData> ("</sheetData>", "</x:sheetData>"), or -1. */
function endOfSheetData(bytes: Buffer): number {
  let i = bytes.indexOf("sheetData>", 0, "latin1");
  while (i >= 0) {
    const slash = bytes.lastIndexOf(47 /* / */, i);
    if (slash > 0 && bytes[slash - 1] === 60 /* < */ && isPrefix(bytes, slash + 1, i)) return i + 10;
    i = bytes.indexOf("sheetData>", i + 10, "latin1");
  }
  return -1;
}

/**
 * The <mergeCells> element after the cells (from `from`), as XML of its own, or null when there is none. Schema order
 * puts it right after <sheetData>; any prefix (x:mergeCells) is allowed.
 */
function mergeCellsAfter(bytes: Buffer, from: number): XmlSource | null {
  let i = bytes.indexOf("mergeCells", from, "latin1");
  while (i >= 0) {
    const lt = bytes.lastIndexOf(60 /* < */, i);
    // "<mergeCells" or "<x:mergeCells", and a start tag (not "</mergeCells")
    if (lt >= from && isPrefix(bytes, lt + 1, i) && endsName(bytes[i + 10])) {
      const close = bytes.indexOf("mergeCells>", i + 10, "latin1");
      return xmlSource(bytes, lt, close < 0 ? bytes.length : close + 11);
    }
    i = bytes.indexOf("mergeCells", i + 10, "latin1");
  }
  return null;
}

/**
 * A worksheet part's bytes read into cells. Only the cells and the merged ranges are decoded for the scanner: the
 * rest after the cells (conditional formats, validations, print setup, extensions: a third of a filled template's
 * sheet) is never turned into text. Should the cells not end where "</sheetData>" first appears (the text of a
 * CDATA section, say: the cut XML then ends early or breaks off), the whole part is read as it is.
 */
export function readSheetPart(
  bytes: Buffer,
  part: string,
  sst: SharedString[],
  styles: StyleInfo,
  date1904: boolean,
): Map<string, RawCell> {
  const end = endOfSheetData(bytes);
  if (end >= 0) {
    try {
      const head = walkSheet(xmlSource(bytes, 0, end), bytes, part, sst, styles, date1904);
      if (head.ended) return head.cells;
    } catch (e) {
      // cut inside a CDATA section or a tag: the whole part says whether it is really broken
      if (!(e instanceof ReadError)) throw e;
    }
  }
  return walkSheet(xmlSource(bytes), bytes, part, sst, styles, date1904).cells;
}

/**
 * The cells of a sheet's XML (`xml`: the part's bytes decoded, whole or up to the end of the cells), walked up to the
 * close of <sheetData>; then the merged ranges are read from the bytes after it. `ended`: that close was reached.
 */
function walkSheet(
  xml: XmlSource,
  bytes: Buffer,
  part: string,
  sst: SharedString[],
  styles: StyleInfo,
  date1904: boolean,
): { cells: Map<string, RawCell>; ended: boolean } {
  const sc = new XmlScanner(xml, part);
  const cells = new Map<string, RawCell>();
  const merges: Merge[] = [];
  let ended = false;
  const shared = new Map<string, { formula: FormulaText; address: string }>();
  let row = 0;
  let col = 0;
  while (sc.next()) {
    if (sc.close) {
      // after the cells only the merged ranges matter: the rest (conditional formats, validations, print setup,
      // extensions: most of a filled template's bytes) is not walked tag by tag
      if (sc.is("sheetData")) {
        ended = true;
        break;
      }
      continue;
    }
    if (!sc.isChar(99 /* c */)) {
      if (sc.is("row")) {
        const r = sc.attr("r");
        row = r !== undefined ? parseInt(r, 10) || row + 1 : row + 1;
        col = 0;
      } else if (sc.is("mergeCell")) {
        pushMerge(sc, merges);
      } else if (sc.is("extLst") || sc.is("conditionalFormatting") || sc.is("dataValidations")) {
        sc.skipElement();
      }
      continue;
    }
    // a cell
    sc.readCellAttrs();
    const r = sc.cellR;
    let address: string;
    if (r !== undefined) {
      if (!readA1(r)) throw corrupt(`${part}: bad cell reference ${r}`);
      col = a1Col;
      row = a1Row;
      address = isCanonicalA1(r) ? r : formatAddress(col, row);
    } else {
      col += 1;
      if (row === 0) row = 1;
      address = formatAddress(col, row);
    }
    if (sc.selfClosing) continue;
    const t = sc.cellT ?? "n";
    const styleIdx = sc.cellS;
    let v: string | undefined;
    /** the <f>'s text (null: an empty <f>) */
    let f: FormulaText | null | undefined;
    let fType: string | undefined;
    let fSi: string | undefined;
    let fRef: string | undefined;
    let inline: { text: string; font: string | undefined } | undefined;
    while (sc.next()) {
      if (sc.close) {
        if (sc.isChar(99 /* c */)) break;
        continue;
      }
      if (sc.isChar(118 /* v */)) {
        v = sc.selfClosing ? "" : sc.text();
      } else if (sc.isChar(102 /* f */)) {
        fType = sc.attr("t");
        fSi = sc.attr("si");
        fRef = sc.attr("ref");
        if (sc.selfClosing || sc.xml.startsWith("</", sc.pos)) f = null;
        // plain text, read when asked; CDATA or a comment first: read now
        else if (sc.xml.charCodeAt(sc.pos) !== 60 /* < */) f = FormulaText.at(sc, sc.pos);
        else {
          const text = sc.textAt(sc.pos);
          f = text === "" ? null : FormulaText.of(text);
        }
      } else if (sc.is("is")) {
        inline = sc.selfClosing ? { text: "", font: undefined } : readRichText(sc, "is");
      } else if (sc.is("extLst")) {
        sc.skipElement();
      }
    }
    let formula: FormulaText | undefined;
    if (f !== undefined) {
      if (fType === "shared" && fSi !== undefined) {
        if (fRef !== undefined && f !== null) {
          shared.set(fSi, { formula: f, address });
          formula = f;
        } else {
          const master = shared.get(fSi);
          formula = master ? FormulaText.slid(master.formula, master.address, address) : (f ?? undefined);
        }
      } else {
        formula = f ?? undefined;
      }
    }
    const cellFont = styles.xfFont[styleIdx];
    let cell: RawCell | null = null;
    if (formula !== undefined) {
      if (v === undefined || (v === "" && t !== "str")) cell = { kind: "formula-no-result", formula: "" };
      else if (t === "str" || t === "inlineStr")
        cell = cellFont !== undefined ? { kind: "string", text: v, font: cellFont } : { kind: "string", text: v };
      else if (t === "b") cell = booleanCell(v);
      else if (t === "e") cell = { kind: "error", text: v };
      else if (t === "d") cell = isoDateCell(v);
      else cell = numberCell(v, styleIdx, styles, date1904);
      cell = withFormula(cell, formula);
    } else if (t === "inlineStr" || (inline !== undefined && v === undefined)) {
      // some writers put an inline string's text in <v> rather than <is>
      const text = inline ? inline.text : (v ?? "");
      if (text !== "") {
        const font = inline?.font ?? cellFont;
        cell = font !== undefined ? { kind: "string", text, font } : { kind: "string", text };
      }
    } else if (v !== undefined) {
      switch (t) {
        case "s": {
          if (v.trim() === "") break;
          const ss = /^\s*\d+\s*$/.test(v) ? sst[parseInt(v, 10)] : undefined;
          // an index with no shared string behind it
          if (!ss) cell = unreadable(v);
          else if (ss.text !== "") {
            const font = ss.font ?? cellFont;
            cell = font !== undefined ? { kind: "string", text: ss.text, font } : { kind: "string", text: ss.text };
          }
          break;
        }
        case "str":
          if (v !== "")
            cell = cellFont !== undefined ? { kind: "string", text: v, font: cellFont } : { kind: "string", text: v };
          break;
        case "b":
          cell = booleanCell(v);
          break;
        case "e":
          cell = { kind: "error", text: v };
          break;
        case "d":
          if (v.trim() !== "") cell = isoDateCell(v);
          break;
        default:
          // a malformed number is unreadable, for intake to judge on its cell
          if (v !== "") cell = numberCell(v, styleIdx, styles, date1904);
      }
    }
    if (cell) cells.set(address, cell);
  }
  const mergeCells = ended ? mergeCellsAfter(bytes, sc.pos) : null;
  if (mergeCells !== null) {
    const mc = new XmlScanner(mergeCells, part);
    while (mc.next()) {
      if (mc.close) {
        if (mc.is("mergeCells")) break;
      } else if (mc.is("mergeCell")) pushMerge(mc, merges);
    }
  }
  if (merges.length > 0 && cells.size > 0) {
    for (const address of [...cells.keys()]) {
      readA1(address);
      const c = a1Col;
      const rr = a1Row;
      for (const m of merges) {
        if (c >= m.c1 && c <= m.c2 && rr >= m.r1 && rr <= m.r2 && !(c === m.c1 && rr === m.r1)) {
          cells.delete(address);
          break;
        }
      }
    }
  }
  return { cells, ended };
}
