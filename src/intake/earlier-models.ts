import { readFile } from "node:fs/promises";
import { modelPathOf } from "../workspace/record.js";
import { earlierCumulativePeriods, previousPeriod, samePeriodLastYear, type Period } from "../calendar/period.js";
import type { EarlierModel, EarlierPeriods } from "../consolidate/consolidate.js";
import { toEarlierModel } from "../consolidate/earlier.js";
import { modelSchema, type Model } from "../consolidate/model.js";
import type { EarlierFigures } from "./parse-submission.js";

/** Reads a tong-hop.json whole, checked against the model's schema (throws when missing, unreadable or invalid). */
export async function readModelFile(path: string): Promise<Model> {
  return modelSchema.parse(JSON.parse(await readFile(path, "utf8")));
}

/** Reads an earlier period's tong-hop.json; a missing or unreadable one is simply absent. */
export async function readEarlierModel(root: string, periodId: string): Promise<EarlierModel | null> {
  try {
    // a closed period's record (the signed report), otherwise its working tong-hop.json
    return toEarlierModel(JSON.parse((await readFile(await modelPathOf(root, periodId), "utf8")).replace(/^\uFEFF/, "")));
  } catch {
    return null;
  }
}

/** The earlier periods a period is compared with, each tong-hop.json read once (H1's previous is also its cumulative Q1). */
export async function readEarlierPeriods(root: string, period: Period): Promise<EarlierPeriods> {
  const read = new Map<string, Promise<EarlierModel | null>>();
  const once = (id: string): Promise<EarlierModel | null> => {
    if (!read.has(id)) read.set(id, readEarlierModel(root, id));
    return read.get(id)!;
  };
  const cumulative: EarlierModel[] = [];
  for (const p of earlierCumulativePeriods(period)) {
    const m = await once(p.id);
    if (m) cumulative.push(m);
  }
  return { previous: await once(previousPeriod(period).id), lastYear: await once(samePeriodLastYear(period).id), cumulative };
}

/** What intake's cumulative rule needs of the earlier cumulative reports. */
export function toEarlierFigures(models: readonly EarlierModel[]): EarlierFigures[] {
  return models.map((m) => ({
    period: m.period.id,
    label: m.period.label,
    agencies: Object.fromEntries(m.agencies.map((a) => [a.code, a.values])),
  }));
}
