import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { outputDir } from "../workspace/paths.js";

/**
 * The run log, output/nhat-ky-chay.jsonl: append-only, one JSON object per line, one line per run that
 * did something or failed. A run with nothing to do writes no line (so a second run on the same day leaves
 * output/ byte for byte as it was); it says so on stdout, which cron mail or the systemd journal keeps.
 * The log is also run's memory: the inputs digest of each build tells the next run whether anything changed.
 *
 * Line: {"at":"2025-03-21T06:30:02+07:00","date":"2025-03-21","period":"2025-H1",
 *        "actions":[{"kind":"final-build","target":"2025-Q1","reason":"…","inputs":"<sha256>","final":true,"files":12,"written":["output/2025-Q1/…"]}],
 *        "skipped":[{"kind":"issue","target":"2025-H1","reason":"…"}],
 *        "warnings":["…"],"exitCode":0,"error":null,"version":"0.1.0"}
 */

export const RUN_LOG_FILE = "nhat-ky-chay.jsonl";

export interface RunAction {
  /** close and reopen are logged by those commands; amend is run's build of a closed period (output/<P>/sau-chot/) */
  kind: "issue" | "build" | "final-build" | "snapshot" | "close" | "reopen" | "amend";
  target: string;
  reason: string;
  /** builds: the digest of the inputs the build read */
  inputs?: string;
  /** builds: whether it was made after the due date */
  final?: boolean;
  /** builds: number of files in data/<P>/ */
  files?: number;
  /** paths written, relative to the workspace */
  written: string[];
  /** close: the signed report (reopen: its reason is the action's reason) */
  number?: string;
  signedOn?: string;
  /** amend: agencies received after the closing */
  lateArrivals?: string[];
}

export interface RunLogEntry {
  at: string;
  date: string;
  period: string;
  actions: RunAction[];
  skipped: { kind: string; target: string; reason: string }[];
  warnings: string[];
  exitCode: number;
  error: string | null;
  version: string;
}

export function runLogPath(root: string): string {
  return join(outputDir(root), RUN_LOG_FILE);
}

/** The entries of the log; unreadable lines are skipped (the log is never rewritten). */
export async function readRunLog(root: string): Promise<RunLogEntry[]> {
  let text: string;
  try {
    text = await readFile(runLogPath(root), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: RunLogEntry[] = [];
  // a byte-order mark before the first line (Notepad before Windows 10 1903 writes one) is not part of it
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as RunLogEntry;
      if (o && Array.isArray(o.actions)) out.push(o);
    } catch {
      /* a torn or hand-edited line */
    }
  }
  return out;
}

export async function appendRunLog(root: string, entry: RunLogEntry): Promise<void> {
  const path = runLogPath(root);
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, JSON.stringify(entry) + "\n", { encoding: "utf8" });
}

/** The last recorded build of a period (draft or final), and whether any build after its due date exists. */
export function lastBuildOf(
  entries: readonly RunLogEntry[],
  periodId: string,
): { inputs: string | null; finalBuilt: boolean } {
  let inputs: string | null = null;
  let finalBuilt = false;
  for (const e of entries) {
    for (const a of e.actions) {
      if ((a.kind === "build" || a.kind === "final-build") && a.target === periodId) {
        inputs = a.inputs ?? null;
        if (a.final) finalBuilt = true;
      }
      // the working outputs are older than what happened while the period was closed: build again
      if (a.kind === "reopen" && a.target === periodId) inputs = null;
    }
  }
  return { inputs, finalBuilt };
}

/**
 * The inputs digest of a closed period as last seen: at its closing, or at run's last build after closing (amend).
 * Null when neither was logged since the period was last closed.
 */
export function lastClosedInputsOf(entries: readonly RunLogEntry[], periodId: string): string | null {
  let inputs: string | null = null;
  for (const e of entries) {
    for (const a of e.actions) {
      if (a.target !== periodId) continue;
      if (a.kind === "close" || a.kind === "amend") inputs = a.inputs ?? null;
      if (a.kind === "reopen") inputs = null;
    }
  }
  return inputs;
}
