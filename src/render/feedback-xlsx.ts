import type { Period } from "../calendar/period.js";
import type { Agency, Plan } from "../plan/plan.js";
import type { Finding, SubmissionRecord } from "../intake/judge/submission.js";
import { describeNumber, formatShortDate } from "../vn/format.js";
import { receiptSourceLabels, severityLabels } from "../vn/labels.js";
import { localMidnight, Workbook } from "./sheetml/workbook.js";

/**
 * The feedback workbook sent back to an agency: output/<P>/phan-hoi/<agency>.xlsx, one row per finding of
 * the file that counts (its latest version), with the sheet, cell, key, the value found and the message.
 * Rendered in memory; the caller writes it. Same inputs and date ⇒ same bytes.
 */

/** Everything the workbook is made from (feedback-key.ts digests the parts it reads: keep the two in step). */
export interface FeedbackInput {
  plan: Plan;
  period: Period;
  agencyCode: string;
  agency: Agency | undefined;
  record: SubmissionRecord;
  /** the day of the run (--date), YYYY-MM-DD */
  generatedOn: string;
}

const FONT = "Times New Roman";
const severityRank: Record<Finding["severity"], number> = { error: 0, warning: 1, info: 2 };
const severityFill: Record<Finding["severity"], string> = { error: "FFF8D7DA", warning: "FFFFF2CC", info: "FFFFFFFF" };

/** "the value found" of a finding, as it stood in the file (or as understood when that is all there is). */
export function foundValue(f: Finding): string {
  const v = f.args["found"] ?? f.args["value"];
  if (v === undefined || v === null) return "";
  if (typeof v === "number") return describeNumber(v, 4);
  return String(v);
}

function receivedText(r: SubmissionRecord): string {
  if (!r.receivedAt) return "";
  const day = formatShortDate(r.receivedAt.slice(0, 10));
  const time = r.receivedAt.slice(11, 16);
  const how = receiptSourceLabels[r.receivedAtSource];
  return `${day}${time && time !== "00:00" ? ` ${time}` : ""} (${how})`;
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank[a.f.severity] - severityRank[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/** The feedback workbook's bytes: zipped natively, every entry dated the day's local midnight (zip-write.ts). */
export async function renderFeedbackWorkbook(input: FeedbackInput): Promise<Buffer> {
  const wb = new Workbook();
  fillFeedbackWorkbook(wb, input);
  return wb.toBuffer(localMidnight(input.generatedOn));
}

/** Sets the workbook's properties and writes its one sheet "Phản hồi". */
export function fillFeedbackWorkbook(wb: Workbook, input: FeedbackInput): void {
  const { plan, period, record, agency } = input;
  const stamp = new Date(`${input.generatedOn}T00:00:00Z`);
  wb.creator = plan.settings.issuingBodyName;
  wb.lastModifiedBy = plan.settings.issuingBodyName;
  wb.created = stamp;
  wb.modified = stamp;
  wb.lastPrinted = stamp;
  wb.title = `Phản hồi kết quả kiểm tra báo cáo cải cách hành chính ${period.label}`;

  const ws = wb.addWorksheet("Phản hồi", {
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.6, right: 0.4, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    views: [{ state: "frozen", ySplit: 7 }],
  });
  const widths = [6, 11, 16, 8, 24, 24, 70];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const last = widths.length;
  const line = (
    row: number,
    text: string,
    opts: { bold?: boolean; size?: number; italic?: boolean; center?: boolean } = {},
  ): void => {
    ws.mergeCells(row, 1, row, last);
    const c = ws.getCell(row, 1);
    c.value = text;
    c.font = { name: FONT, size: opts.size ?? 12, bold: opts.bold ?? false, italic: opts.italic ?? false };
    c.alignment = { horizontal: opts.center ? "center" : "left", vertical: "middle", wrapText: true };
  };

  const name = agency?.name ?? input.agencyCode;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of record.findings) counts[f.severity]++;
  line(1, `${plan.settings.parentBody} — ${plan.settings.issuingBody}`, { size: 11, bold: true });
  line(2, "PHẢN HỒI KẾT QUẢ KIỂM TRA BÁO CÁO CẢI CÁCH HÀNH CHÍNH", { bold: true, size: 14, center: true });
  line(3, `${name} — ${period.label.charAt(0).toUpperCase()}${period.label.slice(1)}`, {
    bold: true,
    size: 13,
    center: true,
  });
  const status = record.accepted ? "Tệp được tiếp nhận." : `Tệp bị từ chối: ${record.rejectReason ?? ""}`;
  line(
    4,
    `Tệp: ${record.originalName ?? record.file}${record.originalName && record.originalName !== record.file ? ` (lưu là ${record.file})` : ""}; bản số ${record.version}; nhận ngày ${receivedText(record)}. ${status}`,
  );
  line(
    5,
    `Kết quả: ${counts.error} lỗi, ${counts.warning} cảnh báo, ${counts.info} ghi chú. Lỗi phải được sửa và gửi lại biểu mẫu; cảnh báo cần kiểm tra lại; ghi chú chỉ để biết.`,
    { italic: true },
  );
  ws.getRow(4).height = 32;
  ws.getRow(5).height = 32;

  const header = ["STT", "Mức độ", "Trang", "Ô", "Mã dòng", "Giá trị trong tệp", "Nội dung và cách sửa"];
  const hr = ws.getRow(7);
  header.forEach((h, i) => {
    const c = hr.getCell(i + 1);
    c.value = h;
    c.font = { name: FONT, size: 12, bold: true };
    c.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E6E6" } };
  });
  hr.height = 22;
  const thin = { style: "thin" as const, color: { argb: "FF000000" } };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  hr.eachCell((c) => {
    c.border = border;
  });

  sortFindings(record.findings).forEach((f, i) => {
    const row = ws.getRow(8 + i);
    const values = [
      i + 1,
      severityLabels[f.severity],
      f.sheet ?? "",
      f.cell ?? "",
      f.key ?? "",
      foundValue(f),
      f.message,
    ];
    values.forEach((v, j) => {
      const c = row.getCell(j + 1);
      c.value = v;
      c.font = { name: FONT, size: 12, bold: j === 1 && f.severity === "error" };
      c.alignment = { horizontal: j <= 1 || j === 3 ? "center" : "left", vertical: "top", wrapText: true };
      c.border = border;
      if (j === 1) c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: severityFill[f.severity] } };
    });
    // a row tall enough for the wrapped message (about 1.1 characters per unit of width, 16 points a line)
    const longest = Math.max(Math.ceil(f.message.length / (70 * 1.1)), Math.ceil(foundValue(f).length / (24 * 1.1)), 1);
    row.height = Math.min(409, 16 * longest + 4);
  });
  ws.pageSetup.printTitlesRow = "7:7";
}
