import type { InfoField, NarrativeSection, ReportedTaskState, Severity } from "../../vn/labels.js";

/** Where a value came from. */
export interface CellRef {
  file: string;
  sheet: string;
  cell: string;
}

/** A finding on a submission, with its Vietnamese message already produced (problems/messages.ts). */
export interface Finding {
  severity: Severity;
  code: string;
  sheet: string | null;
  cell: string | null;
  key: string | null;
  message: string;
  args: Record<string, string | number | boolean | null>;
}

export interface ReadValue<T> {
  value: T | null;
  ref: CellRef;
  /** true when a finding of severity warning or error sits on this cell (the value was converted, or set aside) */
  flagged: boolean;
}

export interface TaskReport {
  stt: number;
  role: "lead" | "coordinate";
  status: ReportedTaskState | null;
  result: string | null;
  doc: string | null;
  docDate: string | null;
  difficulties: string | null;
  ref: CellRef;
  flagged: boolean;
}

/** Everything read from one accepted submission: plain data, cell-addressed. */
export interface SubmissionData {
  agency: string;
  period: string;
  planId: string;
  formatVersion: number;
  fingerprint: string;
  info: Partial<Record<InfoField, ReadValue<string>>>;
  /** numbers for count/amount/percent indicators; text for text indicators. A bad value is null and flagged. */
  values: Record<string, ReadValue<number | string>>;
  /** the agency's note ("Ghi chú") beside a figure, by indicator code, with its cell */
  notes: Record<string, { value: string; ref: CellRef }>;
  tasks: TaskReport[];
  narrative: Partial<Record<NarrativeSection, ReadValue<string>>>;
}

export type ReceivedAtSource = "ledger" | "first-seen" | "file-time";

/** One file of data/<P>/ as `cchc check --json` reports it. */
export interface SubmissionRecord {
  /** the name the file has in the inbox (data/<P>/) */
  file: string;
  originalName: string | null;
  sha256: string;
  size: number;
  agency: string | null;
  period: string | null;
  accepted: boolean;
  /** 1 for an agency's first file, 2 for its second, … (by receipt time) */
  version: number;
  /** whether this is the version that counts (the agency's latest accepted one) */
  latest: boolean;
  receivedAt: string | null;
  receivedAtSource: ReceivedAtSource;
  /** the damaged ledger line (so-nhan.jsonl) the receipt time was recovered from, or that lost it (then the file time) */
  damagedLedgerLine?: number;
  findings: Finding[];
  data: SubmissionData | null;
  /** the first error that rejected the file, in Vietnamese */
  rejectReason: string | null;
  converted: string | null;
}
