import type { Workbook } from "exceljs";
import { indicatorsForAgency, reportsFor, tasksForAgency, tasksTakenOverFrom } from "../plan/plan.js";
import { formatTextDate } from "../vn/format.js";
import { holdersOn } from "../plan/succession.js";
import { SHEET_MARKER_PREFIX, sheetNames } from "../intake/template-layout.js";
import { align, estimateHeight, font, margins, printScale } from "./style.js";
import { deadlineText, windowText } from "./wording.js";
import type { TemplateContext } from "./template-context.js";

const WIDTH = 85;

/** The guide sheet's paragraphs: [text, kind]. Pure, so the cover note and tests can reuse it. */
export function guideParagraphs(
  ctx: TemplateContext,
): { text: string; kind: "title" | "subtitle" | "heading" | "body" }[] {
  const { plan, period, agency } = ctx;
  const s = plan.settings;
  const tasks = tasksForAgency(plan, agency.code, period);
  const nInd = indicatorsForAgency(plan, agency).length;
  const q = (id: keyof typeof sheetNames): string => `"${sheetNames[id]}"`;
  const out: { text: string; kind: "title" | "subtitle" | "heading" | "body" }[] = [];
  const add = (kind: "title" | "subtitle" | "heading" | "body", text: string): void => {
    out.push({ kind, text });
  };
  add("title", "HƯỚNG DẪN ĐIỀN VÀ GỬI BIỂU MẪU BÁO CÁO");
  add("subtitle", `Kết quả thực hiện công tác cải cách hành chính ${period.label}`);
  add("subtitle", `Cơ quan báo cáo: ${agency.name}`);

  add("heading", "1. Kỳ báo cáo và thời hạn gửi");
  add("body", `- Kỳ báo cáo: ${period.label}.`);
  add(
    "body",
    `- Thời gian chốt số liệu: ${windowText(period)}${period.cumulative ? " (các số liệu lũy kế tính từ đầu kỳ chốt số liệu)" : ""}.`,
  );
  add("body", `- Thời hạn gửi biểu mẫu đã điền về ${s.issuingBodyName}: ${deadlineText(period)}.`);
  // an agency split among several successors: each reports only the part of its work it took over
  const sharers = (code: string): string[] =>
    holdersOn(plan.agencies, code, period.due).filter((c) => c !== agency.code);
  const nameOf = (code: string): string => plan.agencies.find((a) => a.code === code)?.name ?? code;
  const reported = reportsFor(plan, agency.code, period);
  const ended = reported.filter((a) => sharers(a.code).length === 0);
  for (const a of reported.filter((x) => sharers(x.code).length > 0)) {
    const others = sharers(a.code).map(nameOf).join(", ");
    add(
      "body",
      `- ${a.name} (kết thúc hoạt động ngày ${formatTextDate(a.validTo ?? "")}) được chia tách cho ${agency.name} và ${others}. ` +
        `${agency.name} báo cáo thay cho ${a.name} phần công việc mình tiếp nhận: số liệu tính cho toàn bộ thời gian chốt số liệu, ${windowText(period)}, ` +
        `gồm cả số liệu của phần việc đó trước ngày tiếp nhận. Phần việc do ${others} tiếp nhận thì ${others} báo cáo; không báo cáo trùng. ` +
        `Cột "Kỳ trước" của trang ${q("figures")} không gồm số liệu của ${a.name}, vì số liệu đó không chia được cho từng cơ quan tiếp nhận.`,
    );
  }
  if (ended.length > 0) {
    const who = ended.map((a) => `${a.name} (kết thúc hoạt động ngày ${formatTextDate(a.validTo ?? "")})`).join(", ");
    const them = ended.length > 1 ? "các cơ quan này" : "cơ quan này";
    add(
      "body",
      `- Cơ quan đã tiếp nhận ${who} nên báo cáo thay cho ${them}: số liệu tính cho toàn bộ thời gian chốt số liệu, ${windowText(period)}, ` +
        `gồm cả số liệu của ${them} trước ngày tiếp nhận.`,
    );
  }
  const from = tasksTakenOverFrom(plan, agency.code, period);
  if (from.length > 0) {
    add(
      "body",
      `- Các nhiệm vụ của ${from.map((a) => a.name).join(", ")} theo Kế hoạch được chuyển cho cơ quan từ ngày sau khi tiếp nhận${
        from.some((a) => sharers(a.code).length > 0)
          ? ` (nhiệm vụ của cơ quan được chia tách cũng được giao cho ${[
              ...new Set(from.flatMap((a) => sharers(a.code))),
            ]
              .map(nameOf)
              .join(", ")}; mỗi cơ quan báo cáo phần việc của mình)`
          : ""
      } và có trong trang ${q("tasks")}.`,
    );
  }
  const combined = ctx.options.previousFrom ?? [];
  if (combined.length > 0) {
    add(
      "body",
      `- Cột "Kỳ trước" của trang ${q("figures")} gồm cả số liệu kỳ trước của ${combined.join(", ")} (số lượng được cộng; tỷ lệ tính lại từ tổng các thành phần).`,
    );
  }

  add("heading", "2. Nội dung cần điền");
  add(
    "body",
    "- Chỉ điền vào các ô nền vàng; các ô khác đã được khóa. Khi chọn một ô cần điền, chương trình Excel hiện gợi ý cách nhập.",
  );
  add(
    "body",
    `- Trang ${q("info")}: người lập báo cáo, số điện thoại, thư điện tử; số, ký hiệu và ngày ban hành văn bản báo cáo của cơ quan.`,
  );
  add(
    "body",
    `- Trang ${q("tasks")}: ${tasks.lead.length} nhiệm vụ cơ quan chủ trì và ${tasks.coordinate.length} nhiệm vụ cơ quan phối hợp theo ${plan.meta.name}. ` +
      "Với mỗi nhiệm vụ, chọn tình trạng thực hiện trong danh sách; ghi kết quả đạt được trong kỳ, số và ngày văn bản hoặc sản phẩm đã ban hành, khó khăn, vướng mắc (nếu có).",
  );
  add(
    "body",
    `- Trang ${q("figures")}: ${nInd} chỉ tiêu số liệu. Chỉ nhập số, không gõ chữ, đơn vị hay dấu %; không phát sinh thì nhập 0; ` +
      "chỉ để trống khi cơ quan không có số liệu và ghi lý do ở cột Ghi chú. Chỉ tiêu có dấu (*) là bắt buộc.",
  );
  add(
    "body",
    `- Trang ${q("assessment")}: đánh giá công tác chỉ đạo, điều hành; kết quả từng lĩnh vực; ưu điểm, tồn tại, hạn chế và nguyên nhân; phương hướng kỳ tới; đề xuất, kiến nghị.`,
  );
  add(
    "body",
    "- Biểu mẫu tự kiểm tra khi nhập: cột Kiểm tra bên phải mỗi trang ghi lỗi và cảnh báo của từng dòng; ô sai được tô đỏ (lỗi) hoặc vàng cam (cảnh báo). " +
      `Dòng đầu trang ${q("info")} cho biết cả biểu mẫu còn bao nhiêu lỗi. Hãy sửa hết lỗi trước khi gửi; khi trang ghi "Không còn lỗi: có thể gửi" là biểu mẫu đã đạt.`,
  );

  add("heading", "3. Cách gửi");
  add("body", `- ${s.submission.how}`);
  add(
    "body",
    "- Gửi đúng tệp Excel (.xlsx) này sau khi điền, có thể kèm văn bản báo cáo đã ký; không chuyển sang định dạng khác (.xls, .pdf, ảnh chụp).",
  );

  add("heading", "4. Liên hệ khi cần hỗ trợ");
  add("body", `- ${s.contact.unit}${s.contact.person ? `; ${s.contact.person}` : ""}.`);
  add("body", `- Điện thoại: ${s.contact.phone}; thư điện tử: ${s.contact.email}.`);

  add("heading", "5. Lưu ý");
  add(
    "body",
    "- Không đổi tên, không xóa cột mã ẩn (cột A), hàng mã ẩn và các trang ẩn: chương trình tổng hợp dựa vào các mã này để đọc số liệu.",
  );
  add(
    "body",
    "- Khi sao chép từ tệp khác, hãy dán giá trị (Paste Special > Values) để giữ nguyên định dạng và kiểm tra của ô.",
  );
  add("body", "- Nếu cần trình bày thêm, ghi ở cột Ghi chú hoặc trang Đánh giá; không thêm trang tính hay hàng mới.");
  return out;
}

export function addGuideSheet(wb: Workbook, ctx: TemplateContext): void {
  const s = ctx.plan.settings;
  const ws = wb.addWorksheet(sheetNames.guide, {
    pageSetup: {
      paperSize: 9,
      orientation: "portrait",
      scale: printScale([WIDTH], false),
      margins,
    },
  });
  ws.getColumn(1).hidden = true;
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = WIDTH;
  ws.getColumn(2).font = font(13);
  ws.getCell("A1").value = `${SHEET_MARKER_PREFIX}guide`;
  const put = (row: number, text: string, size: number, bold: boolean, center: boolean, italic = false): void => {
    const c = ws.getCell(row, 2);
    c.value = text;
    c.font = font(size, { bold, italic });
    c.alignment = align(center ? "center" : "left", "top", true);
    ws.getRow(row).height = estimateHeight([{ text, width: WIDTH, size }]);
  };
  put(1, s.parentBody, 12, false, false);
  put(2, s.issuingBody, 12, true, false);
  let r = 4;
  for (const p of guideParagraphs(ctx)) {
    if (p.kind === "heading") r++;
    if (p.kind === "title") put(r, p.text, 14, true, true);
    else if (p.kind === "subtitle") put(r, p.text, 13, true, true);
    else if (p.kind === "heading") put(r, p.text, 13, true, false);
    else put(r, p.text, 13, false, false);
    r++;
  }
  ws.views = [{ state: "normal", showGridLines: false, activeCell: "B1" }];
  ws.pageSetup.printArea = `B$1:B$${r - 1}`;
}
