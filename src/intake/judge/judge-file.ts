import { readFileSync } from "node:fs";
import type { Plan } from "../../plan/plan.js";
import { makeFinding } from "./finding.js";
import { agencyFromFileName, sha256Of, skipReasonOf, type SkipReason } from "../inbox/inbox.js";
import type { Receipt } from "../inbox/ledger.js";
import { receiptIndexOf, type ReceiptIndex } from "../inbox/receipts.js";
import { displaySafe } from "../../util/display-safe.js";
import { parseSubmission, type AgencyHint, type ParseResult } from "./parse-submission.js";
import type { CumulativeFloors } from "./rule-book.js";
import type { WorkbookReader } from "../xlsx/raw-workbook.js";
import { readAndParse } from "./read-and-parse.js";
import type { ReadFileOptions } from "../xlsx/read-file.js";

/**
 * intake/judge: the trade of judging one submission, pure past the reading. Cells are normalised (NFC, legacy
 * Vietnamese encodings, Vietnamese numbers and dates: normalise-cell.ts), values found by stable keys
 * (locate-keys.ts), the file's identity checked (identity.ts), the rule book's checks evaluated (rule-book.ts,
 * check-expr.ts) and everything found said as coded findings (finding.ts, finding-codes.ts) on the submission
 * (parse-submission.ts, submission.ts). This file is the room's entry: one inbox file, bytes in, judgement out.
 *
 * Judging one inbox file from its bytes: its hash, its receipt in the ledger, the agency named outside its metadata,
 * and the parse. The same function runs in the main thread and in the parse workers (parse-worker.ts), so both
 * give the same result; everything it returns is plain data (structured-cloneable), no raw cells.
 */

export interface JudgeContext {
  plan: Plan;
  /** the period being checked */
  periodId: string;
  floors: CumulativeFloors;
  reader: WorkbookReader;
  readOptions: ReadFileOptions;
  receipts: ReceiptIndex;
  /** the registry's codes (agencies known to the plan) */
  known: ReadonlySet<string>;
}

export interface JudgedFile {
  sha256: string;
  /** index in the ledger of the file's receipt (receiptIndexOf), or -1 */
  receiptIndex: number;
  hint: AgencyHint | null;
  result: ParseResult;
  converted: string | null;
  /** set when the file could not be read at all (no hash then): reported and skipped, never recorded nor cached */
  skipped?: SkipReason;
}

export function knownCodes(plan: Plan): Set<string> {
  return new Set(plan.agencies.map((a) => a.code));
}

/** The agency named outside the metadata: --agency or the original name recorded at receipt, else the inbox name. */
export function hintFor(
  receipt: Receipt | null,
  inboxName: string,
  plan: Plan,
  known: ReadonlySet<string>,
): AgencyHint | null {
  if (receipt?.declaredAgency && known.has(receipt.declaredAgency)) {
    return {
      code: receipt.declaredAgency,
      source: receipt.declaredFrom ?? "file-name",
      fileName: displaySafe(receipt.originalName ?? inboxName),
    };
  }
  if (receipt) return null;
  const code = agencyFromFileName(inboxName, plan);
  return code ? { code, source: "file-name", fileName: displaySafe(inboxName) } : null;
}

/** Judges one file's bytes (never throws for bad bytes: they end in a rejection). */
export async function judgeFile(bytes: Uint8Array, fileName: string, ctx: JudgeContext): Promise<JudgedFile> {
  const sha256 = sha256Of(bytes);
  const receiptIndex = receiptIndexOf(ctx.receipts, fileName, sha256);
  const receipt = receiptIndex >= 0 ? (ctx.receipts.receipts[receiptIndex] as Receipt) : null;
  const hint = hintFor(receipt, fileName, ctx.plan, ctx.known);
  const { result, converted } = await readAndParse(
    bytes,
    fileName,
    ctx.reader,
    (workbook) =>
      parseSubmission({
        workbook,
        plan: ctx.plan,
        period: ctx.periodId,
        fileName,
        agencyHint: hint,
        floors: ctx.floors,
      }),
    ctx.readOptions,
  );
  return { sha256, receiptIndex, hint, result, converted };
}

/** The finding of an inbox entry that could not be read (the machine's side, not the agency's). */
function skipFinding(reason: SkipReason, code: string) {
  switch (reason) {
    case "broken-link":
      return makeFinding("intake.file-broken-link", {});
    case "link-loop":
      return makeFinding("intake.file-link-loop", {});
    case "no-access":
      return makeFinding("intake.file-no-access", {}, { detail: code || null });
    case "read-failed":
      return makeFinding("intake.file-read-failed", {}, { detail: code || null });
  }
}

/** The judgement of an inbox entry that could not be read: rejected, no agency, no hash. */
export function skippedJudgement(reason: SkipReason, code: string): JudgedFile {
  const f = skipFinding(reason, code);
  return {
    sha256: "",
    receiptIndex: -1,
    hint: null,
    converted: null,
    skipped: reason,
    result: { accepted: false, agency: null, period: null, data: null, findings: [f], rejectReason: f.message },
  };
}

/** An inbox file's bytes, or the judgement of a file that cannot be read (a permission, a link gone meanwhile …). */
export function readInboxFile(path: string): Buffer | JudgedFile {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (!code) throw e;
    return skippedJudgement(skipReasonOf(e, code === "ENOENT"), code);
  }
}
