import { describe, expect, it } from "vitest";
import { foldName, stripDiacritics } from "../src/vn/fold.js";

describe("foldName", () => {
  it.each([
    ["hoà", "hòa"],
    ["thuỷ", "thủy"],
    ["Uỷ ban nhân dân", "Ủy ban nhân dân"],
    ["quý", "quý"],
    ["uý", "úy"],
    ["hoá", "hóa"],
    ["khoẻ", "khỏe"],
    ["Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"],
    ["Hoà Bình", "Hòa Bình"],
    ["Phạm Thuỳ Dương", "Phạm Thùy Dương"],
    ["Thanh Thuỷ", "Thanh Thủy"],
  ])("unifies tone placement: %s = %s", (a, b) => {
    expect(foldName(a)).toBe(foldName(b));
  });

  it("keeps syllables whose tone has only one place", () => {
    for (const w of [
      "người",
      "toán",
      "hoàng",
      "ngoài",
      "khuỷu",
      "của",
      "mùa",
      "chìa",
      "giữ",
      "gì",
      "quốc",
      "thuở",
      "huỳnh",
      "lựa",
      "khuyết",
    ]) {
      expect(foldName(w), w).toBe(w);
    }
  });

  it("does not merge different words", () => {
    expect(foldName("hóa")).not.toBe(foldName("hỏa"));
    expect(foldName("Sở Nội vụ")).not.toBe(foldName("Sở Ngoại vụ"));
  });

  it("normalises NFD input to the same result", () => {
    expect(foldName("Sở Nội vụ".normalize("NFD"))).toBe(foldName("Sở Nội vụ"));
    expect(foldName("Sở Nội vụ")).toBe("sở nội vụ");
  });

  it("lower-cases and collapses whitespace, incl. no-break spaces", () => {
    expect(foldName("  SỞ\u00a0 NỘI\tVỤ \n")).toBe("sở nội vụ");
  });

  it("unifies dashes and their spacing", () => {
    const expected = "sở lao động - thương binh và xã hội";
    expect(foldName("Sở Lao động - Thương binh và Xã hội")).toBe(expected);
    expect(foldName("Sở Lao động – Thương binh và Xã hội")).toBe(expected);
    expect(foldName("Sở Lao động—Thương binh và Xã hội")).toBe(expected);
    expect(foldName("Sở Lao động-Thương binh và Xã hội")).toBe(expected);
  });

  it("unifies the spacing around &", () => {
    expect(foldName("Tài nguyên&Môi trường")).toBe(foldName("Tài nguyên & Môi trường"));
    expect(foldName("Tài nguyên  &Môi trường")).toBe("tài nguyên & môi trường");
  });

  it("reads the look-alike ð as đ", () => {
    expect(foldName("Ðồng Nai")).toBe(foldName("Đồng Nai"));
  });

  it("leaves ASCII and numbers alone", () => {
    expect(foldName("UBND huyện 2025")).toBe("ubnd huyện 2025");
  });
});

describe("stripDiacritics", () => {
  it("removes every diacritic and maps đ to d, keeping the case", () => {
    expect(stripDiacritics("Đồng Nai")).toBe("Dong Nai");
    expect(stripDiacritics("Sở Nội vụ tỉnh Vĩnh Phúc")).toBe("So Noi vu tinh Vinh Phuc");
    expect(stripDiacritics("ĂÂÊÔƠƯĐ ăâêôơưđ")).toBe("AAEOOUD aaeooud");
    expect(stripDiacritics("Người")).toBe("Nguoi");
  });

  it("handles NFD input", () => {
    expect(stripDiacritics("Thủy".normalize("NFD"))).toBe("Thuy");
  });
});
