import type { IntakeCode } from "./intake-codes.js";
import { describeNumber, formatNumber, formatShortDate } from "../vn/format.js";
import {
  infoFieldLabels,
  narrativeLabels,
  reportedTaskStates,
  taskStateLabels,
  type InfoField,
  type NarrativeSection,
} from "../vn/labels.js";
import type { Audience, ProblemArgs as Args, Wording } from "./args.js";

/**
 * Vietnamese wording of intake findings (codes and their severities in intake-codes.ts). Each message says what is
 * wrong and what to do. Where the finding sits (sheet, cell) is shown beside the message, not inside it.
 *
 * Common args: row/id/name/column (what the row is, see labelOf), found (the value as it is in the file),
 * value (the value understood), expected (what the cell should hold).
 */

const s = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
/** A number in Vietnamese style (one of 21 digits or more by its length); anything else as text. */
const n = (v: unknown): string => (typeof v === "number" ? describeNumber(v, 4) : s(v));
const date = (v: unknown): string =>
  typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatShortDate(v) : s(v);
const q = (v: unknown): string => `“${s(v)}”`;
const taskColumnLabels: Record<string, string> = {
  status: "Tình trạng thực hiện",
  result: "Kết quả đạt được trong kỳ",
  doc: "Văn bản, sản phẩm đã ban hành",
  "doc-date": "Ngày ban hành",
  difficulties: "Khó khăn, vướng mắc, đề xuất",
};

/** Headers of the input columns, per sheet id (as the template writes them). */
const columnLabels: Record<string, Record<string, string>> = {
  info: { value: "Thông tin" },
  tasks: taskColumnLabels,
  figures: { value: "Kỳ này", note: "Ghi chú" },
  assessment: { value: "Đánh giá của cơ quan" },
};

/** What a row is, from structured args: row ("ind" | "task" | "info" | "text"), id, name, column. */
export function labelOf(a: Args): string {
  const id = s(a.id);
  switch (a.row) {
    case "ind":
      return a.column === "note" ? `Ghi chú của chỉ tiêu ${q(a.name || id)}` : `Chỉ tiêu ${q(a.name || id)}`;
    case "task": {
      const col = a.column ? taskColumnLabels[s(a.column)] : undefined;
      return `Nhiệm vụ số ${id}${col ? ` (cột ${q(col)})` : ""}`;
    }
    case "info":
      return `Mục ${q(infoFieldLabels[id as InfoField] ?? id)}`;
    case "text":
      return `Mục ${q(narrativeLabels[id as NarrativeSection] ?? id)}`;
    default:
      return "";
  }
}
/** What a cell of a given value type should hold (args.type, args.max). */
function expectedOf(a: Args): string {
  switch (a.type) {
    case "count":
      return "một số nguyên không âm";
    case "amount":
      return "một số không âm";
    case "percent":
      return `tỷ lệ phần trăm từ 0 đến ${n(a.max ?? 100)}`;
    case "date":
      return "ngày dạng dd/mm/yyyy";
    case "status":
      return `tình trạng thực hiện (chọn một trong: ${statusChoices})`;
    default:
      return "nội dung";
  }
}
const exampleOf = (a: Args): string =>
  a.type === "count"
    ? ", ví dụ 1.234"
    : a.type === "amount"
      ? ", ví dụ 1.234,5"
      : a.type === "percent"
        ? ", ví dụ 97,5 (không gõ dấu %)"
        : "";
const isNumeric = (a: Args): boolean => a.type === "count" || a.type === "amount" || a.type === "percent";
const statusChoices = reportedTaskStates.map((st) => q(taskStateLabels[st])).join(", ");

/** The row's label as a sentence start: "Chỉ tiêu “X”: ". */
const lead = (a: Args): string => {
  const l = labelOf(a);
  return l ? `${l}: ` : "";
};
const encodingName = (v: unknown): string => (v === "tcvn3" ? "TCVN3 (ABC)" : v === "vni" ? "VNI" : s(v));
const reSave = "Hãy mở biểu mẫu bằng Excel, lưu dưới dạng Excel Workbook (.xlsx) rồi gửi lại.";
const useTemplate =
  "Hãy điền vào đúng biểu mẫu Sở Nội vụ đã phát hành cho cơ quan mình (không sao chép sang tệp khác, không xóa các hàng, cột, trang ẩn) rồi gửi lại.";

export const intakeMessages: Record<IntakeCode, Wording> = {
  // ——— the file could not be read ———
  "intake.file-empty": () =>
    "Tệp rỗng (0 byte), có thể do tải lên hoặc đính kèm bị lỗi. Hãy gửi lại tệp Excel đã điền.",
  "intake.file-not-zip": () => `Tệp không phải là bảng tính Excel (.xlsx). ${reSave}`,
  "intake.file-corrupt": () =>
    "Tệp bị hỏng hoặc không đầy đủ (có thể tải về hoặc đính kèm chưa xong). Hãy mở thử bằng Excel: nếu mở được, lưu lại rồi gửi lại; nếu không, gửi lại tệp gốc.",
  "intake.file-encrypted": () =>
    "Tệp được đặt mật khẩu mở nên không đọc được. Hãy mở tệp bằng Excel, gỡ mật khẩu (File > Info > Protect Workbook > Encrypt with Password, xóa mật khẩu) rồi lưu lại và gửi lại.",
  "intake.file-xls": () =>
    "Tệp ở định dạng Excel 97-2003 (.xls) và không chuyển đổi được sang .xlsx để đọc. Hãy mở tệp bằng Excel, chọn File > Save As > Excel Workbook (.xlsx) rồi gửi lại.",
  "intake.file-ods": () =>
    "Tệp ở định dạng OpenDocument (.ods) và không chuyển đổi được sang .xlsx để đọc. Hãy lưu lại dưới dạng Excel 2007-365 (.xlsx) rồi gửi lại.",
  "intake.file-not-xlsx": () =>
    `Tệp là tệp nén nhưng không phải bảng tính Excel (có thể là tệp Word hoặc tệp nén khác). ${reSave}`,
  "intake.file-zip-bomb": () =>
    "Tệp khi giải nén vượt quá giới hạn an toàn nên đã bị từ chối để bảo vệ máy. Hãy kiểm tra lại tệp (có thể không phải biểu mẫu, hoặc bị lỗi) rồi gửi lại biểu mẫu đã điền.",
  "intake.file-zip-duplicate": () =>
    `Tệp có hai phần cùng tên bên trong, điều mà Excel không bao giờ tạo ra: tệp đã bị một công cụ khác sửa hoặc ghép, và không biết phần nào là thật, nên không đọc. ${reSave}`,
  "intake.file-unreadable": () => `Không đọc được tệp. ${reSave}`,
  "intake.file-broken-link": () =>
    "Đây là lối tắt (liên kết) trỏ tới một tệp không còn tồn tại, nên không có gì để đọc; tệp được bỏ qua, các tệp khác vẫn được kiểm tra. Hãy chép chính tệp báo cáo vào thư mục nhận thay cho lối tắt.",
  "intake.file-link-loop": () =>
    "Đây là lối tắt (liên kết) trỏ vòng về chính nó, nên không đọc được; tệp được bỏ qua, các tệp khác vẫn được kiểm tra. Hãy xóa lối tắt và chép chính tệp báo cáo vào thư mục nhận.",
  "intake.file-no-access": () =>
    "Máy không có quyền đọc tệp này, nên tệp được bỏ qua, các tệp khác vẫn được kiểm tra. Hãy cấp quyền đọc tệp (hoặc chép lại tệp vào thư mục nhận) rồi chạy lại.",
  "intake.file-read-failed": (a) =>
    `Máy không đọc được tệp này${a.detail ? ` (lỗi hệ thống ${s(a.detail)})` : ""}, nên tệp được bỏ qua, các tệp khác vẫn được kiểm tra. Hãy kiểm tra ổ đĩa (hoặc kết nối tới thư mục dùng chung) rồi chạy lại.`,

  // ——— not a usable template ———
  "intake.not-template": () =>
    `Tệp không phải biểu mẫu báo cáo cải cách hành chính do Sở Nội vụ phát hành (không có các mã nhận diện của biểu mẫu). ${useTemplate}`,
  "intake.meta-missing": () =>
    `Biểu mẫu mất trang thông tin ẩn (_meta) nên không xác định được kỳ báo cáo và cơ quan. ${useTemplate}`,
  "intake.unknown-format-version": (a) =>
    `Biểu mẫu có phiên bản định dạng ${q(a.found)}, chương trình chỉ đọc được phiên bản ${s(a.expected)}. Hãy tải biểu mẫu mới của kỳ này, chép số liệu sang rồi gửi lại.`,
  "intake.other-plan": (a) =>
    `Biểu mẫu thuộc kế hoạch ${q(a.found)}, không phải kế hoạch đang tổng hợp (${q(a.expected)}). Hãy tải biểu mẫu của kỳ này, chép số liệu sang rồi gửi lại.`,
  "intake.other-period": (a) =>
    `Biểu mẫu dành cho kỳ ${s(a.foundLabel) || q(a.found)}${a.foundLabel ? ` (${s(a.found)})` : ""}, không phải kỳ đang kiểm tra là ${s(a.expectedLabel)} (${s(a.expected)}). ` +
    `Hãy tải biểu mẫu đúng kỳ ${s(a.expectedLabel)}, chép số liệu sang rồi gửi lại.` +
    (a.foundLabel
      ? ` Nếu cơ quan gửi báo cáo ${s(a.foundLabel)}, báo cáo đó được tiếp nhận vào kỳ ${s(a.foundLabel)}.`
      : ""),
  "intake.unknown-agency": (a) =>
    `Mã cơ quan ${q(a.found)} ghi trong biểu mẫu không có trong danh mục cơ quan báo cáo. ${useTemplate}`,

  "intake.identity-agency": (a) =>
    `Biểu mẫu ghi tên cơ quan ${q(a.shown)} (trang ${q(a.sheet)}, ô ${s(a.cell)}), nhưng phần nhận diện ẩn của biểu mẫu (trang ${q(a.metaSheet)}, ô ${s(a.metaCell)}) là của ${s(a.metaName)}. ` +
    `Không xác định được cơ quan nào gửi nên tệp không được dùng. Hãy tải đúng biểu mẫu của cơ quan mình, chép số liệu sang rồi gửi lại.`,
  "intake.identity-period": (a) =>
    `Biểu mẫu ghi kỳ báo cáo ${q(a.shown)} (trang ${q(a.sheet)}, ô ${s(a.cell)}), nhưng phần nhận diện ẩn của biểu mẫu (trang ${q(a.metaSheet)}, ô ${s(a.metaCell)}) là kỳ ${s(a.metaLabel)}. ` +
    `Không xác định được báo cáo thuộc kỳ nào nên tệp không được dùng. Hãy tải đúng biểu mẫu của kỳ cần báo cáo, chép số liệu sang rồi gửi lại.`,

  // ——— file-level notes ———
  "intake.converted": (a) =>
    `Tệp ${s(a.format) === "ods" ? "OpenDocument (.ods)" : "Excel 97-2003 (.xls)"} đã được chuyển sang .xlsx để đọc. Lần sau hãy lưu dưới dạng Excel Workbook (.xlsx).`,
  "intake.agency-mismatch": (a) =>
    `Biểu mẫu là của ${s(a.metaName)} (mã ${s(a.meta)}), nhưng ${a.source === "option" ? "tệp được nhận là báo cáo của" : `tên tệp ${q(a.fileName)} chỉ`} ${s(a.hintName)} (mã ${s(a.hint)}). ` +
    `Số liệu được tính cho ${s(a.metaName)} theo thông tin trong biểu mẫu; nếu ${s(a.hintName)} gửi nhầm biểu mẫu, hãy tải đúng biểu mẫu của cơ quan mình, chép số liệu sang và gửi lại.`,
  "intake.agency-not-expected": (a) =>
    `${s(a.name)} không thuộc danh sách cơ quan phải báo cáo ${s(a.periodLabel)} (theo thời gian hiệu lực trong danh mục cơ quan). Số liệu vẫn được đọc; hãy kiểm tra lại danh mục cơ quan nếu cần.`,
  "intake.fingerprint-changed": () =>
    "Biểu mẫu được phát hành trước khi danh mục nhiệm vụ, chỉ số hoặc cơ quan được cập nhật. Số liệu vẫn được đọc theo mã; dòng nào biểu mẫu cũ không có sẽ được báo thiếu. Lần sau hãy dùng biểu mẫu mới.",
  "intake.duplicate-content": (a) =>
    `Tệp có nội dung giống hệt tệp ${q(a.other)} đã có trong thư mục nhận; có thể xóa bớt một tệp.`,
  "intake.received-before-window": (a) =>
    `Tệp được nhận ngày ${date(a.receivedOn)}, trước khi thời gian chốt số liệu ${s(a.periodLabel)} bắt đầu (${date(a.windowFrom)} – ${date(a.windowTo)}), nên số liệu chưa thể phản ánh đủ kỳ báo cáo. Hãy kiểm tra lại biểu mẫu có đúng kỳ không; nếu đúng, hãy gửi lại số liệu sau ngày ${date(a.windowTo)}.`,
  "intake.changed-after-receipt": (a) =>
    `Tệp trong thư mục nhận đã bị sửa sau khi nhận (mã băm khác với sổ nhận, lần nhận trước lúc ${s(a.previousReceivedAt)}). Chương trình ghi nhận đây là một lần nhận mới; không nên sửa trực tiếp tệp đã nhận.`,

  // ——— structure ———
  "intake.sheet-missing": (a) =>
    `Không tìm thấy trang ${q(a.name)} của biểu mẫu (trang đã bị xóa hoặc mất mã nhận diện ở ô A1); các mục của trang này coi như chưa báo cáo. ${useTemplate}`,
  "intake.sheet-duplicate": (a) =>
    `Trang này là bản sao của trang ${q(a.first)}; chỉ trang ${q(a.first)} được đọc. Hãy điền vào một trang duy nhất và xóa bản sao.`,
  "intake.cols-missing": () =>
    `Trang mất hàng mã cột ẩn (ô “#cols”) nên không đọc được; các mục của trang này coi như chưa báo cáo. ${useTemplate}`,
  "intake.column-missing": (a) =>
    `Trang thiếu cột ${q(columnLabels[s(a.sheetId)]?.[s(a.column)] ?? a.column)} (mã cột “${s(a.column)}” đã bị xóa); các giá trị của cột này coi như chưa báo cáo. ${useTemplate}`,
  "intake.row-missing": (a) =>
    `${lead(a)}không tìm thấy dòng này (dòng đã bị xóa hoặc mất mã ở cột ẩn A), coi như chưa báo cáo. Hãy chép lại dòng này từ biểu mẫu gốc.`,
  "intake.row-duplicate": (a) =>
    `${lead(a)}dòng có mã “${s(a.key)}” xuất hiện lần nữa; chỉ dòng đầu tiên (ô ${s(a.first)}) được đọc. Hãy xóa dòng trùng.`,
  "intake.unknown-key": (a) => `Dòng có mã “${s(a.key)}” không có trong kế hoạch hiện hành nên không được đọc.`,

  // ——— cells: conversions ———
  "intake.legacy-text": (a) =>
    `${lead(a)}chữ gõ bằng bảng mã ${encodingName(a.encoding)}${a.font ? `, phông ${s(a.font)},` : ""} đã được chuyển sang Unicode: ${q(a.found)} → ${q(a.value)}. Hãy kiểm tra lại; lần sau hãy gõ bằng bảng mã Unicode với phông Times New Roman.`,
  "intake.invalid-chars": (a) =>
    `${lead(a)}nội dung có ký tự điều khiển hoặc ký tự hỏng (${s(a.chars)}) mà văn bản Word, Excel không chứa được, thường do dán từ phần mềm khác hoặc biểu tượng bị cắt đôi; các ký tự này đã được bỏ đi, phần còn lại vẫn được đọc. Hãy kiểm tra lại nội dung ô.`,
  "intake.nfd-text": (a) =>
    `${lead(a)}chữ dạng Unicode tổ hợp đã được chuẩn hóa sang Unicode dựng sẵn; nội dung không đổi.`,
  "intake.number-as-text": (a) =>
    `${lead(a)}số được gõ dạng chữ ${q(a.found)}, đã hiểu là ${n(a.value)}${a.percent ? "%" : ""}. Hãy kiểm tra lại; lần sau hãy nhập số trực tiếp (không gõ dấu nháy ', không định dạng ô là Text).`,
  "intake.date-serial": (a) =>
    `${lead(a)}ngày được nhập dạng số ${q(a.found)}, đã hiểu là ngày ${date(a.value)}. Hãy kiểm tra lại; lần sau hãy nhập ngày dạng dd/mm/yyyy.`,
  "intake.date-text": (a) => `${lead(a)}ngày được gõ dạng chữ ${q(a.found)}, đã hiểu là ngày ${date(a.value)}.`,
  "intake.formula-result": (a) =>
    `${lead(a)}ô chứa công thức =${s(a.formula)}; đã dùng kết quả tính sẵn ${n(a.value)}.`,

  // ——— cells: bad values (set aside) ———
  "intake.formula-no-result": (a) =>
    `${lead(a)}ô chứa công thức =${s(a.formula)} nhưng không có kết quả tính sẵn, nên giá trị bị bỏ qua. Hãy mở tệp bằng Excel cho công thức được tính (hoặc nhập số trực tiếp), lưu lại rồi gửi lại.`,
  "intake.error-value": (a) =>
    `${lead(a)}ô có giá trị lỗi ${s(a.found)}${a.formula ? ` (công thức =${s(a.formula)})` : ""}, nên giá trị bị bỏ qua. Hãy sửa công thức (ví dụ chia cho 0, tham chiếu đã xóa) hoặc nhập số trực tiếp.`,
  "intake.unreadable-value": (a) =>
    `${lead(a)}giá trị lưu trong tệp ${q(a.found)}${a.formula ? ` (công thức =${s(a.formula)})` : ""} không đọc được thành một số hay một ngày hợp lệ (tệp có thể do phần mềm khác ghi không đúng chuẩn), nên giá trị bị bỏ qua. Hãy nhập lại ô này bằng Excel, lưu rồi gửi lại.`,
  "intake.not-a-number": (a) =>
    `${lead(a)}${q(a.found)} không phải là số, nên giá trị bị bỏ qua. Cần nhập ${expectedOf(a)}${exampleOf(a)}.`,
  "intake.negative": (a) =>
    `${lead(a)}số âm ${n(a.value)} không hợp lệ, nên giá trị bị bỏ qua. Cần nhập số không âm (không phát sinh thì ghi 0).`,
  "intake.not-integer": (a) =>
    `${lead(a)}${n(a.value)} không phải số nguyên, nên giá trị bị bỏ qua. Số ${s(a.unit) || "đơn vị"} phải là số nguyên.`,
  "intake.out-of-range": (a) =>
    `${lead(a)}${n(a.value)} nằm ngoài khoảng cho phép từ ${n(a.min)} đến ${n(a.max)}, nên giá trị bị bỏ qua.` +
    (a.percent ? " Tỷ lệ ghi theo phần trăm, ví dụ 97,5 nghĩa là 97,5%." : ""),
  "intake.status-unknown": (a) =>
    `${lead(a)}tình trạng ${q(a.found)} không có trong danh sách, nên bị bỏ qua. Hãy chọn một trong: ${statusChoices}.`,
  "intake.bad-date": (a) =>
    `${lead(a)}${q(a.found)} không phải ngày hợp lệ, nên bị bỏ qua. Hãy nhập ngày dạng dd/mm/yyyy, ví dụ 15/03/2025.`,

  // ——— cells: incomplete or doubtful ———
  "intake.required-empty": (a) =>
    `${lead(a)}chưa điền (mục bắt buộc). Hãy điền ${expectedOf(a)}${isNumeric(a) ? "; nếu không phát sinh, ghi 0" : ""}.`,
  "intake.text-too-long": (a) =>
    `${lead(a)}nội dung dài ${n(a.length)} ký tự, vượt quá ${n(a.max)} ký tự cho phép. Nội dung vẫn được đọc đủ; hãy rút gọn.`,
  "intake.bad-email": (a) =>
    `${lead(a)}${q(a.found)} không phải địa chỉ thư điện tử hợp lệ. Hãy ghi dạng ten@coquan.gov.vn.`,

  // ——— cross-field rules ———
  "intake.rule.part-exceeds-whole": (a) =>
    `${lead(a)}${n(a.value)} lớn hơn chỉ tiêu ${q(a.wholeName)} (${n(a.wholeValue)}, ô ${s(a.wholeCell)}), trong khi đây là một phần của số đó. Hãy kiểm tra lại hai số này.`,
  "intake.rule.sum-mismatch": (a) =>
    `${lead(a)}${n(a.value)} khác tổng các phần ${s(a.partsLabel)} = ${n(a.partsValue)} (ô ${s(a.partsCells)}), trong khi số này phải bằng tổng đó. Hãy kiểm tra lại các số này.`,
  "intake.rule.percent-mismatch": (a) =>
    `${lead(a)}ghi ${n(a.value)}% nhưng ${q(a.numeratorName)} / ${q(a.denominatorName)} = ${n(a.numeratorValue)} / ${n(a.denominatorValue)} = ${formatNumber(Number(a.computed), 1)}% (lệch quá ${n(a.tolerance)} điểm phần trăm). Hãy kiểm tra lại; khi tổng hợp, tỷ lệ được tính lại từ hai số này.`,
  "intake.rule.cumulative-decrease": (a) =>
    `${lead(a)}là số lũy kế từ đầu năm nhưng ${n(a.value)} thấp hơn số đã báo cáo ${s(a.earlierLabel)} (${n(a.earlierValue)}). Hãy kiểm tra lại số kỳ này; nếu số kỳ trước sai, hãy báo Sở Nội vụ để điều chỉnh.`,
  "intake.rule.done-without-result": (a) =>
    `${lead(a)}được đánh dấu “Đã hoàn thành” nhưng chưa ghi kết quả, sản phẩm. Hãy ghi kết quả (tên văn bản, sản phẩm đã hoàn thành).`,
};

/**
 * Who reads each finding (see Audience in messages.ts). Findings about the agency's file go back to the agency in its
 * feedback workbook (and a rejection's reason reaches the report); findings about the office's own inbox or registry
 * are the operator's and never leave the office.
 */
export const intakeAudiences = {
  "intake.file-empty": "agency",
  "intake.file-not-zip": "agency",
  "intake.file-corrupt": "agency",
  "intake.file-encrypted": "agency",
  "intake.file-xls": "agency",
  "intake.file-ods": "agency",
  "intake.file-not-xlsx": "agency",
  "intake.file-zip-bomb": "agency",
  "intake.file-zip-duplicate": "agency",
  "intake.file-unreadable": "agency",
  // the office's own machine could not read an inbox entry: never the agency's to fix
  "intake.file-broken-link": "operator",
  "intake.file-link-loop": "operator",
  "intake.file-no-access": "operator",
  "intake.file-read-failed": "operator",
  "intake.not-template": "agency",
  "intake.meta-missing": "agency",
  "intake.unknown-format-version": "agency",
  "intake.other-plan": "agency",
  "intake.other-period": "agency",
  "intake.identity-agency": "agency",
  "intake.identity-period": "agency",
  "intake.received-before-window": "agency",
  "intake.unknown-agency": "agency",
  "intake.converted": "agency",
  "intake.agency-mismatch": "agency",
  "intake.agency-not-expected": "operator",
  "intake.fingerprint-changed": "agency",
  "intake.duplicate-content": "operator",
  "intake.changed-after-receipt": "operator",
  "intake.sheet-missing": "agency",
  "intake.sheet-duplicate": "agency",
  "intake.cols-missing": "agency",
  "intake.column-missing": "agency",
  "intake.row-missing": "agency",
  "intake.row-duplicate": "agency",
  "intake.unknown-key": "operator",
  "intake.legacy-text": "agency",
  "intake.nfd-text": "agency",
  "intake.invalid-chars": "agency",
  "intake.number-as-text": "agency",
  "intake.date-serial": "agency",
  "intake.date-text": "agency",
  "intake.formula-result": "agency",
  "intake.formula-no-result": "agency",
  "intake.error-value": "agency",
  "intake.unreadable-value": "agency",
  "intake.not-a-number": "agency",
  "intake.negative": "agency",
  "intake.not-integer": "agency",
  "intake.out-of-range": "agency",
  "intake.status-unknown": "agency",
  "intake.bad-date": "agency",
  "intake.required-empty": "agency",
  "intake.text-too-long": "agency",
  "intake.bad-email": "agency",
  "intake.rule.part-exceeds-whole": "agency",
  "intake.rule.sum-mismatch": "agency",
  "intake.rule.percent-mismatch": "agency",
  "intake.rule.cumulative-decrease": "agency",
  "intake.rule.done-without-result": "agency",
} as const satisfies Record<IntakeCode, Audience>;

/** What the operator does on top of an agency's message: commands, options, paths (the CLI prints these only). */
export const intakeOperatorHints: Partial<Record<IntakeCode, Wording>> = {
  "intake.other-period": (a) =>
    a.foundLabel
      ? `Nếu đây là báo cáo ${s(a.foundLabel)}, hãy nhận tệp vào kỳ đó: cchc receive TỆP --period ${s(a.found)}.`
      : "",
  "intake.unknown-agency": () => "Nếu đây là cơ quan mới, thêm cơ quan vào seeds/agencies.json rồi kiểm tra lại.",
  "intake.agency-mismatch": (a) =>
    a.source === "option" ? "Cơ quan do tùy chọn --agency chỉ định; bỏ tùy chọn này nếu nhận nhầm." : "",
  "intake.file-xls": () =>
    "Cần LibreOffice (soffice trên PATH hoặc biến môi trường CCHC_SOFFICE) để tự chuyển tệp .xls.",
  "intake.file-ods": () =>
    "Cần LibreOffice (soffice trên PATH hoặc biến môi trường CCHC_SOFFICE) để tự chuyển tệp .ods.",
  "intake.converted": () => "Tệp đã được chuyển bằng LibreOffice.",
  "intake.file-unreadable": (a) => (a.detail ? `Chi tiết kỹ thuật: ${s(a.detail)}.` : ""),
  "intake.file-zip-duplicate": (a) => (a.detail ? `Phần trùng tên trong tệp nén: ${s(a.detail)}.` : ""),
  "intake.agency-not-expected": () => "Xem thời gian hiệu lực của cơ quan trong seeds/agencies.json.",
  "intake.identity-agency": (a) =>
    a.shownCode
      ? `Tên hiển thị là của cơ quan mã ${s(a.shownCode)}; trang _meta ghi mã ${s(a.meta)}.`
      : `Trang _meta ghi mã ${s(a.meta)}.`,
  "intake.identity-period": (a) =>
    a.shownId
      ? `Nhãn kỳ hiển thị là của kỳ ${s(a.shownId)}; trang _meta ghi kỳ ${s(a.meta)}.`
      : `Trang _meta ghi kỳ ${s(a.meta)}.`,
};
