import type { Workbook } from "exceljs";
import { tasksForAgency, type Task } from "../plan/plan.js";
import { formatTextDate } from "../vn/format.js";
import { reportedTaskStates, taskRoleLabels, taskStateLabels, type TaskRole } from "../vn/labels.js";
import { columnKeys, rowKey, sheetNames } from "../intake/template-layout.js";
import { DataSheet } from "./data-sheet.js";
import { numberFormats } from "./style.js";
import { INPUT_HINT, titleBlock } from "./title-block.js";
import { dateValidation, statusValidation, textLimits, textValidation } from "./validations.js";
import type { TemplateContext } from "./template-context.js";

const K = columnKeys.tasks;

export function addTasksSheet(wb: Workbook, ctx: TemplateContext): DataSheet {
  const { plan, period, agency } = ctx;
  const d = plan.meta.decision;
  const sheet = new DataSheet(wb, {
    id: "tasks",
    name: sheetNames.tasks,
    ...titleBlock(ctx),
    title: "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH",
    instruction: `Nhiệm vụ theo ${plan.meta.name} (Quyết định số ${d.number} ngày ${formatTextDate(d.date)} của ${d.issuer}). ${INPUT_HINT}`,
    landscape: true,
    summaryRows: 1,
    checkColumn: true,
    columns: [
      { key: K.stt, header: "STT", width: 4.5, align: "center" },
      { key: K.area, header: "Lĩnh vực", width: 6, align: "center" },
      { key: K.role, header: "Vai trò", width: 8, align: "center" },
      { key: K.task, header: "Nhiệm vụ", width: 34, align: "left" },
      { key: K.product, header: "Kết quả/Sản phẩm", width: 17, align: "left" },
      { key: K.time, header: "Thời gian", width: 9, align: "center" },
      { key: K.status, header: "Tình trạng thực hiện", width: 14, align: "left" },
      { key: K.result, header: "Kết quả đạt được trong kỳ", width: 24, align: "left" },
      { key: K.doc, header: "Văn bản, sản phẩm đã ban hành (số, ký hiệu)", width: 14, align: "left" },
      { key: K.docDate, header: "Ngày ban hành", width: 11, align: "center" },
      { key: K.difficulties, header: "Khó khăn, vướng mắc, đề xuất", width: 18, align: "left" },
    ],
  });
  const labels = reportedTaskStates.map((s) => taskStateLabels[s]);
  const status = statusValidation(labels);
  const result = textValidation(textLimits.text, "Kết quả đạt được", "Ghi ngắn gọn kết quả đạt được trong kỳ");
  const doc = textValidation(
    textLimits.short,
    "Văn bản, sản phẩm",
    "Ghi số, ký hiệu văn bản hoặc tên sản phẩm đã ban hành; nhiều văn bản thì ngăn cách bằng dấu chấm phẩy",
  );
  const docDate = dateValidation(
    `${plan.meta.years.from - 1}-01-01`,
    `${period.year + 1}-12-31`,
    "Ngày ban hành",
    "Ngày ban hành văn bản, sản phẩm",
  );
  const difficulties = textValidation(
    textLimits.text,
    "Khó khăn, vướng mắc",
    "Ghi khó khăn, vướng mắc và đề xuất (nếu có)",
  );

  const { lead, coordinate } = tasksForAgency(plan, agency.code, period);
  const addTask = (t: Task, role: TaskRole): void => {
    sheet.addRow(
      rowKey.task(t.stt),
      {
        [K.stt]: { value: t.stt },
        [K.area]: { value: t.area },
        [K.role]: { value: taskRoleLabels[role] },
        [K.task]: { value: t.task },
        [K.product]: { value: t.product },
        [K.time]: { value: t.time },
        [K.status]: { input: status },
        [K.result]: { input: result },
        [K.doc]: { input: doc, numFmt: "@" },
        [K.docDate]: { input: docDate, numFmt: numberFormats.date },
        [K.difficulties]: { input: difficulties },
      },
      { minHeight: 48, top: true },
    );
  };
  const heading = (text: string): void => {
    sheet.addRow(null, { [K.task]: { value: text } }, { heading: true });
  };
  if (lead.length > 0) {
    heading(`Nhiệm vụ cơ quan chủ trì (${lead.length})`);
    for (const t of lead) addTask(t, "lead");
  }
  if (coordinate.length > 0) {
    heading(`Nhiệm vụ cơ quan phối hợp (${coordinate.length})`);
    for (const t of coordinate) addTask(t, "coordinate");
  }
  if (lead.length + coordinate.length === 0)
    sheet.addNote("Kế hoạch không giao nhiệm vụ nào cho cơ quan; không cần điền trang này.");
  sheet.finish();
  return sheet;
}
