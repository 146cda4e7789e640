import type { Workbook } from "exceljs";
import { previousPeriod } from "../calendar/period.js";
import { indicatorsForAgency, type Indicator } from "../plan/plan.js";
import { formatTextDate } from "../vn/format.js";
import { CD_AREA_NAME } from "../vn/labels.js";
import { columnKeys, rowKey, sheetNames } from "../intake/template-layout.js";
import { DataSheet, type CellSpec } from "./data-sheet.js";
import { numberFormats } from "./style.js";
import { INPUT_HINT, titleBlock } from "./title-block.js";
import { indicatorValidation, textLimits, textValidation } from "./validations.js";
import { capitalize } from "./wording.js";
import type { TemplateContext } from "./template-context.js";

const K = columnKeys.figures;

export const areaOrder = ["CD", "I", "II", "III", "IV", "V", "VI"] as const;

/** The area heading of the figures sheet: "Công tác chỉ đạo, điều hành", or the plan's area name. */
export function areaName(ctx: Pick<TemplateContext, "plan">, area: Indicator["area"]): string {
  if (area === "CD") return CD_AREA_NAME;
  return ctx.plan.meta.areas.find((a) => a.id === area)?.name ?? area;
}

export function addFiguresSheet(wb: Workbook, ctx: TemplateContext): DataSheet {
  const { plan, period, agency, options } = ctx;
  const prev = previousPeriod(period, plan.settings.due);
  const sheet = new DataSheet(wb, {
    id: "figures",
    name: sheetNames.figures,
    ...titleBlock(ctx),
    title: "SỐ LIỆU KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH",
    instruction: `Chỉ nhập số, không gõ chữ, đơn vị hay dấu %; không phát sinh thì nhập 0. Chỉ tiêu có dấu (*) là bắt buộc. ${INPUT_HINT}`,
    landscape: true,
    summaryRows: 1,
    checkColumn: true,
    columns: [
      { key: K.stt, header: "STT", width: 5, align: "center" },
      { key: K.name, header: "Chỉ tiêu", width: 55, align: "left" },
      { key: K.unit, header: "Đơn vị tính", width: 10, align: "center" },
      { key: K.previous, header: `Kỳ trước (${prev.label})`, width: 13, align: "right" },
      { key: K.value, header: `Kỳ này (${period.label})`, width: 13, align: "right" },
      { key: K.note, header: "Ghi chú", width: 31, align: "left" },
    ],
  });
  const cumulativeFrom = period.cumulative ? `từ ${formatTextDate(period.window.from)}` : null;
  const note = textValidation(textLimits.text, "Ghi chú", "Ghi chú, giải thích số liệu (nếu có)");
  const indicators = indicatorsForAgency(plan, agency);
  const previous = options.previousValues ?? null;
  for (const area of areaOrder) {
    const list = indicators.filter((i) => i.area === area);
    if (list.length === 0) continue;
    sheet.addRow(
      null,
      {
        [K.stt]: { value: area === "CD" ? "" : area },
        [K.name]: { value: capitalize(areaName(ctx, area)).toUpperCase() },
      },
      { heading: true },
    );
    list.forEach((ind, i) => {
      const fmt = numberFormats[ind.type];
      const prevValue = previous?.get(ind.code);
      const value: CellSpec = { input: indicatorValidation(ind, cumulativeFrom), numFmt: fmt };
      if (ind.type === "text") value.align = "left";
      sheet.addRow(
        rowKey.indicator(ind.code),
        {
          [K.stt]: { value: i + 1 },
          [K.name]: { value: ind.required ? `${ind.name} (*)` : ind.name },
          [K.unit]: { value: ind.unit },
          [K.previous]:
            prevValue === undefined || prevValue === null
              ? { numFmt: fmt }
              : { value: prevValue, numFmt: fmt, ...(typeof prevValue === "string" ? { align: "left" as const } : {}) },
          [K.value]: value,
          [K.note]: { input: note },
        },
        { minHeight: ind.type === "text" ? 64 : 20, top: ind.type === "text" },
      );
    });
  }
  if (indicators.length === 0)
    sheet.addNote("Cơ quan không phải báo cáo chỉ tiêu số liệu nào; không cần điền trang này.");
  sheet.finish();
  return sheet;
}
