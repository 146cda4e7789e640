import type { Period } from "../calendar/period.js";
import { consolidate } from "../consolidate/consolidate.js";
import type { Model } from "../consolidate/model.js";
import { cumulativeFloorsByAgency } from "../consolidate/cumulative.js";
import type { EarlierModel } from "../consolidate/earlier.js";
import { readEarlierCumulative, readEarlierPeriods } from "../workspace/earlier-models.js";
import { judgeAll, workersFromEnv } from "../intake/batch/judge-all.js";
import type { LedgerWarning } from "../intake/inbox/damaged-lines.js";
import { scanInbox } from "../intake/inbox/inbox.js";
import { inboxDir } from "../workspace/paths.js";
import { readLedger, type Receipt } from "../intake/inbox/ledger.js";
import { indexReceipts } from "../intake/inbox/receipts.js";
import { recordSubmissions } from "../intake/inbox/submissions.js";
import { knownCodes, type JudgeContext } from "../intake/judge/judgement.js";
import type { SubmissionRecord } from "../intake/judge/submission.js";
import type { WorkbookReader } from "../intake/xlsx/raw-workbook.js";
import { defaultReader, type ReadFileOptions } from "../intake/xlsx/read-file.js";
import { agenciesForPeriod } from "../plan/plan.js";
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
  const ledger = await readLedger(dir);
  const { files, skipped } = await scanInbox(dir);
  const earlier = opts.earlier ?? (await readEarlierCumulative(root, plan, period));
  phase("ledger and inbox read");
  const receipts = indexReceipts(ledger.receipts);
  const judging: JudgeContext = {
    plan,
    periodId: period.id,
    // the agency's finding on its cell: the floors of consolidation's cumulative rule, one rule for both
    floors: cumulativeFloorsByAgency(plan, period, earlier),
    reader,
    readOptions: opts.readOptions ?? {},
    receipts,
    known: knownCodes(plan),
  };
  const workers = opts.workers ?? workersFromEnv(process.env["CCHC_WORKERS"]);
  const judged = await judgeAll(files, judging, {
    root,
    ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(opts.keepData !== undefined ? { keepData: opts.keepData } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });

  const { records, latest, receiptsAdded, ledgerWriteError, ledgerWarnings } = await recordSubmissions({
    dir,
    ledger,
    receipts,
    files,
    skipped,
    judged,
    plan,
    period,
    instant: ctx.now.instant,
    recordReceipts: opts.recordReceipts !== false,
  });
  phase("submissions recorded");

  const expected = agenciesForPeriod(plan, period).map((a) => a.code);
  const sent = new Set(records.map((r) => r.agency).filter((a): a is string => a !== null));
  return {
    period,
    inbox: dir,
    records,
    missing: expected.filter((a) => !sent.has(a)),
    rejectedOnly: expected.filter((a) => sent.has(a) && !latest.has(a)),
    latest,
    receiptsAdded,
    earlierUsed: earlier.map((e) => e.period.id),
    ledgerWriteError,
    ledgerWarnings,
  };
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
