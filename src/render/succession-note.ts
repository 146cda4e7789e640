import type { Model } from "../consolidate/model.js";

type Note = Model["comparison"]["succession"];

const list = (items: readonly { name: string }[]): string => {
  const names = items.map((i) => i.name);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} và ${names.at(-1)}`;
};

/**
 * The sentences that say how earlier periods' figures were set against today's agencies: which agencies were
 * combined into their successor, which were split, which left the comparisons (each named once). Empty when
 * the agencies did not change. One wording for the report, the workbook and the CLI.
 */
export function successionSentences(note: Note): string[] {
  const out: string[] = [];
  if (note.combined.length > 0) {
    out.push(
      `Số liệu các kỳ trước dùng để so sánh đã được cộng theo cơ quan tiếp nhận: ${note.combined
        .map((c) => `${c.name} gồm cả số liệu của ${list(c.from)}`)
        .join("; ")} (số lượng được cộng; tỷ lệ tính lại từ tổng tử số và tổng mẫu số).`,
    );
  }
  for (const s of note.split) {
    out.push(
      `${s.name} được chia tách cho ${list(s.into)}: số liệu các kỳ trước của ${s.name} chỉ được tính vào số toàn tỉnh, không so sánh riêng từng cơ quan.`,
    );
  }
  if (note.left.length > 0) {
    out.push(
      `${list(note.left)} đã kết thúc hoạt động, không có cơ quan tiếp nhận: số liệu các kỳ trước của ${note.left.length > 1 ? "các cơ quan này" : "cơ quan này"} không đưa vào so sánh.`,
    );
  }
  return out;
}
