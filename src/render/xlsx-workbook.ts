import type { Model } from "../consolidate/model.js";
import { addComparisonSheet } from "./xlsx-comparison-sheet.js";
import { addFiguresSheet } from "./xlsx-figures-sheet.js";
import { addFindingsSheet } from "./xlsx-findings-sheet.js";
import { addNarrativeSheet } from "./xlsx-narrative-sheet.js";
import { addSubmissionsSheet } from "./xlsx-submissions-sheet.js";
import { addTargetsSheet } from "./xlsx-targets-sheet.js";
import { addTasksSheet } from "./xlsx-tasks-sheet.js";
import { addAmendmentSheet, AMENDMENT_SHEET } from "./xlsx-amendment-sheet.js";
import { localMidnight, Workbook } from "./sheetml/workbook.js";

/** The sheets of the consolidated workbook, in order. */
export const CONSOLIDATED_SHEETS = [
  "Chỉ tiêu",
  "Số liệu",
  "Nhiệm vụ",
  "Tình hình nộp",
  "Kiểm tra",
  "So sánh",
  "Ý kiến",
] as const;

/** The builders of the consolidated workbook's sheets, in order (the amendment sheet only after a period is closed). */
export function consolidatedSheetBuilders(model: Model): { name: string; add: (wb: Workbook, m: Model) => void }[] {
  const builders: { name: string; add: (wb: Workbook, m: Model) => void }[] = [
    addTargetsSheet,
    addFiguresSheet,
    addTasksSheet,
    addSubmissionsSheet,
    addFindingsSheet,
    addComparisonSheet,
    addNarrativeSheet,
  ].map((add, i) => ({ name: CONSOLIDATED_SHEETS[i]!, add }));
  // after a period is closed: what changed since the signed report
  if (model.amendment) builders.push({ name: AMENDMENT_SHEET, add: addAmendmentSheet });
  return builders;
}

/**
 * The consolidated workbook output/<P>/tong-hop-<P>.xlsx, rendered in memory from the model only:
 * the target scoreboard, the figures matrix, the tasks, the submissions, the findings and the comparisons.
 * Totals are written as the model's values (the workbook holds no formulas, and the model is the truth).
 * Deterministic: the workbook's dates are model.asOf at 00:00 UTC, the zip entries' dates its local midnight.
 *
 * Written with the program's own writer (sheetml/): each sheet is turned into XML and let go as soon as it is done
 * (the big ones row by row, see commitRows), so a province of thousands of agencies never holds the whole
 * workbook's cells at once.
 */
export async function renderConsolidatedXlsx(model: Model): Promise<{ name: string; data: Buffer }> {
  const day = model.asOf.slice(0, 10);
  const stamp = new Date(`${day}T00:00:00Z`);
  const wb = new Workbook();
  wb.creator = "cchc";
  wb.lastModifiedBy = "cchc";
  wb.created = stamp;
  wb.modified = stamp;
  wb.lastPrinted = stamp;
  wb.title = `Tổng hợp báo cáo cải cách hành chính ${model.period.label}`;
  wb.company = model.settings.issuingBodyName;
  for (const { name, add } of consolidatedSheetBuilders(model)) {
    add(wb, model);
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`sheet ${name} was not made`);
    ws.commit();
  }
  return { name: `tong-hop-${model.period.id}.xlsx`, data: wb.toBuffer(localMidnight(day)) };
}
