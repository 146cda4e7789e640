import type { Workbook, Worksheet } from "exceljs";
import { reportedTaskStates, taskStateLabels } from "../vn/labels.js";
import { sheetNames } from "../intake/template-layout.js";
import { font } from "./style.js";
import { STATUS_LIST_NAME } from "./validations.js";

/** The hidden sheet that feeds dropdowns (never inline lists: Excel breaks past 255 characters). */
export function addListsSheet(wb: Workbook): Worksheet {
  const ws = wb.addWorksheet(sheetNames.lists, { state: "hidden" });
  ws.getColumn(1).width = 30;
  const labels = reportedTaskStates.map((s) => taskStateLabels[s]);
  labels.forEach((label, i) => {
    const c = ws.getCell(i + 1, 1);
    c.value = label;
    c.font = font();
  });
  wb.definedNames.add(`'${sheetNames.lists}'!$A$1:$A$${labels.length}`, STATUS_LIST_NAME);
  return ws;
}
