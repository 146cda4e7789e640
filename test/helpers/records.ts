import type { SubmissionRecord } from "../../src/intake/judge/submission.js";
import type { ReportedTaskState } from "../../src/vn/labels.js";

/** A minimal accepted SubmissionRecord with the given figures and task statuses. */
export function acceptedRecord(
  agency: string,
  period: string,
  receivedAt: string,
  values: Record<string, number | string | null>,
  opts: {
    tasks?: Record<number, ReportedTaskState | null>;
    roles?: Record<number, "lead" | "coordinate">;
    version?: number;
    flagged?: string[];
    results?: Record<number, string>;
  } = {},
): SubmissionRecord {
  const file = `${agency}_v${opts.version ?? 1}.xlsx`;
  let row = 10;
  return {
    file,
    originalName: file,
    sha256: "a".repeat(64),
    size: 1,
    agency,
    period,
    accepted: true,
    version: opts.version ?? 1,
    latest: true,
    receivedAt,
    receivedAtSource: "ledger",
    findings: [],
    rejectReason: null,
    converted: null,
    data: {
      agency,
      period,
      planId: "tiny-plan",
      formatVersion: 1,
      fingerprint: "x",
      info: {},
      values: Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          { value: v, ref: { file, sheet: "Số liệu", cell: `F${row++}` }, flagged: opts.flagged?.includes(k) ?? false },
        ]),
      ),
      notes: {},
      tasks: Object.entries(opts.tasks ?? {}).map(([stt, status]) => ({
        stt: Number(stt),
        role: opts.roles?.[Number(stt)] ?? "lead",
        status,
        result: opts.results?.[Number(stt)] ?? null,
        doc: null,
        docDate: null,
        difficulties: null,
        ref: { file, sheet: "Nhiệm vụ", cell: `G${stt}` },
        flagged: false,
      })),
      narrative: {},
    },
  };
}

export function rejectedRecord(agency: string, period: string, receivedAt: string, reason: string): SubmissionRecord {
  return {
    file: `${agency}_x.xlsx`,
    originalName: "x.xlsx",
    sha256: "b".repeat(64),
    size: 1,
    agency,
    period,
    accepted: false,
    version: 1,
    latest: true,
    receivedAt,
    receivedAtSource: "ledger",
    findings: [
      { severity: "error", code: "file.encrypted", sheet: null, cell: null, key: null, message: reason, args: {} },
    ],
    data: null,
    rejectReason: reason,
    converted: null,
  };
}
