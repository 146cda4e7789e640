import type { Workbook } from "./sheetml/workbook.js";
import type { Model } from "../consolidate/model.js";
import { formatShortDate } from "../vn/format.js";
import { submissionStatusLabels, verdictLabels, type SubmissionStatus, type Verdict } from "../vn/labels.js";
import { fitRows, putCell, startSheet, writeHeaderRow, writeNoteLine, type ColumnSpec } from "./xlsx-style.js";

export const AMENDMENT_SHEET = "Sau chốt";

/**
 * Sheet "Sau chốt" of a build after closing: the agencies received after the closing, then every figure that
 * differs from the signed report (agency figures and province totals) and the targets whose result changed.
 */
export function addAmendmentSheet(wb: Workbook, model: Model): void {
  const a = model.amendment!;
  const cols: ColumnSpec[] = [
    { header: "STT", width: 5, kind: "center" },
    { header: "Loại thay đổi", width: 22, kind: "text" },
    { header: "Cơ quan", width: 26, kind: "text" },
    { header: "Số liệu, chỉ tiêu", width: 44, kind: "text" },
    { header: "Theo báo cáo đã chốt", width: 16, kind: "number" },
    { header: "Hiện nay", width: 16, kind: "number" },
    { header: "Chênh lệch", width: 14, kind: "number" },
  ];
  const f = startSheet(
    wb,
    model,
    AMENDMENT_SHEET,
    `Thay đổi sau Báo cáo số ${a.record.number} ngày ${formatShortDate(a.record.signedOn)} (${model.period.label})`,
    cols.map((c) => c.width),
  );
  const ws = f.ws;
  let row = writeHeaderRow(f, cols);
  const agency = new Map(model.agencies.map((x) => [x.code, x.shortName]));
  const indicator = new Map(model.indicators.map((i) => [i.code, i.name]));
  const status = (s: SubmissionStatus): string => submissionStatusLabels[s].toLowerCase();
  const verdict = (v: Verdict): string => verdictLabels[v].toLowerCase();
  let n = 0;
  const put = (
    kind: string,
    who: string,
    what: string,
    before: number | string | null,
    now: number | string | null,
  ) => {
    const cell = (c: number, v: string | number | null) => putCell(ws.getCell(row, c), v, cols[c - 1]!.kind);
    cell(1, ++n);
    cell(2, kind);
    cell(3, who);
    cell(4, what);
    cell(5, before);
    cell(6, now);
    cell(7, typeof before === "number" && typeof now === "number" ? now - before : null);
    row++;
  };
  for (const l of a.lateArrivals) {
    const when = l.receivedAt ? `nhận ngày ${formatShortDate(l.receivedAt.slice(0, 10))}` : "không rõ ngày nhận";
    put(
      "Gửi sau khi chốt",
      agency.get(l.agency) ?? l.agency,
      `${when}; khi chốt: ${status(l.statusBefore)}, nay: ${status(l.statusNow)}`,
      null,
      null,
    );
  }
  for (const t of a.totalChanges)
    put("Số tổng hợp toàn tỉnh", "Toàn tỉnh", indicator.get(t.indicator) ?? t.indicator, t.before, t.now);
  for (const t of a.targetChanges) {
    put(
      "Chỉ tiêu",
      "",
      `${t.text} (đánh giá: ${verdict(t.verdictBefore)} → ${verdict(t.verdictNow)})`,
      t.reachedBefore,
      t.reachedNow,
    );
  }
  for (const c of a.figureChanges)
    put(
      "Số liệu của cơ quan",
      agency.get(c.agency) ?? c.agency,
      indicator.get(c.indicator) ?? c.indicator,
      c.before,
      c.now,
    );
  if (n === 0) {
    writeNoteLine(f, row, "Sau khi chốt chưa có thay đổi nào so với báo cáo đã ký.");
    return;
  }
  fitRows(ws, f.headerTop + 1, row - 1);
  ws.autoFilter = { from: { row: f.headerTop, column: 1 }, to: { row: row - 1, column: cols.length } };
  row++;
  writeNoteLine(
    f,
    row,
    `Số liệu "Theo báo cáo đã chốt" lấy từ bản chốt của kỳ (Báo cáo số ${a.record.number} ngày ${formatShortDate(a.record.signedOn)}); "Hiện nay" tính đến ngày ${formatShortDate(model.asOf)}.`,
  );
}
