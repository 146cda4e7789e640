/**
 * The contract between the template writer (forms/) and intake: how a workbook is laid out and
 * how every input is found again by a stable key, whatever an agency does to rows, columns or sheet names.
 *
 * Key scheme
 * - Every sheet that intake reads carries a sheet marker "#sheet:<id>" in some cell (the writer puts it in A1).
 *   Sheets are found by marker, never by name or position: renamed or reordered sheets still read.
 * - Each such sheet has one key column (hidden, column A as written) and one column-key row (hidden):
 *   the cell "#cols" sits at their crossing. The other cells of that row name the columns ("value",
 *   "status", …); the other cells of that column name the rows ("ind:ii.hs-tiep-nhan", "task:12", …).
 * - The value of (row key, column key) is the cell at the row of the row key and the column of the column key.
 *   Inserted, deleted or reordered rows and columns, or a whole table moved, change nothing.
 * - The metadata sheet (hidden) holds "#sheet:meta" and key/value pairs: key in one column, value in the next.
 */

export const FORMAT_VERSION = 1;
export const KNOWN_FORMAT_VERSIONS: readonly number[] = [1];

export const SHEET_MARKER_PREFIX = "#sheet:";
export const COLS_MARKER = "#cols";

export const sheetIds = ["guide", "info", "tasks", "figures", "assessment", "meta"] as const;
export type SheetId = (typeof sheetIds)[number];

/** Display names as written (intake does not rely on them). Max 31 chars, none of * ? : / \ [ ]. */
export const sheetNames: Record<SheetId | "lists", string> = {
  guide: "Hướng dẫn",
  info: "Thông tin",
  tasks: "Nhiệm vụ",
  figures: "Số liệu",
  assessment: "Đánh giá",
  meta: "_meta",
  lists: "_danh_muc",
};

/** Metadata keys on the meta sheet. */
export const metaKeys = [
  "formatVersion",
  "planId",
  "period",
  "agency",
  "fingerprint",
  "issuedOn",
  "generator",
] as const;
export type MetaKey = (typeof metaKeys)[number];

/** Row keys */
export const rowKey = {
  info: (field: InfoField): string => `info:${field}`,
  task: (stt: number): string => `task:${stt}`,
  indicator: (code: string): string => `ind:${code}`,
  text: (section: NarrativeSection): string => `text:${section}`,
};

export function parseRowKey(key: string): { kind: "info" | "task" | "ind" | "text"; id: string } | null {
  const m = /^(info|task|ind|text):(.+)$/.exec(key.trim());
  return m ? { kind: m[1] as "info" | "task" | "ind" | "text", id: m[2] as string } : null;
}

/** Agency information fields (sheet "info", column key "value"). agency-name is pre-filled and locked. */
export const infoFields = ["agency-name", "reporter", "phone", "email", "doc-number", "doc-date"] as const;
export type InfoField = (typeof infoFields)[number];
export const inputInfoFields: readonly InfoField[] = ["reporter", "phone", "email", "doc-number", "doc-date"];
/** Labels of the info fields as written on the sheet (also usable in intake's messages). */
export const infoFieldLabels: Record<InfoField, string> = {
  "agency-name": "Tên cơ quan báo cáo",
  reporter: "Người lập báo cáo (họ và tên, chức vụ)",
  phone: "Số điện thoại liên hệ",
  email: "Thư điện tử liên hệ",
  "doc-number": "Số, ký hiệu văn bản báo cáo của cơ quan",
  "doc-date": "Ngày ban hành văn bản báo cáo",
};

/** Column keys per sheet: the input columns are those intake reads. */
export const columnKeys = {
  info: { label: "label", value: "value" },
  tasks: {
    stt: "stt",
    area: "area",
    role: "role",
    task: "task",
    product: "product",
    time: "time",
    status: "status",
    result: "result",
    doc: "doc",
    docDate: "doc-date",
    difficulties: "difficulties",
  },
  figures: { stt: "stt", name: "name", unit: "unit", previous: "previous", value: "value", note: "note" },
  assessment: { stt: "stt", label: "label", value: "value" },
} as const;

export const taskInputColumns = ["status", "result", "doc", "doc-date", "difficulties"] as const;
export const figureInputColumns = ["value", "note"] as const;

/** Task statuses as stored, with the dropdown wording. */
export const taskStatuses = ["done", "in-progress", "not-started", "not-applicable"] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const taskStatusLabels: Record<TaskStatus, string> = {
  done: "Đã hoàn thành",
  "in-progress": "Đang thực hiện",
  "not-started": "Chưa thực hiện",
  "not-applicable": "Không phát sinh trong kỳ",
};

/** Narrative sections of the assessment sheet, in the outline's order. */
export const narrativeSections = [
  "chi-dao",
  "ket-qua-i",
  "ket-qua-ii",
  "ket-qua-iii",
  "ket-qua-iv",
  "ket-qua-v",
  "ket-qua-vi",
  "uu-diem",
  "ton-tai",
  "nguyen-nhan",
  "phuong-huong",
  "kien-nghi",
] as const;
export type NarrativeSection = (typeof narrativeSections)[number];
export const narrativeLabels: Record<NarrativeSection, string> = {
  "chi-dao": "Công tác chỉ đạo, điều hành cải cách hành chính",
  "ket-qua-i": "Kết quả cải cách thể chế",
  "ket-qua-ii": "Kết quả cải cách thủ tục hành chính",
  "ket-qua-iii": "Kết quả cải cách tổ chức bộ máy hành chính nhà nước",
  "ket-qua-iv": "Kết quả cải cách chế độ công vụ",
  "ket-qua-v": "Kết quả cải cách tài chính công",
  "ket-qua-vi": "Kết quả xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
  "uu-diem": "Ưu điểm, kết quả nổi bật",
  "ton-tai": "Tồn tại, hạn chế",
  "nguyen-nhan": "Nguyên nhân của tồn tại, hạn chế",
  "phuong-huong": "Phương hướng, nhiệm vụ kỳ tới",
  "kien-nghi": "Đề xuất, kiến nghị",
};

/** Safe ASCII file name of an agency's template. */
export function templateFileName(periodId: string, agencyCode: string): string {
  return `${periodId}_${agencyCode}.xlsx`;
}
