import type { Period } from "../../calendar/period.js";
import { narrativeSections, reportedTaskStates, taskStateLabels, type InfoField } from "../../vn/labels.js";
import { boundsOf, integerTolerance, type Bounds } from "../../plan/bounds.js";
import {
  indicatorsForAgency,
  tasksForAgency,
  type Agency,
  type Indicator,
  type Plan,
  type Task,
} from "../../plan/plan.js";
import type { Severity } from "../../problems/problem.js";
import { formatNumber } from "../../vn/format.js";
import {
  all,
  any,
  blank,
  cell,
  cmp,
  evalBool,
  is,
  isNumber,
  longer,
  not,
  num,
  rowOf,
  sub,
  sum,
  usable,
  type Bool,
  type CellValue,
  type EvalEnv,
  type NumberBounds,
  type Part,
  type Slot,
} from "./check-expr.js";
import { severityOf, type IntakeCode } from "../../problems/intake-codes.js";
import type { FindingArgs } from "./finding.js";

/**
 * The intake rules that concern one submission, declared once from the seeds and the template layout, and
 * used by both readers of them: `cchc check` evaluates each check on the values it read (parse-submission.ts),
 * and the template writer compiles the same checks into the formulas of the `Kiểm tra` column
 * (forms/check-column.ts). Pure.
 *
 * Rules and severities (finding-codes.ts):
 * - required-empty (warning): a required cell left empty — the data is incomplete, not wrong.
 * - wrong-type (error): a number cell holding text, a status not in the list. Judged by intake's reader, which
 *   also understands numbers typed as text ("1.234") with a warning; the template cannot read text as a number
 *   in every spreadsheet the same way, so it is stricter there and asks for a number.
 * - out-of-range (error): below the minimum, not whole, above the maximum (plan/bounds.ts); the value is set aside.
 * - part-exceeds-whole (error): both figures come from the same file, so one is certainly wrong; both are kept.
 * - sum-mismatch (error): parts that must add up to their whole (indicators' `sumOf`) do not; as certain as
 *   part > whole (off by one case file is the typical real error). Judged only when the whole and every part
 *   are filled in with usable numbers.
 * - percent-mismatch (warning): totals never use a typed percent (a rate is recomputed from its summed parts).
 * - cumulative-decrease (warning): the earlier report may be the wrong one; the agency is asked to look.
 * - done-without-result (warning): the status still counts; the missing result is an incomplete answer.
 * - text-too-long (warning): the text is read in full; the agency is asked to shorten it.
 */

export type RuleName =
  | "required-empty"
  | "wrong-type"
  | "out-of-range"
  | "part-exceeds-whole"
  | "sum-mismatch"
  | "percent-mismatch"
  | "cumulative-decrease"
  | "done-without-result"
  | "text-too-long";

export const ruleNames: readonly RuleName[] = [
  "required-empty",
  "wrong-type",
  "out-of-range",
  "part-exceeds-whole",
  "sum-mismatch",
  "percent-mismatch",
  "cumulative-decrease",
  "done-without-result",
  "text-too-long",
];

/** What `cchc check` knows when it evaluates a check: the values read, and where they sit in the file. */
export interface CheckEnv extends EvalEnv {
  /** the address of a slot in the file ("F23"), null when the file has no such cell */
  address(slot: Slot): string | null;
}

export interface Check {
  rule: RuleName;
  code: IntakeCode;
  severity: Severity;
  /** the input cell the finding sits on (and the template colours) */
  target: Slot;
  /** true when the rule is broken */
  when: Bool;
  /** the short message of the check column (Vietnamese, for the agency) */
  message: Part[];
  /** judged by intake's cell reader (normalise-cell.ts) rather than by evaluating `when` on the values read */
  reader?: boolean;
  /** check sets the value aside (it is not used) when the rule is broken */
  setsAside?: boolean;
  /** the arguments of check's finding (worded in problems/messages-intake.ts) */
  args(env: CheckEnv): FindingArgs;
}

/**
 * The earlier figure a cumulative figure of the agency must not fall below, as consolidation's cumulative rule
 * decides it (consolidate/cumulative.ts cumulativeFloors): its report (period id and label) and the value.
 */
export interface CumulativeFloor {
  /** period id, e.g. "2025-Q1" */
  period: string;
  /** "quý I năm 2025" */
  label: string;
  value: number;
}

/** Per agency code, per indicator code, the floor of the cumulative rule (none: nothing to compare with). */
export type CumulativeFloors = Readonly<Record<string, Readonly<Record<string, CumulativeFloor>>>>;

export interface RuleBookInput {
  plan: Plan;
  agency: Agency;
  period: Period;
  /** per indicator, the earlier figure its cumulative figure must not fall below (the cumulative rule's floor) */
  floors: Readonly<Record<string, CumulativeFloor>>;
}

/** Text length limits, as the template's data validations set them. */
export const textLimits = { short: 255, text: 2000, long: 8000, phone: 40, docNumber: 60, email: 254 } as const;

export const infoTextLimits: Partial<Record<InfoField, number>> = {
  reporter: textLimits.short,
  phone: textLimits.phone,
  email: textLimits.email,
  "doc-number": textLimits.docNumber,
};
export const taskTextLimits = {
  result: textLimits.text,
  doc: textLimits.short,
  difficulties: textLimits.text,
} as const;

/** Percentage points a typed percent may differ from numerator / denominator × 100. */
export const PERCENT_TOLERANCE = 0.5;
/** Amounts may carry decimals: sums are compared to a millionth. */
const SUM_TOLERANCE = 1e-6;

export const DONE_LABEL = taskStateLabels.done;

const q = (s: string): string => `“${s}”`;
const numberOf = (env: EvalEnv, slot: Slot): number | null => {
  const v = env.value(slot);
  return typeof v === "number" ? v : null;
};

/** The words that set parts apart: "Hồ sơ giải quyết trước hạn", "… đúng hạn" → "trước hạn", "đúng hạn". */
export function partLabels(names: readonly string[]): string[] {
  const words = names.map((n) => n.split(/\s+/));
  let common = 0;
  const shortest = Math.min(...words.map((w) => w.length));
  while (common < shortest - 1 && words.every((w) => w[common] === words[0]?.[common])) common++;
  return words.map((w) => w.slice(common).join(" "));
}

/** Adds a check with its severity (problems/intake-codes.ts). */
function push(out: Check[], c: Omit<Check, "severity">): void {
  out.push({ ...c, severity: severityOf(c.code) });
}

function pushTooLong(out: Check[], target: Slot, label: FindingArgs, max: number): void {
  push(out, {
    rule: "text-too-long",
    code: "intake.text-too-long",
    target,
    when: longer(target, max),
    message: [`Quá dài: tối đa ${formatNumber(max)} ký tự, hãy rút gọn`],
    args: (env) => {
      const v = env.value(target);
      return { ...label, length: typeof v === "string" ? v.length : 0, max };
    },
  });
}

function infoChecks(): Check[] {
  const out: Check[] = [];
  for (const [field, max] of Object.entries(infoTextLimits) as [InfoField, number][]) {
    const target: Slot = { sheet: "info", row: `info:${field}`, column: "value" };
    const label: FindingArgs = { row: "info", id: field };
    if (field === "reporter") {
      push(out, {
        rule: "required-empty",
        code: "intake.required-empty",
        target,
        when: blank(target),
        message: ["Chưa điền (mục bắt buộc)"],
        args: () => ({ ...label, type: "text" }),
      });
    }
    pushTooLong(out, target, label, max);
  }
  return out;
}

function taskChecks(t: Task): Check[] {
  const out: Check[] = [];
  const labels = reportedTaskStates.map((s) => taskStateLabels[s]);
  const row = `task:${t.stt}`;
  const slot = (column: string): Slot => ({ sheet: "tasks", row, column });
  const col = (column: string): FindingArgs => ({ row: "task", id: t.stt, column });
  const status = slot("status");
  push(out, {
    rule: "required-empty",
    code: "intake.required-empty",
    target: status,
    when: blank(status),
    message: ["Chưa chọn tình trạng thực hiện"],
    args: () => ({ ...col("status"), type: "status" }),
  });
  push(out, {
    rule: "wrong-type",
    code: "intake.status-unknown",
    target: status,
    reader: true,
    when: all(not(blank(status)), not(any(...labels.map((l) => is(status, l))))),
    message: ["Tình trạng phải chọn trong danh sách"],
    args: () => col("status"),
  });
  const result = slot("result");
  push(out, {
    rule: "done-without-result",
    code: "intake.rule.done-without-result",
    target: result,
    when: all(is(status, DONE_LABEL), blank(result)),
    message: [`${q(DONE_LABEL)} nhưng chưa ghi kết quả`],
    args: () => col("result"),
  });
  for (const [column, max] of Object.entries(taskTextLimits)) pushTooLong(out, slot(column), col(column), max);
  return out;
}

const valueSlot = (code: string): Slot => ({ sheet: "figures", row: `ind:${code}`, column: "value" });

/** The checks of one indicator's figure, given the indicators the agency reports (wholes, parts, ratio terms). */
function figureChecks(ind: Indicator, reported: ReadonlyMap<string, Indicator>): Check[] {
  const out: Check[] = [];
  const target = valueSlot(ind.code);
  const boundsFor = (i: Indicator): NumberBounds => boundsOf(i) as Bounds;
  const use = (i: Indicator): Bool => usable(i === ind ? target : valueSlot(i.code), boundsFor(i));
  const label: FindingArgs = { row: "ind", id: ind.code, name: ind.name };
  const typed: FindingArgs = { ...label, type: ind.type, ...(ind.max !== undefined ? { max: ind.max } : {}) };
  pushTooLong(
    out,
    { sheet: "figures", row: `ind:${ind.code}`, column: "note" },
    { ...label, column: "note" },
    textLimits.text,
  );
  if (ind.type === "text") {
    if (ind.required)
      push(out, {
        rule: "required-empty",
        code: "intake.required-empty",
        target,
        when: blank(target),
        message: ["Chưa điền (chỉ tiêu bắt buộc)"],
        args: () => typed,
      });
    pushTooLong(out, target, label, textLimits.text);
    return out;
  }
  if (ind.required) {
    push(out, {
      rule: "required-empty",
      code: "intake.required-empty",
      target,
      when: blank(target),
      message: ["Chưa điền (chỉ tiêu bắt buộc; không phát sinh thì ghi 0)"],
      args: () => typed,
    });
  }
  push(out, {
    rule: "wrong-type",
    code: "intake.not-a-number",
    target,
    reader: true,
    when: all(not(blank(target)), not(isNumber(target))),
    message: ["Phải nhập số (không gõ chữ, đơn vị hay dấu %)"],
    args: () => typed,
  });
  for (const c of boundChecks(ind, target, typed)) push(out, c);
  for (const wholeCode of ind.partOf) {
    const whole = reported.get(wholeCode);
    if (!whole) continue;
    const w = valueSlot(wholeCode);
    push(out, {
      rule: "part-exceeds-whole",
      code: "intake.rule.part-exceeds-whole",
      target,
      when: all(use(ind), use(whole), cmp(cell(target), ">", cell(w))),
      message: [`Lớn hơn ${q(whole.name)} (dòng `, rowOf(w), ")"],
      args: (env) => ({
        ...label,
        value: numberOf(env, target),
        whole: wholeCode,
        wholeName: whole.name,
        wholeValue: numberOf(env, w),
        wholeCell: env.address(w),
      }),
    });
  }
  for (const partCodes of ind.sumOf) {
    const parts = partCodes.map((c) => reported.get(c));
    if (parts.some((p) => p === undefined)) continue;
    const ps = parts as Indicator[];
    const slots = ps.map((p) => valueSlot(p.code));
    const total = sum(...slots.map(cell));
    const words = partLabels(ps.map((p) => p.name)).join(" + ");
    push(out, {
      rule: "sum-mismatch",
      code: "intake.rule.sum-mismatch",
      target,
      when: all(use(ind), ...ps.map(use), cmp({ k: "abs", a: sub(total, cell(target)) }, ">", num(SUM_TOLERANCE))),
      message: [`Tổng ${words} = `, total, `, khác ${q(ind.name)} = `, cell(target)],
      args: (env) => ({
        ...label,
        value: numberOf(env, target),
        parts: partCodes.join(","),
        partsLabel: ps.map((p) => q(p.name)).join(" + "),
        partsValue: slots.reduce((s, x) => s + (numberOf(env, x) ?? 0), 0),
        partsCells: slots.map((x) => env.address(x) ?? "").join(", "),
      }),
    });
  }
  if (ind.type === "percent" && ind.numerator && ind.denominator) {
    const n = reported.get(ind.numerator);
    const d = reported.get(ind.denominator);
    if (n && d) {
      const ns = valueSlot(n.code);
      const ds = valueSlot(d.code);
      const computed = { k: "ratio100", a: cell(ns), b: cell(ds) } as const;
      push(out, {
        rule: "percent-mismatch",
        code: "intake.rule.percent-mismatch",
        target,
        when: all(
          use(ind),
          use(n),
          use(d),
          cmp(cell(ds), ">", num(0)),
          cmp({ k: "abs", a: sub(cell(target), computed) }, ">", num(PERCENT_TOLERANCE + 1e-9)),
        ),
        message: [
          "Ghi ",
          cell(target),
          "% nhưng tính từ dòng ",
          rowOf(ns),
          " / dòng ",
          rowOf(ds),
          " được ",
          { k: "round", a: computed, digits: 1 },
          "%",
        ],
        args: (env) => {
          const nv = numberOf(env, ns) ?? 0;
          const dv = numberOf(env, ds) ?? 1;
          return {
            ...label,
            value: numberOf(env, target),
            computed: Math.round((nv / dv) * 100 * 100) / 100,
            tolerance: PERCENT_TOLERANCE,
            numerator: n.code,
            numeratorName: n.name,
            numeratorValue: nv,
            denominator: d.code,
            denominatorName: d.name,
            denominatorValue: dv,
          };
        },
      });
    }
  }
  return out;
}

/** The cumulative rule's check of a figure (consolidate/cumulative.ts says which figures, and against what). */
function floorCheck(ind: Indicator, floor: CumulativeFloor): Check {
  const target = valueSlot(ind.code);
  const label: FindingArgs = { row: "ind", id: ind.code, name: ind.name };
  const out: Check[] = [];
  push(out, {
    rule: "cumulative-decrease",
    code: "intake.rule.cumulative-decrease",
    target,
    when: all(usable(target, boundsOf(ind) as Bounds), cmp(cell(target), "<", num(floor.value))),
    message: [`Thấp hơn số lũy kế đã báo cáo ${floor.label} (${formatNumber(floor.value, 4)})`],
    args: (env) => ({
      ...label,
      value: numberOf(env, target),
      earlierPeriod: floor.period,
      earlierLabel: floor.label,
      earlierValue: floor.value,
    }),
  });
  return out[0] as Check;
}

function assessmentChecks(): Check[] {
  const out: Check[] = [];
  for (const section of narrativeSections) {
    pushTooLong(
      out,
      { sheet: "assessment", row: `text:${section}`, column: "value" },
      { row: "text", id: section },
      textLimits.long,
    );
  }
  return out;
}

/**
 * The checks declared from a plan, kept while the plan lives: every file of a batch declares the same checks for
 * the same task, and for the same indicator among the same reported indicators (only the cumulative floors differ
 * from agency to agency). Declaring them anew for each file cost about a fifth of judging it. Checks are never
 * changed once made.
 */
interface DeclaredChecks {
  info: Check[];
  assessment: Check[];
  tasks: Map<Task, Check[]>;
  /** by the codes of the indicators an agency reports, then by indicator */
  figures: Map<string, Map<Indicator, Check[]>>;
}

const declared = new WeakMap<Plan, DeclaredChecks>();

function declaredFor(plan: Plan): DeclaredChecks {
  let d = declared.get(plan);
  if (!d) {
    d = { info: infoChecks(), assessment: assessmentChecks(), tasks: new Map(), figures: new Map() };
    declared.set(plan, d);
  }
  return d;
}

/** All checks of one agency's submission for one period. */
export function declareChecks(input: RuleBookInput): Check[] {
  const { plan, agency, period } = input;
  const d = declaredFor(plan);
  const out: Check[] = [...d.info];

  const { lead, coordinate } = tasksForAgency(plan, agency.code, period);
  for (const t of [...lead, ...coordinate]) {
    let group = d.tasks.get(t);
    if (!group) {
      group = taskChecks(t);
      d.tasks.set(t, group);
    }
    for (const c of group) out.push(c);
  }

  const mine = indicatorsForAgency(plan, agency);
  const mineKey = mine.map((i) => i.code).join("\n");
  let byIndicator = d.figures.get(mineKey);
  if (!byIndicator) {
    byIndicator = new Map();
    d.figures.set(mineKey, byIndicator);
  }
  let reported: Map<string, Indicator> | null = null;
  for (const ind of mine) {
    let group = byIndicator.get(ind);
    if (!group) {
      reported ??= new Map(mine.map((i) => [i.code, i]));
      group = figureChecks(ind, reported);
      byIndicator.set(ind, group);
    }
    for (const c of group) out.push(c);
    if (ind.type === "text") continue;
    const floor = input.floors[ind.code];
    if (floor) out.push(floorCheck(ind, floor));
  }

  for (const c of d.assessment) out.push(c);
  return out;
}

/**
 * Below the minimum, not whole, above the maximum (plan/bounds.ts, in breachOf's order): mutually exclusive, so a
 * value gets one finding; a value under a minimum of 0 is "negative" (its own message).
 */
function boundChecks(ind: Indicator, target: Slot, typed: FindingArgs): Omit<Check, "severity">[] {
  const b = boundsOf(ind) as Bounds;
  const c = cell(target);
  const percent = ind.type === "percent";
  const args = (env: EvalEnv): FindingArgs => ({
    ...typed,
    value: numberOf(env, target),
    min: b.min,
    max: b.max,
    unit: ind.unit,
    percent,
  });
  const range = `từ ${formatNumber(b.min)} đến ${formatNumber(b.max)}`;
  const out: Omit<Check, "severity">[] = [];
  out.push({
    rule: "out-of-range",
    code: b.min === 0 ? "intake.negative" : "intake.out-of-range",
    target,
    setsAside: true,
    when: all(isNumber(target), cmp(c, "<", num(b.min))),
    message: [b.min === 0 ? "Số âm: phải từ 0 trở lên" : `Phải ${range}`],
    args,
  });
  const whole: Bool = cmp({ k: "abs", a: sub(c, { k: "round", a: c, digits: 0 }) }, "<=", num(integerTolerance));
  if (b.integer) {
    out.push({
      rule: "out-of-range",
      code: "intake.not-integer",
      target,
      setsAside: true,
      when: all(isNumber(target), cmp(c, ">=", num(b.min)), not(whole)),
      message: ["Phải là số nguyên"],
      args,
    });
  }
  out.push({
    rule: "out-of-range",
    code: "intake.out-of-range",
    target,
    setsAside: true,
    when: all(isNumber(target), cmp(c, ">=", num(b.min)), ...(b.integer ? [whole] : []), cmp(c, ">", num(b.max))),
    message: [percent ? `Tỷ lệ phải ${range} (97,5 nghĩa là 97,5%)` : `Phải ${range}`],
    args,
  });
  return out;
}

/** The code of the finding a number gets against its indicator's bounds, or null (the same checks as above). */
export function boundBreachCode(ind: Indicator, v: number): IntakeCode | null {
  if (ind.type === "text") return null;
  if (!Number.isFinite(v)) return "intake.out-of-range";
  const target: Slot = { sheet: "figures", row: `ind:${ind.code}`, column: "value" };
  const env: EvalEnv = { value: () => v };
  return boundChecks(ind, target, {}).find((c) => evalBool(c.when, env))?.code ?? null;
}

/** A broken check, as `cchc check` finds it. */
export interface CheckHit {
  check: Check;
  /** the finding code (the check's code) */
  code: IntakeCode;
  args: FindingArgs;
}

/**
 * Evaluates the checks `cchc check` judges itself (not those of the cell reader) on the values read.
 * A check whose target cell is not in the file is not judged (the missing row or column is a finding of its own).
 */
export function runChecks(checks: readonly Check[], env: CheckEnv): CheckHit[] {
  const hits: CheckHit[] = [];
  for (const check of checks) {
    if (check.reader || env.address(check.target) === null) continue;
    if (evalBool(check.when, env)) hits.push({ check, code: check.code, args: check.args(env) });
  }
  return hits;
}

/** The value `cchc check` puts in a slot for the rules: what the cell held, as the rules need it. */
export function ruleValue(v: { value: number | string | null; empty: boolean }): CellValue {
  if (v.empty) return null;
  if (v.value === null) return { error: "set-aside" };
  return v.value;
}
