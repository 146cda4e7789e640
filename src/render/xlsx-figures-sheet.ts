import type { Workbook } from "./sheetml/workbook.js";
import type { AgencyEntry, Model } from "../consolidate/model.js";
import { submissionStatusLabels } from "../vn/labels.js";
import { areaOrder, submissionTones } from "./xlsx-labels.js";
import { addNote, agencyValueNote, figureNoteText, markFlagged, totalNote } from "./xlsx-notes.js";
import {
  commitRows,
  finishHeader,
  fitRow,
  notApplicableFill,
  numFmt,
  putCell,
  putHeader,
  startSheet,
  tone,
  writeNoteLine,
  writeSectionRow,
  type SheetFrame,
} from "./xlsx-style.js";

export const FIGURES_SHEET = "Số liệu";

/** Columns before the agencies: STT, indicator, unit, province total. They repeat on every printed page. */
export const FIGURES_FIXED_COLUMNS = 4;

/** One column of the matrix after the fixed ones: a group subtotal or an agency. */
export type FigureColumn = { kind: "group"; group: string; name: string } | { kind: "agency"; agency: AgencyEntry };

/**
 * The matrix's columns: for each group (in the model's order) its subtotal, then its agencies.
 * The subtotal comes first in its block ("Cộng, chia ra …", as Vietnamese statistical tables do), so the
 * province and group figures sit at the left of every printed page.
 */
export function figureColumns(model: Model): FigureColumn[] {
  const out: FigureColumn[] = [];
  for (const g of model.groups) {
    const members = model.agencies.filter((a) => a.group === g.id);
    if (members.length === 0) continue;
    out.push({ kind: "group", group: g.id, name: g.shortName });
    for (const a of members) out.push({ kind: "agency", agency: a });
  }
  return out;
}

const reported = (a: AgencyEntry): boolean => a.status === "on-time" || a.status === "late";

/**
 * Sheet "Số liệu": indicators as rows (grouped under area headings), agencies as columns grouped by group,
 * with a subtotal column per group and the province total. Indicators go down because there are many of
 * them (86, with long names that need a wide wrapped column) and paging down is how people read; the 33
 * agencies go across with short wrapped names. Totals are the model's values, written as numbers.
 */
export function addFiguresSheet(wb: Workbook, model: Model): void {
  const columns = figureColumns(model);
  const widths = [5, 38, 9, 11, ...columns.map((c) => (c.kind === "group" ? 10 : 9))];
  // the title sits over the columns that repeat on every printed page (A:D), so both halves show it whole
  const f = startSheet(
    wb,
    model,
    FIGURES_SHEET,
    `Tổng hợp số liệu cải cách hành chính ${model.period.label}`,
    widths,
    FIGURES_FIXED_COLUMNS,
  );
  const ws = f.ws;
  // 43 columns do not fit one A4 width at a readable size: two pages wide, columns A:D (indicator, unit,
  // province total) repeated on each, pages numbered across then down so a page's right half follows it.
  ws.pageSetup.fitToWidth = 2;
  ws.pageSetup.printTitlesColumn = "A:D";
  ws.pageSetup.pageOrder = "overThenDown";

  const top = f.headerTop;
  writeHeaders(f, model, columns);
  let row = top + 2;

  // what each agency is asked to report, and each group's members, looked up once for the whole matrix
  // (an agency is asked for an indicator of the catalogue when it is among its reports: see expectedIndicators)
  const expected = new Map(model.agencies.map((a) => [a.code, new Set(a.reports)]));
  const membersOf = new Map(
    model.groups.map((g) => [g.id, new Set(model.agencies.filter((a) => a.group === g.id).map((a) => a.code))]),
  );
  const detail = new Map(model.totalDetails.map((t) => [t.code, t]));
  // what each column reads, taken out of the agencies once: the loop below runs for every cell of the matrix
  const agencyColumns = columns.map((c) =>
    c.kind === "group"
      ? null
      : {
          a: c.agency,
          reported: reported(c.agency),
          values: c.agency.values,
          texts: c.agency.texts,
          notes: c.agency.notes,
          flagged: new Set(c.agency.flagged),
          expected: expected.get(c.agency.code),
        },
  );
  let stt = 0;
  for (const area of areaOrder(model)) {
    const inds = model.indicators.filter((i) => i.area === area.id && i.type !== "text");
    if (inds.length === 0) continue;
    writeSectionRow(f, row, area.id === "CD" ? "" : area.id, area.name, FIGURES_FIXED_COLUMNS);
    row++;
    for (const ind of inds) {
      stt++;
      const text = ind.type === "text";
      const numbers: number[] = [];
      const collect = (v: number | null | undefined): number | null => {
        if (typeof v === "number") numbers.push(v);
        return typeof v === "number" ? v : null;
      };
      const total = collect(model.totals[ind.code]);
      const byGroup = new Map(model.groups.map((g) => [g.id, collect(model.totalsByGroup[g.id]?.[ind.code])]));
      for (const c of agencyColumns) if (c) collect(c.values[ind.code]);
      const fmt =
        ind.type === "percent" ? numFmt.one : numbers.every((n) => Number.isInteger(n)) ? numFmt.integer : numFmt.two;

      const textOpts = { size: 9 };
      const numberOpts = { numFmt: fmt };
      const notApplicableOpts = { numFmt: fmt, fill: notApplicableFill };
      putCell(ws.getCell(row, 1), stt, "center");
      putCell(ws.getCell(row, 2), ind.name, "text");
      putCell(ws.getCell(row, 3), ind.unit, "center");
      const flaggedBy = detail.get(ind.code)?.flaggedBy ?? [];
      const totalCell = putCell(ws.getCell(row, 4), text ? null : total, "number", { numFmt: fmt, bold: true });
      if (!text && (flaggedBy.length > 0 || model.flaggedTotals.includes(ind.code))) {
        markFlagged(totalCell, totalNote(model, flaggedBy, "Số toàn tỉnh này"));
      }
      columns.forEach((c, i) => {
        const cell = ws.getCell(row, FIGURES_FIXED_COLUMNS + 1 + i);
        if (c.kind === "group") {
          putCell(cell, text ? null : (byGroup.get(c.group) ?? null), "number", { numFmt: fmt, bold: true });
          const members = membersOf.get(c.group);
          const mine = flaggedBy.filter((a) => members?.has(a));
          if (!text && mine.length > 0) markFlagged(cell, totalNote(model, mine, `Số cộng khối ${c.name} này`));
          return;
        }
        const k = agencyColumns[i]!;
        const applies = k.expected?.has(ind.code) ?? false;
        const value = !k.reported ? null : text ? (k.texts[ind.code] ?? null) : (k.values[ind.code] ?? null);
        putCell(cell, value, text ? "text" : "number", text ? textOpts : applies ? numberOpts : notApplicableOpts);
        if (!k.reported) return;
        // the agency's own note beside the figure travels with it, as the cell's comment
        const own = k.notes[ind.code] ? figureNoteText(k.a, ind.code) : null;
        if (k.flagged.has(ind.code))
          markFlagged(cell, [agencyValueNote(model, k.a.code, ind.code), own].filter(Boolean).join("\n"));
        else if (own) addNote(cell, own);
      });
      fitRow(ws, row);
      commitRows(ws, row);
      row++;
    }
  }

  row++;
  row = writeTextIndicators(f, model, row);
  const missing = model.agencies.filter((a) => !reported(a)).length;
  const lines = [
    "Ghi chú: số toàn tỉnh và số cộng khối lấy từ kết quả tổng hợp (tong-hop.json); tỷ lệ (%) của khối và của toàn tỉnh = tổng tử số / tổng mẫu số × 100, không lấy bình quân tỷ lệ của các cơ quan.",
    "Ô nền vàng có ghi chú: số liệu mang phát hiện khi kiểm tra, hoặc số tổng hợp có dùng số liệu đó (xem trang Kiểm tra). Ô có ghi chú nhưng không tô nền: ghi chú của cơ quan bên cạnh số liệu. Ô nền xám: cơ quan không báo cáo chỉ tiêu này. Ô trống: chưa có số liệu.",
  ];
  if (missing > 0)
    lines.push(
      `Có ${missing} cơ quan chưa có báo cáo hợp lệ (tên cột tô màu); số liệu của các cơ quan này không có trong số tổng hợp.`,
    );
  for (const l of lines) {
    writeNoteLine(f, row, l);
    row++;
  }
}

/**
 * Text indicators (e.g. the name of an initiative) do not fit a matrix of narrow number columns: they follow
 * it as a list, one row per agency that wrote something.
 */
function writeTextIndicators(f: SheetFrame, model: Model, start: number): number {
  const ws = f.ws;
  let row = start;
  const last = Math.min(f.width, 16);
  for (const ind of model.indicators.filter((i) => i.type === "text")) {
    const given = model.agencies.filter((a) => reported(a) && a.texts[ind.code]);
    writeSectionRow(
      { ...f, width: last },
      row,
      "",
      `${ind.name}${given.length === 0 ? ": chưa có cơ quan nào nêu." : ""}`,
      last,
    );
    row++;
    for (const a of given) {
      putCell(ws.getCell(row, 1), null, "center");
      putCell(ws.getCell(row, 2), a.shortName, "text");
      for (let c = 3; c <= last; c++) putCell(ws.getCell(row, c), null, "text");
      ws.mergeCells(row, 3, row, last);
      const cell = putCell(ws.getCell(row, 3), a.texts[ind.code] ?? null, "text");
      if (a.flagged.includes(ind.code)) markFlagged(cell, agencyValueNote(model, a.code, ind.code));
      fitRow(ws, row);
      commitRows(ws, row);
      row++;
    }
    row++;
  }
  return row;
}

function writeHeaders(f: SheetFrame, model: Model, columns: FigureColumn[]): void {
  const ws = f.ws;
  const top = f.headerTop;
  const fixed = ["STT", "Chỉ tiêu", "Đơn vị tính", "Toàn tỉnh"];
  fixed.forEach((h, i) => {
    ws.mergeCells(top, i + 1, top + 1, i + 1);
    putHeader(ws.getCell(top, i + 1), h);
  });
  let col = FIGURES_FIXED_COLUMNS + 1;
  for (const g of model.groups) {
    const block = columns.filter((c) => (c.kind === "group" ? c.group === g.id : c.agency.group === g.id));
    if (block.length === 0) continue;
    if (block.length > 1) ws.mergeCells(top, col, top, col + block.length - 1);
    putHeader(ws.getCell(top, col), g.name);
    for (const c of block) {
      const cell = ws.getCell(top + 1, col);
      if (c.kind === "group") putHeader(cell, "Cộng");
      else {
        const a = c.agency;
        putHeader(
          cell,
          reported(a) ? a.shortName : `${a.shortName} (${submissionStatusLabels[a.status].toLowerCase()})`,
        );
        if (!reported(a)) cell.fill = tone[submissionTones[a.status]].fill;
      }
      col++;
    }
  }
  ws.getRow(top).height = 30;
  fitRow(ws, top + 1, 45);
  finishHeader(f, top, top + 1, FIGURES_FIXED_COLUMNS);
}
