import { createRequire } from "node:module";

/**
 * Calendar arithmetic on plain dates ("2025-03-19"), as date-fns does it (parseISO: local midnight; calendar days
 * between two dates; the day before) but without loading date-fns: its modules cost every start-up ~15 ms, for sums a
 * day number does. A text that is not a valid plain date (a hand-edited ledger's) still goes to date-fns, loaded then,
 * so that every answer stays date-fns' own (an invalid date gives NaN, a bad due day throws). Pure.
 */

const DAY_MS = 86_400_000;
const plainDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid plain date from the year 1000 on; null for anything else. */
export function dayNumber(date: string): number | null {
  const m = plainDate.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const t = Date.UTC(year, month - 1, day);
  // 2025-02-30 is no date (date-fns' parseISO says Invalid Date), not 2 March
  if (new Date(t).getUTCDate() !== day) return null;
  return t / DAY_MS;
}

/** The plain date of a day number. */
function dateOfDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

interface DateFns {
  addDays: (d: Date, n: number) => Date;
  differenceInCalendarDays: (a: Date, b: Date) => number;
  lightFormat: (d: Date, f: string) => string;
  parseISO: (s: string) => Date;
}
let dateFns: DateFns | undefined;
/** date-fns, for the texts that are not plain dates: loaded (as CommonJS, at once) the first time one comes. */
function lib(): DateFns {
  if (!dateFns) {
    const require = createRequire(import.meta.url);
    dateFns = {
      addDays: (require("date-fns/addDays") as Pick<DateFns, "addDays">).addDays,
      differenceInCalendarDays: (
        require("date-fns/differenceInCalendarDays") as Pick<DateFns, "differenceInCalendarDays">
      ).differenceInCalendarDays,
      lightFormat: (require("date-fns/lightFormat") as Pick<DateFns, "lightFormat">).lightFormat,
      parseISO: (require("date-fns/parseISO") as Pick<DateFns, "parseISO">).parseISO,
    };
  }
  return dateFns;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  const a = dayNumber(to);
  const b = dayNumber(from);
  if (a !== null && b !== null) return a - b;
  const f = lib();
  return f.differenceInCalendarDays(f.parseISO(to), f.parseISO(from));
}

/** The day before a date, as a plain date. */
export function dayBefore(date: string): string {
  const n = dayNumber(date);
  if (n !== null) return dateOfDay(n - 1);
  const f = lib();
  return f.lightFormat(f.addDays(f.parseISO(date), -1), "yyyy-MM-dd");
}

/** The year of a date. */
export function yearOf(date: string): number {
  if (dayNumber(date) !== null) return Number(date.slice(0, 4));
  return lib().parseISO(date).getFullYear();
}
