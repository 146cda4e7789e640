import { z } from "zod";

/**
 * Zod's messages in Vietnamese, for every schema of the program (seeds/, tong-hop.json): zod's own locale names
 * types in English ("mong đợi string, nhận được number"), so the wording lives here, once, from the issue data.
 */

const typeNames: Record<string, string> = {
  string: "chuỗi chữ (trong dấu nháy kép)",
  number: "số",
  int: "số nguyên",
  boolean: "true hoặc false",
  bigint: "số nguyên",
  null: "null",
  undefined: "trống",
  array: "danh sách [...]",
  object: "đối tượng {...}",
  record: "đối tượng {...}",
  tuple: "danh sách [...]",
  date: "ngày",
  nan: "số",
};

/** What a JSON value is, in words: "số 12", "chuỗi chữ \"abc\"", "danh sách [...]", "số vô hạn". */
function describe(v: unknown): string {
  if (v === undefined) return "không có";
  if (v === null) return "null";
  if (Array.isArray(v)) return "danh sách [...]";
  switch (typeof v) {
    case "string":
      return `chuỗi chữ ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case "number":
      return Number.isNaN(v) ? "giá trị không phải số (NaN)" : Number.isFinite(v) ? `số ${v}` : "số vô hạn";
    case "boolean":
      return String(v);
    case "object":
      return "đối tượng {...}";
    default:
      return typeof v;
  }
}

const show = (v: unknown): string => (typeof v === "string" ? `"${v}"` : String(v));

const sizeUnit = (origin: string): string | null =>
  origin === "string" ? "ký tự" : origin === "array" || origin === "set" || origin === "map" ? "phần tử" : null;

/** The message of one zod issue (zod passes the raw issue, with its input). */
export const vietnameseZodError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type": {
      const expected = typeNames[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `thiếu giá trị (cần ${expected})`;
      if (typeof issue.input === "number" && !Number.isFinite(issue.input))
        return `phải là ${expected} hữu hạn, đang là ${describe(issue.input)}`;
      return `phải là ${expected}, đang là ${describe(issue.input)}`;
    }
    case "invalid_value":
      if (issue.input === undefined) return `thiếu giá trị (một trong ${issue.values.map(show).join(", ")})`;
      return issue.values.length === 1
        ? `phải là ${show(issue.values[0])}, đang là ${describe(issue.input)}`
        : `phải là một trong các giá trị ${issue.values.map(show).join(", ")}; đang là ${describe(issue.input)}`;
    case "too_big": {
      const unit = sizeUnit(issue.origin);
      const n = issue.maximum.toString();
      if (unit) return issue.exact ? `phải có đúng ${n} ${unit}` : `có nhiều nhất ${n} ${unit}`;
      return `phải ${issue.inclusive ? "không lớn hơn" : "nhỏ hơn"} ${n}, đang là ${describe(issue.input)}`;
    }
    case "too_small": {
      const unit = sizeUnit(issue.origin);
      const n = issue.minimum.toString();
      if (unit === "ký tự" && n === "1" && !issue.exact) return "không được để trống";
      if (unit) return issue.exact ? `phải có đúng ${n} ${unit}` : `phải có ít nhất ${n} ${unit}`;
      return `phải ${issue.inclusive ? "không nhỏ hơn" : "lớn hơn"} ${n}, đang là ${describe(issue.input)}`;
    }
    case "invalid_format":
      return `${describe(issue.input)} không đúng dạng yêu cầu`;
    case "not_multiple_of":
      return `phải là bội số của ${issue.divisor}`;
    case "unrecognized_keys":
      return `có trường không dùng đến: ${issue.keys.join(", ")}`;
    case "invalid_union": {
      const options = "options" in issue && Array.isArray(issue.options) ? (issue.options as unknown[]) : [];
      return issue.discriminator && options.length > 0
        ? `phải là một trong các giá trị ${options.map(show).join(", ")}`
        : "không khớp với dạng nào được phép";
    }
    case "invalid_key":
      return "có khóa không hợp lệ";
    case "invalid_element":
      return "có phần tử không hợp lệ";
    default:
      return "giá trị không hợp lệ";
  }
};

/** Makes every zod schema of the program speak Vietnamese (global zod setting; idempotent). */
export function useVietnameseZodMessages(): void {
  z.config({ localeError: vietnameseZodError });
}
