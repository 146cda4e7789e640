import type { Period } from "../calendar/period.js";
import { formatTextDate } from "../vn/format.js";

/** Vietnamese phrases about a period shared by the guide sheet, the title rows and the cover note. Pure. */

/** "từ 15/12/2024 đến 14/3/2025" */
export function windowText(period: Period): string {
  return `từ ${formatTextDate(period.window.from)} đến ${formatTextDate(period.window.to)}`;
}

/** "chậm nhất ngày 20/3/2025", or under the strict reading "trước ngày 20/3/2025 (chậm nhất ngày 19/3/2025)". */
export function deadlineText(period: Period): string {
  if (period.dueRule === "before") {
    return `trước ngày ${formatTextDate(period.due)} (chậm nhất ngày ${formatTextDate(period.lastOnTimeDay)})`;
  }
  return `chậm nhất ngày ${formatTextDate(period.due)}`;
}

/** "Kỳ báo cáo: quý I năm 2025 (số liệu từ 15/12/2024 đến 14/3/2025)" */
export function periodLine(period: Period): string {
  return `Kỳ báo cáo: ${period.label} (số liệu ${windowText(period)})`;
}

/** Upper-cases the first letter only: "quý I năm 2025" → "Quý I năm 2025". */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
