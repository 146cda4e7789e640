import { addDays, differenceInCalendarDays, lightFormat, parseISO } from "date-fns";
import { describe, expect, it } from "vitest";
import { calendarDaysBetween, dayBefore, dayNumber, yearOf } from "../src/calendar/days.js";

/** Every day of a few years, leap days and year ends included, and texts that are not plain dates. */
const days: string[] = [];
for (let t = Date.UTC(2023, 10, 1); t <= Date.UTC(2025, 2, 31); t += 86_400_000)
  days.push(new Date(t).toISOString().slice(0, 10));
const odd = [
  "2025-02-30",
  "2025-13-01",
  "2025-00-10",
  "2025-04-31",
  "2025-3-19",
  "2025-03",
  "2025",
  "March 19, ",
  "",
  "x",
];

describe("calendar days without date-fns", () => {
  it("counts the calendar days between two dates as date-fns does", () => {
    const picks = days.filter((_, i) => i % 7 === 0);
    for (const a of picks)
      for (const b of [...picks.slice(0, 20), ...odd])
        expect([a, b, calendarDaysBetween(a, b)]).toEqual([a, b, differenceInCalendarDays(parseISO(b), parseISO(a))]);
  });

  it("gives the day before and the year as date-fns does", () => {
    for (const d of days) {
      expect(dayBefore(d)).toBe(lightFormat(addDays(parseISO(d), -1), "yyyy-MM-dd"));
      expect(yearOf(d)).toBe(parseISO(d).getFullYear());
    }
    expect(dayBefore("2024-03-01")).toBe("2024-02-29");
    expect(dayBefore("2025-01-01")).toBe("2024-12-31");
  });

  it("leaves texts that are not plain dates to date-fns: NaN, or the error it throws", () => {
    for (const d of odd) expect(dayNumber(d)).toBeNull();
    expect(calendarDaysBetween("2025-03-19", "March 19, ")).toBeNaN();
    expect(calendarDaysBetween("2025-02-30", "2025-03-02")).toBeNaN();
    expect(() => dayBefore("2025-06-31")).toThrow(RangeError);
    expect(yearOf("2025-02-30")).toBeNaN();
  });
});
