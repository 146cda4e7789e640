import { readFileSync } from "node:fs";
import type { Plan } from "../../plan/plan.js";
import { makeFinding } from "./finding.js";
import { agencyFromFileName, skipReasonOf, type SkipReason } from "../inbox/inbox.js";
import type { Receipt } from "../inbox/ledger.js";
import type { ReceiptIndex } from "../inbox/receipts.js";
import { displaySafe } from "../../util/display-safe.js";
import type { AgencyHint, ParseResult } from "./parse-submission.js";
import type { CumulativeFloors } from "./rule-book.js";
import type { WorkbookReader } from "../xlsx/raw-workbook.js";
import type { ReadFileOptions } from "../xlsx/read-file.js";
import type { Period } from "../../calendar/period.js";
import type { FindingArgs } from "./finding.js";

/**
 * What judging an inbox file takes and gives (judge-file.ts judges), and what needs no reading: the agency named
 * outside a file, the judgement of a file that cannot be read, a file received before its period's window. Apart from
 * judge-file.ts so that a run whose files are all in the parse cache does not load the readers and the rule book.
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

/** A file received before its period's data window opens (its figures cannot cover the period yet). */
export function receivedBeforeWindow(period: Period, receivedAt: string | null): FindingArgs | null {
  if (!receivedAt) return null;
  const day = receivedAt.slice(0, 10);
  return day < period.window.from
    ? {
        receivedOn: day,
        windowFrom: period.window.from,
        windowTo: period.window.to,
        period: period.id,
        periodLabel: period.label,
      }
    : null;
}
