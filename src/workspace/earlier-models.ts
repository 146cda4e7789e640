import { resolve } from "node:path";
import { earlierCumulativePeriods, previousPeriod, samePeriodLastYear, type Period } from "../calendar/period.js";
import { mapOntoSuccessors, type EarlierModel, type EarlierPeriods } from "../consolidate/earlier.js";
import type { Plan } from "../plan/plan.js";
import { readModelJson } from "./model-file.js";
import { modelPathOf } from "./record.js";

/**
 * The workspaces earlier periods are looked for in: this one first, then those its settings name in `earlier`
 * (the workspace of the previous plan), paths relative to this workspace's root or absolute.
 */
export function earlierRoots(root: string, plan: Plan): string[] {
  return [root, ...plan.settings.earlier.map((p) => resolve(root, p))];
}

/**
 * An earlier period's tong-hop.json as comparisons read it (a closed period's record, else its working file): from
 * the first workspace that has a usable one, its figures mapped onto the agencies in force in the `current` period
 * (predecessors' figures summed onto their successor, see consolidate/earlier.ts). A missing or unusable one is
 * simply absent.
 */
export async function readEarlierModel(
  root: string,
  plan: Plan,
  current: Pick<Period, "due">,
  periodId: string,
): Promise<EarlierModel | null> {
  for (const dir of earlierRoots(root, plan)) {
    // a closed period's record (the signed report), otherwise its working tong-hop.json
    const file = await modelPathOf(dir, periodId);
    const read = await readModelJson(file);
    if (read === null || "problem" in read) continue;
    // the reader (and zod with it) loads only when there is an earlier file to read
    const { toEarlierModel } = await import("../consolidate/earlier-read.js");
    const model = toEarlierModel(read.json, periodId);
    if (model) return { ...mapOntoSuccessors(plan, model, current.due), source: file };
  }
  return null;
}

/**
 * The earlier periods a period is compared with, taken from the plan's calendar (its due settings), each
 * tong-hop.json read once (H1's previous is also its cumulative Q1).
 */
export async function readEarlierPeriods(root: string, plan: Plan, period: Period): Promise<EarlierPeriods> {
  const read = new Map<string, Promise<EarlierModel | null>>();
  const once = (id: string): Promise<EarlierModel | null> => {
    if (!read.has(id)) read.set(id, readEarlierModel(root, plan, period, id));
    return read.get(id)!;
  };
  const due = plan.settings.due;
  const cumulative: EarlierModel[] = [];
  for (const p of earlierCumulativePeriods(period, due)) {
    const m = await once(p.id);
    if (m) cumulative.push(m);
  }
  return {
    previous: await once(previousPeriod(period, due).id),
    lastYear: await once(samePeriodLastYear(period, due).id),
    cumulative,
  };
}

/** The earlier cumulative reports of the year only (what the cumulative rule compares with), nearest first. */
export async function readEarlierCumulative(root: string, plan: Plan, period: Period): Promise<EarlierModel[]> {
  const models = await Promise.all(
    earlierCumulativePeriods(period, plan.settings.due).map((p) => readEarlierModel(root, plan, period, p.id)),
  );
  return models.filter((m): m is EarlierModel => m !== null);
}
