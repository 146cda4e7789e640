/**
 * util: small tools with no knowledge of reports. Writing safely: one file completely or not at all (atomic-write.ts),
 * a set of outputs swapped in together (this file), renames retried while Windows holds a file (fs-retry.ts); text
 * helpers (text.ts, text-table.ts, display-safe.ts, json-chunks.ts); and the machinery of a long run (phase-timer.ts,
 * release-memory.ts, read-reused.ts, compile-cache.ts, notices.ts).
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { lstat, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import * as nodePath from "node:path";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { removeRetry, renameRetry, type RetryOptions } from "./fs-retry.js";

/**
 * The outputs of one command, swapped in together: the old whole set or the new whole set, never a mix.
 *
 * 1. stage: every file is written to a temporary file beside its target (".cchc-tmp-<name>-<id>"). Content checks
 *    belong before `stage` (a file that fails one is never staged). Nothing the user sees has changed yet.
 * 2. commit: a target that is a folder stops the commit before anything moved. A journal
 *    (output/.cchc-giao-dich.json) lists every target, its temporary file and the backup name its current file will
 *    take. Then, target by target, the current file is renamed to its backup (".cchc-bak-<name>-<id>") and the
 *    temporary file renamed into place; a file to remove is only renamed to its backup. Removing the journal is the
 *    commit point; the backups are deleted after it.
 * 3. a failure during the swap (a file held open, a full disk) puts every backup back, removes the new files and
 *    the journal, and throws: the old set stays whole.
 * 4. a run killed midway leaves the journal, temporary files or backups behind: `recoverOutputs` (called by the next
 *    command, under the workspace lock) rolls back a journal it finds, then deletes leftover temporary files and
 *    backups.
 *
 * Renames and deletes are retried while Windows holds a file (fs-retry.ts). A single file with nothing to remove
 * needs no journal: one rename replaces it.
 */

export const JOURNAL_FILE = ".cchc-giao-dich.json";
export const TMP_PREFIX = ".cchc-tmp-";
export const BACKUP_PREFIX = ".cchc-bak-";

/** An output could not be replaced: it is open in another program (EPERM/EBUSY/EACCES on rename) or a folder sits in its place. */
export class FileHeldError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    cause?: unknown,
  ) {
    super(`cannot replace ${path} (${code})`, { cause });
    this.name = "FileHeldError";
  }
}

/** Marks an error with the output it was about (a temporary file's error names the target) and whether the old outputs were kept. */
export interface OutputErrorInfo {
  target?: string;
  outputsKept?: boolean;
}

function annotate(e: unknown, info: OutputErrorInfo): unknown {
  if (e && typeof e === "object") Object.assign(e, info);
  return e;
}

const newId = (): string => randomBytes(4).toString("hex");

/** The temporary file of a target: beside it (same folder, so the same drive and a plain rename). */
export function tempPathFor(
  target: string,
  id = newId(),
  p: Pick<typeof nodePath, "join" | "dirname" | "basename"> = nodePath,
): string {
  return p.join(p.dirname(target), `${TMP_PREFIX}${p.basename(target)}-${id}`);
}

function backupPathFor(target: string, id: string): string {
  return join(dirname(target), `${BACKUP_PREFIX}${basename(target)}-${id}`);
}

interface JournalEntry {
  target: string;
  /** the new file's temporary name, or null when the target is only removed */
  staged: string | null;
  backup: string;
  /** whether the target existed when the swap began */
  existed: boolean;
}

interface Journal {
  format: 1;
  entries: JournalEntry[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

export interface OutputTransactionOptions extends RetryOptions {
  /** the folder of the journal (the workspace's output/) */
  journalDir: string;
}

export class OutputTransaction {
  private readonly staged: { target: string; tmp: string }[] = [];
  private readonly removals: string[] = [];

  constructor(private readonly opts: OutputTransactionOptions) {}

  private track(target: string): string {
    if (this.staged.some((s) => s.target === target)) throw new Error(`output staged twice: ${target}`);
    const tmp = tempPathFor(target);
    this.staged.push({ target, tmp });
    return tmp;
  }

  /** Writes a new version of `target` to a temporary file beside it. */
  async stage(target: string, data: string | Uint8Array): Promise<void> {
    await this.stageAll([{ path: target, data }], 1);
  }

  /**
   * Stages many files, up to `concurrency` at a time: each stage waits for its flush to the disk, and a hundred
   * flushes one after the other take several times longer than the same flushes side by side (measured: 100 files of
   * 60 KB, 72–86 ms one by one, 19 ms eight at a time). On a failure the others in flight finish first, then
   * everything staged is dropped and the first error is thrown, as with stage.
   */
  async stageAll(files: readonly { path: string; data: string | Uint8Array }[], concurrency = 8): Promise<void> {
    let next = 0;
    let failure: unknown = null;
    const lane = async (): Promise<void> => {
      while (failure === null && next < files.length) {
        const f = files[next++] as { path: string; data: string | Uint8Array };
        try {
          await mkdir(dirname(f.path), { recursive: true });
          // flushed to the disk before any rename, so a power cut never leaves an empty file where an output was
          await writeFile(this.track(f.path), f.data, { flush: true });
        } catch (e) {
          failure ??= annotate(e, { target: f.path, outputsKept: true });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), files.length) }, lane));
    if (failure !== null) {
      await this.abort();
      throw failure;
    }
  }

  /** Like stage, for a big file made piece by piece: `produce` hands each chunk to `write` (written at once). */
  async stageFrom(target: string, produce: (write: (chunk: Uint8Array) => void) => void): Promise<void> {
    try {
      await mkdir(dirname(target), { recursive: true });
      const fd = openSync(this.track(target), "w");
      try {
        produce((chunk) => {
          for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off);
        });
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      await this.abort();
      throw annotate(e, { target, outputsKept: true });
    }
  }

  /** Removes `target` as part of the swap (absent already: nothing to do). */
  remove(target: string): void {
    if (!this.removals.includes(target)) this.removals.push(target);
  }

  /** Deletes the temporary files: nothing is swapped. */
  async abort(): Promise<void> {
    for (const s of this.staged.splice(0)) await rm(s.tmp, { force: true }).catch(() => undefined);
    this.removals.splice(0);
  }

  /** Swaps every staged file in and every removed file out, all or none; returns the targets written, in staging order. */
  async commit(): Promise<string[]> {
    const staged = this.staged.splice(0);
    const removals = this.removals.splice(0);
    const cleanup = async (): Promise<void> => {
      for (const s of staged) await rm(s.tmp, { force: true }).catch(() => undefined);
    };
    // a folder where a file should go: stop before anything moved
    try {
      for (const target of [...staged.map((s) => s.target), ...removals]) {
        const st = await lstat(target).catch(() => null);
        if (st && st.isDirectory()) throw new FileHeldError(target, "EISDIR");
      }
    } catch (e) {
      await cleanup();
      throw annotate(e, { outputsKept: true });
    }
    const toRemove: string[] = [];
    for (const r of removals) if (await exists(r)) toRemove.push(r);
    if (staged.length === 0 && toRemove.length === 0) return [];
    if (staged.length === 1 && toRemove.length === 0) {
      const [only] = staged as [{ target: string; tmp: string }];
      try {
        await renameRetry(only.tmp, only.target, this.opts);
      } catch (e) {
        await cleanup();
        throw held(e, only.target);
      }
      return [only.target];
    }

    const id = newId();
    const entries: JournalEntry[] = [];
    for (const s of staged)
      entries.push({
        target: s.target,
        staged: s.tmp,
        backup: backupPathFor(s.target, id),
        existed: await exists(s.target),
      });
    for (const r of toRemove) entries.push({ target: r, staged: null, backup: backupPathFor(r, id), existed: true });
    const journal = join(this.opts.journalDir, JOURNAL_FILE);
    try {
      await mkdir(this.opts.journalDir, { recursive: true });
      const tmp = tempPathFor(journal);
      await writeFile(tmp, JSON.stringify({ format: 1, entries } satisfies Journal) + "\n", { flush: true });
      await renameRetry(tmp, journal, this.opts);
    } catch (e) {
      await cleanup();
      await rm(journal, { force: true }).catch(() => undefined);
      throw annotate(e, { target: journal, outputsKept: true });
    }
    for (const entry of entries) {
      try {
        if (entry.existed) await renameRetry(entry.target, entry.backup, this.opts);
        if (entry.staged) await renameRetry(entry.staged, entry.target, this.opts);
      } catch (e) {
        // put the old set back; should that fail too, the journal stays for the next run to finish the rollback
        try {
          await rollBack(entries, this.opts);
          await removeRetry(journal, this.opts);
        } catch {
          /* recoverOutputs does it next time */
        }
        throw held(e, entry.target);
      }
    }
    // the commit point: from here on the new set stands
    try {
      await removeRetry(journal, this.opts);
    } catch (e) {
      await rollBack(entries, this.opts)
        .then(() => removeRetry(journal, this.opts))
        .catch(() => undefined);
      throw annotate(e, { target: journal, outputsKept: true });
    }
    for (const entry of entries) if (entry.existed) await removeRetry(entry.backup, this.opts).catch(() => undefined);
    return staged.map((s) => s.target);
  }
}

/** A failed rename over an output: a file held open (EPERM/EBUSY/EACCES) becomes a FileHeldError; the old set was kept. */
function held(e: unknown, target: string): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code ?? "";
  if (code === "EPERM" || code === "EBUSY" || code === "EACCES" || code === "EISDIR")
    return annotate(new FileHeldError(target, code, e), { outputsKept: true });
  return annotate(e, { target, outputsKept: true });
}

/** Undoes a swap, whatever point it reached: every target as it was before. */
async function rollBack(entries: readonly JournalEntry[], opts: RetryOptions): Promise<void> {
  for (const entry of [...entries].reverse()) {
    const stagedLeft = entry.staged !== null && (await exists(entry.staged));
    if (await exists(entry.backup)) {
      // the old file was moved aside (and maybe replaced): move it back over whatever is there now
      await renameRetry(entry.backup, entry.target, opts);
    } else if (!entry.existed && entry.staged !== null && !stagedLeft) {
      // a new file that had no predecessor went in: take it out
      await removeRetry(entry.target, opts);
    }
    if (stagedLeft && entry.staged) await removeRetry(entry.staged, opts);
  }
}

export interface Recovery {
  /** targets put back as they were by rolling back an interrupted swap */
  restored: string[];
  /** leftover temporary files and backups deleted */
  removed: number;
}

/** Folders swept only at their top: the parse cache keeps its own entries (parse-cache.ts). */
const TOP_ONLY = new Set([".cchc-cache"]);

/**
 * Brings the outputs back to a whole set after a run was killed: rolls back an interrupted swap (its journal in
 * `journalDir`), then deletes leftover temporary files and backups under `sweep` (folders, searched `depth` levels
 * down). Only safe while no other command writes: call it holding the workspace lock.
 */
export async function recoverOutputs(
  journalDir: string,
  sweep: readonly string[],
  opts: RetryOptions & { depth?: number } = {},
): Promise<Recovery> {
  const journal = join(journalDir, JOURNAL_FILE);
  const restored: string[] = [];
  let text: string | null = null;
  try {
    text = await readFile(journal, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (text !== null) {
    let parsed: Journal | null;
    try {
      parsed = JSON.parse(text) as Journal;
    } catch {
      parsed = null;
    }
    if (parsed && Array.isArray(parsed.entries)) {
      await rollBack(parsed.entries, opts);
      restored.push(...parsed.entries.map((e) => e.target));
    }
    await removeRetry(journal, opts);
  }
  let removed = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of entries) {
      if (d.isFile() && (d.name.startsWith(TMP_PREFIX) || d.name.startsWith(BACKUP_PREFIX))) {
        await removeRetry(join(dir, d.name), opts);
        removed++;
      } else if (d.isDirectory() && depth > 0) {
        await walk(join(dir, d.name), TOP_ONLY.has(d.name) ? 0 : depth - 1);
      }
    }
  };
  for (const dir of sweep) await walk(dir, opts.depth ?? 3);
  return { restored, removed };
}
