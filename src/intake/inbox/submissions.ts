import type { Period } from "../../calendar/period.js";
import type { Plan } from "../../plan/plan.js";
import { displaySafe } from "../../util/display-safe.js";
import { makeFinding } from "../judge/finding.js";
import { knownCodes, receivedBeforeWindow, skippedJudgement, type JudgedFile } from "../judge/judgement.js";
import type { AgencyHint, ParseResult } from "../judge/parse-submission.js";
import type { ReceivedAtSource, SubmissionRecord } from "../judge/submission.js";
import { readDamagedLines, type LedgerWarning } from "./damaged-lines.js";
import { fileTimeIn, type InboxFile, type SkippedEntry } from "./inbox.js";
import { appendReceipts, type Ledger, type Receipt } from "./ledger.js";
import { earlierReceiptWithOtherBytes, type ReceiptIndex } from "./receipts.js";
import { assignVersions } from "./versions.js";

/**
 * From the judgements of an inbox's files to its submission records: each file's receipt (from the ledger, recovered
 * from a damaged line, appended now for a file seen for the first time, or its file time when the ledger cannot be
 * written), the findings only the whole inbox shows (changed after its receipt, the same bytes twice, received before
 * the window), and the versions. The one write is appending first-seen receipts to the ledger (append-only), which
 * can be turned off.
 */

export interface SubmissionsInput {
  /** the inbox, data/<P>/ */
  dir: string;
  ledger: Ledger;
  /** the ledger's receipts, indexed (receipts.ts) */
  receipts: ReceiptIndex;
  files: readonly InboxFile[];
  /** entries that cannot even be looked at (a link to nothing, a loop) */
  skipped: readonly SkippedEntry[];
  /** the judgement of each of `files`, in the same order */
  judged: readonly JudgedFile[];
  plan: Plan;
  period: Period;
  /** the receipt time of files seen for the first time (ISO with offset) */
  instant: string;
  /** record first-seen receipts in the ledger (false: they take their file times) */
  recordReceipts: boolean;
}

export interface Submissions {
  /** one per file, in file-name order */
  records: SubmissionRecord[];
  /** each agency's version that counts: its latest accepted one */
  latest: Map<string, SubmissionRecord>;
  /** receipts appended to the ledger */
  receiptsAdded: Receipt[];
  /** why receipts could not be recorded (then file times were used), or null */
  ledgerWriteError: string | null;
  /** one warning per damaged line of the ledger, with its line number (damaged-lines.ts) */
  ledgerWarnings: LedgerWarning[];
}

interface Pending {
  file: InboxFile;
  sha256: string;
  receipt: Receipt | null;
  /** the ledger line order of the receipt, for ties in receipt time */
  order: number;
  result: ParseResult;
  converted: string | null;
  hint: AgencyHint | null;
  receivedAt: string | null;
  receivedAtSource: ReceivedAtSource;
  /** the damaged ledger line the receipt time was recovered from, or that lost it */
  damagedLine: number | null;
  /** no receipt may be added for it (a damaged line may be its receipt): it takes its file time */
  hold: boolean;
}

/** The submission records of an inbox's judged files, with their receipts and versions. */
export async function recordSubmissions(input: SubmissionsInput): Promise<Submissions> {
  const { dir, ledger, receipts, files, skipped, judged, plan, period } = input;
  const known = knownCodes(plan);
  const damaged = readDamagedLines(
    ledger,
    files.map((f, i) => ({
      name: f.name,
      sha256: (judged[i] as JudgedFile).sha256,
      receiptIndex: (judged[i] as JudgedFile).receiptIndex,
    })),
  );
  const pending: Pending[] = [];
  const unread = new Set<Pending>();
  const seenSha = new Map<string, string>();
  // entries that cannot even be looked at (a link to nothing, a loop): reported and skipped like unreadable files
  const entries = [
    ...files.map((file, i) => ({ file, judged: judged[i] as JudgedFile })),
    ...skipped.map((e) => ({
      file: { name: e.name, path: e.path, size: 0, mtime: new Date(0) },
      judged: skippedJudgement(e.reason, e.code),
    })),
  ].sort((a, b) => (a.file.name < b.file.name ? -1 : a.file.name > b.file.name ? 1 : 0));
  for (const { file, judged: j } of entries) {
    const { sha256, receiptIndex, hint, result, converted } = j;
    if (j.skipped) {
      // no bytes, so no receipt (one is recorded once the file can be read) and no agency
      const p: Pending = {
        file,
        sha256,
        receipt: null,
        order: Number.MAX_SAFE_INTEGER,
        result,
        converted,
        hint: null,
        receivedAt: null,
        receivedAtSource: "file-time",
        damagedLine: null,
        hold: false,
      };
      unread.add(p);
      pending.push(p);
      continue;
    }
    const receipt = receiptIndex >= 0 ? (ledger.receipts[receiptIndex] as Receipt) : null;
    const before = earlierReceiptWithOtherBytes(receipts, file.name, sha256);
    if (!receipt && before)
      result.findings.push(
        makeFinding(
          "intake.changed-after-receipt",
          {},
          { previousReceivedAt: before.receivedAt, previousSha256: before.sha256 },
        ),
      );
    const twin = seenSha.get(sha256);
    if (twin) result.findings.push(makeFinding("intake.duplicate-content", {}, { other: displaySafe(twin) }));
    else seenSha.set(sha256, file.name);
    const lostLine = damaged.fileTime.get(file.name) ?? damaged.held.get(file.name) ?? null;
    pending.push({
      file,
      sha256,
      receipt,
      order: receipt ? receiptIndex : ledger.receipts.length + pending.length,
      result,
      converted,
      hint,
      receivedAt: receipt?.receivedAt ?? null,
      receivedAtSource: receipt ? (receipt.source === "receive" ? "ledger" : "first-seen") : "first-seen",
      damagedLine: damaged.recovered.get(file.name) ?? lostLine,
      hold: !receipt && lostLine !== null,
    });
  }

  // receipts of files seen for the first time: appended now (unless the ledger records their bytes by then: another
  // command got there first, and its receipt counts), or file times when the ledger cannot be written; never for a
  // file that could not be read
  const unseen = pending.filter((p) => !p.receipt && !p.hold && !unread.has(p));
  const fresh: Receipt[] = unseen.map((p) => ({
    originalName: null,
    storedName: p.file.name,
    sha256: p.sha256,
    size: p.file.size,
    receivedAt: input.instant,
    agency: p.result.agency,
    period: p.result.period,
    source: "first-seen",
    declaredAgency: p.hint?.code ?? null,
    declaredFrom: p.hint ? "file-name" : null,
  }));
  let ledgerWriteError: string | null = null;
  let recorded = input.recordReceipts;
  let added: Receipt[] = [];
  if (recorded && fresh.length > 0) {
    try {
      const { appended, counted } = await appendReceipts(dir, fresh);
      added = appended;
      unseen.forEach((p, i) => {
        const r = counted[i] as Receipt;
        p.receivedAt = r.receivedAt;
        p.receivedAtSource = r.source === "receive" ? "ledger" : "first-seen";
      });
    } catch (e) {
      recorded = false;
      ledgerWriteError = e instanceof Error ? e.message : String(e);
    }
  }
  for (const p of pending) {
    if (p.receipt || unread.has(p) || (recorded && !p.hold)) continue;
    p.receivedAt = fileTimeIn(p.file.mtime, plan.settings.timezone);
    p.receivedAtSource = "file-time";
  }
  for (const p of pending) {
    const early = p.result.accepted ? receivedBeforeWindow(period, p.receivedAt) : null;
    if (early) p.result.findings.push(makeFinding("intake.received-before-window", {}, early));
  }

  const order = new Map<SubmissionRecord, number>();
  const records = pending.map((p) => {
    const r: SubmissionRecord = {
      file: p.file.name,
      originalName: p.receipt?.originalName ?? null,
      sha256: p.sha256,
      size: p.file.size,
      agency: p.result.agency ?? knownAgency(known, p.receipt?.agency) ?? knownAgency(known, p.hint?.code) ?? null,
      period: p.result.period ?? p.receipt?.period ?? null,
      accepted: p.result.accepted,
      version: 1,
      latest: false,
      receivedAt: p.receivedAt,
      receivedAtSource: p.receivedAtSource,
      ...(p.damagedLine !== null ? { damagedLedgerLine: p.damagedLine } : {}),
      findings: p.result.findings,
      data: p.result.data,
      rejectReason: p.result.rejectReason,
      converted: p.converted,
    };
    order.set(r, p.order);
    return r;
  });
  const latest = assignVersions(records, order);
  return { records, latest, receiptsAdded: added, ledgerWriteError, ledgerWarnings: damaged.warnings };
}

function knownAgency(known: ReadonlySet<string>, code: string | null | undefined): string | null {
  return code && known.has(code) ? code : null;
}
