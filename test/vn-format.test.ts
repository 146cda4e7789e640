import { describe, expect, it } from "vitest";
import {
  formatDateLine,
  formatDocNumber,
  formatNd30Date,
  formatNumber,
  formatPercent,
  formatShortDate,
  formatTextDate,
  fromRoman,
  plainDecimal,
  pointLetter,
  toRoman,
} from "../src/vn/format.js";

describe("ND30 dates", () => {
  it("puts a leading zero on days below 10 and on months 1 and 2 only", () => {
    expect(formatNd30Date("2025-03-05")).toBe("ngày 05 tháng 3 năm 2025");
    expect(formatNd30Date("2025-02-05")).toBe("ngày 05 tháng 02 năm 2025");
    expect(formatNd30Date("2025-01-15")).toBe("ngày 15 tháng 01 năm 2025");
    expect(formatNd30Date("2025-12-20")).toBe("ngày 20 tháng 12 năm 2025");
    expect(formatNd30Date("2025-10-09")).toBe("ngày 09 tháng 10 năm 2025");
  });
  it("writes the place-and-date line", () => {
    expect(formatDateLine("Vĩnh Phúc", "2025-03-05")).toBe("Vĩnh Phúc, ngày 05 tháng 3 năm 2025");
  });
  it("writes table dates as dd/mm/yyyy and text dates without zeros", () => {
    expect(formatShortDate("2025-03-05")).toBe("05/03/2025");
    expect(formatTextDate("2025-03-20")).toBe("20/3/2025");
  });
});

describe("numbers", () => {
  it("groups thousands with dots and marks decimals with a comma", () => {
    expect(formatNumber(36700)).toBe("36.700");
    expect(formatNumber(1234.5)).toBe("1.234,5");
    expect(formatNumber(1234567.891)).toBe("1.234.567,89");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(-1500)).toBe("-1.500");
    expect(formatPercent(97.7)).toBe("97,7%");
    expect(formatPercent(100)).toBe("100%");
    expect(formatNumber(Number.NaN)).toBe("");
  });
});

describe("numerals and letters", () => {
  it("writes Roman numerals both ways", () => {
    expect([1, 2, 3, 4, 5, 6, 9, 14, 40, 1999].map(toRoman)).toEqual([
      "I",
      "II",
      "III",
      "IV",
      "V",
      "VI",
      "IX",
      "XIV",
      "XL",
      "MCMXCIX",
    ]);
    expect(fromRoman("VI")).toBe(6);
    expect(fromRoman("ABC")).toBeNull();
  });
  it("uses the Vietnamese point letters, with đ after d and no f, j, w, z", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(pointLetter).join(" ")).toBe("a b c d đ e g");
    expect(Array.from({ length: 23 }, (_, i) => pointLetter(i)).join("")).toBe("abcdđeghiklmnopqrstuvxy");
  });
  it("writes a document number with a leading zero, or a blank for the records office", () => {
    expect(formatDocNumber("BC-SNV", 5)).toBe("Số: 05/BC-SNV");
    expect(formatDocNumber("BC-SNV", 12)).toBe("Số: 12/BC-SNV");
    expect(formatDocNumber("BC-SNV", null)).toBe("Số:      /BC-SNV");
  });
});

describe("numbers never in exponent notation", () => {
  it("plainDecimal writes every finite number in full, reading back as the same number", () => {
    for (const n of [1e21, -1.5e21, 1.7976931348623157e308, 1e-7, -1.2345e-7, 5e-324, 123.5, 0, 1e15]) {
      const s = plainDecimal(n);
      expect(s).not.toMatch(/e/i);
      expect(Number(s)).toBe(n);
    }
    expect(plainDecimal(1e21)).toBe("1000000000000000000000");
    expect(plainDecimal(Number.NaN)).toBe("");
  });
  it("formatNumber groups the digits of a very large number instead of writing 1e+21", () => {
    expect(formatNumber(1e21)).toBe("1.000.000.000.000.000.000.000");
    expect(formatNumber(1.7976931348623157e308)).toMatch(/^179\.769\.313\.486\.231\.570(\.000)+$/);
    expect(formatNumber(-2e22)).toBe("-20.000.000.000.000.000.000.000");
    expect(formatNumber(1e15)).toBe("1.000.000.000.000.000");
  });
});
