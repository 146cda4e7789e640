import { describe, expect, it } from "vitest";
import {
  daysLeft,
  earlierCumulativePeriods,
  judgeTimeliness,
  makePeriod,
  parsePeriod,
  periodForDate,
  previousPeriod,
  samePeriodLastYear,
} from "../src/calendar/period.js";
import { hasEndedBefore, isDueInYear, scheduleCoversYear } from "../src/plan/task-schedule.js";
import { todayIn } from "../src/calendar/today.js";

describe("periods", () => {
  it("builds the four periods with their cut-off windows and due dates", () => {
    expect(parsePeriod("2025-Q1")).toMatchObject({
      kind: "Q1",
      label: "quý I năm 2025",
      window: { from: "2024-12-15", to: "2025-03-14" },
      due: "2025-03-20",
      cumulative: true,
    });
    expect(parsePeriod("2025-H1")).toMatchObject({
      label: "6 tháng đầu năm 2025",
      window: { from: "2024-12-15", to: "2025-06-14" },
      due: "2025-06-20",
    });
    expect(parsePeriod("2025-Q3")).toMatchObject({
      label: "quý III năm 2025",
      window: { from: "2025-06-15", to: "2025-09-14" },
      due: "2025-09-20",
      cumulative: false,
    });
    expect(parsePeriod("2025-Y")).toMatchObject({
      label: "năm 2025",
      window: { from: "2024-12-15", to: "2025-12-14" },
      due: "2025-12-20",
    });
  });

  it("rejects malformed period ids", () => {
    for (const bad of ["2025-Q2", "2025-Q4", "25-Q1", "2025Q1", "2025-y", ""]) expect(parsePeriod(bad)).toBeNull();
  });

  it("puts a date in the first period whose due date is on or after it", () => {
    expect(periodForDate("2025-03-20").id).toBe("2025-Q1");
    expect(periodForDate("2025-03-21").id).toBe("2025-H1");
    expect(periodForDate("2025-06-20").id).toBe("2025-H1");
    expect(periodForDate("2025-09-21").id).toBe("2025-Y");
    expect(periodForDate("2025-01-01").id).toBe("2025-Q1");
  });

  it("turns the year after the annual due date", () => {
    expect(periodForDate("2025-12-20").id).toBe("2025-Y");
    expect(periodForDate("2025-12-21").id).toBe("2026-Q1");
    expect(periodForDate("2025-12-31").id).toBe("2026-Q1");
  });

  it("counts days left across a leap day", () => {
    const q1 = parsePeriod("2024-Q1")!;
    expect(daysLeft(q1, "2024-02-28")).toBe(21); // 29/2/2024 exists
    expect(daysLeft(parsePeriod("2025-Q1")!, "2025-02-28")).toBe(20);
    expect(daysLeft(q1, "2024-03-25")).toBe(-5);
  });

  it("is on time on the 20th by default and late from the 21st", () => {
    const p = parsePeriod("2025-Q1")!;
    expect(judgeTimeliness(p, "2025-03-20")).toEqual({ onTime: true, daysLate: 0 });
    expect(judgeTimeliness(p, "2025-03-21")).toEqual({ onTime: false, daysLate: 1 });
  });

  it("under the strict reading of 'trước ngày 20' the last on-time day is the 19th", () => {
    const p = parsePeriod("2025-Q1", { day: 20, rule: "before" })!;
    expect(p.lastOnTimeDay).toBe("2025-03-19");
    expect(judgeTimeliness(p, "2025-03-20")).toEqual({ onTime: false, daysLate: 1 });
  });

  it("knows the previous period, the same period last year and the earlier cumulative reports", () => {
    expect(previousPeriod(makePeriod(2025, "Q1")).id).toBe("2024-Y");
    expect(previousPeriod(makePeriod(2025, "Q3")).id).toBe("2025-H1");
    expect(samePeriodLastYear(makePeriod(2025, "H1")).id).toBe("2024-H1");
    expect(earlierCumulativePeriods(makePeriod(2025, "Y")).map((p) => p.id)).toEqual(["2025-H1", "2025-Q1"]);
    expect(earlierCumulativePeriods(makePeriod(2025, "Q3"))).toEqual([]);
  });

  it("reads today in Asia/Ho_Chi_Minh, not in UTC", () => {
    expect(todayIn("Asia/Ho_Chi_Minh", new Date("2025-03-20T18:30:00Z"))).toBe("2025-03-21");
    expect(todayIn("Asia/Ho_Chi_Minh", new Date("2025-03-20T16:59:00Z"))).toBe("2025-03-20");
  });
});

describe("task schedules", () => {
  it("tells which tasks fall due or are overdue in a year", () => {
    expect(isDueInYear({ kind: "year", year: 2021 }, 2021)).toBe(true);
    expect(isDueInYear({ kind: "range", from: 2021, to: 2025 }, 2023)).toBe(false);
    expect(isDueInYear({ kind: "range", from: 2021, to: 2025 }, 2025)).toBe(true);
    expect(isDueInYear({ kind: "yearly" }, 2024)).toBe(true);
    expect(hasEndedBefore({ kind: "year", year: 2021 }, 2025)).toBe(true);
    expect(hasEndedBefore({ kind: "range", from: 2021, to: 2022 }, 2022)).toBe(false);
    expect(hasEndedBefore({ kind: "yearly" }, 2030)).toBe(false);
    expect(scheduleCoversYear({ kind: "range", from: 2021, to: 2022 }, 2023)).toBe(false);
  });
});
