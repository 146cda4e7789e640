/**
 * plan: the province's plan as data. The seed files of seeds/ (seed-files.ts) are read (read-seeds.ts), checked with
 * zod (schema.ts, validate-plan.ts) and turned into a Plan (this file): agencies and their groups, indicators with their
 * bounds (bounds.ts), tasks and when they are due (task-schedule.ts, schedule-wording.ts), and who succeeded whom
 * (succession.ts). The plan of unchanged valid seeds is kept between runs (plan-cache.ts). Everything but read-seeds.ts
 * and plan-cache.ts is pure.
 */
import type { z } from "zod";
import type {
  agenciesFileSchema,
  agencySchema,
  indicatorSchema,
  planFileSchema,
  Settings,
  TargetSeed,
  taskSeedSchema,
} from "./schema.js";
import type { Period } from "../calendar/period.js";
import { firstByKey, indexOfList } from "../util/list-index.js";
import { holdersOn, inForceOn } from "./succession.js";

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

/**
 * Whether an agency is expected to report in a period: in force on the period's due date. An agency that
 * ended earlier in the data window is reported for by its successor, whose figures cover the whole window.
 */
export function isExpectedInPeriod(agency: Agency, period: Period): boolean {
  return inForceOn(agency, period.due);
}

/** Agencies expected to report in a period: in force on the period's due date. */
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

const tasksByDay = new WeakMap<Plan, Map<string, Task[]>>();

/**
 * The plan's tasks as they stand in a period: a lead or coordinating agency that ended before the period's
 * due date is replaced by its successors (a task passes to them from the day after); an agency with no
 * successor stays named. Tasks nothing changed for are the plan's own objects.
 */
export function tasksInForce(plan: Plan, period: Pick<Period, "due">): Task[] {
  const day = period.due;
  let byDay = tasksByDay.get(plan);
  if (!byDay) tasksByDay.set(plan, (byDay = new Map()));
  const known = byDay.get(day);
  if (known) return known;
  const ended = plan.agencies.filter((a) => a.validTo !== null && a.validTo < day);
  let tasks = plan.tasks;
  if (ended.length > 0) {
    const passTo = new Map<string, string[]>();
    for (const a of ended) {
      const holders = holdersOn(plan.agencies, a.code, day);
      if (holders.length > 0) passTo.set(a.code, holders);
    }
    const rewrite = (list: string[]): string[] => {
      if (!list.some((c) => passTo.has(c))) return list;
      return [...new Set(list.flatMap((c) => passTo.get(c) ?? [c]))];
    };
    tasks = plan.tasks.map((t) => {
      const leadAgencies = rewrite(t.leadAgencies);
      const coordinateAgencies = rewrite(t.coordinateAgencies);
      return leadAgencies === t.leadAgencies && coordinateAgencies === t.coordinateAgencies
        ? t
        : { ...t, leadAgencies, coordinateAgencies };
    });
  }
  byDay.set(day, tasks);
  return tasks;
}

/**
 * The agencies an agency reports for in a period: those that ended within the period's data window (or before
 * its due date) and whose duties it holds on the due date. Its figures cover the whole window, theirs included.
 */
export function reportsFor(plan: Plan, code: string, period: Pick<Period, "window" | "due">): Agency[] {
  return plan.agencies.filter(
    (a) =>
      a.code !== code &&
      a.validTo !== null &&
      a.validTo >= period.window.from &&
      a.validTo < period.due &&
      holdersOn(plan.agencies, a.code, period.due).includes(code),
  );
}

/** The ended agencies whose tasks of the plan an agency holds in a period (a task passes from the day after). */
export function tasksTakenOverFrom(plan: Plan, code: string, period: Pick<Period, "due">): Agency[] {
  const named = new Set(plan.tasks.flatMap((t) => [...t.leadAgencies, ...t.coordinateAgencies]));
  return plan.agencies.filter(
    (a) =>
      a.code !== code &&
      named.has(a.code) &&
      a.validTo !== null &&
      a.validTo < period.due &&
      holdersOn(plan.agencies, a.code, period.due).includes(code),
  );
}

/** The tasks an agency leads in a period, then those it coordinates (a task it leads is not repeated). */
export function tasksForAgency(
  plan: Plan,
  code: string,
  period: Pick<Period, "due">,
): { lead: Task[]; coordinate: Task[] } {
  const tasks = tasksInForce(plan, period);
  let index = tasksByAgency.get(tasks);
  if (!index) {
    index = indexTasksByAgency(tasks);
    tasksByAgency.set(tasks, index);
  }
  const mine = index.get(code);
  return mine ? { lead: [...mine.lead], coordinate: [...mine.coordinate] } : { lead: [], coordinate: [] };
}

/**
 * Each agency's tasks, as it leads them and as it only coordinates them, for one list of tasks in force: made in one
 * pass over the tasks' lists, so that a thousand agencies do not each test every task's lists (a file's judging did).
 */
const tasksByAgency = new WeakMap<readonly Task[], Map<string, { lead: Task[]; coordinate: Task[] }>>();

function indexTasksByAgency(tasks: readonly Task[]): Map<string, { lead: Task[]; coordinate: Task[] }> {
  const index = new Map<string, { lead: Task[]; coordinate: Task[] }>();
  const entry = (code: string) => {
    let e = index.get(code);
    if (!e) index.set(code, (e = { lead: [], coordinate: [] }));
    return e;
  };
  for (const t of tasks) {
    for (const code of t.leadAgencies) {
      const e = entry(code);
      if (e.lead.at(-1) !== t) e.lead.push(t);
    }
    for (const code of t.coordinateAgencies) {
      const e = entry(code);
      if (e.lead.at(-1) !== t && e.coordinate.at(-1) !== t) e.coordinate.push(t);
    }
  }
  return index;
}

/** Whether an agency is among an indicator's reporters. */
export function reportsIndicator(ind: Indicator, agency: Agency): boolean {
  return ind.reporters.codes.includes(agency.code) || ind.reporters.groups.includes(agency.group);
}

export function indicatorsForAgency(plan: Plan, agency: Agency): Indicator[] {
  return plan.indicators.filter((i) => reportsIndicator(i, agency));
}
