import { relative } from "node:path";
import type { Period } from "../calendar/period.js";
import { findAgency, type Plan } from "../plan/plan.js";
import { filesThatCount } from "../intake/inbox/versions.js";
import type { WorkbookReader } from "../intake/xlsx/raw-workbook.js";
import type { Finding, SubmissionRecord } from "../intake/judge/submission.js";
import { assertWellFormedOutputs } from "../render/office-check.js";
import { OutputTransaction } from "../util/output-transaction.js";
import { formatShortDate } from "../vn/format.js";
import { receiptSourceLabels, severityLabels } from "../vn/labels.js";
import { formatPlace, operatorHint } from "../problems/messages.js";
import type { LedgerWarning } from "../intake/inbox/damaged-lines.js";
import { ledgerPath } from "../intake/inbox/ledger.js";
import { displaySafe } from "../util/display-safe.js";
import { outputDir } from "../workspace/paths.js";
import type { CommandResult } from "./result.js";
import { withWorkspaceLock } from "./workspace-lock.js";
import type { CommandContext } from "./context.js";
import { renderFeedback, stageFeedbackKeys } from "./feedback.js";
import { feedbackDir } from "../workspace/paths.js";
import { checkInbox } from "./pipeline.js";
import { phase } from "../util/phase-timer.js";

/** `cchc check`'s own options (the context gives the workspace, the plan and the moment: the feedback's day). */
export interface CheckOptions {
  period: Period;
  quiet?: boolean;
  reader?: WorkbookReader;
  onProgress?: (done: number, total: number, label: string) => void;
  /** use and keep the parse cache (default true; see intake/batch/parse-cache.ts) */
  cache?: boolean;
  /** false: the result's JSON will not be printed, so the values read need not be kept (default true) */
  json?: boolean;
}

/** A finding as --json shows it. */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
    severity: f.severity,
    code: f.code,
    sheet: f.sheet,
    cell: f.cell,
    key: f.key,
    message: f.message,
    args: f.args,
  };
}

export function recordJson(r: SubmissionRecord): Record<string, unknown> {
  return {
    file: r.file,
    originalName: r.originalName,
    agency: r.agency,
    period: r.period,
    accepted: r.accepted,
    version: r.version,
    latest: r.latest,
    receivedAt: r.receivedAt,
    receivedAtSource: r.receivedAtSource,
    ...(r.damagedLedgerLine !== undefined ? { damagedLedgerLine: r.damagedLedgerLine } : {}),
    sha256: r.sha256,
    size: r.size,
    converted: r.converted,
    rejectReason: r.rejectReason,
    counts: countFindings(r.findings),
    findings: r.findings.map(findingJson),
    data: r.data,
  };
}

/** The ledger's warnings as the operator reads them: which file, which line, what was done. */
export function ledgerWarningLines(root: string, inbox: string, warnings: readonly LedgerWarning[]): string[] {
  const file = relative(root, ledgerPath(inbox)) || ledgerPath(inbox);
  return warnings.map((w) => `Cảnh báo — sổ nhận ${file}, ${w.message}`);
}

/** The ledger's warnings in --json. */
export function ledgerWarningsJson(warnings: readonly LedgerWarning[]): Record<string, unknown>[] {
  return warnings.map((w) => ({
    severity: w.severity,
    code: w.code,
    line: w.line,
    file: w.file,
    receivedAt: w.receivedAt,
    message: w.message,
  }));
}

export function countFindings(findings: readonly Finding[]): Record<Finding["severity"], number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

function receiptSource(r: SubmissionRecord): string {
  const line = r.damagedLedgerLine;
  if (line === undefined) return receiptSourceLabels[r.receivedAtSource];
  return r.receivedAtSource === "file-time"
    ? `theo thời gian của tệp: dòng ${line} của sổ nhận bị hỏng`
    : `khôi phục từ dòng ${line} bị hỏng của sổ nhận`;
}

function describeRecord(plan: Plan, r: SubmissionRecord, quiet: boolean): string[] {
  const c = countFindings(r.findings);
  const agency = r.agency ? (findAgency(plan, r.agency)?.name ?? r.agency) : "không xác định được cơ quan";
  const when = r.receivedAt ? `nhận ngày ${formatShortDate(r.receivedAt.slice(0, 10))} (${receiptSource(r)})` : "";
  const verdict = r.accepted ? (r.latest ? "TIẾP NHẬN (bản được dùng)" : "TIẾP NHẬN (bản cũ, không dùng)") : "TỪ CHỐI";
  const head = `${displaySafe(r.file)} — ${agency}${r.period ? `, kỳ ${r.period}` : ""}, bản ${r.version}${when ? `, ${when}` : ""}: ${verdict}; ${c.error} lỗi, ${c.warning} cảnh báo, ${c.info} ghi chú`;
  const lines = [head];
  for (const f of r.findings) {
    if (quiet && f.severity !== "error") continue;
    const place = formatPlace({ ...(f.sheet ? { sheet: f.sheet } : {}), ...(f.cell ? { cell: f.cell } : {}) });
    const where = [place, f.key ? `mã ${f.key}` : ""].filter(Boolean).join(", ");
    const hint = operatorHint(f);
    lines.push(`  [${severityLabels[f.severity]}] ${where ? `${where}: ` : ""}${f.message}${hint ? ` ${hint}` : ""}`);
  }
  return lines;
}

export function runCheck(ctx: CommandContext, opts: CheckOptions): Promise<CommandResult> {
  return withWorkspaceLock(ctx.root, () => checkLocked(ctx, opts));
}

async function checkLocked(ctx: CommandContext, opts: CheckOptions): Promise<CommandResult> {
  const { root, plan } = ctx;
  const result = await checkInbox(ctx, opts.period, {
    ...(opts.reader ? { reader: opts.reader } : {}),
    ...(opts.cache === false ? { cache: false } : {}),
    ...(opts.json === false ? { keepData: false } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  phase("inbox checked");
  const feedback = await renderFeedback(ctx, opts.period, result.records);
  phase(`feedback rendered: ${feedback.files.length}`);
  assertWellFormedOutputs(feedback.files);
  phase("feedback read back");
  // the feedback workbooks and their digests swapped in together (output-transaction.ts); a workbook left from an
  // earlier run no longer applies once the agency's latest file is clean: it goes out in the same swap
  const tx = new OutputTransaction({ journalDir: outputDir(root) });
  await tx.stageAll(feedback.files);
  await stageFeedbackKeys(tx, root, opts.period.id, feedback.keys);
  for (const path of feedback.stale) tx.remove(path);
  phase("feedback staged");
  await tx.commit();
  phase("feedback written");
  const written = feedback.files.map((f) => f.path);
  const removed = [...feedback.stale];
  const dir = feedbackDir(root, opts.period.id);

  const hasErrors = filesThatCount(result.records).some((r) => r.findings.some((f) => f.severity === "error"));
  const name = (code: string): string => findAgency(plan, code)?.shortName ?? code;
  const lines: string[] = [];
  lines.push(
    `Kỳ báo cáo ${opts.period.id} — ${opts.period.label}: ${result.records.length} tệp trong ${relative(root, result.inbox) || result.inbox}.`,
  );
  if (result.ledgerWriteError) {
    lines.push(
      `Không ghi được sổ nhận (${result.ledgerWriteError}); thời điểm nhận của tệp mới lấy theo thời gian của tệp.`,
    );
  } else if (result.receiptsAdded.length > 0) {
    lines.push(
      `Đã ghi vào sổ nhận ${result.receiptsAdded.length} tệp được chép thẳng vào thư mục (thời điểm nhận: lúc chương trình thấy tệp lần đầu).`,
    );
  }
  lines.push(...ledgerWarningLines(root, result.inbox, result.ledgerWarnings));
  for (const r of result.records) lines.push("", ...describeRecord(plan, r, opts.quiet ?? false));
  lines.push("");
  lines.push(
    result.missing.length > 0
      ? `Chưa gửi báo cáo (${result.missing.length}): ${result.missing.map(name).join(", ")}.`
      : "Tất cả cơ quan đã gửi báo cáo.",
  );
  if (result.rejectedOnly.length > 0)
    lines.push(`Chỉ có tệp bị từ chối (${result.rejectedOnly.length}): ${result.rejectedOnly.map(name).join(", ")}.`);
  if (written.length > 0) lines.push(`Đã ghi ${written.length} tệp phản hồi vào ${relative(root, dir) || dir}/.`);
  if (feedback.kept.length > 0)
    lines.push(`${feedback.kept.length} tệp phản hồi trong ${relative(root, dir) || dir}/ không đổi (giữ nguyên).`);
  lines.push(hasErrors ? "Có tệp có lỗi cần cơ quan sửa và gửi lại." : "Không có lỗi.");

  const json = {
    period: opts.period.id,
    inbox: result.inbox,
    submissions: result.records.map(recordJson),
    missing: result.missing,
    rejectedOnly: result.rejectedOnly,
    feedback: written,
    feedbackUnchanged: feedback.kept,
    feedbackRemoved: removed,
    receiptsAdded: result.receiptsAdded.length,
    ledgerWriteError: result.ledgerWriteError,
    ledgerWarnings: ledgerWarningsJson(result.ledgerWarnings),
    earlierUsed: result.earlierUsed,
  };
  phase("check reported");
  return { json, text: lines.join("\n"), exitCode: hasErrors ? 1 : 0 };
}
