import type { EarlierModel } from "./consolidate.js";

/** Accepts an earlier tong-hop.json (already parsed) when it has what comparisons need; otherwise null. */
export function toEarlierModel(json: unknown): EarlierModel | null {
  if (!json || typeof json !== "object") return null;
  const j = json as Record<string, unknown>;
  const period = j["period"] as Record<string, unknown> | undefined;
  const totals = j["totals"];
  const agencies = j["agencies"];
  if (!period || typeof period["id"] !== "string" || !totals || typeof totals !== "object" || !Array.isArray(agencies)) return null;
  return {
    period: { id: period["id"], label: String(period["label"] ?? period["id"]) },
    totals: totals as Record<string, number | null>,
    agencies: agencies
      .filter((a): a is { code: string; values: Record<string, number | null> } =>
        !!a && typeof a === "object" && typeof (a as { code?: unknown }).code === "string" && typeof (a as { values?: unknown }).values === "object")
      .map((a) => ({ code: a.code, values: a.values })),
  };
}
