import type { Workbook } from "./sheetml/workbook.js";
import type { Model } from "../consolidate/model.js";
import { cumulativeFindings } from "./xlsx-cumulative.js";
import { severityLabels } from "../vn/labels.js";
import { agenciesByGroup, severityTones } from "./xlsx-labels.js";
import { fitRows, putCell, startSheet, writeHeaderRow, writeNoteLine, type ColumnSpec } from "./xlsx-style.js";

export const FINDINGS_SHEET = "Kiểm tra";

/**
 * Sheet "Kiểm tra": every finding of the period's files, and every failed cumulative check, agency by agency
 * (registry order), filters on.
 */
export function addFindingsSheet(wb: Workbook, model: Model): void {
  const cols: ColumnSpec[] = [
    { header: "STT", width: 5, kind: "center" },
    { header: "Cơ quan", width: 24, kind: "text" },
    { header: "Tệp", width: 24, kind: "text" },
    { header: "Mức độ", width: 10, kind: "center" },
    { header: "Mã", width: 20, kind: "text" },
    { header: "Trang tính", width: 14, kind: "text" },
    { header: "Ô", width: 7, kind: "center" },
    { header: "Nội dung", width: 62, kind: "text" },
  ];
  const f = startSheet(
    wb,
    model,
    FINDINGS_SHEET,
    `Kết quả kiểm tra các tệp báo cáo ${model.period.label}`,
    cols.map((c) => c.width),
  );
  const ws = f.ws;
  let row = writeHeaderRow(f, cols);
  const order = new Map(agenciesByGroup(model).map((a, i) => [a.code, i]));
  const name = new Map(model.agencies.map((a) => [a.code, a.shortName]));
  const rank = (agency: string | null): number =>
    agency === null ? Number.MAX_SAFE_INTEGER : (order.get(agency) ?? Number.MAX_SAFE_INTEGER - 1);
  const findings = [...model.findings, ...cumulativeFindings(model)]
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank(a.x.agency) - rank(b.x.agency) || a.i - b.i)
    .map((e) => e.x);
  if (findings.length === 0) {
    writeNoteLine(f, row, "Không có phát hiện nào khi kiểm tra các tệp báo cáo của kỳ này.");
    return;
  }
  findings.forEach((x, i) => {
    const put = (c: number, value: string | number | null, opts: Parameters<typeof putCell>[3] = {}) =>
      putCell(ws.getCell(row, c), value, cols[c - 1]!.kind, opts);
    put(1, i + 1);
    put(2, x.agency === null ? "(chưa xác định được cơ quan)" : (name.get(x.agency) ?? x.agency));
    put(3, x.file);
    put(4, severityLabels[x.severity], { tone: severityTones[x.severity] });
    put(5, x.code);
    put(6, x.sheet);
    put(7, x.cell);
    put(8, x.message);
    row++;
  });
  fitRows(ws, f.headerTop + 1, row - 1);
  ws.autoFilter = { from: { row: f.headerTop, column: 1 }, to: { row: row - 1, column: cols.length } };
  const count = (s: string): number => findings.filter((x) => x.severity === s).length;
  row++;
  writeNoteLine(
    f,
    row,
    `Tổng số ${findings.length} phát hiện: ${count("error")} lỗi, ${count("warning")} cảnh báo, ${count("info")} thông tin.`,
  );
}
