import { parentPort, workerData } from "node:worker_threads";
import type { Plan } from "../../plan/plan.js";
import { indexReceipts } from "../inbox/receipts.js";
import { judgeFile } from "../judge/judge-file.js";
import { knownCodes, readInboxFile, type JudgeContext, type JudgedFile } from "../judge/judgement.js";
import type { Receipt } from "../inbox/ledger.js";
import type { CumulativeFloors } from "../judge/rule-book.js";
import type { WorkbookReader } from "../xlsx/raw-workbook.js";
import { exceljsReader, leanReader, type ReadFileOptions } from "../xlsx/read-file.js";
import type { PoolReply, PoolRequest } from "./worker-pool.js";
import { releaseYoungMemory } from "../../util/release-memory.js";
import { entryKey, writeCacheEntry } from "./parse-cache.js";

/** Files judged between two young-generation collections (as judge-all.ts YOUNG_GC_EVERY). */
const YOUNG_GC_EVERY = 16;

/**
 * A parse worker of `check`/`build` (see judge-all.ts): reads each file it is given itself, judges it
 * (judge-file.ts) and posts back only the plain result — hash, receipt, findings and the values read — never the
 * file's bytes or raw cells, which are garbage once the file is judged.
 */

/** The readers a worker can use, by name (a reader object cannot cross threads). */
export const workerReaders: Record<string, WorkbookReader> = {
  [leanReader.name]: leanReader,
  [exceljsReader.name]: exceljsReader,
};

export interface ParseWorkerData {
  plan: Plan;
  periodId: string;
  floors: CumulativeFloors;
  reader: string;
  readOptions: ReadFileOptions;
  receipts: Receipt[];
  /** where to keep each result in the parse cache, or null */
  cacheDir: string | null;
  /** false: the values read are only cached, not sent back (judge-all.ts keepData) */
  keepData: boolean;
}

export interface ParseJob {
  path: string;
  name: string;
}

const port = parentPort;
if (port) {
  const d = workerData as ParseWorkerData;
  const reader = workerReaders[d.reader];
  if (!reader) throw new Error(`parse worker: unknown reader ${d.reader}`);
  const ctx: JudgeContext = {
    plan: d.plan,
    periodId: d.periodId,
    floors: d.floors,
    reader,
    readOptions: d.readOptions,
    receipts: indexReceipts(d.receipts),
    known: knownCodes(d.plan),
  };
  let count = 0;
  port.on("message", (msg: PoolRequest<ParseJob>) => {
    void (async () => {
      let reply: PoolReply<JudgedFile>;
      try {
        const bytes = readInboxFile(msg.job.path);
        const judged = Buffer.isBuffer(bytes) ? await judgeFile(bytes, msg.job.name, ctx) : bytes;
        if (d.cacheDir !== null && !judged.skipped)
          writeCacheEntry(d.cacheDir, entryKey(msg.job.name, judged.sha256, judged.hint), {
            result: judged.result,
            converted: judged.converted,
          });
        if (!d.keepData) judged.result.data = null;
        reply = { id: msg.id, ok: true, value: judged };
        if (++count % YOUNG_GC_EVERY === 0) releaseYoungMemory();
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        reply = {
          id: msg.id,
          ok: false,
          error: { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) },
        };
      }
      port.postMessage(reply);
    })();
  });
}
