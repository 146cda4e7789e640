import type { Amendment, Model, RecordRef } from "./model.js";

/**
 * What changed since a period was closed: the current model against the closed record's model. Pure.
 *   late arrivals   agencies whose file (or a newer version) was received after the closing, or whose status or
 *                   version differ from the record's
 *   figure changes  every agency figure that differs from the record (a new agency's figures count from null)
 *   total changes   province totals that differ
 *   target changes  targets whose reached figure or verdict differ
 */
export function compareWithRecord(record: Model, current: Model, ref: RecordRef & { closedAt: string }): Amendment {
  const closedAt = Date.parse(ref.closedAt);
  const before = new Map(record.agencies.map((a) => [a.code, a]));
  const lateArrivals: Amendment["lateArrivals"] = [];
  const figureChanges: Amendment["figureChanges"] = [];
  for (const a of current.agencies) {
    const r = before.get(a.code);
    const receivedLater = a.receivedAt !== null && Date.parse(a.receivedAt) > closedAt;
    const statusBefore = r?.status ?? "missing";
    if (receivedLater || statusBefore !== a.status || (r?.version ?? null) !== a.version) {
      lateArrivals.push({
        agency: a.code,
        receivedAt: a.receivedAt,
        version: a.version,
        statusBefore,
        statusNow: a.status,
      });
    }
    const codes = new Set([...Object.keys(r?.values ?? {}), ...Object.keys(a.values)]);
    for (const code of [...codes].sort()) {
      const was = r?.values[code] ?? null;
      const now = a.values[code] ?? null;
      if (was !== now) figureChanges.push({ agency: a.code, indicator: code, before: was, now });
    }
  }
  const totalChanges: Amendment["totalChanges"] = [];
  for (const code of [...new Set([...Object.keys(record.totals), ...Object.keys(current.totals)])].sort()) {
    const was = record.totals[code] ?? null;
    const now = current.totals[code] ?? null;
    if (!sameNumber(was, now)) totalChanges.push({ indicator: code, before: was, now });
  }
  const targetsBefore = new Map(record.targets.map((t) => [t.id, t]));
  const targetChanges: Amendment["targetChanges"] = [];
  for (const t of current.targets) {
    const r = targetsBefore.get(t.id);
    if (!r) continue;
    if (!sameNumber(r.reached, t.reached) || r.verdict !== t.verdict) {
      targetChanges.push({
        id: t.id,
        text: t.text,
        reachedBefore: r.reached,
        reachedNow: t.reached,
        verdictBefore: r.verdict,
        verdictNow: t.verdict,
      });
    }
  }
  return {
    record: { number: ref.number, signedOn: ref.signedOn, closedAt: ref.closedAt },
    lateArrivals,
    figureChanges,
    totalChanges,
    targetChanges,
    completenessBefore: record.completeness.total,
    completenessNow: current.completeness.total,
  };
}

/** Equal, allowing for the last bits of floating-point sums (rates computed from sums in another order). */
function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Whether an amendment has anything to say. */
export function isEmptyAmendment(a: Amendment): boolean {
  return (
    a.lateArrivals.length === 0 &&
    a.figureChanges.length === 0 &&
    a.totalChanges.length === 0 &&
    a.targetChanges.length === 0
  );
}
