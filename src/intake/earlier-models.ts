import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { modelPathOf } from "../workspace/record.js";
import { unpackModel } from "../workspace/model-pack.js";
import { earlierCumulativePeriods, previousPeriod, samePeriodLastYear, type Period } from "../calendar/period.js";
import type { EarlierModel, EarlierPeriods } from "../consolidate/earlier.js";
import { mapOntoSuccessors, toEarlierModel } from "../consolidate/earlier.js";
import type { Plan } from "../plan/plan.js";
import { modelSchema, type Model } from "../consolidate/model.js";
import type { EarlierFigures } from "./judge/parse-submission.js";

/** Reads a tong-hop.json whole, checked against the model's schema (throws when missing, unreadable or invalid). */
export async function readModelFile(path: string): Promise<Model> {
  return modelSchema.parse(unpackModel(JSON.parse(await readFile(path, "utf8"))));
}

/**
 * The workspaces earlier periods are looked for in: this one first, then those its settings name in `earlier`
 * (the workspace of the previous plan), paths relative to this workspace's root or absolute.
 */
export function earlierRoots(root: string, plan: Plan): string[] {
  return [root, ...plan.settings.earlier.map((p) => resolve(root, p))];
}

/**
 * The one reader of earlier periods' tong-hop.json (a closed period's record, else its working file): from the
 * first workspace that has a readable one, its figures mapped onto the agencies in force in the `current` period
 * (predecessors' figures summed onto their successor, see consolidate/earlier.ts). A missing or unreadable one is
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
    let model: EarlierModel | null;
    try {
      model = toEarlierModel(JSON.parse((await readFile(file, "utf8")).replace(/^\uFEFF/, "")), periodId);
    } catch {
      continue;
    }
    if (model) return { ...mapOntoSuccessors(plan, model, current.due), source: file };
  }
  return null;
}

/** The earlier periods a period is compared with, each tong-hop.json read once (H1's previous is also its cumulative Q1). */
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

/** What intake's cumulative rule needs of the earlier cumulative reports. */
export function toEarlierFigures(models: readonly EarlierModel[]): EarlierFigures[] {
  return models.map((m) => ({
    period: m.period.id,
    label: m.period.label,
    agencies: Object.fromEntries(m.agencies.map((a) => [a.code, a.values])),
  }));
}
