import type { ConsolidatedTaskStatus } from "./model.js";

/**
 * Combines the statuses the lead agencies of one task reported:
 * none reported → not reported; all done → done; all "not applicable" → not applicable;
 * all not started → not started; anything else (some in progress, or some done and others not yet) → in progress.
 * A lead that did not report keeps a task from being done.
 */
export function combineLeadStatuses(statuses: ConsolidatedTaskStatus[]): ConsolidatedTaskStatus {
  const reported = statuses.filter((s) => s !== "not-reported");
  if (reported.length === 0) return "not-reported";
  const applicable = statuses.filter((s) => s !== "not-applicable");
  if (applicable.length === 0) return "not-applicable";
  if (applicable.every((s) => s === "done")) return "done";
  if (applicable.every((s) => s === "not-started" || s === "not-reported")) return "not-started";
  return "in-progress";
}
