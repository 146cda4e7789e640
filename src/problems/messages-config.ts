import { operatorOnly, type Wording } from "./args.js";

const s = (v: unknown): string => String(v ?? "");

/** Wording of the configuration workbook's findings (cchc config import / tasks-from). The place (sheet, cell) is added by the caller. */
export const configMessages = {
  "config.file-unreadable": (a) =>
    `Không đọc được tệp cấu hình: ${s(a.reason)}. Hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx.`,
  "config.missing-sheet": (a) =>
    `Thiếu trang "${s(a.sheet)}". Hãy xuất lại tệp cấu hình (cchc config export) và chép nội dung sang.`,
  "config.missing-column": (a) =>
    `Thiếu cột "${s(a.column)}" (hoặc dòng mã ẩn phía trên tiêu đề bảng đã bị sửa). Không xóa cột, không sửa dòng ẩn.`,
  "config.missing-table": (a) => `Không tìm thấy bảng "${s(a.table)}" (dòng mã ẩn đã bị xóa?).`,
  "config.required": (a) => `Cột "${s(a.column)}" phải có giá trị.`,
  "config.formula-no-result": (a) => `Ô có công thức ${s(a.found)} nhưng chưa có kết quả; hãy nhập giá trị.`,
  "config.error-value": (a) => `Ô có giá trị lỗi ${s(a.found)}; hãy nhập giá trị đúng.`,
  "config.unreadable-value": (a) =>
    `Giá trị lưu trong ô "${s(a.found)}" không đọc được thành số hay ngày hợp lệ; hãy nhập lại ô này.`,
  "config.not-a-number": (a) => `"${s(a.found)}" không phải là số; hãy nhập một số.`,
  "config.not-integer": (a) => `"${s(a.found)}" không phải là số nguyên.`,
  "config.bad-date": (a) => `"${s(a.found)}" không phải là ngày; hãy nhập dạng ngày/tháng/năm, ví dụ 30/06/2025.`,
  "config.not-in-list": (a) => `"${s(a.found)}" không có trong danh sách; hãy chọn một trong: ${s(a.list)}.`,
  "config.bad-stt": (a) => `STT "${s(a.found)}" không phải số thứ tự nhiệm vụ (số) hay số La Mã của lĩnh vực (I–VI).`,
  "config.task-no-area": (a) =>
    `Nhiệm vụ ${s(a.stt)} chưa thuộc lĩnh vực nào: thêm dòng lĩnh vực (STT ghi I, II…) phía trên.`,
  "config.unknown-agency-name": (a) =>
    `Không nhận ra cơ quan "${s(a.name)}".${a.suggestions ? ` Tên gần nhất: ${s(a.suggestions)}.` : ""} Hãy sửa tên, thêm tên này vào Tên gọi khác của cơ quan (trang Cơ quan), hoặc ghi mã vào cột mã (khi cần).`,
  "config.ambiguous-agency-name": (a) =>
    `"${s(a.name)}" ứng với nhiều cơ quan (${s(a.candidates)}); hãy ghi mã đúng vào cột mã (khi cần).`,
  "config.unknown-time": (a) =>
    `Không hiểu thời gian "${s(a.found)}". Viết như 2021-2025, Hằng năm, Năm 2023, Quý II/2022, Tháng 6/2026, hoặc ghi vào cột Lịch thực hiện (khi cần).`,
  "config.seed-rule": (a) => s(a.text),
  "config.no-appendix": (a) =>
    `Không tìm thấy bảng nhiệm vụ trong ${s(a.file)}: cần một bảng có các cột STT, Nhiệm vụ, Cơ quan chủ trì, Thời gian.`,
} satisfies Record<`config.${string}`, Wording>;

/** Every code of a finding in the configuration workbook. */
export type ConfigCode = keyof typeof configMessages;

/** The configuration workbook is the operator's: its findings may name commands. */
export const configAudiences = operatorOnly(configMessages);
