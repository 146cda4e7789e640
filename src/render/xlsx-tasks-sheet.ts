import type { Workbook } from "./sheetml/workbook.js";
import type { ConsolidatedTaskStatus, Model, TaskResult } from "../consolidate/model.js";
import { formatShortDate } from "../vn/format.js";
import { taskStateLabels } from "../vn/labels.js";
import { areaLabel, taskTones } from "./xlsx-labels.js";
import { agencyNames } from "./xlsx-notes.js";
import { fitRow, putCell, startSheet, writeHeaderRow, writeNoteLine, type ColumnSpec } from "./xlsx-style.js";

export const TASKS_SHEET = "Nhiệm vụ";

const isoDay = /^\d{4}-\d{2}-\d{2}/;
const showDate = (s: string): string => (isoDay.test(s) ? formatShortDate(s) : s);

/** Up to this many lead reports, each is written out; beyond, the cell summarises them by status. */
const DETAIL_LIMIT = 3;

/**
 * What the lead agencies reported on a task. One line per lead when few lead it; when a whole group
 * leads it ("Các sở, ban, ngành"), a summary by status naming the agencies that lag, so the row stays
 * readable (each agency's own lines are in its report).
 */
export function taskResultText(model: Model, t: TaskResult): string {
  const lines: string[] = [];
  if (t.leadsExpected > 1)
    lines.push(
      `${t.leadsDone}/${t.leadsExpected} cơ quan chủ trì đã hoàn thành; ${t.leadsReported}/${t.leadsExpected} đã báo cáo.`,
    );
  if (t.leadReports.length <= DETAIL_LIMIT) {
    for (const r of t.leadReports) {
      const doc = r.doc ? ` (${r.doc}${r.docDate ? ` ngày ${showDate(r.docDate)}` : ""})` : "";
      const who = t.leadsExpected > 1 ? `${agencyNames(model, [r.agency])}: ` : "";
      const what = r.result ? r.result : taskStateLabels[r.status];
      lines.push(`${who}${what}${doc}`.trim());
      if (r.difficulties) lines.push(`Khó khăn: ${r.difficulties}`);
    }
    return lines.join("\n");
  }
  const order: ConsolidatedTaskStatus[] = ["done", "in-progress", "not-started", "not-applicable", "not-reported"];
  for (const s of order) {
    const who = t.leadReports.filter((r) => r.status === s).map((r) => r.agency);
    if (who.length === 0) continue;
    const names = s === "done" || s === "in-progress" ? "" : `: ${agencyNames(model, who)}`;
    lines.push(`${taskStateLabels[s]}: ${who.length} cơ quan${names}.`);
  }
  const silent = t.leadAgencies.filter(
    (c) => !t.leadReports.some((r) => r.agency === c) && model.agencies.some((a) => a.code === c),
  );
  if (silent.length > 0) lines.push(`Chưa có báo cáo: ${agencyNames(model, silent)}.`);
  const hard = t.leadReports.filter((r) => r.difficulties).length;
  if (hard > 0) lines.push(`${hard} cơ quan nêu khó khăn, vướng mắc (xem báo cáo của từng cơ quan).`);
  return lines.join("\n");
}

/** Sheet "Nhiệm vụ": every task of the plan's appendix with its progress this period; filters on. */
export function addTasksSheet(wb: Workbook, model: Model): void {
  const cols: ColumnSpec[] = [
    { header: "STT", width: 5, kind: "center" },
    { header: "Lĩnh vực", width: 14, kind: "text" },
    { header: "Nhiệm vụ", width: 42, kind: "text" },
    { header: "Kết quả/Sản phẩm theo kế hoạch", width: 24, kind: "text" },
    { header: "Cơ quan chủ trì", width: 18, kind: "text" },
    { header: "Thời gian", width: 10, kind: "center" },
    { header: "Tình trạng", width: 13, kind: "center" },
    { header: "Kết quả thực hiện", width: 40, kind: "text" },
    { header: "Chậm tiến độ", width: 9, kind: "center" },
  ];
  const f = startSheet(
    wb,
    model,
    TASKS_SHEET,
    `Tiến độ thực hiện các nhiệm vụ của Kế hoạch cải cách hành chính ${model.period.label}`,
    cols.map((c) => c.width),
  );
  const ws = f.ws;
  let row = writeHeaderRow(f, cols);
  const first = row;
  for (const t of [...model.tasks].sort((a, b) => a.stt - b.stt)) {
    const put = (c: number, value: string | number | null, opts: Parameters<typeof putCell>[3] = {}) =>
      putCell(ws.getCell(row, c), value, cols[c - 1]!.kind, opts);
    put(1, t.stt);
    put(2, areaLabel(model, t.area));
    put(3, t.task);
    put(4, t.product);
    put(5, t.lead);
    put(6, t.time);
    put(7, taskStateLabels[t.status], { tone: taskTones[t.status] });
    put(8, taskResultText(model, t) || null);
    put(9, t.overdue ? "Chậm" : null, t.overdue ? { tone: "bad", bold: true } : {});
    fitRow(ws, row);
    row++;
  }
  ws.autoFilter = { from: { row: f.headerTop, column: 1 }, to: { row: Math.max(first, row - 1), column: cols.length } };
  const s = model.taskSummary;
  row++;
  writeNoteLine(
    f,
    row,
    `Tổng số ${s.total} nhiệm vụ: ${s.done} đã hoàn thành, ${s.inProgress} đang thực hiện, ${s.notStarted} chưa thực hiện, ${s.notApplicable} không phát sinh trong kỳ, ${s.notReported} chưa có báo cáo; ${s.overdue} nhiệm vụ chậm tiến độ; ${s.dueThisYear} nhiệm vụ phải thực hiện trong năm ${model.period.year}.`,
  );
}
