/**
 * commands: one short handler per command (issue.ts, receive.ts, check.ts, build.ts, status.ts, run.ts, close.ts,
 * init.ts, agency-report.ts, config.ts, plan.ts, period.ts). Each returns data (result.ts); the CLI prints it. Every
 * handler that works on a workspace's plan (issue, receive, check, build, status, close, reopen, agency-report) takes
 * the context of this file plus its own options; run takes it without the plan (it loads the plan itself, so broken
 * seeds reach its log); init and config take options only (they make a workspace or judge seeds that may not load).
 * check, build, status and run share one read → check → consolidate path (pipeline.ts); feedback workbooks and output
 * sets are rendered here (feedback.ts, render-set.ts) and written
 * together under the workspace lock (workspace-lock.ts, run-lock.ts); run decides from the date what the calendar calls
 * for (run-decisions.ts) and keeps a log (run-log.ts).
 */
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
