import { readFile } from "node:fs/promises";
import { join } from "node:path";
import PizZip from "pizzip";
import Docxtemplater from "docxtemplater";
import { CchcError } from "../problems/problem.js";
import { formatNumber } from "../vn/format.js";
import { readZipEntries, writeZip, type ZipWriteEntry } from "./zip-write.js";
import { assertWellFormedOffice } from "./office-check.js";
import { phase } from "../util/phase-timer.js";
import { collapseWhitespace } from "../util/text.js";
import { releaseMemory } from "../util/release-memory.js";
import { isBlockList, layBlockLists, probeBlocks } from "./docx-block-lists.js";
import type { Block } from "./docx-blocks.js";

/** What a missing figure prints as, everywhere in the documents. */
export const NO_DATA = "(chưa có số liệu)";

/** Strings that must never reach a document: they betray a missing value or a template slip. */
const FORBIDDEN = /\bundefined\b|\bNaN\b|\bnull\b|\{\s*\}|\[object Object\]/;

const squash = (s: string): string => collapseWhitespace(s.normalize("NFC")).trim();

/**
 * Agencies may legitimately type "null", "NaN" or "{}" in their own text: those lines are taken out of the
 * rendered text before the check for template slips, so an agency's words never stop a build.
 */
export function maskUserTexts(text: string, userTexts: readonly string[]): string {
  let out = squash(text);
  for (const u of userTexts) {
    if (!FORBIDDEN.test(u)) continue; // most agency text has none of the words: skip the normalising
    for (const line of u.split(/\r?\n/)) {
      const l = squash(line);
      if (l && FORBIDDEN.test(l)) out = out.split(l).join(" ");
    }
  }
  return out;
}

/** Every string an agency supplied, found anywhere in a value (for maskUserTexts). */
export function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, into);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, into);
  return into;
}

/** Tag names: ASCII identifiers, optionally dotted ("a.b"), or "." for the current item. */
const TAG_NAME = /^(?:\.|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

export interface RenderedDocx {
  name: string;
  data: Buffer;
}

class UnknownTagError extends Error {}

interface ParserContext {
  num: number;
  scopeList: unknown[];
}

function hasKey(scope: unknown, key: string): scope is Record<string, unknown> {
  return (
    typeof scope === "object" &&
    scope !== null &&
    !Array.isArray(scope) &&
    Object.prototype.hasOwnProperty.call(scope, key)
  );
}

/**
 * The tag parser: ASCII names only (checked when the template is compiled); a name that is in no scope
 * is a template error (a typo must not print silently); a null value prints NO_DATA, a null loop is empty.
 * Scopes are searched here, innermost first, so a null never falls through to a same-named outer value.
 */
function parser(tag: string, meta?: { tag?: { module?: string } }) {
  const name = tag.trim();
  if (!TAG_NAME.test(name)) throw new Error(`tag name "${tag}" is not an ASCII identifier`);
  const isLoop = meta?.tag?.module === "loop";
  const path = name === "." ? [] : name.split(".");
  return {
    get(scope: unknown, context: ParserContext): unknown {
      if (path.length === 0) return scope;
      const [head, ...rest] = path as [string, ...string[]];
      let found: { value: unknown } | null = null;
      for (let i = context.num; i >= 0; i--) {
        const s = context.scopeList[i];
        if (hasKey(s, head)) {
          found = { value: s[head] };
          break;
        }
      }
      if (!found) throw new UnknownTagError(`unknown tag ${name}`);
      let value = found.value;
      for (const key of rest) {
        if (!hasKey(value, key)) throw new UnknownTagError(`unknown tag ${name}`);
        value = value[key];
      }
      if (isLoop) return value ?? false;
      if (value === null || value === undefined) return NO_DATA;
      if (typeof value === "number") return Number.isFinite(value) ? formatNumber(value) : NO_DATA;
      if (typeof value === "string") return value;
      if (typeof value === "boolean") return value ? "Có" : "Không";
      throw new Error(`tag ${name} holds an object, not text`);
    },
  };
}

/** docxtemplater's own fallback for an empty value: a value tag prints NO_DATA, anything else nothing. */
function nullGetter(part: { module?: string }): string {
  return part.module ? "" : NO_DATA;
}

interface XtError {
  properties?: {
    id?: string;
    xtag?: string;
    explanation?: string;
    errors?: XtError[];
    rootError?: { message?: string };
  };
  message?: string;
}

const explanations: Record<string, (tag: string) => string> = {
  unopened_tag: (t) => `thẻ "${t}" thiếu dấu mở "{"`,
  unclosed_tag: (t) => `thẻ "${t}" thiếu dấu đóng "}"`,
  unclosed_loop: (t) => `vòng lặp {#${t}} chưa được đóng bằng {/${t}}`,
  unopened_loop: (t) => `thẻ đóng {/${t}} không có thẻ mở {#${t}} tương ứng`,
  closing_tag_does_not_match_opening_tag: (t) => `thẻ đóng không khớp với thẻ mở (${t})`,
  duplicate_open_tag: (t) => `thẻ "${t}" có hai dấu mở "{" liền nhau`,
  duplicate_close_tag: (t) => `thẻ "${t}" có hai dấu đóng "}" liền nhau`,
  unbalanced_loop_tags: (t) =>
    `thẻ mở và thẻ đóng của vòng lặp "${t}" không cân đối (một thẻ ở trong bảng, một thẻ ở ngoài?)`,
  scopeparser_compilation_failed: (t) =>
    `tên thẻ "${t}" không hợp lệ: chỉ dùng chữ cái không dấu, chữ số và dấu gạch dưới`,
  scopeparser_execution_failed: (t) => `thẻ {${t}} không có trong dữ liệu của chương trình (gõ sai tên thẻ?)`,
  raw_xml_tag_should_be_only_text_in_paragraph: (t) => `thẻ {@${t}} phải đứng một mình trong đoạn văn`,
  raw_tag_outerxml_invalid: (t) => `thẻ {@${t}} đặt sai chỗ`,
  loop_position_invalid: (t) => `vòng lặp "${t}" đặt sai chỗ (thẻ mở và thẻ đóng phải cùng cấp)`,
  malformed_xml: () => "nội dung XML của mẫu bị hỏng",
};

function describeXtError(e: XtError): string {
  const id = e.properties?.id ?? "";
  const tag = e.properties?.xtag ?? "";
  const f = explanations[id];
  if (f) return f(tag);
  return `${e.properties?.explanation ?? e.message ?? "lỗi không rõ"}${tag ? ` (thẻ "${tag}")` : ""}`;
}

/** Turns docxtemplater's error (usually one "Multi error" listing every problem) into an expected stop. */
export function templateError(templateLabel: string, e: unknown): CchcError {
  const err = e as XtError;
  const list = err.properties?.errors?.length ? err.properties.errors : [err];
  const details = list.map(describeXtError);
  const first = details[0] ?? "lỗi không rõ";
  const more = details.length > 1 ? ` (và ${details.length - 1} lỗi khác)` : "";
  return new CchcError(
    `Mẫu Word "${templateLabel}" có lỗi: ${first}${more}. Sửa mẫu trong Word rồi chạy lại.`,
    2,
    details,
  );
}

function isXtError(e: unknown): boolean {
  const p = (e as XtError | null)?.properties;
  return typeof p === "object" && p !== null && ("id" in p || "errors" in p);
}

/** Text content of the WordprocessingML parts a reader sees (body, headers, footers), paragraph by paragraph. */
export function visibleText(zip: PizZip): string {
  const parts = Object.keys(zip.files)
    .filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n))
    .sort();
  return parts.map((n) => textOfXml(zip.file(n)!.asText())).join("\n");
}

/** The parts whose text a reader sees. */
const TEXT_PART = /^word\/(document|header\d*|footer\d*)\.xml$/;

/** The text runs and paragraph ends of WordprocessingML, in document order. */
const RUN_OR_PARAGRAPH_END = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<\/w:p>/g;

/** The text of a WordprocessingML part, one line per paragraph (one pass: a report of 1,000 agencies is 15 MB of XML). */
export function textOfXml(xml: string): string {
  const pieces: string[] = [];
  RUN_OR_PARAGRAPH_END.lastIndex = 0;
  for (let m = RUN_OR_PARAGRAPH_END.exec(xml); m !== null; m = RUN_OR_PARAGRAPH_END.exec(xml)) {
    const run = m[1];
    pieces.push(run === undefined ? "\n" : run.includes("&") ? decodeXml(run) : run);
  }
  return pieces.join("");
}

/** Whether b[at] starts a character JavaScript's \s matches; its length in bytes (0: none). */
function spaceAt(b: Uint8Array, at: number): number {
  const c = b[at];
  if (c === undefined) return 0;
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c === 0xc2) return b[at + 1] === 0xa0 ? 2 : 0; // U+00A0
  if (c === 0xe1) return b[at + 1] === 0x9a && b[at + 2] === 0x80 ? 3 : 0; // U+1680
  if (c === 0xe2) {
    const d = b[at + 1];
    const e = b[at + 2]!;
    if (d === 0x80) return e <= 0x8a || e === 0xa8 || e === 0xa9 || e === 0xaf ? 3 : 0; // U+2000–200A, 2028, 2029, 202F
    return d === 0x81 && e === 0x9f ? 3 : 0; // U+205F
  }
  if (c === 0xe3) return b[at + 1] === 0x80 && b[at + 2] === 0x80 ? 3 : 0; // U+3000
  if (c === 0xef) return b[at + 1] === 0xbb && b[at + 2] === 0xbf ? 3 : 0; // U+FEFF
  return 0;
}

/**
 * textOfXml of a part's UTF-8 bytes, without decoding the part: only the text of each run is decoded. Markup is
 * ASCII, so the runs and paragraph ends are found in the bytes just as RUN_OR_PARAGRAPH_END finds them in the text.
 */
export function textOfXmlBytes(b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const n = b.length;
  const pieces: string[] = [];
  let i = buf.indexOf(0x3c);
  while (i >= 0 && i < n) {
    // "</w:p>"
    if (b[i + 1] === 0x2f && b[i + 2] === 0x77 && b[i + 3] === 0x3a && b[i + 4] === 0x70 && b[i + 5] === 0x3e) {
      pieces.push("\n");
      i = buf.indexOf(0x3c, i + 6);
      continue;
    }
    // "<w:t" then ">" or a space and anything but ">" up to ">", the text up to "<", then "</w:t>"
    if (b[i + 1] === 0x77 && b[i + 2] === 0x3a && b[i + 3] === 0x74) {
      let gt = i + 4;
      if (b[gt] !== 0x3e) gt = spaceAt(b, gt) > 0 ? buf.indexOf(0x3e, gt) : -1;
      if (gt >= 0) {
        const lt = buf.indexOf(0x3c, gt + 1);
        if (
          lt >= 0 &&
          b[lt + 1] === 0x2f &&
          b[lt + 2] === 0x77 &&
          b[lt + 3] === 0x3a &&
          b[lt + 4] === 0x74 &&
          b[lt + 5] === 0x3e
        ) {
          const run = buf.toString("utf8", gt + 1, lt);
          pieces.push(run.includes("&") ? decodeXml(run) : run);
          i = buf.indexOf(0x3c, lt + 6);
          continue;
        }
      }
    }
    i = buf.indexOf(0x3c, i + 1);
  }
  return pieces.join("");
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** A fixed zip-entry stamp from the ISO date: local noon, so the DOS time fields are the same in every time zone. */
function fixedEntryDate(isoDate: string): Date {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12, 0, 0);
}

function stampCoreProperties(zip: PizZip, isoDate: string): void {
  const core = zip.file("docProps/core.xml");
  if (!core) return;
  const stamp = `${isoDate.slice(0, 10)}T00:00:00Z`;
  const xml = core
    .asText()
    .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
  zip.file("docProps/core.xml", xml);
}

/** Reads a Word template of templates/ (a missing or broken file is an expected stop). */
export async function readTemplate(templatesDir: string, fileName: string): Promise<Buffer> {
  const path = join(templatesDir, fileName);
  try {
    return await readFile(path);
  } catch {
    throw new CchcError(
      `Không tìm thấy mẫu Word "${path}". Chạy "cchc init" hoặc chép lại thư mục templates/ của chương trình.`,
      2,
    );
  }
}

/**
 * Renders a docxtemplater template in memory: paragraph loops, "\n" as line breaks, ASCII tags, no
 * "undefined". Same template, data and date ⇒ same bytes (DEFLATE, fixed entry dates, fixed core dates).
 * `data` may be given as a function, so that it is garbage as soon as the template has used it. `blockLists` names
 * top-level lists of body paragraphs (docx-blocks.ts) long enough to be laid out without docxtemplater, with the same
 * bytes (docx-block-lists.ts). The document is read back before it is returned (office-check.ts; `name`, the output's
 * file name, is what a failure names).
 */
export function renderDocx(
  template: Buffer,
  templateLabel: string,
  data: Record<string, unknown> | (() => Record<string, unknown>),
  isoDate: string,
  userTexts: readonly string[] | (() => readonly string[]) = [],
  opts: { blockLists?: readonly string[]; name?: string } = {},
): Buffer {
  const zipped = zipDocx(template, templateLabel, data, isoDate, opts.blockLists);
  // the data, the compiled template and the parts are garbage now: a big document leaves tens of MB of them, collected
  // before the read back adds its own (the peak of a big build)
  releaseMemory();
  phase(`${templateLabel}: zipped`);
  // read back at once (every XML part parsed, as for every output: office-check.ts), the reader's text taken from the
  // same inflated parts
  const visible = new Map<string, string>();
  assertWellFormedOffice(zipped, opts.name ?? templateLabel.split("/").pop()!, (part, xml) => {
    if (TEXT_PART.test(part)) visible.set(part, textOfXmlBytes(xml));
  });
  const texts = [...visible.keys()].sort().map((k) => visible.get(k)!);
  phase(`${templateLabel}: read back, text checked`);
  // the parts' text is joined only when there is a suspect word (the usual case: none): within a part, or "{" and "}"
  // at the ends of two parts (the one pattern the join's line break can complete)
  const suspect =
    texts.some((t) => FORBIDDEN.test(t)) ||
    texts.some((t, i) => i > 0 && texts[i - 1]!.trimEnd().endsWith("{") && t.trimStart().startsWith("}"));
  if (suspect) {
    const raw = texts.join("\n");
    // the agencies' own words are looked at only when the text has a suspect word at all
    const text = maskUserTexts(raw, typeof userTexts === "function" ? userTexts() : userTexts);
    const bad = FORBIDDEN.exec(text);
    if (bad) {
      const at = Math.max(0, bad.index - 60);
      throw new Error(`rendered ${templateLabel} contains "${bad[0]}": …${text.slice(at, bad.index + 60)}…`);
    }
  }
  // the template, its compiled form, the data, the parts and their text are garbage now: a big document leaves much
  // of it behind (collected here, after the read back, the peak of a big document's rendering)
  visible.clear();
  texts.length = 0;
  releaseMemory();
  return zipped;
}

/**
 * The rendered document's zip: the parts, deflated natively (PizZip would deflate in JavaScript), with one fixed date.
 * Its own function so that the parts (tens of MB for a big document) are garbage before the zip is read back.
 */
function zipDocx(
  template: Buffer,
  templateLabel: string,
  data: Record<string, unknown> | (() => Record<string, unknown>),
  isoDate: string,
  blockLists: readonly string[] | undefined,
): Buffer {
  const entries = blockLists?.length
    ? renderWithBlockLists(template, templateLabel, typeof data === "function" ? data() : data, isoDate, blockLists)
    : renderParts(template, templateLabel, data, isoDate);
  return writeZip(entries, fixedEntryDate(isoDate));
}

/**
 * renderParts, with the named lists of blocks laid out by docx-block-lists.ts: the template is rendered with a probe
 * in each list, then the probes are replaced by the lists' paragraphs. Lists that are empty or not lists of blocks
 * are rendered by docxtemplater; a template whose probes do not show one paragraph per block is rendered whole by it.
 */
function renderWithBlockLists(
  template: Buffer,
  templateLabel: string,
  data: Record<string, unknown>,
  isoDate: string,
  names: readonly string[],
): ZipWriteEntry[] {
  const lists = new Map<string, Block[]>();
  const probed: Record<string, unknown> = { ...data };
  for (const name of names) {
    const list = data[name];
    if (!isBlockList(list)) continue;
    lists.set(name, list);
    probed[name] = probeBlocks(name);
  }
  if (lists.size > 0) {
    const laid = layBlockLists(renderParts(template, templateLabel, probed, isoDate), lists);
    phase(`${templateLabel}: ${laid ? "paragraphs laid out" : "laid out otherwise: rendered again"}`);
    if (laid) return laid;
  }
  return renderParts(template, templateLabel, data, isoDate);
}

/** The parts of the rendered document, in the template's order, as bytes. */
function renderParts(
  template: Buffer,
  templateLabel: string,
  data: Record<string, unknown> | (() => Record<string, unknown>),
  isoDate: string,
): ZipWriteEntry[] {
  let zip: PizZip;
  try {
    // the template's parts inflated by node:zlib (PizZip would inflate each in JavaScript as docxtemplater reads it),
    // in the template's order
    zip = new PizZip();
    for (const e of readZipEntries(template)) zip.file(e.name, e.data);
  } catch {
    throw new CchcError(`Mẫu Word "${templateLabel}" không phải tệp .docx hợp lệ.`, 2);
  }
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      nullGetter,
      parser: parser as never,
      errorLogging: false,
      stripInvalidXMLChars: true,
    });
    phase(`${templateLabel}: template compiled`);
    doc.render(typeof data === "function" ? data() : data);
    phase(`${templateLabel}: rendered`);
  } catch (e) {
    if (e instanceof CchcError) throw e;
    if (isXtError(e)) throw templateError(templateLabel, e);
    throw e;
  }
  const out = doc.getZip() as PizZip;
  stampCoreProperties(out, isoDate);
  // the parts as bytes: docxtemplater has already encoded what it rendered as UTF-8
  const entries: ZipWriteEntry[] = [];
  for (const [name, f] of Object.entries(out.files)) {
    if (!f.dir) entries.push({ name, data: f.asUint8Array() });
  }
  return entries;
}
