import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { CchcError, type Problem } from "../problems/problem.js";
import { formatProblem } from "../problems/messages.js";
import { readSeeds } from "../plan/read-seeds.js";
import { parseSeedTexts } from "../plan/validate-plan.js";
import { readWorkbookFile } from "../intake/xlsx/read-file.js";
import { ReadError } from "../intake/xlsx/raw-workbook.js";
import { writeAllOrNothing, writeFileAtomic } from "../util/atomic-write.js";
import { assertWellFormedOffice } from "../render/office-check.js";
import { formatShortDate } from "../vn/format.js";
import type { BookRow, ConfigBook } from "../config/book.js";
import { readBook } from "../config/read-book.js";
import { judgeConfig } from "../config/judge-config.js";
import { seedsToBook } from "../config/seeds-to-book.js";
import { replaceTaskRows, writeConfigWorkbook } from "../config/write-book.js";
import { looksLikeZip } from "../intake/xlsx/zip.js";
import { CONFIG_FILE_NAME, fieldLabel } from "../config/layout.js";
import type { ItemChange, SeedChanges } from "../config/seed-changes.js";
import { readDecisionAppendix } from "../config/decision-appendix.js";
import { outputDir, seedsDir } from "../workspace/paths.js";
import type { CommandResult } from "./result.js";

/** `cchc config export | import | tasks-from`: the seeds as a workbook a specialist edits, and back. */

/** The workbook's bytes once read back well-formed (a broken one is a program error). */
function readBack(bytes: Uint8Array, path: string): Uint8Array {
  assertWellFormedOffice(bytes, basename(path));
  return bytes;
}

/** "Trang "Cơ quan", ô F12: …" */

export function describeProblem(p: Problem): string {
  const where = [p.sheet ? `Trang "${p.sheet}"` : "", p.cell ? `ô ${p.cell}` : ""].filter(Boolean).join(", ");
  return `${where ? `${where}: ` : ""}${formatProblem(p)}`;
}

const problemJson = (p: Problem) => ({ ...p, message: formatProblem(p) });

async function bookFromSeeds(root: string): Promise<ConfigBook> {
  const { parsed, problems } = parseSeedTexts(await readSeeds(root));
  if (!parsed) {
    throw new CchcError(
      `Dữ liệu gốc trong thư mục seeds/ có ${problems.length} lỗi nên chưa xuất được tệp cấu hình; hãy sửa rồi chạy lại.`,
      2,
      problems.map(formatProblem),
    );
  }
  return seedsToBook(parsed);
}

export interface ConfigExportOptions {
  root: string;
  out: string | undefined;
  force: boolean;
  date: string;
  quiet: boolean;
}

export async function runConfigExport(o: ConfigExportOptions): Promise<CommandResult> {
  const out = o.out ? resolve(o.out) : join(o.root, CONFIG_FILE_NAME);
  if (existsSync(out) && !o.force) {
    throw new CchcError(
      `Tệp ${out} đã có (có thể đang chứa chỉnh sửa chưa nạp). Dùng --force để ghi đè, hoặc --out để ghi ra tệp khác.`,
      2,
    );
  }
  const book = await bookFromSeeds(o.root);
  await writeFileAtomic(out, readBack(await writeConfigWorkbook(book, o.date), out));
  const counts = {
    agencies: book.agencies.length,
    tasks: book.tasks.filter((r) => /^\d+$/.test(String(r.cells["stt"]?.value ?? ""))).length,
    indicators: book.indicators.length,
  };
  return {
    json: { file: out, ...counts },
    text: o.quiet
      ? ""
      : [
          `Đã xuất cấu hình ra ${out}: ${counts.agencies} cơ quan, ${counts.tasks} nhiệm vụ, ${counts.indicators} chỉ số.`,
          `Sửa tệp bằng Excel hoặc LibreOffice, lưu lại, rồi nạp: cchc config import ${relative(process.cwd(), out) || out}${o.root !== process.cwd() ? ` --root ${o.root}` : ""}`,
        ].join("\n"),
    exitCode: 0,
  };
}

/** Reads a configuration workbook with intake's safe reader; unreadable bytes stop with exit code 2. */
async function readConfigBook(file: string): Promise<ConfigBook> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    throw new CchcError(`Không mở được tệp ${file}.`, 2);
  }
  let wb;
  try {
    wb = (await readWorkbookFile(bytes, file)).workbook;
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    const p: Problem = { code: `intake.file-${e.code}`, severity: "error", file, args: { detail: e.detail } };
    throw new CchcError(`Không đọc được tệp cấu hình ${basename(file)}; seeds/ không thay đổi.`, 2, [formatProblem(p)]);
  }
  const { book, problems } = readBook(wb, basename(file));
  if (!book)
    throw new CchcError(
      `Tệp ${basename(file)} không phải tệp cấu hình đầy đủ; seeds/ không thay đổi.`,
      2,
      problems.map(describeProblem),
    );
  return book;
}

export interface ConfigImportOptions {
  root: string;
  file: string;
  dryRun: boolean;
  quiet: boolean;
  /** answer with the findings as data (sheet, cell, code, message) instead of stopping with their sentences */
  json?: boolean;
}

export async function runConfigImport(o: ConfigImportOptions): Promise<CommandResult> {
  const book = await readConfigBook(o.file);
  const current = await readSeeds(o.root);
  const j = judgeConfig(book, basename(o.file), current);
  if (j.problems.length > 0) {
    if (o.json)
      return {
        json: {
          file: o.file,
          dryRun: o.dryRun,
          changedFiles: [],
          written: [],
          error: `Tệp cấu hình ${basename(o.file)} có ${j.problems.length} lỗi; seeds/ không thay đổi.`,
          problems: j.problems.map(problemJson),
        },
        text: "",
        exitCode: 2,
      };
    throw new CchcError(
      `Tệp cấu hình ${basename(o.file)} có ${j.problems.length} lỗi; seeds/ không thay đổi. Hãy sửa các ô dưới đây rồi nạp lại.`,
      2,
      j.problems.map(describeProblem),
    );
  }
  const written =
    o.dryRun || j.changedFiles.length === 0
      ? []
      : await writeAllOrNothing(
          j.changedFiles.map((f) => ({ path: join(seedsDir(o.root), f), data: String(j.texts[f] ?? "") })),
          outputDir(o.root),
        );
  const lines = [
    j.changedFiles.length === 0
      ? `Tệp ${basename(o.file)} hợp lệ và không khác seeds/ hiện tại: không ghi gì.`
      : o.dryRun
        ? `Tệp ${basename(o.file)} hợp lệ. Chạy thử (--dry-run), không ghi gì; nếu nạp sẽ thay đổi ${j.changedFiles.map((f) => `seeds/${f}`).join(", ")}:`
        : `Đã nạp ${basename(o.file)}: ghi ${j.changedFiles.map((f) => `seeds/${f}`).join(", ")}.`,
    ...(j.changes ? describeChanges(j.changes) : []),
  ];
  return {
    json: {
      file: o.file,
      dryRun: o.dryRun,
      changedFiles: j.changedFiles.map((f) => `seeds/${f}`),
      written,
      changes: j.changes,
    },
    text: o.quiet ? "" : lines.join("\n"),
    exitCode: 0,
  };
}

const list = <T extends ItemChange>(
  items: T[],
  show: (c: T) => string = (c) => `${c.id} (${c.name})`,
  max = 8,
): string =>
  items.slice(0, max).map(show).join("; ") + (items.length > max ? `; … và ${items.length - max} mục khác` : "");

export function describeChanges(c: SeedChanges): string[] {
  const out: string[] = [];
  const a = c.agencies;
  if (a.added.length) out.push(`- Cơ quan thêm mới ${a.added.length}: ${list(a.added)}.`);
  if (a.ended.length)
    out.push(
      `- Cơ quan đổi ngày hết hiệu lực ${a.ended.length}: ${list(a.ended, (x) => `${x.id} (${x.validTo ? `đến ${formatShortDate(x.validTo)}` : "bỏ ngày hết hiệu lực"})`)}.`,
    );
  if (a.renamed.length)
    out.push(`- Cơ quan đổi tên ${a.renamed.length}: ${list(a.renamed, (x) => `${x.id}: "${x.from}" → "${x.name}"`)}.`);
  const fields = (part: Parameters<typeof fieldLabel>[0], keys: string[]): string =>
    [...new Set(keys.map((k) => fieldLabel(part, k)))].join(", ");
  if (a.changed.length)
    out.push(
      `- Cơ quan sửa thông tin ${a.changed.length}: ${list(a.changed, (x) => `${x.id} (${fields("agencies", x.fields)})`)}.`,
    );
  if (a.removed.length) out.push(`- Cơ quan bỏ khỏi danh mục ${a.removed.length}: ${list(a.removed)}.`);
  const parts: [
    Exclude<Parameters<typeof fieldLabel>[0], "plan" | "settings" | "agencies">,
    string,
    (x: ItemChange) => string,
  ][] = [
    ["groups", "Khối", (x) => x.id],
    ["phrases", "Cụm từ nhóm", (x) => x.id],
    ["tasks", "Nhiệm vụ", (x) => `STT ${x.id}`],
    ["indicators", "Chỉ số", (x) => x.id],
    ["targets", "Chỉ tiêu", (x) => x.id],
  ];
  for (const [k, label, id] of parts) {
    const p = c[k] as SeedChanges["tasks"];
    if (p.added.length) out.push(`- ${label} thêm ${p.added.length}: ${list(p.added, id)}.`);
    if (p.removed.length) out.push(`- ${label} bỏ ${p.removed.length}: ${list(p.removed, id)}.`);
    if (p.changed.length)
      out.push(`- ${label} sửa ${p.changed.length}: ${list(p.changed, (x) => `${id(x)} (${fields(k, x.fields)})`)}.`);
  }
  if (c.plan.length) out.push(`- Kế hoạch sửa: ${fields("plan", c.plan)}.`);
  if (c.settings.length) out.push(`- Cài đặt sửa: ${fields("settings", c.settings)}.`);
  return out;
}

export interface TasksFromOptions {
  root: string;
  decision: string;
  out: string | undefined;
  date: string;
  quiet: boolean;
}

export async function runConfigTasksFrom(o: TasksFromOptions): Promise<CommandResult> {
  const decision = resolve(o.decision);
  const appendix = await readDecisionAppendix(decision);
  if (appendix.rows.length === 0) {
    throw new CchcError(formatProblem({ code: "config.no-appendix", args: { file: basename(decision) } }), 2);
  }
  const out = o.out ? resolve(o.out) : join(o.root, CONFIG_FILE_NAME);
  const tasks = appendix.rows.map((r): BookRow => ({
    cells: Object.fromEntries(
      Object.entries(r)
        .filter(([, v]) => v !== null && v !== "")
        .map(([k, v]) => [k, { value: v }]),
    ),
  }));
  let bytes: Buffer | null = null;
  if (existsSync(out)) {
    // the specialist's workbook: read safely first, then only the rows of "Nhiệm vụ" are replaced
    await readConfigBook(out);
    const current = new Uint8Array(await readFile(out));
    if (!looksLikeZip(current))
      throw new CchcError(
        `Tệp cấu hình ${basename(out)} không phải dạng .xlsx nên chưa ghi được nhiệm vụ vào đó. Hãy lưu tệp dưới dạng Excel (.xlsx) rồi chạy lại, hoặc dùng --out để ghi ra tệp mới.`,
        2,
      );
    bytes = await replaceTaskRows(current, tasks, o.date);
  }
  if (bytes === null) bytes = await writeConfigWorkbook({ ...(await bookFromSeeds(o.root)), tasks }, o.date);
  await writeFileAtomic(out, readBack(bytes, out));
  const j = judgeConfig(await readConfigBook(out), basename(out), await readSeeds(o.root));
  const taskCount = appendix.rows.filter((r) => /^\d+$/.test(String(r.stt))).length;
  const lines = [
    `Đã đọc ${taskCount} nhiệm vụ từ ${basename(decision)} (${appendix.source}) và ghi vào trang "Nhiệm vụ" của ${out}.`,
    ...(j.problems.length === 0
      ? [
          `Mọi tên cơ quan và thời gian đều đọc được. Nạp bằng: cchc config import ${relative(process.cwd(), out) || out}`,
        ]
      : [
          `Còn ${j.problems.length} ô cần sửa trong tệp cấu hình trước khi nạp:`,
          ...j.problems.map((p) => `  - ${describeProblem(p)}`),
        ]),
  ];
  return {
    json: { file: out, decision, source: appendix.source, tasks: taskCount, problems: j.problems.map(problemJson) },
    text: o.quiet && j.problems.length === 0 ? "" : lines.join("\n"),
    exitCode: j.problems.length === 0 ? 0 : 1,
  };
}
