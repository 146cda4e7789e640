/**
 * calendar: reporting periods (2025-Q1, 2025-H1, 2025-Y), their cut-off windows, due dates, neighbours and Vietnamese
 * labels (this file), sums of calendar days (days.ts), and the one reading of the clock (today.ts). Pure: a date in,
 * an answer out; "now" always comes in as an argument.
 */
import { calendarDaysBetween, dayBefore, yearOf } from "./days.js";

/** Reporting periods and their dates. Pure: the date "now" always comes in as an argument. */

export type PeriodKind = "Q1" | "H1" | "Q3" | "Y";
export const periodKinds: readonly PeriodKind[] = ["Q1", "H1", "Q3", "Y"];
export type DueRule = "on-or-before" | "before";

export interface DueSettings {
  day: number;
  rule: DueRule;
}

export interface Period {
  id: string;
  kind: PeriodKind;
  year: number;
  label: string;
  /** sentence-case subject fragment: "quý I năm 2025" */
  window: { from: string; to: string };
  /** the due date as written (the 20th) */
  due: string;
  /** the last day a submission is still on time (the 20th, or the 19th under the strict reading) */
  lastOnTimeDay: string;
  dueRule: DueRule;
  /** first day of the period's last month */
  lastMonthStart: string;
  /** whether the figures accumulate from 15/12 of the previous year */
  cumulative: boolean;
}

const lastMonth: Record<PeriodKind, number> = { Q1: 3, H1: 6, Q3: 9, Y: 12 };
const labels: Record<PeriodKind, (y: number) => string> = {
  Q1: (y) => `quý I năm ${y}`,
  H1: (y) => `6 tháng đầu năm ${y}`,
  Q3: (y) => `quý III năm ${y}`,
  Y: (y) => `năm ${y}`,
};

const pad = (n: number): string => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

/** The years the program handles: dates and period ids outside them are a usage error. */
export const supportedYears = { from: 2000, to: 2100 } as const;

export const defaultDue: DueSettings = { day: 20, rule: "on-or-before" };

const periodIdPattern = /^(\d{4})-(Q1|H1|Q3|Y)$/;

export function isPeriodId(id: string): boolean {
  return periodIdPattern.test(id);
}

/** Builds a period from its id ("2025-Q1", "2025-H1", "2025-Q3", "2025-Y"); null when the id is malformed. */
export function parsePeriod(id: string, due: DueSettings = defaultDue): Period | null {
  const m = periodIdPattern.exec(id.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const kind = m[2] as PeriodKind;
  if (year < 1900 || year > 9999) return null;
  return makePeriod(year, kind, due);
}

export function makePeriod(year: number, kind: PeriodKind, due: DueSettings = defaultDue): Period {
  const month = lastMonth[kind];
  const dueDate = iso(year, month, due.day);
  const lastOnTimeDay = due.rule === "before" ? dayBefore(dueDate) : dueDate;
  const window =
    kind === "Q3"
      ? { from: iso(year, 6, 15), to: iso(year, 9, 14) }
      : { from: iso(year - 1, 12, 15), to: iso(year, month, 14) };
  return {
    id: `${year}-${kind}`,
    kind,
    year,
    label: labels[kind](year),
    window,
    due: dueDate,
    lastOnTimeDay,
    dueRule: due.rule,
    lastMonthStart: iso(year, month, 1),
    cumulative: kind !== "Q3",
  };
}

/** The period a date belongs to: the first period whose due date is on or after it. */
export function periodForDate(date: string, due: DueSettings = defaultDue): Period {
  const year = yearOf(date);
  for (const kind of periodKinds) {
    const p = makePeriod(year, kind, due);
    if (date <= p.due) return p;
  }
  return makePeriod(year + 1, "Q1", due);
}

/** Days from `today` until the due date (negative once it has passed). */
export function daysLeft(period: Period, today: string): number {
  return calendarDaysBetween(today, period.due);
}

/** Timeliness of a receipt date: on time, or late by N calendar days after the last on-time day. */
export function judgeTimeliness(period: Period, receivedOn: string): { onTime: boolean; daysLate: number } {
  const late = calendarDaysBetween(period.lastOnTimeDay, receivedOn);
  return { onTime: late <= 0, daysLate: Math.max(0, late) };
}

/** The period reported just before this one (quý I follows the previous year's annual report). */
export function previousPeriod(p: Period, due: DueSettings = defaultDue): Period {
  const i = periodKinds.indexOf(p.kind);
  if (i === 0) return makePeriod(p.year - 1, "Y", due);
  return makePeriod(p.year, periodKinds[i - 1] as PeriodKind, due);
}

export function samePeriodLastYear(p: Period, due: DueSettings = defaultDue): Period {
  return makePeriod(p.year - 1, p.kind, due);
}

/** Cumulative reports of the same year that this one must not fall below (H1 ≥ Q1; Y ≥ H1 ≥ Q1). */
export function earlierCumulativePeriods(p: Period, due: DueSettings = defaultDue): Period[] {
  if (p.kind === "H1") return [makePeriod(p.year, "Q1", due)];
  if (p.kind === "Y") return [makePeriod(p.year, "H1", due), makePeriod(p.year, "Q1", due)];
  return [];
}
