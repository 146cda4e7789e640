import { rename, rm } from "node:fs/promises";

/**
 * Renames and deletes that ride out the moments Windows holds a file: Excel or Word keeping it open, antivirus or
 * the search indexer scanning it. Those fail with EPERM, EBUSY or EACCES for a while; each is retried with a growing
 * pause (50 ms doubling up to 1 s) until `retryMs` has gone by, then the last error is thrown. Other errors are
 * thrown at once.
 */

/** The file operations used, replaceable so that tests can raise the errors Windows raises. */
export interface FsOps {
  rename(from: string, to: string): Promise<void>;
  /** removes a file; an absent one is no error */
  remove(path: string): Promise<void>;
}

export const realFsOps: FsOps = {
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { force: true }),
};

export interface RetryOptions {
  /** how long to keep trying, in ms (default 3000) */
  retryMs?: number;
  ops?: FsOps;
  /** how to wait (tests pass a fake) */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_MS = 3000;

/** The error codes Windows gives while another program holds a file for a moment (or for as long as it is open). */
const HELD_CODES = new Set(["EPERM", "EBUSY", "EACCES"]);

export function isHeldError(e: unknown): boolean {
  return HELD_CODES.has((e as NodeJS.ErrnoException | null)?.code ?? "");
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `op`, retrying it with backoff while it fails with EPERM/EBUSY/EACCES and time is left. */
export async function withRetry<T>(op: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const budget = opts.retryMs ?? DEFAULT_RETRY_MS;
  const sleep = opts.sleep ?? realSleep;
  let waited = 0;
  let pause = 50;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if (!isHeldError(e) || waited >= budget) throw e;
      const ms = Math.min(pause, budget - waited);
      await sleep(ms);
      waited += ms;
      pause = Math.min(pause * 2, 1000);
    }
  }
}

export function renameRetry(from: string, to: string, opts: RetryOptions = {}): Promise<void> {
  const ops = opts.ops ?? realFsOps;
  return withRetry(() => ops.rename(from, to), opts);
}

export function removeRetry(path: string, opts: RetryOptions = {}): Promise<void> {
  const ops = opts.ops ?? realFsOps;
  return withRetry(() => ops.remove(path), opts);
}
