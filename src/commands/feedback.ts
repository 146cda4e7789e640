import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Period } from "../calendar/period.js";
import { findAgency } from "../plan/plan.js";
import { leavesOffice } from "../problems/messages.js";
import { cacheRoot } from "../intake/batch/parse-cache.js";
import { newestVersions } from "../intake/inbox/versions.js";
import type { SubmissionRecord } from "../intake/judge/submission.js";
import { feedbackKey } from "../render/feedback-key.js";
import type { PendingFile } from "../util/atomic-write.js";
import type { OutputTransaction } from "../util/output-transaction.js";
import { feedbackDir } from "../workspace/paths.js";
import type { CommandContext } from "./context.js";

/**
 * The feedback workbooks of `check` and `build` (output/<P>/phan-hoi/<agency>.xlsx): one per agency whose newest file
 * has findings the agency must read, rendered here from the checked records (intake only judges), with the digests
 * that let a later run keep a workbook made from the same inputs.
 */

/** Where the digests of the feedback workbooks in phan-hoi/ are kept (see feedback-key.ts). */
const feedbackKeysPath = (root: string, periodId: string): string => join(cacheRoot(root, periodId), "phan-hoi.json");

function readFeedbackKeys(root: string, periodId: string): Record<string, string> {
  try {
    const data = JSON.parse(readFileSync(feedbackKeysPath(root, periodId), "utf8")) as {
      format?: number;
      keys?: Record<string, string>;
    };
    return data.format === 1 && data.keys && typeof data.keys === "object" ? data.keys : {};
  } catch {
    return {};
  }
}

/**
 * Records the digests of the feedback workbooks in phan-hoi/, in the same swap as the workbooks themselves
 * (output-transaction.ts): a later run that would make the same workbook keeps the file.
 */
export async function stageFeedbackKeys(
  tx: OutputTransaction,
  root: string,
  periodId: string,
  keys: Record<string, string>,
): Promise<void> {
  await tx.stage(feedbackKeysPath(root, periodId), `${JSON.stringify({ format: 1, keys })}\n`);
}

export interface Feedback {
  /** the feedback workbooks output/<P>/phan-hoi/<agency>.xlsx, rendered, to be written by the caller */
  files: PendingFile[];
  /** feedback workbooks already in phan-hoi/ made from the same inputs: kept as they are, not in `files` */
  kept: string[];
  /** feedback workbooks of agencies whose newest file is now clean: stale, the caller removes them */
  stale: string[];
  /** the digest of every current feedback workbook: stage with stageFeedbackKeys in the same swap as `files` */
  keys: Record<string, string>;
}

/**
 * Renders (in memory) a feedback workbook per agency whose newest file has findings, except those already in
 * phan-hoi/ made from the same inputs (kept as they are); lists stale ones of clean agencies. Stamped with the
 * context's day.
 */
export async function renderFeedback(
  ctx: CommandContext,
  period: Period,
  records: readonly SubmissionRecord[],
): Promise<Feedback> {
  const { plan, root } = ctx;
  const date = ctx.now.date;
  const files: PendingFile[] = [];
  const kept: string[] = [];
  const stale: string[] = [];
  const keys: Record<string, string> = {};
  const dir = feedbackDir(root, period.id);
  const existing = new Set(await readdir(dir).catch(() => [] as string[]));
  const before = readFeedbackKeys(root, period.id);
  for (const [code, whole] of newestVersions(records)) {
    const path = join(dir, `${code}.xlsx`);
    // what the agency is told: findings about the office's own inbox or registry stay with the operator
    const record = whole.findings.every((f) => leavesOffice(f.code))
      ? whole
      : { ...whole, findings: whole.findings.filter((f) => leavesOffice(f.code)) };
    if (record.findings.length === 0) {
      if (existing.has(`${code}.xlsx`)) stale.push(path);
      continue;
    }
    const input = { plan, period, agencyCode: code, agency: findAgency(plan, code), record, generatedOn: date };
    const key = feedbackKey(input);
    keys[code] = key;
    if (before[code] === key && existing.has(`${code}.xlsx`)) {
      kept.push(path);
      continue;
    }
    // the workbook's code only when there is feedback to write
    const { renderFeedbackWorkbook } = await import("../render/feedback-xlsx.js");
    files.push({ path, data: await renderFeedbackWorkbook(input) });
  }
  return { files, kept, stale, keys };
}
