import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { AgencyHint, ParseResult } from "../judge/parse-submission.js";
import type { CumulativeFloors } from "../judge/rule-book.js";
import type { Plan } from "../../plan/plan.js";
import type { ReadFileOptions } from "../xlsx/read-file.js";
import { version } from "../../version.js";
import { ReusedReader } from "../../util/read-reused.js";
import { writeFileAtomicSync } from "../../util/atomic-write.js";

/**
 * What intake read from each file, kept between runs: `cchc check` then `cchc build` (or the monthly `cchc run`)
 * read and judge every file once, not once per command. The cache lives in output/<P>/.cchc-cache/<fingerprint>/,
 * one small v8-serialised file per result, named by a hash of the file's name, its bytes (sha256) and the agency
 * named outside it. A fingerprint covers everything else a result depends on: the code of intake (every compiled
 * module it runs), the plan, the period, the floors the cumulative rule compares with, and the reader and
 * its options. Another fingerprint, or an entry that cannot be read back, and the file is read again. Each run
 * writes only the results it had to make, and removes those of files no longer in the inbox and of other
 * fingerprints. The cache is an output like the others: written atomically, never needed, safe to delete.
 */

export const CACHE_DIR = ".cchc-cache";
const FORMAT = 2;

export interface CachedParse {
  result: ParseResult;
  converted: string | null;
}

interface CacheEntry {
  format: number;
  key: string;
  value: CachedParse;
}

/** The folder of the period's cache (all fingerprints). */
export function cacheRoot(root: string, periodId: string): string {
  return join(root, "output", periodId, CACHE_DIR);
}

export function entryKey(fileName: string, sha256: string, hint: AgencyHint | null): string {
  return `${fileName}\n${sha256}\n${hint ? `${hint.code}|${hint.source}|${hint.fileName}` : "-"}`;
}

const entryFileName = (key: string): string => `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.bin`;
let codeHash: string | undefined;

/** A hash of the compiled code intake runs (intake and its rooms, and the folders it uses), so that a changed parser invalidates the cache. */
function intakeCodeHash(): string {
  if (codeHash !== undefined) return codeHash;
  const h = createHash("sha256");
  h.update(version);
  const srcRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  // intake with its rooms (intake/xlsx, intake/judge …), then the folders it uses
  for (const dir of ["intake", "forms", "vn", "plan", "calendar", "problems", "util"]) {
    const abs = join(srcRoot, dir);
    let names: string[];
    try {
      names = readdirSync(abs, { recursive: dir === "intake" })
        .map(String)
        .filter((n) => n.endsWith(".js") || n.endsWith(".ts"))
        .sort();
    } catch {
      continue;
    }
    for (const n of names) {
      h.update(n);
      h.update(readFileSync(join(abs, n)));
    }
  }
  codeHash = h.digest("hex");
  return codeHash;
}

/** The fingerprint under which cached results hold. */
export function cacheFingerprint(parts: {
  plan: Plan;
  periodId: string;
  floors: CumulativeFloors;
  reader: string;
  readOptions: ReadFileOptions;
}): string {
  const h = createHash("sha256");
  h.update(`${FORMAT}\n${intakeCodeHash()}\n${parts.periodId}\n${parts.reader}\n`);
  h.update(JSON.stringify(parts.readOptions));
  h.update("\n");
  h.update(JSON.stringify(parts.plan));
  h.update("\n");
  h.update(JSON.stringify(parts.floors));
  return h.digest("hex");
}

/** One period's cache under one fingerprint. */
export class ParseCache {
  /** where this fingerprint's entries are */
  readonly dir: string;
  private readonly used = new Set<string>();
  private readonly reader = new ReusedReader();

  constructor(periodCacheRoot: string, fingerprint: string) {
    this.dir = join(periodCacheRoot, fingerprint.slice(0, 32));
  }

  /** Whether there is no entry at all under this fingerprint (then there is nothing to look up). */
  isEmpty(): boolean {
    try {
      return readdirSync(this.dir).length === 0;
    } catch {
      return true;
    }
  }

  /** The cached result of a key, or undefined (none, or one that cannot be read back). */
  get(key: string): CachedParse | undefined {
    const name = entryFileName(key);
    this.used.add(name);
    try {
      const e = deserialize(this.reader.read(join(this.dir, name))) as CacheEntry;
      if (e && e.format === FORMAT && e.key === key && e.value && typeof e.value === "object") return e.value;
    } catch {
      // no entry, or one that cannot be read: the file is read again
    }
    return undefined;
  }

  /** Notes that a key belongs to a file of this run (its entry is written by writeCacheEntry, in whichever thread read the file): prune keeps it. */
  markUsed(key: string): void {
    this.used.add(entryFileName(key));
  }

  /** Removes the entries of files no longer in the inbox and the folders of other fingerprints. */
  async prune(): Promise<void> {
    const parent = dirname(this.dir);
    const mine = basename(this.dir);
    try {
      // other fingerprints' folders only: files beside them (phan-hoi.json) belong to others
      for (const d of await readdir(parent, { withFileTypes: true })) {
        if (d.isDirectory() && d.name !== mine) await rm(join(parent, d.name), { recursive: true, force: true });
      }
      for (const f of await readdir(this.dir)) if (!this.used.has(f)) await rm(join(this.dir, f), { force: true });
    } catch {
      // nothing to prune
    }
  }
}

/**
 * Writes one result into a fingerprint's folder (serialised at once, so later changes to the result do not leak in),
 * from this thread or a parse worker. Synchronous: a thousand small files go faster without a round trip through the
 * thread pool each. Written atomically, so a reader never sees half an entry. A failure to write is not the run's:
 * the next run reads the file again.
 */
export function writeCacheEntry(dir: string, key: string, value: CachedParse): void {
  if (!isCacheable(value)) return;
  const entry: CacheEntry = { format: FORMAT, key, value };
  try {
    writeFileAtomicSync(join(dir, entryFileName(key)), serialize(entry));
  } catch {
    // the cache is never needed
  }
}

/**
 * Whether a result may be kept: not for files converted by LibreOffice or refused for want of it, nor for files
 * that could not be read for a reason outside their bytes (those depend on the machine, not on the file).
 */
export function isCacheable(p: CachedParse): boolean {
  if (p.converted !== null) return false;
  return !p.result.findings.some(
    (f) => f.code === "intake.file-xls" || f.code === "intake.file-ods" || f.code === "intake.file-unreadable",
  );
}
