/**
 * The one table of words for every code of the model, the plan and the template: each kind of code is declared
 * here as a list (the schemas build their enums from it), with one complete `Record<Code, string>` of its
 * Vietnamese words. Every renderer, the template writer, intake's messages and the CLI take their words from here,
 * so a word changes in one place and a new code without a word does not compile. Pure data.
 */

/** Whether and when an agency's report arrived (model: agencies[].status). */
export const submissionStatuses = ["on-time", "late", "rejected", "missing"] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];
export const submissionStatusLabels: Record<SubmissionStatus, string> = {
  "on-time": "Đúng hạn",
  late: "Chậm hạn",
  rejected: "Bị từ chối",
  missing: "Chưa gửi",
};

/** "Đúng hạn" / "Chậm 3 ngày" / "Bị từ chối" / "Chưa gửi": the status with the days late, when known. */
export function submissionStatusText(a: { status: SubmissionStatus; daysLate: number | null }): string {
  if (a.status === "late" && a.daysLate !== null && a.daysLate > 0) return `Chậm ${a.daysLate} ngày`;
  return submissionStatusLabels[a.status];
}

/** The states an agency reports for a task (the template's dropdown; intake reads the words back). */
export const reportedTaskStates = ["done", "in-progress", "not-started", "not-applicable"] as const;
export type ReportedTaskState = (typeof reportedTaskStates)[number];
/** A task's state in the model: a reported state, or none reported. */
export const taskStates = [...reportedTaskStates, "not-reported"] as const;
export type TaskState = (typeof taskStates)[number];
export const taskStateLabels: Record<TaskState, string> = {
  done: "Đã hoàn thành",
  "in-progress": "Đang thực hiện",
  "not-started": "Chưa thực hiện",
  "not-applicable": "Không phát sinh trong kỳ",
  "not-reported": "Chưa báo cáo",
};

/** An agency's part in a task. */
export const taskRoles = ["lead", "coordinate"] as const;
export type TaskRole = (typeof taskRoles)[number];
export const taskRoleLabels: Record<TaskRole, string> = { lead: "Chủ trì", coordinate: "Phối hợp" };

/** Whether a target of the plan is reached. */
export const verdicts = ["met", "not-met", "no-data"] as const;
export type Verdict = (typeof verdicts)[number];
export const verdictLabels: Record<Verdict, string> = {
  met: "Đạt",
  "not-met": "Chưa đạt",
  "no-data": "Chưa có số liệu",
};

/** How much a finding weighs: error (a person must fix it), warning, info (only noted). */
export const severities = ["error", "warning", "info"] as const;
export type Severity = (typeof severities)[number];
export const severityLabels: Record<Severity, string> = { error: "Lỗi", warning: "Cảnh báo", info: "Ghi chú" };

/** Where the time a file was received comes from; the words follow the date: "20/03/2025 (theo sổ nhận)". */
export const receiptSources = ["ledger", "first-seen", "file-time"] as const;
export type ReceiptSource = (typeof receiptSources)[number];
export const receiptSourceLabels: Record<ReceiptSource, string> = {
  ledger: "theo sổ nhận",
  "first-seen": "theo lần đầu chương trình thấy tệp",
  "file-time": "theo thời gian của tệp",
};

/** The administrative level of an agency. */
export const levels = ["tinh", "huyen", "xa"] as const;
export type Level = (typeof levels)[number];
export const levelLabels: Record<Level, string> = { tinh: "Cấp tỉnh", huyen: "Cấp huyện", xa: "Cấp xã" };

/** What an indicator's value is. */
export const indicatorTypes = ["count", "amount", "percent", "text"] as const;
export type IndicatorType = (typeof indicatorTypes)[number];
export const indicatorTypeLabels: Record<IndicatorType, string> = {
  count: "Số đếm",
  amount: "Giá trị số",
  percent: "Tỷ lệ %",
  text: "Chữ",
};

/** How an indicator adds up across agencies. */
export const aggregates = ["sum", "ratio", "single", "none"] as const;
export type Aggregate = (typeof aggregates)[number];
export const aggregateLabels: Record<Aggregate, string> = {
  sum: "Cộng",
  ratio: "Tỷ lệ từ tổng tử số và mẫu số",
  single: "Một cơ quan báo cáo",
  none: "Không cộng",
};

/** The shape of a target of the plan. */
export const targetKinds = [
  "threshold",
  "threshold-by-level",
  "growing",
  "baseline-change",
  "rank",
  "qualitative",
] as const;
export type TargetKind = (typeof targetKinds)[number];
export const targetKindLabels: Record<TargetKind, string> = {
  threshold: "Ngưỡng",
  "threshold-by-level": "Ngưỡng theo cấp",
  growing: "Tăng dần theo năm",
  "baseline-change": "Thay đổi so với năm gốc",
  rank: "Thứ hạng",
  qualitative: "Định tính",
};

/** Which reports count as on time: those received on the due day too, or only before it. */
export const dueRules = ["on-or-before", "before"] as const;
export type DueRule = (typeof dueRules)[number];
export const dueRuleLabels: Record<DueRule, string> = {
  "on-or-before": "Đến hết ngày hạn",
  before: "Trước ngày hạn",
};

/** "CD", the area of indicators that is not one of the plan's six areas I–VI. */
export const CD_AREA_NAME = "Công tác chỉ đạo, điều hành";

/** The agency's information fields (the template's "Thông tin" sheet), with their words as the sheet writes them. */
export const infoFields = ["agency-name", "reporter", "phone", "email", "doc-number", "doc-date"] as const;
export type InfoField = (typeof infoFields)[number];
export const infoFieldLabels: Record<InfoField, string> = {
  "agency-name": "Tên cơ quan báo cáo",
  reporter: "Người lập báo cáo (họ và tên, chức vụ)",
  phone: "Số điện thoại liên hệ",
  email: "Thư điện tử liên hệ",
  "doc-number": "Số, ký hiệu văn bản báo cáo của cơ quan",
  "doc-date": "Ngày ban hành văn bản báo cáo",
};

/** Narrative sections of an agency's report (the template's "Đánh giá" sheet), in the outline's order. */
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

/** Each code of a kind with its word, in the kind's order (for lists and dropdowns). */
export function labelledCodes<C extends string>(codes: readonly C[], labels: Record<C, string>): [C, string][] {
  return codes.map((c) => [c, labels[c]]);
}
