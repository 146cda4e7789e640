import type { Block } from "./docx-blocks.js";
import type { ZipWriteEntry } from "./zip-write.js";

/**
 * Long lists of body paragraphs (docx-blocks.ts) laid out without docxtemplater, with the same bytes. The companion
 * document holds 13,000 paragraphs at 1,000 agencies, and docxtemplater spends ~60 µs on each (its loops, its
 * corruption repair and its UTF-8 encoder are all JavaScript). So the template is rendered once with a probe in each
 * list: one block of each kind whose text holds markers and a line break. Where the probe shows that every block
 * becomes one paragraph of its own (the usual template: a loop per kind around one paragraph with a value tag), that
 * paragraph's XML before and after the text, and what a line break becomes in it, are known; each real block is then
 * written as docxtemplater would write it (invalid characters dropped, the five XML characters escaped, "\n" as the
 * template's line break). A template laid out otherwise, a list that is empty or text that is not well-formed UTF-16
 * returns null: the caller renders the whole document with docxtemplater.
 */

const KINDS = ["deMuc", "diem", "doan", "gach"] as const;
type Kind = (typeof KINDS)[number];

/** Whether a value is a non-empty list of blocks, each of exactly one kind, with well-formed text. */
export function isBlockList(v: unknown): v is Block[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((b: unknown) => {
      if (!b || typeof b !== "object") return false;
      const o = b as Record<string, unknown>;
      if (typeof o["noiDung"] !== "string" || LONE_SURROGATE.test(o["noiDung"])) return false;
      let kinds = 0;
      for (const k of KINDS) {
        if (typeof o[k] !== "boolean") return false;
        if (o[k]) kinds++;
      }
      return kinds === 1 && Object.keys(o).length === KINDS.length + 1;
    })
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Private-use characters: never escaped nor dropped by docxtemplater, never in the template. */
const OPEN = "\uE000";
const MID = "\uE001";
const TEXT_END = "\uE002";
const CLOSE = "\uE003";

const marker = (list: string, kind: Kind): string => `${OPEN}${list}${MID}${kind}${TEXT_END}`;

/** The probe of a list: one block of each kind, its text a marker, a line break and a closing mark. */
export function probeBlocks(list: string): Block[] {
  return KINDS.map((kind) => ({
    deMuc: kind === "deMuc",
    diem: kind === "diem",
    doan: kind === "doan",
    gach: kind === "gach",
    noiDung: `${marker(list, kind)}\n${CLOSE}`,
  }));
}

/** What docxtemplater (stripInvalidXMLChars) drops from a value, and how it escapes the rest (utf8ToWord). */
const CORRUPT = /[\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_CHARS = /[&<>"']/g;
const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const escapeXml = (s: string): string => (/[&<>"']/.test(s) ? s.replace(XML_CHARS, (c) => XML_ESCAPES[c]!) : s);

/** A paragraph of each kind, as the template writes it: the XML before the text, between lines, after the text. */
interface Shape {
  before: string;
  lineBreak: string;
  after: string;
}

const PART = /^word\/(document|header\d*|footer\d*)\.xml$/;

function paragraphStart(xml: string, at: number): number {
  return Math.max(xml.lastIndexOf("<w:p>", at), xml.lastIndexOf("<w:p ", at));
}

/**
 * The parts rendered with probeBlocks in place of `lists`, with each probe replaced by its list's paragraphs; null
 * when a probe does not show one paragraph per block (the caller then renders without probes).
 */
export function layBlockLists(probed: ZipWriteEntry[], lists: ReadonlyMap<string, Block[]>): ZipWriteEntry[] | null {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const texts = new Map<number, string>();
  probed.forEach((e, i) => {
    if (PART.test(e.name)) texts.set(i, typeof e.data === "string" ? e.data : utf8.decode(e.data));
  });
  /** per part: the spans to replace, with their list */
  const spans = new Map<number, { from: number; to: number; list: Block[]; shapes: Record<Kind, Shape> }[]>();
  for (const [name, list] of lists) {
    let part = -1;
    let from = -1;
    let to = -1;
    const shapes = {} as Record<Kind, Shape>;
    for (const kind of KINDS) {
      const m = marker(name, kind);
      let found = -1;
      for (const [i, xml] of texts) {
        const at = xml.indexOf(m);
        if (at < 0) continue;
        if (found >= 0 || xml.indexOf(m, at + 1) >= 0) return null; // the list is used twice
        found = at;
        if (part >= 0 && part !== i) return null;
        part = i;
      }
      if (found < 0) return null;
      const xml = texts.get(part)!;
      const close = xml.indexOf(CLOSE, found);
      const start = paragraphStart(xml, found);
      const endTag = xml.indexOf("</w:p>", close);
      if (close < 0 || start < 0 || endTag < 0) return null;
      const end = endTag + "</w:p>".length;
      const before = xml.slice(start, found);
      const lineBreak = xml.slice(found + m.length, close);
      const after = xml.slice(close + CLOSE.length, end);
      // one paragraph, holding the text and nothing else of the probe
      if (/<\/w:p>|<w:p[ >]/.test(before.slice(4)) || /<w:p[ >]/.test(lineBreak + after)) return null;
      if (/[\uE000-\uE003]/.test(before + lineBreak + after)) return null;
      // the blocks follow one another with nothing between them
      if (from < 0) from = start;
      else if (start !== to) return null;
      to = end;
      shapes[kind] = { before, lineBreak, after };
    }
    const list$ = spans.get(part) ?? [];
    list$.push({ from, to, list, shapes });
    spans.set(part, list$);
  }
  const out = [...probed];
  for (const [i, parts] of spans) {
    const xml = texts.get(i)!;
    parts.sort((a, b) => a.from - b.from);
    // the part's bytes as a list of chunks of ~1 MB, joined once
    const chunks: Buffer[] = [];
    let at = 0;
    for (const p of parts) {
      if (p.from < at) return null;
      chunks.push(Buffer.from(xml.slice(at, p.from), "utf8"));
      paragraphsOf(p.list, p.shapes, chunks);
      at = p.to;
    }
    chunks.push(Buffer.from(xml.slice(at), "utf8"));
    out[i] = { name: probed[i]!.name, data: Buffer.concat(chunks) };
  }
  return out;
}

/** The paragraphs of a list's blocks as UTF-8, appended to `chunks` (a few hundred blocks at a time). */
function paragraphsOf(list: readonly Block[], shapes: Record<Kind, Shape>, chunks: Buffer[]): void {
  let xml = "";
  for (const b of list) {
    const shape = shapes[b.deMuc ? "deMuc" : b.diem ? "diem" : b.doan ? "doan" : "gach"];
    const text = b.noiDung.replace(CORRUPT, "");
    xml += shape.before;
    xml += text.includes("\n") ? text.split("\n").map(escapeXml).join(shape.lineBreak) : escapeXml(text);
    xml += shape.after;
    if (xml.length > 1 << 19) {
      chunks.push(Buffer.from(xml, "utf8"));
      xml = "";
    }
  }
  if (xml) chunks.push(Buffer.from(xml, "utf8"));
}
