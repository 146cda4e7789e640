import type { Workbook, Worksheet } from "exceljs";
import { FORMAT_VERSION, SHEET_MARKER_PREFIX, metaKeys, sheetNames, type MetaKey } from "../intake/template-layout.js";
import { font } from "./style.js";
import type { TemplateContext } from "./template-context.js";

/** The metadata values of a template: what intake checks before reading anything else. */
export function metaValues(ctx: TemplateContext): Record<MetaKey, string | number> {
  return {
    formatVersion: FORMAT_VERSION,
    planId: ctx.plan.meta.id,
    period: ctx.period.id,
    agency: ctx.agency.code,
    fingerprint: ctx.plan.fingerprint,
    issuedOn: ctx.options.issuedOn,
    generator: ctx.options.generator,
  };
}

/** The hidden metadata sheet: "#sheet:meta" in A1, then key (column A) / value (column B) pairs. */
export function addMetaSheet(wb: Workbook, ctx: TemplateContext): Worksheet {
  const ws = wb.addWorksheet(sheetNames.meta, { state: "hidden" });
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 40;
  ws.getCell("A1").value = `${SHEET_MARKER_PREFIX}meta`;
  const values = metaValues(ctx);
  metaKeys.forEach((k, i) => {
    const v = values[k];
    ws.getCell(i + 2, 1).value = k;
    const c = ws.getCell(i + 2, 2);
    c.value = v;
    if (typeof v === "string") c.numFmt = "@";
  });
  ws.eachRow((row) =>
    row.eachCell((c) => {
      c.font = font(11);
    }),
  );
  return ws;
}
