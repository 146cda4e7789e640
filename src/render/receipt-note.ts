import type { AgencyEntry } from "../consolidate/model.js";

/** How an agency's receipt time was found, when it is not simply the ledger's: a note beside the date. */
export function receiptNote(
  a: Pick<AgencyEntry, "receivedAt" | "receivedAtSource" | "damagedLedgerLine">,
): string | null {
  if (!a.receivedAt || !a.receivedAtSource) return null;
  const line = a.damagedLedgerLine;
  if (line !== undefined) {
    return a.receivedAtSource === "file-time"
      ? `Thời điểm nhận lấy theo thời gian của tệp: dòng ${line} của sổ nhận bị hỏng, không khôi phục được thời điểm nhận ghi trong sổ.`
      : `Thời điểm nhận khôi phục từ dòng ${line} bị hỏng của sổ nhận.`;
  }
  if (a.receivedAtSource === "first-seen")
    return "Thời điểm nhận lấy theo lần đầu chương trình thấy tệp (không có sổ nhận).";
  if (a.receivedAtSource === "file-time") return "Thời điểm nhận lấy theo thời gian của tệp (không có sổ nhận).";
  return null;
}
