import type { Schedule } from "./schema.js";
import { foldName, stripDiacritics } from "../vn/fold.js";

/**
 * The schedule a task's time wording says, as a decision writes it: "2021", "Năm 2023", "2021-2025",
 * "Giai đoạn 2021 - 2025", "Từ năm 2021 đến năm 2025", "Hằng năm"/"Hàng năm", "Quý II/2022", "Quý 2 năm 2022",
 * "Tháng 6/2026", "Tháng 6 năm 2026". Case, diacritics, tone placement and spacing do not matter. Pure.
 * Null when the wording says no schedule this reads (free text).
 */
export function scheduleFromWording(time: string): Schedule | null {
  const t = stripDiacritics(foldName(time))
    .toLowerCase()
    .replace(/\s*\/\s*/g, "/")
    .replace(/\.$/, "")
    .trim();
  let m = /^(?:nam )?(\d{4})$/.exec(t);
  if (m) return { kind: "year", year: Number(m[1]) };
  m = /^(?:giai doan )?(?:tu )?(?:nam )?(\d{4}) (?:-|den) (?:nam )?(\d{4})$/.exec(t);
  if (m && Number(m[1]) <= Number(m[2])) return { kind: "range", from: Number(m[1]), to: Number(m[2]) };
  if (t === "hang nam") return { kind: "yearly" };
  m = /^quy (i{1,3}|iv|[1-4])(?:\/| nam )(\d{4})$/.exec(t);
  if (m) {
    const q = m[1] as string;
    const quarter = /\d/.test(q) ? Number(q) : ["i", "ii", "iii", "iv"].indexOf(q) + 1;
    return { kind: "quarter", year: Number(m[2]), quarter };
  }
  m = /^(?:thang )?(\d{1,2})(?:\/| nam )(\d{4})$/.exec(t);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) {
    return { kind: "month", year: Number(m[2]), month: Number(m[1]) };
  }
  return null;
}

const romanQuarter = ["I", "II", "III", "IV"];

/** How a schedule reads in Vietnamese ("Quý II/2022"): for messages and for the workbook's override column. */
export function scheduleWording(s: Schedule): string {
  switch (s.kind) {
    case "year":
      return `Năm ${s.year}`;
    case "range":
      return `${s.from}-${s.to}`;
    case "yearly":
      return "Hằng năm";
    case "quarter":
      return `Quý ${romanQuarter[s.quarter - 1] ?? s.quarter}/${s.year}`;
    case "month":
      return `Tháng ${s.month}/${s.year}`;
  }
}
