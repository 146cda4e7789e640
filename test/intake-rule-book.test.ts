import { describe, expect, test } from "vitest";
import { parsePeriod } from "../src/calendar/period.js";
import { slotId, type CellValue, type Slot } from "../src/intake/judge/check-expr.js";
import {
  declareChecks,
  partLabels,
  runChecks,
  type CheckEnv,
  type CumulativeFloor,
} from "../src/intake/judge/rule-book.js";
import type { Plan } from "../src/plan/plan.js";
import { tinyPlan } from "./helpers/tiny-plan.js";

const base = tinyPlan();
/** The tiny plan with one identity: hs = hs-cu + hs-moi. */
const plan: Plan = {
  ...base,
  indicators: [
    ...base.indicators.map((i) => (i.code === "hs" ? { ...i, sumOf: [["hs-cu", "hs-moi"]] } : i)),
    {
      ...base.indicators.find((i) => i.code === "hs-tt")!,
      code: "hs-cu",
      name: "Hồ sơ kỳ trước chuyển sang",
      cumulative: false,
    },
    {
      ...base.indicators.find((i) => i.code === "hs-tt")!,
      code: "hs-moi",
      name: "Hồ sơ mới tiếp nhận",
      cumulative: true,
    },
  ],
};
const agency = plan.agencies.find((a) => a.code === "so-a")!;
const q1 = parsePeriod("2025-Q1", plan.settings.due)!;
const h1 = parsePeriod("2025-H1", plan.settings.due)!;

/** An environment of values read: figures by indicator code, tasks by "stt.column"; every cell at a made-up address. */
function env(figures: Record<string, CellValue>, tasks: Record<string, CellValue> = {}): CheckEnv {
  const m = new Map<string, { value: CellValue; address: string }>();
  let row = 10;
  for (const [code, v] of Object.entries(figures))
    m.set(slotId({ sheet: "figures", row: `ind:${code}`, column: "value" }), { value: v, address: `F${row++}` });
  for (const [k, v] of Object.entries(tasks)) {
    const [stt, column] = k.split(".") as [string, string];
    m.set(slotId({ sheet: "tasks", row: `task:${stt}`, column }), { value: v, address: `H${row++}` });
  }
  return { value: (s: Slot) => m.get(slotId(s))?.value, address: (s: Slot) => m.get(slotId(s))?.address ?? null };
}

const hitsOf = (e: CheckEnv, period = q1, floors: Record<string, CumulativeFloor> = {}) =>
  runChecks(declareChecks({ plan, agency, period, floors }), e).map((h) => [h.code, h.check.target.row]);

describe("the rule book", () => {
  test("a part larger than its whole is an error on the part", () => {
    const hits = runChecks(
      declareChecks({ plan, agency, period: q1, floors: {} }),
      env({ hs: 100, "hs-tt": 120, "hs-cu": 10, "hs-moi": 90 }),
    );
    expect(hits.map((h) => [h.code, h.check.target.row])).toEqual([["intake.rule.part-exceeds-whole", "ind:hs-tt"]]);
    expect(hits[0]?.args).toMatchObject({ value: 120, wholeValue: 100, wholeCell: "F10" });
  });

  test("parts that do not add up to their whole are an error on the whole; an empty part leaves it unjudged", () => {
    expect(hitsOf(env({ hs: 100, "hs-cu": 10, "hs-moi": 89 }))).toEqual([["intake.rule.sum-mismatch", "ind:hs"]]);
    expect(hitsOf(env({ hs: 100, "hs-cu": 10, "hs-moi": 90 }))).toEqual([]);
    expect(hitsOf(env({ hs: 100, "hs-cu": 10, "hs-moi": null }))).toEqual([]);
    const [hit] = runChecks(
      declareChecks({ plan, agency, period: q1, floors: {} }),
      env({ hs: 100, "hs-cu": 10, "hs-moi": 89 }),
    );
    expect(hit?.args).toMatchObject({ value: 100, partsValue: 99 });
  });

  test("a value out of bounds is one error (negative, not whole, too large), set aside, and no other rule uses it", () => {
    expect(hitsOf(env({ hs: -1.5, "hs-tt": 3 }))).toEqual([["intake.negative", "ind:hs"]]);
    expect(hitsOf(env({ hs: 2.5, "hs-tt": 3 }))).toEqual([["intake.not-integer", "ind:hs"]]);
    expect(hitsOf(env({ hs: 2e9, "hs-tt": 3 }))).toEqual([["intake.out-of-range", "ind:hs"]]);
    expect(hitsOf(env({ "ty-le-tt": 120 }))).toEqual([["intake.out-of-range", "ind:ty-le-tt"]]);
    const checks = declareChecks({ plan, agency, period: q1, floors: {} });
    expect(checks.filter((c) => c.rule === "out-of-range").every((c) => c.setsAside)).toBe(true);
  });

  test("a typed percent more than 0.5 points from its parts is a warning; a zero denominator is not judged", () => {
    expect(hitsOf(env({ hs: 200, "hs-tt": 50, "ty-le-tt": 30 }))).toEqual([
      ["intake.rule.percent-mismatch", "ind:ty-le-tt"],
    ]);
    expect(hitsOf(env({ hs: 200, "hs-tt": 50, "ty-le-tt": 25.5 }))).toEqual([]);
    expect(hitsOf(env({ hs: 0, "hs-tt": 0, "ty-le-tt": 50 }))).toEqual([]);
  });

  test("a cumulative figure below its floor (consolidation's cumulative rule) is a warning naming the earlier report", () => {
    const floors = {
      hs: { period: "2025-Q1", label: "quý I năm 2025", value: 200 },
      "hs-tt": { period: "2025-Q1", label: "quý I năm 2025", value: 80 },
    };
    expect(hitsOf(env({ hs: 150, "hs-tt": 90 }), h1, floors)).toEqual([["intake.rule.cumulative-decrease", "ind:hs"]]);
    const [hit] = runChecks(declareChecks({ plan, agency, period: h1, floors }), env({ hs: 150, "hs-tt": 90 }));
    expect(hit?.args).toMatchObject({ earlierPeriod: "2025-Q1", earlierLabel: "quý I năm 2025", earlierValue: 200 });
    // no floor, no comparison (quý I and quý III get none: consolidate/cumulative.ts)
    expect(hitsOf(env({ hs: 150, "hs-tt": 90 }), h1)).toEqual([]);
  });

  test("a task marked done without a result is a warning on its result cell; a set-aside result is not missing", () => {
    expect(hitsOf(env({}, { "1.status": "Đã hoàn thành", "1.result": null }))).toEqual([
      ["intake.rule.done-without-result", "task:1"],
    ]);
    expect(hitsOf(env({}, { "1.status": "Đã hoàn thành", "1.result": { error: "set-aside" } }))).toEqual([]);
    expect(hitsOf(env({}, { "1.status": "Đang thực hiện", "1.result": null }))).toEqual([]);
  });

  test("required cells left empty are warnings; checks of the cell reader are not judged again", () => {
    expect(hitsOf(env({}, { "1.status": null }))).toEqual([["intake.required-empty", "task:1"]]);
    expect(hitsOf(env({}, { "1.status": { error: "set-aside" } }))).toEqual([]);
    expect(hitsOf(env({ hs: "abc" }))).toEqual([]);
  });

  test("the words that set parts apart name them in the check column", () => {
    expect(partLabels(["Hồ sơ giải quyết trước hạn", "Hồ sơ giải quyết đúng hạn", "Hồ sơ giải quyết quá hạn"])).toEqual(
      ["trước hạn", "đúng hạn", "quá hạn"],
    );
  });
});
