import { describe, expect, it } from "vitest";
import { consolidate } from "../src/consolidate/consolidate.js";
import type { EarlierPeriods } from "../src/consolidate/earlier.js";
import { modelSchema } from "../src/consolidate/model.js";
import { parsePeriod } from "../src/calendar/period.js";
import { tinyPlan } from "./helpers/tiny-plan.js";
import { acceptedRecord, rejectedRecord } from "./helpers/records.js";
import type { SubmissionRecord } from "../src/intake/judge/submission.js";

const noEarlier: EarlierPeriods = { previous: null, lastYear: null, cumulative: [] };

function build(records: SubmissionRecord[], periodId = "2025-Q1", earlier = noEarlier, plan = tinyPlan()) {
  const period = parsePeriod(periodId, plan.settings.due)!;
  return modelSchema.parse(
    consolidate({
      plan,
      period,
      records,
      earlier,
      now: { date: "2025-03-25", instant: "2025-03-25T08:00:00+07:00" },
      generator: "test",
    }),
  );
}

const onTime = "2025-03-18T09:00:00+07:00";

describe("totals", () => {
  it("sums counts over the agencies that reported, per group and for the province", () => {
    const m = build([
      acceptedRecord("so-a", "2025-Q1", onTime, { hs: 100, "hs-tt": 90 }),
      acceptedRecord("so-b", "2025-Q1", onTime, { hs: 10, "hs-tt": 1 }),
      acceptedRecord("huyen-d", "2025-Q1", onTime, { hs: 1000, "hs-tt": 100 }),
    ]);
    expect(m.totals["hs"]).toBe(1110);
    expect(m.totalsByGroup["so-nganh"]!["hs"]).toBe(110);
    expect(m.totalsByGroup["cap-huyen"]!["hs"]).toBe(1000);
    expect(m.totalsByGroup["trung-uong"]!["hs"]).toBeNull();
    expect(m.totalDetails.find((t) => t.code === "hs")!.contributors).toBe(3);
  });

  it("computes a rate from summed parts, not as the average of the agencies' rates", () => {
    const m = build([
      acceptedRecord("so-a", "2025-Q1", onTime, { hs: 100, "hs-tt": 90, "ty-le-tt": 90 }),
      acceptedRecord("so-b", "2025-Q1", onTime, { hs: 10, "hs-tt": 1, "ty-le-tt": 10 }),
    ]);
    // ratio of sums: 91 / 110 = 82.72…%; the average of rates would be 50%
    expect(m.totals["ty-le-tt"]).toBeCloseTo((91 / 110) * 100, 6);
    expect(m.totals["ty-le-tt"]).not.toBeCloseTo(50, 0);
    const t = m.totalDetails.find((x) => x.code === "ty-le-tt")!;
    expect([t.numerator, t.denominator]).toEqual([91, 110]);
  });

  it("traces every total to the cells it came from", () => {
    const m = build([
      acceptedRecord("so-a", "2025-Q1", onTime, { hs: 7 }),
      acceptedRecord("so-b", "2025-Q1", onTime, { hs: 5 }),
    ]);
    const t = m.totalDetails.find((x) => x.code === "hs")!;
    expect(t.contributions).toEqual([
      { agency: "so-a", value: 7, ref: { file: "so-a_v1.xlsx", sheet: "Số liệu", cell: "F10" } },
      { agency: "so-b", value: 5, ref: { file: "so-b_v1.xlsx", sheet: "Số liệu", cell: "F10" } },
    ]);
    expect(m.agencies.find((a) => a.code === "so-a")!.provenance["hs"]).toEqual({
      file: "so-a_v1.xlsx",
      sheet: "Số liệu",
      cell: "F10",
    });
  });

  it("names the totals that rest on a flagged value", () => {
    const m = build([acceptedRecord("so-a", "2025-Q1", onTime, { hs: 7, dvsn: 3 }, { flagged: ["hs"] })]);
    expect(m.flaggedTotals).toContain("hs");
    expect(m.flaggedTotals).not.toContain("dvsn");
  });

  it("uses the latest accepted version of an agency", () => {
    const m = build([
      acceptedRecord("so-a", "2025-Q1", onTime, { hs: 7 }, { version: 1 }),
      acceptedRecord("so-a", "2025-Q1", "2025-03-19T09:00:00+07:00", { hs: 8 }, { version: 2 }),
    ]);
    const a = m.agencies.find((x) => x.code === "so-a")!;
    expect([a.version, a.values["hs"], a.status]).toEqual([2, 8, "on-time"]);
  });
});

describe("targets", () => {
  const recs = [
    acceptedRecord("so-a", "2025-Q1", onTime, {
      hs: 100,
      "hs-tt": 70,
      "kq-tinh": 100,
      "kq-tinh-sh": 100,
      dvsn: 50,
      hang: 12,
    }),
    acceptedRecord("so-b", "2025-Q1", onTime, { hs: 100, "hs-tt": 60, "kq-tinh": 100, "kq-tinh-sh": 98, dvsn: 40 }),
    acceptedRecord("huyen-d", "2025-Q1", onTime, { hs: 200, "hs-tt": 60, "kq-huyen": 10, "kq-huyen-sh": 9, dvsn: 5 }),
  ];
  const t = (id: string, periodId = "2025-Q1") => build(recs, periodId).targets.find((x) => x.id === id)!;

  it("judges a threshold on a rate of summed parts", () => {
    const r = t("t-threshold");
    expect(r.reached).toBeCloseTo(47.5, 6); // 190 / 400
    expect([r.required, r.verdict]).toEqual([50, "not-met"]);
    expect(r.computation).toContain("Sở A");
  });

  it("judges a threshold per administrative level, each on its own agencies", () => {
    const r = t("t-level");
    expect(r.parts.map((p) => [p.level, p.reached, p.verdict])).toEqual([
      ["tinh", 65, "met"],
      ["huyen", 30, "not-met"],
    ]);
    expect(r.verdict).toBe("not-met");
  });

  it("resolves a growing target for the period's year: 30/20 in 2021, +20 points a year, capped at 100", () => {
    expect(t("t-growing").parts.map((p) => p.required)).toEqual([100, 100]);
    expect(
      build(recs, "2024-Q1")
        .targets.find((x) => x.id === "t-growing")!
        .parts.map((p) => p.required),
    ).toEqual([90, 80]);
    expect(
      build(recs, "2021-Y")
        .targets.find((x) => x.id === "t-growing")!
        .parts.map((p) => p.required),
    ).toEqual([30, 20]);
    const r = t("t-growing");
    expect(r.parts.map((p) => p.verdict)).toEqual(["not-met", "not-met"]); // 99% and 90% against 100%
  });

  it("resolves a change against a baseline year, spread evenly up to the target year", () => {
    const r = t("t-baseline");
    expect(r.required).toBeCloseTo(90, 6); // 100 − 10% in 2025
    expect(r.reached).toBe(95);
    expect(r.verdict).toBe("not-met");
    const r2023 = build(recs, "2023-Y").targets.find((x) => x.id === "t-baseline")!;
    expect(r2023.required).toBeCloseTo(95, 6);
    expect(r2023.verdict).toBe("met");
  });

  it("judges a rank against the highest allowed place", () => {
    const r = t("t-rank");
    expect([r.reached, r.required, r.verdict]).toEqual([12, 15, "met"]);
  });

  it("gives no-data when nobody reported the figures", () => {
    const m = build([]);
    expect(m.targets.find((x) => x.id === "t-threshold")!.verdict).toBe("no-data");
    expect(m.targets.find((x) => x.id === "t-rank")!.verdict).toBe("no-data");
  });

  it("judges a qualitative target by its tasks", () => {
    const m = build([
      acceptedRecord("so-a", "2025-Q1", onTime, {}, { tasks: { 1: "done", 2: "done" } }),
      acceptedRecord("so-b", "2025-Q1", onTime, {}, { tasks: { 2: "done" } }),
    ]);
    expect(m.targets.find((x) => x.id === "t-qual")!.verdict).toBe("met");
    const m2 = build([acceptedRecord("so-a", "2025-Q1", onTime, {}, { tasks: { 1: "in-progress" } })]);
    expect(m2.targets.find((x) => x.id === "t-qual")!.verdict).toBe("not-met"); // task 1 (2021) is overdue
  });
});

describe("tasks", () => {
  it("marks a task done only when every lead reports it done", () => {
    const both = build([
      acceptedRecord("so-a", "2025-Q1", onTime, {}, { tasks: { 2: "done" } }),
      acceptedRecord("so-b", "2025-Q1", onTime, {}, { tasks: { 2: "done" } }),
    ]);
    expect(both.tasks.find((x) => x.stt === 2)!.status).toBe("done");
    const one = build([
      acceptedRecord("so-a", "2025-Q1", onTime, {}, { tasks: { 2: "done" } }),
      acceptedRecord("so-b", "2025-Q1", onTime, {}, { tasks: { 2: "in-progress" } }),
    ]);
    expect(one.tasks.find((x) => x.stt === 2)!.status).toBe("in-progress");
    const none = build([]);
    expect(none.tasks.find((x) => x.stt === 2)!.status).toBe("not-reported");
  });

  it("flags a task overdue when its schedule ended before the period's year and it is not done", () => {
    const m = build([acceptedRecord("so-a", "2025-Q1", onTime, {}, { tasks: { 1: "in-progress" } })]);
    const t1 = m.tasks.find((x) => x.stt === 1)!;
    expect([t1.status, t1.overdue]).toEqual(["in-progress", true]); // "2021" still open in 2025
    expect(m.tasks.find((x) => x.stt === 2)!.overdue).toBe(false); // 2021-2025 runs to the end of 2025
    expect(m.tasks.find((x) => x.stt === 3)!.overdue).toBe(false); // yearly
    const done = build([acceptedRecord("so-a", "2025-Q1", onTime, {}, { tasks: { 1: "done" } })]);
    expect(done.tasks.find((x) => x.stt === 1)!.overdue).toBe(false);
  });

  it("keeps the coordinators' notes apart from the leads' reports", () => {
    const m = build([
      acceptedRecord("so-a", "2025-Q1", onTime, {}, { tasks: { 1: "done" }, results: { 1: "Xong" } }),
      acceptedRecord(
        "so-b",
        "2025-Q1",
        onTime,
        {},
        { tasks: { 1: "in-progress" }, roles: { 1: "coordinate" }, results: { 1: "Đã phối hợp" } },
      ),
    ]);
    const t1 = m.tasks.find((x) => x.stt === 1)!;
    expect(t1.status).toBe("done");
    expect(t1.coordinatorNotes.map((n) => [n.agency, n.result])).toEqual([["so-b", "Đã phối hợp"]]);
  });
});

describe("completeness and timeliness", () => {
  it("is on time on the due date and late the day after, counted in days", () => {
    const m = build([
      acceptedRecord("so-a", "2025-Q1", "2025-03-20T23:59:00+07:00", {}),
      acceptedRecord("so-b", "2025-Q1", "2025-03-21T00:01:00+07:00", {}),
      acceptedRecord("tw-c", "2025-Q1", "2025-03-25T10:00:00+07:00", {}),
    ]);
    const s = (c: string) => m.agencies.find((a) => a.code === c)!;
    expect([s("so-a").status, s("so-b").status, s("so-b").daysLate, s("tw-c").daysLate]).toEqual([
      "on-time",
      "late",
      1,
      5,
    ]);
    expect(s("huyen-d").status).toBe("missing");
  });

  it("under the strict reading, the 20th itself is late", () => {
    const plan = tinyPlan((s) => {
      s["settings.json"].due.rule = "before";
    });
    const m = build([acceptedRecord("so-a", "2025-Q1", "2025-03-20T08:00:00+07:00", {})], "2025-Q1", noEarlier, plan);
    expect(m.agencies.find((a) => a.code === "so-a")!.status).toBe("late");
  });

  it("reports a rejected file with its reason, and counts by group", () => {
    const m = build([
      rejectedRecord("so-b", "2025-Q1", onTime, "Tệp có mật khẩu"),
      acceptedRecord("so-a", "2025-Q1", onTime, {}),
    ]);
    const b = m.agencies.find((a) => a.code === "so-b")!;
    expect([b.status, b.rejectReason]).toEqual(["rejected", "Tệp có mật khẩu"]);
    expect(m.completeness.byGroup["so-nganh"]).toMatchObject({
      expected: 2,
      reported: 1,
      onTime: 1,
      rejected: 1,
      missing: 0,
      reportedRate: 50,
    });
    expect(m.completeness.total).toMatchObject({ expected: 4, reported: 1, missing: 2 });
  });

  it("expects only agencies valid in the period (districts end on 30/6/2025)", () => {
    expect(build([], "2025-H1").agencies.map((a) => a.code)).toContain("huyen-d");
    expect(build([], "2025-Q3").agencies.map((a) => a.code)).not.toContain("huyen-d");
  });
});

describe("comparison", () => {
  it("compares totals with the previous period and the same period last year", () => {
    const prev = {
      period: { id: "2025-Q1", label: "quý I năm 2025" },
      totals: { hs: 100 },
      agencies: [{ code: "so-a", values: { hs: 100 } }],
    };
    const m = build([acceptedRecord("so-a", "2025-H1", onTime.replace("03-18", "06-18"), { hs: 150 })], "2025-H1", {
      previous: prev,
      lastYear: null,
      cumulative: [prev],
    });
    const row = m.comparison.previous!.rows.find((r) => r.code === "hs")!;
    expect([row.current, row.other, row.change, row.changePercent]).toEqual([150, 100, 50, 50]);
    expect(m.comparison.lastYear).toBeNull();
    expect(m.comparison.cumulativeChecks).toEqual([
      {
        agency: "so-a",
        indicator: "hs",
        earlierPeriod: "2025-Q1",
        earlierLabel: "quý I năm 2025",
        earlier: 100,
        current: 150,
        ok: true,
      },
    ]);
  });

  it("flags a cumulative figure that fell below the earlier report of the same year", () => {
    const q1 = {
      period: { id: "2025-Q1", label: "quý I năm 2025" },
      totals: { hs: 100 },
      agencies: [{ code: "so-a", values: { hs: 100 } }],
    };
    const m = build([acceptedRecord("so-a", "2025-H1", "2025-06-18T09:00:00+07:00", { hs: 80 })], "2025-H1", {
      previous: q1,
      lastYear: null,
      cumulative: [q1],
    });
    expect(m.comparison.cumulativeChecks[0]).toMatchObject({ ok: false, earlier: 100, current: 80 });
  });
});
