import { formatTextDate } from "../vn/format.js";
import { operatorOnly, type Wording } from "./args.js";

const s = (v: unknown): string => String(v ?? "");

function unreadableReason(code: string): string {
  if (code === "EISDIR") return "đây là một thư mục, không phải tệp";
  if (code === "EACCES" || code === "EPERM") return "không có quyền đọc tệp";
  if (code === "ELOOP") return "liên kết tượng trưng trỏ vòng về chính nó";
  if (code === "EBUSY") return "tệp đang bị chương trình khác khóa";
  return `lỗi hệ thống ${code}`;
}

export const seedMessages = {
  "seed.missing-file": (a) =>
    `Không tìm thấy tệp dữ liệu gốc ${s(a.file)}. Hãy chạy "cchc init" hoặc sao chép thư mục seeds/ mẫu.`,
  "seed.unreadable": (a) =>
    `Không đọc được tệp dữ liệu gốc ${s(a.file)}: ${unreadableReason(s(a.reason))}. Hãy thay bằng tệp JSON (chép từ thư mục seeds/ mẫu).`,
  "seed.reserved-code": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": mã "${s(a.value)}" là tên thiết bị dành riêng của Windows (con, prn, aux, nul, com1–com9, lpt1–lpt9), không đặt được tên tệp; hãy chọn mã khác.`,
  "seed.part-of-cycle": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": quan hệ bộ phận – tổng tạo thành vòng (${s(a.value)}); một chỉ số không thể là bộ phận của chính nó, hãy bỏ một liên kết.`,
  "seed.bad-json": (a) =>
    `Tệp ${s(a.file)} không phải JSON hợp lệ: ${a.line === null || a.line === undefined ? "tệp kết thúc giữa chừng (thiếu dấu đóng } hoặc ], hoặc tệp rỗng)" : `sai cú pháp ở dòng ${s(a.line)}, cột ${s(a.column)} (gần "${s(a.near)}")`}. Hãy sửa cú pháp (dấu phẩy, ngoặc, dấu nháy).`,
  "seed.invalid": (a) => `Tệp ${s(a.file)}, trường "${s(a.field)}": ${s(a.detail)}.`,
  "seed.missing-field": (a) => `Tệp ${s(a.file)}: thiếu trường bắt buộc "${s(a.field)}".`,
  "seed.duplicate": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": mã "${s(a.value)}" bị trùng. Mỗi mã chỉ được dùng một lần.`,
  "seed.unknown-agency": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": không có cơ quan hoặc cụm từ nhóm mã "${s(a.value)}" trong seeds/agencies.json.`,
  "seed.unknown-group": (a) => `Tệp ${s(a.file)}, trường "${s(a.field)}": không có nhóm cơ quan mã "${s(a.value)}".`,
  "seed.unknown-indicator": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": không có chỉ số mã "${s(a.value)}" trong seeds/indicators.json.`,
  "seed.unknown-task": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": không có nhiệm vụ số thứ tự ${s(a.value)} trong seeds/tasks.json.`,
  "seed.schedule-mismatch": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": thời gian "${s(a.time)}" không khớp với lịch đã khai (${s(a.detail)}).`,
  "seed.agency-ends-before-start": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": ngày hết hiệu lực ${formatTextDate(s(a.to))} trước ngày bắt đầu hiệu lực ${formatTextDate(s(a.from))}. Hãy sửa một trong hai ngày.`,
  "seed.succession-cycle": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": quan hệ tiếp nhận khép vòng (${s(a.value)}). Một cơ quan không thể tiếp nhận chính cơ quan đã tiếp nhận nó; hãy bỏ một mã trong vòng.`,
  "seed.succession-open": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": cơ quan "${s(a.value)}" được khai là đã được tiếp nhận nhưng chưa có ngày hết hiệu lực. Hãy ghi ngày hết hiệu lực cho cơ quan "${s(a.value)}" hoặc bỏ mã này.`,
  "seed.succession-gap": (a) =>
    `Tệp ${s(a.file)}, trường "${s(a.field)}": cơ quan tiếp nhận không còn hoặc chưa có hiệu lực vào ngày ${formatTextDate(s(a.day))}, ngày sau khi cơ quan "${s(a.value)}" hết hiệu lực. Hãy sửa ngày hiệu lực của cơ quan tiếp nhận.`,
  "seed.bad-ratio": (a) => `Tệp ${s(a.file)}, trường "${s(a.field)}": ${s(a.detail)}.`,
  "seed.bad-range": (a) => `Tệp ${s(a.file)}, trường "${s(a.field)}": ${s(a.detail)}.`,
} satisfies Record<`seed.${string}`, Wording>;

/** Every code of a problem of seeds/. */
export type SeedCode = keyof typeof seedMessages;

/** Seed problems stop a run and are the operator's to fix (they name files of seeds/). */
export const seedAudiences = operatorOnly(seedMessages);
