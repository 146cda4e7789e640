import { describe, expect, test } from "vitest";
import { cleanNarrative, mergeNarratives } from "../src/render/docx-narrative.js";
import { SOFT_BREAK } from "../src/render/docx-blocks.js";

/** The rule written out plainly: NFC, each line's whitespace collapsed and trimmed, empty lines dropped, a final full stop. */
function reference(text: string): string {
  const lines = text
    .normalize("NFC")
    .split(/\r?\n|\r|\u2028/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const joined = lines.join(SOFT_BREAK);
  if (!joined) return "";
  return /[.!?…;:]$/u.test(joined) ? joined.replace(/[;:]$/u, ".") : `${joined}.`;
}

describe("an agency's words, cleaned for the report", () => {
  test.each([
    "Đã ban hành kế hoạch cải cách hành chính năm 2025",
    "Đã ban hành kế hoạch.",
    "Còn chậm số hóa hồ sơ;",
    "Kiến nghị:",
    "  Đầu dòng có khoảng trắng",
    "Hai  khoảng trắng giữa câu",
    "Có\ttab",
    "Dòng một\nDòng hai",
    "Dòng một\r\n\r\nDòng ba;",
    "Kie\u0302\u0301n nghi\u0323 (NFD)",
    "   ",
    "",
    "Hết câu?",
  ])("%j reads as the plain rule says", (text) => {
    expect(cleanNarrative(text)).toBe(reference(text));
  });

  test("identical words of several agencies are merged, each agency named once", () => {
    const merged = mergeNarratives([
      { name: "Sở Tư pháp", text: "Đã ban hành kế hoạch." },
      { name: "Sở Y tế", text: "Đã ban hành  kế hoạch" },
      { name: "Sở Tư pháp", text: "Đã ban hành kế hoạch" },
      { name: "Sở Xây dựng", text: "Khác." },
    ]);
    expect(merged).toEqual([
      { coQuan: "Sở Tư pháp, Sở Y tế", noiDung: "Đã ban hành kế hoạch." },
      { coQuan: "Sở Xây dựng", noiDung: "Khác." },
    ]);
  });
});
