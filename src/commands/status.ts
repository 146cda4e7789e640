import type { Period } from "../calendar/period.js";
import type { AgencyEntry, Model } from "../consolidate/model.js";
import type { WorkbookReader } from "../intake/xlsx/raw-workbook.js";
import { groupName, type Plan } from "../plan/plan.js";
import { formatShortDate } from "../vn/format.js";
import { severityLabels, submissionStatusText } from "../vn/labels.js";
import { formatTable } from "../util/text-table.js";
import type { CommandContext } from "./context.js";
import { consolidatePeriod } from "./pipeline.js";
import { requirePeriodInPlan, resolvePeriod } from "./period.js";
import { readRecordState, verifyRecord } from "../workspace/record.js";
import { ledgerWarningLines, ledgerWarningsJson } from "./check.js";
import type { LedgerWarning } from "../intake/inbox/damaged-lines.js";
import type { CommandResult } from "./result.js";
import { environmentError } from "../problems/environment.js";
import { LockBusyError, withWorkspaceLock } from "./workspace-lock.js";

/** How long status waits for a command holding the workspace lock before it reads without recording receipts. */
const STATUS_LOCK_WAIT_MS = 2000;

/**
 * The model for status: holding the workspace lock, so that receipts of hand-dropped files are recorded once; when
 * another command holds it (or output/ cannot be written), status only reads, recording nothing.
 */
async function modelUnderLock(
  ctx: CommandContext,
  period: Period,
  opts: StatusOptions,
): ReturnType<typeof currentModel> {
  try {
    return await withWorkspaceLock(ctx.root, () => currentModel(ctx, period, opts), { waitMs: STATUS_LOCK_WAIT_MS });
  } catch (e) {
    if (!(e instanceof LockBusyError) && !environmentError(e)) throw e;
    return currentModel(ctx, period, opts, false);
  }
}

/**
 * `cchc status`: where a period stands now, from what is in data/<P>/ — intake and consolidation only,
 * nothing rendered or written (except the receipts of hand-dropped files, which intake appends to the
 * inbox's ledger so that their first-seen time is kept).
 */

/** `cchc status`'s own options (the context gives the workspace, the plan and the moment: the day counted from). */
export interface StatusOptions {
  /** the period asked for (--period), else the period of the context's day */
  period?: string | undefined;
  quiet?: boolean;
  /** colour the table (the CLI decides: only on a TTY, never under NO_COLOR or CI) */
  colour?: boolean;
  reader?: WorkbookReader;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface StatusAgency {
  code: string;
  name: string;
  group: string;
  status: AgencyEntry["status"];
  daysLate: number | null;
  receivedAt: string | null;
  errors: number;
  warnings: number;
}

export interface StatusJson {
  period: string;
  label: string;
  due: string;
  date: string;
  daysLeft: number;
  agencies: StatusAgency[];
  counts: Model["completeness"]["total"];
  byGroup: Model["completeness"]["byGroup"];
}

/**
 * The consolidated model of a period as of now, and the warnings about its ledger, without writing anything but the
 * receipts of hand-dropped files (and not those when `recordReceipts` is false).
 */
export async function currentModel(
  ctx: CommandContext,
  period: Period,
  opts: Pick<StatusOptions, "reader" | "onProgress">,
  recordReceipts = true,
): Promise<{ model: Model; inbox: string; ledgerWarnings: LedgerWarning[] }> {
  const { checked, model } = await consolidatePeriod(ctx, period, {
    recordReceipts,
    // what check or build read before is used, but nothing is written to output/
    cache: "read",
    ...(opts.reader ? { reader: opts.reader } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return { model, inbox: checked.inbox, ledgerWarnings: checked.ledgerWarnings };
}

export function deadlineSentence(p: Pick<Period, "due">, date: string, left: number): string {
  const due = formatShortDate(p.due);
  if (left > 0) return `còn ${left} ngày đến hạn gửi (${due})`;
  if (left === 0) return `hôm nay là hạn gửi (${due})`;
  return `đã quá hạn gửi ${-left} ngày (hạn ${due}, hôm nay ${formatShortDate(date)})`;
}

export function statusJson(model: Model, date: string): StatusJson {
  return {
    period: model.period.id,
    label: model.period.label,
    due: model.period.due,
    date,
    daysLeft: model.period.daysLeft,
    agencies: model.agencies.map((a) => ({
      code: a.code,
      name: a.name,
      group: a.group,
      status: a.status,
      daysLate: a.daysLate,
      receivedAt: a.receivedAt,
      errors: a.findingCounts.error,
      warnings: a.findingCounts.warning,
    })),
    counts: model.completeness.total,
    byGroup: model.completeness.byGroup,
  };
}

/** The terminal table: one row per expected agency, statuses coloured when asked. */
export function statusText(
  plan: Plan,
  model: Model,
  date: string,
  opts: { colour?: boolean; quiet?: boolean } = {},
): string {
  const sgr =
    (on: number, off: number) =>
    (s: string): string =>
      opts.colour ? `\u001b[${on}m${s}\u001b[${off}m` : s;
  const paint = { on: sgr(32, 39), late: sgr(33, 39), bad: sgr(31, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
  const p = model.period;
  const c = model.completeness.total;
  const rows = model.agencies.map((a, i) => [
    String(i + 1),
    a.shortName,
    plan.groups.find((g) => g.id === a.group)?.shortName ?? a.group,
    a.receivedAt ? formatShortDate(a.receivedAt) : "—",
    submissionStatusText(a),
    a.findingCounts.error > 0 ? String(a.findingCounts.error) : "0",
    a.findingCounts.warning > 0 ? String(a.findingCounts.warning) : "0",
  ]);
  const table = formatTable(
    ["STT", "Cơ quan", "Khối", "Ngày nhận", "Tình trạng", severityLabels.error, severityLabels.warning],
    rows,
  ).split("\n");
  // colour the status cell after alignment (escape codes would upset the widths)
  const coloured = table.map((line, i) => {
    if (i < 2) return i === 0 ? paint.bold(line) : line;
    const a = model.agencies[i - 2]!;
    const word = submissionStatusText(a);
    const at = line.lastIndexOf(word);
    if (at < 0) return line;
    const f =
      a.status === "on-time"
        ? paint.on
        : a.status === "late"
          ? paint.late
          : a.status === "rejected"
            ? paint.bad
            : paint.dim;
    return line.slice(0, at) + f(word) + line.slice(at + word.length);
  });
  const left = p.daysLeft;
  const deadline = deadlineSentence(p, date, left);
  const head = `Kỳ báo cáo ${p.id} — ${p.label}: ${left < 0 ? paint.bad(deadline) : left <= 5 ? paint.late(deadline) : deadline}.`;
  const summary = `Đã nhận ${c.reported}/${c.expected} cơ quan: ${c.onTime} đúng hạn, ${c.late} chậm hạn; ${c.rejected} bị từ chối; ${c.missing} chưa gửi.`;
  const lines = [head, summary, "", ...coloured];
  if (!opts.quiet) {
    lines.push("");
    for (const g of plan.groups) {
      const gc = model.completeness.byGroup[g.id];
      if (gc && gc.expected > 0) lines.push(`${groupName(plan, g.id)}: ${gc.reported}/${gc.expected} đã gửi.`);
    }
    const errs = model.agencies.filter((a) => a.findingCounts.error > 0).length;
    if (errs > 0)
      lines.push(`${errs} cơ quan có tệp lỗi: xem "cchc check --period ${p.id}" và thư mục output/${p.id}/phan-hoi/.`);
    if (c.missing + c.rejected > 0 && left < 0) lines.push(`Công văn đôn đốc: "cchc build --period ${p.id}".`);
  }
  return lines.join("\n");
}

export async function runStatus(ctx: CommandContext, opts: StatusOptions): Promise<CommandResult> {
  const { root, plan } = ctx;
  const date = ctx.now.date;
  const period = resolvePeriod(plan, { period: opts.period, date });
  requirePeriodInPlan(plan, period);
  // the model's period counts its days left from the context's day (the calendar's daysLeft, in consolidate)
  const { model, inbox, ledgerWarnings } = await modelUnderLock(ctx, period, opts);
  const closed = await closedState(root, period.id, model);
  const warnings = ledgerWarningLines(root, inbox, ledgerWarnings);
  const text = statusText(plan, model, date, { colour: opts.colour ?? false, quiet: opts.quiet ?? false });
  const withWarnings = warnings.length > 0 ? `${text}\n\n${warnings.join("\n")}` : text;
  return {
    json: { ...statusJson(model, date), closed, ledgerWarnings: ledgerWarningsJson(ledgerWarnings) },
    text: closed ? `${closedLines(closed).join("\n")}\n${withWarnings}` : withWarnings,
    exitCode: 0,
  };
}

export interface ClosedStatus {
  number: string | null;
  signedOn: string | null;
  closedAt: string | null;
  closing: number | null;
  /** agencies whose file arrived after the closing */
  receivedAfter: { code: string; name: string; receivedAt: string }[];
  /** files of the record that no longer match its manifest, and other damage */
  recordProblems: string[];
}

/** A closed period's record, as status shows it: the signed report, late arrivals, and whether the record is whole. */
async function closedState(root: string, periodId: string, model: Model): Promise<ClosedStatus | null> {
  const state = await readRecordState(root, periodId);
  if (!state.closed) return null;
  const m = state.manifest;
  const closedAt = m ? Date.parse(m.closedAt) : Number.NaN;
  return {
    number: m?.number ?? null,
    signedOn: m?.signedOn ?? null,
    closedAt: m?.closedAt ?? null,
    closing: m?.closing ?? null,
    receivedAfter: model.agencies
      .filter((a) => a.receivedAt !== null && Date.parse(a.receivedAt) > closedAt)
      .map((a) => ({ code: a.code, name: a.shortName, receivedAt: a.receivedAt! })),
    recordProblems: await verifyRecord(state),
  };
}

function closedLines(c: ClosedStatus): string[] {
  const lines = [
    c.number
      ? `Kỳ đã chốt theo Báo cáo số ${c.number} ngày ${formatShortDate(c.signedOn!)} (bản chốt trong thư mục ban-chot/).`
      : "Kỳ đã chốt, nhưng không đọc được danh mục của bản chốt.",
  ];
  if (c.receivedAfter.length > 0) {
    lines.push(
      `Gửi sau khi chốt (${c.receivedAfter.length}): ${c.receivedAfter.map((a) => `${a.name} (${formatShortDate(a.receivedAt.slice(0, 10))})`).join(", ")}; xem phần sau chốt bằng cchc build.`,
    );
  }
  for (const p of c.recordProblems) lines.push(`Cảnh báo: bản chốt không còn nguyên vẹn: ${p}.`);
  return lines;
}
