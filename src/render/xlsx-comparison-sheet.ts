import { formatShortDate } from "../vn/format.js";
import type { Workbook } from "./sheetml/workbook.js";
import type { Model } from "../consolidate/model.js";
import { areaOrder } from "./xlsx-labels.js";
import { agencyNames } from "./xlsx-notes.js";
import { CUMULATIVE_CODE } from "./xlsx-cumulative.js";
import { successionSentences } from "./succession-note.js";
import {
  finishHeader,
  fitRow,
  numFmt,
  putCell,
  putHeader,
  startSheet,
  writeNoteLine,
  writeSectionRow,
  type SheetFrame,
} from "./xlsx-style.js";

export const COMPARISON_SHEET = "So sánh";

type Comparison = NonNullable<Model["comparison"]["previous"]>;

/** Signed formats: "+1.234" / "-56" / "0". */
const signed = (base: string): string => `+${base};-${base};${base}`;

/** Labels of the periods a comparison uses, as consolidation took them from the plan's calendar (for the "not found" lines). */
function expectedLabels(model: Model): { previous: string; lastYear: string; cumulative: string[] } {
  const p = model.comparison.periods;
  const named = (x: { id: string; label: string }): string => `${x.label} (${x.id})`;
  return { previous: named(p.previous), lastYear: named(p.lastYear), cumulative: p.cumulative.map(named) };
}

/**
 * Sheet "So sánh": each province total against the previous period and the same period last year, side by
 * side (current, other, change, change %). Above it: a line when no earlier tong-hop.json was found, and the
 * outcome of the cumulative checks (a cumulative figure must not fall below the same agency's earlier report
 * of the year); the failed checks themselves are rows of the "Kiểm tra" sheet, so that no second table
 * prints under this table's repeated header.
 */
export function addComparisonSheet(wb: Workbook, model: Model): void {
  const blocks: { title: string; c: Comparison }[] = [];
  const { previous, lastYear } = model.comparison;
  if (previous) blocks.push({ title: `So với kỳ trước (${previous.label})`, c: previous });
  if (lastYear) blocks.push({ title: `So với cùng kỳ năm trước (${lastYear.label})`, c: lastYear });
  const widths = [5, 40, 9, 12, ...blocks.flatMap(() => [12, 12, 10])];
  while (widths.length < 8) widths.push(12); // room for the lines above the table when a block is missing
  const f0 = startSheet(
    wb,
    model,
    COMPARISON_SHEET,
    `So sánh số liệu tổng hợp ${model.period.label} với các kỳ trước`,
    widths,
  );
  const labels = expectedLabels(model);
  let row = f0.headerTop;
  const missing: string[] = [];
  if (!previous)
    missing.push(
      `Không tìm thấy tệp tổng hợp (tong-hop.json) của kỳ trước — ${labels.previous}: chưa so sánh được với kỳ trước.`,
    );
  if (!lastYear)
    missing.push(
      `Không tìm thấy tệp tổng hợp (tong-hop.json) của cùng kỳ năm trước — ${labels.lastYear}: chưa so sánh được với cùng kỳ năm trước.`,
    );
  // earlier figures from a closed period come from its signed report: say which
  for (const c of [previous, lastYear]) {
    if (c?.record)
      missing.push(
        `Số liệu ${c.label} lấy theo Báo cáo số ${c.record.number} ngày ${formatShortDate(c.record.signedOn)} (bản đã chốt).`,
      );
  }
  for (const m of missing) {
    writeNoteLine(f0, row, m, { height: 18 });
    row++;
  }
  for (const line of successionSentences(model.comparison.succession)) {
    writeNoteLine(f0, row, line, { height: 18 });
    row++;
  }
  writeNoteLine(
    f0,
    row,
    "Kiểm tra số liệu lũy kế (số liệu lũy kế của một cơ quan không được nhỏ hơn số đã báo cáo ở kỳ trước trong cùng năm):",
    { bold: true, height: 18 },
  );
  row++;
  for (const line of cumulativeLines(model, labels.cumulative)) {
    writeNoteLine(f0, row, line, { height: 18 });
    row++;
  }
  row++;
  if (blocks.length > 0) writeComparisonTable({ ...f0, headerTop: row }, model, blocks);
}

function writeComparisonTable(f: SheetFrame, model: Model, blocks: { title: string; c: Comparison }[]): void {
  const ws = f.ws;
  const top = f.headerTop;
  ["STT", "Chỉ tiêu", "Đơn vị tính", `Kỳ này (${model.period.label})`].forEach((h, i) => {
    ws.mergeCells(top, i + 1, top + 1, i + 1);
    putHeader(ws.getCell(top, i + 1), h);
  });
  blocks.forEach((b, i) => {
    const col = 5 + i * 3;
    ws.mergeCells(top, col, top, col + 2);
    putHeader(ws.getCell(top, col), b.title);
    putHeader(ws.getCell(top + 1, col), "Số kỳ so sánh");
    putHeader(ws.getCell(top + 1, col + 1), "Tăng (+), giảm (-)");
    putHeader(ws.getCell(top + 1, col + 2), "Tăng, giảm (%)");
  });
  ws.getRow(top).height = 32;
  ws.getRow(top + 1).height = 32;
  finishHeader(f, top, top + 1, 0);
  const last = 4 + blocks.length * 3;
  const tableFrame: SheetFrame = { ...f, width: last };

  let row = top + 2;
  let stt = 0;
  const rowsByBlock = blocks.map((b) => new Map(b.c.rows.map((r) => [r.code, r])));
  for (const area of areaOrder(model)) {
    const inds = model.indicators.filter((i) => i.area === area.id && i.type !== "text");
    if (inds.length === 0) continue;
    writeSectionRow(tableFrame, row, area.id === "CD" ? "" : area.id, area.name, 3);
    row++;
    for (const ind of inds) {
      stt++;
      const pct = ind.type === "percent";
      const values = rowsByBlock
        .flatMap((m) => {
          const r = m.get(ind.code);
          return r ? [r.current, r.other, r.change] : [];
        })
        .concat([model.totals[ind.code] ?? null])
        .filter((v): v is number => v !== null);
      const base = pct ? numFmt.one : values.every((v) => Number.isInteger(v)) ? numFmt.integer : numFmt.two;
      putCell(ws.getCell(row, 1), stt, "center");
      putCell(ws.getCell(row, 2), ind.name, "text");
      putCell(ws.getCell(row, 3), ind.unit, "center");
      putCell(ws.getCell(row, 4), model.totals[ind.code] ?? null, "number", { numFmt: base, bold: true });
      rowsByBlock.forEach((m, i) => {
        const r = m.get(ind.code);
        const col = 5 + i * 3;
        putCell(ws.getCell(row, col), r?.other ?? null, "number", { numFmt: base });
        putCell(ws.getCell(row, col + 1), r?.change ?? null, "number", { numFmt: signed(base) });
        putCell(ws.getCell(row, col + 2), r?.changePercent ?? null, "number", { numFmt: signed(numFmt.one) });
      });
      fitRow(ws, row);
      row++;
    }
  }
  row++;
  writeNoteLine(
    f,
    row,
    "Ghi chú: với chỉ tiêu tỷ lệ (%), cột tăng, giảm là số điểm phần trăm; ô trống là chưa có số liệu ở một trong hai kỳ.",
  );
}

/** The outcome of the cumulative checks, in lines; the failed ones are listed on the "Kiểm tra" sheet. */
function cumulativeLines(model: Model, earlierLabels: string[]): string[] {
  const checks = model.comparison.cumulativeChecks;
  if (!model.period.cumulative || earlierLabels.length === 0)
    return ["Kỳ báo cáo này không có kỳ trước trong cùng năm để đối chiếu số liệu lũy kế."];
  if (checks.length === 0)
    return [
      `Không tìm thấy tệp tổng hợp (tong-hop.json) của ${earlierLabels.join(", ")}: chưa đối chiếu được số liệu lũy kế.`,
    ];
  const failed = checks.filter((c) => !c.ok);
  const periods = [...new Set(checks.map((c) => c.earlierLabel))].join(", ");
  if (failed.length === 0)
    return [
      `Đã đối chiếu ${checks.length} cặp số liệu lũy kế với ${periods}: không có trường hợp nào số kỳ này nhỏ hơn số đã báo cáo.`,
    ];
  const byAgency = new Map<string, number>();
  for (const c of failed) byAgency.set(c.agency, (byAgency.get(c.agency) ?? 0) + 1);
  const who = [...byAgency].map(([a, n]) => `${agencyNames(model, [a])} (${n})`).join(", ");
  return [
    `Đã đối chiếu ${checks.length} cặp số liệu lũy kế với ${periods}: ${failed.length} trường hợp số kỳ này nhỏ hơn số đã báo cáo, tại ${byAgency.size} cơ quan: ${who}.`,
    `Danh sách chi tiết (chỉ tiêu, tệp, ô) ở trang Kiểm tra, mã ${CUMULATIVE_CODE}.`,
  ];
}
