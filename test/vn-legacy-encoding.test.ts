import { describe, expect, it } from "vitest";
import {
  decodeTcvn3,
  decodeVni,
  detectLegacyEncoding,
  encodeTcvn3,
  encodeVni,
  fixLegacyText,
  isTcvn3UpperFont,
  isVietnameseSyllable,
} from "../src/vn/legacy-encoding.js";

const BASES = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
const TONE_MARKS = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];

/** Every Vietnamese vowel with every tone, lower case: "a à á ả ã ạ ă ằ …". */
const allLowerVowels = BASES.flatMap((b) => TONE_MARKS.map((t) => (b + t).normalize("NFC")));
const allUpperVowels = allLowerVowels.map((v) => v.toUpperCase());

const PARAGRAPH =
  "Năm 2025, Ủy ban nhân dân tỉnh Vĩnh Phúc tiếp tục đẩy mạnh cải cách hành chính, " +
  "nâng cao chất lượng phục vụ người dân và doanh nghiệp. Các sở, ban, ngành đã rà soát, " +
  "đơn giản hoá thủ tục; khuyến khích nộp hồ sơ trực tuyến, thanh toán không dùng tiền mặt. " +
  "Những khó khăn, vướng mắc được tổng hợp, kiến nghị kịp thời; chỉ số hài lòng tăng rõ rệt. " +
  "Thuở ấy, người già kể chuyện khuya bên bếp lửa, giữ gìn tiếng Việt giàu đẹp. " +
  "Đồng chí Giám đốc Sở Nội vụ chủ trì hội nghị sơ kết quý I. " +
  allLowerVowels.join(" ");

/** 60 real Vietnamese sentences and cell values, in correct Unicode. None may be flagged. */
const UNICODE_SENTENCES = [
  "Ủy ban nhân dân tỉnh Vĩnh Phúc",
  "UBND TỈNH VĨNH PHÚC",
  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
  "Độc lập - Tự do - Hạnh phúc",
  "Sở Nội vụ",
  "Sở Tài chính",
  "Sở Kế hoạch và Đầu tư",
  "Sở Tài nguyên và Môi trường",
  "Sở Giáo dục và Đào tạo",
  "Sở Văn hóa, Thể thao và Du lịch",
  "Sở Văn hoá, Thể thao và Du lịch",
  "Sở Lao động - Thương binh và Xã hội",
  "Sở Nông nghiệp và Phát triển nông thôn",
  "Sở Thông tin và Truyền thông",
  "Sở Giao thông vận tải",
  "Sở Khoa học và Công nghệ",
  "Ban Quản lý các khu công nghiệp",
  "Thanh tra tỉnh",
  "Văn phòng UBND tỉnh",
  "UBND huyện Tam Đảo",
  "UBND thành phố Phúc Yên",
  "UBND huyện Bình Xuyên",
  "UBND huyện Yên Lạc",
  "UBND huyện Sông Lô",
  "UBND huyện Lập Thạch",
  "UBND huyện Tam Dương",
  "UBND huyện Vĩnh Tường",
  "Báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2025",
  "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97,7%",
  "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
  "Cải cách thể chế; cải cách thủ tục hành chính; cải cách tổ chức bộ máy",
  "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
  "Tiếp nhận, giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
  "Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước",
  "Nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
  "Khó khăn, vướng mắc và đề xuất, kiến nghị",
  "Phương hướng, nhiệm vụ trọng tâm quý tiếp theo",
  "Kèm theo Kế hoạch số 15/KH-UBND ngày 10/01/2025",
  "Nơi nhận: Như trên; Lưu: VT, CCHC.",
  "GIÁM ĐỐC",
  "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH",
  "Người ký: Nguyễn Văn An",
  "Trần Thị Bích Ngọc",
  "Lê Hoàng Long",
  "Phạm Thuỳ Dương",
  "Hoàng Thủy Tiên",
  "Đỗ Quý Đôn",
  "Vũ Khánh Toàn",
  "Hoà Bình",
  "Hòa Bình",
  "Có",
  "Không",
  "Là",
  "Tân",
  "Ô tô",
  "Cà Mau",
  "Bà Rịa - Vũng Tàu",
  "Thừa Thiên Huế",
  "Quảng Ninh, Hải Dương, Hà Nội",
  "CÔNG AN TỈNH",
  "TÂN Á",
  "Đào tạo, bồi dưỡng về CCHC cho 120 lượt công chức",
  "Hoàn thành",
  "Chưa hoàn thành",
  "Đúng hạn",
  "Quá hạn",
  "Đang thực hiện",
  "Số TTHC được cắt giảm, đơn giản hóa",
  "Ý kiến của Bộ Nội vụ",
  "ÁN VĂN",
  "Ấp Tân Hòa",
  "Ông Lê Văn Tám",
  "Ê-đê",
  "Ơn nghĩa",
  "Ưu tiên",
  "café sáng",
  "30°C",
  "© 2025 Sở Nội vụ",
  "5 µm",
  "3×4 m",
  "½ ngày",
  "x² + y²",
  "Noël",
  "Müller",
  "São Paulo",
  "Nội dung (1)",
  "a) Kết quả đạt được; b) Tồn tại, hạn chế",
];

describe("TCVN3", () => {
  it("decodes the lower-case table of domain.md", () => {
    expect(decodeTcvn3("TiÕng ViÖt", false)).toBe("Tiếng Việt");
    expect(decodeTcvn3("\u00a7iÒu", false)).toBe("Điều");
    expect(decodeTcvn3("ñy ban nh©n d©n tØnh VÜnh Phóc", false)).toBe("ủy ban nhân dân tỉnh Vĩnh Phúc");
    expect(decodeTcvn3("\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7", false)).toBe("ĂÂÊÔƠƯĐ");
  });

  it("reads the soft hyphen 0xAD as ư", () => {
    expect(decodeTcvn3("ng\u00adêi", false)).toBe("người");
    expect(decodeTcvn3("n\u00adíc", false)).toBe("nước");
  });

  it("passes characters below 0xA1 and unmapped bytes through", () => {
    expect(decodeTcvn3("Quy 1/2025 (100%)", false)).toBe("Quy 1/2025 (100%)");
    expect(decodeTcvn3("\u00b0", false)).toBe("\u00b0");
  });

  it("converts TCVN3 text drawn with an upper-case .VnTimeH font to capitals", () => {
    expect(decodeTcvn3("céng hoµ x· héi chñ nghÜa viÖt nam", true)).toBe("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(decodeTcvn3("UBND TØNH VÜNH PHóC", true)).toBe("UBND TỈNH VĨNH PHÚC");
    expect(decodeTcvn3("\u00a7éC LËP", true)).toBe("ĐỘC LẬP");
  });

  it("round-trips a long paragraph with every vowel and tone through encode and decode", () => {
    const encoded = encodeTcvn3(PARAGRAPH);
    expect(encoded).not.toBe(PARAGRAPH);
    expect([...encoded].every((ch) => ch.charCodeAt(0) <= 0xff)).toBe(true);
    // Capitals with a tone have no byte in a lower-case font: the typist's lower-case byte is used.
    const expected = PARAGRAPH.replace("Ủy", "ủy");
    expect(decodeTcvn3(encoded, false)).toBe(expected);
  });

  it("round-trips every capital through an upper-case font", () => {
    const text = `${allUpperVowels.join(" ")} Đ ${PARAGRAPH}`;
    expect(decodeTcvn3(encodeTcvn3(text, true), true)).toBe(text.toUpperCase());
  });

  it("knows the upper-case fonts by their final H", () => {
    expect(isTcvn3UpperFont(".VnTimeH")).toBe(true);
    expect(isTcvn3UpperFont(".VnArialH")).toBe(true);
    expect(isTcvn3UpperFont(".VnTime")).toBe(false);
    expect(isTcvn3UpperFont("Times New Roman")).toBe(false);
    expect(isTcvn3UpperFont(undefined)).toBe(false);
  });
});

describe("VNI", () => {
  it.each([
    ["Tieáng Vieät coù 29 chöõ caùi", "Tiếng Việt có 29 chữ cái"],
    ["Ñoàng", "Đồng"],
    ["Höng Yeân", "Hưng Yên"],
    ["Nguyeãn Vaên A", "Nguyễn Văn A"],
    ["Sôû Noäi vuï", "Sở Nội vụ"],
    ["VIEÄT NAM", "VIỆT NAM"],
    ["UÛy ban nhaân daân tænh Vónh Phuùc", "Ủy ban nhân dân tỉnh Vĩnh Phúc"],
    ["ngöôøi", "người"],
    ["Thuôû", "Thuở"],
    ["kî", "kỵ"],
  ])("decodes %s as %s", (vni, unicode) => {
    expect(decodeVni(vni)).toBe(unicode);
  });

  it("returns NFC", () => {
    const out = decodeVni("Tieáng Vieät");
    expect(out).toBe(out.normalize("NFC"));
  });

  it("leaves a mark that cannot apply to the letter before it", () => {
    expect(decodeVni("xeê")).toBe("xeê");
    expect(decodeVni("1ù")).toBe("1ù");
  });

  it("round-trips a long paragraph with every vowel and tone, both cases", () => {
    const text = `${PARAGRAPH} ${allUpperVowels.join(" ")} ĐỒNG ĐỘI`;
    const encoded = encodeVni(text);
    expect([...encoded].every((ch) => ch.charCodeAt(0) <= 0xff)).toBe(true);
    expect(decodeVni(encoded)).toBe(text);
  });
});

describe("detectLegacyEncoding", () => {
  it("lets the font name decide first", () => {
    expect(detectLegacyEncoding("abc", ".VnTime")).toBe("tcvn3");
    expect(detectLegacyEncoding("abc", ".vnarialh")).toBe("tcvn3");
    expect(detectLegacyEncoding("abc", "VNI-Times")).toBe("vni");
    expect(detectLegacyEncoding("abc", "vni-helve")).toBe("vni");
  });

  it("keeps Unicode text in a cell whose font is still a legacy one", () => {
    expect(detectLegacyEncoding("Tiếng Việt", ".VnTime")).toBeNull();
    expect(detectLegacyEncoding("Sở Nội vụ", "VNI-Times")).toBeNull();
  });

  it("returns null for plain ASCII", () => {
    expect(detectLegacyEncoding("UBND tinh Vinh Phuc 2025")).toBeNull();
    expect(detectLegacyEncoding("")).toBeNull();
  });

  it("recognises TCVN3 by its letters", () => {
    expect(detectLegacyEncoding("TiÕng ViÖt")).toBe("tcvn3");
    expect(detectLegacyEncoding("c¸c")).toBe("tcvn3");
    expect(detectLegacyEncoding("Së Néi vô")).toBe("tcvn3");
  });

  it("recognises VNI by letter-plus-mark pairs", () => {
    expect(detectLegacyEncoding("Tieáng Vieät coù 29 chöõ caùi")).toBe("vni");
    expect(detectLegacyEncoding("Ñoàng")).toBe("vni");
    expect(detectLegacyEncoding("Sôû Noäi vuï")).toBe("vni");
    expect(detectLegacyEncoding("VIEÄT NAM")).toBe("vni");
  });

  it("never flags VNI on single characters that Vietnamese also uses", () => {
    expect(detectLegacyEncoding("ô tô ì í ó ò")).toBeNull();
  });

  it(`never flags correct Unicode Vietnamese (${UNICODE_SENTENCES.length} sentences)`, () => {
    expect(UNICODE_SENTENCES.length).toBeGreaterThanOrEqual(50);
    const flagged = UNICODE_SENTENCES.filter((s) => detectLegacyEncoding(s) !== null);
    expect(flagged).toEqual([]);
    const flaggedNfd = UNICODE_SENTENCES.filter((s) => detectLegacyEncoding(s.normalize("NFD")) !== null);
    expect(flaggedNfd).toEqual([]);
  });

  it("recognises the same sentences once encoded in TCVN3 or VNI", () => {
    const withMarks = UNICODE_SENTENCES.filter((s) => /[^\u0000-\u007f]/u.test(s) && !/[°©]/u.test(s));
    const missedTcvn = withMarks.filter((s) => detectLegacyEncoding(encodeTcvn3(s)) !== "tcvn3");
    const missedVni = withMarks.filter((s) => detectLegacyEncoding(encodeVni(s)) !== "vni");
    // A few short values are indistinguishable from Unicode once encoded ("Có" is "cã" in TCVN3, a
    // valid word): those must come out as null, never as the wrong encoding.
    expect(missedTcvn.length).toBeLessThanOrEqual(withMarks.length * 0.1);
    expect(missedVni.length).toBeLessThanOrEqual(withMarks.length * 0.1);
    for (const s of missedTcvn) expect(detectLegacyEncoding(encodeTcvn3(s))).toBeNull();
    for (const s of missedVni) expect(detectLegacyEncoding(encodeVni(s))).toBeNull();
  });

  it("recognises a long paragraph in either encoding", () => {
    expect(detectLegacyEncoding(encodeTcvn3(PARAGRAPH))).toBe("tcvn3");
    expect(detectLegacyEncoding(encodeVni(PARAGRAPH))).toBe("vni");
    expect(detectLegacyEncoding(PARAGRAPH)).toBeNull();
  });
});

describe("fixLegacyText", () => {
  it("detects and decodes TCVN3", () => {
    expect(fixLegacyText("B¸o c¸o kÕt qu¶ c¶i c¸ch hµnh chÝnh")).toEqual({
      text: "Báo cáo kết quả cải cách hành chính",
      encoding: "tcvn3",
    });
  });

  it("uses the upper-case font for capitals", () => {
    expect(fixLegacyText("b¸o c¸o", ".VnTimeH")).toEqual({ text: "BÁO CÁO", encoding: "tcvn3" });
  });

  it("detects and decodes VNI", () => {
    expect(fixLegacyText("Baùo caùo keát quaû")).toEqual({ text: "Báo cáo kết quả", encoding: "vni" });
  });

  it("returns Unicode text unchanged, in NFC", () => {
    const nfd = "Hoà Bình".normalize("NFD");
    expect(fixLegacyText(nfd)).toEqual({ text: "Hoà Bình", encoding: null });
  });
});

describe("isVietnameseSyllable", () => {
  it("accepts syllables with any tone placement and case", () => {
    for (const w of ["gì", "gìn", "giêng", "quốc", "quý", "khuya", "người", "hoà", "hòa", "thuỷ", "NGHIÊNG", "xoong"]) {
      expect(isVietnameseSyllable(w), w).toBe(true);
    }
  });

  it("rejects non-Vietnamese letters and shapes", () => {
    for (const w of ["tiõng", "viöt", "c¸c", "cou", "café", "UBND", "hoàà"]) {
      expect(isVietnameseSyllable(w), w).toBe(false);
    }
  });
});
