import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { displaySafe } from "../../util/display-safe.js";

/**
 * The receipt ledger of one inbox, data/<P>/so-nhan.jsonl: append-only, one JSON object per line.
 * A line is never rewritten or removed; the same bytes are recorded once (appendReceipts reads the ledger again just
 * before it writes), and should an old ledger hold them twice, the earliest receipt counts. A damaged line (a crash
 * cut it, a hand edit broke it) is kept as it is; what can be read of it still ties its file to it (parseLedger).
 *
 * Line format (fields in this order):
 *   originalName   the name the file had when received (null for a hand-dropped file: its inbox name is all we know)
 *   storedName     its name in data/<P>/ (the key that ties a file to its receipt, with sha256)
 *   sha256, size   of the bytes stored
 *   receivedAt     ISO 8601 with the zone's offset, e.g. "2025-03-18T00:00:00+07:00"
 *   agency, period as read from the file's metadata (null when they could not be read)
 *   source         "receive" (cchc receive) or "first-seen" (a hand-dropped file, recorded when check/build first saw it)
 *   declaredAgency, declaredFrom   the agency named outside the metadata (--agency, or the original file name), if any
 */

export const LEDGER_FILE = "so-nhan.jsonl";

export type ReceiptSource = "receive" | "first-seen";

export interface Receipt {
  originalName: string | null;
  storedName: string;
  sha256: string;
  size: number;
  receivedAt: string;
  agency: string | null;
  period: string | null;
  source: ReceiptSource;
  declaredAgency: string | null;
  declaredFrom: "option" | "file-name" | null;
}

/** A line that records an event of the period rather than a file: its closing or reopening (cchc close, reopen). */
export interface LedgerEvent {
  event: "close" | "reopen";
  at: string;
  period: string;
  number: string | null;
  signedOn: string | null;
  reason: string | null;
  closing: number;
}

/** A ledger line that is not a whole receipt (torn by a crash, cut short, hand-edited), and what could be read of it. */
export interface DamagedLine {
  /** 1-based line number in so-nhan.jsonl */
  line: number;
  /** fields read whole from the damaged text (null when absent or cut off) */
  storedName: string | null;
  sha256: string | null;
  receivedAt: string | null;
  /** the field the line was cut in, with the part of its value that is there (a prefix) */
  cut: { field: "storedName" | "sha256"; prefix: string } | null;
  /** index in `receipts` of the receipt rebuilt from it (name, hash and time all read), else null */
  receiptIndex: number | null;
}

export interface Ledger {
  /** whole receipts, then those rebuilt from damaged lines, in line order */
  receipts: Receipt[];
  /** the 1-based line number of each receipt */
  lines: number[];
  /** closings and reopenings of the period, in order */
  events: LedgerEvent[];
  /** 1-based numbers of lines that are not whole receipts (kept in the file as they are) */
  badLines: number[];
  /** what could be read of each bad line that may be (part of) a receipt: it starts like one or names a file or hash */
  damaged: DamagedLine[];
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const SHA256 = /^[0-9a-f]{64}$/;

function toReceipt(o: unknown): Receipt | null {
  if (!o || typeof o !== "object") return null;
  const r = o as Record<string, unknown>;
  const storedName = str(r["storedName"]);
  const sha256 = str(r["sha256"]);
  const receivedAt = str(r["receivedAt"]);
  if (!storedName || !sha256 || !SHA256.test(sha256) || !receivedAt || Number.isNaN(Date.parse(receivedAt)))
    return null;
  const source = r["source"] === "first-seen" ? "first-seen" : "receive";
  const from = r["declaredFrom"];
  const originalName = str(r["originalName"]);
  return {
    originalName: originalName === null ? null : displaySafe(originalName),
    storedName,
    sha256,
    size: typeof r["size"] === "number" ? r["size"] : 0,
    receivedAt,
    agency: str(r["agency"]),
    period: str(r["period"]),
    source,
    declaredAgency: str(r["declaredAgency"]),
    declaredFrom: from === "option" || from === "file-name" ? from : null,
  };
}

/** A JSON string's contents (no quotes) back to the string, or null when the escapes are broken. */
function unquote(body: string): string | null {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return null;
  }
}

const STRING_FIELDS = [
  "originalName",
  "storedName",
  "sha256",
  "receivedAt",
  "agency",
  "period",
  "source",
  "declaredAgency",
  "declaredFrom",
] as const;

/**
 * What can be read of one damaged piece of a line: every field whose value is there whole, and the value cut off
 * at the end (a crash mid-write cuts the line's tail; the fields come in a fixed order, so the head survives).
 */
function salvage(text: string): { fields: Record<string, unknown>; cut: DamagedLine["cut"] } {
  const fields: Record<string, unknown> = {};
  for (const f of STRING_FIELDS) {
    const m = new RegExp(`"${f}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
    if (m) {
      const v = unquote(m[1] as string);
      if (v !== null) fields[f] = v;
    }
  }
  const size = /"size"\s*:\s*(\d+)\s*[,}]/.exec(text);
  if (size) fields["size"] = Number(size[1]);
  const tail = /"(storedName|sha256)"\s*:\s*"((?:[^"\\]|\\.)*)$/.exec(text);
  const prefix = tail ? unquote((tail[2] as string).replace(/\\$/, "")) : null;
  const cut = tail && prefix ? { field: tail[1] as "storedName" | "sha256", prefix } : null;
  return { fields, cut };
}

/** The pieces of a bad line: a line holding two receipts run together (a torn write, then the next) is two pieces. */
function piecesOf(line: string): string[] {
  const starts: number[] = [];
  const re = /\{\s*"originalName"/g;
  for (let m = re.exec(line); m; m = re.exec(line)) starts.push(m.index);
  if (starts.length <= 1) return [line];
  if ((starts[0] as number) > 0) starts.unshift(0);
  return starts.map((s, i) => line.slice(s, starts[i + 1] ?? line.length));
}

/** Parses the ledger's text (pure). A byte-order mark before the first line and CRLF line ends are tolerated. */
export function parseLedger(text: string): Ledger {
  const ledger: Ledger = { receipts: [], lines: [], events: [], badLines: [], damaged: [] };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  body.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const n = i + 1;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      o = null;
    }
    const e = toEvent(o);
    if (e) {
      ledger.events.push(e);
      return;
    }
    const r = toReceipt(o);
    if (r) {
      ledger.receipts.push(r);
      ledger.lines.push(n);
      return;
    }
    ledger.badLines.push(n);
    for (const piece of piecesOf(line)) {
      let whole: Receipt | null;
      try {
        whole = toReceipt(JSON.parse(piece));
      } catch {
        whole = null;
      }
      const { fields, cut } = whole
        ? { fields: whole as unknown as Record<string, unknown>, cut: null }
        : salvage(piece);
      const rebuilt = whole ?? toReceipt(fields);
      const storedName = str(fields["storedName"]);
      const sha256 = str(fields["sha256"]);
      // a piece that names nothing and does not even start like a receipt is not one (a note typed in by hand, an event)
      if (!rebuilt && !storedName && !sha256 && !cut && (!piece.startsWith("{") || /^\{\s*"event"/.test(piece)))
        continue;
      let receiptIndex: number | null = null;
      if (rebuilt) {
        receiptIndex = ledger.receipts.length;
        ledger.receipts.push(rebuilt);
        ledger.lines.push(n);
      }
      ledger.damaged.push({
        line: n,
        storedName,
        sha256: sha256 && SHA256.test(sha256) ? sha256 : null,
        receivedAt: rebuilt?.receivedAt ?? null,
        cut,
        receiptIndex,
      });
    }
  });
  return ledger;
}

/** One ledger line, fields in a fixed order (no newline). The original name is kept printable (display-safe). */
export function serialiseReceipt(r: Receipt): string {
  return JSON.stringify({
    originalName: r.originalName === null ? null : displaySafe(r.originalName),
    storedName: r.storedName,
    sha256: r.sha256,
    size: r.size,
    receivedAt: r.receivedAt,
    agency: r.agency,
    period: r.period,
    source: r.source,
    declaredAgency: r.declaredAgency,
    declaredFrom: r.declaredFrom,
  });
}

export function ledgerPath(inbox: string): string {
  return join(inbox, LEDGER_FILE);
}

const emptyLedger = (): Ledger => ({ receipts: [], lines: [], events: [], badLines: [], damaged: [] });

function toEvent(o: unknown): LedgerEvent | null {
  if (!o || typeof o !== "object") return null;
  const r = o as Record<string, unknown>;
  const event = r["event"];
  if ((event !== "close" && event !== "reopen") || typeof r["at"] !== "string" || typeof r["period"] !== "string")
    return null;
  return {
    event,
    at: r["at"],
    period: r["period"],
    number: str(r["number"]),
    signedOn: str(r["signedOn"]),
    reason: str(r["reason"]),
    closing: typeof r["closing"] === "number" ? r["closing"] : 0,
  };
}

/** Appends an event line (a closing or a reopening) to the ledger, under the ledger's lock. */
export async function appendLedgerEvent(inbox: string, e: LedgerEvent): Promise<void> {
  await mkdir(inbox, { recursive: true });
  const line = JSON.stringify({
    event: e.event,
    at: e.at,
    period: e.period,
    number: e.number,
    signedOn: e.signedOn,
    reason: e.reason,
    closing: e.closing,
  });
  await withLedgerLock(inbox, async () => {
    const path = ledgerPath(inbox);
    const old = await readFile(path).catch(() => null);
    const prefix = old && old.length > 0 && old[old.length - 1] !== 0x0a ? "\n" : "";
    await appendWhole(path, `${prefix}${line}\n`);
  });
}

/** Reads an inbox's ledger; an absent ledger is empty. */
export async function readLedger(inbox: string): Promise<Ledger> {
  try {
    return parseLedger(await readFile(ledgerPath(inbox), "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return emptyLedger();
    throw e;
  }
}

const instantOf = (r: Receipt): number => Date.parse(r.receivedAt);

/** The index of the earliest receipt among some (by receipt time, then ledger order), or -1. */
export function earliestOf(receipts: readonly Receipt[], indices: Iterable<number>): number {
  let best = -1;
  for (const i of indices) {
    if (best < 0 || instantOf(receipts[i] as Receipt) < instantOf(receipts[best] as Receipt)) best = i;
  }
  return best;
}

/** The ledger's own lock, data/<P>/.so-nhan.jsonl.lock (a dotfile: never taken for a submission). */
export const LEDGER_LOCK_FILE = `.${LEDGER_FILE}.lock`;

/** A ledger lock older than this was left by a process that died inside the few milliseconds it is held. */
export const LEDGER_LOCK_STALE_MS = 5_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding the ledger's lock: reading the ledger, deciding and appending are one step, so that two commands
 * (or two processes) never both record the same bytes, with or without the workspace lock. The lock is a file created
 * exclusively; one left behind by a killed process is taken over once it is older than LEDGER_LOCK_STALE_MS.
 */
export async function withLedgerLock<T>(inbox: string, fn: () => Promise<T>): Promise<T> {
  const path = join(inbox, LEDGER_LOCK_FILE);
  for (;;) {
    try {
      const h = await open(path, "wx");
      await h.writeFile(`${process.pid}\n`).finally(() => h.close());
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const st = await stat(path).catch(() => null);
      if (st && Date.now() - st.mtimeMs > LEDGER_LOCK_STALE_MS) await rm(path, { force: true });
      else await sleep(10 + Math.random() * 20);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * Appends receipts (never rewrites) so that the ledger never holds two receipts of the same bytes: under the ledger's
 * lock the ledger is read again, and a receipt whose bytes it already records (another command got there first, or the
 * same bytes come twice in the list) is not written. A line break goes first when the last line was left unterminated.
 * Returns, for each receipt given, the one that counts: the ledger's earliest of those bytes, or the receipt itself.
 */
export async function appendReceipts(
  inbox: string,
  receipts: readonly Receipt[],
): Promise<{ appended: Receipt[]; counted: Receipt[] }> {
  if (receipts.length === 0) return { appended: [], counted: [] };
  await mkdir(inbox, { recursive: true });
  return withLedgerLock(inbox, () => appendReceiptsLocked(inbox, receipts));
}

/** appendReceipts, for a caller that holds the ledger's lock already (withLedgerLock). */
export async function appendReceiptsLocked(
  inbox: string,
  receipts: readonly Receipt[],
): Promise<{ appended: Receipt[]; counted: Receipt[] }> {
  const path = ledgerPath(inbox);
  let old: Buffer | null = null;
  try {
    old = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const now = old ? parseLedger(old.toString("utf8")) : emptyLedger();
  const bySha = new Map<string, number[]>();
  now.receipts.forEach((r, i) => bySha.set(r.sha256, [...(bySha.get(r.sha256) ?? []), i]));
  const appended: Receipt[] = [];
  const counted = receipts.map((r) => {
    const known = bySha.get(r.sha256);
    if (known) return now.receipts[earliestOf(now.receipts, known)] as Receipt;
    bySha.set(r.sha256, [now.receipts.length]);
    now.receipts.push(r);
    appended.push(r);
    return r;
  });
  if (appended.length > 0) {
    const prefix = old && old.length > 0 && old[old.length - 1] !== 0x0a ? "\n" : "";
    await appendWhole(path, prefix + appended.map((r) => serialiseReceipt(r) + "\n").join(""));
  }
  return { appended, counted };
}

/**
 * Appends text to the ledger whole or not at all: should the write fail (a full disk), the file is cut back to its
 * length before, so no torn line is left.
 */
async function appendWhole(path: string, text: string): Promise<void> {
  const fh = await open(path, "a");
  try {
    const { size } = await fh.stat();
    try {
      await fh.appendFile(text, { encoding: "utf8" });
    } catch (e) {
      await fh.truncate(size).catch(() => undefined);
      throw e;
    }
  } finally {
    await fh.close();
  }
}

/** The receipt of a stored file: same name and same bytes (the earliest, should the ledger hold more than one). */
export function findReceipt(ledger: Ledger, storedName: string, sha256: string): Receipt | undefined {
  const i = earliestOf(
    ledger.receipts,
    ledger.receipts.flatMap((r, k) => (r.storedName === storedName && r.sha256 === sha256 ? [k] : [])),
  );
  return i >= 0 ? ledger.receipts[i] : undefined;
}

/** The earliest receipt of these bytes, whatever the name. */
export function findBySha(ledger: Ledger, sha256: string): Receipt | undefined {
  const i = earliestOf(
    ledger.receipts,
    ledger.receipts.flatMap((r, k) => (r.sha256 === sha256 ? [k] : [])),
  );
  return i >= 0 ? ledger.receipts[i] : undefined;
}
