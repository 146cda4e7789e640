import { describe, expect, it } from "vitest";
import { decideRun, isReportMonth, issueDateOf, type PeriodFacts } from "../src/commands/run-decisions.js";
import { defaultDue, parsePeriod } from "../src/calendar/period.js";

const none: PeriodFacts = {
  issued: false,
  hasData: false,
  hasModel: false,
  lastBuildInputs: null,
  finalBuilt: false,
  inputs: "A",
};
const built = (over: Partial<PeriodFacts> = {}): PeriodFacts => ({
  issued: true,
  hasData: true,
  hasModel: true,
  lastBuildInputs: "A",
  finalBuilt: false,
  inputs: "A",
  ...over,
});

function decide(date: string, facts: Record<string, PeriodFacts> = {}, snapshots: string[] = []) {
  return decideRun({
    date,
    due: defaultDue,
    issueDay: 1,
    period: (id) => facts[id] ?? none,
    snapshotExists: (m) => snapshots.includes(m),
  });
}
const kinds = (d: ReturnType<typeof decide>) => d.steps.map((s) => `${s.kind}:${s.target}`);

describe("run decisions", () => {
  it("issues a period's templates on the issue day of its last month, and builds the first draft", () => {
    expect(issueDateOf(parsePeriod("2025-Q1")!, 1)).toBe("2025-03-01");
    expect(kinds(decide("2025-03-01"))).toEqual(["issue:2025-Q1", "build:2025-Q1"]);
    expect(kinds(decide("2025-02-28"))).toEqual(["snapshot:2025-02"]);
  });

  it("never sets the issue day after the due date", () => {
    expect(issueDateOf(parsePeriod("2025-Q1")!, 25)).toBe("2025-03-20");
  });

  it("rebuilds the draft until the due date only when the inputs changed", () => {
    expect(kinds(decide("2025-03-10", { "2025-Q1": built() }))).toEqual([]);
    expect(kinds(decide("2025-03-10", { "2025-Q1": built({ inputs: "B" }) }))).toEqual(["build:2025-Q1"]);
    expect(kinds(decide("2025-03-20", { "2025-Q1": built({ inputs: "B" }) }))).toEqual(["build:2025-Q1"]);
  });

  it("builds the report once after the due date, then again only when the inputs change", () => {
    expect(kinds(decide("2025-03-21", { "2025-Q1": built() }))).toEqual(["final-build:2025-Q1"]);
    expect(kinds(decide("2025-03-22", { "2025-Q1": built({ finalBuilt: true }) }))).toEqual([]);
    expect(kinds(decide("2025-04-10", { "2025-Q1": built({ finalBuilt: true, inputs: "C" }) }))).toEqual([
      "final-build:2025-Q1",
      "snapshot:2025-04",
    ]);
  });

  it("catches up a final build missed before the next period's issue day", () => {
    const d = decide("2025-06-01", { "2025-Q1": built() });
    expect(kinds(d)).toEqual(["final-build:2025-Q1", "issue:2025-H1", "build:2025-H1"]);
  });

  it("leaves a period alone that was never issued and has no files", () => {
    const d = decide("2025-01-15");
    expect(kinds(d)).toEqual(["snapshot:2025-01"]);
    expect(d.skipped.map((s) => s.target)).toContain("2024-Y");
  });

  it("writes a snapshot once in each month with no report due", () => {
    expect(
      ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].filter(
        (m) => !isReportMonth(`2025-${m}-10`, defaultDue),
      ),
    ).toEqual(["01", "02", "04", "05", "07", "08", "10", "11"]);
    expect(kinds(decide("2025-05-02", { "2025-Q1": built({ finalBuilt: true }) }, ["2025-05"]))).toEqual([]);
  });

  it("handles the turn of the year: the annual report after 20/12, snapshots in January", () => {
    expect(kinds(decide("2025-12-21", { "2025-Y": built() }))).toEqual(["final-build:2025-Y"]);
    expect(decide("2025-12-21").period.id).toBe("2026-Q1");
    expect(kinds(decide("2026-01-05", { "2025-Y": built({ finalBuilt: true }) }))).toEqual(["snapshot:2026-01"]);
  });
});

describe("run decisions for a closed period", () => {
  const closed = (over: Partial<PeriodFacts> = {}) =>
    built({
      finalBuilt: true,
      closed: { number: "123/BC-SNV", signedOn: "2025-03-27" },
      lastClosedInputs: "A",
      ...over,
    });

  it("never builds a closed period again, and says why", () => {
    const d = decide("2025-04-10", { "2025-Q1": closed({ inputs: "A", lastBuildInputs: "Z" }) });
    expect(kinds(d).filter((k) => k.endsWith("2025-Q1"))).toEqual([]);
    expect(d.skipped.find((s) => s.target === "2025-Q1")?.reason).toContain("đã chốt theo Báo cáo số 123/BC-SNV");
  });

  it("writes the after-closing set once when something arrived after the closing", () => {
    expect(kinds(decide("2025-04-10", { "2025-Q1": closed({ inputs: "B" }) }))).toContain("amend:2025-Q1");
    expect(kinds(decide("2025-04-10", { "2025-Q1": closed({ inputs: "B", lastClosedInputs: "B" }) }))).not.toContain(
      "amend:2025-Q1",
    );
  });

  it("treats a period closed before its due date the same way", () => {
    const d = decide("2025-03-19", { "2025-Q1": closed({ inputs: "C" }) });
    expect(kinds(d)).toEqual(["amend:2025-Q1"]);
  });
});
