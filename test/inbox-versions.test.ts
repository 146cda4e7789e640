import { describe, expect, it } from "vitest";
import { assignVersions, filesThatCount, newestVersions } from "../src/intake/inbox/versions.js";
import type { SubmissionRecord } from "../src/intake/judge/submission.js";
import { acceptedRecord, rejectedRecord } from "./helpers/records.js";

const named = (r: SubmissionRecord, file: string): SubmissionRecord => ({ ...r, file, version: 1, latest: false });
const error = { severity: "error", code: "intake.not-a-number", message: "x" } as SubmissionRecord["findings"][number];

describe("which version of an agency's files counts (pure)", () => {
  it("numbers versions by receipt time and counts the latest accepted one, not a later rejected one", () => {
    const first = named(acceptedRecord("so-a", "2025-Q1", "2025-03-10T08:00:00+07:00", { hs: 1 }), "a1.xlsx");
    const second = named(acceptedRecord("so-a", "2025-Q1", "2025-03-12T08:00:00+07:00", { hs: 2 }), "a2.xlsx");
    const third = named(rejectedRecord("so-a", "2025-Q1", "2025-03-14T08:00:00+07:00", "hỏng"), "a3.xlsx");
    const other = named(acceptedRecord("so-b", "2025-Q1", "2025-03-11T08:00:00+07:00", { hs: 3 }), "b.xlsx");
    // listed out of order: the receipt times decide
    const records = [third, other, second, first];
    const latest = assignVersions(records, new Map());
    expect(records.map((r) => [r.file, r.version, r.latest])).toEqual([
      ["a3.xlsx", 3, false],
      ["b.xlsx", 1, true],
      ["a2.xlsx", 2, true],
      ["a1.xlsx", 1, false],
    ]);
    expect(latest.get("so-a")).toBe(second);
    expect(newestVersions(records).get("so-a")).toBe(third);
  });

  it("breaks a tie in receipt time by ledger order, then by name", () => {
    const at = "2025-03-10T08:00:00+07:00";
    const x = named(acceptedRecord("so-a", "2025-Q1", at, {}), "x.xlsx");
    const y = named(acceptedRecord("so-a", "2025-Q1", at, {}), "y.xlsx");
    assignVersions(
      [x, y],
      new Map([
        [x, 5],
        [y, 2],
      ]),
    );
    expect([x.version, y.version]).toEqual([2, 1]);
    assignVersions([x, y], new Map());
    expect([x.version, y.version]).toEqual([1, 2]);
  });

  it("fails the check only on each agency's newest file and on files of no agency", () => {
    const old = { ...acceptedRecord("so-a", "2025-Q1", "2025-03-10T08:00:00+07:00", {}), findings: [error] };
    const fixed = acceptedRecord("so-a", "2025-Q1", "2025-03-12T08:00:00+07:00", {}, { version: 2 });
    const stray = { ...rejectedRecord("so-x", "2025-Q1", "2025-03-12T08:00:00+07:00", "?"), agency: null };
    expect(filesThatCount([old, fixed, stray])).toEqual([fixed, stray]);
  });
});
