import type { Workbook } from "./sheetml/workbook.js";
import type { Model } from "../consolidate/model.js";
import { narrativeLabels, narrativeSections } from "../vn/labels.js";
import { isReported } from "./report-selection.js";
import { agenciesByGroup } from "./xlsx-labels.js";
import { commitRows, fitRow, putCell, startSheet, writeHeaderRow, type ColumnSpec } from "./xlsx-style.js";

export const NARRATIVE_SHEET = "Ý kiến";

/**
 * Sheet "Ý kiến": every reporting agency's own words, one row per agency and section (as the agency wrote them), so
 * they can be filtered by agency, group or section. The report's body quotes only a few; the companion document
 * (y-kien-co-quan-<P>.docx) holds them all too.
 */
export function addNarrativeSheet(wb: Workbook, model: Model): void {
  const cols: ColumnSpec[] = [
    { header: "STT", width: 6, kind: "center" },
    { header: "Khối", width: 18, kind: "text" },
    { header: "Cơ quan", width: 26, kind: "text" },
    { header: "Mục", width: 28, kind: "text" },
    { header: "Ý kiến của cơ quan", width: 110, kind: "text" },
  ];
  const f = startSheet(
    wb,
    model,
    NARRATIVE_SHEET,
    `Ý kiến của các cơ quan, đơn vị ${model.period.label}`,
    cols.map((c) => c.width),
  );
  const ws = f.ws;
  let row = writeHeaderRow(f, cols);
  const groupName = new Map(model.groups.map((g) => [g.id, g.shortName]));
  const textIndicators = model.indicators.filter((i) => i.type === "text");
  let n = 0;
  for (const a of agenciesByGroup(model)) {
    if (!isReported(a)) continue;
    const items: [string, string][] = [
      ...narrativeSections.flatMap((s): [string, string][] =>
        a.narrative[s]?.trim() ? [[narrativeLabels[s], a.narrative[s]!]] : [],
      ),
      ...textIndicators.flatMap((i): [string, string][] =>
        a.texts[i.code]?.trim() ? [[i.name, a.texts[i.code]!]] : [],
      ),
    ];
    for (const [section, text] of items) {
      putCell(ws.getCell(row, 1), ++n, "center");
      putCell(ws.getCell(row, 2), groupName.get(a.group) ?? a.group, "text");
      putCell(ws.getCell(row, 3), a.name, "text");
      putCell(ws.getCell(row, 4), section, "text");
      putCell(ws.getCell(row, 5), text, "text");
      fitRow(ws, row);
      commitRows(ws, row);
      row++;
    }
  }
  ws.autoFilter = {
    from: { row: f.headerTop, column: 1 },
    to: { row: Math.max(f.headerTop, row - 1), column: cols.length },
  };
}
