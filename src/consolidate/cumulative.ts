import { earlierCumulativePeriods, type Period } from "../calendar/period.js";
import type { CumulativeFloor, CumulativeFloors } from "../intake/judge/rule-book.js";
import type { Indicator, Plan } from "../plan/plan.js";
import type { EarlierModel } from "./earlier.js";
import type { CumulativeCheck } from "./model.js";

/**
 * The cumulative rule, declared once: a cumulative count or amount of an agency (the 6-month and annual reports
 * accumulate from 15/12 of the previous year) must not fall below the same agency's figure in an earlier cumulative
 * report of the same year (H1 ≥ quý I; năm ≥ 6 tháng ≥ quý I). A rate (%) is not a running total and may fall; text
 * is not compared. Pure: the earlier reports come in as data, read by the command (workspace/earlier-models.ts).
 *
 * `checkCumulative` gives every pair compared (the model's comparison.cumulativeChecks); `cumulativeFloors` gives,
 * per indicator, the earlier figure a current one must reach — the highest of them, the nearest report first among
 * equal ones — and a figure breaks the rule against some earlier report exactly when it falls below its floor. The
 * floors are what the agency is told about on its cell: the pipeline (commands/pipeline.ts) hands them to check's
 * rule book (intake/judge/rule-book.ts), and issue to the template's check column, so all three agree.
 */

/** The finding check gives the agency on its cell when a figure falls below its floor (intake's rule book). */
export const CUMULATIVE_FINDING = "intake.rule.cumulative-decrease";

/** Whether the rule applies to an indicator: cumulative, and a count or an amount. */
export const followsCumulativeRule = (ind: Pick<Indicator, "cumulative" | "type">): boolean =>
  ind.cumulative && (ind.type === "count" || ind.type === "amount");

/** The earlier cumulative reports of the year the rule compares with, from the plan's calendar, nearest first. */
export function cumulativePeriodsOf(plan: Plan, period: Period): Period[] {
  return earlierCumulativePeriods(period, plan.settings.due);
}

/** The given earlier reports that the rule compares a period with, nearest first (others are ignored). */
function comparedReports(plan: Plan, period: Period, earlier: readonly EarlierModel[]): EarlierModel[] {
  return cumulativePeriodsOf(plan, period).flatMap((p) => earlier.find((m) => m.period.id === p.id) ?? []);
}

/**
 * Per indicator, the figure an agency's current one must not fall below: the highest of its figures in the earlier
 * cumulative reports of the year (the nearest report among equal ones). Indicators without an earlier figure are absent.
 */
export function cumulativeFloors(
  plan: Plan,
  period: Period,
  agency: string,
  earlier: readonly EarlierModel[],
): Record<string, CumulativeFloor> {
  const floors: Record<string, CumulativeFloor> = {};
  const reports = comparedReports(plan, period, earlier).flatMap((m) => {
    const values = m.agencies.find((a) => a.code === agency)?.values;
    return values ? [{ period: m.period, values }] : [];
  });
  for (const ind of plan.indicators) {
    if (!followsCumulativeRule(ind)) continue;
    for (const r of reports) {
      const v = r.values[ind.code];
      if (typeof v !== "number") continue;
      const floor = floors[ind.code];
      if (!floor || v > floor.value) floors[ind.code] = { period: r.period.id, label: r.period.label, value: v };
    }
  }
  return floors;
}

/** The floors of every agency the earlier reports hold figures of (what check's rule takes, for any file). */
export function cumulativeFloorsByAgency(
  plan: Plan,
  period: Period,
  earlier: readonly EarlierModel[],
): CumulativeFloors {
  const codes = new Set(comparedReports(plan, period, earlier).flatMap((m) => m.agencies.map((a) => a.code)));
  const out: Record<string, Record<string, CumulativeFloor>> = {};
  for (const code of [...codes].sort()) {
    const floors = cumulativeFloors(plan, period, code, earlier);
    if (Object.keys(floors).length > 0) out[code] = floors;
  }
  return out;
}

/** What the rule needs of an agency now: its code, its figures, and the findings check gave it. */
export interface CumulativeSubject {
  code: string;
  values: Readonly<Record<string, number | null>>;
  /** the indicators check already told the agency about on its cell (its cumulative findings) */
  told: ReadonlySet<string>;
}

/**
 * Every pair the rule compares: each agency's cumulative figure against its figure in each earlier cumulative report
 * of the year (nearest report first), with the labels of the periods compared, and whether the figure holds.
 */
export function checkCumulative(
  plan: Plan,
  period: Period,
  agencies: readonly CumulativeSubject[],
  earlier: readonly EarlierModel[],
): CumulativeCheck[] {
  const codes = plan.indicators.filter(followsCumulativeRule).map((i) => i.code);
  const checks: CumulativeCheck[] = [];
  for (const report of comparedReports(plan, period, earlier)) {
    const earlierByAgency = new Map(report.agencies.map((a) => [a.code, a.values]));
    for (const a of agencies) {
      const ev = earlierByAgency.get(a.code);
      if (!ev) continue;
      for (const code of codes) {
        const cur = a.values[code];
        const old = ev[code];
        if (typeof cur !== "number" || typeof old !== "number") continue;
        const ok = cur >= old;
        checks.push({
          agency: a.code,
          indicator: code,
          earlierPeriod: report.period.id,
          earlierLabel: report.period.label,
          earlier: old,
          current: cur,
          ok,
          ...(ok ? {} : { toldAgency: a.told.has(code) }),
        });
      }
    }
  }
  return checks;
}
