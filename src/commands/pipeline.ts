import { readEarlierModel, toEarlierFigures } from "./earlier-models.js";
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { earlierCumulativePeriods, type Period } from "../calendar/period.js";
import { agenciesForPeriod, findAgency, type Plan } from "../plan/plan.js";
import { leavesOffice } from "../problems/messages.js";
import { makeFinding } from "./judge/finding.js";
import { fileTimeIn, inboxDir, scanInbox, sha256Of, type InboxFile } from "./inbox/inbox.js";
import { appendReceipts, readLedger, type Receipt } from "./inbox/ledger.js";
import { readDamagedLines, type LedgerWarning } from "./inbox/damaged-lines.js";
import { receivedBeforeWindow } from "./judge/identity.js";
import { displaySafe } from "../util/display-safe.js";
import type { AgencyHint, EarlierFigures, ParseResult } from "./judge/parse-submission.js";
import type { WorkbookReader } from "./xlsx/raw-workbook.js";
import { defaultReader, exceljsReader, leanReader, type ReadFileOptions } from "./xlsx/read-file.js";
import type { ReceivedAtSource, SubmissionRecord } from "./judge/submission.js";
import {
  earlierReceiptWithOtherBytes,
  hintFor,
  indexReceipts,
  judgeFile,
  knownCodes,
  readInboxFile,
  receiptIndexOf,
  skippedJudgement,
  type JudgeContext,
  type JudgedFile,
} from "./judge/judge-file.js";
import { ParseCache, cacheFingerprint, cacheRoot, entryKey, writeCacheEntry } from "./batch/parse-cache.js";
import type { ParseJob, ParseWorkerData } from "./batch/parse-worker.js";
import { coreCount, runInWorkers, workerScriptUsable } from "./batch/worker-pool.js";
import type { PendingFile } from "../util/atomic-write.js";
import type { OutputTransaction } from "../util/output-transaction.js";
import { feedbackKey } from "../render/feedback-key.js";
import { phase } from "../util/phase-timer.js";
import { ReusedReader } from "../util/read-reused.js";
import { releaseMemoryWhileReading } from "../util/release-memory.js";

export { readAndParse, rejectionForReadError } from "./judge/read-and-parse.js";

/**
 * Reads and judges every file of a period's inbox (data/<P>/): the stage `cchc check` and `cchc build` share.
 * No printing. Input files are only read; the one write is appending receipts of hand-dropped files to the
 * ledger (append-only), which can be turned off.
 */

export interface CheckPeriodOptions {
  root: string;
  plan: Plan;
  period: Period;
  /**
   * The run's day (--date or today, YYYY-MM-DD: stamps the feedback workbooks) and instant (ISO with offset, e.g.
   * "2025-03-20T00:00:00+07:00": the receipt time of files seen for the first time; see inbox.ts receiptInstant).
   */
  now: { date: string; instant: string };
  reader?: WorkbookReader;
  /** limits and LibreOffice conversion of the file reader */
  readOptions?: ReadFileOptions;
  /** record first-seen receipts of hand-dropped files (default true) */
  recordReceipts?: boolean;
  /** earlier cumulative figures; by default read from output/<earlier>/tong-hop.json */
  earlier?: EarlierFigures[];
  /** called after each file is judged */
  onProgress?: (done: number, total: number, label: string) => void;
  /**
   * Parse workers: 0 reads every file in this thread; a number starts that many worker threads (at most one per
   * file) that do all the parsing. Default: with enough files to pay for them, one worker per core but one (at
   * most 3), this thread parsing too; else none. The environment variable CCHC_WORKERS sets the number like
   * this option. Results are the same either way.
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

export interface CheckPeriodResult {
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
  /** the feedback workbooks output/<P>/phan-hoi/<agency>.xlsx, rendered, to be written by the caller */
  extraFiles: PendingFile[];
  /** feedback workbooks already in phan-hoi/ made from the same inputs: kept as they are, not in extraFiles */
  feedbackKept: string[];
  /** the digest of every current feedback workbook: stage with stageFeedbackKeys in the same swap as extraFiles */
  feedbackKeys: Record<string, string>;
  /** feedback workbooks of agencies whose latest file is now clean: stale, the caller may remove them */
  staleFeedback: string[];
}

/** The same agency's figures in the earlier cumulative reports of the year (output/<earlier>/tong-hop.json). */
export async function readEarlierFigures(root: string, plan: Plan, period: Period): Promise<EarlierFigures[]> {
  const models = await Promise.all(
    earlierCumulativePeriods(period, plan.settings.due).map((p) => readEarlierModel(root, plan, period, p.id)),
  );
  return toEarlierFigures(models.filter((m): m is NonNullable<typeof m> => m !== null));
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

const instant = (iso: string | null): number => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/** Versions per agency by receipt time (then ledger order, then name); the latest accepted version counts. */
export function assignVersions(
  records: SubmissionRecord[],
  order: ReadonlyMap<SubmissionRecord, number>,
): Map<string, SubmissionRecord> {
  const byAgency = new Map<string, SubmissionRecord[]>();
  for (const r of records) {
    r.latest = false;
    if (!r.agency) {
      r.version = 1;
      continue;
    }
    const list = byAgency.get(r.agency) ?? [];
    list.push(r);
    byAgency.set(r.agency, list);
  }
  const latest = new Map<string, SubmissionRecord>();
  for (const [agency, list] of byAgency) {
    list.sort(
      (a, b) =>
        instant(a.receivedAt) - instant(b.receivedAt) ||
        (order.get(a) ?? 0) - (order.get(b) ?? 0) ||
        a.file.localeCompare(b.file),
    );
    list.forEach((r, i) => {
      r.version = i + 1;
    });
    const last = list.filter((r) => r.accepted).at(-1);
    if (last) {
      last.latest = true;
      latest.set(agency, last);
    }
  }
  return latest;
}

/**
 * Below this many files, parse workers cost more than they save. A worker spends ~0.3 s of CPU loading its modules
 * (exceljs among them) before it parses anything, and on a 2-core VM two parsing threads give only ~1.3×: measured
 * with scripts/bench.mjs, one worker beside this thread breaks even near 500 files and saves ~15% at 1,000.
 */
export const MIN_FILES_FOR_WORKERS = 512;

/** At most this many parse workers (besides this thread). */
export const MAX_PARSE_WORKERS = 3;

const parseWorkerScript = new URL("./batch/parse-worker.js", import.meta.url);

/** The readers a worker can run, by identity (any other reader object runs in this thread). */
function workerReaderName(reader: WorkbookReader): string | null {
  return reader === leanReader || reader === exceljsReader ? reader.name : null;
}

/**
 * How files are judged: `workers` worker threads (0: all in this thread), and whether this thread takes its share.
 * By default, with enough files and cores, one worker per core but one, this thread the last one. A number of
 * workers asked for (option or CCHC_WORKERS) is taken as it is, and then only the workers parse (this is how the
 * tests compare the two paths).
 */
export function chooseParseThreads(
  files: number,
  reader: WorkbookReader,
  requested?: number,
  env = process.env["CCHC_WORKERS"],
  cores = coreCount(),
): { workers: number; shareThisThread: boolean } {
  const none = { workers: 0, shareThisThread: true };
  if (files === 0 || workerReaderName(reader) === null || !workerScriptUsable(parseWorkerScript)) return none;
  const fromEnv = env !== undefined && /^\s*\d+\s*$/.test(env) ? Number(env) : undefined;
  const explicit = requested ?? fromEnv;
  if (explicit !== undefined) {
    const workers = Math.min(Math.max(0, Math.floor(explicit)), files);
    return { workers, shareThisThread: workers === 0 };
  }
  if (files < MIN_FILES_FOR_WORKERS || cores < 2) return none;
  return { workers: Math.min(cores - 1, MAX_PARSE_WORKERS), shareThisThread: true };
}

/** Files judged between two young-generation collections (release-memory.ts). */
export const YOUNG_GC_EVERY = 16;

/**
 * Judges every file, in this thread and/or on parse workers; the results in file order either way. With `cacheDir`,
 * each result is also kept in the parse cache, by the thread that made it, as it is made.
 */
async function judgeFiles(
  files: readonly InboxFile[],
  ctx: JudgeContext,
  opts: CheckPeriodOptions,
  receipts: Receipt[],
  cacheDir: string | null = null,
): Promise<JudgedFile[]> {
  let done = 0;
  const progress = (name: string): void => opts.onProgress?.(++done, files.length, name);
  let judgedHere = 0;
  const here = async (file: InboxFile): Promise<JudgedFile> => {
    // a synchronous read: one call instead of four round trips through the thread pool (open, stat, read, close);
    // a file that cannot be read is reported and skipped (readInboxFile), never cached
    const bytes = readInboxFile(file.path);
    const j = Buffer.isBuffer(bytes) ? await judgeFile(bytes, file.name, ctx) : bytes;
    if (cacheDir !== null && !j.skipped)
      writeCacheEntry(cacheDir, entryKey(file.name, j.sha256, j.hint), { result: j.result, converted: j.converted });
    if (opts.keepData === false) j.result.data = null;
    if (++judgedHere % YOUNG_GC_EVERY === 0) releaseMemoryWhileReading();
    return j;
  };
  const threads = chooseParseThreads(files.length, ctx.reader, opts.workers);
  if (threads.workers === 0) {
    const out: JudgedFile[] = [];
    for (const file of files) {
      out.push(await here(file));
      progress(file.name);
    }
    return out;
  }
  const workerData: ParseWorkerData = {
    plan: ctx.plan,
    periodId: ctx.periodId,
    earlier: [...ctx.earlier],
    reader: workerReaderName(ctx.reader) as string,
    readOptions: ctx.readOptions,
    receipts,
    cacheDir,
    keepData: opts.keepData !== false,
  };
  const byPath = new Map(files.map((f) => [f.path, f]));
  return runInWorkers<ParseJob, JudgedFile>(
    files.map((f) => ({ path: f.path, name: f.name })),
    {
      script: parseWorkerScript,
      size: threads.workers,
      workerData,
      shareThisThread: threads.shareThisThread,
      depth: 4,
      fallback: (job) => here(byPath.get(job.path) as InboxFile),
      onResult: (i) => progress((files[i] as InboxFile).name),
    },
  );
}

/**
 * Judges every file, taking what an earlier run read from the same bytes out of the parse cache (parse-cache.ts)
 * and reading only the others, which are kept there in turn; then drops the entries of files no longer there.
 */
async function judgeFilesCached(
  files: readonly InboxFile[],
  ctx: JudgeContext,
  opts: CheckPeriodOptions,
  receipts: Receipt[],
): Promise<JudgedFile[]> {
  if (opts.cache === false || files.length === 0) return judgeFiles(files, ctx, opts, receipts);
  const fingerprint = cacheFingerprint({
    plan: ctx.plan,
    periodId: ctx.periodId,
    earlier: ctx.earlier,
    reader: ctx.reader.name,
    readOptions: ctx.readOptions,
  });
  const cache = new ParseCache(cacheRoot(opts.root, ctx.periodId), fingerprint);
  const writeDir = opts.cache === "read" ? null : cache.dir;
  const finish = async (out: JudgedFile[]): Promise<JudgedFile[]> => {
    if (writeDir === null) return out;
    out.forEach((j, i) => cache.markUsed(entryKey((files[i] as InboxFile).name, j.sha256, j.hint)));
    await cache.prune();
    phase("parse cache pruned");
    return out;
  };
  if (cache.isEmpty()) {
    // nothing to look up (the first run, or a new fingerprint): no hashing pass before the reading starts
    const judged = await judgeFiles(files, ctx, opts, receipts, writeDir);
    phase(`files judged: ${files.length}, none cached`);
    return finish(judged);
  }
  const out = new Array<JudgedFile>(files.length);
  const misses: number[] = [];
  const reader = new ReusedReader();
  files.forEach((file, i) => {
    let bytes: Buffer;
    try {
      bytes = reader.read(file.path);
    } catch {
      // cannot be read: judged (and reported) with the misses
      misses.push(i);
      return;
    }
    const sha256 = sha256Of(bytes);
    const receiptIndex = receiptIndexOf(ctx.receipts, file.name, sha256);
    const receipt = receiptIndex >= 0 ? (receipts[receiptIndex] as Receipt) : null;
    const hint = hintFor(receipt, file.name, ctx.plan, ctx.known);
    const hit = cache.get(entryKey(file.name, sha256, hint));
    if (hit) {
      if (opts.keepData === false) hit.result.data = null;
      out[i] = { sha256, receiptIndex, hint, result: hit.result, converted: hit.converted };
      opts.onProgress?.(i + 1 - misses.length, files.length, file.name);
    } else {
      misses.push(i);
    }
  });
  phase(`parse cache: ${files.length - misses.length} of ${files.length} files`);
  if (misses.length > 0) {
    const hits = files.length - misses.length;
    const onProgress = opts.onProgress;
    const judged = await judgeFiles(
      misses.map((i) => files[i] as InboxFile),
      ctx,
      {
        ...opts,
        ...(onProgress
          ? { onProgress: (d: number, _t: number, label: string) => onProgress(hits + d, files.length, label) }
          : {}),
      },
      receipts,
      writeDir,
    );
    misses.forEach((i, k) => {
      out[i] = judged[k] as JudgedFile;
    });
    phase(`files judged: ${misses.length}`);
  }
  return finish(out);
}

export async function checkPeriod(opts: CheckPeriodOptions): Promise<CheckPeriodResult> {
  const { root, plan, period } = opts;
  const reader = opts.reader ?? defaultReader;
  const dir = inboxDir(root, period.id);
  const tz = plan.settings.timezone;
  const ledger = await readLedger(dir);
  const { files, skipped } = await scanInbox(dir);
  const earlier = opts.earlier ?? (await readEarlierFigures(root, plan, period));
  const receipts = indexReceipts(ledger.receipts);
  const known = knownCodes(plan);
  const ctx: JudgeContext = {
    plan,
    periodId: period.id,
    earlier,
    reader,
    readOptions: opts.readOptions ?? {},
    receipts,
    known,
  };
  const judged = await judgeFilesCached(files, ctx, opts, ledger.receipts);

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
    receivedAt: opts.now.instant,
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

  const feedback = await renderFeedback(plan, period, records, root, opts.now.date);
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
    earlierUsed: earlier.map((e) => e.period),
    ledgerWriteError,
    ledgerWarnings: damaged.warnings,
    extraFiles: feedback.files,
    feedbackKept: feedback.kept,
    feedbackKeys: feedback.keys,
    staleFeedback: feedback.stale,
  };
}

export function feedbackDir(root: string, periodId: string): string {
  return join(root, "output", periodId, "phan-hoi");
}

/** Per agency, the file feedback is about: its latest version, accepted or not. */
function feedbackRecords(records: readonly SubmissionRecord[]): Map<string, SubmissionRecord> {
  const last = new Map<string, SubmissionRecord>();
  for (const r of records) {
    if (!r.agency) continue;
    const cur = last.get(r.agency);
    if (!cur || r.version > cur.version) last.set(r.agency, r);
  }
  return last;
}

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

/**
 * Renders (in memory) a feedback workbook per agency whose latest file has findings, except those already in
 * phan-hoi/ made from the same inputs (kept as they are); lists stale ones of clean agencies.
 */
async function renderFeedback(
  plan: Plan,
  period: Period,
  records: readonly SubmissionRecord[],
  root: string,
  date: string,
): Promise<{ files: PendingFile[]; kept: string[]; stale: string[]; keys: Record<string, string> }> {
  const files: PendingFile[] = [];
  const kept: string[] = [];
  const stale: string[] = [];
  const keys: Record<string, string> = {};
  const dir = feedbackDir(root, period.id);
  const existing = new Set(await readdir(dir).catch(() => [] as string[]));
  const before = readFeedbackKeys(root, period.id);
  for (const [code, whole] of feedbackRecords(records)) {
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
    // exceljs (~0.2 s to load) only when there is feedback to write
    const { renderFeedbackWorkbook } = await import("../render/feedback-xlsx.js");
    files.push({ path, data: await renderFeedbackWorkbook(input) });
  }
  return { files, kept, stale, keys };
}

function knownAgency(known: ReadonlySet<string>, code: string | null | undefined): string | null {
  return code && known.has(code) ? code : null;
}
