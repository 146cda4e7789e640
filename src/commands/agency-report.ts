import { readFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { parsePeriod } from "../calendar/period.js";
import { readAndParse } from "../intake/judge/read-and-parse.js";
import { parseSubmission } from "../intake/judge/parse-submission.js";
import { defaultReader } from "../intake/xlsx/read-file.js";
import { findAgency } from "../plan/plan.js";
import { CchcError } from "../problems/problem.js";
import { renderAgencyDocx } from "../render/docx-agency.js";
import { assertWellFormedOffice } from "../render/office-check.js";
import { OutputTransaction } from "../util/output-transaction.js";
import { agencyReportsDir, outputDir, templatesDir } from "../workspace/paths.js";
import type { CommandResult } from "./result.js";
import { withWorkspaceLock } from "./workspace-lock.js";
import type { CommandContext } from "./context.js";

export interface AgencyReportOptions {
  root: string;
  /** the filled template of one agency */
  file: string;
  /** output folder; default output/<P>/bao-cao-co-quan/ */
  out?: string | undefined;
  /** the --date: the report's date when the agency gave none */
  date: string;
  quiet?: boolean;
}

/** `cchc agency-report FILE`: an agency's own report in Word, from the template it filled. */
export async function runAgencyReport(
  ctx: CommandContext,
  given: Omit<AgencyReportOptions, "root" | "date">,
): Promise<CommandResult> {
  const { plan } = ctx;
  const opts: AgencyReportOptions = { ...given, root: ctx.root, date: ctx.now.date };
  const path = resolve(opts.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new CchcError(`Không đọc được tệp "${opts.file}": tệp không tồn tại hoặc không có quyền đọc.`, 2);
  }
  const fileName = basename(path);
  const { result } = await readAndParse(bytes, fileName, defaultReader, (workbook) =>
    parseSubmission({ workbook, plan, period: null, fileName }),
  );
  const errors = result.findings.filter((f) => f.severity === "error");
  if (!result.accepted || !result.data) {
    throw new CchcError(
      `Không lập được báo cáo từ tệp "${opts.file}": ${result.rejectReason ?? "tệp không phải biểu mẫu báo cáo cải cách hành chính"}`,
      1,
      errors.map((f) => f.message),
    );
  }
  const data = result.data;
  const agency = findAgency(plan, data.agency);
  const period = parsePeriod(data.period, plan.settings.due);
  if (!agency || !period) {
    throw new CchcError(
      `Tệp "${opts.file}" ghi cơ quan "${data.agency}", kỳ "${data.period}" không có trong dữ liệu gốc (seeds/).`,
      1,
    );
  }
  const doc = await renderAgencyDocx(
    { plan, period, agency, data, date: opts.date },
    { templatesDir: templatesDir(opts.root) },
  );
  const outDir = opts.out ? resolve(opts.out) : agencyReportsDir(opts.root, period.id);
  const outPath = join(outDir, doc.name);
  assertWellFormedOffice(doc.data, doc.name);
  const write = async (): Promise<void> => {
    const tx = new OutputTransaction({ journalDir: outputDir(opts.root) });
    await tx.stage(outPath, doc.data);
    await tx.commit();
  };
  // into the workspace's output/: under the workspace lock, like every command that writes there
  const rel = relative(resolve(outputDir(opts.root)), outPath);
  const inWorkspace = !rel.startsWith("..") && !isAbsolute(rel);
  await (inWorkspace ? withWorkspaceLock(opts.root, write) : write());

  const shown = relative(process.cwd(), outPath) || outPath;
  const lines = [`Đã lập báo cáo của ${agency.shortName} (${period.label}): ${shown}`];
  if (errors.length > 0) {
    lines.push(
      `Tệp có ${errors.length} lỗi; các ô lỗi được ghi "(chưa có số liệu)" trong báo cáo. Sửa tệp Excel rồi chạy lại:`,
    );
    lines.push(
      ...errors
        .slice(0, 20)
        .map((f) => `  - ${[f.sheet, f.cell].filter(Boolean).join(" ")}${f.sheet || f.cell ? ": " : ""}${f.message}`),
    );
    if (errors.length > 20) lines.push(`  … và ${errors.length - 20} lỗi khác.`);
  }
  return {
    json: {
      file: outPath,
      agency: agency.code,
      agencyName: agency.name,
      period: period.id,
      errors: errors.length,
      warnings: result.findings.filter((f) => f.severity === "warning").length,
      findings: result.findings.map((f) => ({
        severity: f.severity,
        code: f.code,
        sheet: f.sheet,
        cell: f.cell,
        message: f.message,
      })),
    },
    text: opts.quiet && errors.length === 0 ? "" : lines.join("\n"),
    exitCode: errors.length > 0 ? 1 : 0,
  };
}
