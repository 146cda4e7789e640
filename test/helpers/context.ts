import type { CommandContext } from "../../src/commands/context.js";
import type { Plan } from "../../src/plan/plan.js";

/** The shared context of a command handler (commands/context.ts) for a workspace, a plan and a day (or an instant). */
export function contextAt(root: string, plan: Plan, dateOrInstant: string): CommandContext {
  const date = dateOrInstant.slice(0, 10);
  const instant = dateOrInstant.length > 10 ? dateOrInstant : `${date}T08:00:00+07:00`;
  return { root, plan, now: { date, instant } };
}
