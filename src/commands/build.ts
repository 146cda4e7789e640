import { join, relative, sep } from "node:path";
import type { Period } from "../calendar/period.js";
import type { Model } from "../consolidate/model.js";
import { filesThatCount } from "../intake/inbox/versions.js";
import type { PendingFile } from "../util/atomic-write.js";
import { assertWellFormedOutputs } from "../render/office-check.js";
import { OutputTransaction } from "../util/output-transaction.js";
import { compareWithRecord } from "../consolidate/amendment.js";
import { readRecordState, verifyRecord, type RecordState } from "../workspace/record.js";
import { AMEND_DIR, MODEL_FILE, RECORD_DIR, outputDir, periodOutputDir, templatesDir } from "../workspace/paths.js";
import { isModel, readModelFile, writeModelJson } from "../workspace/model-file.js";
import { renderSet } from "./render-set.js";
import type { RenderedFile } from "../render/renderers.js";
import { requirePeriodInPlan, resolvePeriod } from "./period.js";
import { formatShortDate, formatPercent } from "../vn/format.js";
import type { CommandResult } from "./result.js";
import { CchcError } from "../problems/problem.js";
import { ledgerWarningLines, ledgerWarningsJson } from "./check.js";
import type { CommandContext } from "./context.js";
import { renderFeedback, stageFeedbackKeys } from "./feedback.js";
import { consolidatePeriod } from "./pipeline.js";
import type { LedgerWarning } from "../intake/inbox/damaged-lines.js";
import { phase } from "../util/phase-timer.js";
import { releaseMemory } from "../util/release-memory.js";
import { withWorkspaceLock } from "./workspace-lock.js";

/** `cchc build`'s own options (the context gives the workspace, the plan and the moment: the report's day). */
export interface BuildOptions {
  /** the period asked for (--period), else the period of the context's day */
  periodId?: string | undefined;
  quiet?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
  /** use and keep the parse cache (default true; see intake/batch/parse-cache.ts) */
  cache?: boolean;
}

export interface BuildResult {
  period: Period;
  model: Model;
  written: string[];
  hasErrors: boolean;
  /** whether the period is closed (then the build wrote output/<P>/sau-chot/), and what is wrong with its record */
  record: RecordState;
  recordProblems: string[];
  /** the inbox and the warnings about damaged lines of its ledger */
  inbox: string;
  ledgerWarnings: LedgerWarning[];
}

/** The model of a period and what intake leaves for the build to write. */
interface Consolidated {
  model: Model;
  extraFiles: PendingFile[];
  /** feedback workbooks kept as they are (made from the same inputs before) */
  feedbackKept: string[];
  feedbackKeys: Record<string, string>;
  staleFeedback: string[];
  hasErrors: boolean;
  inbox: string;
  ledgerWarnings: LedgerWarning[];
}

/**
 * Intake and consolidation. Its own function so that the submission records (every value read, with its cell) are
 * garbage once it returns: only the model is kept.
 */
async function checkAndConsolidate(ctx: CommandContext, opts: BuildOptions, period: Period): Promise<Consolidated> {
  const { checked, model } = await consolidatePeriod(ctx, period, {
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.cache === false ? { cache: false } : {}),
  });
  const feedback = await renderFeedback(ctx, period, checked.records);
  phase("feedback");
  // the model is not parsed by its schema here: consolidate builds it in the schema's shape and key order (its tests
  // check both), and a parse of a 1,000-agency model costs 0.3 s and a copy of every entry
  const hasErrors = filesThatCount(checked.records).some((r) => r.findings.some((f) => f.severity === "error"));
  return {
    model,
    extraFiles: feedback.files,
    feedbackKept: feedback.kept,
    feedbackKeys: feedback.keys,
    staleFeedback: feedback.stale,
    hasErrors,
    inbox: checked.inbox,
    ledgerWarnings: checked.ledgerWarnings,
  };
}

/**
 * Intake, consolidation, rendering; then every output written at the end, all together (output-transaction.ts).
 * The caller holds the workspace lock (runBuild, run).
 */
export async function buildPeriod(ctx: CommandContext, opts: BuildOptions): Promise<BuildResult> {
  phase("start");
  const { root, plan } = ctx;
  const period = resolvePeriod(plan, { period: opts.periodId, date: ctx.now.date });
  requirePeriodInPlan(plan, period);
  const { model, extraFiles, feedbackKept, feedbackKeys, staleFeedback, hasErrors, inbox, ledgerWarnings } =
    await checkAndConsolidate(ctx, opts, period);
  // the submission records are garbage now: only the model is kept
  releaseMemory();
  const record = await readRecordState(root, period.id);
  const recordProblems = await verifyRecord(record);
  // a closed period's record is never touched: the current state goes to output/<P>/sau-chot/, with what changed
  const outDir = join(periodOutputDir(root, period.id), record.closed ? AMEND_DIR : "");
  if (record.closed && record.manifest) {
    const recorded = await readModelFile(join(record.dir, MODEL_FILE));
    if (isModel(recorded)) model.amendment = compareWithRecord(recorded, model, record.manifest);
    else
      recordProblems.push(
        `không đọc được tong-hop.json của bản chốt${recorded ? ` (${recorded.problem})` : ""}: chưa so sánh được với bản chốt`,
      );
  }
  const feedback = [...extraFiles.map((f) => f.path), ...feedbackKept]
    .sort()
    .map((p) => relative(outDir, p).split(sep).join("/"));
  // every output is staged first and swapped in together (output-transaction.ts): a build that fails leaves the
  // previous set whole. Each is read back and staged as soon as it is made (a broken .docx/.xlsx is a program error,
  // exit 3: what was staged is deleted), its write going on while the next is made; none is held to the end.
  const tx = new OutputTransaction({ journalDir: outputDir(root) });
  const staging: Promise<void>[] = [];
  const stage = (f: PendingFile): void => {
    assertWellFormedOutputs([f]);
    const write = tx.stage(f.path, f.data);
    // its failure is met by Promise.all below, after the renderers: not an unhandled rejection meanwhile
    write.catch(() => undefined);
    staging.push(write);
  };
  let rendered: RenderedFile[];
  try {
    for (const f of extraFiles) stage(f);
    rendered = await renderSet(model, templatesDir(root), feedback, MODEL_FILE, (f) =>
      stage({ path: join(outDir, f.name), data: f.data }),
    );
    await Promise.all(staging);
    phase("outputs read back and staged");
    // tong-hop.json: the lean file (~20 KB per agency), written as it is serialised, never one big string; the outer
    // levels indented, each agency, total, target and task on one line of its own
    await tx.stageFrom(join(outDir, MODEL_FILE), (write) => writeModelJson(model, write));
    await stageFeedbackKeys(tx, root, period.id, feedbackKeys);
  } catch (e) {
    // a write still going on would leave its temporary file behind the abort
    await Promise.allSettled(staging);
    await tx.abort();
    throw e;
  }
  // A feedback workbook left from an earlier run no longer applies once the agency's latest file is clean: it goes out
  // in the same swap.
  for (const path of staleFeedback) tx.remove(path);
  phase("staged");
  await tx.commit();
  // tong-hop.json comes first after the feedback workbooks in the list of what was written
  const pending = [
    ...extraFiles,
    { path: join(outDir, MODEL_FILE) },
    ...rendered.map((f) => ({ path: join(outDir, f.name) })),
  ];
  const written = pending.map((f) => f.path);
  phase("written");
  return { period, model, written, hasErrors, record, recordProblems, inbox, ledgerWarnings };
}

export async function runBuild(ctx: CommandContext, opts: BuildOptions): Promise<CommandResult> {
  const r = await withWorkspaceLock(ctx.root, () => buildPeriod(ctx, opts));
  const m = r.model;
  const c = m.completeness.total;
  const lines = [
    `Tổng hợp ${m.period.label} (${m.period.id}), hạn gửi ${formatShortDate(m.period.due)}.`,
    `Cơ quan: ${c.expected} phải báo cáo; ${c.onTime} đúng hạn, ${c.late} chậm, ${c.rejected} bị từ chối, ${c.missing} chưa gửi (đã nhận ${formatPercent(c.reportedRate ?? 0)}).`,
    `Chỉ tiêu: ${m.targetSummary.met} đạt, ${m.targetSummary.notMet} chưa đạt, ${m.targetSummary.noData} chưa có số liệu.`,
    `Nhiệm vụ: ${m.taskSummary.done}/${m.taskSummary.total} đã hoàn thành, ${m.taskSummary.overdue} chậm tiến độ.`,
    ...closedLines(r),
    ...ledgerWarningLines(ctx.root, r.inbox, r.ledgerWarnings),
    `Đã ghi ${r.written.length} tệp:`,
    ...r.written.map((p) => `  ${p}`),
  ];
  if (r.hasErrors)
    lines.push(
      'Có tệp bị lỗi cần cơ quan sửa: xem "cchc check --period ' +
        m.period.id +
        '" hoặc output/' +
        m.period.id +
        "/phan-hoi/.",
    );
  if (r.written.length === 0) throw new CchcError("Không ghi được tệp nào.", 2);
  return {
    json: {
      period: m.period.id,
      written: r.written,
      completeness: m.completeness.total,
      targets: m.targetSummary,
      tasks: m.taskSummary,
      hasErrors: r.hasErrors,
      closed: r.record.closed
        ? r.record.manifest
          ? {
              number: r.record.manifest.number,
              signedOn: r.record.manifest.signedOn,
              closedAt: r.record.manifest.closedAt,
            }
          : {}
        : null,
      recordProblems: r.recordProblems,
      ledgerWarnings: ledgerWarningsJson(r.ledgerWarnings),
      ...(m.amendment ? { amendment: amendmentSummary(m.amendment) } : {}),
    },
    text: lines.join("\n"),
    exitCode: r.hasErrors ? 1 : 0,
  };
}

/** What build says of a closed period: where it wrote, what changed against the record, and a damaged record. */
function closedLines(r: BuildResult): string[] {
  const lines: string[] = [];
  const m = r.record.closed ? r.record.manifest : null;
  if (r.record.closed) {
    lines.push(
      m
        ? `Kỳ đã chốt theo Báo cáo số ${m.number} ngày ${formatShortDate(m.signedOn)}: bản chốt trong output/${r.period.id}/${RECORD_DIR}/ giữ nguyên; tình hình hiện nay ghi vào output/${r.period.id}/${AMEND_DIR}/.`
        : `Kỳ đã chốt nhưng bản chốt bị hỏng; tình hình hiện nay ghi vào output/${r.period.id}/${AMEND_DIR}/.`,
    );
  }
  const a = r.model.amendment;
  if (a) {
    const s = amendmentSummary(a);
    lines.push(
      s.lateArrivals + s.figureChanges + s.totalChanges + s.targetChanges === 0
        ? "Sau khi chốt chưa có gì thay đổi so với bản chốt."
        : `Sau khi chốt: ${s.lateArrivals} cơ quan gửi thêm hoặc gửi lại, ${s.figureChanges} số liệu của cơ quan thay đổi, ${s.totalChanges} số tổng hợp và ${s.targetChanges} chỉ tiêu thay đổi (xem tệp bo-sung-sau-chot-${r.period.id}.docx).`,
    );
  }
  for (const p of r.recordProblems) lines.push(`Cảnh báo: bản chốt không còn nguyên vẹn: ${p}.`);
  return lines;
}

function amendmentSummary(a: NonNullable<Model["amendment"]>) {
  return {
    lateArrivals: a.lateArrivals.length,
    figureChanges: a.figureChanges.length,
    totalChanges: a.totalChanges.length,
    targetChanges: a.targetChanges.length,
  };
}
