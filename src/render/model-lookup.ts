import type { AgencyEntry, Model, ModelFinding } from "../consolidate/model.js";
import { firstByKey, indexOfList } from "../util/list-index.js";

/**
 * Lookups into a consolidated model in constant time, built once per model: the renderers ask for an agency by code,
 * or an agency's findings, once per cell or per row, and a scan of a thousand agencies each time would make them
 * quadratic. The model is final once it is validated; the indexes are rebuilt if a list's length changes.
 */

const agencyIndexes = new WeakMap<readonly AgencyEntry[], { length: number; value: Map<string, AgencyEntry> }>();
const findingIndexes = new WeakMap<
  readonly ModelFinding[],
  { length: number; value: Map<string | null, ModelFinding[]> }
>();

/** The model's entry of an agency (the first with that code), or undefined. */
export function agencyOf(model: Model, code: string | null | undefined): AgencyEntry | undefined {
  if (code === null || code === undefined) return undefined;
  return indexOfList(agencyIndexes, model.agencies, (list) => firstByKey(list, (a) => a.code)).get(code);
}

/** An agency's findings, in the model's order. */
export function findingsOf(model: Model, agency: string | null): readonly ModelFinding[] {
  const byAgency = indexOfList(findingIndexes, model.findings, (list) => {
    const map = new Map<string | null, ModelFinding[]>();
    for (const f of list) {
      const l = map.get(f.agency);
      if (l) l.push(f);
      else map.set(f.agency, [f]);
    }
    return map;
  });
  return byAgency.get(agency) ?? [];
}
