import { describe, expect, it } from "vitest";
import { parseLooseNumber } from "../src/vn/parse-number.js";

describe("parseLooseNumber", () => {
  it.each([
    [" 120 ", 120, "plain"],
    ["-3", -3, "plain"],
    ["+7", 7, "plain"],
    ["\u22125", -5, "plain"],
    ["007", 7, "plain"],
  ] as const)("reads plain integers: %j → %d", (input, value, style) => {
    expect(parseLooseNumber(input)).toEqual({ value, percent: false, style });
  });

  it.each([
    ["1.234", 1234],
    ["1.234.567", 1234567],
    ["1.234,5", 1234.5],
    ["1.234.567,89", 1234567.89],
    ["0,5", 0.5],
    ["12,5", 12.5],
    ["0,500", 0.5],
    ["1.500", 1500],
    ["-1.234,5", -1234.5],
  ] as const)("reads Vietnamese style (. groups, , decimals): %j → %d", (input, value) => {
    expect(parseLooseNumber(input)).toEqual({ value, percent: false, style: "vi" });
  });

  it.each([
    ["1,234", 1234],
    ["1,234,567", 1234567],
    ["1,234.5", 1234.5],
    ["1.5", 1.5],
    ["0.500", 0.5],
    ["1234.567", 1234.567],
    ["12.3456", 12.3456],
  ] as const)("reads English style (, groups, . decimals): %j → %d", (input, value) => {
    expect(parseLooseNumber(input)).toEqual({ value, percent: false, style: "en" });
  });

  it("takes a single dot before exactly three digits as Vietnamese thousands", () => {
    expect(parseLooseNumber("1.500")).toEqual({ value: 1500, percent: false, style: "vi" });
    expect(parseLooseNumber("36.700")).toEqual({ value: 36700, percent: false, style: "vi" });
    expect(parseLooseNumber("1.50")).toEqual({ value: 1.5, percent: false, style: "en" });
  });

  it("takes a single comma before exactly three digits as English thousands", () => {
    expect(parseLooseNumber("1,234")).toEqual({ value: 1234, percent: false, style: "en" });
    expect(parseLooseNumber("1,23")).toEqual({ value: 1.23, percent: false, style: "vi" });
  });

  it("reads percentages, keeping the written value", () => {
    expect(parseLooseNumber("12,5%")).toEqual({ value: 12.5, percent: true, style: "vi" });
    expect(parseLooseNumber("12,5 %")).toEqual({ value: 12.5, percent: true, style: "vi" });
    expect(parseLooseNumber("97,7\u00a0%")).toEqual({ value: 97.7, percent: true, style: "vi" });
    expect(parseLooseNumber("100%")).toEqual({ value: 100, percent: true, style: "plain" });
  });

  it("reads space grouping, including no-break spaces", () => {
    expect(parseLooseNumber("1 234")).toEqual({ value: 1234, percent: false, style: "plain" });
    expect(parseLooseNumber("1\u00a0234\u00a0567")).toEqual({ value: 1234567, percent: false, style: "plain" });
    expect(parseLooseNumber("1\u202f234")).toEqual({ value: 1234, percent: false, style: "plain" });
    expect(parseLooseNumber("1 234,5")).toEqual({ value: 1234.5, percent: false, style: "vi" });
    expect(parseLooseNumber("1 234.5")).toEqual({ value: 1234.5, percent: false, style: "en" });
  });

  it("trims surrounding spaces, including no-break spaces", () => {
    expect(parseLooseNumber("\u00a0 42\u00a0")?.value).toBe(42);
  });

  it("never returns negative zero", () => {
    expect(Object.is(parseLooseNumber("-0")?.value, 0)).toBe(true);
  });

  it.each([
    "abc",
    "",
    "   ",
    "1.2.3,4,5",
    "12a",
    "1,2.3",
    "1.23.456",
    "1 23",
    "-",
    "%",
    ",5",
    "5,",
    "1..2",
    "1,234,5",
    "12 %%",
    "1e5",
    "0x10",
    "Infinity",
  ])("rejects %j", (input) => {
    expect(parseLooseNumber(input)).toBeNull();
  });
});
