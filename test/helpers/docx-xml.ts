import PizZip from "pizzip";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";
import { textOfXml } from "../../src/render/docx-engine.js";

/** Looking inside a rendered .docx: parts, paragraphs with their style, style properties, golden files. */

export function unzipDocx(data: Uint8Array): PizZip {
  return new PizZip(data);
}

export function part(zip: PizZip, name: string): string {
  const f = zip.file(name);
  if (!f) throw new Error(`no part ${name}`);
  return f.asText();
}

export interface Para {
  xml: string;
  text: string;
  style: string | null;
}

export function paragraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g)].map((m) => {
    const p = m[0];
    return {
      xml: p,
      text: textOfXml(p).replace(/\n+$/, ""),
      style: /<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? null,
    };
  });
}

export interface StyleProps {
  sz: number | null;
  bold: boolean;
  italic: boolean;
  jc: string | null;
  firstLine: number | null;
  after: number | null;
  before: number | null;
  line: number | null;
  fonts: string[];
  bottomBorder: boolean;
}

export function styleProps(stylesXml: string, id: string): StyleProps {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(stylesXml);
  if (!m) throw new Error(`no style ${id}`);
  const s = m[1]!;
  const num = (re: RegExp) => {
    const x = re.exec(s);
    return x ? Number(x[1]) : null;
  };
  return {
    sz: num(/<w:sz w:val="(\d+)"/),
    bold: /<w:b\/>/.test(s),
    italic: /<w:i\/>/.test(s),
    jc: /<w:jc w:val="(\w+)"/.exec(s)?.[1] ?? null,
    firstLine: num(/w:firstLine="(\d+)"/),
    after: num(/w:after="(\d+)"/),
    before: num(/w:before="(\d+)"/),
    line: num(/w:line="(\d+)"/),
    fonts: [...(/<w:rFonts [^>]*\/>/.exec(s)?.[0] ?? "").matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/g)].map(
      (x) => x[1]!,
    ),
    bottomBorder: /<w:pBdr><w:bottom w:val="single"/.test(s),
  };
}

/** The first paragraph whose text is exactly `text` (or matches it). */
export function findPara(paras: Para[], text: string | RegExp): Para {
  const p = paras.find((x) => (typeof text === "string" ? x.text === text : text.test(x.text)));
  if (!p) throw new Error(`no paragraph ${String(text)}`);
  return p;
}

/**
 * Pretty-printed XML for golden files: one line per block (paragraph, table, row, cell, style, relationship),
 * runs kept on their paragraph's line so a diff shows which paragraph changed; volatile stamps removed; NFC.
 */
export function prettyXml(xml: string): string {
  return (
    xml
      .normalize("NFC")
      .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, "$1…$2")
      .replace(/>\s+</g, "><")
      .replace(
        /(<(?:w:p|w:tbl|w:tr|w:tc|w:sectPr|w:style|w:docDefaults|w:body|w:hdr|w:font|Relationship|Override|Default)[\s>/])/g,
        "\n$1",
      )
      .replace(/(<\/(?:w:tbl|w:body|w:styles|w:document|w:hdr|Relationships|Types)>)/g, "\n$1")
      .trim() + "\n"
  );
}

/** Every XML part of a .docx, pretty-printed, in name order, in one text. */
export function docxAsText(data: Uint8Array): string {
  const zip = unzipDocx(data);
  return Object.keys(zip.files)
    .filter((n) => /\.(xml|rels)$/.test(n))
    .sort()
    .map((n) => `===== ${n} =====\n${prettyXml(part(zip, n))}`)
    .join("");
}

/** Compares with a committed golden file; UPDATE_GOLDEN=1 (or a missing file) writes it. */
export function expectGolden(path: string, actual: string): void {
  if (process.env["UPDATE_GOLDEN"] === "1" || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  const expected = readFileSync(path, "utf8");
  if (expected !== actual) {
    const a = expected.split("\n");
    const b = actual.split("\n");
    const i = a.findIndex((line, k) => line !== b[k]);
    const at = i === -1 ? Math.min(a.length, b.length) : i;
    expect.fail(
      `${path} differs at line ${at + 1}:\n  golden: ${a[at] ?? "(end)"}\n  actual: ${b[at] ?? "(end)"}\n(UPDATE_GOLDEN=1 to accept the new output)`,
    );
  }
}
