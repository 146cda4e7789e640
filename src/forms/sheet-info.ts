import type { Workbook } from "exceljs";
import { infoFieldLabels, infoFields, type InfoField } from "../vn/labels.js";
import { columnKeys, rowKey, sheetNames } from "../intake/template-layout.js";
import { DataSheet, type CellSpec } from "./data-sheet.js";
import { numberFormats } from "./style.js";
import { INPUT_HINT, titleBlock } from "./title-block.js";
import { dateValidation, emailValidation, shortTextValidation, textLimits, textValidation } from "./validations.js";
import type { TemplateContext } from "./template-context.js";

const K = columnKeys.info;

export function addInfoSheet(wb: Workbook, ctx: TemplateContext): DataSheet {
  const { period, agency } = ctx;
  const sheet = new DataSheet(wb, {
    id: "info",
    name: sheetNames.info,
    ...titleBlock(ctx),
    title: "THÔNG TIN CƠ QUAN BÁO CÁO",
    instruction: INPUT_HINT,
    landscape: false,
    summaryRows: 3,
    checkColumn: true,
    columns: [
      { key: K.label, header: "Nội dung", width: 38, align: "left" },
      { key: K.value, header: "Thông tin", width: 46, align: "left" },
    ],
  });
  const valueCol = sheet.ws.getColumn(sheet.col(K.value)).letter;
  const input = (field: InfoField, row: number): CellSpec => {
    const addr = `${valueCol}${row}`;
    switch (field) {
      case "reporter":
        return {
          input: textValidation(textLimits.short, "Người lập báo cáo", "Ghi họ và tên, chức vụ của người lập báo cáo"),
          numFmt: "@",
        };
      case "phone":
        return {
          input: shortTextValidation(
            6,
            40,
            "Số điện thoại",
            "Ghi số điện thoại liên hệ (cố định hoặc di động), ví dụ 0912 345 678.",
            "Số điện thoại dài từ 6 đến 40 ký tự.",
          ),
          numFmt: "@",
        };
      case "email":
        return { input: emailValidation(addr), numFmt: "@" };
      case "doc-number":
        return {
          input: shortTextValidation(
            1,
            60,
            "Số, ký hiệu văn bản",
            `Ghi số, ký hiệu văn bản báo cáo của cơ quan, ví dụ 15/BC-${agency.abbr}.`,
            "Số, ký hiệu văn bản dài tối đa 60 ký tự.",
          ),
          numFmt: "@",
        };
      case "doc-date":
        return {
          input: dateValidation(
            period.window.from,
            `${period.year + 1}-12-31`,
            "Ngày ban hành văn bản",
            "Ngày ban hành văn bản báo cáo",
          ),
          numFmt: numberFormats.date,
          align: "center",
        };
      case "agency-name":
        return {};
    }
  };
  for (const field of infoFields) {
    const row = sheet.lastRow + 1;
    const value: CellSpec = field === "agency-name" ? { value: agency.name, bold: true } : input(field, row);
    sheet.addRow(
      rowKey.info(field),
      { [K.label]: { value: infoFieldLabels[field] }, [K.value]: value },
      { minHeight: 24 },
    );
  }
  sheet.finish();
  return sheet;
}
