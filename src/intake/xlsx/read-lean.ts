import {
  ReadError,
  cleanRawWorkbook,
  defaultLimits,
  formatAddress,
  parseAddress,
  type RawCell,
  type RawSheet,
  type RawWorkbook,
  type ReadLimits,
  type WorkbookReader,
} from "./raw-workbook.js";
import { openWorkbookZip } from "./sniff.js";
import { ZipInflater, findEntry } from "./zip.js";

/**
 * The lean workbook reader (issue 9): inflates only the parts intake needs, under caps (zip.ts), and reads them with
 * a single-pass indexOf-based XML scanner (no DOM, no backtracking regexes over whole parts). It handles files
 * written by exceljs, LibreOffice and Excel: shared and inline strings, rich text runs (first run's font), phonetic
 * runs (dropped), XML entities, CDATA, `_xHHHH_` escapes, cells without an `r` attribute, shared formulas, merged
 * ranges (only the top-left cell keeps a value) and the 1904 date system. A pure function of the bytes.
 */

// ---------------------------------------------------------------- text decoding

/** Decodes the XML predefined entities and character references; unknown entities are kept as written. */
export function decodeEntities(s: string): string {
  let amp = s.indexOf("&");
  if (amp < 0) return s;
  let out = "";
  let last = 0;
  while (amp >= 0) {
    const semi = s.indexOf(";", amp + 1);
    if (semi < 0) break;
    let rep: string | undefined;
    if (semi - amp <= 12) {
      const c1 = s.charCodeAt(amp + 1);
      if (c1 === 35 /* # */) {
        const hex = s.charCodeAt(amp + 2) === 120 || s.charCodeAt(amp + 2) === 88;
        const digits = s.slice(amp + (hex ? 3 : 2), semi);
        const cp =
          digits.length > 0 && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)
            ? parseInt(digits, hex ? 16 : 10)
            : NaN;
        if (cp >= 0 && cp <= 0x10ffff) rep = String.fromCodePoint(cp);
      } else {
        switch (s.slice(amp + 1, semi)) {
          case "amp":
            rep = "&";
            break;
          case "lt":
            rep = "<";
            break;
          case "gt":
            rep = ">";
            break;
          case "quot":
            rep = '"';
            break;
          case "apos":
            rep = "'";
            break;
        }
      }
    }
    if (rep !== undefined) {
      out += s.slice(last, amp) + rep;
      last = semi + 1;
      amp = s.indexOf("&", last);
    } else {
      amp = s.indexOf("&", amp + 1);
    }
  }
  return out + s.slice(last);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Decodes OOXML `_xHHHH_` escapes (`_x005F_` stands for "_", so "_x005F_x0041_" reads "_x0041_"). */
export function decodeXEscapes(s: string): string {
  let i = s.indexOf("_x");
  if (i < 0) return s;
  let out = "";
  let last = 0;
  while (i >= 0) {
    if (
      i + 6 < s.length &&
      s.charCodeAt(i + 6) === 95 &&
      isHex(s.charCodeAt(i + 2)) &&
      isHex(s.charCodeAt(i + 3)) &&
      isHex(s.charCodeAt(i + 4)) &&
      isHex(s.charCodeAt(i + 5))
    ) {
      out += s.slice(last, i) + String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
      last = i + 7;
      i = s.indexOf("_x", last);
    } else {
      i = s.indexOf("_x", i + 1);
    }
  }
  return out + s.slice(last);
}

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

// ---------------------------------------------------------------- the scanner

/**
 * A string that does not keep the XML it was cut from alive. V8 makes a slice of a long string (13 characters or
 * more) a view into it: one agency's narrative, kept in the consolidated model, would keep the whole shared-strings
 * part of its file in memory (measured: ~20 MB more heap at 1,000 files). Slicing a concatenation makes V8 copy the
 * characters first, so the result stands alone.
 */
function detach(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

const corrupt = (detail: string): ReadError => new ReadError("corrupt", detail);

/** Walks the tags of an XML string one by one; attributes are read on demand. */
class XmlScanner {
  pos = 0;
  /** where the current tag's local name (prefix dropped) starts and ends in the XML */
  private nameStart = 0;
  private nameEnd = 0;
  close = false;
  selfClosing = false;
  private attrStart = 0;
  private attrEnd = 0;

  constructor(
    readonly xml: string,
    readonly part: string,
  ) {}

  next(): boolean {
    const xml = this.xml;
    const len = xml.length;
    let i = this.pos;
    for (;;) {
      i = xml.indexOf("<", i);
      if (i < 0) {
        this.pos = len;
        return false;
      }
      const c = xml.charCodeAt(i + 1);
      if (c === 63 /* ? */) {
        const j = xml.indexOf("?>", i + 2);
        if (j < 0) throw corrupt(`${this.part}: unterminated processing instruction`);
        i = j + 2;
        continue;
      }
      if (c === 33 /* ! */) {
        if (xml.startsWith("<!--", i)) {
          const j = xml.indexOf("-->", i + 4);
          if (j < 0) throw corrupt(`${this.part}: unterminated comment`);
          i = j + 3;
        } else if (xml.startsWith("<![CDATA[", i)) {
          const j = xml.indexOf("]]>", i + 9);
          if (j < 0) throw corrupt(`${this.part}: unterminated CDATA`);
          i = j + 3;
        } else {
          // DOCTYPE and the like: skipped (no DTD entity is ever expanded)
          const j = xml.indexOf(">", i + 2);
          if (j < 0) throw corrupt(`${this.part}: unterminated declaration`);
          i = j + 1;
        }
        continue;
      }
      const close = c === 47; /* / */
      const nameStart = close ? i + 2 : i + 1;
      let k = nameStart;
      let colon = -1;
      while (k < len) {
        const ch = xml.charCodeAt(k);
        if (ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13) break;
        if (ch === 58) colon = k;
        k++;
      }
      let m = k;
      let quote = 0;
      while (m < len) {
        const ch = xml.charCodeAt(m);
        if (quote !== 0) {
          if (ch === quote) quote = 0;
        } else if (ch === 34 || ch === 39) {
          quote = ch;
        } else if (ch === 62) {
          break;
        }
        m++;
      }
      if (m >= len) throw corrupt(`${this.part}: unterminated tag`);
      this.nameStart = colon >= 0 ? colon + 1 : nameStart;
      this.nameEnd = k;
      this.close = close;
      this.selfClosing = !close && xml.charCodeAt(m - 1) === 47;
      this.attrStart = k;
      this.attrEnd = this.selfClosing ? m - 1 : m;
      this.pos = m + 1;
      return true;
    }
  }

  /** The current tag's local name (a new string: the hot loops use `is` instead). */
  get name(): string {
    return this.xml.slice(this.nameStart, this.nameEnd);
  }

  /** Whether the current tag's local name is `n` (no string is made). */
  is(n: string): boolean {
    return this.nameEnd - this.nameStart === n.length && this.xml.startsWith(n, this.nameStart);
  }

  /** Whether the current tag's local name is the one letter `code` (c, v, f, t, r). */
  isChar(code: number): boolean {
    return this.nameEnd - this.nameStart === 1 && this.xml.charCodeAt(this.nameStart) === code;
  }

  /**
   * The attribute's value (entities decoded). `name` is matched against the full attribute name; with `local`,
   * against its local name, and only prefixed names match (for r:id whatever the prefix).
   */
  attr(name: string, local = false): string | undefined {
    const xml = this.xml;
    const end = this.attrEnd;
    let i = this.attrStart;
    while (i < end) {
      let ch = xml.charCodeAt(i);
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
        i++;
        continue;
      }
      const ns = i;
      let colon = -1;
      while (i < end) {
        ch = xml.charCodeAt(i);
        if (ch === 61 || ch === 32 || ch === 9 || ch === 10 || ch === 13) break;
        if (ch === 58) colon = i;
        i++;
      }
      const ne = i;
      while (i < end && xml.charCodeAt(i) !== 61) i++;
      i++;
      while (i < end && (ch = xml.charCodeAt(i)) !== 34 && ch !== 39) i++;
      if (i >= end) return undefined;
      const q = xml.charCodeAt(i);
      const vs = i + 1;
      const ve = xml.indexOf(q === 34 ? '"' : "'", vs);
      if (ve < 0 || ve > end) return undefined;
      i = ve + 1;
      const matches = local
        ? colon >= 0 && ne - colon - 1 === name.length && xml.startsWith(name, colon + 1)
        : ne - ns === name.length && xml.startsWith(name, ns);
      if (matches) return decodeEntities(xml.slice(vs, ve));
    }
    return undefined;
  }

  /** The r, t and s attributes of a <c>, in one pass (into the scanner's cellR / cellT / cellS). */
  readCellAttrs(): void {
    const xml = this.xml;
    const end = this.attrEnd;
    let i = this.attrStart;
    this.cellR = undefined;
    this.cellT = undefined;
    this.cellS = 0;
    while (i < end) {
      const ch = xml.charCodeAt(i);
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
        i++;
        continue;
      }
      const ns = i;
      while (i < end && xml.charCodeAt(i) !== 61) i++;
      let ne = i;
      while (ne > ns && xml.charCodeAt(ne - 1) <= 32) ne--;
      i++;
      let q = 0;
      while (i < end && (q = xml.charCodeAt(i)) !== 34 && q !== 39) i++;
      if (i >= end) return;
      const vs = i + 1;
      const ve = xml.indexOf(q === 34 ? '"' : "'", vs);
      if (ve < 0 || ve > end) return;
      i = ve + 1;
      if (ne - ns !== 1) continue;
      const an = xml.charCodeAt(ns);
      if (an === 114 /* r */) this.cellR = xml.slice(vs, ve);
      else if (an === 116 /* t */) this.cellT = xml.slice(vs, ve);
      else if (an === 115 /* s */) {
        let v = 0;
        for (let k = vs; k < ve; k++) {
          const d = xml.charCodeAt(k) - 48;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
        }
        this.cellS = v;
      }
    }
  }

  cellR: string | undefined = undefined;
  cellT: string | undefined = undefined;
  cellS = 0;

  /** The character content from here to the next tag (entities decoded, CDATA kept, comments skipped). */
  text(): string {
    const xml = this.xml;
    let i = this.pos;
    let out = "";
    for (;;) {
      const lt = xml.indexOf("<", i);
      if (lt < 0) throw corrupt(`${this.part}: unterminated element`);
      if (lt > i) out += decodeEntities(xml.slice(i, lt));
      if (xml.charCodeAt(lt + 1) === 33) {
        if (xml.startsWith("<![CDATA[", lt)) {
          const e = xml.indexOf("]]>", lt + 9);
          if (e < 0) throw corrupt(`${this.part}: unterminated CDATA`);
          out += xml.slice(lt + 9, e);
          i = e + 3;
          continue;
        }
        if (xml.startsWith("<!--", lt)) {
          const e = xml.indexOf("-->", lt + 4);
          if (e < 0) throw corrupt(`${this.part}: unterminated comment`);
          i = e + 3;
          continue;
        }
      }
      this.pos = lt;
      return detach(out);
    }
  }

  /** Skips the current element's content up to its end tag (for a start tag that is not self-closing). */
  skipElement(): void {
    if (this.selfClosing || this.close) return;
    const name = this.name;
    let depth = 1;
    while (this.next()) {
      if (!this.is(name)) continue;
      if (this.close) {
        if (--depth === 0) return;
      } else if (!this.selfClosing) depth++;
    }
  }
}

/** Rich or plain text of an <si> or <is> element: the <t> texts outside phonetic runs; the first run's font. */
function readRichText(sc: XmlScanner, endName: string): { text: string; font: string | undefined } {
  let text = "";
  let font: string | undefined;
  let runs = 0;
  let inRun = false;
  let inPhonetic = false;
  while (sc.next()) {
    if (sc.close) {
      if (sc.is(endName)) break;
      if (sc.is("rPh")) inPhonetic = false;
      else if (sc.isChar(114 /* r */)) inRun = false;
      continue;
    }
    if (sc.isChar(116 /* t */)) {
      if (!inPhonetic && !sc.selfClosing) text += decodeXEscapes(sc.text());
    } else if (sc.isChar(114 /* r */)) {
      if (!inPhonetic && !sc.selfClosing) {
        runs++;
        inRun = true;
      }
    } else if (sc.is("rPh")) {
      if (!sc.selfClosing) inPhonetic = true;
    } else if (sc.is("rFont")) {
      if (inRun && runs === 1 && !inPhonetic) font = sc.attr("val");
    }
  }
  return { text, font };
}

// ---------------------------------------------------------------- styles and dates

/** Built-in number formats that are dates or times (ids 14–22, 45–47), as exceljs names them. */
const builtinDateFormats: Record<number, string> = {
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
};

/**
 * Whether a number format code shows a date or time: after dropping [...] sections and "..." literals, it contains
 * y, m, d, h, s (or b, the Buddhist year), in either case. A superset of exceljs's own test, so that every cell
 * exceljs turns into a Date is a date here too.
 */
export function isDateFormat(code: string | undefined): boolean {
  if (!code || code === "General" || code === "@") return false;
  let inBracket = false;
  let inQuote = false;
  for (let i = 0; i < code.length; i++) {
    const ch = code.charCodeAt(i);
    if (inQuote) {
      if (ch === 34) inQuote = false;
      continue;
    }
    if (inBracket) {
      if (ch === 93) inBracket = false;
      continue;
    }
    if (ch === 34) inQuote = true;
    else if (ch === 91) inBracket = true;
    else {
      const lower = ch | 0x20;
      if (lower === 121 || lower === 109 || lower === 100 || lower === 104 || lower === 115 || lower === 98)
        return true;
    }
  }
  return false;
}

/**
 * A date serial as both readers report it (1900 system, rounded to the millisecond exactly as exceljs rounds when
 * it builds a Date): `serialFromTime(excelToTime(v))`.
 */
export function serialFromTime(ms: number): number {
  return ms / 86_400_000 + 25569;
}

export function timeFromSerial(v: number, date1904: boolean): number {
  return Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
}

export interface StyleInfo {
  /** per cellXfs index: font name (or undefined) */
  xfFont: Array<string | undefined>;
  /** per cellXfs index: whether its number format is a date format */
  xfDate: boolean[];
  /** per cellXfs index: the number format code (built-in date codes, custom codes), when known */
  xfFormat: Array<string | undefined>;
}

/** Reads xl/styles.xml: cellXfs → font name and number format (only what intake needs). */
export function parseStyles(xml: string | null): StyleInfo {
  const info: StyleInfo = { xfFont: [], xfDate: [], xfFormat: [] };
  if (!xml) return info;
  const sc = new XmlScanner(xml, "styles.xml");
  const customFormats = new Map<number, string>();
  const fonts: Array<string | undefined> = [];
  const xfs: Array<{ numFmtId: number; fontId: number }> = [];
  let section = "";
  let inFont = false;
  let fontName: string | undefined;
  while (sc.next()) {
    const n = sc.name;
    if (sc.close) {
      if (n === section) section = "";
      else if (n === "font" && inFont) {
        fonts.push(fontName);
        inFont = false;
      }
      continue;
    }
    switch (n) {
      case "numFmts":
      case "fonts":
      case "cellXfs":
        if (!sc.selfClosing) section = n;
        break;
      case "numFmt":
        if (section === "numFmts") {
          const id = Number(sc.attr("numFmtId"));
          const code = sc.attr("formatCode");
          if (Number.isInteger(id) && code !== undefined) customFormats.set(id, code);
        }
        break;
      case "font":
        if (section === "fonts") {
          if (sc.selfClosing) fonts.push(undefined);
          else {
            inFont = true;
            fontName = undefined;
          }
        }
        break;
      case "name":
        if (inFont && fontName === undefined) fontName = sc.attr("val");
        break;
      case "xf":
        if (section === "cellXfs") {
          xfs.push({ numFmtId: Number(sc.attr("numFmtId") ?? 0) || 0, fontId: Number(sc.attr("fontId") ?? 0) || 0 });
          sc.skipElement();
        }
        break;
      case "dxfs":
      case "cellStyleXfs":
        sc.skipElement();
        break;
    }
  }
  for (const xf of xfs) {
    const code = customFormats.get(xf.numFmtId) ?? builtinDateFormats[xf.numFmtId];
    info.xfFont.push(fonts[xf.fontId]);
    info.xfFormat.push(code);
    info.xfDate.push(isDateFormat(code));
  }
  return info;
}

// ---------------------------------------------------------------- formulas

const formulaRefCandidate = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const cellRefPart = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

/** Moves a shared formula from its master cell to another cell (relative references shift), as exceljs does. */
export function slideFormula(formula: string, from: string, to: string): string {
  const a = parseAddress(from);
  const b = parseAddress(to);
  if (!a || !b) return formula;
  return formula.replace(
    formulaRefCandidate,
    (whole: string, sheet: string | undefined, _s: string, part: string, paren: string | undefined) => {
      if (paren) return whole;
      const m = cellRefPart.exec(part);
      if (!m) return whole;
      const colStr = (m[2] as string).toUpperCase();
      if (colStr.length > 3 || (colStr.length === 3 && colStr > "XFD")) return whole;
      let col = 0;
      for (const ch of colStr) col = col * 26 + (ch.charCodeAt(0) - 64);
      let row = parseInt(m[4] as string, 10);
      if (!m[1]) col += b.col - a.col;
      if (!m[3]) row += b.row - a.row;
      const addr = formatAddress(col, 1);
      const letters = addr.slice(0, addr.length - 1);
      return `${sheet ?? ""}${m[1] ?? ""}${letters}${m[3] ?? ""}${row}`;
    },
  );
}

// ---------------------------------------------------------------- parts

interface SheetRef {
  name: string;
  state: RawSheet["state"];
  path: string | null;
}

function resolvePartPath(base: string, target: string): string {
  const raw = target.startsWith("/") ? target.slice(1) : `${base}${target}`;
  const out: string[] = [];
  for (const seg of raw.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return out.join("/");
}

function parseWorkbookXml(xml: string, rels: Map<string, string>): { sheets: SheetRef[]; date1904: boolean } {
  const sc = new XmlScanner(xml, "workbook.xml");
  const sheets: SheetRef[] = [];
  let date1904 = false;
  while (sc.next()) {
    if (sc.close) continue;
    if (sc.name === "workbookPr") {
      const d = sc.attr("date1904");
      date1904 = d === "1" || d === "true";
    } else if (sc.name === "sheet") {
      const state = sc.attr("state");
      const rid = sc.attr("id", true);
      sheets.push({
        name: sc.attr("name") ?? "",
        state: state === "hidden" ? "hidden" : state === "veryHidden" ? "veryHidden" : "visible",
        path: rid !== undefined ? (rels.get(rid) ?? null) : null,
      });
    } else if (sc.name === "definedNames" || sc.name === "extLst") {
      sc.skipElement();
    }
  }
  return { sheets, date1904 };
}

/** Relationship id → part path, for worksheet relationships only. */
function parseWorkbookRels(xml: string | null, base: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!xml) return map;
  const sc = new XmlScanner(xml, "workbook.xml.rels");
  while (sc.next()) {
    if (sc.close || sc.name !== "Relationship") continue;
    const id = sc.attr("Id");
    const target = sc.attr("Target");
    const type = sc.attr("Type") ?? "";
    if (id === undefined || target === undefined || sc.attr("TargetMode") === "External") continue;
    if (!type.endsWith("/worksheet")) continue;
    map.set(id, resolvePartPath(base, target));
  }
  return map;
}

interface SharedString {
  text: string;
  font: string | undefined;
}

function parseSharedStrings(xml: string | null): SharedString[] {
  const out: SharedString[] = [];
  if (!xml) return out;
  const sc = new XmlScanner(xml, "sharedStrings.xml");
  while (sc.next()) {
    if (sc.close || !sc.is("si")) continue;
    if (sc.selfClosing) out.push({ text: "", font: undefined });
    else out.push(readRichText(sc, "si"));
  }
  return out;
}

/** docProps/app.xml <Application>, when present. */
export function parseApplication(xml: string | null): string | undefined {
  if (!xml) return undefined;
  const sc = new XmlScanner(xml, "app.xml");
  while (sc.next()) {
    if (!sc.close && sc.name === "Application" && !sc.selfClosing) {
      const t = sc.text().trim();
      return t || undefined;
    }
  }
  return undefined;
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

function parseSheetXml(
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

// ---------------------------------------------------------------- the reader

/** Reads an xlsx's bytes (already known to be a zip holding xl/workbook.xml) into a RawWorkbook. */
export function readLean(bytes: Uint8Array, limits: ReadLimits = defaultLimits): RawWorkbook {
  const zip = openWorkbookZip(bytes, limits);
  const inflater = new ZipInflater(zip, limits);
  const wbXml = inflater.text("xl/workbook.xml");
  if (wbXml === null) throw new ReadError("not-xlsx", "no xl/workbook.xml");
  const rels = parseWorkbookRels(inflater.text("xl/_rels/workbook.xml.rels"), "xl/");
  const { sheets: refs, date1904 } = parseWorkbookXml(wbXml, rels);
  const sstPath = findEntry(zip, "xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : "xl/sharedstrings.xml";
  const sst = parseSharedStrings(inflater.text(sstPath));
  const styles = parseStyles(inflater.text("xl/styles.xml"));
  const sheets: RawSheet[] = [];
  for (const ref of refs) {
    if (ref.path === null) continue;
    const xml = inflater.text(ref.path);
    if (xml === null) continue;
    sheets.push({ name: ref.name, state: ref.state, cells: parseSheetXml(xml, ref.path, sst, styles, date1904) });
  }
  const application = parseApplication(inflater.text("docProps/app.xml"));
  return cleanRawWorkbook(application !== undefined ? { sheets, application } : { sheets });
}

export const leanReader: WorkbookReader = {
  name: "lean",
  read(bytes: Uint8Array, limits?: ReadLimits): Promise<RawWorkbook> {
    try {
      return Promise.resolve(readLean(bytes, limits ?? defaultLimits));
    } catch (e) {
      return Promise.reject(e instanceof ReadError ? e : corrupt(e instanceof Error ? e.message : String(e)));
    }
  },
};
