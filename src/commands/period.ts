import { daysLeft, parsePeriod, periodForDate, type Period } from "../calendar/period.js";
import { formatShortDate } from "../vn/format.js";
import { CchcError } from "../problems/problem.js";
import type { Plan } from "../plan/plan.js";
import type { CommandResult } from "./result.js";

export function periodJson(p: Period, today: string): Record<string, unknown> {
  return {
    id: p.id,
    kind: p.kind,
    year: p.year,
    label: p.label,
    window: { from: p.window.from, to: p.window.to },
    due: p.due,
    lastOnTimeDay: p.lastOnTimeDay,
    dueRule: p.dueRule,
    cumulative: p.cumulative,
    daysLeft: daysLeft(p, today),
  };
}

/** Resolves --period or --date (default today) to a period; a malformed id is a usage error. */
export function resolvePeriod(plan: Plan | null, opts: { period?: string | undefined; date: string }): Period {
  const due = plan?.settings.due ?? { day: 20, rule: "on-or-before" as const };
  if (opts.period) {
    const p = parsePeriod(opts.period, due);
    if (!p) {
      throw new CchcError(
        `Mã kỳ báo cáo "${opts.period}" không hợp lệ. Dùng dạng 2025-Q1 (quý I), 2025-H1 (6 tháng), 2025-Q3 (quý III) hoặc 2025-Y (năm).`,
        2,
      );
    }
    return p;
  }
  return periodForDate(opts.date, due);
}

/** The plain statement that a period lies outside the plan's years; null when it lies inside. */
export function outsidePlanMessage(plan: Plan, period: Period): string | null {
  const { from, to } = plan.meta.years;
  if (period.year >= from && period.year <= to) return null;
  const what =
    period.year > to
      ? "hãy nạp kế hoạch mới bằng cchc config import"
      : "kỳ này thuộc kế hoạch trước, hãy làm trong thư mục làm việc của kế hoạch đó";
  return `Kỳ ${period.id} nằm ngoài giai đoạn của Kế hoạch ${from}–${to}: ${what}.`;
}

/** issue, build and status work only on periods of the plan's years: anything else is a usage error (exit 2). */
export function requirePeriodInPlan(plan: Plan, period: Period): void {
  const message = outsidePlanMessage(plan, period);
  if (message) {
    throw new CchcError(message, 2, [
      `Kế hoạch hiện hành: ${plan.meta.name} (Quyết định số ${plan.meta.decision.number}), các năm ${plan.meta.years.from}–${plan.meta.years.to}.`,
    ]);
  }
}

export function runPeriod(plan: Plan | null, opts: { period?: string | undefined; date: string }): CommandResult {
  const p = resolvePeriod(plan, opts);
  const left = daysLeft(p, opts.date);
  const rule =
    p.dueRule === "before"
      ? `trước ngày ${formatShortDate(p.due)} (chậm nhất ${formatShortDate(p.lastOnTimeDay)})`
      : `chậm nhất ngày ${formatShortDate(p.due)}`;
  const text = [
    `Kỳ báo cáo: ${p.id} — ${p.label}`,
    `Thời gian chốt số liệu: từ ${formatShortDate(p.window.from)} đến ${formatShortDate(p.window.to)}${p.cumulative ? " (lũy kế)" : ""}`,
    `Hạn gửi báo cáo: ${rule}`,
    left > 0
      ? `Còn ${left} ngày đến hạn (tính từ ${formatShortDate(opts.date)}).`
      : left === 0
        ? "Hôm nay là ngày đến hạn."
        : `Đã quá hạn ${-left} ngày.`,
  ].join("\n");
  return { json: periodJson(p, opts.date), text, exitCode: 0 };
}
