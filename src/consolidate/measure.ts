import type { Measure } from "../plan/schema.js";

/** The figures a measure needs, per agency: plain numbers keyed by indicator code. */
export interface AgencyFigures {
  code: string;
  name: string;
  group: string;
  values: Record<string, number | null>;
  flagged: string[];
}

export interface MeasureResult {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** agencies whose figures entered the result */
  agencies: string[];
  flaggedBy: string[];
}

/** Sums one indicator over agencies; null when nobody gave a number. */
export function sumIndicator(
  agencies: AgencyFigures[],
  code: string,
): { sum: number | null; agencies: string[]; flaggedBy: string[] } {
  let sum: number | null = null;
  const used: string[] = [];
  const flaggedBy: string[] = [];
  for (const a of agencies) {
    const v = a.values[code];
    if (typeof v === "number" && Number.isFinite(v)) {
      sum = (sum ?? 0) + v;
      used.push(a.code);
      if (a.flagged.includes(code)) flaggedBy.push(a.code);
    }
  }
  // intake bounds every figure (plan/bounds.ts), so this never trips; a total is still never non-finite
  return { sum: sum !== null && Number.isFinite(sum) ? sum : null, agencies: used, flaggedBy };
}

/** The first agency's figure (for indicators one agency reports for the whole province). */
export function singleIndicator(
  agencies: AgencyFigures[],
  code: string,
): { value: number | null; agencies: string[]; flaggedBy: string[] } {
  for (const a of agencies) {
    const v = a.values[code];
    if (typeof v === "number" && Number.isFinite(v))
      return { value: v, agencies: [a.code], flaggedBy: a.flagged.includes(code) ? [a.code] : [] };
  }
  return { value: null, agencies: [], flaggedBy: [] };
}

/** A rate in %: the sum of numerators over the sum of denominators — never an average of agencies' rates. */
export function ratioOfSums(agencies: AgencyFigures[], numerator: string, denominator: string): MeasureResult {
  const n = sumIndicator(agencies, numerator);
  const d = sumIndicator(agencies, denominator);
  const value = n.sum !== null && d.sum !== null && d.sum > 0 ? (n.sum / d.sum) * 100 : null;
  return {
    value,
    numerator: n.sum,
    denominator: d.sum,
    agencies: [...new Set([...d.agencies, ...n.agencies])],
    flaggedBy: [...new Set([...n.flaggedBy, ...d.flaggedBy])],
  };
}

/** Evaluates a measure over agencies (filtered to the measure's groups when it names any). */
export function evaluateMeasure(
  m: Measure,
  all: AgencyFigures[],
  aggregateOf: (code: string) => string,
): MeasureResult {
  const agencies = m.groups ? all.filter((a) => m.groups?.includes(a.group)) : all;
  if ("numerator" in m) return ratioOfSums(agencies, m.numerator, m.denominator);
  const agg = aggregateOf(m.indicator);
  const r =
    agg === "single"
      ? singleIndicator(agencies, m.indicator)
      : (() => {
          const s = sumIndicator(agencies, m.indicator);
          return { value: s.sum, agencies: s.agencies, flaggedBy: s.flaggedBy };
        })();
  return { value: r.value, numerator: null, denominator: null, agencies: r.agencies, flaggedBy: r.flaggedBy };
}
