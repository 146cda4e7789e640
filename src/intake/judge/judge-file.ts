import { readFileSync } from "node:fs";
import type { Plan } from "../../plan/plan.js";
import { makeFinding } from "./finding.js";
import { agencyFromFileName, sha256Of, skipReasonOf, type SkipReason } from "../inbox/inbox.js";
import { earliestOf, type Receipt } from "../inbox/ledger.js";
import { displaySafe } from "../../util/display-safe.js";
import { parseSubmission, type AgencyHint, type EarlierFigures, type ParseResult } from "./parse-submission.js";
import type { WorkbookReader } from "../xlsx/raw-workbook.js";
import { readAndParse } from "./read-and-parse.js";
import type { ReadFileOptions } from "../xlsx/read-file.js";

/**
 * Judging one inbox file from its bytes: its hash, its receipt in the ledger, the agency named outside its metadata,
 * and the parse. The same function runs in the main thread and in the parse workers (parse-worker.ts), so both
 * give the same result; everything it returns is plain data (structured-cloneable), no raw cells.
 */

export interface JudgeContext {
  plan: Plan;
  /** the period being checked */
  periodId: string;
  earlier: readonly EarlierFigures[];
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

/** The ledger's receipts by (stored name, sha256), by sha256 and by stored name, for lookups in constant time. */
export interface ReceiptIndex {
  receipts: readonly Receipt[];
  /** `${storedName}\n${sha256}` → index of the earliest such receipt */
  byNameAndSha: Map<string, number>;
  /** `${name as Windows compares it}\n${sha256}` → index of the earliest such receipt */
  byFoldedNameAndSha: Map<string, number>;
  /** storedName → indices of its receipts, in ledger order */
  byName: Map<string, number[]>;
}

export function indexReceipts(receipts: readonly Receipt[]): ReceiptIndex {
  const byNameAndSha = new Map<string, number>();
  const byFoldedNameAndSha = new Map<string, number>();
  const byName = new Map<string, number[]>();
  const keepEarliest = (m: Map<string, number>, key: string, i: number): void => {
    const cur = m.get(key);
    if (cur === undefined || earliestOf(receipts, [cur, i]) === i) m.set(key, i);
  };
  receipts.forEach((r, i) => {
    keepEarliest(byNameAndSha, `${r.storedName}\n${r.sha256}`, i);
    keepEarliest(byFoldedNameAndSha, `${windowsName(r.storedName)}\n${r.sha256}`, i);
    const list = byName.get(r.storedName);
    if (list) list.push(i);
    else byName.set(r.storedName, [i]);
  });
  return { receipts, byNameAndSha, byFoldedNameAndSha, byName };
}

/** A file name as Windows and macOS compare names: the same after NFC and case folding. */
const windowsName = (name: string): string => name.normalize("NFC").toLowerCase();

/**
 * The index of a stored file's receipt: same name and same bytes (the earliest, should the ledger hold more than one);
 * else the same bytes under the same name as Windows sees it: a rename that changes only the case, or a copy that turns
 * the name from NFC into NFD, is the same file and keeps its receipt. (A copy under another name is another file; its
 * bytes already in the ledger, it gets no receipt of its own and takes the earliest of them: ledger.ts appendReceipts.)
 */
export function receiptIndexOf(index: ReceiptIndex, storedName: string, sha256: string): number {
  return (
    index.byNameAndSha.get(`${storedName}\n${sha256}`) ??
    index.byFoldedNameAndSha.get(`${windowsName(storedName)}\n${sha256}`) ??
    -1
  );
}

/** The last receipt of a stored name with other bytes than these (the file changed after it was received). */
export function earlierReceiptWithOtherBytes(
  index: ReceiptIndex,
  storedName: string,
  sha256: string,
): Receipt | undefined {
  const list = index.byName.get(storedName) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const r = index.receipts[list[i] as number] as Receipt;
    if (r.sha256 !== sha256) return r;
  }
  return undefined;
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
        earlier: ctx.earlier,
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
