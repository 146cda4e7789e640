import { describe, expect, it } from "vitest";
import { boundsOf, breachOf, declaredBoundsProblem } from "../src/plan/bounds.js";
import { judgeNumber } from "../src/intake/judge/parse-submission.js";
import { validatePlan } from "../src/plan/validate-plan.js";
import { formatProblem } from "../src/problems/messages.js";
import { tinySeeds, toTexts } from "./helpers/tiny-plan.js";
import type { Indicator } from "../src/plan/plan.js";

describe("plausibility bounds of an indicator", () => {
  it("gives each number type its default: counts whole 0–10^9, amounts 0–10^15, percents 0–100; text none", () => {
    expect(boundsOf({ type: "count" })).toEqual({ min: 0, max: 1e9, integer: true });
    expect(boundsOf({ type: "amount" })).toEqual({ min: 0, max: 1e15, integer: false });
    expect(boundsOf({ type: "percent" })).toEqual({ min: 0, max: 100, integer: false });
    expect(boundsOf({ type: "text" })).toBeNull();
  });

  it("takes a declared min or max over the default, each on its own", () => {
    expect(boundsOf({ type: "count", min: 1, max: 63 })).toEqual({ min: 1, max: 63, integer: true });
    expect(boundsOf({ type: "amount", min: -5e6 })).toEqual({ min: -5e6, max: 1e15, integer: false });
    expect(boundsOf({ type: "percent", max: 300 })).toEqual({ min: 0, max: 300, integer: false });
  });

  it("names how a value breaks its bounds", () => {
    const count = boundsOf({ type: "count" })!;
    expect(breachOf(count, 0)).toBeNull();
    expect(breachOf(count, 1e9)).toBeNull();
    expect(breachOf(count, 1e9 + 1)).toBe("above");
    expect(breachOf(count, 1.7976931348623157e308)).toBe("above");
    expect(breachOf(count, Infinity)).toBe("above");
    expect(breachOf(count, Number.NaN)).toBe("above");
    expect(breachOf(count, -1)).toBe("negative");
    expect(breachOf(count, 2.5)).toBe("not-integer");
    expect(breachOf(count, 3 - 1e-12)).toBeNull(); // a formula's rounding noise
    expect(breachOf(boundsOf({ type: "count", min: 1 })!, 0)).toBe("below");
    expect(breachOf(boundsOf({ type: "amount", min: -10 })!, -10)).toBeNull();
    expect(breachOf(boundsOf({ type: "amount" })!, 1e15 + 1)).toBe("above");
    expect(breachOf(boundsOf({ type: "percent" })!, 100.01)).toBe("above");
  });

  it("judges intake numbers with the same bounds (codes of the findings)", () => {
    const ind = (x: Partial<Indicator>): Indicator => ({ type: "count", ...x }) as Indicator;
    expect(judgeNumber(ind({}), 1.7976931348623157e308)).toBe("intake.out-of-range");
    expect(judgeNumber(ind({}), -3)).toBe("intake.negative");
    expect(judgeNumber(ind({}), 1.5)).toBe("intake.not-integer");
    expect(judgeNumber(ind({ type: "amount" }), 2e15)).toBe("intake.out-of-range");
    expect(judgeNumber(ind({ type: "amount", min: -100 }), -50)).toBeNull();
    expect(judgeNumber(ind({ type: "amount", min: -100 }), -150)).toBe("intake.out-of-range");
    expect(judgeNumber(ind({ type: "percent" }), 101)).toBe("intake.out-of-range");
    expect(judgeNumber(ind({ type: "text" }), 1e300)).toBeNull();
  });

  it("rejects declared bounds that cannot hold", () => {
    expect(declaredBoundsProblem({ type: "count", min: 5, max: 1 })).toContain("min phải nhỏ hơn");
    expect(declaredBoundsProblem({ type: "count", max: 2.5 })).toContain("số nguyên");
    expect(declaredBoundsProblem({ type: "count", min: -1 })).toContain("không nhận số âm");
    expect(declaredBoundsProblem({ type: "amount", max: 1e16 })).toContain("10^15");
    expect(declaredBoundsProblem({ type: "percent", max: 50 })).toBeNull();
    expect(declaredBoundsProblem({ type: "text", max: 5 })).toContain("dạng chữ");
  });

  it("is a seed error naming the file and the field", () => {
    const s = tinySeeds() as Record<string, any>;
    s["indicators.json"].indicators[0].min = 10;
    s["indicators.json"].indicators[0].max = 5;
    const { plan, problems } = validatePlan(toTexts(s));
    expect(plan).toBeNull();
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/seeds\/indicators\.json.*indicators\[0: hs\]\.max.*min phải nhỏ hơn hoặc bằng max/),
    ]);
  });

  it("accepts the shipped seeds' declared bounds", () => {
    const s = tinySeeds() as Record<string, any>;
    s["indicators.json"].indicators[8].min = 1;
    const { problems } = validatePlan(toTexts(s));
    expect(problems).toEqual([]);
  });
});
