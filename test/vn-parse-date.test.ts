import { describe, expect, it } from "vitest";
import { parseLooseDate } from "../src/vn/parse-date.js";

describe("parseLooseDate", () => {
  it("reads a JS Date with UTC getters", () => {
    expect(parseLooseDate(new Date(Date.UTC(2025, 2, 15)))).toEqual({ iso: "2025-03-15" });
    expect(parseLooseDate(new Date(Date.UTC(2025, 2, 15, 23, 59)))).toEqual({ iso: "2025-03-15" });
    expect(parseLooseDate(new Date(Date.UTC(2025, 2, 15, 0, 0)))).toEqual({ iso: "2025-03-15" });
  });

  it("rejects an invalid Date", () => {
    expect(parseLooseDate(new Date(Number.NaN))).toBeNull();
  });

  it("reads Excel 1900-system serial numbers", () => {
    expect(parseLooseDate(45731)).toEqual({ iso: "2025-03-15" });
    expect(parseLooseDate(45731.75)).toEqual({ iso: "2025-03-15" });
    expect(parseLooseDate(1)).toEqual({ iso: "1900-01-01" });
    expect(parseLooseDate(59)).toEqual({ iso: "1900-02-28" });
    expect(parseLooseDate(61)).toEqual({ iso: "1900-03-01" });
    expect(parseLooseDate(2958465)).toEqual({ iso: "9999-12-31" });
  });

  it("rejects serials outside 1..2958465 and Excel's fictitious 29 February 1900", () => {
    expect(parseLooseDate(0)).toBeNull();
    expect(parseLooseDate(-5)).toBeNull();
    expect(parseLooseDate(2958466)).toBeNull();
    expect(parseLooseDate(60)).toBeNull();
    expect(parseLooseDate(Number.NaN)).toBeNull();
    expect(parseLooseDate(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it.each([
    "15/03/2025",
    "15/3/2025",
    "15-03-2025",
    "15.03.2025",
    " 15 / 03 / 2025 ",
    "2025-03-15",
    "2025/03/15",
    "2025-03-15T00:00:00.000Z",
    "15/03/2025 08:30",
    "ngày 15 tháng 3 năm 2025",
    "Ngày 15 tháng 03 năm 2025",
    "ngày  15  tháng 3  năm 2025".normalize("NFD"),
  ])("reads the text %j", (text) => {
    expect(parseLooseDate(text)).toEqual({ iso: "2025-03-15" });
  });

  it("reads a leap day only in a leap year", () => {
    expect(parseLooseDate("29/02/2024")).toEqual({ iso: "2024-02-29" });
    expect(parseLooseDate("29/02/2025")).toBeNull();
  });

  it.each([
    "31/02/2025",
    "31/04/2025",
    "00/01/2025",
    "15/13/2025",
    "2025-02-30",
    "15/03/25",
    "15/03-2025",
    "45731",
    "",
    "hôm nay",
    "ngày 32 tháng 1 năm 2025",
  ])("rejects %j", (text) => {
    expect(parseLooseDate(text)).toBeNull();
  });

  it("rejects other kinds of input", () => {
    expect(parseLooseDate(null)).toBeNull();
    expect(parseLooseDate(undefined)).toBeNull();
    expect(parseLooseDate({ result: 45731 })).toBeNull();
    expect(parseLooseDate(true)).toBeNull();
  });
});
