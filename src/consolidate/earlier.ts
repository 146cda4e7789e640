import type { EarlierModel } from "./consolidate.js";

/** Accepts an earlier tong-hop.json (already parsed) when it has what comparisons need; otherwise null. */
export function toEarlierModel(json: unknown): EarlierModel | null {
  if (!json || typeof json !== "object") return null;
  const j = json as Record<string, unknown>;
  const period = j["period"] as Record<string, unknown> | undefined;
  const totals = j["totals"];
  const agencies = j["agencies"];
  if (!period || typeof period["id"] !== "string" || !Array.isArray(agencies)) return null;
  const record = j["record"] as Record<string, unknown> | undefined;
  return {
    period: { id: period["id"], label: String(period["label"] ?? period["id"]) },
    ...(record && typeof record["number"] === "string" && typeof record["signedOn"] === "string"
      ? { record: { number: record["number"], signedOn: record["signedOn"] } }
      : {}),
    // a file without totals still serves the per-agency checks
    totals: totals && typeof totals === "object" ? numbersOnly(totals as Record<string, unknown>) : {},
    agencies: agencies
      .filter((a): a is { code: string; values: Record<string, number | null> } =>
        !!a && typeof a === "object" && typeof (a as { code?: unknown }).code === "string" && typeof (a as { values?: unknown }).values === "object" && (a as { values?: unknown }).values !== null)
      .map((a) => ({ code: a.code, values: numbersOnly(a.values) })),
  };
}

/** Keeps finite numbers; anything else an edited file may hold reads as "no figure". */
function numbersOnly(values: Record<string, unknown>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === "number" && Number.isFinite(v) ? v : null;
  return out;
}
