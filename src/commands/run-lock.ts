import { open, readFile, rename, rm, stat } from "node:fs/promises";
import { hostname as osHostname } from "node:os";
import { removeRetry, type RetryOptions } from "../util/fs-retry.js";

/**
 * The workspace lock, output/.cchc-run.lock (see workspace-lock.ts: every command that writes takes it): created
 * with O_EXCL ("wx"), so two commands never overlap. It holds the
 * owner's pid, host and start time. A lock whose owner is gone (same host, pid not alive) or that is older
 * than `staleMs` is stale: it is moved aside and taken over, with a warning.
 */

export const LOCK_FILE = ".cchc-run.lock";
export const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

export type LockOutcome =
  | { acquired: true; recovered: LockInfo | null; recoveredReason: string | null }
  | { acquired: false; holder: LockInfo | null };

export interface LockOptions {
  now?: Date;
  staleMs?: number;
  hostname?: string;
  pid?: number;
  /** whether a pid runs on this host */
  isAlive?: (pid: number) => boolean;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseLock(text: string): LockInfo | null {
  try {
    const o = JSON.parse(text) as Partial<LockInfo>;
    if (typeof o.pid === "number" && typeof o.hostname === "string" && typeof o.startedAt === "string")
      return { pid: o.pid, hostname: o.hostname, startedAt: o.startedAt };
  } catch {
    /* unreadable */
  }
  return null;
}

/** Why a lock is stale, or null when its owner may still be running. */
export function staleReason(
  info: LockInfo | null,
  fileAgeMs: number,
  opts: Required<Pick<LockOptions, "staleMs" | "hostname" | "isAlive">> & { now: Date },
): string | null {
  if (!info) return fileAgeMs > 60_000 ? "tệp khóa hỏng" : null;
  const age = opts.now.getTime() - Date.parse(info.startedAt);
  if (info.hostname === opts.hostname && !opts.isAlive(info.pid)) return `tiến trình ${info.pid} không còn chạy`;
  if (Number.isFinite(age) && age > opts.staleMs) return `khóa đã giữ quá ${Math.round(opts.staleMs / 60000)} phút`;
  if (!Number.isFinite(age) && fileAgeMs > opts.staleMs)
    return `khóa đã giữ quá ${Math.round(opts.staleMs / 60000)} phút`;
  return null;
}

async function tryCreate(path: string, info: LockInfo): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(info) + "\n");
  } catch (e) {
    // a full disk: no empty lock left behind to block the next command
    await fh.close().catch(() => undefined);
    await rm(path, { force: true }).catch(() => undefined);
    throw e;
  }
  await fh.close();
  return true;
}

export async function acquireLock(path: string, opts: LockOptions = {}): Promise<LockOutcome & { info: LockInfo }> {
  const now = opts.now ?? new Date();
  const info: LockInfo = {
    pid: opts.pid ?? process.pid,
    hostname: opts.hostname ?? osHostname(),
    startedAt: now.toISOString(),
  };
  if (await tryCreate(path, info)) return { acquired: true, recovered: null, recoveredReason: null, info };

  let text: string;
  let mtime: number;
  try {
    text = await readFile(path, "utf8");
    mtime = (await stat(path)).mtimeMs;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    // released between our attempts: one more try
    return (await tryCreate(path, info))
      ? { acquired: true, recovered: null, recoveredReason: null, info }
      : { acquired: false, holder: null, info };
  }
  const holder = parseLock(text);
  const reason = staleReason(holder, now.getTime() - mtime, {
    now,
    staleMs: opts.staleMs ?? STALE_AFTER_MS,
    hostname: info.hostname,
    isAlive: opts.isAlive ?? pidAlive,
  });
  if (!reason) return { acquired: false, holder, info };

  // take the stale lock over: move it aside (atomic), check we moved the one we judged, then create ours
  const aside = `${path}.stale-${info.pid}-${now.getTime()}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const moved = await readFile(aside, "utf8").catch(() => null);
  if (moved !== null && moved !== text) {
    // another run replaced the stale lock meanwhile: put its lock back and step aside
    await rename(aside, path).catch(() => undefined);
    return { acquired: false, holder: parseLock(moved), info };
  }
  await rm(aside, { force: true });
  if (!(await tryCreate(path, info))) return { acquired: false, holder: null, info };
  return { acquired: true, recovered: holder, recoveredReason: reason, info };
}

/** Removes the lock if it is still ours (retried while Windows holds the file, fs-retry.ts). */
export async function releaseLock(path: string, info: LockInfo, retry: RetryOptions = {}): Promise<void> {
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null) return;
  const cur = parseLock(text);
  if (cur && cur.pid === info.pid && cur.hostname === info.hostname && cur.startedAt === info.startedAt)
    await removeRetry(path, retry);
}
