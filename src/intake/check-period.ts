import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { earlierCumulativePeriods, type Period } from "../calendar/period.js";
import { agenciesForPeriod, findAgency, type Plan } from "../plan/plan.js";
import { makeFinding } from "./finding.js";
import type { IntakeCode } from "./finding-codes.js";
import { agencyFromFileName, fileTimeIn, inboxDir, listInbox, sha256Of, type InboxFile } from "./inbox.js";
import { appendReceipts, findReceipt, readLedger, type Receipt } from "./ledger.js";
import { parseSubmission, type AgencyHint, type EarlierFigures, type ParseResult } from "./parse-submission.js";
import { ReadError, type RawWorkbook, type WorkbookReader } from "./raw-workbook.js";
import { defaultReader, readWorkbookFile, type ReadFileOptions } from "./read-file.js";
import type { Finding, ReceivedAtSource, SubmissionRecord } from "./submission.js";
import { renderFeedbackWorkbook } from "../render/feedback-xlsx.js";
import type { PendingFile } from "../util/atomic-write.js";

/**
 * Reads and judges every file of a period's inbox (data/<P>/): the stage `cchc check` and `cchc build` share.
 * No printing. Input files are only read; the one write is appending receipts of hand-dropped files to the
 * ledger (append-only), which can be turned off.
 */

export interface CheckPeriodOptions {
  root: string;
  plan: Plan;
  period: Period;
  /**
   * The run's day (--date or today, YYYY-MM-DD: stamps the feedback workbooks) and instant (ISO with offset, e.g.
   * "2025-03-20T00:00:00+07:00": the receipt time of files seen for the first time; see inbox.ts receiptInstant).
   */
  now: { date: string; instant: string };
  reader?: WorkbookReader;
  /** limits and LibreOffice conversion of the file reader */
  readOptions?: ReadFileOptions;
  /** record first-seen receipts of hand-dropped files (default true) */
  recordReceipts?: boolean;
  /** earlier cumulative figures; by default read from output/<earlier>/tong-hop.json */
  earlier?: EarlierFigures[];
  /** called after each file is judged */
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface CheckPeriodResult {
  period: Period;
  inbox: string;
  /** one per file, in file-name order */
  records: SubmissionRecord[];
  /** expected agencies with no file at all */
  missing: string[];
  /** expected agencies that sent files, none of them accepted */
  rejectedOnly: string[];
  /** each agency's version that counts: its latest accepted one */
  latest: Map<string, SubmissionRecord>;
  /** receipts appended to the ledger in this run */
  receiptsAdded: Receipt[];
  /** earlier periods whose consolidated figures were used for the cumulative rule */
  earlierUsed: string[];
  /** why receipts could not be recorded (then file times were used), or null */
  ledgerWriteError: string | null;
  /** the feedback workbooks output/<P>/phan-hoi/<agency>.xlsx, rendered, to be written by the caller */
  extraFiles: PendingFile[];
  /** feedback workbooks of agencies whose latest file is now clean: stale, the caller may remove them */
  staleFeedback: string[];
}

/** The ReadError code → finding code. */
const readErrorCodes: Record<ReadError["code"], IntakeCode> = {
  empty: "intake.file-empty",
  "not-zip": "intake.file-not-zip",
  corrupt: "intake.file-corrupt",
  encrypted: "intake.file-encrypted",
  xls: "intake.file-xls",
  ods: "intake.file-ods",
  "not-xlsx": "intake.file-not-xlsx",
  "zip-bomb": "intake.file-zip-bomb",
};

/** The rejection of a file that could not be read at all. */
export function rejectionForReadError(e: unknown): Finding {
  if (e instanceof ReadError) return makeFinding(readErrorCodes[e.code], {}, { detail: e.detail || null });
  return makeFinding("intake.file-unreadable", {}, { detail: e instanceof Error ? e.message : String(e) });
}

/** Reads a workbook, turning any read failure into a rejection (never throws for bad bytes). */
export async function readAndParse(
  bytes: Uint8Array,
  fileName: string,
  reader: WorkbookReader,
  parse: (wb: RawWorkbook) => ParseResult,
  options: ReadFileOptions = {},
): Promise<{ result: ParseResult; converted: string | null }> {
  let workbook: RawWorkbook;
  let converted: string | null = null;
  try {
    const r = await readWorkbookFile(bytes, fileName, reader, options);
    workbook = r.workbook;
    converted = r.converted ? String(r.converted) : null;
  } catch (e) {
    const f = rejectionForReadError(e);
    return { result: { accepted: false, agency: null, period: null, data: null, findings: [f], rejectReason: f.message }, converted: null };
  }
  const result = parse(workbook);
  if (converted) {
    const format = /ods/i.test(converted) ? "ods" : "xls";
    result.findings.unshift(makeFinding("intake.converted", {}, { format }));
  }
  return { result, converted };
}

/** Earlier consolidated figures (output/<P>/tong-hop.json) of the cumulative reports this one must not fall below. */
export async function readEarlierFigures(root: string, plan: Plan, period: Period): Promise<EarlierFigures[]> {
  const out: EarlierFigures[] = [];
  for (const p of earlierCumulativePeriods(period, plan.settings.due)) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(root, "output", p.id, "tong-hop.json"), "utf8"));
    } catch {
      continue;
    }
    const agencies: EarlierFigures["agencies"] = {};
    const list = (json as { agencies?: unknown })?.agencies;
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      const code = (a as { code?: unknown })?.code;
      const values = (a as { values?: unknown })?.values;
      if (typeof code !== "string" || !values || typeof values !== "object") continue;
      const clean: Record<string, number | null> = {};
      for (const [k, v] of Object.entries(values as Record<string, unknown>)) clean[k] = typeof v === "number" && Number.isFinite(v) ? v : null;
      agencies[code] = clean;
    }
    out.push({ period: p.id, label: p.label, agencies });
  }
  return out;
}

interface Pending {
  file: InboxFile;
  sha256: string;
  receipt: Receipt | null;
  /** the ledger line order of the receipt, for ties in receipt time */
  order: number;
  result: ParseResult;
  converted: string | null;
  hint: AgencyHint | null;
  receivedAt: string | null;
  receivedAtSource: ReceivedAtSource;
}

const instant = (iso: string | null): number => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/** Versions per agency by receipt time (then ledger order, then name); the latest accepted version counts. */
export function assignVersions(records: SubmissionRecord[], order: ReadonlyMap<SubmissionRecord, number>): Map<string, SubmissionRecord> {
  const byAgency = new Map<string, SubmissionRecord[]>();
  for (const r of records) {
    r.latest = false;
    if (!r.agency) {
      r.version = 1;
      continue;
    }
    const list = byAgency.get(r.agency) ?? [];
    list.push(r);
    byAgency.set(r.agency, list);
  }
  const latest = new Map<string, SubmissionRecord>();
  for (const [agency, list] of byAgency) {
    list.sort((a, b) => instant(a.receivedAt) - instant(b.receivedAt) || (order.get(a) ?? 0) - (order.get(b) ?? 0) || a.file.localeCompare(b.file));
    list.forEach((r, i) => { r.version = i + 1; });
    const last = list.filter((r) => r.accepted).at(-1);
    if (last) {
      last.latest = true;
      latest.set(agency, last);
    }
  }
  return latest;
}

export async function checkPeriod(opts: CheckPeriodOptions): Promise<CheckPeriodResult> {
  const { root, plan, period } = opts;
  const reader = opts.reader ?? defaultReader;
  const dir = inboxDir(root, period.id);
  const tz = plan.settings.timezone;
  const ledger = await readLedger(dir);
  const files = await listInbox(dir);
  const earlier = opts.earlier ?? (await readEarlierFigures(root, plan, period));

  const pending: Pending[] = [];
  const seenSha = new Map<string, string>();
  for (const file of files) {
    const bytes = await readFile(file.path);
    const sha256 = sha256Of(bytes);
    const receipt = findReceipt(ledger, file.name, sha256) ?? null;
    const hint = hintFor(receipt, file.name, plan);
    const { result, converted } = await readAndParse(bytes, file.name, reader, (workbook) =>
      parseSubmission({ workbook, plan, period: period.id, fileName: file.name, agencyHint: hint, earlier }), opts.readOptions);
    const before = ledger.receipts.findLast((r) => r.storedName === file.name && r.sha256 !== sha256);
    if (!receipt && before) result.findings.push(makeFinding("intake.changed-after-receipt", {}, { previousReceivedAt: before.receivedAt, previousSha256: before.sha256 }));
    const twin = seenSha.get(sha256);
    if (twin) result.findings.push(makeFinding("intake.duplicate-content", {}, { other: twin }));
    else seenSha.set(sha256, file.name);
    opts.onProgress?.(pending.length + 1, files.length, file.name);
    pending.push({
      file, sha256, receipt, order: receipt ? ledger.receipts.indexOf(receipt) : ledger.receipts.length + pending.length, result, converted, hint,
      receivedAt: receipt?.receivedAt ?? null,
      receivedAtSource: receipt ? (receipt.source === "receive" ? "ledger" : "first-seen") : "first-seen",
    });
  }

  // receipts of files seen for the first time: appended now, or file times when the ledger cannot be written
  const fresh: Receipt[] = pending.filter((p) => !p.receipt).map((p) => ({
    originalName: null, storedName: p.file.name, sha256: p.sha256, size: p.file.size, receivedAt: opts.now.instant,
    agency: p.result.agency, period: p.result.period, source: "first-seen",
    declaredAgency: p.hint?.code ?? null, declaredFrom: p.hint ? "file-name" : null,
  }));
  let ledgerWriteError: string | null = null;
  let recorded = opts.recordReceipts !== false;
  if (recorded && fresh.length > 0) {
    try {
      await appendReceipts(dir, fresh);
    } catch (e) {
      recorded = false;
      ledgerWriteError = e instanceof Error ? e.message : String(e);
    }
  }
  for (const p of pending) {
    if (p.receipt) continue;
    if (recorded) {
      p.receivedAt = opts.now.instant;
      p.receivedAtSource = "first-seen";
    } else {
      p.receivedAt = fileTimeIn(p.file.mtime, tz);
      p.receivedAtSource = "file-time";
    }
  }

  const order = new Map<SubmissionRecord, number>();
  const records = pending.map((p) => {
    const r: SubmissionRecord = {
      file: p.file.name,
      originalName: p.receipt?.originalName ?? null,
      sha256: p.sha256,
      size: p.file.size,
      agency: p.result.agency ?? knownAgency(plan, p.receipt?.agency) ?? knownAgency(plan, p.hint?.code) ?? null,
      period: p.result.period ?? p.receipt?.period ?? null,
      accepted: p.result.accepted,
      version: 1,
      latest: false,
      receivedAt: p.receivedAt,
      receivedAtSource: p.receivedAtSource,
      findings: p.result.findings,
      data: p.result.data,
      rejectReason: p.result.rejectReason,
      converted: p.converted,
    };
    order.set(r, p.order);
    return r;
  });
  const latest = assignVersions(records, order);

  const feedback = await renderFeedback(plan, period, records, root, opts.now.date);
  const expected = agenciesForPeriod(plan, period).map((a) => a.code);
  const sent = new Set(records.map((r) => r.agency).filter((a): a is string => a !== null));
  return {
    period,
    inbox: dir,
    records,
    missing: expected.filter((a) => !sent.has(a)),
    rejectedOnly: expected.filter((a) => sent.has(a) && !latest.has(a)),
    latest,
    receiptsAdded: recorded ? fresh : [],
    earlierUsed: earlier.map((e) => e.period),
    ledgerWriteError,
    extraFiles: feedback.files,
    staleFeedback: feedback.stale,
  };
}

export function feedbackDir(root: string, periodId: string): string {
  return join(root, "output", periodId, "phan-hoi");
}

/** Per agency, the file feedback is about: its latest version, accepted or not. */
function feedbackRecords(records: readonly SubmissionRecord[]): Map<string, SubmissionRecord> {
  const last = new Map<string, SubmissionRecord>();
  for (const r of records) {
    if (!r.agency) continue;
    const cur = last.get(r.agency);
    if (!cur || r.version > cur.version) last.set(r.agency, r);
  }
  return last;
}

/** Renders (in memory) a feedback workbook per agency whose latest file has findings; lists stale ones of clean agencies. */
async function renderFeedback(plan: Plan, period: Period, records: readonly SubmissionRecord[], root: string, date: string): Promise<{ files: PendingFile[]; stale: string[] }> {
  const files: PendingFile[] = [];
  const stale: string[] = [];
  const dir = feedbackDir(root, period.id);
  const existing = new Set(await readdir(dir).catch(() => [] as string[]));
  for (const [code, record] of feedbackRecords(records)) {
    const path = join(dir, `${code}.xlsx`);
    if (record.findings.length === 0) {
      if (existing.has(`${code}.xlsx`)) stale.push(path);
      continue;
    }
    const data = await renderFeedbackWorkbook({ plan, period, agencyCode: code, agency: findAgency(plan, code), record, generatedOn: date });
    files.push({ path, data });
  }
  return { files, stale };
}

function knownAgency(plan: Plan, code: string | null | undefined): string | null {
  return code && findAgency(plan, code) ? code : null;
}

/** The agency named outside the metadata: --agency or the original name recorded at receipt, else the inbox name. */
function hintFor(receipt: Receipt | null, inboxName: string, plan: Plan): AgencyHint | null {
  if (receipt?.declaredAgency && knownAgency(plan, receipt.declaredAgency)) {
    return { code: receipt.declaredAgency, source: receipt.declaredFrom ?? "file-name", fileName: receipt.originalName ?? inboxName };
  }
  if (receipt) return null;
  const code = agencyFromFileName(inboxName, plan);
  return code ? { code, source: "file-name", fileName: inboxName } : null;
}
