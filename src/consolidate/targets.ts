import type { Plan } from "../plan/plan.js";
import type { Measure, TargetSeed } from "../plan/schema.js";
import { formatNumber } from "../vn/format.js";
import { evaluateMeasure, type AgencyFigures, type MeasureResult } from "./measure.js";
import type { ConsolidatedTaskStatus, TargetResult, Verdict } from "./model.js";

type Part = TargetResult["parts"][number];

export interface TargetContext {
  plan: Plan;
  year: number;
  agencies: AgencyFigures[];
  taskStatus: (stt: number) => { status: ConsolidatedTaskStatus; overdue: boolean };
}

/** The value required in a year by a target that grows by `step` points a year from `base` in `baseYear`, capped. */
export function growingRequirement(base: number, step: number, cap: number, baseYear: number, year: number): number {
  return Math.min(cap, base + step * Math.max(0, year - baseYear));
}

/**
 * The value a baseline-change target requires in a year: the change is spread evenly from the baseline year
 * to the target year (−10% by 2025 against 2021 means −5% in 2023), and holds after it.
 */
export function baselineRequirement(
  baseline: number,
  changePercent: number,
  baselineYear: number,
  byYear: number,
  year: number,
): number {
  const span = Math.max(1, byYear - baselineYear);
  const progress = Math.min(1, Math.max(0, (year - baselineYear) / span));
  return baseline * (1 + (changePercent / 100) * progress);
}

export function judge(reached: number | null, required: number | null, op: ">=" | "<="): Verdict {
  if (reached === null || required === null) return "no-data";
  const eps = 1e-9;
  return (op === ">=" ? reached + eps >= required : reached - eps <= required) ? "met" : "not-met";
}

function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.includes("not-met")) return "not-met";
  if (verdicts.length === 0 || verdicts.includes("no-data")) return "no-data";
  return "met";
}

const fmt = (n: number | null, unit: string): string =>
  n === null
    ? "(chưa có số liệu)"
    : unit === "%"
      ? `${formatNumber(n, 1)}%`
      : `${formatNumber(n, 2)}${unit ? ` ${unit}` : ""}`;

/** The context inside one evaluation: agency names and indicators looked up by code, not scanned. */
interface Ctx extends TargetContext {
  /** the first agency's name of a code */
  names: Map<string, string>;
  indicators: Map<string, Plan["indicators"][number]>;
}

function withLookups(ctx: TargetContext): Ctx {
  const names = new Map<string, string>();
  for (const a of ctx.agencies) if (!names.has(a.code)) names.set(a.code, a.name);
  const indicators = new Map<string, Plan["indicators"][number]>();
  for (const i of ctx.plan.indicators) if (!indicators.has(i.code)) indicators.set(i.code, i);
  return { ...ctx, names, indicators };
}

function agencyList(ctx: Ctx, codes: string[]): string {
  if (codes.length === 0) return "chưa có cơ quan nào báo cáo số liệu này";
  const names = codes.map((c) => ctx.names.get(c) ?? c);
  return `số liệu của ${codes.length} cơ quan: ${names.join(", ")}`;
}

function indicatorName(ctx: Ctx, code: string): string {
  return ctx.indicators.get(code)?.name ?? code;
}

function describe(ctx: Ctx, m: Measure, r: MeasureResult, unit: string): string {
  const scope = m.groups
    ? ` (khối ${m.groups.map((g) => ctx.plan.groups.find((x) => x.id === g)?.shortName ?? g).join(", ")})`
    : "";
  if ("numerator" in m) {
    return `Tỷ lệ${scope} = ${indicatorName(ctx, m.numerator)} (${fmt(r.numerator, "")}) / ${indicatorName(ctx, m.denominator)} (${fmt(r.denominator, "")}) = ${fmt(r.value, "%")}; ${agencyList(ctx, r.agencies)}.`;
  }
  return `${indicatorName(ctx, m.indicator)}${scope} = ${fmt(r.value, unit)}; ${agencyList(ctx, r.agencies)}.`;
}

function part(
  ctx: Ctx,
  m: Measure,
  required: number | null,
  op: ">=" | "<=",
  unit: string,
  level: { level: string; label: string } | null,
  extra = "",
): Part {
  const r = evaluateMeasure(m, ctx.agencies, (c) => ctx.indicators.get(c)?.aggregate ?? "sum");
  const verdict = judge(r.value, required, op);
  const need = required === null ? "chưa xác định" : `${op === ">=" ? "tối thiểu" : "tối đa"} ${fmt(required, unit)}`;
  return {
    level: level?.level ?? null,
    label: level?.label ?? null,
    required,
    reached: r.value,
    op,
    unit,
    verdict,
    numerator: r.numerator,
    denominator: r.denominator,
    computation: `${level ? `${level.label[0]?.toUpperCase()}${level.label.slice(1)}: ` : ""}${describe(ctx, m, r, unit)} Yêu cầu năm ${ctx.year}: ${need}${extra}.`,
    agencies: r.agencies,
    flaggedBy: r.flaggedBy,
  };
}

function unitOf(ctx: Ctx, m: Measure): string {
  if ("numerator" in m) return "%";
  return ctx.indicators.get(m.indicator)?.unit ?? "";
}

/** Evaluates one target of the plan for the period's year. Pure. */
export function evaluateTarget(t: TargetSeed, context: TargetContext): TargetResult {
  const ctx = withLookups(context);
  const s = t.shape;
  let parts: Part[] = [];
  let unit = "";
  switch (s.kind) {
    case "threshold":
      unit = unitOf(ctx, s.measure);
      parts = [part(ctx, s.measure, s.value, s.op, unit, null, s.byYear ? ` (mục tiêu đến năm ${s.byYear})` : "")];
      break;
    case "threshold-by-level":
      unit = "%";
      parts = s.levels.map((l) => part(ctx, l.measure, l.value, s.op, unitOf(ctx, l.measure), l));
      break;
    case "growing":
      unit = "%";
      parts = s.levels.map((l) => {
        const req = growingRequirement(l.base, s.step, s.cap, s.baseYear, ctx.year);
        return part(
          ctx,
          l.measure,
          req,
          ">=",
          unitOf(ctx, l.measure),
          l,
          ` (năm ${s.baseYear}: ${fmt(l.base, "%")}, mỗi năm tăng ${formatNumber(s.step)} điểm %, tối đa ${fmt(s.cap, "%")})`,
        );
      });
      break;
    case "baseline-change": {
      unit = unitOf(ctx, s.measure);
      const op = s.changePercent < 0 ? "<=" : ">=";
      const req =
        s.baselineValue === null
          ? null
          : baselineRequirement(s.baselineValue, s.changePercent, s.baselineYear, s.byYear, ctx.year);
      const base =
        s.baselineValue === null ? "chưa có số liệu năm gốc" : `năm ${s.baselineYear}: ${fmt(s.baselineValue, unit)}`;
      parts = [
        part(
          ctx,
          s.measure,
          req,
          op,
          unit,
          null,
          ` (${base}; đến năm ${s.byYear} ${s.changePercent < 0 ? "giảm" : "tăng"} ${formatNumber(Math.abs(s.changePercent))}%, chia đều theo năm)`,
        ),
      ];
      break;
    }
    case "rank":
      unit = "thứ hạng";
      parts = [part(ctx, { indicator: s.indicator }, s.max, "<=", unit, null)];
      break;
    case "qualitative":
      parts = [];
      break;
  }
  const taskStatus = t.tasks.map((stt) => ({ stt, status: ctx.taskStatus(stt).status }));
  let verdict: Verdict;
  let computation: string;
  if (s.kind === "qualitative") {
    const states = t.tasks.map((stt) => ctx.taskStatus(stt));
    verdict =
      states.length > 0 && states.every((x) => x.status === "done")
        ? "met"
        : states.some((x) => x.overdue)
          ? "not-met"
          : "no-data";
    computation = `Đánh giá qua tiến độ nhiệm vụ số ${t.tasks.join(", ")}: ${states.filter((x) => x.status === "done").length}/${states.length} nhiệm vụ đã hoàn thành${states.some((x) => x.overdue) ? ", có nhiệm vụ chậm tiến độ" : ""}.`;
  } else {
    verdict = combine(parts.map((p) => p.verdict));
    computation = parts.map((p) => p.computation).join(" ");
  }
  const single = parts.length === 1 ? parts[0] : undefined;
  return {
    id: t.id,
    area: t.area,
    text: t.text,
    kind: s.kind,
    tasks: t.tasks,
    parts,
    required: single?.required ?? null,
    reached: single?.reached ?? null,
    unit,
    verdict,
    computation,
    taskStatus,
  };
}
