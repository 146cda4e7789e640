import type { Period } from "../calendar/period.js";
import { consolidate } from "../consolidate/consolidate.js";
import type { Model } from "../consolidate/model.js";
import { cumulativeFloorsByAgency } from "../consolidate/cumulative.js";
import type { EarlierModel } from "../consolidate/earlier.js";
import { readEarlierCumulative, readEarlierPeriods } from "../workspace/earlier-models.js";
import { judgeAll, workersFromEnv } from "../intake/batch/judge-all.js";
import { readDamagedLines, type LedgerWarning } from "../intake/inbox/damaged-lines.js";
import { fileTimeIn, scanInbox, type InboxFile } from "../intake/inbox/inbox.js";
import { inboxDir } from "../workspace/paths.js";
import { appendReceipts, readLedger, type Receipt } from "../intake/inbox/ledger.js";
import { earlierReceiptWithOtherBytes, indexReceipts } from "../intake/inbox/receipts.js";
import { assignVersions } from "../intake/inbox/versions.js";
import { makeFinding } from "../intake/judge/finding.js";
import { receivedBeforeWindow } from "../intake/judge/identity.js";
import { knownCodes, skippedJudgement, type JudgeContext, type JudgedFile } from "../intake/judge/judge-file.js";
import type { AgencyHint, ParseResult } from "../intake/judge/parse-submission.js";
import type { ReceivedAtSource, SubmissionRecord } from "../intake/judge/submission.js";
import type { WorkbookReader } from "../intake/xlsx/raw-workbook.js";
import { defaultReader, type ReadFileOptions } from "../intake/xlsx/read-file.js";
import { agenciesForPeriod } from "../plan/plan.js";
import { displaySafe } from "../util/display-safe.js";
import { phase } from "../util/phase-timer.js";
import { version } from "../version.js";
import type { CommandContext } from "./context.js";

/**
 * The one read → check → consolidate path of `check`, `build`, `status` and `run`: the earlier periods' figures
 * (output/<earlier>/tong-hop.json), the period's inbox read and judged (checkInbox), and the consolidated model
 * (consolidatePeriod). Each command then does its own part with the result: check and build render feedback
 * workbooks (feedback.ts), build renders and writes the documents, status only shows where the period stands.
 */

export interface CheckInboxOptions {
  reader?: WorkbookReader;
  /** limits and LibreOffice conversion of the file reader */
  readOptions?: ReadFileOptions;
  /** record first-seen receipts of hand-dropped files (default true) */
  recordReceipts?: boolean;
  /**
   * the earlier cumulative reports of the year the cumulative rule compares with (consolidate/cumulative.ts); by
   * default read from output/<earlier>/tong-hop.json
   */
  earlier?: readonly EarlierModel[];
  /** called after each file is judged */
  onProgress?: (done: number, total: number, label: string) => void;
  /**
   * Parse workers (intake/batch/judge-all.ts): 0 reads every file in this thread; a number starts that many worker
   * threads. Default: as the environment variable CCHC_WORKERS says, else as many as pay for themselves.
   */
  workers?: number;
  /**
   * Take the results of files read by an earlier run from the parse cache (output/<P>/.cchc-cache/) and keep this
   * run's there (default true); "read" only takes them (the run writes nothing to output/); false reads every file.
   */
  cache?: boolean | "read";
  /**
   * Keep the values read from each file in the records (default true). `check` without --json says only what is
   * wrong, so it drops them as each file is judged (after they are cached): its memory then stays flat in N.
   */
  keepData?: boolean;
}

export interface CheckedInbox {
  period: Period;
  inbox: string;
  /** one per file, in file-name order */
  records: SubmissionRecord[];
  /** expected agencies with no file at all */
  missing: string[];
  /** expected agencies that sent files, none of them accepted */
  rejectedOnly: string[];
  /** each agency's version that counts: its latest accepted one */
  latest: Map<string, SubmissionRecord>;
  /** receipts appended to the ledger in this run */
  receiptsAdded: Receipt[];
  /** earlier periods whose consolidated figures were used for the cumulative rule */
  earlierUsed: string[];
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

/**
 * Reads and judges every file of a period's inbox (data/<P>/): the ledger and its damaged lines, the files (judged
 * by intake/batch, cached and on workers as it decides), receipts for files seen for the first time, versions. No
 * printing, nothing rendered. Input files are only read; the one write is appending receipts of hand-dropped files
 * to the ledger (append-only), which can be turned off.
 */
export async function checkInbox(
  ctx: CommandContext,
  period: Period,
  opts: CheckInboxOptions = {},
): Promise<CheckedInbox> {
  const { root, plan } = ctx;
  const reader = opts.reader ?? defaultReader;
  const dir = inboxDir(root, period.id);
  const tz = plan.settings.timezone;
  const ledger = await readLedger(dir);
  const { files, skipped } = await scanInbox(dir);
  const earlier = opts.earlier ?? (await readEarlierCumulative(root, plan, period));
  const receipts = indexReceipts(ledger.receipts);
  const known = knownCodes(plan);
  const judging: JudgeContext = {
    plan,
    periodId: period.id,
    // the agency's finding on its cell: the floors of consolidation's cumulative rule, one rule for both
    floors: cumulativeFloorsByAgency(plan, period, earlier),
    reader,
    readOptions: opts.readOptions ?? {},
    receipts,
    known,
  };
  const workers = opts.workers ?? workersFromEnv(process.env["CCHC_WORKERS"]);
  const judged = await judgeAll(files, judging, {
    root,
    ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(opts.keepData !== undefined ? { keepData: opts.keepData } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });

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
    receivedAt: ctx.now.instant,
    agency: p.result.agency,
    period: p.result.period,
    source: "first-seen",
    declaredAgency: p.hint?.code ?? null,
    declaredFrom: p.hint ? "file-name" : null,
  }));
  let ledgerWriteError: string | null = null;
  let recorded = opts.recordReceipts !== false;
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
    p.receivedAt = fileTimeIn(p.file.mtime, tz);
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

  const expected = agenciesForPeriod(plan, period).map((a) => a.code);
  const sent = new Set(records.map((r) => r.agency).filter((a): a is string => a !== null));
  return {
    period,
    inbox: dir,
    records,
    missing: expected.filter((a) => !sent.has(a)),
    rejectedOnly: expected.filter((a) => sent.has(a) && !latest.has(a)),
    latest,
    receiptsAdded: added,
    earlierUsed: earlier.map((e) => e.period.id),
    ledgerWriteError,
    ledgerWarnings: damaged.warnings,
  };
}

function knownAgency(known: ReadonlySet<string>, code: string | null | undefined): string | null {
  return code && known.has(code) ? code : null;
}

/**
 * The period as of the context's moment: the earlier periods read, the inbox checked (checkInbox, with the earlier
 * cumulative figures) and consolidated. Pure past the reading: the model is not validated nor written here.
 */
export async function consolidatePeriod(
  ctx: CommandContext,
  period: Period,
  opts: Omit<CheckInboxOptions, "earlier"> = {},
): Promise<{ checked: CheckedInbox; model: Model }> {
  const earlier = await readEarlierPeriods(ctx.root, ctx.plan, period);
  phase("earlier periods read");
  const checked = await checkInbox(ctx, period, { ...opts, earlier: earlier.cumulative });
  phase("intake");
  const model = consolidate({
    plan: ctx.plan,
    period,
    records: checked.records,
    earlier,
    now: ctx.now,
    generator: `cchc ${version}`,
  });
  phase("consolidate");
  return { checked, model };
}
