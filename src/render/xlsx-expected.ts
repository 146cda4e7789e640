import type { Model } from "../consolidate/model.js";

/**
 * Which indicators each agency is asked to report (the seeds' reporters, carried in the model as
 * agencies[].reports), in catalogue order. Returns agency code → indicator codes.
 */
export function expectedIndicators(model: Model): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of model.agencies) {
    const asked = new Set(a.reports);
    out.set(
      a.code,
      model.indicators.filter((i) => asked.has(i.code)).map((i) => i.code),
    );
  }
  return out;
}
