import type { Plan } from "../plan/plan.js";

/**
 * What every command handler is given: the workspace, its plan, and the run's moment. Each handler takes this
 * context and its own options, so that `check`, `build`, `status` and `run` share one reading of the same facts.
 */

/** The run's moment: its day (--date or today, YYYY-MM-DD) and its instant (ISO with offset). */
export interface Now {
  /** stamps documents and feedback workbooks; the day deadlines are counted from */
  date: string;
  /** the receipt time of files seen for the first time (see intake/inbox/inbox.ts receiptInstant) */
  instant: string;
}

export interface CommandContext {
  /** the workspace folder (seeds/, templates/, data/, output/) */
  root: string;
  plan: Plan;
  now: Now;
}

/** The context of a command that loads the plan itself (`run`: broken seeds are one of the things it records). */
export type WorkspaceContext = Omit<CommandContext, "plan">;
