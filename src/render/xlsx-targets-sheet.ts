import type { Workbook } from "./sheetml/workbook.js";
import type { Model, TargetResult } from "../consolidate/model.js";
import { verdictLabels } from "../vn/labels.js";
import { areaLabel, verdictTones } from "./xlsx-labels.js";
import { markFlagged, totalNote } from "./xlsx-notes.js";
import {
  capitalize,
  fitRows,
  numFmt,
  putCell,
  startSheet,
  writeHeaderRow,
  writeNoteLine,
  type ColumnSpec,
  type Tone,
} from "./xlsx-style.js";

export const TARGETS_SHEET = "Chỉ tiêu";

type Part = TargetResult["parts"][number];

/** "≥ 80,0" / "≤ 15": the requirement keeps its operator, the cell stays a number. */
function requiredFormat(op: ">=" | "<=", unit: string, value: number): string {
  const sign = op === ">=" ? "≥" : "≤";
  return `"${sign} "${valueFormat(unit, value)}`;
}

function valueFormat(unit: string, value: number): string {
  if (unit === "%") return numFmt.one;
  return Number.isInteger(value) ? numFmt.integer : numFmt.two;
}

/** Verdict wording and colour; qualitative targets are judged by the progress of their tasks. */
function verdictCell(t: TargetResult): { text: string; tone: Tone } {
  if (t.kind !== "qualitative") return { text: verdictLabels[t.verdict], tone: verdictTones[t.verdict] };
  if (t.verdict === "no-data") return { text: "Định tính", tone: "info" };
  return { text: `${verdictLabels[t.verdict]} (định tính)`, tone: verdictTones[t.verdict] };
}

/**
 * Sheet "Chỉ tiêu": the scoreboard of the plan's targets. One row per target; a per-level target gets a
 * row of its own for each level under its headline row.
 */
export function addTargetsSheet(wb: Workbook, model: Model): void {
  const cols: ColumnSpec[] = [
    { header: "STT", width: 5, kind: "center" },
    { header: "Lĩnh vực", width: 16, kind: "text" },
    { header: "Chỉ tiêu", width: 46, kind: "text" },
    { header: `Yêu cầu năm ${model.period.year}`, width: 12, kind: "number" },
    { header: "Đạt được", width: 11, kind: "number" },
    { header: "Đơn vị tính", width: 9, kind: "center" },
    { header: "Đánh giá", width: 13, kind: "center" },
    { header: "Cách tính", width: 64, kind: "text" },
  ];
  const f = startSheet(
    wb,
    model,
    TARGETS_SHEET,
    `Kết quả thực hiện các chỉ tiêu của Kế hoạch cải cách hành chính ${model.period.label}`,
    cols.map((c) => c.width),
  );
  const ws = f.ws;
  let row = writeHeaderRow(f, cols);

  const put = (r: number, c: number, value: string | number | null, opts: Parameters<typeof putCell>[3] = {}) =>
    putCell(ws.getCell(r, c), value, cols[c - 1]!.kind, opts);

  const writeFigures = (
    r: number,
    p: { required: number | null; reached: number | null; op: ">=" | "<="; unit: string; flaggedBy: string[] },
  ) => {
    put(r, 4, p.required, p.required !== null ? { numFmt: requiredFormat(p.op, p.unit, p.required) } : {});
    const reached = put(r, 5, p.reached, p.reached !== null ? { numFmt: valueFormat(p.unit, p.reached) } : {});
    put(r, 6, p.unit || null);
    if (p.flaggedBy.length > 0) markFlagged(reached, totalNote(model, p.flaggedBy, "Kết quả này"));
  };

  model.targets.forEach((t, i) => {
    const stt = i + 1;
    const v = verdictCell(t);
    const multi = t.parts.length > 1;
    put(row, 1, stt);
    put(row, 2, areaLabel(model, t.area));
    put(row, 3, t.text, { bold: multi });
    if (!multi && t.parts[0]) writeFigures(row, t.parts[0]);
    else {
      put(row, 4, null);
      put(row, 5, null);
      put(row, 6, multi ? t.unit || null : null);
    }
    put(row, 7, v.text, { tone: v.tone, bold: true });
    put(
      row,
      8,
      multi ? `Gồm ${t.parts.length} mức theo cấp hành chính; chỉ tiêu đạt khi mọi mức đều đạt.` : t.computation,
      { size: 10 },
    );
    row++;
    if (!multi) return;
    t.parts.forEach((p: Part, j) => {
      put(row, 1, `${stt}.${j + 1}`);
      put(row, 2, null);
      put(row, 3, `– ${capitalize(p.label ?? p.level ?? "")}`);
      writeFigures(row, p);
      put(row, 7, verdictLabels[p.verdict], { tone: verdictTones[p.verdict] });
      put(row, 8, p.computation, { size: 10 });
      row++;
    });
  });
  fitRows(ws, f.headerTop + 1, row - 1);
  ws.autoFilter = { from: { row: f.headerTop, column: 1 }, to: { row: row - 1, column: cols.length } };

  const s = model.targetSummary;
  row++;
  writeNoteLine(
    f,
    row,
    `Tổng số ${model.targets.length} chỉ tiêu: ${s.met} chỉ tiêu đạt, ${s.notMet} chỉ tiêu chưa đạt, ${s.noData} chỉ tiêu chưa có số liệu, ${s.qualitative} chỉ tiêu định tính (đánh giá qua tiến độ nhiệm vụ).`,
  );
  row++;
  writeNoteLine(
    f,
    row,
    "Ô tô nền vàng có ghi chú: kết quả dựa trên số liệu có phát hiện khi kiểm tra (xem trang Kiểm tra). Tỷ lệ được tính từ tổng tử số và tổng mẫu số của các cơ quan, không lấy bình quân tỷ lệ.",
  );
}
