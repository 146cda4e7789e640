import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir } from "../util/compile-cache.js";
import { writeFileAtomicSync } from "../util/atomic-write.js";
import { version } from "../version.js";
import type { Plan } from "./plan.js";
import type { SeedTexts } from "./seed-files.js";

/**
 * The validated plan of an unchanged seeds/ folder, kept between runs: checking the seeds with zod and the cross-file
 * rules (validate-plan.ts) costs every command a tenth of a second of its start-up, zod's loading included, for the
 * same answer each time. An entry is named by the digest of the seed texts, the program's version and the code that
 * turns seeds into a plan (this folder and the helpers it uses), and lives in the user's private cache folder
 * (util/compile-cache.ts; CCHC_NO_COMPILE_CACHE=1 turns it off). Only plans without problems are kept: seeds with
 * errors are judged afresh on every run, so their problems are reported as ever. A missing, damaged or stale entry
 * only means validating afresh.
 */

const LAYOUT = 1;
const FOLDER = "plan";
/** entries kept: a workspace or two, each with a few recent versions of its seeds */
const KEEP = 16;

/** The modules beside this folder's own whose code decides what a valid seed becomes. */
const HELPERS = ["../util/text", "../vn/fold", "../vn/labels", "../util/list-index"];

let codeDigest: string | null | undefined;

/**
 * Digest of the code that makes a plan: every module of this folder and its helpers, as built (dist/*.js) or as
 * written (src/*.ts under the test runner), and the package.json of zod (its version: it checks and fills in the
 * seeds). Null when it cannot be read: no cache then.
 */
function planCodeDigest(): string | null {
  if (codeDigest !== undefined) return codeDigest;
  try {
    const self = fileURLToPath(import.meta.url);
    const dir = dirname(self);
    const ext = extname(self);
    const h = createHash("sha256");
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(ext))
      .sort()
      .map((f) => join(dir, f));
    for (const helper of HELPERS) files.push(join(dir, `${helper}${ext}`));
    files.push(createRequire(import.meta.url).resolve("zod/package.json"));
    for (const f of files) h.update(relative(dir, f)).update("\0").update(readFileSync(f)).update("\0");
    codeDigest = h.digest("hex");
  } catch {
    codeDigest = null;
  }
  return codeDigest;
}

/** Where the entry of these seed texts is, or null when they are not to be cached (a file missing or unreadable). */
export function planCacheEntry(
  texts: SeedTexts,
  dir: string | null = defaultDir(),
): { file: string; key: string } | null {
  if (dir === null) return null;
  const code = planCodeDigest();
  if (code === null) return null;
  const h = createHash("sha256").update(`cchc plan cache ${LAYOUT}\0${version}\0${code}\0`);
  for (const [name, text] of Object.entries(texts)) {
    if (typeof text !== "string") return null;
    h.update(name).update("\0").update(String(text.length)).update("\0").update(text).update("\0");
  }
  const key = h.digest("hex");
  return { file: join(dir, FOLDER, `${key.slice(0, 40)}.json`), key };
}

function defaultDir(): string | null {
  return process.env["CCHC_NO_COMPILE_CACHE"] ? null : cacheDir();
}

/** The plan kept for this entry; null when there is none, or it is damaged or not this entry's. */
export function readCachedPlan(entry: { file: string; key: string }): Plan | null {
  try {
    const stored = JSON.parse(readFileSync(entry.file, "utf8")) as { layout?: unknown; key?: unknown; plan?: unknown };
    if (stored.layout !== LAYOUT || stored.key !== entry.key || !looksLikePlan(stored.plan)) return null;
    return stored.plan;
  } catch {
    return null;
  }
}

/** Keeps a valid plan for the next run; a failure to write only means validating again next time. */
export function writeCachedPlan(entry: { file: string; key: string }, plan: Plan): void {
  try {
    writeFileAtomicSync(entry.file, JSON.stringify({ layout: LAYOUT, key: entry.key, plan }));
    pruneEntries(dirname(entry.file), entry.file);
  } catch {
    /* no entry: validated afresh next time */
  }
}

/** Removes the least recently written entries beyond KEEP (never the one just written). */
function pruneEntries(dir: string, keep: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  if (names.length <= KEEP) return;
  const dated = names
    .map((n) => join(dir, n))
    .filter((f) => f !== keep)
    .map((f) => {
      try {
        return { f, t: statSync(f).mtimeMs };
      } catch {
        return { f, t: 0 };
      }
    })
    .sort((a, b) => a.t - b.t);
  for (const { f } of dated.slice(0, names.length - KEEP)) rmSync(f, { force: true });
}

/** The plan's outline: a damaged entry that still parses as JSON is not taken for a plan. */
function looksLikePlan(p: unknown): p is Plan {
  if (typeof p !== "object" || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    ["groups", "agencies", "phrases", "tasks", "indicators", "targets"].every((k) => Array.isArray(o[k])) &&
    typeof o["meta"] === "object" &&
    o["meta"] !== null &&
    typeof o["settings"] === "object" &&
    o["settings"] !== null &&
    typeof o["fingerprint"] === "string"
  );
}
