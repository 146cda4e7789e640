import { resolve } from "node:path";
import { loadPlan } from "../../src/plan/read-seeds.js";
import { agenciesForPeriod, type Agency, type Plan } from "../../src/plan/plan.js";
import { parsePeriod, type Period } from "../../src/calendar/period.js";
import { plausibleFill, type PlausibleFill } from "../../src/sample/plausible.js";
import type { SubmissionRecord, SubmissionData } from "../../src/intake/judge/submission.js";
import { consolidate } from "../../src/consolidate/consolidate.js";
import type { EarlierPeriods } from "../../src/consolidate/earlier.js";
import { modelSchema, type Model } from "../../src/consolidate/model.js";
import { rowKey } from "../../src/intake/template-layout.js";

export const repoRoot = resolve(import.meta.dirname, "../..");

export async function loadRepoPlan(): Promise<Plan> {
  return loadPlan(repoRoot);
}

/** A SubmissionRecord as intake would produce it, from plain figures (no workbook involved). */
export function recordFromFill(
  plan: Plan,
  period: Period,
  agency: Agency,
  fill: PlausibleFill,
  opts: { receivedAt: string; file?: string; version?: number; flagged?: string[] },
): SubmissionRecord {
  const file = opts.file ?? `${agency.code}_v${opts.version ?? 1}.xlsx`;
  const ref = (sheet: string, row: number, col = "F") => ({ file, sheet, cell: `${col}${row}` });
  const values: SubmissionData["values"] = {};
  let row = 6;
  for (const [code, v] of Object.entries(fill.values)) {
    values[code] = { value: v, ref: ref("Số liệu", row++), flagged: opts.flagged?.includes(code) ?? false };
  }
  const data: SubmissionData = {
    agency: agency.code,
    period: period.id,
    planId: plan.meta.id,
    formatVersion: 1,
    fingerprint: plan.fingerprint,
    info: {
      reporter: { value: fill.info.reporter, ref: ref("Thông tin", 6, "C"), flagged: false },
      phone: { value: fill.info.phone, ref: ref("Thông tin", 7, "C"), flagged: false },
      email: { value: fill.info.email, ref: ref("Thông tin", 8, "C"), flagged: false },
      "doc-number": { value: fill.info.docNumber, ref: ref("Thông tin", 9, "C"), flagged: false },
      "doc-date": { value: fill.info.docDate, ref: ref("Thông tin", 10, "C"), flagged: false },
    },
    values,
    notes: {},
    tasks: fill.tasks.map((t, i) => ({
      stt: t.stt,
      role: "lead" as const,
      status: t.status,
      result: t.result,
      doc: t.doc,
      docDate: t.docDate,
      difficulties: t.difficulties,
      ref: ref("Nhiệm vụ", 6 + i, "H"),
      flagged: false,
    })),
    narrative: Object.fromEntries(
      Object.entries(fill.narrative).map(([k, v], i) => [
        k,
        { value: v, ref: ref("Đánh giá", 6 + i, "C"), flagged: false },
      ]),
    ),
  };
  // role: coordinate for tasks the agency does not lead
  for (const t of data.tasks) {
    const task = plan.tasks.find((x) => x.stt === t.stt);
    if (task && !task.leadAgencies.includes(agency.code)) t.role = "coordinate";
  }
  void rowKey;
  return {
    file,
    originalName: file,
    sha256: "0".repeat(64),
    size: 1000,
    agency: agency.code,
    period: period.id,
    accepted: true,
    version: opts.version ?? 1,
    latest: true,
    receivedAt: opts.receivedAt,
    receivedAtSource: "ledger",
    findings: (opts.flagged ?? []).map((code) => ({
      severity: "warning" as const,
      code: "value.text-number",
      sheet: "Số liệu",
      cell: values[code]?.ref.cell ?? null,
      key: `ind:${code}`,
      message: "Số được nhập dạng chữ, đã đọc thành số.",
      args: {},
    })),
    data,
    rejectReason: null,
    converted: null,
  };
}

/**
 * A realistic model of a period from the real seeds: every agency reports plausible figures, except
 * `missing` (no file), `late` (received after the due date) and `rejected` (a rejected file).
 */
export async function buildSampleModel(
  opts: Parameters<typeof consolidateSample>[0] = {},
): Promise<{ plan: Plan; period: Period; model: Model }> {
  const { plan, period, model } = await consolidateSample(opts);
  return { plan, period, model: modelSchema.parse(model) };
}

/** The model of buildSampleModel as consolidate gives it, not parsed by its schema. */
export async function consolidateSample(
  opts: {
    periodId?: string;
    missing?: string[];
    late?: string[];
    rejected?: string[];
    date?: string;
    earlier?: EarlierPeriods;
    seed?: number;
    /** another plan (e.g. seeds with more agencies); default the repository's */
    plan?: Plan;
    /** changes an agency's plausible fill before it becomes a record */
    tweak?: (agency: Agency, fill: PlausibleFill) => void;
  } = {},
): Promise<{ plan: Plan; period: Period; model: Model }> {
  const plan = opts.plan ?? (await loadRepoPlan());
  const period = parsePeriod(opts.periodId ?? "2025-Q1", plan.settings.due)!;
  const records: SubmissionRecord[] = [];
  for (const a of agenciesForPeriod(plan, period)) {
    if (opts.missing?.includes(a.code)) continue;
    if (opts.rejected?.includes(a.code)) {
      records.push({
        file: `${a.code}_v1.xlsx`,
        originalName: "bao-cao.xls",
        sha256: "1".repeat(64),
        size: 10,
        agency: a.code,
        period: period.id,
        accepted: false,
        version: 1,
        latest: true,
        receivedAt: `${period.due}T09:00:00+07:00`,
        receivedAtSource: "ledger",
        findings: [
          {
            severity: "error",
            code: "file.encrypted",
            sheet: null,
            cell: null,
            key: null,
            message: "Tệp được đặt mật khẩu.",
            args: {},
          },
        ],
        data: null,
        rejectReason: "Tệp được đặt mật khẩu, không đọc được.",
        converted: null,
      });
      continue;
    }
    const late = opts.late?.includes(a.code);
    const day = late ? `${period.due.slice(0, 8)}23` : `${period.due.slice(0, 8)}1${(a.code.length % 9) + 0}`;
    const fill = plausibleFill(plan, period, a, opts.seed ?? 1);
    opts.tweak?.(a, fill);
    records.push(recordFromFill(plan, period, a, fill, { receivedAt: `${day}T10:00:00+07:00` }));
  }
  const model = consolidate({
    plan,
    period,
    records,
    earlier: opts.earlier ?? { previous: null, lastYear: null, cumulative: [] },
    now: { date: opts.date ?? "2025-03-25", instant: `${opts.date ?? "2025-03-25"}T08:00:00+07:00` },
    generator: "cchc test",
  });
  return { plan, period, model };
}
