import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type HandlebarsTypes from "handlebars";
import { Handlebars } from "./handlebars-runtime.js";
import { compileCached } from "./handlebars-cache.js";
import { CchcError } from "../problems/problem.js";
import { formatNumber, formatPercent, formatShortDate, formatTextDate } from "../vn/format.js";
import { NO_DATA } from "./docx-engine.js";
import { codePointLabel, indexOfNonXmlChar } from "../util/text.js";

/**
 * The sentences of the Word documents: handlebars snippets in templates/cau-van/*.hbs that a user edits.
 * Only the shipped (or user-edited) files of that folder are compiled; output is plain text for Word
 * (docxtemplater escapes XML), so escaping is off. `strict` makes a misspelt field an error, not a blank.
 * Files whose name starts with "_" are partials: "_y-kien.hbs" is used as {{> y-kien}}.
 */

export const SNIPPET_DIR = "cau-van";

export type SnippetHelper = (...args: unknown[]) => unknown;

export interface Snippets {
  /** the folder the snippets were read from */
  dir: string;
  has(name: string): boolean;
  /** renders snippet `name` ("chi-dao" for chi-dao.hbs) with the context and extra per-document helpers */
  render(name: string, context: object, helpers?: Record<string, SnippetHelper>): string;
}

/** A helper's complaint about its arguments; reported with the snippet's file name. */
export class SnippetError extends Error {}

const compileOptions = { strict: true, noEscape: true } as const;
const runtimeOptions = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false } as const;

function isOptions(x: unknown): boolean {
  return typeof x === "object" && x !== null && "hash" in x && "data" in x;
}

/** A strict number helper: exactly one argument, a finite number or null (printed as NO_DATA). */
function numberHelper(name: string, format: (n: number) => string): SnippetHelper {
  return (...args: unknown[]) => {
    if (args.length !== 2 || isOptions(args[0])) throw new SnippetError(`{{${name}}} cần đúng một giá trị`);
    const v = args[0];
    if (v === null) return NO_DATA;
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new SnippetError(`{{${name}}} cần một số, nhận được ${describe(v)}`);
    return format(v);
  };
}

function dateHelper(name: string, format: (iso: string) => string): SnippetHelper {
  return (...args: unknown[]) => {
    if (args.length !== 2 || isOptions(args[0])) throw new SnippetError(`{{${name}}} cần đúng một ngày`);
    const v = args[0];
    if (v === null) return NO_DATA;
    if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(v))
      throw new SnippetError(`{{${name}}} cần một ngày dạng YYYY-MM-DD, nhận được ${describe(v)}`);
    return format(v);
  };
}

function describe(v: unknown): string {
  if (v === undefined) return "giá trị không xác định";
  if (typeof v === "string") return `"${v}"`;
  return typeof v === "object" ? "một danh sách/đối tượng" : String(v);
}

export const baseHelpers: Record<string, SnippetHelper> = {
  formatNumber: numberHelper("formatNumber", (n) => formatNumber(n)),
  formatPercent: numberHelper("formatPercent", (n) => formatPercent(n)),
  formatShortDate: dateHelper("formatShortDate", formatShortDate),
  formatTextDate: dateHelper("formatTextDate", formatTextDate),
};

/** The reason of a handlebars or helper error, in Vietnamese where it is recognised. */
export function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof SnippetError) return msg;
  const notDefined = /^"([^"]+)" not defined in .*? - (\d+):(\d+)/s.exec(msg);
  if (notDefined) return `trường "${notDefined[1]}" không có trong dữ liệu (dòng ${notDefined[2]})`;
  const missingHelper = /^Missing helper: "([^"]+)"/.exec(msg);
  if (missingHelper) return `không có hàm "${missingHelper[1]}"`;
  const unknownHelper = /^You specified knownHelpersOnly, but used the unknown helper (\S+) - (\d+):/.exec(msg);
  if (unknownHelper) return `không có hàm "${unknownHelper[1]}" (dòng ${unknownHelper[2]})`;
  const partial = /^The partial (\S+) could not be found/.exec(msg);
  if (partial) return `không có đoạn dùng chung "${partial[1]}" (tệp _${partial[1]}.hbs)`;
  const parse = /^Parse error on line (\d+)/.exec(msg);
  if (parse) {
    const near = (msg.split("\n")[1] ?? "").trim();
    const eof = /got 'EOF'/.test(msg) ? ": thiếu thẻ đóng như {{/if}} hoặc {{/each}}" : "";
    return `sai cú pháp ở dòng ${parse[1]} (gần "${near}")${eof}`;
  }
  const mismatch = /^(\S+) doesn't match (\S+) - (\d+):/.exec(msg);
  if (mismatch) return `thẻ đóng {{/${mismatch[2]}}} không khớp thẻ mở {{#${mismatch[1]}}} (dòng ${mismatch[3]})`;
  return msg.split("\n")[0] ?? msg;
}

class SnippetFailure extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function fail(label: string, e: unknown): never {
  if (e instanceof SnippetFailure) throw e;
  throw new SnippetFailure(label, reasonOf(e));
}

function toCchcError(e: SnippetFailure): CchcError {
  return new CchcError(`Câu văn mẫu "${e.file}" có lỗi: ${e.reason}. Sửa tệp rồi chạy lại.`, 2);
}

/** The folder of compiled snippets inside the code cache folder (handlebars-cache.ts). */
const SNIPPET_CACHE = "cau-van";

/** Reads and compiles every snippet of <templatesDir>/cau-van/. Syntax errors stop here, naming the file. */
export async function loadSnippets(templatesDir: string): Promise<Snippets> {
  const dir = join(templatesDir, SNIPPET_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".hbs")).sort();
  } catch {
    throw new CchcError(
      `Không tìm thấy thư mục câu văn mẫu "${dir}". Chép lại thư mục templates/ của chương trình.`,
      2,
    );
  }
  const hb = Handlebars.create();
  for (const [k, f] of Object.entries(baseHelpers)) hb.registerHelper(k, f as HandlebarsTypes.HelperDelegate);
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  const labelOf = (file: string) => relative(join(templatesDir, ".."), join(dir, file)).split("\\").join("/");
  for (const file of names) {
    const label = labelOf(file);
    const text = await readFile(join(dir, file), "utf8").catch((e: NodeJS.ErrnoException) => {
      throw new CchcError(
        `Không đọc được câu văn mẫu "${label}" (${e.code === "EISDIR" ? "đây là thư mục, không phải tệp" : (e.code ?? "lỗi không rõ")}). Chép lại thư mục templates/ của chương trình.`,
        2,
      );
    });
    const source = text.replace(/\r\n?/g, "\n").normalize("NFC");
    // a character Word cannot hold would make the document unopenable: the file's fault, named with its line
    const bad = indexOfNonXmlChar(source);
    if (bad >= 0) {
      const line = source.slice(0, bad).split("\n").length;
      throw toCchcError(
        new SnippetFailure(
          label,
          `có ký tự ${codePointLabel(source.charCodeAt(bad))} không dùng được trong văn bản Word (dòng ${line}); hãy xóa ký tự đó`,
        ),
      );
    }
    let compiled: HandlebarsTemplateDelegate;
    try {
      compiled = compileCached(hb, source, compileOptions, SNIPPET_CACHE);
    } catch (e) {
      throw toCchcError(new SnippetFailure(label, reasonOf(e)));
    }
    const name = file.replace(/\.hbs$/, "");
    if (name.startsWith("_")) {
      const wrapped = (ctx: unknown, opts?: HandlebarsTypes.RuntimeOptions) => {
        try {
          return compiled(ctx, opts);
        } catch (e) {
          return fail(label, e);
        }
      };
      hb.registerPartial(name.slice(1), wrapped as unknown as HandlebarsTypes.Template);
    } else {
      templates.set(name, compiled);
    }
  }
  return {
    dir,
    has: (name) => templates.has(name),
    render(name, context, helpers = {}) {
      const t = templates.get(name);
      if (!t)
        throw new CchcError(
          `Thiếu tệp câu văn mẫu "${labelOf(`${name}.hbs`)}". Chép lại thư mục templates/ của chương trình.`,
          2,
        );
      try {
        return t(context, { ...runtimeOptions, helpers });
      } catch (e) {
        if (e instanceof CchcError) throw e;
        const failure = e instanceof SnippetFailure ? e : new SnippetFailure(labelOf(`${name}.hbs`), reasonOf(e));
        throw toCchcError(failure);
      }
    },
  };
}
