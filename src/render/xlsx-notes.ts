import type { Cell } from "./sheetml/workbook.js";
import type { AgencyEntry, Model } from "../consolidate/model.js";
import { flaggedFill, restyle } from "./xlsx-style.js";
import { agencyOf, findingsOf } from "./model-lookup.js";

/** Cell notes that trace a figure to the agencies whose values carry a finding. */

export function agencyNames(model: Model, codes: readonly string[]): string {
  return codes.map((c) => agencyOf(model, c)?.shortName ?? c).join(", ");
}

/** The note of an agency's own value: which finding sits on it, and where. */
export function agencyValueNote(model: Model, agencyCode: string, indicator: string): string {
  const a = agencyOf(model, agencyCode);
  const ref = a?.provenance[indicator];
  const messages = findingsOf(model, agencyCode)
    .filter(
      (f) =>
        f.key === `ind:${indicator}` || (ref && f.file === ref.file && f.sheet === ref.sheet && f.cell === ref.cell),
    )
    .map((f) => f.message);
  const where = ref ? ` (tệp ${ref.file}, trang "${ref.sheet}", ô ${ref.cell})` : "";
  const what = messages.length > 0 ? ` ${[...new Set(messages)].join(" ")}` : " Xem trang Kiểm tra.";
  return `Giá trị của ${a?.shortName ?? agencyCode} có phát hiện khi kiểm tra${where}.${what}`;
}

/** The note of a total: the agencies whose values in it carry a finding. */
export function totalNote(model: Model, flaggedBy: readonly string[], what = "Số tổng hợp này"): string {
  return `${what} có giá trị mang phát hiện khi kiểm tra của: ${agencyNames(model, flaggedBy)}. Xem trang Kiểm tra.`;
}

/** The agency's own note ("Ghi chú") beside a figure, with the cell it was written in; null when it wrote none. */
export function figureNoteText(a: AgencyEntry, indicator: string): string | null {
  const n = a.notes[indicator];
  if (!n) return null;
  return `Ghi chú của ${a.shortName}: ${n.text} (tệp ${n.ref.file}, trang "${n.ref.sheet}", ô ${n.ref.cell}).`;
}

/** Attaches a note (a cell comment) to a cell, without changing its look. */
export function addNote(cell: Cell, note: string): void {
  cell.note = {
    texts: [{ text: note, font: { name: "Times New Roman", size: 10 } }],
    margins: { insetmode: "auto" },
    editAs: "absolute",
  };
}

/** Marks a cell as resting on a flagged value: a note, and a pale fill that also shows on paper. */
export function markFlagged(cell: Cell, note: string): void {
  addNote(cell, note);
  restyle(cell, { fill: flaggedFill });
}
