import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { threadId } from "node:worker_threads";
import { renameRetry } from "./fs-retry.js";
import { OutputTransaction, tempPathFor } from "./output-transaction.js";

/**
 * Writes a file completely or not at all: a temp file beside it, then a rename (retried while Windows holds the
 * target, fs-retry.ts). For a set of files that belong together, see output-transaction.ts.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data, { flush: true }); // on the disk before the rename: never an empty file after a power cut
    await renameRetry(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Folders writeFileAtomicSync has made or found in this thread (a thousand entries: one mkdir, not a thousand). */
const madeDirs = new Set<string>();

/**
 * writeFileAtomic without the thread pool: for many small files written one after the other (a cache). The temporary
 * name is made of the process and thread ids, not random bytes: this thread writes one file at a time, and no other
 * writer has the same ids.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const tmp = tempPathFor(path, `${process.pid}-${threadId}`);
  try {
    try {
      writeFileSync(tmp, data);
    } catch (e) {
      // the folder was removed since: made again, once
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      mkdirSync(dir, { recursive: true });
      writeFileSync(tmp, data);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Like writeFileAtomic, for big outputs made piece by piece: `produce` hands each chunk to `write` (written at once,
 * synchronously), so the whole file is never in memory.
 */
export async function writeFileAtomicFrom(
  path: string,
  produce: (write: (chunk: Uint8Array) => void) => void,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    const fd = openSync(tmp, "w");
    try {
      produce((chunk) => {
        for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off);
      });
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await renameRetry(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export interface PendingFile {
  path: string;
  data: string | Uint8Array;
}

/**
 * Writes a set of files all or nothing: they are swapped in together (output-transaction.ts; its journal in
 * `journalDir`, the workspace's output/, so that the next command finishes a swap a killed run left midway).
 */
export async function writeAllOrNothing(files: PendingFile[], journalDir: string): Promise<string[]> {
  const tx = new OutputTransaction({ journalDir });
  await tx.stageAll(files);
  return tx.commit();
}
