import { operatorOnly, type Wording } from "./args.js";

/**
 * Vietnamese wording of the receipt ledger's warnings (data/<P>/so-nhan.jsonl), for the operator: they may name the
 * ledger file and say how to mend it. Args: line (1-based), file (the inbox file concerned), receivedAt (ISO).
 */

const s = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const day = (v: unknown): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(s(v));
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : s(v);
};
const mend =
  "Hãy sửa dòng này theo dạng của các dòng khác (hoặc lấy lại từ bản sao lưu); chương trình không tự sửa sổ nhận.";

export const ledgerMessages = {
  "ledger.line-recovered": (a) =>
    `dòng ${s(a.line)} bị hỏng (không đọc trọn được); đã khôi phục được thời điểm nhận của tệp ${s(a.file)}: ${day(a.receivedAt)}. ${mend}`,
  "ledger.line-file-time": (a) =>
    `dòng ${s(a.line)} bị hỏng, ghi nhận tệp ${s(a.file)} nhưng không khôi phục được thời điểm nhận; thời điểm nhận của tệp này lấy theo thời gian của tệp, không ghi thêm vào sổ nhận. ${mend}`,
  "ledger.line-unknown": (a) =>
    `dòng ${s(a.line)} bị hỏng, không biết ghi nhận tệp nào. Để không nhận nhầm một tệp đã nhận thành tệp mới, ` +
    `các tệp chưa có trong sổ nhận${a.files ? ` (${s(a.files)})` : ""} lấy thời điểm nhận theo thời gian của tệp và chưa được ghi vào sổ nhận. ${mend}`,
  "ledger.line-not-receipt": (a) => `dòng ${s(a.line)} không phải bản ghi nhận tệp nên được bỏ qua. ${mend}`,
  "ledger.line-unused": (a) =>
    `dòng ${s(a.line)} bị hỏng; không tệp nào trong thư mục khớp với phần còn đọc được của dòng. ${mend}`,
} satisfies Record<`ledger.${string}`, Wording>;

/** Every code of a warning about the receipt ledger. */
export type LedgerCode = keyof typeof ledgerMessages;

/** The ledger's warnings are the operator's only. */
export const ledgerAudiences = operatorOnly(ledgerMessages);
