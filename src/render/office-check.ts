import { isUtf8 } from "node:buffer";
import { inflateRawSync } from "node:zlib";
import { openZip } from "../intake/xlsx/zip.js";
import { codePointLabel, indexOfNonXmlChar } from "../util/text.js";

/**
 * The read-back of every generated Office document (.docx, .xlsx) before a command reports success: the zip opens
 * and each XML part (*.xml, *.rels) is well-formed XML 1.0. A document that fails is a program error (the writer let
 * something through that Word or Excel would refuse), so the check throws and the command ends with exit code 3
 * before writing anything. Pure: bytes in, nothing out but the throw.
 */

/** A generated document that Word or Excel would refuse: a bug of the program, never of the data. */
export class MalformedOutputError extends Error {
  constructor(
    readonly file: string,
    readonly part: string,
    readonly detail: string,
  ) {
    super(
      `Tệp ${file} vừa lập bị hỏng: phần ${part} không phải XML hợp lệ (${detail}). Chưa ghi tệp nào của lần chạy này.`,
    );
    this.name = "MalformedOutputError";
  }
}

/** Whether a file name is one whose bytes are checked (a zip of XML parts). */
export const isOfficeFile = (name: string): boolean => /\.(docx|xlsx)$/i.test(name);

const isXmlPart = (name: string): boolean => /\.(xml|rels)$/i.test(name);

/** Documents already read back, by their bytes: assertWellFormedOutputs does not read them a second time. */
const readBack = new WeakSet<Uint8Array>();

/**
 * Throws MalformedOutputError unless the bytes are a zip whose every XML part is well-formed. `visit` is given each XML
 * part's bytes once checked (a caller that looks at the text too reads the part once). The parts are inflated one at a
 * time and checked as bytes (xmlBytesWellFormed): a part of many megabytes is never decoded to one string.
 */
export function assertWellFormedOffice(
  bytes: Uint8Array,
  name: string,
  visit?: (part: string, xml: Uint8Array) => void,
): void {
  let entries: ReturnType<typeof openZip>["entries"];
  try {
    entries = openZip(bytes).entries.filter((e) => !e.name.endsWith("/"));
  } catch (e) {
    throw new MalformedOutputError(name, "(zip)", e instanceof Error ? e.message : String(e));
  }
  if (!entries.some((e) => e.name === "[Content_Types].xml"))
    throw new MalformedOutputError(name, "(zip)", "thiếu [Content_Types].xml");
  for (const e of entries) {
    if (!isXmlPart(e.name)) continue;
    let data: Uint8Array;
    try {
      const src = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
      data = e.method === 8 ? inflateRawSync(src) : src;
    } catch (err) {
      throw new MalformedOutputError(name, "(zip)", err instanceof Error ? err.message : String(err));
    }
    // the bytes' own check says yes for every part a writer of the program makes; when it cannot say (or says no),
    // the decoded text has the last word, and the message
    if (!xmlBytesWellFormed(data)) {
      let xml: string;
      try {
        xml = new TextDecoder("utf-8", { fatal: true }).decode(data);
      } catch {
        throw new MalformedOutputError(name, e.name, "không phải UTF-8");
      }
      const problem = xmlProblem(xml);
      if (problem) throw new MalformedOutputError(name, e.name, problem);
    }
    visit?.(e.name, data);
  }
  readBack.add(bytes);
}

/**
 * assertWellFormedOffice over a set of outputs about to be written; other kinds of file pass, and so do the bytes read
 * back already (the Word documents are, as they are made: docx-engine.ts).
 */
export function assertWellFormedOutputs(files: readonly { path: string; data: string | Uint8Array }[]): void {
  for (const f of files) {
    if (isOfficeFile(f.path) && typeof f.data !== "string" && !readBack.has(f.data))
      assertWellFormedOffice(f.data, f.path.split(/[\\/]/).pop() ?? f.path);
  }
}

// ---------------------------------------------------------------- XML 1.0 well-formedness

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

/** NameStartChar and NameChar of XML 1.0 (5th edition), by UTF-16 code unit: a surrogate stands for a
 * supplementary character, which both allow (#x10000–#xEFFFF). */
function isNameStart(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}
function isNameChar(c: number): boolean {
  if (c < 0x80) return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
  return isNameStart(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

const ENTITY = /^(?:amp|lt|gt|quot|apos)$/;

/**
 * What makes a text not well-formed XML 1.0 (Vietnamese, with the offset), or null. Covers what a document writer
 * can get wrong: characters, tags and their nesting, one root, attributes (quoted, no "<", no duplicates),
 * references (the five predefined entities and character references to allowed characters), comments, CDATA,
 * processing instructions. A DOCTYPE is refused: no generated part has one. Linear in the text.
 */
export function xmlProblem(xml: string): string | null {
  const bad = indexOfNonXmlChar(xml);
  if (bad >= 0) return `ký tự ${codePointLabel(xml.charCodeAt(bad))} không được phép trong XML, ở vị trí ${bad}`;
  const n = xml.length;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (what: string, at: number): string => `${what}, ở vị trí ${at}`;
  // positions of the next "&", "<" and "]]>" at or after the scan, found once each (keeps the scan linear)
  let nextAmp = xml.indexOf("&");
  let nextCdEnd = xml.indexOf("]]>");
  const ampAfter = (from: number): void => {
    while (nextAmp >= 0 && nextAmp < from) nextAmp = xml.indexOf("&", nextAmp + 1);
  };
  const cdEndAfter = (from: number): void => {
    while (nextCdEnd >= 0 && nextCdEnd < from) nextCdEnd = xml.indexOf("]]>", nextCdEnd + 1);
  };
  /** checks every reference in [from, to) */
  const refsIn = (from: number, to: number): string | null => {
    ampAfter(from);
    while (nextAmp >= 0 && nextAmp < to) {
      const semi = xml.indexOf(";", nextAmp + 1);
      if (semi < 0 || semi >= to || semi - nextAmp > 12)
        return fail("dấu & không mở đầu một tham chiếu hợp lệ", nextAmp);
      const body = xml.slice(nextAmp + 1, semi);
      if (body.charCodeAt(0) === 0x23 /* # */) {
        const cp = /^#[0-9]+$/.test(body)
          ? Number(body.slice(1))
          : /^#x[0-9a-fA-F]+$/.test(body)
            ? parseInt(body.slice(2), 16)
            : NaN;
        if (Number.isNaN(cp)) return fail(`tham chiếu ký tự &${body}; viết sai`, nextAmp);
        if (!isChar(cp)) return fail(`tham chiếu ký tự &${body}; trỏ tới ký tự không được phép`, nextAmp);
      } else if (!ENTITY.test(body)) {
        return nameEnd(nextAmp + 1) === semi
          ? fail(`thực thể &${body}; chưa khai báo`, nextAmp)
          : fail("dấu & không mở đầu một tham chiếu hợp lệ", nextAmp);
      }
      nextAmp = xml.indexOf("&", semi + 1);
    }
    return null;
  };
  /** the end of the name starting at `at` (`at` itself when there is none) */
  const nameEnd = (at: number): number => {
    if (!isNameStart(xml.charCodeAt(at))) return at;
    let k = at + 1;
    while (k < n && isNameChar(xml.charCodeAt(k))) k++;
    return k;
  };
  const nameAt = (at: number): string | null => {
    const end = nameEnd(at);
    return end > at ? xml.slice(at, end) : null;
  };

  if (xml.startsWith("<?xml", i) && (isSpace(xml.charCodeAt(i + 5)) || xml.startsWith("?>", i + 5))) {
    const end = xml.indexOf("?>", i);
    if (end < 0) return fail("khai báo XML không đóng", i);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(xml.slice(i, end + 2)))
      return fail("khai báo XML thiếu version", i);
    i = end + 2;
  }
  const stack: string[] = [];
  let rootSeen = false;
  while (i < n) {
    let lt = xml.indexOf("<", i);
    if (lt < 0) lt = n;
    if (lt > i) {
      // character data
      if (stack.length === 0) {
        for (let k = i; k < lt; k++) if (!isSpace(xml.charCodeAt(k))) return fail("có chữ nằm ngoài phần tử gốc", k);
      } else {
        cdEndAfter(i);
        if (nextCdEnd >= 0 && nextCdEnd < lt) return fail('chuỗi "]]>" trong nội dung', nextCdEnd);
        const r = refsIn(i, lt);
        if (r) return r;
      }
    }
    if (lt >= n) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      if (xml.startsWith("<!--", lt)) {
        const end = xml.indexOf("-->", lt + 4);
        if (end < 0) return fail("chú thích không đóng", lt);
        const dash = xml.indexOf("--", lt + 4);
        if (dash < end || xml.charCodeAt(end - 1) === 0x2d) return fail('chú thích chứa "--"', lt);
        i = end + 3;
      } else if (xml.startsWith("<![CDATA[", lt)) {
        if (stack.length === 0) return fail("CDATA nằm ngoài phần tử gốc", lt);
        cdEndAfter(lt + 9);
        if (nextCdEnd < 0) return fail("CDATA không đóng", lt);
        i = nextCdEnd + 3;
      } else {
        return fail("khai báo <! không được dùng (DOCTYPE)", lt);
      }
      continue;
    }
    if (c === 0x3f /* ? */) {
      const target = nameAt(lt + 2);
      if (!target || target.toLowerCase() === "xml") return fail("chỉ thị xử lý không hợp lệ", lt);
      const end = xml.indexOf("?>", lt + 2);
      if (end < 0) return fail("chỉ thị xử lý không đóng", lt);
      i = end + 2;
      continue;
    }
    if (c === 0x2f /* / */) {
      const name = nameAt(lt + 2);
      if (!name) return fail("thẻ đóng không có tên", lt);
      let k = lt + 2 + name.length;
      while (isSpace(xml.charCodeAt(k))) k++;
      if (xml.charCodeAt(k) !== 0x3e) return fail(`thẻ đóng </${name}> không kết thúc bằng >`, lt);
      const open = stack.pop();
      if (open !== name)
        return fail(
          open === undefined
            ? `thẻ đóng </${name}> không có thẻ mở`
            : `thẻ đóng </${name}> không khớp thẻ mở <${open}>`,
          lt,
        );
      i = k + 1;
      continue;
    }
    // a start tag
    const name = nameAt(lt + 1);
    if (!name) return fail('dấu "<" không mở đầu một thẻ', lt);
    if (stack.length === 0 && rootSeen) return fail(`phần tử gốc thứ hai <${name}>`, lt);
    let k = lt + 1 + name.length;
    const attrs: string[] = [];
    for (;;) {
      const before = k;
      while (isSpace(xml.charCodeAt(k))) k++;
      const ch = xml.charCodeAt(k);
      if (ch === 0x3e /* > */) {
        stack.push(name);
        k++;
        break;
      }
      if (ch === 0x2f /* / */ && xml.charCodeAt(k + 1) === 0x3e) {
        k += 2;
        break;
      }
      if (k === before) return fail(`thẻ <${name}> viết sai`, lt);
      const attr = nameAt(k);
      if (!attr) return fail(`thẻ <${name}> có thuộc tính viết sai`, k);
      if (attrs.includes(attr)) return fail(`thuộc tính ${attr} lặp lại trong thẻ <${name}>`, k);
      attrs.push(attr);
      k += attr.length;
      while (isSpace(xml.charCodeAt(k))) k++;
      if (xml.charCodeAt(k) !== 0x3d /* = */) return fail(`thuộc tính ${attr} thiếu dấu =`, k);
      k++;
      while (isSpace(xml.charCodeAt(k))) k++;
      const q = xml.charCodeAt(k);
      if (q !== 0x22 && q !== 0x27) return fail(`giá trị thuộc tính ${attr} thiếu dấu nháy`, k);
      const end = xml.indexOf(q === 0x22 ? '"' : "'", k + 1);
      if (end < 0) return fail(`giá trị thuộc tính ${attr} không đóng`, k);
      const ltIn = xml.indexOf("<", k + 1);
      if (ltIn >= 0 && ltIn < end) return fail(`giá trị thuộc tính ${attr} chứa dấu <`, ltIn);
      const r = refsIn(k + 1, end);
      if (r) return r;
      k = end + 1;
    }
    rootSeen = true;
    i = k;
  }
  if (stack.length > 0) return fail(`thẻ <${stack[stack.length - 1]}> không đóng`, n);
  if (!rootSeen) return fail("không có phần tử gốc", 0);
  return null;
}

// ---------------------------------------------------------------- the same rules, on the bytes

const isAsciiNameStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
const isAsciiNameChar = (c: number): boolean =>
  isAsciiNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

/** Whether `b` holds the ASCII text `s` at `at`. */
function bytesAt(b: Uint8Array, at: number, s: string): boolean {
  for (let k = 0; k < s.length; k++) if (b[at + k] !== s.charCodeAt(k)) return false;
  return true;
}

/** Whether b[a1, a1 + len) and b[a2, a2 + len) hold the same bytes. */
function sameBytes(b: Uint8Array, a1: number, a2: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (b[a1 + k] !== b[a2 + k]) return false;
  return true;
}

/** The ASCII bytes b[from, to) as text (null when one is not ASCII). */
function asciiText(b: Uint8Array, from: number, to: number): string | null {
  let s = "";
  for (let k = from; k < to; k++) {
    const c = b[k]!;
    if (c >= 0x80) return null;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Whether b[k] starts a character XML does not allow: a C0 control but tab, LF and CR, or U+FFFE or U+FFFF. */
function nonXmlByteAt(b: Uint8Array, k: number): boolean {
  const c = b[k]!;
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d;
  return c === 0xef && b[k + 1] === 0xbf && (b[k + 2]! & 0xfe) === 0xbe;
}

/**
 * Whether valid UTF-8 bytes hold a character XML does not allow (nonXmlByteAt), looked for four bytes at a time: a
 * word with no byte below 0x20 and no 0xEF (what nearly every word of a part is) is passed at once.
 */
function hasNonXmlByte(b: Uint8Array): boolean {
  const n = b.length;
  let k = 0;
  for (; k < n && ((b.byteOffset + k) & 3) !== 0; k++) if (nonXmlByteAt(b, k)) return true;
  const words = new Uint32Array(b.buffer, b.byteOffset + k, (n - k) >> 2);
  for (let w = 0; w < words.length; w++) {
    const x = words[w]!;
    const y = x ^ 0xefefefef;
    // a byte below 0x20 in x, a zero byte in y (an 0xEF in x): the classic tests of a word's bytes
    if (((x - 0x20202020) & ~x & 0x80808080) !== 0 || ((y - 0x01010101) & ~y & 0x80808080) !== 0) {
      const at = k + w * 4;
      for (let j = at; j < at + 4; j++) if (nonXmlByteAt(b, j)) return true;
    }
  }
  for (let j = k + words.length * 4; j < n; j++) if (nonXmlByteAt(b, j)) return true;
  return false;
}

/**
 * Whether UTF-8 bytes are well-formed XML by the rules of xmlProblem, checked on the bytes themselves: a part of many
 * megabytes (the companion of a 1,000-agency report) is never decoded to a string, twice its size as Vietnamese text.
 * Markup is ASCII, so the scan is xmlProblem's, byte for byte. One-sided: true only when xmlProblem finds nothing
 * in the decoded text; what this check leaves to it (a name with a letter beyond ASCII, a second byte-order mark, and
 * every fault) gives false, and the caller asks xmlProblem, which has the last word and gives the message.
 */
export function xmlBytesWellFormed(b: Uint8Array): boolean {
  // characters: valid UTF-8 (no surrogate, nothing past U+10FFFF: what TextDecoder's fatal mode refuses), then no C0
  // control but tab, LF and CR, and no U+FFFE or U+FFFF (EF BF BE, EF BF BF)
  if (!isUtf8(b) || hasNonXmlByte(b)) return false;
  const n = b.length;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  // the decoder drops one byte-order mark; a second one is left to xmlProblem
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  if (b[i] === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf) return false;
  const isSp = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  let nextAmp = buf.indexOf(0x26);
  let nextCdEnd = buf.indexOf("]]>");
  const cdEndAfter = (from: number): void => {
    while (nextCdEnd >= 0 && nextCdEnd < from) nextCdEnd = buf.indexOf("]]>", nextCdEnd + 1);
  };
  /** whether every reference in [from, to) is one xmlProblem accepts */
  const refsOk = (from: number, to: number): boolean => {
    while (nextAmp >= 0 && nextAmp < from) nextAmp = buf.indexOf(0x26, nextAmp + 1);
    while (nextAmp >= 0 && nextAmp < to) {
      let semi = nextAmp + 1;
      while (semi < to && semi - nextAmp <= 12 && b[semi] !== 0x3b) semi++;
      if (semi >= to || semi - nextAmp > 12 || b[semi] !== 0x3b) return false;
      const body = asciiText(b, nextAmp + 1, semi);
      if (body === null) return false;
      if (body.charCodeAt(0) === 0x23 /* # */) {
        const cp = /^#[0-9]+$/.test(body)
          ? Number(body.slice(1))
          : /^#x[0-9a-fA-F]+$/.test(body)
            ? parseInt(body.slice(2), 16)
            : NaN;
        if (Number.isNaN(cp) || !isChar(cp)) return false;
      } else if (!ENTITY.test(body)) return false;
      nextAmp = buf.indexOf(0x26, semi + 1);
    }
    return true;
  };
  /** the end of the ASCII name at `at` (`at` itself when there is none), -1 when a byte beyond ASCII may continue it */
  const nameEnd = (at: number): number => {
    const c = b[at];
    if (c === undefined) return at;
    if (c >= 0x80) return -1;
    if (!isAsciiNameStart(c)) return at;
    let k = at + 1;
    while (k < n && isAsciiNameChar(b[k]!)) k++;
    return k < n && b[k]! >= 0x80 ? -1 : k;
  };

  if (bytesAt(b, i, "<?xml") && (isSp(b[i + 5]) || bytesAt(b, i + 5, "?>"))) {
    const end = buf.indexOf("?>", i);
    if (end < 0) return false;
    const decl = asciiText(b, i, end + 2);
    if (decl === null || !/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(decl)) return false;
    i = end + 2;
  }
  // the open elements, as the start and the end of their names
  const openFrom: number[] = [];
  const openTo: number[] = [];
  const attrFrom: number[] = [];
  const attrTo: number[] = [];
  let rootSeen = false;
  while (i < n) {
    let lt = i;
    while (lt < n && b[lt] !== 0x3c) lt++;
    if (lt > i) {
      if (openFrom.length === 0) {
        for (let k = i; k < lt; k++) if (!isSp(b[k])) return false;
      } else {
        cdEndAfter(i);
        if (nextCdEnd >= 0 && nextCdEnd < lt) return false;
        if (!refsOk(i, lt)) return false;
      }
    }
    if (lt >= n) break;
    const c = b[lt + 1];
    if (c === 0x21 /* ! */) {
      if (bytesAt(b, lt, "<!--")) {
        const end = buf.indexOf("-->", lt + 4);
        if (end < 0) return false;
        if (buf.indexOf("--", lt + 4) < end || b[end - 1] === 0x2d) return false;
        i = end + 3;
      } else if (bytesAt(b, lt, "<![CDATA[")) {
        if (openFrom.length === 0) return false;
        cdEndAfter(lt + 9);
        if (nextCdEnd < 0) return false;
        i = nextCdEnd + 3;
      } else return false;
      continue;
    }
    if (c === 0x3f /* ? */) {
      const end = nameEnd(lt + 2);
      if (end <= lt + 2) return false;
      if (asciiText(b, lt + 2, end)!.toLowerCase() === "xml") return false;
      const close = buf.indexOf("?>", lt + 2);
      if (close < 0) return false;
      i = close + 2;
      continue;
    }
    if (c === 0x2f /* / */) {
      const end = nameEnd(lt + 2);
      if (end <= lt + 2) return false;
      let k = end;
      while (isSp(b[k])) k++;
      if (b[k] !== 0x3e) return false;
      const from = openFrom.pop();
      const to = openTo.pop();
      if (from === undefined || to === undefined) return false;
      if (to - from !== end - (lt + 2) || !sameBytes(b, from, lt + 2, to - from)) return false;
      i = k + 1;
      continue;
    }
    // a start tag
    const nameTo = nameEnd(lt + 1);
    if (nameTo <= lt + 1) return false;
    if (openFrom.length === 0 && rootSeen) return false;
    let k = nameTo;
    attrFrom.length = 0;
    attrTo.length = 0;
    for (;;) {
      const before = k;
      while (isSp(b[k])) k++;
      const ch = b[k];
      if (ch === 0x3e /* > */) {
        openFrom.push(lt + 1);
        openTo.push(nameTo);
        k++;
        break;
      }
      if (ch === 0x2f /* / */ && b[k + 1] === 0x3e) {
        k += 2;
        break;
      }
      if (k === before) return false;
      const attrEnd = nameEnd(k);
      if (attrEnd <= k) return false;
      for (let a = 0; a < attrFrom.length; a++)
        if (attrTo[a]! - attrFrom[a]! === attrEnd - k && sameBytes(b, attrFrom[a]!, k, attrEnd - k)) return false;
      attrFrom.push(k);
      attrTo.push(attrEnd);
      k = attrEnd;
      while (isSp(b[k])) k++;
      if (b[k] !== 0x3d /* = */) return false;
      k++;
      while (isSp(b[k])) k++;
      const q = b[k];
      if (q !== 0x22 && q !== 0x27) return false;
      let end = k + 1;
      while (end < n && b[end] !== q) {
        if (b[end] === 0x3c) return false;
        end++;
      }
      if (end >= n) return false;
      if (!refsOk(k + 1, end)) return false;
      k = end + 1;
    }
    rootSeen = true;
    i = k;
  }
  return openFrom.length === 0 && rootSeen;
}
