import { AsyncLocalStorage } from "node:async_hooks";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { CchcError } from "../problems/problem.js";
import { notify } from "../util/notices.js";
import { recoverOutputs, type Recovery } from "../util/output-transaction.js";
import { acquireLock, LOCK_FILE, releaseLock, type LockInfo, type LockOptions } from "./run-lock.js";
import { dataDir, outputDir } from "../workspace/paths.js";

/**
 * The workspace lock: every command that writes the ledger or output/ (receive, check, build, issue, agency-report,
 * run; status when it can) holds output/.cchc-run.lock while it works, so two commands started together take turns.
 * A command that finds the lock taken waits (CCHC_LOCK_WAIT seconds, default 30), then stops with exit 2 and says who
 * holds it. A lock left by a killed command (its process gone) is taken over.
 *
 * Once the lock is held, outputs left half swapped or temporary files left by a killed command are put right
 * (output-transaction.ts recoverOutputs), before anything reads them.
 *
 * Re-entrant: `run` holds the lock and calls `issue` and `build`, which take it again within the same call chain
 * (AsyncLocalStorage) without waiting for themselves. Another call in the same process waits like another process.
 */

export interface WorkspaceLockOptions extends LockOptions {
  /** how long to wait for a lock held by another command, in ms (default: CCHC_LOCK_WAIT seconds, else 30 s) */
  waitMs?: number;
  /** pause between attempts, in ms (default 200) */
  pollMs?: number;
  /** "caller": `work` reports the notes itself (run keeps them in its log); default: they go to the notice sink */
  notes?: "caller" | "notify";
}

/** What taking the lock found: a stale lock taken over, outputs of a killed run put right. */
export interface LockTaken {
  /** the owner of a stale lock taken over, and why it was judged stale */
  recovered: LockInfo | null;
  recoveredReason: string | null;
  recovery: Recovery;
  /** operator notes in Vietnamese about the above (empty when nothing happened) */
  notes: string[];
}

export class LockBusyError extends CchcError {
  constructor(
    readonly holder: LockInfo | null,
    waitedMs: number,
  ) {
    const who = holder
      ? ` (tiến trình ${holder.pid} trên máy ${holder.hostname}, bắt đầu lúc ${holder.startedAt})`
      : "";
    super(
      `Một lệnh cchc khác đang làm việc trong thư mục này${who}; đã chờ ${Math.round(waitedMs / 1000)} giây. Hãy chạy lại khi lệnh kia xong.`,
      2,
      [`Nếu chắc chắn không còn lệnh nào đang chạy, xóa tệp output/${LOCK_FILE}.`],
    );
  }
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();

export const DEFAULT_LOCK_WAIT_MS = 30_000;

export function lockWaitMs(env = process.env["CCHC_LOCK_WAIT"]): number {
  if (env !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(env)) return Math.round(Number(env) * 1000);
  return DEFAULT_LOCK_WAIT_MS;
}

export function workspaceLockPath(root: string): string {
  return resolve(outputDir(root), LOCK_FILE);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Notes for the operator when taking the lock put something right. */
function notesOf(recovered: LockInfo | null, reason: string | null, recovery: Recovery): string[] {
  const notes: string[] = [];
  if (reason) {
    const who = recovered
      ? ` (tiến trình ${recovered.pid} trên máy ${recovered.hostname}, bắt đầu lúc ${recovered.startedAt})`
      : "";
    notes.push(`Đã gỡ khóa cũ của một lệnh bị dừng giữa chừng${who}: ${reason}.`);
  }
  if (recovery.restored.length > 0) {
    notes.push(
      `Một lệnh trước bị dừng giữa lúc thay các tệp kết quả: đã đưa ${recovery.restored.length} tệp về bộ kết quả cũ, đầy đủ.`,
    );
  }
  return notes;
}

/**
 * Runs `work` holding the workspace lock of `root`; waits for it, then throws LockBusyError. `work` receives what
 * taking the lock found (nothing when the lock was already held by this call chain).
 */
export async function withWorkspaceLock<T>(
  root: string,
  work: (taken: LockTaken) => Promise<T>,
  opts: WorkspaceLockOptions = {},
): Promise<T> {
  const path = workspaceLockPath(root);
  const mine = held.getStore() ?? new Set<string>();
  if (mine.has(path))
    return work({ recovered: null, recoveredReason: null, recovery: { restored: [], removed: 0 }, notes: [] });

  const output = outputDir(resolve(root));
  await mkdir(output, { recursive: true });
  const waitMs = opts.waitMs ?? lockWaitMs();
  const started = Date.now();
  let outcome = await acquireLock(path, opts);
  while (!outcome.acquired && Date.now() - started < waitMs) {
    await sleep(Math.min(opts.pollMs ?? 200, Math.max(1, waitMs - (Date.now() - started))));
    outcome = await acquireLock(path, {
      ...opts,
      now: opts.now ? new Date(opts.now.getTime() + Date.now() - started) : new Date(),
    });
  }
  if (!outcome.acquired) throw new LockBusyError(outcome.holder, Date.now() - started);
  const info = outcome.info;
  try {
    const recovery = await recoverOutputs(output, [output, dataDir(resolve(root))]);
    const taken: LockTaken = {
      recovered: outcome.recovered,
      recoveredReason: outcome.recoveredReason,
      recovery,
      notes: notesOf(outcome.recovered, outcome.recoveredReason, recovery),
    };
    if (opts.notes !== "caller") notify(taken.notes.map((n) => `Lưu ý: ${n}`));
    return await held.run(new Set([...mine, path]), () => work(taken));
  } finally {
    await releaseLock(path, info);
  }
}
