/**
 * The configuration workbook (cau-hinh.xlsx): what a specialist edits instead of seeds/*.json. One sheet per kind
 * of seed data, Vietnamese titles, the stable keys hidden as in the agency templates (intake/template-layout.ts): the sheet
 * marker "#sheet:<id>" in A1, a hidden key column A, and a hidden column-key row with "#cols" in column A. Table
 * rows carry no key (a specialist adds rows anywhere below the header); key/value sheets carry their row key in A.
 */

import {
  aggregateLabels,
  aggregates,
  dueRuleLabels,
  dueRules,
  indicatorTypeLabels,
  indicatorTypes,
  labelledCodes,
  levelLabels,
  levels,
  targetKindLabels,
  targetKinds,
} from "../vn/labels.js";

export const CONFIG_FILE_NAME = "cau-hinh.xlsx";

export const configSheetIds = [
  "cfg-guide",
  "cfg-settings",
  "cfg-plan",
  "cfg-groups",
  "cfg-agencies",
  "cfg-tasks",
  "cfg-indicators",
  "cfg-targets",
] as const;
export type ConfigSheetId = (typeof configSheetIds)[number];

export const configSheetNames: Record<ConfigSheetId, string> = {
  "cfg-guide": "Hướng dẫn",
  "cfg-settings": "Cài đặt",
  "cfg-plan": "Kế hoạch",
  "cfg-groups": "Khối",
  "cfg-agencies": "Cơ quan",
  "cfg-tasks": "Nhiệm vụ",
  "cfg-indicators": "Chỉ số",
  "cfg-targets": "Chỉ tiêu",
};

/** How a cell is read and written. */
export type ColumnType =
  | "text" // one line of text
  | "long" // text that may wrap (task wording)
  | "code" // an ASCII code
  | "codes" // codes separated by ";" "," or line breaks
  | "lines" // free texts, one per line
  | "date" // a day (dd/mm/yyyy)
  | "int"
  | "number"
  | "choice" // one of a list, shown by its Vietnamese label
  | "bool"; // Có / Không

export interface ColumnSpec {
  key: string;
  header: string;
  type: ColumnType;
  /** for "choice": the stored values with their labels */
  choices?: Choices;
  /** for "choice" columns whose list is another sheet's column (khối codes) */
  listFrom?: { sheet: ConfigSheetId; column: string };
  /** the input message of the column's cells */
  help: string;
  required?: boolean;
  /** the widest a column gets (it wraps beyond) */
  maxWidth?: number;
  /** the narrowest width, for a column usually empty when exported but filled in later (codes, e-mails) */
  minWidth?: number;
}

export type Choices = readonly (readonly [value: string, label: string])[];

/** The words of the lists: stored value → label. Labels hold no comma (Excel list validations split at commas). */
export const choices = {
  level: labelledCodes(levels, levelLabels),
  indicatorType: labelledCodes(indicatorTypes, indicatorTypeLabels),
  aggregate: labelledCodes(aggregates, aggregateLabels),
  indicatorArea: [
    ["CD", "CD"],
    ["I", "I"],
    ["II", "II"],
    ["III", "III"],
    ["IV", "IV"],
    ["V", "V"],
    ["VI", "VI"],
  ],
  targetArea: [
    ["I", "I"],
    ["II", "II"],
    ["III", "III"],
    ["IV", "IV"],
    ["V", "V"],
    ["VI", "VI"],
    ["all", "Chung"],
  ],
  targetKind: labelledCodes(targetKinds, targetKindLabels),
  op: [
    [">=", "Tối thiểu (≥)"],
    ["<=", "Tối đa (≤)"],
  ],
  dueRule: labelledCodes(dueRules, dueRuleLabels),
  bool: [
    ["true", "Có"],
    ["false", "Không"],
  ],
} as const satisfies Record<string, Choices>;

/** A table sheet: one record per row. */
export interface TableSpec {
  id: ConfigSheetId;
  title: string;
  note: string;
  columns: ColumnSpec[];
}

const col = (
  key: string,
  header: string,
  type: ColumnType,
  help: string,
  extra: Partial<ColumnSpec> = {},
): ColumnSpec => ({ key, header, type, help, ...extra });

export const groupsTable: TableSpec = {
  id: "cfg-groups",
  title: "KHỐI CƠ QUAN VÀ CỤM TỪ NHÓM",
  note: 'Khối: các nhóm cơ quan báo cáo. Cụm từ nhóm (bảng dưới): cách Kế hoạch gọi chung nhiều cơ quan, như "Các sở, ban, ngành".',
  columns: [
    col("id", "Mã khối", "code", "Mã không dấu, chữ thường, nối bằng dấu gạch ngang, ví dụ so-nganh.", {
      required: true,
    }),
    col("name", "Tên khối", "text", "Tên đầy đủ của khối, ví dụ Sở, ban, ngành.", { required: true, maxWidth: 50 }),
    col("shortName", "Tên ngắn", "text", "Tên ngắn dùng trong bảng.", { required: true, maxWidth: 30 }),
  ],
};

export const phrasesTable: TableSpec = {
  id: "cfg-groups",
  title: "CỤM TỪ NHÓM",
  note: "",
  columns: [
    col("id", "Mã cụm từ", "text", "Bắt đầu bằng @, ví dụ @so-ban-nganh.", { required: true }),
    col("phrase", "Cụm từ", "text", "Cụm từ như Kế hoạch viết, ví dụ Các sở, ban, ngành.", {
      required: true,
      maxWidth: 45,
    }),
    col("aliases", "Cách viết khác", "lines", "Mỗi dòng một cách viết khác (Alt+Enter để xuống dòng).", {
      maxWidth: 40,
    }),
    col("groups", "Gồm các khối", "codes", "Mã các khối, cách nhau bằng dấu chấm phẩy.", { maxWidth: 30 }),
    col(
      "codes",
      "Gồm các cơ quan",
      "codes",
      "Mã các cơ quan thêm vào (ngoài các khối), cách nhau bằng dấu chấm phẩy.",
      { maxWidth: 30 },
    ),
    col("note", "Ghi chú", "text", "Ghi chú, không bắt buộc.", { maxWidth: 50 }),
  ],
};

export const agenciesTable: TableSpec = {
  id: "cfg-agencies",
  title: "CƠ QUAN BÁO CÁO",
  note: "Mỗi dòng một cơ quan. Cơ quan sáp nhập, giải thể: ghi ngày Hiệu lực đến. Cơ quan mới: thêm dòng, ghi Hiệu lực từ và, nếu có, mã các cơ quan mà cơ quan mới Tiếp nhận từ.",
  columns: [
    col(
      "code",
      "Mã",
      "code",
      "Mã không dấu, chữ thường, nối bằng dấu gạch ngang, ví dụ so-tai-chinh. Không đổi mã của cơ quan đã có.",
      { required: true },
    ),
    col("name", "Tên cơ quan", "text", "Tên đầy đủ, viết hoa theo Nghị định 30/2020, ví dụ Sở Tài chính.", {
      required: true,
      maxWidth: 42,
    }),
    col("shortName", "Tên ngắn", "text", "Tên ngắn dùng trong bảng.", { required: true, maxWidth: 34 }),
    col("abbr", "Viết tắt", "text", "Chữ viết tắt, ví dụ STC.", { required: true }),
    col("group", "Khối", "choice", "Chọn mã khối (trang Khối).", {
      required: true,
      listFrom: { sheet: "cfg-groups", column: "id" },
    }),
    col("level", "Cấp", "choice", "Chọn cấp hành chính.", { required: true, choices: choices.level }),
    col("validFrom", "Hiệu lực từ", "date", "Ngày cơ quan bắt đầu báo cáo, dạng ngày/tháng/năm.", { required: true }),
    col("validTo", "Hiệu lực đến", "date", "Ngày cuối cùng cơ quan còn hoạt động; để trống nếu còn hoạt động.", {}),
    col(
      "succeeds",
      "Tiếp nhận từ",
      "codes",
      "Mã các cơ quan mà cơ quan này tiếp nhận (sáp nhập, chia tách), cách nhau bằng dấu chấm phẩy.",
      { maxWidth: 30, minWidth: 22 },
    ),
    col("aliases", "Tên gọi khác", "lines", "Các tên khác của cơ quan trong văn bản, mỗi dòng một tên (Alt+Enter).", {
      maxWidth: 36,
    }),
    col("email", "Thư điện tử", "text", "Thư điện tử nhận biểu mẫu, không bắt buộc.", { maxWidth: 30, minWidth: 24 }),
  ],
};

export const tasksTable: TableSpec = {
  id: "cfg-tasks",
  title: "NHIỆM VỤ CỦA KẾ HOẠCH",
  note: "Các cột như phụ lục của quyết định: có thể dán nguyên bảng từ Word. Dòng lĩnh vực: cột STT ghi số La Mã (I, II…). Mục tiêu để trống khi ô gộp với dòng trên. Chỉ ghi các cột mã khi tên cơ quan hoặc thời gian không đọc được.",
  columns: [
    col("stt", "STT", "text", "Số thứ tự nhiệm vụ; dòng lĩnh vực ghi số La Mã I–VI.", { required: true }),
    col("goal", "Mục tiêu", "long", "Mục tiêu (để trống khi ô Mục tiêu gộp với dòng trên).", { maxWidth: 40 }),
    col("task", "Nhiệm vụ", "long", "Nguyên văn nhiệm vụ.", { required: true, maxWidth: 50 }),
    col("product", "Kết quả/Sản phẩm", "long", "Nguyên văn kết quả, sản phẩm.", { required: true, maxWidth: 28 }),
    col("lead", "Cơ quan chủ trì", "long", "Nguyên văn; tên cơ quan, tên ngắn, viết tắt hoặc cụm từ nhóm.", {
      required: true,
      maxWidth: 26,
    }),
    col("coordinate", "Cơ quan phối hợp", "long", "Nguyên văn; tên cơ quan, tên ngắn, viết tắt hoặc cụm từ nhóm.", {
      maxWidth: 26,
    }),
    col("time", "Thời gian hoàn thành", "text", "Ví dụ 2021-2025, Hằng năm, Năm 2023, Quý II/2022, Tháng 6/2026.", {
      required: true,
      maxWidth: 16,
    }),
    col(
      "leadCodes",
      "Mã cơ quan chủ trì (khi cần)",
      "codes",
      "Chỉ ghi khi tên chủ trì không đọc được hoặc có nhiều nghĩa: mã cơ quan hoặc mã cụm từ (@…), cách nhau bằng dấu chấm phẩy. Tên ngoài danh mục ghi nguyên văn.",
      { maxWidth: 24 },
    ),
    col(
      "coordinateCodes",
      "Mã cơ quan phối hợp (khi cần)",
      "codes",
      "Chỉ ghi khi tên phối hợp không đọc được hoặc có nhiều nghĩa. Tên ngoài danh mục ghi nguyên văn.",
      { maxWidth: 24 },
    ),
    col(
      "timeOverride",
      "Lịch thực hiện (khi cần)",
      "text",
      "Chỉ ghi khi Thời gian hoàn thành không đọc được: ví dụ 2021-2025, Hằng năm, Năm 2023, Quý II/2022, Tháng 6/2026.",
      { maxWidth: 16 },
    ),
  ],
};

export const indicatorsTable: TableSpec = {
  id: "cfg-indicators",
  title: "CHỈ SỐ CƠ QUAN BÁO CÁO",
  note: "Mỗi dòng một chỉ số của biểu mẫu. Lĩnh vực CD là công tác chỉ đạo, điều hành.",
  columns: [
    col("code", "Mã chỉ số", "code", "Mã không dấu, ví dụ ii.hs-tiep-nhan. Không đổi mã của chỉ số đã có.", {
      required: true,
      maxWidth: 30,
    }),
    col("name", "Tên chỉ số", "text", "Tên chỉ số như trên biểu mẫu.", { required: true, maxWidth: 50 }),
    col("unit", "Đơn vị tính", "text", "Ví dụ hồ sơ, văn bản, %.", { required: true, maxWidth: 14 }),
    col("area", "Lĩnh vực", "choice", "CD hoặc lĩnh vực I–VI.", { required: true, choices: choices.indicatorArea }),
    col("type", "Kiểu", "choice", "Kiểu số liệu.", { required: true, choices: choices.indicatorType }),
    col("reporterGroups", "Khối báo cáo", "codes", "Mã các khối phải báo cáo, cách nhau bằng dấu chấm phẩy.", {
      maxWidth: 28,
    }),
    col("reporterCodes", "Cơ quan báo cáo", "codes", "Mã các cơ quan phải báo cáo (ngoài các khối).", { maxWidth: 24 }),
    col("aggregate", "Cách cộng", "choice", "Cách cộng số liệu toàn tỉnh.", {
      required: true,
      choices: choices.aggregate,
    }),
    col("numerator", "Tử số", "code", "Với cách cộng tỷ lệ: mã chỉ số tử số.", { maxWidth: 24 }),
    col("denominator", "Mẫu số", "code", "Với cách cộng tỷ lệ: mã chỉ số mẫu số.", { maxWidth: 24 }),
    col("partOf", "Là phần của", "codes", "Mã các chỉ số mà chỉ số này không được lớn hơn.", { maxWidth: 24 }),
    col(
      "sumOf",
      "Bằng tổng của",
      "lines",
      "Mỗi dòng một cách chia: mã các phần cộng lại phải bằng đúng chỉ số này, nối bằng dấu +, ví dụ ii.hs-truoc-han + ii.hs-dung-han + ii.hs-qua-han.",
      { maxWidth: 36 },
    ),
    col("cumulative", "Lũy kế", "bool", "Có: số liệu cộng dồn từ đầu năm.", { choices: choices.bool }),
    col("required", "Bắt buộc", "bool", "Có: cơ quan phải điền.", { choices: choices.bool }),
    col("min", "Giá trị nhỏ nhất", "number", "Không bắt buộc; để trống: mặc định theo kiểu (0).", {}),
    col("max", "Giá trị lớn nhất", "number", "Không bắt buộc; để trống: mặc định theo kiểu.", {}),
    col("help", "Hướng dẫn điền", "text", "Không bắt buộc; hiện khi cơ quan chọn ô.", { maxWidth: 40 }),
  ],
};

export const targetsTable: TableSpec = {
  id: "cfg-targets",
  title: "CHỈ TIÊU CỦA KẾ HOẠCH",
  note: "Mỗi chỉ tiêu một dòng; chỉ tiêu theo cấp (Ngưỡng theo cấp, Tăng dần theo năm) thêm một dòng cho mỗi cấp, ghi lại Mã chỉ tiêu và chỉ điền các cột của cấp. Chỉ số: một chỉ số; hoặc Tử số và Mẫu số: tỷ lệ tính từ tổng các phần.",
  columns: [
    col("id", "Mã chỉ tiêu", "code", "Mã không dấu; dòng của các cấp ghi lại mã này.", {
      required: true,
      maxWidth: 26,
    }),
    col("area", "Lĩnh vực", "choice", "Lĩnh vực I–VI, hoặc Chung.", { choices: choices.targetArea }),
    col("text", "Nội dung chỉ tiêu", "long", "Nguyên văn chỉ tiêu.", { maxWidth: 50 }),
    col("tasks", "Nhiệm vụ liên quan (STT)", "codes", "Số thứ tự các nhiệm vụ, cách nhau bằng dấu chấm phẩy.", {
      maxWidth: 16,
    }),
    col("kind", "Dạng", "choice", "Dạng chỉ tiêu.", { choices: choices.targetKind }),
    col("op", "So sánh", "choice", "Tối thiểu (≥) hoặc tối đa (≤).", { choices: choices.op }),
    col("level", "Cấp", "choice", "Với chỉ tiêu theo cấp.", { choices: choices.level }),
    col("label", "Tên cấp", "text", "Ví dụ cấp tỉnh.", { maxWidth: 14 }),
    col("indicator", "Chỉ số", "code", "Mã chỉ số đo chỉ tiêu (hoặc ghi Tử số và Mẫu số).", { maxWidth: 24 }),
    col("numerator", "Tử số", "code", "Mã chỉ số tử số.", { maxWidth: 24 }),
    col("denominator", "Mẫu số", "code", "Mã chỉ số mẫu số.", { maxWidth: 24 }),
    col("groups", "Chỉ tính khối", "codes", "Mã các khối được tính, để trống: mọi cơ quan.", { maxWidth: 16 }),
    col("value", "Giá trị cần đạt", "number", "Ngưỡng (%) hoặc thứ hạng tối đa.", {}),
    col("byYear", "Năm phải đạt", "int", "Năm phải đạt chỉ tiêu.", {}),
    col("baseYear", "Năm gốc", "int", "Năm làm gốc so sánh.", {}),
    col("base", "Giá trị năm gốc", "number", "Giá trị của năm gốc; để trống khi chưa có.", {}),
    col("step", "Tăng mỗi năm", "number", "Điểm phần trăm tăng mỗi năm.", {}),
    col("cap", "Mức tối đa", "number", "Mức không vượt quá, ví dụ 100.", {}),
    col("changePercent", "Thay đổi so với năm gốc (%)", "number", "Ví dụ -10 là giảm 10%.", {}),
    col("baselineSource", "Nguồn số liệu năm gốc", "text", "Không bắt buộc.", { maxWidth: 30 }),
  ],
};

/** A key/value sheet row: the key (hidden), its label and the value's type. */
export interface FieldSpec {
  key: string;
  label: string;
  type: ColumnType;
  choices?: Choices;
  help: string;
  /** false: an empty value is null (or the field is left out) */
  required?: boolean;
}

const field = (
  key: string,
  label: string,
  type: ColumnType,
  help: string,
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({ key, label, type, help, required: true, ...extra });

export const planFields: FieldSpec[] = [
  field("id", "Mã kế hoạch", "code", "Mã không dấu, ví dụ vinh-phuc-2866-2021."),
  field("name", "Tên kế hoạch", "text", "Tên đầy đủ của kế hoạch."),
  field("decision.number", "Số quyết định ban hành", "text", "Ví dụ 2866/QĐ-UBND."),
  field("decision.date", "Ngày ban hành", "date", "Dạng ngày/tháng/năm."),
  field("decision.issuer", "Cơ quan ban hành", "text", "Ví dụ Ủy ban nhân dân tỉnh Vĩnh Phúc."),
  field("province", "Tỉnh", "text", "Ví dụ tỉnh Vĩnh Phúc."),
  field("years.from", "Từ năm", "int", "Năm đầu của giai đoạn."),
  field("years.to", "Đến năm", "int", "Năm cuối của giai đoạn."),
  ...["I", "II", "III", "IV", "V", "VI"].map((id) =>
    field(`area.${id}`, `Lĩnh vực ${id}`, "text", `Tên lĩnh vực ${id}.`),
  ),
];

export const settingsFields: FieldSpec[] = [
  field(
    "parentBody",
    "Cơ quan chủ quản (in hoa)",
    "text",
    "Dòng trên của phần tiêu đề văn bản, ví dụ UBND TỈNH VĨNH PHÚC.",
  ),
  field("issuingBody", "Cơ quan ban hành (in hoa)", "text", "Ví dụ SỞ NỘI VỤ."),
  field("issuingBodyName", "Tên cơ quan ban hành", "text", "Ví dụ Sở Nội vụ."),
  field("issuingAbbr", "Viết tắt cơ quan ban hành", "text", "Ví dụ SNV."),
  field("place", "Địa danh", "text", "Địa danh ghi trước ngày tháng, ví dụ Vĩnh Phúc."),
  field("reportSymbol", "Ký hiệu báo cáo", "text", "Ví dụ BC-SNV."),
  field("letterSymbol", "Ký hiệu công văn", "text", "Ví dụ SNV-CCHC."),
  field("receiver", "Nơi nhận báo cáo", "text", "Ví dụ Ủy ban nhân dân tỉnh."),
  field("signer.authority", "Quyền hạn ký", "text", "Ví dụ KT. GIÁM ĐỐC; để trống khi người đứng đầu ký.", {
    required: false,
  }),
  field("signer.title", "Chức vụ người ký", "text", "Ví dụ PHÓ GIÁM ĐỐC."),
  field("signer.name", "Họ và tên người ký", "text", "Ví dụ Nguyễn Văn A."),
  field("recipients", "Nơi nhận (cuối văn bản)", "lines", "Mỗi dòng một nơi nhận (Alt+Enter để xuống dòng)."),
  field("due.day", "Ngày hạn gửi trong tháng cuối kỳ", "int", "Từ 1 đến 28, thường là 20."),
  field("due.rule", "Cách hiểu hạn gửi", "choice", "Đến hết ngày hạn, hoặc trước ngày hạn.", {
    choices: choices.dueRule,
  }),
  field("issueDay", "Ngày phát hành biểu mẫu", "int", "Ngày trong tháng cuối kỳ, từ 1 đến 28."),
  field("contact.unit", "Đơn vị đầu mối", "text", "Ví dụ Phòng Cải cách hành chính, Sở Nội vụ.", { required: false }),
  field("contact.person", "Người liên hệ", "text", "", { required: false }),
  field("contact.phone", "Điện thoại liên hệ", "text", "", { required: false }),
  field("contact.email", "Thư điện tử liên hệ", "text", "", { required: false }),
  field("submission.how", "Cách gửi báo cáo", "long", "Câu hướng dẫn gửi tệp cho cơ quan."),
  field("protectionPassword", "Mật khẩu khóa biểu mẫu", "text", "Để trống: khóa không mật khẩu.", { required: false }),
  field("timezone", "Múi giờ", "text", "Asia/Ho_Chi_Minh."),
  field(
    "earlier",
    "Thư mục làm việc của kế hoạch trước",
    "lines",
    "Mỗi dòng một thư mục, để so sánh với các kỳ của kế hoạch trước; để trống nếu không có.",
    { required: false },
  ),
];

/** Roman numerals of the plan's areas (task group rows). */
export const areaIds = ["I", "II", "III", "IV", "V", "VI"] as const;

/** Seed fields that are not a column of their own, by the words the workbook uses for them. */
const fieldWords: Record<string, string> = {
  leadAgencies: "Cơ quan chủ trì",
  coordinateAgencies: "Cơ quan phối hợp",
  otherLead: "Cơ quan chủ trì",
  otherCoordinate: "Cơ quan phối hợp",
  schedule: "Lịch thực hiện",
  area: "Lĩnh vực",
  reporters: "Khối, cơ quan báo cáo",
  shape: "Dạng và giá trị",
  decision: "Quyết định ban hành",
  years: "Giai đoạn",
  areas: "Lĩnh vực",
  signer: "Người ký",
  due: "Hạn gửi",
  contact: "Liên hệ",
  submission: "Cách gửi báo cáo",
};

/** The workbook's words for a seed field of a part ("validTo" of agencies → "Hiệu lực đến"). */
export function fieldLabel(
  part: "agencies" | "groups" | "phrases" | "tasks" | "indicators" | "targets" | "plan" | "settings",
  key: string,
): string {
  const tables = {
    agencies: agenciesTable,
    groups: groupsTable,
    phrases: phrasesTable,
    tasks: tasksTable,
    indicators: indicatorsTable,
    targets: targetsTable,
  } as const;
  if (part === "plan" || part === "settings") {
    const f = (part === "plan" ? planFields : settingsFields).find((x) => x.key === key);
    return f?.label ?? fieldWords[key] ?? key;
  }
  return tables[part].columns.find((c) => c.key === key)?.header ?? fieldWords[key] ?? key;
}
