/**
 * Dates as they arrive in sheets: real dates, Excel serial numbers, or text. Pure.
 *
 * - Date: read with UTC getters (Excel dates are zone-less; exceljs hands them over as UTC).
 * - number: an Excel serial in the 1900 date system, 1..2958465 (1900-01-01..9999-12-31); a
 *   fraction (time of day) is dropped. Serial 60 is Excel's fictitious 29 February 1900: null.
 * - text: "15/03/2025", "15/3/2025", "15-03-2025", "15.03.2025" (day first, four-digit year),
 *   "2025-03-15" (also "2025/03/15", and with a trailing time "2025-03-15T08:00:00Z"),
 *   "ngày 15 tháng 3 năm 2025". A trailing time after the dd/mm/yyyy forms is allowed too.
 *   Numeric text ("45731") is not taken for a serial.
 * Impossible calendar dates (31/02/2025) give null.
 */

export interface LooseDate {
  iso: string;
}

const MAX_SERIAL = 2958465;
const MS_PER_DAY = 86_400_000;
/** Serial 0 of the 1900 system counted past Excel's fictitious 1900-02-29: 1899-12-30. */
const EPOCH_AFTER_LEAP_BUG = Date.UTC(1899, 11, 30);
const EPOCH_BEFORE_LEAP_BUG = Date.UTC(1899, 11, 31);

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

function isoFromParts(year: number, month: number, day: number): LooseDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return { iso: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

function fromUtcDate(d: Date): LooseDate | null {
  if (Number.isNaN(d.getTime())) return null;
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function fromSerial(n: number): LooseDate | null {
  if (!Number.isFinite(n)) return null;
  const whole = Math.floor(n);
  if (whole < 1 || whole > MAX_SERIAL || whole === 60) return null;
  const epoch = whole < 60 ? EPOCH_BEFORE_LEAP_BUG : EPOCH_AFTER_LEAP_BUG;
  return fromUtcDate(new Date(epoch + whole * MS_PER_DAY));
}

const TIME_SUFFIX = String.raw`(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})${TIME_SUFFIX}$`, "u");
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([/\-])(\d{1,2})\2(\d{1,2})${TIME_SUFFIX}$`, "u");
const WORDS = /^ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$/u;

function fromText(text: string): LooseDate | null {
  const s = text
    .normalize("NFC")
    .replace(/[\u00a0\u202f]/gu, " ")
    .trim();
  let m = DAY_FIRST.exec(s);
  if (m) return isoFromParts(Number(m[4]), Number(m[3]), Number(m[1]));
  m = YEAR_FIRST.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[3]), Number(m[4]));
  m = WORDS.exec(s.toLowerCase());
  if (m) return isoFromParts(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

export function parseLooseDate(input: unknown): LooseDate | null {
  if (input instanceof Date) return fromUtcDate(input);
  if (typeof input === "number") return fromSerial(input);
  if (typeof input === "string") return fromText(input);
  return null;
}
