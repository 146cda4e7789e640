import type { AgencyEntry, Model } from "./model.js";

/**
 * Agencies "far from the rest" (issue 17): for each rate an agency reports itself (an indicator in %), the agencies
 * whose rate lies OUTLIER_POINTS percentage points or more from the median rate of the agencies of their khối
 * (group) that reported it, when at least OUTLIER_MIN_PEERS of them did (fewer make no meaningful median). Pure.
 */

/** How far from the median of its khối a rate must lie to be named, in percentage points. */
export const OUTLIER_POINTS = 30;
/** Agencies of a khối with a figure needed for its median to count. */
export const OUTLIER_MIN_PEERS = 5;

export interface Outlier {
  agency: string;
  indicator: string;
  group: string;
  value: number;
  /** the median of the khối's rates */
  median: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const reported = (a: AgencyEntry): boolean => a.status === "on-time" || a.status === "late";

/** The outliers of every rate, in the order of the indicators, the farthest first within each. */
export function farFromTheRest(model: Pick<Model, "indicators" | "agencies" | "groups">): Outlier[] {
  const out: Outlier[] = [];
  for (const ind of model.indicators) {
    if (ind.type !== "percent") continue;
    const found: Outlier[] = [];
    for (const g of model.groups) {
      const members = model.agencies.filter(
        (a) => a.group === g.id && reported(a) && typeof a.values[ind.code] === "number",
      );
      if (members.length < OUTLIER_MIN_PEERS) continue;
      const m = median(members.map((a) => a.values[ind.code] as number));
      for (const a of members) {
        const v = a.values[ind.code] as number;
        if (Math.abs(v - m) >= OUTLIER_POINTS)
          found.push({ agency: a.code, indicator: ind.code, group: g.id, value: v, median: m });
      }
    }
    found.sort((x, y) => Math.abs(y.value - y.median) - Math.abs(x.value - x.median));
    out.push(...found);
  }
  return out;
}
