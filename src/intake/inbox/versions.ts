import type { SubmissionRecord } from "../judge/submission.js";

/**
 * Which version of an agency's files counts, and which is its newest: pure functions of the submission records (no
 * files, no clock). Versions go by receipt time, then ledger order, then name; the latest accepted version is the
 * one that counts for the report; the newest version, accepted or not, is the one feedback and the exit code are
 * about.
 */

const instant = (iso: string | null): number => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/** Versions per agency by receipt time (then ledger order, then name); the latest accepted version counts. */
export function assignVersions(
  records: SubmissionRecord[],
  order: ReadonlyMap<SubmissionRecord, number>,
): Map<string, SubmissionRecord> {
  const byAgency = new Map<string, SubmissionRecord[]>();
  for (const r of records) {
    r.latest = false;
    if (!r.agency) {
      r.version = 1;
      continue;
    }
    const list = byAgency.get(r.agency) ?? [];
    list.push(r);
    byAgency.set(r.agency, list);
  }
  const latest = new Map<string, SubmissionRecord>();
  for (const [agency, list] of byAgency) {
    list.sort(
      (a, b) =>
        instant(a.receivedAt) - instant(b.receivedAt) ||
        (order.get(a) ?? 0) - (order.get(b) ?? 0) ||
        a.file.localeCompare(b.file),
    );
    list.forEach((r, i) => {
      r.version = i + 1;
    });
    const last = list.filter((r) => r.accepted).at(-1);
    if (last) {
      last.latest = true;
      latest.set(agency, last);
    }
  }
  return latest;
}

/** Per agency, its newest file (the highest version), accepted or not: the file its feedback is about. */
export function newestVersions(records: readonly SubmissionRecord[]): Map<string, SubmissionRecord> {
  const last = new Map<string, SubmissionRecord>();
  for (const r of records) {
    if (!r.agency) continue;
    const cur = last.get(r.agency);
    if (!cur || r.version > cur.version) last.set(r.agency, r);
  }
  return last;
}

/**
 * The files whose errors decide the exit code: each agency's newest file (by version), and every file whose agency
 * is unknown. An older version an agency has since replaced needs no fixing, so its errors do not fail the check.
 */
export function filesThatCount(records: readonly SubmissionRecord[]): SubmissionRecord[] {
  const newest = new Map<string, number>();
  for (const r of records) if (r.agency) newest.set(r.agency, Math.max(newest.get(r.agency) ?? 0, r.version));
  return records.filter((r) => !r.agency || r.version === newest.get(r.agency));
}
