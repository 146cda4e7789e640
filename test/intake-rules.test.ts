import { describe, expect, test } from "vitest";
import {
  cumulativeDecrease, doneWithoutResult, partExceedsWhole, percentMismatch, rules, runRules,
  type RuleContext, type RuleTask, type RuleValue,
} from "../src/intake/rules.js";
import { tinyPlan } from "./helpers/tiny-plan.js";

const plan = tinyPlan();
let cell = 10;
const v = (value: number | string | null): RuleValue => ({ value, ref: { file: "f.xlsx", sheet: "Số liệu", cell: `F${cell++}` } });

function ctx(values: Record<string, number | string | null>, extra: Partial<RuleContext> = {}): RuleContext {
  return {
    indicators: plan.indicators,
    values: new Map(Object.entries(values).map(([k, x]) => [k, v(x)])),
    tasks: [],
    earlier: [],
    compareCumulative: false,
    ...extra,
  };
}

const task = (stt: number, status: RuleTask["status"], result: string | null, resultSetAside = false): RuleTask => ({
  stt, status, result, resultSetAside, resultRef: { file: "f.xlsx", sheet: "Nhiệm vụ", cell: `I${stt + 9}` },
});

describe("part-exceeds-whole", () => {
  test("a part larger than its whole is a hit on the part's cell, flagging the part", () => {
    const c = ctx({ hs: 100, "hs-tt": 120 });
    const hits = partExceedsWhole.check(c);
    expect(hits.map((h) => h.code)).toEqual(["intake.rule.part-exceeds-whole"]);
    expect(hits[0]?.flagIndicator).toBe("hs-tt");
    expect(hits[0]?.place).toEqual({ sheet: "Số liệu", cell: c.values.get("hs-tt")?.ref.cell, key: "ind:hs-tt" });
    expect(hits[0]?.args).toMatchObject({ value: 120, wholeValue: 100, wholeCell: c.values.get("hs")?.ref.cell });
  });
  test("equal or smaller parts, and missing figures, pass", () => {
    expect(partExceedsWhole.check(ctx({ hs: 100, "hs-tt": 100 }))).toEqual([]);
    expect(partExceedsWhole.check(ctx({ hs: 100, "hs-tt": 3 }))).toEqual([]);
    expect(partExceedsWhole.check(ctx({ hs: null, "hs-tt": 120 }))).toEqual([]);
    expect(partExceedsWhole.check(ctx({ "hs-tt": 120 }))).toEqual([]);
  });
});

describe("percent-mismatch", () => {
  test("a percent more than 0.5 points away from numerator/denominator is a hit", () => {
    const hits = percentMismatch.check(ctx({ hs: 200, "hs-tt": 50, "ty-le-tt": 30 }));
    expect(hits.map((h) => h.code)).toEqual(["intake.rule.percent-mismatch"]);
    expect(hits[0]?.args).toMatchObject({ value: 30, computed: 25, numeratorValue: 50, denominatorValue: 200 });
    expect(hits[0]?.flagIndicator).toBe("ty-le-tt");
  });
  test("within 0.5 points passes; a zero denominator or a missing part is not judged", () => {
    expect(percentMismatch.check(ctx({ hs: 200, "hs-tt": 50, "ty-le-tt": 25.5 }))).toEqual([]);
    expect(percentMismatch.check(ctx({ hs: 3, "hs-tt": 1, "ty-le-tt": 33.3 }))).toEqual([]);
    expect(percentMismatch.check(ctx({ hs: 0, "hs-tt": 0, "ty-le-tt": 50 }))).toEqual([]);
    expect(percentMismatch.check(ctx({ hs: 200, "ty-le-tt": 50 }))).toEqual([]);
  });
});

describe("cumulative-decrease", () => {
  const earlier = [
    { period: "2025-H1", label: "6 tháng đầu năm 2025", values: { hs: 500 } },
    { period: "2025-Q1", label: "quý I năm 2025", values: { hs: 200, "hs-tt": 80 } },
  ];
  test("a cumulative figure below the nearest earlier report of the year is a hit", () => {
    const hits = cumulativeDecrease.check(ctx({ hs: 400, "hs-tt": 90 }, { earlier, compareCumulative: true }));
    expect(hits.map((h) => [h.code, h.flagIndicator])).toEqual([["intake.rule.cumulative-decrease", "hs"]]);
    expect(hits[0]?.args).toMatchObject({ value: 400, earlierPeriod: "2025-H1", earlierValue: 500 });
  });
  test("falls back to an earlier report that has the figure (Q1 when H1 lacks it)", () => {
    const hits = cumulativeDecrease.check(ctx({ hs: 600, "hs-tt": 70 }, { earlier, compareCumulative: true }));
    expect(hits.map((h) => [h.flagIndicator, h.args["earlierPeriod"]])).toEqual([["hs-tt", "2025-Q1"]]);
  });
  test("non-cumulative indicators, non-cumulative reports and equal figures pass", () => {
    expect(cumulativeDecrease.check(ctx({ hs: 400 }, { earlier, compareCumulative: false }))).toEqual([]);
    expect(cumulativeDecrease.check(ctx({ hs: 500 }, { earlier, compareCumulative: true }))).toEqual([]);
    expect(cumulativeDecrease.check(ctx({ "kq-tinh": 1 }, { earlier: [{ period: "2025-Q1", label: "q", values: { "kq-tinh": 9 } }], compareCumulative: true }))).toEqual([]);
  });
});

describe("done-without-result", () => {
  test("a task marked done with no result is a hit on its result cell", () => {
    const hits = doneWithoutResult.check(ctx({}, { tasks: [task(1, "done", null), task(2, "done", "  "), task(3, "done", "Đã ban hành"), task(4, "in-progress", null)] }));
    expect(hits.map((h) => [h.code, h.flagTask, h.place.cell])).toEqual([
      ["intake.rule.done-without-result", 1, "I10"],
      ["intake.rule.done-without-result", 2, "I11"],
    ]);
  });
  test("a result that was set aside (e.g. a formula error) is reported there, not as missing", () => {
    expect(doneWithoutResult.check(ctx({}, { tasks: [task(1, "done", null, true)] }))).toEqual([]);
  });
});

test("the rule list runs every rule and names each hit", () => {
  expect(rules.map((r) => r.name)).toEqual(["part-exceeds-whole", "percent-mismatch", "cumulative-decrease", "done-without-result"]);
  const hits = runRules(ctx({ hs: 10, "hs-tt": 20, "ty-le-tt": 10 }, { tasks: [task(1, "done", null)] }));
  expect(hits.map((h) => h.rule)).toEqual(["part-exceeds-whole", "percent-mismatch", "done-without-result"]);
});
