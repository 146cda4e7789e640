import { describe, expect, it } from "vitest";
import { consolidate } from "../src/consolidate/consolidate.js";
import { checkCumulative, cumulativeFloors, CUMULATIVE_FINDING } from "../src/consolidate/cumulative.js";
import type { EarlierModel, EarlierPeriods } from "../src/consolidate/earlier.js";
import { modelSchema } from "../src/consolidate/model.js";
import { parsePeriod } from "../src/calendar/period.js";
import type { SubmissionRecord } from "../src/intake/judge/submission.js";
import { acceptedRecord } from "./helpers/records.js";
import { tinyPlan } from "./helpers/tiny-plan.js";

/** The tiny plan, with the rate "ty-le-tt" declared cumulative too (a rate is not a running total). */
const plan = tinyPlan((s) => {
  const rate = (s["indicators.json"].indicators as { code: string; cumulative?: boolean }[]).find(
    (i) => i.code === "ty-le-tt",
  )!;
  rate.cumulative = true;
});
const period = (id: string) => parsePeriod(id, plan.settings.due)!;

const report = (id: string, label: string, agencies: Record<string, Record<string, number | null>>): EarlierModel => ({
  period: { id, label },
  totals: {},
  agencies: Object.entries(agencies).map(([code, values]) => ({ code, values })),
});

const q1 = report("2025-Q1", "quý I năm 2025", { "so-a": { hs: 100, "hs-tt": 40, "ty-le-tt": 40 } });
const h1 = report("2025-H1", "6 tháng đầu năm 2025", { "so-a": { hs: 90, "hs-tt": 60, "ty-le-tt": 66.7 } });

function build(periodId: string, records: SubmissionRecord[], earlier: Partial<EarlierPeriods>) {
  return modelSchema.parse(
    consolidate({
      plan,
      period: period(periodId),
      records,
      earlier: { previous: null, lastYear: null, cumulative: [], ...earlier },
      now: { date: "2025-12-25", instant: "2025-12-25T08:00:00+07:00" },
      generator: "test",
    }),
  );
}

describe("the cumulative rule, in consolidation", () => {
  it("compares each cumulative count with every earlier cumulative report of the year, nearest first, with its label", () => {
    const m = build(
      "2025-Y",
      [acceptedRecord("so-a", "2025-Y", "2025-12-18T09:00:00+07:00", { hs: 95, "hs-tt": 70 })],
      {
        cumulative: [h1, q1],
      },
    );
    expect(m.comparison.cumulativeChecks).toEqual([
      {
        agency: "so-a",
        indicator: "hs",
        earlierPeriod: "2025-H1",
        earlierLabel: "6 tháng đầu năm 2025",
        earlier: 90,
        current: 95,
        ok: true,
      },
      {
        agency: "so-a",
        indicator: "hs-tt",
        earlierPeriod: "2025-H1",
        earlierLabel: "6 tháng đầu năm 2025",
        earlier: 60,
        current: 70,
        ok: true,
      },
      // above the 6-month report, yet below quý I's: still a fall
      {
        agency: "so-a",
        indicator: "hs",
        earlierPeriod: "2025-Q1",
        earlierLabel: "quý I năm 2025",
        earlier: 100,
        current: 95,
        ok: false,
        toldAgency: false,
      },
      {
        agency: "so-a",
        indicator: "hs-tt",
        earlierPeriod: "2025-Q1",
        earlierLabel: "quý I năm 2025",
        earlier: 40,
        current: 70,
        ok: true,
      },
    ]);
  });

  it("leaves rates (%) out, even when declared cumulative: a rate may fall", () => {
    const m = build(
      "2025-H1",
      [acceptedRecord("so-a", "2025-H1", "2025-06-18T09:00:00+07:00", { hs: 120, "hs-tt": 30, "ty-le-tt": 25 })],
      { previous: q1, cumulative: [q1] },
    );
    expect(m.comparison.cumulativeChecks.map((c) => [c.indicator, c.ok])).toEqual([
      ["hs", true],
      ["hs-tt", false],
    ]);
    expect(cumulativeFloors(plan, period("2025-H1"), "so-a", [q1])).not.toHaveProperty("ty-le-tt");
  });

  it("records whether check already told the agency on its cell", () => {
    const told = acceptedRecord("so-a", "2025-H1", "2025-06-18T09:00:00+07:00", { hs: 80, "hs-tt": 30 });
    told.findings.push({
      severity: "warning",
      code: CUMULATIVE_FINDING,
      sheet: "Số liệu",
      cell: "F10",
      key: "ind:hs",
      message: "…",
      args: { row: "ind", id: "hs", name: "Hồ sơ" },
    });
    const m = build("2025-H1", [told], { cumulative: [q1] });
    expect(m.comparison.cumulativeChecks.map((c) => [c.indicator, c.ok, c.toldAgency])).toEqual([
      ["hs", false, true],
      ["hs-tt", false, false],
    ]);
  });

  it("compares nothing for quý I and quý III, and ignores a report the calendar does not compare with", () => {
    const q3 = build("2025-Q3", [acceptedRecord("so-a", "2025-Q3", "2025-09-18T09:00:00+07:00", { hs: 1 })], {
      cumulative: [h1, q1],
    });
    expect(q3.comparison.cumulativeChecks).toEqual([]);
    const h1Model = build("2025-H1", [acceptedRecord("so-a", "2025-H1", "2025-06-18T09:00:00+07:00", { hs: 1 })], {
      cumulative: [report("2024-Y", "năm 2024", { "so-a": { hs: 500 } })],
    });
    expect(h1Model.comparison.cumulativeChecks).toEqual([]);
  });

  it("emits the periods compared, from the plan's calendar, found or not", () => {
    const y = build("2025-Y", [], {});
    expect(y.comparison.periods).toEqual({
      previous: { id: "2025-Q3", label: "quý III năm 2025" },
      lastYear: { id: "2024-Y", label: "năm 2024" },
      cumulative: [
        { id: "2025-H1", label: "6 tháng đầu năm 2025" },
        { id: "2025-Q1", label: "quý I năm 2025" },
      ],
    });
    expect(build("2025-Q1", [], {}).comparison.periods).toEqual({
      previous: { id: "2024-Y", label: "năm 2024" },
      lastYear: { id: "2024-Q1", label: "quý I năm 2024" },
      cumulative: [],
    });
  });
});

describe("the floor check and the template compare with", () => {
  it("is the highest earlier figure, the nearest report among equal ones", () => {
    const sameAsQ1 = report("2025-H1", "6 tháng đầu năm 2025", { "so-a": { hs: 100, "hs-tt": null } });
    expect(cumulativeFloors(plan, period("2025-Y"), "so-a", [h1, q1])).toEqual({
      hs: { period: "2025-Q1", label: "quý I năm 2025", value: 100 },
      "hs-tt": { period: "2025-H1", label: "6 tháng đầu năm 2025", value: 60 },
    });
    expect(cumulativeFloors(plan, period("2025-Y"), "so-a", [sameAsQ1, q1])).toEqual({
      hs: { period: "2025-H1", label: "6 tháng đầu năm 2025", value: 100 },
      "hs-tt": { period: "2025-Q1", label: "quý I năm 2025", value: 40 },
    });
    expect(cumulativeFloors(plan, period("2025-Y"), "so-b", [h1, q1])).toEqual({});
  });

  it("a figure breaks the rule against some earlier report exactly when it falls below its floor", () => {
    const y = period("2025-Y");
    const floors = cumulativeFloors(plan, y, "so-a", [h1, q1]);
    for (const hs of [80, 90, 95, 99, 100, 101, 130]) {
      const checks = checkCumulative(plan, y, [{ code: "so-a", values: { hs }, told: new Set() }], [h1, q1]);
      expect(checks.some((c) => !c.ok)).toBe(hs < floors["hs"]!.value);
    }
  });
});
