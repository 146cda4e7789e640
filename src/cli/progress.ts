import { dim, green } from "./output.js";
import { displayWidth } from "../util/text-table.js";

/**
 * A progress bar for long batches (reading many files, rendering many documents): on stderr, redrawn in place,
 * and only when stderr is a terminal and the user did not ask for --quiet or --json. Otherwise a no-op,
 * so pipes, cron mails and log files never see it.
 */

export type ProgressCallback = (done: number, total: number, label: string) => void;

export interface Progress {
  /** pass this as a handler's `onProgress` */
  update: ProgressCallback;
  /** clears the bar's line (call once the batch is over, before printing results) */
  done: () => void;
  readonly enabled: boolean;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  quiet?: boolean;
  json?: boolean;
  /** a word before the bar, e.g. "Đọc tệp" */
  title?: string;
  /** minimum time between redraws, ms */
  intervalMs?: number;
  /** the clock, for tests */
  now?: () => number;
}

export function progressEnabled(stream: NodeJS.WriteStream, quiet = false, json = false): boolean {
  return Boolean(stream.isTTY) && !quiet && !json && process.env["TERM"] !== "dumb";
}

const BAR = 24;

/** One line of the bar, fitted to `columns`: "Đọc tệp [██████░░░░] 12/33 so-tu-phap.xlsx". */
export function formatProgressLine(
  done: number,
  total: number,
  label: string,
  title: string,
  columns: number,
  colour: (s: string) => string = (s) => s,
  faint: (s: string) => string = (s) => s,
): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * BAR);
  const bar = `[${colour("█".repeat(filled))}${faint("░".repeat(BAR - filled))}]`;
  const head = `${title ? `${title} ` : ""}`;
  const count = ` ${done}/${total}`;
  const plainWidth = displayWidth(head) + BAR + 2 + count.length;
  const room = Math.max(0, columns - plainWidth - 2);
  let tail = label;
  if (displayWidth(tail) > room) {
    const chars = [...tail];
    tail = room > 1 ? `…${chars.slice(chars.length - room + 1).join("")}` : "";
  }
  return `${head}${bar}${count}${tail ? ` ${tail}` : ""}`;
}

export function createProgress(opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const enabled = progressEnabled(stream, opts.quiet, opts.json);
  if (!enabled) return { update: () => {}, done: () => {}, enabled: false };
  const now = opts.now ?? Date.now;
  const interval = opts.intervalMs ?? 80;
  let last = -Infinity;
  let drawn = false;
  const update: ProgressCallback = (done, total, label) => {
    const t = now();
    if (done < total && t - last < interval) return;
    last = t;
    const columns = stream.columns && stream.columns > 20 ? stream.columns : 80;
    const line = formatProgressLine(
      done,
      total,
      label,
      opts.title ?? "",
      columns,
      (s) => green(s, stream),
      (s) => dim(s, stream),
    );
    stream.write(`\r\u001b[2K${line}`);
    drawn = true;
  };
  const done = (): void => {
    if (drawn) stream.write("\r\u001b[2K");
    drawn = false;
  };
  return { update, done, enabled: true };
}
