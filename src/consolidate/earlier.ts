import type { Plan } from "../plan/plan.js";
import { holdersOn } from "../plan/succession.js";
import { ratioOfSums, singleIndicator, sumIndicator, type AgencyFigures } from "./measure.js";
import type { Model, RecordRef } from "./model.js";

/**
 * Earlier periods as later ones see them: what comparisons and the cumulative rule need of an earlier period's
 * tong-hop.json (its totals and each agency's figures), read leniently (earlier-read.ts), and mapped onto the agencies
 * in force today.
 */

/** What later periods need of an earlier tong-hop.json. */
export interface EarlierModel {
  period: { id: string; label: string };
  /** the signed report, when the figures come from the period's closed record */
  record?: RecordRef;
  totals: Record<string, number | null>;
  agencies: { code: string; name?: string; values: Record<string, number | null> }[];
  /** what the succession of agencies changed when these figures were mapped onto today's agencies (none: nothing) */
  succession?: SuccessionNote;
  /** the file it was read from (this workspace's output/, or an earlier workspace's) */
  source?: string;
}

export type SuccessionNote = Model["comparison"]["succession"];

export interface EarlierPeriods {
  previous: EarlierModel | null;
  lastYear: EarlierModel | null;
  /** earlier cumulative reports of the same year (H1 ⇒ Q1; Y ⇒ H1, Q1) */
  cumulative: EarlierModel[];
}

export const emptySuccessionNote = (): SuccessionNote => ({ combined: [], left: [], split: [] });

export function hasSuccession(n: SuccessionNote): boolean {
  return n.combined.length > 0 || n.left.length > 0 || n.split.length > 0;
}

const hasFigures = (values: Record<string, number | null>): boolean =>
  Object.values(values).some((v) => typeof v === "number");

/**
 * An earlier period's figures seen through the succession of agencies as it stands on `day` (the current
 * period's due date): each agency's figures go to the agency holding its duties that day. Counts and amounts
 * of predecessors are summed onto their successor; a rate is recomputed from its summed parts. An agency with
 * no successor leaves the comparison; one split into several counts in the province totals only. When
 * anything moved, the province totals are recomputed from the agencies' figures as mapped. Pure.
 */
export function mapOntoSuccessors(plan: Plan, model: EarlierModel, day: string): EarlierModel {
  const known = new Map(plan.agencies.map((a) => [a.code, a]));
  const nameOf = (code: string, fallback?: string): string => known.get(code)?.name ?? fallback ?? code;
  const into = new Map<string, { code: string; name?: string; values: Record<string, number | null> }[]>();
  const order: string[] = [];
  const splitFigures: AgencyFigures[] = [];
  const note = emptySuccessionNote();
  for (const a of model.agencies) {
    const holders = known.has(a.code) ? holdersOn(plan.agencies, a.code, day) : [];
    if (holders.length === 1) {
      const h = holders[0] as string;
      if (!into.has(h)) {
        into.set(h, []);
        order.push(h);
      }
      into.get(h)!.push(a);
    } else if (holders.length === 0) {
      if (hasFigures(a.values)) note.left.push({ code: a.code, name: nameOf(a.code, a.name) });
    } else {
      splitFigures.push({ code: a.code, name: nameOf(a.code, a.name), group: "", values: a.values, flagged: [] });
      if (hasFigures(a.values))
        note.split.push({
          code: a.code,
          name: nameOf(a.code, a.name),
          into: holders.map((c) => ({ code: c, name: nameOf(c) })),
        });
    }
  }
  const agencies = order.map((h) => {
    const parts = into.get(h)!;
    const predecessors = parts.filter((p) => p.code !== h && hasFigures(p.values));
    if (predecessors.length > 0) {
      note.combined.push({
        code: h,
        name: nameOf(h),
        from: predecessors.map((p) => ({ code: p.code, name: nameOf(p.code, p.name) })),
      });
    }
    return {
      code: h,
      name: nameOf(h),
      values:
        parts.length === 1 && parts[0]!.code === h
          ? parts[0]!.values
          : combineValues(
              plan,
              parts.map((p) => p.values),
            ),
    };
  });
  if (!hasSuccession(note)) return model;
  const figures: AgencyFigures[] = [
    ...agencies.map((a) => ({ code: a.code, name: a.name, group: "", values: a.values, flagged: [] })),
    ...splitFigures,
  ];
  return { ...model, totals: provinceTotals(plan, figures), agencies, succession: note };
}

/** Several agencies' figures as one: counts and amounts summed, rates from their summed parts. */
function combineValues(plan: Plan, parts: readonly Record<string, number | null>[]): Record<string, number | null> {
  const figures: AgencyFigures[] = parts.map((values, i) => ({
    code: String(i),
    name: "",
    group: "",
    values,
    flagged: [],
  }));
  const codes = new Set(parts.flatMap((p) => Object.keys(p)));
  const out: Record<string, number | null> = {};
  const byCode = new Map(plan.indicators.map((i) => [i.code, i]));
  for (const code of codes) {
    const ind = byCode.get(code);
    const given = parts.filter((p) => typeof p[code] === "number");
    if (given.length <= 1) {
      out[code] = given[0]?.[code] ?? null;
    } else if (ind?.aggregate === "ratio" && ind.numerator && ind.denominator) {
      out[code] = ratioOfSums(figures, ind.numerator, ind.denominator).value;
    } else if (ind && (ind.type === "count" || ind.type === "amount") && ind.aggregate === "sum") {
      out[code] = sumIndicator(figures, code).sum;
    } else {
      // a figure one agency gives for the province, or a rate without parts: several cannot be combined
      out[code] = null;
    }
  }
  return out;
}

/** The province totals of agencies' figures, as consolidation computes them. */
function provinceTotals(plan: Plan, figures: AgencyFigures[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const ind of plan.indicators) {
    if (ind.type === "text") continue;
    if (ind.aggregate === "ratio" && ind.numerator && ind.denominator)
      out[ind.code] = ratioOfSums(figures, ind.numerator, ind.denominator).value;
    else if (ind.aggregate === "single") out[ind.code] = singleIndicator(figures, ind.code).value;
    else out[ind.code] = sumIndicator(figures, ind.code).sum;
  }
  return out;
}

/** The notes of several earlier periods as one, each agency named once. */
export function mergeSuccessionNotes(notes: readonly SuccessionNote[]): SuccessionNote {
  const out = emptySuccessionNote();
  const seen = new Set<string>();
  const once = (kind: string, code: string): boolean => {
    const k = `${kind}|${code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
  for (const n of notes) {
    for (const c of n.combined) {
      const have = out.combined.find((x) => x.code === c.code);
      if (!have) out.combined.push({ code: c.code, name: c.name, from: [...c.from] });
      else for (const f of c.from) if (!have.from.some((x) => x.code === f.code)) have.from.push(f);
    }
    for (const l of n.left) if (once("left", l.code)) out.left.push(l);
    for (const s of n.split) if (once("split", s.code)) out.split.push(s);
  }
  return out;
}
