import { describe, expect, test } from "vitest";
import { textToBlocks, freshNumbering } from "../src/render/docx-blocks.js";
import { mergeNarratives } from "../src/render/docx-narrative.js";
import { recipientItems } from "../src/render/docx-common.js";
import { shortenComputation } from "../src/render/docx-figures.js";

describe("snippet text to paragraphs", () => {
  test("## numbers subsections, ### letters points with Vietnamese letters, - is a list item", () => {
    const text = [
      "## Một",
      "### a",
      "### b",
      "### c",
      "### d",
      "### đ",
      "nội dung",
      "- gạch",
      "## Hai",
      "### lại a",
      "",
      "+ cộng",
    ].join("\n");
    const blocks = textToBlocks(text);
    expect(blocks.map((b) => b.noiDung)).toEqual([
      "1. Một",
      "a) a",
      "b) b",
      "c) c",
      "d) d",
      "đ) đ",
      "nội dung",
      "- gạch",
      "2. Hai",
      "a) lại a",
      "+ cộng",
    ]);
    expect(blocks.map((b) => (b.deMuc ? "h2" : b.diem ? "h3" : b.gach ? "li" : "p"))).toEqual([
      "h2",
      "h3",
      "h3",
      "h3",
      "h3",
      "h3",
      "p",
      "li",
      "h2",
      "h3",
      "li",
    ]);
  });

  test("numbering continues across snippets of one section", () => {
    const n = freshNumbering();
    textToBlocks("## A\n### x", n);
    expect(textToBlocks("## B\n### y", n).map((b) => b.noiDung)).toEqual(["2. B", "a) y"]);
  });

  test("a soft break inside a value stays a line break inside its paragraph", () => {
    expect(textToBlocks("- Sở A: dòng 1\u2028dòng 2")[0]!.noiDung).toBe("- Sở A: dòng 1\ndòng 2");
  });
});

describe("the agencies' own words", () => {
  test("identical texts (after NFC and whitespace normalisation) are merged, every agency named", () => {
    const nfd = "Đề nghị tăng cường tập huấn.".normalize("NFD");
    const merged = mergeNarratives([
      { name: "Sở A", text: "Đề nghị tăng cường tập huấn." },
      { name: "Sở B", text: `  ${nfd.replace(" ", "   ")}\n` },
      { name: "Sở C", text: "Đề nghị tăng cường tập huấn" },
      { name: "Sở D", text: "Ý kiến khác" },
      { name: "Sở E", text: "" },
      { name: "Sở F", text: null },
    ]);
    expect(merged).toEqual([
      { coQuan: "Sở A, Sở B, Sở C", noiDung: "Đề nghị tăng cường tập huấn." },
      { coQuan: "Sở D", noiDung: "Ý kiến khác." },
    ]);
  });
});

describe("small pieces", () => {
  test("Nơi nhận items end with ';' and the last with '.'", () => {
    expect(recipientItems(["Bộ Nội vụ (b/c);", " - Như trên ", "Lưu: VT, CCHC."]).map((x) => x.muc)).toEqual([
      "- Bộ Nội vụ (b/c);",
      "- Như trên;",
      "- Lưu: VT, CCHC.",
    ]);
  });

  test("long agency lists in a computation are shortened to their count", () => {
    expect(
      shortenComputation(
        "Tỷ lệ = 5 / 10 = 50%; số liệu của 4 cơ quan: Sở A, Sở B, Sở C, Sở D. Yêu cầu năm 2025: tối thiểu 80%.",
      ),
    ).toBe("Tỷ lệ = 5 / 10 = 50%; số liệu của 4 cơ quan. Yêu cầu năm 2025: tối thiểu 80%.");
    expect(shortenComputation("X = 1; số liệu của 1 cơ quan: Sở Nội vụ. Yêu cầu")).toBe(
      "X = 1; số liệu của 1 cơ quan: Sở Nội vụ. Yêu cầu",
    );
  });
});
