import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { renderReminderDocx } from "../src/render/docx-report.js";
import { visibleText } from "../src/render/docx-engine.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";
import { findPara, paragraphs, part, styleProps, unzipDocx } from "./helpers/docx-xml.js";

const templatesDir = join(repoRoot, "templates");

describe("the reminder letter (công văn đôn đốc)", () => {
  test("is not produced when every agency has reported", async () => {
    const { model } = await buildSampleModel({ late: ["so-y-te"] });
    expect(model.agencies.every((a) => a.status === "on-time" || a.status === "late")).toBe(true);
    expect(await renderReminderDocx(model, { templatesDir })).toBeNull();
  });

  test("goes to the missing and rejected agencies, one per line under Kính gửi, and states the deadline", async () => {
    const { model } = await buildSampleModel({
      missing: ["so-ngoai-vu", "tam-dao"],
      late: ["so-y-te"],
      rejected: ["cuc-thue-tinh"],
    });
    const r = (await renderReminderDocx(model, { templatesDir }))!;
    expect(r.name).toBe("cong-van-don-doc-2025-Q1.docx");
    const zip = unzipDocx(r.data);
    const doc = part(zip, "word/document.xml");
    const styles = part(zip, "word/styles.xml");
    const paras = paragraphs(doc);
    const text = visibleText(zip);

    const kinhGui = paras.indexOf(findPara(paras, "Kính gửi:"));
    const lines = paras.slice(kinhGui + 1, kinhGui + 4).map((p) => p.text);
    expect(lines).toEqual(["- Sở Ngoại vụ;", "- Cục Thuế tỉnh;", "- Ủy ban nhân dân huyện Tam Đảo."]);
    expect(text).not.toContain("Sở Y tế");

    expect(text).toContain("chậm nhất ngày 20/3/2025");
    expect(text).toContain("không được chấp nhận do tệp được đặt mật khẩu, không đọc được");
    expect(text).toMatch(/\.\/\.\n/);
    expect(text).not.toMatch(/undefined|NaN|\bnull\b|\{\s*\}/);

    // a công văn: no title line; "V/v …" 12–13 pt under the number, which has no type abbreviation
    expect(paras.some((p) => p.text === "BÁO CÁO")).toBe(false);
    const number = findPara(paras, "Số:      /SNV-CCHC");
    const vv = paras[paras.indexOf(number) + 1]!;
    expect(vv.text).toBe("V/v đôn đốc gửi báo cáo cải cách hành chính quý I năm 2025");
    const vvStyle = styleProps(styles, vv.style!);
    expect(vvStyle.sz).toBeGreaterThanOrEqual(24);
    expect(vvStyle.sz).toBeLessThanOrEqual(26);
    expect(text).toContain("Vĩnh Phúc, ngày 25 tháng 3 năm 2025");

    // signer and Nơi nhận
    expect(findPara(paras, "KT. GIÁM ĐỐC")).toBeTruthy();
    expect(findPara(paras, "Nguyễn Văn A")).toBeTruthy();
    expect(paras.filter((p) => p.style === "NoiNhanMuc" && p.text).map((p) => p.text)).toEqual([
      "- Như trên;",
      "- Lưu: VT, CCHC.",
    ]);

    const again = (await renderReminderDocx(model, { templatesDir }))!;
    expect(Buffer.compare(again.data, r.data)).toBe(0);
  });

  test("a single addressee is written on the Kính gửi line without a dash; before the deadline it asks for the report on time", async () => {
    const { model } = await buildSampleModel({ missing: ["so-ngoai-vu"], date: "2025-03-18" });
    const r = (await renderReminderDocx(model, { templatesDir }))!;
    const zip = unzipDocx(r.data);
    const paras = paragraphs(part(zip, "word/document.xml"));
    const kinhGui = paras.indexOf(findPara(paras, "Kính gửi:"));
    expect(paras[kinhGui + 1]!.text).toBe("Sở Ngoại vụ.");
    const text = visibleText(zip);
    expect(text).toContain("đúng thời hạn (chậm nhất ngày 20/3/2025)");
    expect(text).toContain("Vĩnh Phúc, ngày 18 tháng 3 năm 2025");
  });
});
