import type { z } from "zod";
import type {
  agenciesFileSchema, agencySchema, indicatorSchema, planFileSchema, Settings, TargetSeed, taskSeedSchema,
} from "./schema.js";
import type { Period } from "../calendar/period.js";

export type Agency = z.infer<typeof agencySchema>;
export type GroupDef = z.infer<typeof agenciesFileSchema>["groups"][number];
export type Phrase = z.infer<typeof agenciesFileSchema>["phrases"][number];
export type Indicator = z.infer<typeof indicatorSchema>;

export interface Task extends Omit<z.infer<typeof taskSeedSchema>, "leadAgencies" | "coordinateAgencies"> {
  /** registry codes, group phrases expanded */
  leadAgencies: string[];
  coordinateAgencies: string[];
  /** the references as written in the seed (codes and @phrase ids) */
  leadRefs: string[];
  coordinateRefs: string[];
}

/** The loaded, validated and resolved plan: everything the rest of the program knows about the province. */
export interface Plan {
  meta: z.infer<typeof planFileSchema>;
  groups: GroupDef[];
  agencies: Agency[];
  phrases: Phrase[];
  tasks: Task[];
  indicators: Indicator[];
  targets: TargetSeed[];
  settings: Settings;
  /** sha256 over the seed files that shape a template (plan, agencies, tasks, indicators) */
  fingerprint: string;
}

/** Agencies expected to report in a period: valid on the last day of the period's data window. */
export function agenciesForPeriod(plan: Plan, period: Period): Agency[] {
  const day = period.window.to;
  return plan.agencies.filter((a) => a.validFrom <= day && (a.validTo === null || a.validTo >= day));
}

export function findAgency(plan: Plan, code: string): Agency | undefined {
  return plan.agencies.find((a) => a.code === code);
}

export function groupName(plan: Plan, id: string): string {
  return plan.groups.find((g) => g.id === id)?.name ?? id;
}

/** The tasks an agency leads, then those it coordinates (a task it leads is not repeated). */
export function tasksForAgency(plan: Plan, code: string): { lead: Task[]; coordinate: Task[] } {
  const lead = plan.tasks.filter((t) => t.leadAgencies.includes(code));
  const coordinate = plan.tasks.filter((t) => !t.leadAgencies.includes(code) && t.coordinateAgencies.includes(code));
  return { lead, coordinate };
}

/** Whether an agency is among an indicator's reporters. */
export function reportsIndicator(ind: Indicator, agency: Agency): boolean {
  return ind.reporters.codes.includes(agency.code) || ind.reporters.groups.includes(agency.group);
}

export function indicatorsForAgency(plan: Plan, agency: Agency): Indicator[] {
  return plan.indicators.filter((i) => reportsIndicator(i, agency));
}

export function findIndicator(plan: Plan, code: string): Indicator | undefined {
  return plan.indicators.find((i) => i.code === code);
}
