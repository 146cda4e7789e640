import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { randomBytes } from "node:crypto";

/** Writes a file completely or not at all: a temp file beside it, then a rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.cchc-tmp-${basename(path)}-${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** writeFileAtomic without the thread pool: for many small files written one after the other (a cache). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.cchc-tmp-${basename(path)}-${randomBytes(4).toString("hex")}`);
  try {
    writeFileSync(tmp, data);
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
export async function writeFileAtomicFrom(path: string, produce: (write: (chunk: Uint8Array) => void) => void): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.cchc-tmp-${basename(path)}-${randomBytes(4).toString("hex")}`);
  try {
    const fd = openSync(tmp, "w");
    try {
      produce((chunk) => {
        for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off);
      });
    } finally {
      closeSync(fd);
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export interface PendingFile {
  path: string;
  data: string | Uint8Array;
}

/** Writes a set of rendered files; each one atomically. Returns the paths written, in order. */
export async function writeAll(files: PendingFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const f of files) {
    await writeFileAtomic(f.path, f.data);
    written.push(f.path);
  }
  return written;
}

/**
 * Writes a set of files all or nothing: every file first goes to a temp file beside it, and only when all are
 * written are they renamed into place (a failure before that removes the temp files and changes nothing).
 */
export async function writeAllOrNothing(files: PendingFile[]): Promise<string[]> {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.cchc-tmp-${basename(f.path)}-${randomBytes(4).toString("hex")}`);
      temps.push({ tmp, path: f.path });
      await writeFile(tmp, f.data);
    }
  } catch (e) {
    for (const t of temps) await rm(t.tmp, { force: true });
    throw e;
  }
  for (const t of temps) await rename(t.tmp, t.path);
  return temps.map((t) => t.path);
}
