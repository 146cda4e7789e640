import type { Schedule } from "./schema.js";

/** When a task of the plan is due, by its schedule: pure, the year in, the answer out. */

/** The last year of a task's schedule; null for a yearly task (it never ends). */
export function scheduleEndYear(s: Schedule): number | null {
  if (s.kind === "year") return s.year;
  if (s.kind === "range") return s.to;
  if (s.kind === "quarter" || s.kind === "month") return s.year;
  return null;
}

/** Whether a task's schedule covers the given year. */
export function scheduleCoversYear(s: Schedule, year: number): boolean {
  if (s.kind === "year") return s.year === year;
  if (s.kind === "range") return year >= s.from && year <= s.to;
  if (s.kind === "quarter" || s.kind === "month") return s.year === year;
  return true;
}

/** Due in the period's year: a one-year task of that year, a range ending that year, or a yearly task. */
export function isDueInYear(s: Schedule, year: number): boolean {
  const end = scheduleEndYear(s);
  return end === null ? true : end === year;
}

/** The schedule ended before the period's year (so an unfinished task is overdue). */
export function hasEndedBefore(s: Schedule, year: number): boolean {
  const end = scheduleEndYear(s);
  return end !== null && end < year;
}
