import type { Workbook } from "exceljs";
import { narrativeLabels, narrativeSections, type NarrativeSection } from "../vn/labels.js";
import { columnKeys, rowKey, sheetNames } from "../intake/template-layout.js";
import { DataSheet } from "./data-sheet.js";
import { INPUT_HINT, titleBlock } from "./title-block.js";
import { textLimits, textValidation } from "./validations.js";
import type { TemplateContext } from "./template-context.js";

const K = columnKeys.assessment;

/** The outline's numbering and the heading rows that group sections (keyless, not read). */
const outline: Partial<Record<NarrativeSection, { stt: string; heading?: { stt: string; text: string } }>> = {
  "chi-dao": { stt: "I" },
  "ket-qua-i": { stt: "1", heading: { stt: "II", text: "Kết quả thực hiện các nhiệm vụ cải cách hành chính" } },
  "ket-qua-ii": { stt: "2" },
  "ket-qua-iii": { stt: "3" },
  "ket-qua-iv": { stt: "4" },
  "ket-qua-v": { stt: "5" },
  "ket-qua-vi": { stt: "6" },
  "uu-diem": { stt: "1", heading: { stt: "III", text: "Đánh giá chung" } },
  "ton-tai": { stt: "2" },
  "nguyen-nhan": { stt: "3" },
  "phuong-huong": { stt: "IV" },
  "kien-nghi": { stt: "V" },
};

export function addAssessmentSheet(wb: Workbook, ctx: TemplateContext): DataSheet {
  const sheet = new DataSheet(wb, {
    id: "assessment",
    name: sheetNames.assessment,
    ...titleBlock(ctx),
    title: "ĐÁNH GIÁ, PHƯƠNG HƯỚNG VÀ KIẾN NGHỊ",
    instruction: `Ghi ngắn gọn, cụ thể, có số liệu minh họa; mỗi ô tối đa 8.000 ký tự, xuống dòng trong ô bằng Alt+Enter. ${INPUT_HINT}`,
    landscape: false,
    summaryRows: 1,
    checkColumn: true,
    columns: [
      { key: K.stt, header: "STT", width: 5, align: "center" },
      { key: K.label, header: "Nội dung", width: 23, align: "left" },
      { key: K.value, header: "Đánh giá của cơ quan", width: 58, align: "left" },
    ],
  });
  narrativeSections.forEach((section, i) => {
    const o = outline[section] ?? { stt: String(i + 1) };
    if (o.heading)
      sheet.addRow(
        null,
        { [K.stt]: { value: o.heading.stt }, [K.label]: { value: o.heading.text } },
        { heading: true },
      );
    const label = narrativeLabels[section];
    sheet.addRow(
      rowKey.text(section),
      {
        [K.stt]: { value: o.stt, bold: /^[IVX]+$/.test(o.stt) },
        [K.label]: { value: label, bold: /^[IVX]+$/.test(o.stt) },
        [K.value]: { input: textValidation(textLimits.long, "Đánh giá", `${label}: ghi nội dung đánh giá`) },
      },
      { minHeight: 120, top: true },
    );
  });
  sheet.finish();
  return sheet;
}
