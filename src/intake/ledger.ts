import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The receipt ledger of one inbox, data/<P>/so-nhan.jsonl: append-only, one JSON object per line.
 * A line is never rewritten or removed; a file received twice with the same bytes is recorded once.
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

export interface Ledger {
  receipts: Receipt[];
  /** closings and reopenings of the period, in order */
  events: LedgerEvent[];
  /** 1-based numbers of lines that are not receipts (kept in the file, ignored) */
  badLines: number[];
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function toReceipt(o: unknown): Receipt | null {
  if (!o || typeof o !== "object") return null;
  const r = o as Record<string, unknown>;
  const storedName = str(r["storedName"]);
  const sha256 = str(r["sha256"]);
  const receivedAt = str(r["receivedAt"]);
  if (!storedName || !sha256 || !receivedAt) return null;
  const source = r["source"] === "first-seen" ? "first-seen" : "receive";
  const from = r["declaredFrom"];
  return {
    originalName: str(r["originalName"]),
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

/** Parses the ledger's text (pure). */
export function parseLedger(text: string): Ledger {
  const receipts: Receipt[] = [];
  const events: LedgerEvent[] = [];
  const badLines: number[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let o: unknown = null;
    try {
      o = JSON.parse(line);
    } catch {
      o = null;
    }
    const e = toEvent(o);
    if (e) {
      events.push(e);
      return;
    }
    const r = toReceipt(o);
    if (r) receipts.push(r);
    else badLines.push(i + 1);
  });
  return { receipts, events, badLines };
}

function toEvent(o: unknown): LedgerEvent | null {
  if (!o || typeof o !== "object") return null;
  const r = o as Record<string, unknown>;
  const event = r["event"];
  if ((event !== "close" && event !== "reopen") || typeof r["at"] !== "string" || typeof r["period"] !== "string") return null;
  return {
    event, at: r["at"], period: r["period"], number: str(r["number"]), signedOn: str(r["signedOn"]), reason: str(r["reason"]),
    closing: typeof r["closing"] === "number" ? r["closing"] : 0,
  };
}

/** Appends an event line (a closing or a reopening) to the ledger. */
export async function appendLedgerEvent(inbox: string, e: LedgerEvent): Promise<void> {
  await appendLines(inbox, [JSON.stringify({ event: e.event, at: e.at, period: e.period, number: e.number, signedOn: e.signedOn, reason: e.reason, closing: e.closing })]);
}

/** One ledger line, fields in a fixed order (no newline). */
export function serialiseReceipt(r: Receipt): string {
  return JSON.stringify({
    originalName: r.originalName, storedName: r.storedName, sha256: r.sha256, size: r.size, receivedAt: r.receivedAt,
    agency: r.agency, period: r.period, source: r.source, declaredAgency: r.declaredAgency, declaredFrom: r.declaredFrom,
  });
}

export function ledgerPath(inbox: string): string {
  return join(inbox, LEDGER_FILE);
}

/** Reads an inbox's ledger; an absent ledger is empty. */
export async function readLedger(inbox: string): Promise<Ledger> {
  try {
    return parseLedger(await readFile(ledgerPath(inbox), "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { receipts: [], events: [], badLines: [] };
    throw e;
  }
}

/** Appends receipts (never rewrites): a line break first when the last line was left unterminated. */
export async function appendReceipts(inbox: string, receipts: readonly Receipt[]): Promise<void> {
  await appendLines(inbox, receipts.map(serialiseReceipt));
}

async function appendLines(inbox: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(inbox, { recursive: true });
  const path = ledgerPath(inbox);
  let prefix = "";
  try {
    const old = await readFile(path);
    if (old.length > 0 && old[old.length - 1] !== 0x0a) prefix = "\n";
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  await appendFile(path, prefix + lines.map((l) => l + "\n").join(""), { encoding: "utf8", flag: "a" });
}

/** The receipt of a stored file: same name and same bytes (the last one, should a name recur). */
export function findReceipt(ledger: Ledger, storedName: string, sha256: string): Receipt | undefined {
  return ledger.receipts.findLast((r) => r.storedName === storedName && r.sha256 === sha256);
}

/** Any earlier receipt of these bytes, whatever the name. */
export function findBySha(ledger: Ledger, sha256: string): Receipt | undefined {
  return ledger.receipts.find((r) => r.sha256 === sha256);
}
