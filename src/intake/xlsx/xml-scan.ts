import { ReadError } from "./raw-workbook.js";

/**
 * The XML scanner the lean reader reads every part with: a single pass over the part's text with indexOf, tag by tag,
 * attributes read on demand (no DOM, no backtracking regexes over whole parts), and the decoding of what a part's text
 * may hold: XML entities, character references, CDATA and OOXML's `_xHHHH_` escapes.
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

/**
 * A part's text decoded the cheap way: each byte one character (latin1), so that character offsets are byte
 * offsets. The markup is ASCII and reads the same; the few texts a reader keeps (values, attributes) are decoded
 * again as UTF-8 from `bytes` when they hold a byte ≥ 0x80. Decoding a whole part as UTF-8 cost more than
 * scanning it: the sheets of a filled template hold Vietnamese in thousands of check formulas nobody reads.
 */
export interface XmlBytes {
  /** `bytes` decoded as latin1 (a BOM stays as three characters before the first tag) */
  readonly latin1: string;
  readonly bytes: Buffer;
}

/** A part as the scanner takes it: text already decoded, or bytes decoded lazily (XmlBytes). */
export type XmlSource = string | XmlBytes;

/** Whether a latin1 slice holds a byte ≥ 0x80 (then it is UTF-8 to decode again). */
const HIGH_BYTE = /[\x80-\xff]/;

/** Walks the tags of an XML string one by one; attributes are read on demand. */
export class XmlScanner {
  pos = 0;
  /** where the current tag's local name (prefix dropped) starts and ends in the XML */
  private nameStart = 0;
  private nameEnd = 0;
  close = false;
  selfClosing = false;
  private attrStart = 0;
  private attrEnd = 0;

  readonly xml: string;
  /** the part's bytes when `xml` is their latin1 decoding, else null */
  private readonly bytes: Buffer | null;

  constructor(
    source: XmlSource,
    readonly part: string,
  ) {
    if (typeof source === "string") {
      this.xml = source;
      this.bytes = null;
    } else {
      this.xml = source.latin1;
      this.bytes = source.bytes;
    }
  }

  /** Whether the last slice() gave a view into the part's text (else a string of its own, decoded from the bytes). */
  private lastSliceIsView = false;

  /** The text between two offsets, as the part's characters (UTF-8 decoded when the part came as bytes). */
  slice(start: number, end: number): string {
    const s = this.xml.slice(start, end);
    this.lastSliceIsView = this.bytes === null || !HIGH_BYTE.test(s);
    return this.lastSliceIsView ? s : (this.bytes as Buffer).toString("utf8", start, end);
  }

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
      if (matches) return decodeEntities(this.slice(vs, ve));
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
    const { text, end } = this.textFrom(this.pos);
    this.pos = end;
    return text;
  }

  /** The character content from `pos` to the next tag, as text() would have read it there; the scanner stays. */
  textAt(pos: number): string {
    return this.textFrom(pos).text;
  }

  private textFrom(pos: number): { text: string; end: number } {
    const xml = this.xml;
    let i = pos;
    let out = "";
    // whether the text holds a view into the part (then it is copied to stand alone; a decoded text already does)
    let view = false;
    for (;;) {
      const lt = xml.indexOf("<", i);
      if (lt < 0) throw corrupt(`${this.part}: unterminated element`);
      if (lt > i) {
        out += decodeEntities(this.slice(i, lt));
        view ||= this.lastSliceIsView;
      }
      if (xml.charCodeAt(lt + 1) === 33) {
        if (xml.startsWith("<![CDATA[", lt)) {
          const e = xml.indexOf("]]>", lt + 9);
          if (e < 0) throw corrupt(`${this.part}: unterminated CDATA`);
          out += this.slice(lt + 9, e);
          view ||= this.lastSliceIsView;
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
      return { text: view ? detach(out) : out, end: lt };
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
export function readRichText(sc: XmlScanner, endName: string): { text: string; font: string | undefined } {
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
