/**
 * intake: what agencies send, from the inbox to judged submissions, in four rooms by trade. xlsx/ reads a file safely,
 * bytes in and plain cells out; inbox/ lists data/<P>/, keeps the ledger of receipts and picks the version of an
 * agency's files that counts; judge/ normalises cells, finds values by the template's keys and applies the rule book,
 * saying everything it finds as coded findings; batch/ judges a whole inbox behind one call, judgeAll() (this file).
 * The template's key scheme, which forms/ writes by and judge/ reads by, is template-layout.ts. Intake writes no
 * document: the commands render feedback from what it returns.
 */
import type { InboxFile } from "../inbox/inbox.js";
import { sha256Of } from "../inbox/inbox.js";
import type { Receipt } from "../inbox/ledger.js";
import { hintFor, readInboxFile, type JudgeContext, type JudgedFile } from "../judge/judgement.js";
import type { WorkbookReader } from "../xlsx/raw-workbook.js";
import { exceljsReader, leanReader } from "../xlsx/read-file.js";
import { receiptIndexOf } from "../inbox/receipts.js";
import { ParseCache, cacheFingerprint, cacheRoot, entryKey, writeCacheEntry } from "./parse-cache.js";
import type { ParseJob, ParseWorkerData } from "./parse-worker.js";
import { coreCount, runInWorkers, workerScriptUsable } from "./worker-pool.js";
import { phase } from "../../util/phase-timer.js";
import { ReusedReader } from "../../util/read-reused.js";
import { releaseYoungMemory } from "../../util/release-memory.js";

/**
 * intake/batch: judging a whole inbox at once, behind one interface, judgeAll(). What it hides: the parse cache
 * (output/<P>/.cchc-cache/: a file whose bytes, agency hint, plan, cumulative floors and reader have not changed is not
 * read again), the parse workers (worker threads that read and judge files beside this thread when there are enough
 * files to pay for them), and the memory habits of a long run (a young-generation collection every few files). The
 * caller gets one judgement per file, in file order, the same whichever way each was made.
 */

export interface JudgeAllOptions {
  /** the workspace: the parse cache is output/<P>/.cchc-cache/ under it */
  root: string;
  /**
   * Take the results of files read by an earlier run from the parse cache and keep this run's there (default true);
   * "read" only takes them (nothing is written to output/); false reads every file.
   */
  cache?: boolean | "read";
  /**
   * Parse workers: 0 reads every file in this thread; a number starts that many worker threads (at most one per
   * file) that do all the parsing. Default: with enough files to pay for them, one worker per core but one (at
   * most 3), this thread parsing too; else none.
   */
  workers?: number;
  /** false: drop the values read from each judgement once it is cached (default true: keep them) */
  keepData?: boolean;
  /** called after each file is judged */
  onProgress?: (done: number, total: number, label: string) => void;
}

/** The number of parse workers the environment variable CCHC_WORKERS asks for ("0", "2" …), or undefined. */
export function workersFromEnv(env: string | undefined): number | undefined {
  return env !== undefined && /^\s*\d+\s*$/.test(env) ? Number(env) : undefined;
}

/**
 * Below this many files, parse workers cost more than they save. A worker loads its modules (~90 ms) and warms its own
 * JIT before it parses at full speed, and on a 2-core VM the garbage collector's helper threads already use the
 * second core while one thread parses: measured on a quiet machine, one worker beside this thread was slower at 200
 * files (check 1.70–1.78 s against 1.54–1.66 s, for ~1 s more CPU); at 1,000 it saves about a quarter (5.6–5.7 s →
 * 4.2–4.4 s).
 */
export const MIN_FILES_FOR_WORKERS = 512;

/** At most this many parse workers (besides this thread). */
export const MAX_PARSE_WORKERS = 3;

const parseWorkerScript = new URL("./parse-worker.js", import.meta.url);

/** The readers a worker can run, by identity (any other reader object runs in this thread). */
function workerReaderName(reader: WorkbookReader): string | null {
  return reader === leanReader || reader === exceljsReader ? reader.name : null;
}

/**
 * How files are judged: `workers` worker threads (0: all in this thread), and whether this thread takes its share.
 * By default, with enough files and cores, one worker per core but one, this thread the last one. A number of
 * workers asked for (`requested`, or `env` as the environment variable CCHC_WORKERS gives it) is taken as it is, and then only the workers parse (this is how the
 * tests compare the two paths).
 */
export function chooseParseThreads(
  files: number,
  reader: WorkbookReader,
  requested?: number,
  env?: string,
  cores = coreCount(),
): { workers: number; shareThisThread: boolean } {
  const none = { workers: 0, shareThisThread: true };
  if (files === 0 || workerReaderName(reader) === null || !workerScriptUsable(parseWorkerScript)) return none;
  const explicit = requested ?? workersFromEnv(env);
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
 * A parse worker's old generation, in MB. A worker holds the plan and the file it is on (~20–30 MB live); left
 * uncapped, V8 lets its old generation fill with what the files' reading promoted long before collecting it.
 * Measured on `check` at 1,000 files (a worker beside this thread; peak RSS / CPU): uncapped 298–308 MB / 8.9–9.4 s,
 * 128 MB 268–276 MB / 9.3 s, 96 MB 265–277 MB / 8.9 s, 64 MB 235–268 MB / 8.8–9.2 s. A file too big for the cap ends
 * its worker, and the pool judges it in this thread (worker-pool.ts).
 */
export const PARSE_WORKER_OLD_MB = 128;

/**
 * Judges every file, in this thread and/or on parse workers; the results in file order either way. With `cacheDir`,
 * each result is also kept in the parse cache, by the thread that made it, as it is made.
 */
async function judgeFiles(
  files: readonly InboxFile[],
  ctx: JudgeContext,
  opts: JudgeAllOptions,
  cacheDir: string | null = null,
): Promise<JudgedFile[]> {
  // the readers and the rule book load only when there are files to read (none when all are in the parse cache)
  const { judgeFile } = await import("../judge/judge-file.js");
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
    if (++judgedHere % YOUNG_GC_EVERY === 0) releaseYoungMemory();
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
    floors: ctx.floors,
    reader: workerReaderName(ctx.reader) as string,
    readOptions: ctx.readOptions,
    receipts: ctx.receipts.receipts as Receipt[],
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
      resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_OLD_MB },
      fallback: (job) => here(byPath.get(job.path) as InboxFile),
      onResult: (i) => progress((files[i] as InboxFile).name),
    },
  );
}

/**
 * Judges every file of an inbox, in file order: what an earlier run read from the same bytes is taken out of the
 * parse cache (parse-cache.ts) and only the others are read, on parse workers when there are enough of them, and
 * kept in the cache in turn; then the entries of files no longer there are dropped. The results are the same
 * whichever way a file was judged. Never throws for bad bytes: they end in a rejection.
 */
export async function judgeAll(
  files: readonly InboxFile[],
  ctx: JudgeContext,
  opts: JudgeAllOptions,
): Promise<JudgedFile[]> {
  const receipts = ctx.receipts.receipts;
  if (opts.cache === false || files.length === 0) return judgeFiles(files, ctx, opts);
  const fingerprint = cacheFingerprint({
    plan: ctx.plan,
    periodId: ctx.periodId,
    floors: ctx.floors,
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
    const judged = await judgeFiles(files, ctx, opts, writeDir);
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
      writeDir,
    );
    misses.forEach((i, k) => {
      out[i] = judged[k] as JudgedFile;
    });
    phase(`files judged: ${misses.length}`);
  }
  return finish(out);
}
