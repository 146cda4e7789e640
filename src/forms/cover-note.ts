import type { Period } from "../calendar/period.js";
import type { Agency, Plan } from "../plan/plan.js";
import { formatTextDate } from "../vn/format.js";
import { windowsTextFile } from "../util/text.js";
import { deadlineText, windowText } from "./wording.js";

export const COVER_NOTE_FILE = "huong-dan-gui-bieu-mau.txt";

/**
 * The cover note sent with the templates, as lines (the caller joins them with CRLF and adds a BOM
 * so Notepad on Windows shows the Vietnamese text right). Pure.
 */
export function coverNoteLines(
  plan: Plan,
  period: Period,
  files: { agency: Agency; fileName: string }[],
  issuedOn: string,
): string[] {
  const s = plan.settings;
  const lines = [
    `${s.parentBody}`,
    `${s.issuingBody}`,
    "",
    `HƯỚNG DẪN GỬI BIỂU MẪU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ${period.label.toUpperCase()}`,
    "",
    `${s.issuingBodyName} gửi các cơ quan, đơn vị biểu mẫu Excel báo cáo kết quả thực hiện công tác cải cách hành chính ${period.label}.`,
    'Mỗi cơ quan nhận đúng một tệp mang mã của cơ quan mình và điền theo trang "Hướng dẫn" trong tệp.',
    "",
    `- Thời gian chốt số liệu: ${windowText(period)}.`,
    `- Thời hạn gửi biểu mẫu đã điền về ${s.issuingBodyName}: ${deadlineText(period)}.`,
    `- Cách gửi: ${s.submission.how}`,
    `- Liên hệ: ${[s.contact.unit, s.contact.person, `điện thoại ${s.contact.phone}`, `thư điện tử ${s.contact.email}`].filter((x) => x.trim() !== "").join("; ")}.`,
    "- Chỉ điền vào các ô nền vàng; không đổi tên trang tính, không xóa cột, hàng mã ẩn; gửi lại đúng tệp .xlsx.",
    "",
    `Danh sách tệp (${files.length}):`,
  ];
  const width = String(files.length).length;
  files.forEach((f, i) => {
    lines.push(`${String(i + 1).padStart(width, " ")}. ${f.fileName} - ${f.agency.name}`);
  });
  lines.push("", `Ngày phát hành: ${formatTextDate(issuedOn)}.`);
  return lines;
}

/** The note as file bytes: UTF-8 with a BOM, CRLF line ends. */
export function coverNoteText(lines: string[]): string {
  return windowsTextFile(lines);
}
