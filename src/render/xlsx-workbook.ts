import ExcelJS from "exceljs";
import type { Model } from "../consolidate/model.js";
import { addComparisonSheet } from "./xlsx-comparison-sheet.js";
import { addFiguresSheet } from "./xlsx-figures-sheet.js";
import { addFindingsSheet } from "./xlsx-findings-sheet.js";
import { addSubmissionsSheet } from "./xlsx-submissions-sheet.js";
import { addTargetsSheet } from "./xlsx-targets-sheet.js";
import { addTasksSheet } from "./xlsx-tasks-sheet.js";
import { rezip } from "../util/zip-write.js";

/** The sheets of the consolidated workbook, in order. */
export const CONSOLIDATED_SHEETS = ["Chỉ tiêu", "Số liệu", "Nhiệm vụ", "Tình hình nộp", "Kiểm tra", "So sánh"] as const;

/**
 * The consolidated workbook output/<P>/tong-hop-<P>.xlsx, rendered in memory from the model only:
 * the target scoreboard, the figures matrix, the tasks, the submissions, the findings and the comparisons.
 * Totals are written as the model's values (exceljs does not calculate, and the model is the truth).
 * Deterministic: the workbook's dates and the zip entries' dates are model.asOf at 00:00 UTC.
 */
export async function renderConsolidatedXlsx(model: Model): Promise<{ name: string; data: Buffer }> {
  const wb = new ExcelJS.Workbook();
  const stamp = new Date(`${model.asOf.slice(0, 10)}T00:00:00Z`);
  wb.creator = "cchc";
  wb.lastModifiedBy = "cchc";
  wb.created = stamp;
  wb.modified = stamp;
  wb.lastPrinted = stamp;
  wb.title = `Tổng hợp báo cáo cải cách hành chính ${model.period.label}`;
  wb.company = model.settings.issuingBodyName;
  addTargetsSheet(wb, model);
  addFiguresSheet(wb, model);
  addTasksSheet(wb, model);
  addSubmissionsSheet(wb, model);
  addFindingsSheet(wb, model);
  addComparisonSheet(wb, model);
  // exceljs only stores the parts; they are deflated once, natively, with fixed dates (util/zip-write.ts)
  const raw = await wb.xlsx.writeBuffer({ zip: { compression: "STORE" } } as ExcelJS.XlsxWriteOptions);
  return { name: `tong-hop-${model.period.id}.xlsx`, data: rezip(new Uint8Array(raw as ArrayBuffer), model.asOf) };
}
