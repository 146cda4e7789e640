import type { TaskStatus } from "../forms/layout.js";
import type { Indicator } from "../plan/plan.js";
import type { IntakeCode } from "./finding-codes.js";
import type { FindingArgs, Place } from "./finding.js";
import type { CellRef } from "./submission.js";

/**
 * Cross-field rules declared in the seeds, as a list of small named rules. Pure: each takes the
 * values read from one submission (plus the agency's earlier figures) and returns hits; a hit is a
 * finding on one cell and, where the rule says so, the cell's value is flagged. No rule drops a value.
 *
 * Severities (finding-codes.ts) and why:
 * - part-exceeds-whole: error. Both figures come from the same file, so one of them is certainly wrong
 *   and the agency can fix it; the part is flagged, both values are kept.
 * - percent-mismatch: warning. Totals never use a typed percent (a rate is recomputed from its summed
 *   numerator and denominator), so the disagreement does not corrupt the consolidation.
 * - cumulative-decrease: warning. The earlier report may be the wrong one (corrected since); the checker
 *   cannot tell which, so it asks the agency to look, and flags the value.
 * - done-without-result: warning. The status still counts; the missing result is an incomplete answer.
 */

export interface RuleValue {
  value: number | string | null;
  ref: CellRef;
}

export interface RuleTask {
  stt: number;
  status: TaskStatus | null;
  result: string | null;
  /** the result cell (or the status cell when the result column is missing) */
  resultRef: CellRef;
  /** whether the result cell held something that was set aside (then "no result" is not the issue) */
  resultSetAside: boolean;
}

export interface EarlierValues {
  /** period id, e.g. "2025-Q1" */
  period: string;
  /** "quý I năm 2025" */
  label: string;
  values: Record<string, number | null>;
}

export interface RuleContext {
  indicators: readonly Indicator[];
  /** indicator code → value read (only rows found in the file) */
  values: ReadonlyMap<string, RuleValue>;
  tasks: readonly RuleTask[];
  /** the same agency's figures in the earlier cumulative reports of the year, nearest first (H1 before Q1) */
  earlier: readonly EarlierValues[];
  /** whether this report is cumulative and has earlier reports of the year to respect (H1, Y) */
  compareCumulative: boolean;
}

export interface RuleHit {
  rule: string;
  code: IntakeCode;
  place: Place;
  args: FindingArgs;
  /** the indicator whose value the hit flags */
  flagIndicator?: string;
  /** the task whose report the hit flags */
  flagTask?: number;
}

export interface Rule {
  name: string;
  check(ctx: RuleContext): RuleHit[];
}

const num = (v: RuleValue | undefined): number | null => (v && typeof v.value === "number" && Number.isFinite(v.value) ? v.value : null);
const placeOf = (ref: CellRef, key: string): Place => ({ sheet: ref.sheet, cell: ref.cell, key });
const indArgs = (ind: Indicator): FindingArgs => ({ row: "ind", id: ind.code, name: ind.name });

/** A part (indicator.partOf) may not exceed its whole. */
export const partExceedsWhole: Rule = {
  name: "part-exceeds-whole",
  check(ctx) {
    const hits: RuleHit[] = [];
    const byCode = new Map(ctx.indicators.map((i) => [i.code, i]));
    for (const ind of ctx.indicators) {
      const partRv = ctx.values.get(ind.code);
      const part = num(partRv);
      if (part === null || !partRv) continue;
      for (const wholeCode of ind.partOf) {
        const wholeRv = ctx.values.get(wholeCode);
        const whole = num(wholeRv);
        if (whole === null || !wholeRv || part <= whole) continue;
        const wholeInd = byCode.get(wholeCode);
        hits.push({
          rule: this.name,
          code: "intake.rule.part-exceeds-whole",
          place: placeOf(partRv.ref, `ind:${ind.code}`),
          args: { ...indArgs(ind), value: part, whole: wholeCode, wholeName: wholeInd?.name ?? wholeCode, wholeValue: whole, wholeCell: wholeRv.ref.cell },
          flagIndicator: ind.code,
        });
      }
    }
    return hits;
  },
};

/** Percentage points a typed percent may differ from numerator / denominator × 100. */
export const PERCENT_TOLERANCE = 0.5;

/** A percent with a declared numerator and denominator must agree with them (within 0.5 points). */
export const percentMismatch: Rule = {
  name: "percent-mismatch",
  check(ctx) {
    const hits: RuleHit[] = [];
    const byCode = new Map(ctx.indicators.map((i) => [i.code, i]));
    for (const ind of ctx.indicators) {
      if (ind.type !== "percent" || !ind.numerator || !ind.denominator) continue;
      const rv = ctx.values.get(ind.code);
      const p = num(rv);
      const nv = num(ctx.values.get(ind.numerator));
      const dv = num(ctx.values.get(ind.denominator));
      if (p === null || !rv || nv === null || dv === null || dv <= 0) continue;
      const computed = (nv / dv) * 100;
      if (Math.abs(p - computed) <= PERCENT_TOLERANCE + 1e-9) continue;
      hits.push({
        rule: this.name,
        code: "intake.rule.percent-mismatch",
        place: placeOf(rv.ref, `ind:${ind.code}`),
        args: {
          ...indArgs(ind), value: p, computed: Math.round(computed * 100) / 100, tolerance: PERCENT_TOLERANCE,
          numerator: ind.numerator, numeratorName: byCode.get(ind.numerator)?.name ?? ind.numerator, numeratorValue: nv,
          denominator: ind.denominator, denominatorName: byCode.get(ind.denominator)?.name ?? ind.denominator, denominatorValue: dv,
        },
        flagIndicator: ind.code,
      });
    }
    return hits;
  },
};

/**
 * A cumulative figure in a 6-month or annual report may not fall below the same agency's figure in the
 * earlier report of the year (the nearest one that has it: H1 before Q1).
 */
export const cumulativeDecrease: Rule = {
  name: "cumulative-decrease",
  check(ctx) {
    if (!ctx.compareCumulative || ctx.earlier.length === 0) return [];
    const hits: RuleHit[] = [];
    for (const ind of ctx.indicators) {
      if (!ind.cumulative || ind.type === "text" || ind.type === "percent") continue;
      const rv = ctx.values.get(ind.code);
      const v = num(rv);
      if (v === null || !rv) continue;
      const earlier = ctx.earlier.find((e) => typeof e.values[ind.code] === "number");
      const before = earlier?.values[ind.code];
      if (!earlier || typeof before !== "number" || v >= before) continue;
      hits.push({
        rule: this.name,
        code: "intake.rule.cumulative-decrease",
        place: placeOf(rv.ref, `ind:${ind.code}`),
        args: { ...indArgs(ind), value: v, earlierPeriod: earlier.period, earlierLabel: earlier.label, earlierValue: before },
        flagIndicator: ind.code,
      });
    }
    return hits;
  },
};

/** A task marked done must say what it produced. */
export const doneWithoutResult: Rule = {
  name: "done-without-result",
  check(ctx) {
    return ctx.tasks
      .filter((t) => t.status === "done" && (t.result === null || t.result.trim() === "") && !t.resultSetAside)
      .map((t) => ({
        rule: this.name,
        code: "intake.rule.done-without-result" as const,
        place: placeOf(t.resultRef, `task:${t.stt}`),
        args: { row: "task", id: t.stt, column: "result" },
        flagTask: t.stt,
      }));
  },
};

export const rules: readonly Rule[] = [partExceedsWhole, percentMismatch, cumulativeDecrease, doneWithoutResult];

export function runRules(ctx: RuleContext, list: readonly Rule[] = rules): RuleHit[] {
  return list.flatMap((r) => r.check(ctx));
}
