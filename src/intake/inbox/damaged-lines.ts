import { formatProblem } from "../../problems/messages.js";
import { displaySafe } from "../../util/display-safe.js";
import type { DamagedLine, Ledger } from "./ledger.js";

/**
 * What the damaged lines of a ledger mean for the files of the inbox (pure). A damaged line must never turn a file the
 * ledger knew into a newly seen one: a receipt rebuilt from it counts as any other; a line that still names a file
 * (by name, hash, or the start of either where the line was cut) but lost its time gives that file its file time and
 * no new receipt; a line that may be a receipt but names nothing readable could be any unrecorded file's, so while it
 * is there no unrecorded file gets a new receipt (each takes its file time). Every bad line is one warning.
 */

export interface LedgerWarning {
  code:
    | "ledger.line-recovered"
    | "ledger.line-file-time"
    | "ledger.line-unknown"
    | "ledger.line-unused"
    | "ledger.line-not-receipt";
  severity: "warning";
  /** 1-based line of so-nhan.jsonl */
  line: number;
  /** the inbox file the line is about, when known */
  file: string | null;
  receivedAt: string | null;
  message: string;
}

/** An inbox file and the index of its receipt in the ledger (-1: none). */
export interface FileReceipt {
  name: string;
  sha256: string;
  receiptIndex: number;
}

export interface DamagedReading {
  /** file name → damaged line its receipt was rebuilt from */
  recovered: Map<string, number>;
  /** file name → damaged line that names it but lost its time: the file's time is used, no receipt is added */
  fileTime: Map<string, number>;
  /** files with no receipt that may be the file of a damaged line naming nothing (→ that line): file time, no receipt added */
  held: Map<string, number>;
  warnings: LedgerWarning[];
}

/** Names compared as Windows and macOS do: NFC, case-insensitive. */
const sameName = (a: string, b: string): boolean =>
  a.normalize("NFC").toLowerCase() === b.normalize("NFC").toLowerCase();

/** A cut-off value is trusted only when long enough to point at one file (a stored name's hash part is 8 characters). */
const MIN_PREFIX = 8;

function names(d: DamagedLine, f: FileReceipt): boolean {
  if (d.storedName !== null && sameName(d.storedName, f.name)) return true;
  if (d.sha256 !== null && d.sha256 === f.sha256) return true;
  if (d.cut && d.cut.prefix.length >= MIN_PREFIX) {
    return d.cut.field === "sha256"
      ? f.sha256.startsWith(d.cut.prefix)
      : f.name.normalize("NFC").toLowerCase().startsWith(d.cut.prefix.normalize("NFC").toLowerCase());
  }
  return false;
}

function warning(
  code: LedgerWarning["code"],
  line: number,
  file: string | null,
  receivedAt: string | null,
  args: Record<string, string | number | null> = {},
): LedgerWarning {
  const shown = file === null ? null : displaySafe(file);
  return {
    code,
    severity: "warning",
    line,
    file,
    receivedAt,
    message: formatProblem({ code, args: { line, file: shown, receivedAt, ...args } }),
  };
}

export function readDamagedLines(ledger: Ledger, files: readonly FileReceipt[]): DamagedReading {
  const out: DamagedReading = { recovered: new Map(), fileTime: new Map(), held: new Map(), warnings: [] };
  if (ledger.badLines.length === 0) return out;
  const unrecorded = files.filter((f) => f.receiptIndex < 0);
  const used = new Set<DamagedLine>();
  const anonymous: DamagedLine[] = [];
  for (const d of ledger.damaged) {
    if (d.receiptIndex !== null) {
      const users = files.filter((f) => f.receiptIndex === d.receiptIndex);
      for (const f of users) out.recovered.set(f.name, d.line);
      if (users.length > 0) {
        used.add(d);
        out.warnings.push(warning("ledger.line-recovered", d.line, users[0]!.name, d.receivedAt));
      }
      continue;
    }
    const named = d.storedName !== null || d.sha256 !== null || (d.cut !== null && d.cut.prefix.length >= MIN_PREFIX);
    if (!named) {
      anonymous.push(d);
      continue;
    }
    for (const f of unrecorded) {
      if (out.fileTime.has(f.name) || !names(d, f)) continue;
      out.fileTime.set(f.name, d.line);
      used.add(d);
      out.warnings.push(warning("ledger.line-file-time", d.line, f.name, null));
    }
  }
  const rest = unrecorded.filter((f) => !out.fileTime.has(f.name));
  for (const d of anonymous) {
    if (rest.length === 0) continue;
    for (const f of rest) if (!out.held.has(f.name)) out.held.set(f.name, d.line);
    used.add(d);
    out.warnings.push(
      warning("ledger.line-unknown", d.line, null, null, { files: rest.map((f) => displaySafe(f.name)).join(", ") }),
    );
  }
  for (const d of ledger.damaged)
    if (!used.has(d)) out.warnings.push(warning("ledger.line-unused", d.line, null, null));
  const damagedLines = new Set(ledger.damaged.map((d) => d.line));
  for (const line of ledger.badLines)
    if (!damagedLines.has(line)) out.warnings.push(warning("ledger.line-not-receipt", line, null, null));
  out.warnings.sort((a, b) => a.line - b.line);
  return out;
}
