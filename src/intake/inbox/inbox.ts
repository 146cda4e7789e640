import { createHash } from "node:crypto";
import { lstatSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { extname, join } from "node:path";
import { nowIn } from "../../calendar/today.js";
import type { Plan } from "../../plan/plan.js";
import { LEDGER_FILE } from "./ledger.js";

/**
 * intake/inbox: the trade of the period's inbox, data/<P>/, and its ledger. Which entries are files to read and how
 * received files are named (this file), the append-only ledger of receipts (ledger.ts) and its damaged lines
 * (damaged-lines.ts), finding a stored file's receipt (receipts.ts), the submission records of the judged files with
 * their receipts (submissions.ts), and which version of an agency's files counts (versions.ts, pure).
 *
 * The inbox of a period, data/<P>/: which files count, how received files are named, and receipt times.
 */

/** Names that are not submissions: the ledger, dotfiles (incl. our temp files), Office/LibreOffice lock and temp files. */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    name === LEDGER_FILE ||
    name.startsWith(".") ||
    name.startsWith("~$") ||
    name.startsWith("~") ||
    lower.endsWith(".tmp") ||
    lower.endsWith(".crdownload") ||
    lower.endsWith(".part") ||
    lower === "thumbs.db" ||
    lower === "desktop.ini"
  );
}

export interface InboxFile {
  name: string;
  path: string;
  size: number;
  mtime: Date;
}

/** Why an inbox entry could not be taken: a link to nothing, a link loop, no permission, or another read failure. */
export type SkipReason = "broken-link" | "link-loop" | "no-access" | "read-failed";

/** An inbox entry that is skipped (reported, never read): see scanInbox. */
export interface SkippedEntry {
  name: string;
  path: string;
  reason: SkipReason;
  /** the system's error code (ENOENT, ELOOP, EACCES …) */
  code: string;
}

/** The skip reason for an error met while looking at or reading an inbox entry. */
export function skipReasonOf(e: unknown, isLink = false): SkipReason {
  const code = (e as NodeJS.ErrnoException | null)?.code ?? "";
  if (code === "ELOOP") return "link-loop";
  if (code === "ENOENT" && isLink) return "broken-link";
  if (code === "EACCES" || code === "EPERM") return "no-access";
  return "read-failed";
}

/**
 * The submission files of an inbox, by name, and the entries that cannot be taken (a symbolic link to nothing or in
 * a loop, a file this user may not look at): those are reported and skipped, the rest of the batch goes on. An
 * absent inbox has none.
 */
export async function scanInbox(dir: string): Promise<{ files: InboxFile[]; skipped: SkippedEntry[] }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { files: [], skipped: [] };
    throw e;
  }
  const files: InboxFile[] = [];
  const skipped: SkippedEntry[] = [];
  // synchronous stats: a thousand entries without a round trip through the thread pool each
  for (const name of names.sort()) {
    if (isIgnoredName(name)) continue;
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      let isLink = false;
      try {
        isLink = lstatSync(path).isSymbolicLink();
      } catch {
        // gone meanwhile
      }
      skipped.push({ name, path, reason: skipReasonOf(e, isLink), code: (e as NodeJS.ErrnoException).code ?? "" });
      continue;
    }
    if (!st.isFile()) continue;
    files.push({ name, path, size: st.size, mtime: st.mtime });
  }
  return { files, skipped };
}

/** The submission files of an inbox, by name (entries that cannot be taken left out; see scanInbox). */
export async function listInbox(dir: string): Promise<InboxFile[]> {
  return (await scanInbox(dir)).files;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A safe extension for a stored copy: the original's, lower-case, when it is short and plain ASCII. */
export function safeExtension(originalName: string): string {
  const ext = extname(originalName).toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : "";
}

/** Prefix of stored files whose agency could not be read. */
export const UNKNOWN_AGENCY_PREFIX = "khong-ro";

/**
 * The stored name of a received file: "<agency>_v<N>_<sha8><ext>", ASCII only; "-2", "-3" … added
 * should the name be taken already (never overwrite).
 */
export function storedNameFor(
  agency: string | null,
  version: number,
  sha256: string,
  ext: string,
  taken: ReadonlySet<string>,
): string {
  const safeAgency = (agency ?? UNKNOWN_AGENCY_PREFIX).replace(/[^a-z0-9-]/g, "-");
  const base = `${safeAgency}_v${version}_${sha256.slice(0, 8)}`;
  let name = `${base}${ext}`;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}${ext}`;
  return name;
}

/** Registry codes → their first position in plan.agencies, built once per registry (a file name is a lookup, not a scan). */
const codePositions = new WeakMap<readonly Plan["agencies"][number][], { length: number; at: Map<string, number> }>();

function positionsOf(plan: Plan): Map<string, number> {
  let c = codePositions.get(plan.agencies);
  if (!c || c.length !== plan.agencies.length) {
    const at = new Map<string, number>();
    plan.agencies.forEach((a, i) => {
      if (!at.has(a.code)) at.set(a.code, i);
    });
    c = { length: plan.agencies.length, at };
    codePositions.set(plan.agencies, c);
  }
  return c.at;
}

/**
 * The agency a file name points to: an agency code standing alone in the name (between non-code
 * characters), the longest one when several match (the first in the registry among equally long ones).
 * Template names are "<period>_<agency>.xlsx". Codes are made of [a-z0-9-] only, so a code standing alone is
 * exactly one maximal run of those characters.
 */
export function agencyFromFileName(name: string, plan: Plan): string | null {
  const positions = positionsOf(plan);
  let best: string | null = null;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const run of name.toLowerCase().split(/[^a-z0-9-]+/)) {
    const at = positions.get(run);
    if (at === undefined) continue;
    if (!best || run.length > best.length || (run.length === best.length && at < bestAt)) {
      best = run;
      bestAt = at;
    }
  }
  return best;
}

/** The zone's UTC offset at an instant, "+07:00". */
function offsetAt(timeZone: string, at: Date): string {
  return nowIn(timeZone, at).slice(19);
}

/**
 * The receipt time to record. With --date D: the start of that day in the zone (D T00:00:00+07:00), so the same
 * inputs and --date give the same ledger; only the day matters for timeliness. Without: the instant given (now).
 */
export function receiptInstant(date: string | undefined, timeZone: string, clock: Date): string {
  if (!date) return nowIn(timeZone, clock);
  return `${date}T00:00:00${offsetAt(timeZone, new Date(`${date}T12:00:00Z`))}`;
}

/** A file time as an ISO timestamp with the zone's offset (the last-resort receipt time). */
export function fileTimeIn(mtime: Date, timeZone: string): string {
  return nowIn(timeZone, mtime);
}
