import type { Period } from "../calendar/period.js";
import type { Agency, Plan } from "../plan/plan.js";
import type { CumulativeFloor } from "../intake/judge/rule-book.js";

/** What the template writer needs beyond the plan: all plain data, no files. */
export interface TemplateOptions {
  /** the issue day (--date), ISO; stamped in the metadata and the file properties */
  issuedOn: string;
  /** "cchc 0.1.0" */
  generator: string;
  /** the agency's figures of the previous period (indicator code → value), when that period was consolidated */
  previousValues?: ReadonlyMap<string, number | string | null> | null;
  /** names of the agencies whose previous-period figures were added into previousValues (agencies taken over) */
  previousFrom?: readonly string[];
  /** per indicator, the earlier figure its cumulative figure must not fall below (consolidate/cumulative.ts) */
  cumulativeFloors?: Readonly<Record<string, CumulativeFloor>> | null;
}

export interface TemplateContext {
  plan: Plan;
  period: Period;
  agency: Agency;
  options: TemplateOptions;
}
