import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Handlebars } from "./handlebars-runtime.js";
import { compileCached } from "./handlebars-cache.js";
import type { AgencyEntry, Model, TargetResult } from "../consolidate/model.js";
import { CchcError } from "../problems/problem.js";
import { formatNumber, formatShortDate } from "../vn/format.js";
import {
  severityLabels,
  submissionStatusLabels,
  submissionStatusText,
  taskStateLabels,
  verdictLabels,
} from "../vn/labels.js";
import { agencyOf } from "./model-lookup.js";
import { reasonOf } from "./text-snippets.js";
import { receiptNote } from "./receipt-note.js";

/**
 * The status board, output/<P>/index.html: one self-contained page (inline CSS and SVG, nothing from the
 * network, no script) rendered with handlebars from templates/bang-theo-doi.hbs. Everything the template shows
 * is computed here (texts, numbers, chart geometry); the template only lays it out, with escaping on.
 */

export const STATUS_BOARD_TEMPLATE = "bang-theo-doi.hbs";

export interface StatusHtmlOptions {
  /** the workspace's templates/ folder */
  templatesDir: string;
  /** the files written in this build, relative to output/<P>/ (absolute paths are reduced to that) */
  files?: string[];
}

export interface RenderedFile {
  name: "index.html";
  data: Buffer;
}

/** Width in px of a target bar's track, of the task and reporting bars. */
export const TARGET_BAR_WIDTH = 360;
export const STACK_BAR_WIDTH = 720;

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Known output files, in the order the board lists them. */
function knownFiles(periodId: string): { name: string; label: string }[] {
  return [
    { name: `bao-cao-tong-hop-${periodId}.docx`, label: "Dự thảo báo cáo tổng hợp (Word)" },
    { name: `cong-van-don-doc-${periodId}.docx`, label: "Công văn đôn đốc các cơ quan chưa gửi báo cáo (Word)" },
    { name: `tong-hop-${periodId}.xlsx`, label: "Bảng tổng hợp số liệu và phụ lục (Excel)" },
    { name: `so-lieu-${periodId}.csv`, label: "Số liệu chi tiết theo cơ quan (CSV)" },
    { name: "tong-hop.json", label: "Mô hình tổng hợp (JSON, cho các chương trình khác)" },
  ];
}

/** A path relative to output/<P>/, from what build reports (absolute or relative, any separator). */
export function relativeToPeriod(file: string, periodId: string): string {
  const f = file.replace(/\\/g, "/");
  const marker = `/${periodId}/`;
  const i = f.lastIndexOf(marker);
  if (i >= 0) return f.slice(i + marker.length);
  if (f.startsWith("/") || /^[A-Za-z]:\//.test(f)) return f.slice(f.lastIndexOf("/") + 1);
  return f.replace(/^\.\//, "");
}

const hrefOf = (rel: string): string => rel.split("/").map(encodeURIComponent).join("/");

interface Segment {
  key: string;
  label: string;
  count: number;
  x: number;
  width: number;
  cls: string;
}

/** A horizontal stacked bar: segments proportional to their counts over `width`. Rounded to 0.1 px. */
export function stackSegments(
  parts: { key: string; label: string; count: number; cls: string }[],
  width = STACK_BAR_WIDTH,
): Segment[] {
  const total = parts.reduce((s, p) => s + p.count, 0);
  let x = 0;
  let acc = 0;
  return parts.map((p) => {
    // positions from the cumulative count, so the segments always end exactly at `width`
    const start = total > 0 ? round1((acc / total) * width) : 0;
    acc += p.count;
    const end = total > 0 ? round1((acc / total) * width) : 0;
    x = start;
    return { ...p, x, width: round1(end - start) };
  });
}

/** A "nice" axis end at or above n: 1, 2, 2.5, 5 × 10^k. */
export function niceCeil(n: number): number {
  if (!(n > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n - 1e-9) return m * p;
  return 10 * p;
}

export interface BarGeometry {
  /** the reached value's bar width in px (0 when there is no data) */
  width: number;
  /** the required value's marker position in px (null when no requirement) */
  marker: number | null;
  scaleMax: number;
  reversed: boolean;
}

/**
 * Where a target part's bar and marker go on a track of `track` px. Percentages use 0–100 (wider if a value
 * exceeds 100); other units 0 to a nice ceiling above the larger value; ranks use a reversed axis (rank 1 at the
 * right end), so a longer bar is always better for ranks.
 */
export function barGeometry(
  p: { reached: number | null; required: number | null; unit: string },
  kind: TargetResult["kind"],
  track = TARGET_BAR_WIDTH,
): BarGeometry {
  const values = [p.reached, p.required].filter((v): v is number => v !== null && Number.isFinite(v));
  if (kind === "rank") {
    const worst = niceCeil(Math.max(2 * (p.required ?? 1), ...values, 2));
    const pos = (r: number): number => round1((Math.min(worst, Math.max(1, worst - r + 1)) / worst) * track);
    return {
      width: p.reached === null ? 0 : pos(p.reached),
      marker: p.required === null ? null : pos(p.required),
      scaleMax: worst,
      reversed: true,
    };
  }
  const top = p.unit === "%" ? Math.max(100, ...values) : niceCeil(Math.max(...values, 0) * 1.1);
  const scaleMax = p.unit === "%" && top > 100 ? niceCeil(top) : top;
  const pos = (v: number): number => round1((Math.min(scaleMax, Math.max(0, v)) / scaleMax) * track);
  return {
    width: p.reached === null ? 0 : pos(p.reached),
    marker: p.required === null ? null : pos(p.required),
    scaleMax,
    reversed: false,
  };
}

const formatValue = (v: number, unit: string): string =>
  unit === "%"
    ? `${formatNumber(v, 1)}%`
    : unit === "thứ hạng"
      ? `hạng ${formatNumber(v, 0)}`
      : `${formatNumber(v, 2)}${unit ? ` ${unit}` : ""}`;

function requirementText(
  p: { required: number | null; op: ">=" | "<="; unit: string },
  kind: TargetResult["kind"],
): string {
  if (p.required === null) return "yêu cầu chưa xác định";
  if (kind === "rank") return `yêu cầu: nhóm ${formatNumber(p.required, 0)} dẫn đầu`;
  return `yêu cầu ${p.op === ">=" ? "≥" : "≤"} ${formatValue(p.required, p.unit)}`;
}

function targetView(t: TargetResult, model: Model) {
  const parts = t.parts.map((p, i) => {
    const g = barGeometry(p, t.kind);
    return {
      index: i,
      label: p.label ?? "",
      hasLabel: p.label !== null,
      noData: p.reached === null,
      reachedText: p.reached === null ? "chưa có số liệu" : `đạt ${formatValue(p.reached, p.unit)}`,
      requiredText: requirementText(p, t.kind),
      valueText:
        p.reached === null
          ? requirementText(p, t.kind)
          : `đạt ${formatValue(p.reached, p.unit)}; ${requirementText(p, t.kind)}`,
      verdict: p.verdict,
      verdictLabel: verdictLabels[p.verdict],
      width: g.width,
      marker: g.marker,
      hasMarker: g.marker !== null,
      scaleText: g.reversed
        ? `thang: hạng ${formatNumber(g.scaleMax, 0)} → hạng 1`
        : p.unit === "%" && g.scaleMax === 100
          ? ""
          : `thang: 0 → ${formatValue(g.scaleMax, p.unit)}`,
      markerX: g.marker === null ? 0 : round1(Math.min(TARGET_BAR_WIDTH - 2, Math.max(0, g.marker - 1))),
      computation: p.computation,
      flagged: p.flaggedBy.length > 0,
    };
  });
  const qualitative = t.kind === "qualitative";
  const taskWord = t.taskStatus.map((s) => `nhiệm vụ ${s.stt}: ${taskStateLabels[s.status].toLowerCase()}`).join("; ");
  const areaName = t.area === "all" ? "Chỉ tiêu chung" : (model.areas.find((a) => a.id === t.area)?.name ?? t.area);
  return {
    id: t.id,
    area: t.area,
    areaName,
    text: t.text,
    kind: t.kind,
    rank: t.kind === "rank",
    qualitative,
    lowerIsBetter: t.kind === "rank" || t.parts.some((p) => p.op === "<="),
    verdict: t.verdict,
    verdictLabel: qualitative && t.verdict === "no-data" ? "Đang theo dõi" : verdictLabels[t.verdict],
    parts,
    scaleText: parts[0]?.scaleText ?? "",
    qualitativeText: qualitative
      ? t.tasks.length > 0
        ? `Đánh giá qua tiến độ nhiệm vụ: ${taskWord}.`
        : "Chỉ tiêu định tính, không gắn nhiệm vụ cụ thể."
      : "",
  };
}

function daysText(daysLeft: number): { text: string; cls: string } {
  if (daysLeft > 0) return { text: `Còn ${daysLeft} ngày đến hạn`, cls: daysLeft <= 5 ? "warn" : "ok" };
  if (daysLeft === 0) return { text: "Hôm nay là hạn gửi báo cáo", cls: "warn" };
  return { text: `Đã quá hạn ${-daysLeft} ngày`, cls: "bad" };
}

function agencyRow(a: AgencyEntry, i: number, groupShort: Map<string, string>) {
  const statusText = submissionStatusText(a);
  return {
    index: i + 1,
    name: a.name,
    group: groupShort.get(a.group) ?? a.group,
    receivedAt: a.receivedAt ? formatShortDate(a.receivedAt) : "—",
    status: a.status,
    statusText,
    errors: a.findingCounts.error,
    warnings: a.findingCounts.warning,
    hasErrors: a.findingCounts.error > 0,
    hasWarnings: a.findingCounts.warning > 0,
    note: [
      a.rejectReason ?? (a.versions > 1 ? `Đã gửi ${a.versions} lần, dùng bản ${a.version ?? ""}` : ""),
      a.damagedLedgerLine !== undefined ? receiptNote(a) : null,
    ]
      .filter(Boolean)
      .join(" "),
  };
}

/** Everything the template shows, computed and formatted (Vietnamese). Pure. */
export function statusBoardView(model: Model, files?: string[]) {
  const p = model.period;
  const groupShort = new Map(model.groups.map((g) => [g.id, g.shortName]));
  const total = model.completeness.total;
  const reporting = stackSegments([
    { key: "on-time", label: submissionStatusLabels["on-time"], count: total.onTime, cls: "s-ontime" },
    { key: "late", label: submissionStatusLabels.late, count: total.late, cls: "s-late" },
    { key: "rejected", label: submissionStatusLabels.rejected, count: total.rejected, cls: "s-rejected" },
    { key: "missing", label: submissionStatusLabels.missing, count: total.missing, cls: "s-missing" },
  ]);
  const ts = model.taskSummary;
  const taskBar = stackSegments([
    { key: "done", label: taskStateLabels.done, count: ts.done, cls: "t-done" },
    { key: "in-progress", label: taskStateLabels["in-progress"], count: ts.inProgress, cls: "t-progress" },
    { key: "not-started", label: taskStateLabels["not-started"], count: ts.notStarted, cls: "t-notstarted" },
    { key: "not-reported", label: taskStateLabels["not-reported"], count: ts.notReported, cls: "t-notreported" },
    { key: "not-applicable", label: taskStateLabels["not-applicable"], count: ts.notApplicable, cls: "t-na" },
  ]);
  const targets = model.targets.map((t) => targetView(t, model));
  const areaOrder = [...model.areas.map((a) => a.id), "all"];
  const targetGroups = areaOrder
    .map((id) => ({
      id,
      name: id === "all" ? "Chỉ tiêu chung" : `${id}. ${model.areas.find((a) => a.id === id)?.name ?? id}`,
      targets: targets.filter((t) => t.area === id),
    }))
    .filter((g) => g.targets.length > 0);

  const overdue = model.tasks
    .filter((t) => t.overdue)
    .map((t) => ({
      stt: t.stt,
      task: t.task,
      lead: t.lead,
      time: t.time,
      statusText: taskStateLabels[t.status],
    }));
  const pendingThisYear = model.tasks.filter(
    (t) => t.dueThisYear && !t.overdue && t.status !== "done" && t.status !== "not-applicable",
  ).length;

  const links = fileLinks(p.id, files);
  const narratives = model.agencies
    .map((a) => ({ name: a.name, problems: a.narrative["ton-tai"] ?? "", proposals: a.narrative["kien-nghi"] ?? "" }))
    .filter((a) => a.problems || a.proposals);
  const findings = model.findings
    .filter((f) => f.severity !== "info")
    .map((f) => ({
      agency: agencyOf(model, f.agency)?.shortName ?? f.agency ?? "(chưa rõ cơ quan)",
      file: f.file,
      place: [f.sheet, f.cell].filter(Boolean).join("!"),
      severity: f.severity,
      severityText: severityLabels[f.severity],
      cls: f.severity === "error" ? "err" : "wrn",
      message: f.message,
    }))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  const FINDINGS_SHOWN = 200;

  const days = daysText(p.daysLeft);
  return {
    title: `Bảng theo dõi báo cáo cải cách hành chính ${p.label}`,
    parentBody: model.settings.parentBody,
    issuingBody: model.settings.issuingBody,
    planName: model.plan.name,
    decision: model.plan.decision,
    periodId: p.id,
    periodLabel: p.label,
    periodLabelCap: p.label.charAt(0).toUpperCase() + p.label.slice(1),
    window: `${formatShortDate(p.window.from)} – ${formatShortDate(p.window.to)}${p.cumulative ? " (lũy kế)" : ""}`,
    due: formatShortDate(p.due),
    dueRuleText:
      p.dueRule === "before" ? `trước ngày ${formatShortDate(p.due)}` : `chậm nhất ngày ${formatShortDate(p.due)}`,
    asOf: formatShortDate(model.asOf),
    daysText: days.text,
    daysClass: days.cls,
    counts: {
      expected: total.expected,
      reported: total.reported,
      onTime: total.onTime,
      late: total.late,
      rejected: total.rejected,
      missing: total.missing,
      reportedRate: total.reportedRate === null ? "—" : `${formatNumber(total.reportedRate, 1)}%`,
    },
    reportingBar: reporting,
    /** the words of the submission statuses and of the severities (vn/labels.ts), for the template's headers */
    words: {
      onTime: submissionStatusLabels["on-time"],
      late: submissionStatusLabels.late,
      rejected: submissionStatusLabels.rejected,
      missing: submissionStatusLabels.missing,
      error: severityLabels.error,
      warning: severityLabels.warning,
    },
    groups: model.groups.map((g) => {
      const c = model.completeness.byGroup[g.id];
      return {
        name: g.name,
        expected: c?.expected ?? 0,
        onTime: c?.onTime ?? 0,
        late: c?.late ?? 0,
        rejected: c?.rejected ?? 0,
        missing: c?.missing ?? 0,
        reported: c?.reported ?? 0,
      };
    }),
    agencies: model.agencies.map((a, i) => agencyRow(a, i, groupShort)),
    targetSummary: model.targetSummary,
    targetGroups,
    targetCount: model.targets.length,
    trackWidth: TARGET_BAR_WIDTH,
    trackWidthInner: TARGET_BAR_WIDTH - 1,
    stackWidth: STACK_BAR_WIDTH,
    tasks: {
      total: ts.total,
      done: ts.done,
      inProgress: ts.inProgress,
      notStarted: ts.notStarted,
      notReported: ts.notReported,
      notApplicable: ts.notApplicable,
      overdue: ts.overdue,
      dueThisYear: ts.dueThisYear,
      pendingThisYear,
      bar: taskBar,
      overdueList: overdue,
      hasOverdue: overdue.length > 0,
    },
    links,
    hasLinks: links.main.length + links.replies.length + links.other.length > 0,
    narratives,
    hasNarratives: narratives.length > 0,
    findings: findings.slice(0, FINDINGS_SHOWN),
    findingsMore: Math.max(0, findings.length - FINDINGS_SHOWN),
    hasFindings: findings.length > 0,
    errorCount: findings.filter((f) => f.severity === "error").length,
    warningCount: findings.filter((f) => f.severity === "warning").length,
    generator: model.generator,
    closed: closedNotice(model),
  };
}

/** The board of a closed period's record, or of a build after closing: the signed report and what came after. */
function closedNotice(model: Model): { title: string; text: string; late: string[]; hasLate: boolean } | null {
  const name = (code: string): string => agencyOf(model, code)?.shortName ?? code;
  if (model.record) {
    const r = model.record;
    return {
      title: "Kỳ đã chốt.",
      late: [],
      hasLate: false,
      text: `Bản chốt theo Báo cáo số ${r.number} ngày ${formatShortDate(r.signedOn)}${r.closing > 1 ? ` (lần chốt thứ ${r.closing})` : ""}: số liệu trên trang này là số liệu của báo cáo đã ký.`,
    };
  }
  const a = model.amendment;
  if (!a) return null;
  const late = a.lateArrivals.map(
    (l) =>
      `${name(l.agency)}: ${l.receivedAt ? `nhận ngày ${formatShortDate(l.receivedAt.slice(0, 10))}` : "không rõ ngày nhận"}`,
  );
  return {
    title: "Kỳ đã chốt; đây là tình hình sau khi chốt.",
    text: `Báo cáo đã ký: số ${a.record.number} ngày ${formatShortDate(a.record.signedOn)}. Sau khi chốt: ${a.lateArrivals.length} cơ quan gửi thêm hoặc gửi lại, ${a.figureChanges.length} số liệu của cơ quan và ${a.totalChanges.length} số tổng hợp khác với báo cáo đã ký.`,
    late,
    hasLate: late.length > 0,
  };
}

function fileLinks(periodId: string, files?: string[]) {
  const known = knownFiles(periodId);
  // the board is always written beside the model it shows, so tong-hop.json is always linked
  const rel = files
    ? [...new Set([...files.map((f) => relativeToPeriod(f, periodId)), "tong-hop.json"])].filter(
        (f) => f !== "index.html",
      )
    : known.map((k) => k.name);
  const main = known
    .filter((k) => rel.includes(k.name))
    .map((k) => ({ href: hrefOf(k.name), name: k.name, label: k.label }));
  const replies = rel
    .filter((f) => f.startsWith("phan-hoi/"))
    .sort()
    .map((f) => ({ href: hrefOf(f), name: f.slice("phan-hoi/".length) }));
  const other = rel
    .filter((f) => !known.some((k) => k.name === f) && !f.startsWith("phan-hoi/") && !f.startsWith("bieu-mau/"))
    .sort()
    .map((f) => ({ href: hrefOf(f), name: f }));
  return { main, replies, other, hasReplies: replies.length > 0, hasOther: other.length > 0 };
}

const BOARD_OPTIONS = { strict: false, knownHelpersOnly: true, noEscape: false, preventIndent: true } as const;

/** The board template compiled in an isolated handlebars environment: escaping on, no helpers (kept compiled: handlebars-cache.ts). */
function boardTemplate(source: string): HandlebarsTemplateDelegate {
  return compileCached(Handlebars.create(), source, BOARD_OPTIONS, "bang-theo-doi");
}

function renderBoard(template: HandlebarsTemplateDelegate, model: Model, files?: string[]): RenderedFile {
  const html = template(statusBoardView(model, files), {
    allowProtoMethodsByDefault: false,
    allowProtoPropertiesByDefault: false,
  });
  return { name: "index.html", data: Buffer.from(html, "utf8") };
}

/** Compiles the shipped template (escaping on, prototype access off, no helpers) and renders the board. */
export function renderStatusHtmlFrom(source: string, model: Model, files?: string[]): RenderedFile {
  return renderBoard(boardTemplate(source), model, files);
}

/** Renders output/<P>/index.html from templates/bang-theo-doi.hbs (in memory; the caller writes it). */
export async function renderStatusHtml(model: Model, opts: StatusHtmlOptions): Promise<RenderedFile> {
  const path = join(opts.templatesDir, STATUS_BOARD_TEMPLATE);
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EISDIR" || code === "EACCES" || code === "EPERM") {
      throw new CchcError(
        `Không đọc được mẫu bảng theo dõi ${path} (${code === "EISDIR" ? "đây là thư mục, không phải tệp" : "không có quyền đọc"}). Hãy chép lại tệp templates/${STATUS_BOARD_TEMPLATE} từ bộ cài đặt.`,
        2,
      );
    }
    if (code !== "ENOENT") throw e;
    throw new CchcError(
      `Thiếu mẫu bảng theo dõi ${path}. Hãy chép tệp templates/${STATUS_BOARD_TEMPLATE} từ bộ cài đặt (hoặc tạo lại thư mục làm việc bằng "cchc init").`,
      2,
    );
  }
  const templateFault = (e: unknown): CchcError =>
    new CchcError(
      `Mẫu bảng theo dõi ${path} có lỗi: ${reasonOf(e)}. Hãy sửa mẫu (hoặc chép lại tệp từ bộ cài đặt) rồi chạy lại.`,
      2,
    );
  let template: HandlebarsTemplateDelegate;
  try {
    template = boardTemplate(source);
  } catch (e) {
    throw templateFault(e);
  }
  try {
    return renderBoard(template, model, opts.files);
  } catch (e) {
    // a fault of the template the user edits (unknown helper or partial), not of the program
    if (!(e instanceof Handlebars.Exception)) throw e;
    throw templateFault(e);
  }
}
