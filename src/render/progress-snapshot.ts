import { hasEndedBefore, isDueInYear } from "../plan/task-schedule.js";
import type { ConsolidatedTaskStatus, Model } from "../consolidate/model.js";
import type { Plan } from "../plan/plan.js";
import { formatShortDate } from "../vn/format.js";
import { taskStateLabels } from "../vn/labels.js";
import { windowsTextFile } from "../util/text.js";

/**
 * The monthly progress snapshot of the plan, output/tien-do/<YYYY-MM>.md (Markdown, Vietnamese): written by
 * `cchc run` in months with no report due. Task statuses come from the latest consolidated model; whether a
 * task is overdue or due this year is judged against the snapshot's own year. Pure.
 */

const cell = (s: string): string => s.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();

export interface SnapshotTask {
  stt: number;
  task: string;
  lead: string;
  time: string;
  status: ConsolidatedTaskStatus;
}

export interface ProgressSnapshot {
  month: string;
  source: string | null;
  overdue: SnapshotTask[];
  dueThisYear: SnapshotTask[];
  counts: Record<ConsolidatedTaskStatus, number>;
  text: string;
}

/** Overdue tasks and tasks due this year not done, with a Markdown page for people. */
export function buildProgressSnapshot(
  plan: Plan,
  model: Model | null,
  date: string,
  sourcePath: string | null,
): ProgressSnapshot {
  const year = Number(date.slice(0, 4));
  const month = date.slice(0, 7);
  const statusOf = new Map(model?.tasks.map((t) => [t.stt, t.status]) ?? []);
  const tasks: (SnapshotTask & { overdue: boolean; due: boolean })[] = plan.tasks.map((t) => {
    const status = statusOf.get(t.stt) ?? "not-reported";
    const open = status !== "done" && status !== "not-applicable";
    return {
      stt: t.stt,
      task: t.task,
      lead: t.lead,
      time: t.time,
      status,
      overdue: open && hasEndedBefore(t.schedule, year),
      due: open && !hasEndedBefore(t.schedule, year) && isDueInYear(t.schedule, year),
    };
  });
  const strip = ({ overdue: _o, due: _d, ...t }: SnapshotTask & { overdue: boolean; due: boolean }): SnapshotTask => t;
  const overdue = tasks.filter((t) => t.overdue).map(strip);
  const dueThisYear = tasks.filter((t) => t.due).map(strip);
  const counts = { done: 0, "in-progress": 0, "not-started": 0, "not-applicable": 0, "not-reported": 0 } as Record<
    ConsolidatedTaskStatus,
    number
  >;
  for (const t of tasks) counts[t.status]++;

  const [y, m] = month.split("-");
  const lines: string[] = [];
  lines.push(`# Tiến độ thực hiện kế hoạch cải cách hành chính — tháng ${Number(m)}/${y}`, "");
  lines.push(`${plan.meta.name} (Quyết định số ${plan.meta.decision.number}).`, "");
  lines.push(
    model && sourcePath
      ? `Lập ngày ${formatShortDate(date)} theo tình trạng nhiệm vụ trong ${sourcePath} (${model.period.label}, số liệu tính đến ngày ${formatShortDate(model.asOf)}).`
      : `Lập ngày ${formatShortDate(date)}. Chưa có kỳ báo cáo nào được tổng hợp: mọi nhiệm vụ được coi là chưa báo cáo.`,
    "",
  );
  lines.push("## Tổng quan", "");
  lines.push(`- Tổng số nhiệm vụ: ${plan.tasks.length}`);
  for (const k of ["done", "in-progress", "not-started", "not-applicable", "not-reported"] as const)
    lines.push(`- ${taskStateLabels[k]}: ${counts[k]}`);
  lines.push(`- Chậm tiến độ (thời hạn đã hết trước năm ${year}, chưa hoàn thành): ${overdue.length}`);
  lines.push(`- Đến hạn trong năm ${year}, chưa hoàn thành: ${dueThisYear.length}`, "");
  const table = (title: string, list: SnapshotTask[], empty: string): void => {
    lines.push(`## ${title} (${list.length})`, "");
    if (list.length === 0) {
      lines.push(empty, "");
      return;
    }
    lines.push("| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian | Tình trạng |", "|---:|---|---|---|---|");
    for (const t of list)
      lines.push(`| ${t.stt} | ${cell(t.task)} | ${cell(t.lead)} | ${cell(t.time)} | ${taskStateLabels[t.status]} |`);
    lines.push("");
  };
  table("Nhiệm vụ chậm tiến độ", overdue, "Không có nhiệm vụ chậm tiến độ.");
  table(`Nhiệm vụ đến hạn trong năm ${year} chưa hoàn thành`, dueThisYear, "Không có.");
  lines.push("_Tệp do lệnh `cchc run` lập tự động mỗi tháng không có kỳ báo cáo đến hạn._");
  return { month, source: sourcePath, overdue, dueThisYear, counts, text: windowsTextFile(lines) };
}
