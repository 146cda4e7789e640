import { ReadError, formatAddress, parseAddress, type RawCell } from "./raw-workbook.js";
import { XmlScanner, readRichText } from "./xml-scan.js";
import { timeFromSerial, serialFromTime, type StyleInfo } from "./styles.js";
import { slideFormula } from "./shared-formula.js";
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
function unreadable(text: string, formula?: string): RawCell {
  return formula !== undefined ? { kind: "unreadable", text, formula } : { kind: "unreadable", text };
}

function numberCell(stored: string, styleIdx: number, styles: StyleInfo, date1904: boolean, formula?: string): RawCell {
  const value = storedNumber(stored);
  if (value === null) return unreadable(stored, formula);
  const isDate = styles.xfDate[styleIdx] === true;
  const v = isDate ? serialFromTime(timeFromSerial(value, date1904)) : value;
  if (!Number.isFinite(v)) return unreadable(stored, formula);
  return formula !== undefined ? { kind: "number", value: v, isDate, formula } : { kind: "number", value: v, isDate };
}

/** A date cell (type "d", an ISO date-time) as a serial; unreadable when it is no date. */
function isoDateCell(stored: string, formula?: string): RawCell {
  const value = serialFromIso(stored);
  if (!Number.isFinite(value)) return unreadable(stored, formula);
  return formula !== undefined
    ? { kind: "number", value, isDate: true, formula }
    : { kind: "number", value, isDate: true };
}

function booleanCell(stored: string, formula?: string): RawCell {
  const value = booleanOf(stored);
  if (value === null) return unreadable(stored, formula);
  return formula !== undefined ? { kind: "boolean", value, formula } : { kind: "boolean", value };
}

/** The serial of an ISO date-time string (cell type "d"), or NaN. */
function serialFromIso(iso: string): number {
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) || !/T/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? NaN : serialFromTime(t);
}

export function parseSheetXml(
  xml: string,
  part: string,
  sst: SharedString[],
  styles: StyleInfo,
  date1904: boolean,
): Map<string, RawCell> {
  const sc = new XmlScanner(xml, part);
  const cells = new Map<string, RawCell>();
  const merges: Array<{ c1: number; r1: number; c2: number; r2: number }> = [];
  const shared = new Map<string, { formula: string; address: string }>();
  let row = 0;
  let col = 0;
  while (sc.next()) {
    if (sc.close) continue;
    if (!sc.isChar(99 /* c */)) {
      if (sc.is("row")) {
        const r = sc.attr("r");
        row = r !== undefined ? parseInt(r, 10) || row + 1 : row + 1;
        col = 0;
      } else if (sc.is("mergeCell")) {
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
    let f: string | undefined;
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
        f = sc.selfClosing ? "" : sc.text();
      } else if (sc.is("is")) {
        inline = sc.selfClosing ? { text: "", font: undefined } : readRichText(sc, "is");
      } else if (sc.is("extLst")) {
        sc.skipElement();
      }
    }
    let formula: string | undefined;
    if (f !== undefined) {
      if (fType === "shared" && fSi !== undefined) {
        if (fRef !== undefined && f !== "") {
          shared.set(fSi, { formula: f, address });
          formula = f;
        } else {
          const master = shared.get(fSi);
          formula = master ? slideFormula(master.formula, master.address, address) : f;
        }
      } else {
        formula = f;
      }
      if (formula === "") formula = undefined;
    }
    const cellFont = styles.xfFont[styleIdx];
    let cell: RawCell | null = null;
    if (formula !== undefined) {
      if (v === undefined || (v === "" && t !== "str")) cell = { kind: "formula-no-result", formula };
      else if (t === "str" || t === "inlineStr")
        cell =
          cellFont !== undefined
            ? { kind: "string", text: v, font: cellFont, formula }
            : { kind: "string", text: v, formula };
      else if (t === "b") cell = booleanCell(v, formula);
      else if (t === "e") cell = { kind: "error", text: v, formula };
      else if (t === "d") cell = isoDateCell(v, formula);
      else cell = numberCell(v, styleIdx, styles, date1904, formula);
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
  return cells;
}
