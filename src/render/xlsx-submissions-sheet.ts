import type { Workbook } from "./sheetml/workbook.js";
import type { Counts, Model } from "../consolidate/model.js";
import { formatShortDate } from "../vn/format.js";
import { receiptNote } from "./receipt-note.js";
import { dueRuleLabels, submissionStatusLabels, submissionStatusText, submissionStatuses } from "../vn/labels.js";
import { agenciesByGroup, excelDate, submissionTones } from "./xlsx-labels.js";
import {
  fitRow,
  fitRows,
  numFmt,
  putCell,
  putHeader,
  startSheet,
  writeHeaderRow,
  writeNoteLine,
  type ColumnSpec,
} from "./xlsx-style.js";

export const SUBMISSIONS_SHEET = "Tình hình nộp";

/** Sheet "Tình hình nộp": who sent what and when, with the finding counts; a summary per group under it. */
export function addSubmissionsSheet(wb: Workbook, model: Model): void {
  const cols: ColumnSpec[] = [
    { header: "STT", width: 5, kind: "center" },
    { header: "Nhóm", width: 18, kind: "text" },
    { header: "Cơ quan", width: 28, kind: "text" },
    { header: "Ngày nhận", width: 16, kind: "center" },
    { header: "Tình trạng", width: 13, kind: "center" },
    { header: "Phiên bản sử dụng", width: 9, kind: "center" },
    { header: "Số lần gửi", width: 8, kind: "number" },
    { header: "Tệp", width: 26, kind: "text" },
    { header: "Số lỗi", width: 8, kind: "number" },
    { header: "Số cảnh báo", width: 9, kind: "number" },
    { header: "Lý do từ chối", width: 34, kind: "text" },
  ];
  const f = startSheet(
    wb,
    model,
    SUBMISSIONS_SHEET,
    `Tình hình gửi báo cáo cải cách hành chính ${model.period.label}`,
    cols.map((c) => c.width),
  );
  const ws = f.ws;
  let row = writeHeaderRow(f, cols);
  const groupName = new Map(model.groups.map((g) => [g.id, g.shortName]));
  agenciesByGroup(model).forEach((a, i) => {
    const put = (c: number, value: Parameters<typeof putCell>[1], opts: Parameters<typeof putCell>[3] = {}) =>
      putCell(ws.getCell(row, c), value, cols[c - 1]!.kind, opts);
    put(1, i + 1);
    put(2, groupName.get(a.group) ?? a.group);
    put(3, a.name);
    const when = put(4, excelDate(a.receivedAt), { numFmt: numFmt.dateTime });
    const note = receiptNote(a);
    if (note) when.note = note;
    put(5, submissionStatusText(a), { tone: submissionTones[a.status] });
    put(6, a.version);
    put(7, a.versions, { numFmt: numFmt.integer });
    put(8, a.file);
    put(9, a.findingCounts.error, {
      numFmt: numFmt.integer,
      ...(a.findingCounts.error > 0 ? { tone: "bad" as const } : {}),
    });
    put(10, a.findingCounts.warning, { numFmt: numFmt.integer });
    put(11, a.rejectReason);
    row++;
  });
  fitRows(ws, f.headerTop + 1, row - 1);
  ws.autoFilter = { from: { row: f.headerTop, column: 1 }, to: { row: row - 1, column: cols.length } };

  // summary per group (a plain table under the list; the header above stays the list's)
  row += 1;
  writeNoteLine(f, row, "Tổng hợp theo khối", { bold: true });
  row++;
  const heads = [
    "Khối",
    "Phải báo cáo",
    "Đã báo cáo",
    ...submissionStatuses.map((s) => submissionStatusLabels[s]),
    "Tỷ lệ đã báo cáo (%)",
    "Tỷ lệ đúng hạn (%)",
  ];
  heads.forEach((h, i) => putHeader(ws.getCell(row, i + 2), h));
  fitRow(ws, row, 32);
  row++;
  const line = (label: string, c: Counts, bold: boolean): void => {
    putCell(ws.getCell(row, 2), label, "text", { bold });
    [c.expected, c.reported, c.onTime, c.late, c.rejected, c.missing].forEach((n, i) =>
      putCell(ws.getCell(row, 3 + i), n, "number", { numFmt: numFmt.integer, bold }),
    );
    putCell(ws.getCell(row, 9), c.reportedRate, "number", { numFmt: numFmt.one, bold });
    putCell(ws.getCell(row, 10), c.onTimeRate, "number", { numFmt: numFmt.one, bold });
    fitRow(ws, row);
    row++;
  };
  for (const g of model.groups) {
    const c = model.completeness.byGroup[g.id];
    if (c) line(g.name, c, false);
  }
  line("Toàn tỉnh", model.completeness.total, true);
  row++;
  writeNoteLine(
    f,
    row,
    `Hạn gửi báo cáo: ngày ${formatShortDate(model.period.due)}; báo cáo nhận ${dueRuleLabels[model.period.dueRule].toLowerCase()} được tính là ${submissionStatusLabels["on-time"].toLowerCase()}. Ngày nhận theo giờ Việt Nam.`,
  );
}
