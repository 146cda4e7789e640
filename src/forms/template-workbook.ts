/**
 * forms: the template each agency fills in for a period, written from the plan (this file builds it, from plain data:
 * template-context.ts). One sheet per part (sheet-guide.ts, sheet-info.ts, sheet-tasks.ts, sheet-figures.ts,
 * sheet-assessment.ts, sheet-meta.ts, sheet-lists.ts) on keyed data sheets whose hidden keys intake reads back
 * (data-sheet.ts); input cells unlocked on protected sheets, each with a data validation (protection.ts,
 * validations.ts); a locked check column whose formulas are compiled from intake's rule book, so the file checks itself
 * as `check` does (check-column.ts, check-formula.ts); style, fixed zip stamps and the cover note (style.ts,
 * finish-xlsx.ts, zip-timestamps.ts, cover-note.ts, wording.ts).
 */
import ExcelJS from "exceljs";
import type { Period } from "../calendar/period.js";
import type { Agency, Plan } from "../plan/plan.js";
import { addAssessmentSheet } from "./sheet-assessment.js";
import { addFiguresSheet } from "./sheet-figures.js";
import { addGuideSheet } from "./sheet-guide.js";
import { addInfoSheet } from "./sheet-info.js";
import { addListsSheet } from "./sheet-lists.js";
import { addMetaSheet } from "./sheet-meta.js";
import { addTasksSheet } from "./sheet-tasks.js";
import { protectSheet } from "./protection.js";
import { finishXlsx } from "./finish-xlsx.js";
import { CheckLayout } from "./check-column.js";
import { declareChecks } from "../intake/judge/rule-book.js";
import type { TemplateContext, TemplateOptions } from "./template-context.js";
import { capitalize } from "./wording.js";

export type { TemplateOptions } from "./template-context.js";

const layouts = new WeakMap<ExcelJS.Workbook, CheckLayout>();

/** The check machinery of a workbook made by createTemplateWorkbook (its formula cells, what they compute). */
export function checkLayoutOf(wb: ExcelJS.Workbook): CheckLayout {
  const layout = layouts.get(wb);
  if (!layout) throw new Error("not a workbook made by createTemplateWorkbook");
  return layout;
}

/** Builds the exceljs workbook of one agency's template for one period (nothing written). */
export async function createTemplateWorkbook(
  plan: Plan,
  period: Period,
  agency: Agency,
  options: TemplateOptions,
): Promise<ExcelJS.Workbook> {
  const ctx: TemplateContext = { plan, period, agency, options };
  const wb = new ExcelJS.Workbook();
  const stamp = new Date(`${options.issuedOn}T00:00:00Z`);
  wb.creator = plan.settings.issuingBodyName;
  wb.lastModifiedBy = plan.settings.issuingBodyName;
  wb.created = stamp;
  wb.modified = stamp;
  wb.title = `Biểu mẫu báo cáo cải cách hành chính ${period.label} - ${agency.name}`;
  wb.subject = `Báo cáo kết quả thực hiện công tác cải cách hành chính ${period.label}`;
  wb.company = plan.settings.issuingBodyName;
  wb.description = `${capitalize(period.label)}; ${agency.code}; ${options.generator}`;
  wb.calcProperties.fullCalcOnLoad = false;
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: "visible" }];

  addGuideSheet(wb, ctx);
  const sheets = {
    info: addInfoSheet(wb, ctx),
    tasks: addTasksSheet(wb, ctx),
    figures: addFiguresSheet(wb, ctx),
    assessment: addAssessmentSheet(wb, ctx),
  };
  const layout = new CheckLayout(
    sheets,
    declareChecks({ plan, agency, period, floors: options.cumulativeFloors ?? {} }),
  );
  layout.write();
  layouts.set(wb, layout);
  addListsSheet(wb);
  addMetaSheet(wb, ctx);

  const password = plan.settings.protectionPassword;
  for (const ws of wb.worksheets) await protectSheet(ws, password, `${plan.fingerprint}:${period.id}`);
  return wb;
}

/** The template as .xlsx bytes; the same plan, period, agency and options always give the same bytes. */
export async function buildTemplateWorkbook(
  plan: Plan,
  period: Period,
  agency: Agency,
  options: TemplateOptions,
): Promise<Buffer> {
  return (await buildTemplate(plan, period, agency, options)).bytes;
}

/** The template's bytes and its check layout (where the check formulas are and what they compute). */
export async function buildTemplate(
  plan: Plan,
  period: Period,
  agency: Agency,
  options: TemplateOptions,
): Promise<{ bytes: Buffer; layout: CheckLayout }> {
  const wb = await createTemplateWorkbook(plan, period, agency, options);
  return {
    bytes: finishXlsx(new Uint8Array(await wb.xlsx.writeBuffer()), options.issuedOn),
    layout: checkLayoutOf(wb),
  };
}
