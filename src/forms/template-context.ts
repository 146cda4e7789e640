import type { Period } from "../calendar/period.js";
import type { Agency, Plan } from "../plan/plan.js";
import type { EarlierValues } from "../intake/judge/rule-book.js";

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
  /** the agency's figures in the earlier cumulative reports of the year, nearest first (the cumulative rule) */
  earlier?: readonly EarlierValues[] | null;
}

export interface TemplateContext {
  plan: Plan;
  period: Period;
  agency: Agency;
  options: TemplateOptions;
}
