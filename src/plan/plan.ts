import type { z } from "zod";
import type {
  agenciesFileSchema, agencySchema, indicatorSchema, planFileSchema, Settings, TargetSeed, taskSeedSchema,
} from "./schema.js";
import type { Period } from "../calendar/period.js";
import { firstByKey, indexOfList } from "../util/list-index.js";

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

/** Whether an agency is expected to report in a period: valid on the last day of the period's data window. */
export function isExpectedInPeriod(agency: Agency, period: Period): boolean {
  const day = period.window.to;
  return agency.validFrom <= day && (agency.validTo === null || agency.validTo >= day);
}

/** Agencies expected to report in a period: valid on the last day of the period's data window. */
export function agenciesForPeriod(plan: Plan, period: Period): Agency[] {
  return plan.agencies.filter((a) => isExpectedInPeriod(a, period));
}

/** Agencies by code, per registry list: lookups in constant time, not a scan per call. */
const agencyIndexes = new WeakMap<readonly Agency[], { length: number; value: Map<string, Agency> }>();

export function findAgency(plan: Plan, code: string): Agency | undefined {
  return indexOfList(agencyIndexes, plan.agencies, (list) => firstByKey(list, (a) => a.code)).get(code);
}

export function groupName(plan: Plan, id: string): string {
  return plan.groups.find((g) => g.id === id)?.name ?? id;
}

/** Membership sets of long agency lists (a task's leads or coordinators), built once per list. */
const memberSets = new WeakMap<readonly string[], { length: number; value: Set<string> }>();

/** list.includes(code), in constant time for long lists (a phrase like "UBND cấp huyện" expands to many agencies). */
function listHas(list: readonly string[], code: string): boolean {
  if (list.length < 16) return list.includes(code);
  return indexOfList(memberSets, list, (l) => new Set(l)).has(code);
}

/** The tasks an agency leads, then those it coordinates (a task it leads is not repeated). */
export function tasksForAgency(plan: Plan, code: string): { lead: Task[]; coordinate: Task[] } {
  const lead = plan.tasks.filter((t) => listHas(t.leadAgencies, code));
  const coordinate = plan.tasks.filter((t) => !listHas(t.leadAgencies, code) && listHas(t.coordinateAgencies, code));
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
