import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { checkDeclaredSizes, findEntry, looksLikeZip, openZip, ZipInflater } from "../intake/xlsx/zip.js";
import { isOle } from "../intake/xlsx/sniff.js";
import { convertWithSoffice } from "../intake/xlsx/convert-soffice.js";
import { CchcError } from "../problems/problem.js";
import { scheduleFromWording } from "../plan/schedule-wording.js";
import { nameKey } from "../plan/agency-names.js";

/**
 * The task appendix of a decision, as its rows: group rows ("I" + "CẢI CÁCH THỂ CHẾ") and task rows with the
 * appendix's verbatim columns. Reads a .docx (tables found by their header, vertically merged cells, group rows,
 * tables continuing across pages), a .doc/.odt through LibreOffice, or the plain text of seeds/nguon/ (a table
 * cell ends with a line holding only "|").
 */

export const appendixColumns = ["stt", "goal", "task", "product", "lead", "coordinate", "time"] as const;
export type AppendixColumn = (typeof appendixColumns)[number];
export type AppendixRow = Record<AppendixColumn, string | null>;

export interface Appendix {
  rows: AppendixRow[];
  source: string;
}

const collapse = (s: string): string => s.normalize("NFC").replace(/\s+/g, " ").trim();
const ROMAN = /^(I|II|III|IV|V|VI)\.?$/;

/** Which appendix column a header title names. */
function headerColumn(title: string): AppendixColumn | null {
  const k = nameKey(title);
  if (k === "stt" || k === "tt" || k === "so tt") return "stt";
  if (k.startsWith("muc tieu")) return "goal";
  if (k.startsWith("nhiem vu") || k.startsWith("noi dung")) return "task";
  if (k.includes("ket qua") || k.includes("san pham")) return "product";
  if (k.includes("chu tri")) return "lead";
  if (k.includes("phoi hop")) return "coordinate";
  if (k.startsWith("thoi gian") || k.startsWith("thoi han")) return "time";
  return null;
}

const emptyRow = (): AppendixRow => ({
  stt: null,
  goal: null,
  task: null,
  product: null,
  lead: null,
  coordinate: null,
  time: null,
});

/** One table cell of a Word document: its text and how it merges. */
interface WordCell {
  text: string;
  span: number;
  /** "restart" starts a vertical merge, "continue" continues the one above */
  vMerge: "restart" | "continue" | null;
}

const decodeXml = (s: string): string =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, "&");

function cellText(xml: string): string {
  const paras = xml.split(/<\/w:p>/);
  return paras
    .map((p) => {
      let t = "";
      for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g))
        t += m[1] !== undefined ? decodeXml(m[1]) : m[2] === "tab" ? " " : "\n";
      return t;
    })
    .join("\n");
}

/** The rows of every top-level table of document.xml, in order; a nested table's text stays in its cell. */
export function wordTables(xml: string): WordCell[][][] {
  const tables: WordCell[][][] = [];
  const tagRe = /<(\/?)w:(tbl|tr|tc)\b[^>]*?(\/?)>/g;
  let depth = 0;
  let rows: WordCell[][] = [];
  let row: WordCell[] = [];
  let cellStart = -1;
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(xml)) !== null) {
    const closing = m[1] === "/";
    const tag = m[2];
    if (m[3] === "/") continue;
    if (tag === "tbl") {
      if (!closing) {
        depth++;
        if (depth === 1) rows = [];
      } else {
        if (depth === 1) tables.push(rows);
        depth--;
      }
    } else if (depth === 1 && tag === "tr") {
      if (!closing) row = [];
      else rows.push(row);
    } else if (depth === 1 && tag === "tc") {
      if (!closing) cellStart = m.index + m[0].length;
      else {
        const inner = xml.slice(cellStart, m.index);
        const props = /<w:tcPr>([\s\S]*?)<\/w:tcPr>/.exec(inner)?.[1] ?? "";
        const span = Number(/<w:gridSpan\s+w:val="(\d+)"/.exec(props)?.[1] ?? 1);
        const vm = /<w:vMerge(?:\s+w:val="(\w+)")?\s*\/?>/.exec(props);
        row.push({ text: cellText(inner), span, vMerge: vm ? (vm[1] === "restart" ? "restart" : "continue") : null });
      }
    }
  }
  return tables;
}

/** Appendix rows of Word tables: header rows set the columns (again on each table), numbering rows are skipped. */
export function appendixFromTables(tables: WordCell[][][]): AppendixRow[] {
  const out: AppendixRow[] = [];
  let columns: (AppendixColumn | null)[] | null = null;
  /** the text above a continued vertical merge, per grid column */
  const above = new Map<number, string>();
  for (const table of tables) {
    for (const cells of table) {
      // expand to grid columns
      const grid: { text: string; vMerge: WordCell["vMerge"]; first: boolean }[] = [];
      for (const c of cells)
        for (let k = 0; k < c.span; k++) grid.push({ text: c.text, vMerge: c.vMerge, first: k === 0 });
      const titles = grid.map((g) => headerColumn(g.text));
      if (titles.includes("stt") && titles.includes("task") && (titles.includes("lead") || titles.includes("time"))) {
        columns = titles.map((t, i) => (grid[i]?.first ? t : null));
        above.clear();
        continue;
      }
      if (!columns) continue;
      const texts = grid.map((g, i) => {
        if (g.vMerge === "continue") return above.get(i) ?? "";
        const t = collapse(g.text);
        if (g.vMerge === "restart") above.set(i, t);
        else above.delete(i);
        return t;
      });
      // a row of column numbers: (1) (2) … or 1 2 3 …
      const distinct = texts.filter((t, i) => grid[i]?.first && t !== "");
      if (distinct.length >= 3 && distinct.every((t, i) => t.replace(/[()]/g, "") === String(i + 1))) continue;
      const row = emptyRow();
      columns.forEach((col, i) => {
        if (col === null || !grid[i]?.first) return;
        const cell = grid[i] as (typeof grid)[number];
        if (col === "goal" && cell.vMerge === "continue") return; // merged with the row above: the goal is said once
        row[col] = texts[i] || null;
      });
      const stt = row.stt ?? "";
      const whole = [...new Set(texts.filter(Boolean))];
      const group = ROMAN.test(stt) ? stt.replace(".", "") : /^(I|II|III|IV|V|VI)[.\s]/.exec(whole[0] ?? "")?.[1];
      if (group && !/^\d/.test(stt) && (!row.task || whole.length <= 2)) {
        const name = whole
          .filter((t) => !ROMAN.test(t))
          .join(" ")
          .replace(/^(I|II|III|IV|V|VI)[.\s]+/, "");
        out.push({ ...emptyRow(), stt: group, goal: name || null });
        continue;
      }
      if (!/^\d+\.?$/.test(stt)) continue;
      row.stt = stt.replace(".", "");
      out.push(row);
    }
  }
  return out;
}

/** Appendix rows of the plain text in seeds/nguon/: after "PHỤ LỤC", cells end with a line holding only "|". */
export function appendixFromText(text: string): AppendixRow[] {
  const lines = text.normalize("NFC").split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === "PHỤ LỤC");
  if (start < 0) return [];
  const cells: string[] = [];
  let buf: string[] = [];
  for (const l of lines.slice(start)) {
    if (l.trim() === "|") {
      cells.push(collapse(buf.join("\n")));
      buf = [];
    } else buf.push(l);
  }
  const headerEnd = cells.findIndex((c) => headerColumn(c) === "time");
  if (headerEnd < 0) return [];
  const out: AppendixRow[] = [];
  let i = headerEnd + 1;
  while (i < cells.length) {
    const c = cells[i] as string;
    if (ROMAN.test(c)) {
      out.push({ ...emptyRow(), stt: c.replace(".", ""), goal: cells[i + 1] ?? null });
      i += 2;
      continue;
    }
    if (!/^\d+$/.test(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < cells.length && scheduleFromWording(cells[j] as string) === null) j++;
    const row = cells.slice(i + 1, j + 1);
    if (row.length !== 5 && row.length !== 6) {
      i = j + 1;
      continue;
    }
    const fields = (row.length === 6 ? row : [null, ...row]) as (string | null)[];
    const [goalCell, task, product, lead, coordinate, time] = fields;
    let goal = goalCell;
    if (goal) {
      // a merged goal cell whose text the conversion wrote twice: keep it once
      const half = (goal.length - 1) / 2;
      if (Number.isInteger(half) && goal.slice(0, half) === goal.slice(half + 1)) goal = goal.slice(0, half);
    }
    out.push({
      stt: c,
      goal: goal ?? null,
      task: task ?? null,
      product: product ?? null,
      lead: lead ?? null,
      coordinate: coordinate ?? null,
      time: time ?? null,
    });
    i = j + 1;
  }
  return out;
}

function docxRows(bytes: Uint8Array): AppendixRow[] {
  const zip = openZip(bytes);
  checkDeclaredSizes(zip);
  if (!findEntry(zip, "word/document.xml")) return [];
  const xml = new ZipInflater(zip).text("word/document.xml") ?? "";
  return appendixFromTables(wordTables(xml));
}

function isOdt(bytes: Uint8Array): boolean {
  return looksLikeZip(bytes) && Buffer.from(bytes.subarray(30, 100)).toString("latin1").includes("opendocument.text");
}

export async function readDecisionAppendix(path: string): Promise<Appendix> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new CchcError(`Không mở được tệp ${path}.`, 2);
  }
  const ext = extname(path).toLowerCase();
  const convert = async (format: "doc" | "odt"): Promise<Appendix> => {
    const docx = await convertWithSoffice(bytes, format);
    if (!docx)
      throw new CchcError(
        `Không chuyển được tệp .${format} sang .docx (máy không có LibreOffice, hoặc LibreOffice không mở được tệp). Hãy mở bằng Word, lưu dạng .docx rồi chạy lại.`,
        2,
      );
    return { rows: docxRows(docx), source: `chuyển từ .${format} qua LibreOffice` };
  };
  if (isOle(bytes)) return convert("doc");
  if (isOdt(bytes)) return convert("odt");
  if (looksLikeZip(bytes)) {
    try {
      return { rows: docxRows(bytes), source: "bảng Word .docx" };
    } catch {
      throw new CchcError(`Tệp ${path} bị hỏng hoặc không phải tệp Word (.docx).`, 2);
    }
  }
  if (ext === ".pdf" || Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-") {
    throw new CchcError(
      "Chưa đọc được tệp PDF. Hãy dùng bản Word (.docx, .doc) của quyết định, hoặc chép phụ lục vào trang Nhiệm vụ của tệp cấu hình.",
      2,
    );
  }
  return { rows: appendixFromText(Buffer.from(bytes).toString("utf8")), source: "văn bản thuần" };
}
