import { beforeAll, describe, expect, test } from "vitest";
import { join } from "node:path";
import type { Model } from "../src/consolidate/model.js";
import { renderReportDocx } from "../src/render/docx-report.js";
import { visibleText } from "../src/render/docx-engine.js";
import { formatNumber, formatPercent } from "../src/vn/format.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";
import { hostileModel, XSS } from "./helpers/hostile-model.js";
import { findPara, paragraphs, part, styleProps, unzipDocx, type Para } from "./helpers/docx-xml.js";

const templatesDir = join(repoRoot, "templates");
const MM = 56.7;

let model: Model;
let data: Buffer;
let doc: string;
let styles: string;
let paras: Para[];
let text: string;

beforeAll(async () => {
  ({ model } = await buildSampleModel({
    missing: ["so-ngoai-vu", "tam-dao"],
    late: ["so-y-te"],
    rejected: ["cuc-thue-tinh"],
  }));
  const r = await renderReportDocx(model, { templatesDir });
  expect(r.name).toBe("bao-cao-tong-hop-2025-Q1.docx");
  data = r.data;
  const zip = unzipDocx(data);
  doc = part(zip, "word/document.xml");
  styles = part(zip, "word/styles.xml");
  paras = paragraphs(doc);
  text = visibleText(zip);
}, 60_000);

const style = (p: Para) => styleProps(styles, p.style!);

describe("page and fonts (Decree 30/2020)", () => {
  test("the body is A4 portrait with margins top/bottom 20 mm, left 30 mm, right 15 mm, numbered from page 2", () => {
    const first = /<w:sectPr>[\s\S]*?<\/w:sectPr>/.exec(doc)![0];
    expect(first).toContain('<w:pgSz w:w="11906" w:h="16838"/>');
    const mar = (k: string) => Number(new RegExp(`w:${k}="(\\d+)"`).exec(/<w:pgMar [^>]*>/.exec(first)![0])![1]);
    expect(mar("top") / MM).toBeCloseTo(20, 0);
    expect(mar("bottom") / MM).toBeCloseTo(20, 0);
    expect(mar("left") / MM).toBeCloseTo(30, 0);
    expect(mar("right") / MM).toBeCloseTo(15, 0);
    expect(first).toContain("<w:titlePg/>");
    const zip = unzipDocx(data);
    const rels = part(zip, "word/_rels/document.xml.rels");
    const target = (type: string) => {
      const id = new RegExp(`<w:headerReference w:type="${type}" r:id="([^"]+)"/>`).exec(first)![1]!;
      return new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
    };
    const pageHeader = part(zip, `word/${target("default")}`);
    const firstHeader = part(zip, `word/${target("first")}`);
    expect(pageHeader).toMatch(/<w:instrText[^>]*> PAGE <\/w:instrText>/);
    expect(firstHeader).not.toContain("PAGE");
    const pageStyle = styleProps(styles, /<w:pStyle w:val="([^"]+)"/.exec(pageHeader)![1]!);
    expect(pageStyle.jc).toBe("center");
    expect(pageStyle.sz).toBeGreaterThanOrEqual(26);
    expect(pageStyle.sz).toBeLessThanOrEqual(28);
  });

  test("Times New Roman is the only font, set for ascii, hAnsi, cs and eastAsia", () => {
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0];
    for (const k of ["ascii", "hAnsi", "cs", "eastAsia"]) expect(defaults).toContain(`w:${k}="Times New Roman"`);
    const rFonts = [...styles.matchAll(/<w:rFonts [^>]*\/>/g)].map((m) => m[0]).join(" ");
    const fonts = new Set([...rFonts.matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/g)].map((m) => m[1]));
    expect([...fonts]).toEqual(["Times New Roman"]);
    expect(doc).not.toMatch(/w:rFonts/);
  });

  test("appendices start on a new page; wide tables are landscape and header rows repeat", () => {
    const sections = [...doc.matchAll(/<w:sectPr>[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sections.length).toBe(4);
    expect(sections.filter((s) => s.includes('w:orient="landscape"')).length).toBeGreaterThanOrEqual(2);
    for (const s of sections.slice(1)) expect(s).toContain('<w:pgNumType w:start="1"/>');
    expect((doc.match(/<w:tblHeader\/>/g) ?? []).length).toBe(3);
  });
});

describe("header, title and signature", () => {
  test("left column: parent body 13 pt regular, issuing body 13 pt bold, a short line under it", () => {
    const parent = findPara(paras, "UBND TỈNH VĨNH PHÚC");
    expect(style(parent)).toMatchObject({ sz: 26, bold: false, jc: "center" });
    const body = findPara(paras, "SỞ NỘI VỤ");
    expect(style(body)).toMatchObject({ sz: 26, bold: true, jc: "center" });
    const line = paras[paras.indexOf(body) + 1]!;
    expect(line.text).toBe("");
    expect(style(line).bottomBorder).toBe(true);
    const left = Number(/w:ind w:left="(\d+)" w:right="(\d+)"/.exec(line.xml)![1]);
    const right = Number(/w:ind w:left="(\d+)" w:right="(\d+)"/.exec(line.xml)![2]);
    const width = 3686 - left - right; // the left column is 3686 twips wide
    expect(width).toBeGreaterThan(300);
    expect(width).toBeLessThan(1036); // shorter than "SỞ NỘI VỤ" at 13 pt bold
  });

  test("right column: national title 12 pt bold, motto 13 pt bold with a line as long as the text", () => {
    const title = findPara(paras, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(style(title)).toMatchObject({ bold: true, jc: "center" });
    expect(style(title).sz).toBeGreaterThanOrEqual(24);
    expect(style(title).sz).toBeLessThanOrEqual(26);
    const motto = findPara(paras, "Độc lập - Tự do - Hạnh phúc");
    expect(style(motto)).toMatchObject({ bold: true, jc: "center" });
    expect(style(motto).sz).toBeGreaterThanOrEqual(26);
    const line = paras[paras.indexOf(motto) + 1]!;
    expect(style(line).bottomBorder).toBe(true);
    const [, l, r] = /w:ind w:left="(\d+)" w:right="(\d+)"/.exec(line.xml)!;
    expect(5668 - Number(l) - Number(r)).toBeCloseTo(3017, -2); // the motto's width at 13 pt bold
  });

  test("number left blank for the records office, 13 pt; place and date italic, in the same row", () => {
    const number = findPara(paras, "Số:      /BC-SNV");
    expect(style(number).sz).toBe(26);
    const date = findPara(paras, "Vĩnh Phúc, ngày 25 tháng 3 năm 2025");
    expect(style(date).italic).toBe(true);
    expect(style(date).sz).toBeGreaterThanOrEqual(26);
    const row = /<w:tr>(?:(?!<w:tr>)[\s\S])*?<\/w:tr>/g;
    const sameRow = [...doc.matchAll(row)].some(
      (m) => m[0].includes("/BC-SNV") && m[0].includes("Vĩnh Phúc, ngày 25 tháng 3 năm 2025"),
    );
    expect(sameRow).toBe(true);
  });

  test("title BÁO CÁO and the subject are bold 14 pt centred, with a short line under the subject", () => {
    const title = findPara(paras, "BÁO CÁO");
    expect(style(title)).toMatchObject({ sz: 28, bold: true, jc: "center" });
    const subject = findPara(paras, "Kết quả thực hiện công tác cải cách hành chính quý I năm 2025");
    expect(style(subject)).toMatchObject({ sz: 28, bold: true, jc: "center" });
    expect(style(paras[paras.indexOf(subject) + 1]!).bottomBorder).toBe(true);
  });

  test("body: 14 pt justified, first-line indent 1.27 cm, 6 pt after, line spacing single to 1.5", () => {
    const body = styleProps(styles, "NoiDung");
    expect(body.sz).toBe(28);
    expect(body.jc).toBe("both");
    expect(body.firstLine).toBe(720);
    expect(body.after).toBeGreaterThanOrEqual(120);
    expect(body.line).toBeGreaterThanOrEqual(240);
    expect(body.line).toBeLessThanOrEqual(360);
  });

  test("the outline's Roman sections are bold uppercase, in order, subsections numbered, points lettered", () => {
    const heads = [
      "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
      "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
      "III. ĐÁNH GIÁ CHUNG",
      "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
      "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ];
    const at = heads.map((h) => paras.indexOf(findPara(paras, h)));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const i of at) expect(style(paras[i]!).bold).toBe(true);
    const sectionII = paras.slice(at[1]!, at[2]!);
    const areas = sectionII.filter((p) => p.style === "DeMuc2").map((p) => p.text);
    expect(areas).toEqual(model.areas.map((a, i) => `${i + 1}. ${a.name}`));
    expect(styleProps(styles, "DeMuc2").bold).toBe(true);
    expect(sectionII.filter((p) => p.style === "DiemMuc").map((p) => p.text.slice(0, 2))).toContain("b)");
  });

  test("the body ends with ./. just before the signature block", () => {
    const signerAt = paras.indexOf(findPara(paras, "Nơi nhận:"));
    expect(paras[signerAt - 1]!.text).toMatch(/xem xét, chỉ đạo\.\/\.$/);
  });

  test("Nơi nhận bold italic 12 pt level with the signer; items 11 pt, the last '- Lưu: VT, CCHC.'", () => {
    const head = findPara(paras, "Nơi nhận:");
    expect(style(head)).toMatchObject({ sz: 24, bold: true, italic: true });
    const items = paras.filter((p) => p.style === "NoiNhanMuc" && p.text);
    expect(items.map((p) => p.text)).toEqual([
      "- Bộ Nội vụ (b/c);",
      "- TTTU, TTHĐND tỉnh (b/c);",
      "- Chủ tịch, các PCT UBND tỉnh (b/c);",
      "- Giám đốc, các PGĐ Sở;",
      "- Lưu: VT, CCHC.",
    ]);
    expect(style(items[0]!).sz).toBe(22);
    // same table row as the signer, both at the top of their cells
    const row = [...doc.matchAll(/<w:tr>(?:(?!<w:tr>)[\s\S])*?<\/w:tr>/g)]
      .map((m) => m[0])
      .find((r) => r.includes("Nơi nhận:"))!;
    expect(row).toContain("KT. GIÁM ĐỐC");
  });

  test("signer: authority and title uppercase bold 14 pt, space to sign, the name bold", () => {
    const authority = findPara(paras, "KT. GIÁM ĐỐC");
    const title = findPara(paras, "PHÓ GIÁM ĐỐC");
    const name = findPara(paras, "Nguyễn Văn A");
    for (const p of [authority, title, name]) expect(style(p)).toMatchObject({ sz: 28, bold: true, jc: "center" });
    const between = paras.slice(paras.indexOf(title) + 1, paras.indexOf(name));
    expect(between.length).toBeGreaterThanOrEqual(3);
    expect(between.every((p) => p.text === "")).toBe(true);
  });

  test("the date line follows the leading-zero rule", async () => {
    const { model: early } = await buildSampleModel({ date: "2025-02-05" });
    const r = await renderReportDocx(early, { templatesDir });
    expect(visibleText(unzipDocx(r.data))).toContain("Vĩnh Phúc, ngày 05 tháng 02 năm 2025");
  });
});

describe("content from the model", () => {
  test("every province total that has a value appears, formatted the Vietnamese way", () => {
    const missing: string[] = [];
    for (const ind of model.indicators) {
      const v = model.totals[ind.code];
      if (v === null || v === undefined) continue;
      const f = ind.type === "percent" ? formatPercent(v) : formatNumber(v);
      if (!new RegExp(`(^|[^\\d.,])${f.replace(/[.%]/g, "\\$&")}($|[^\\d,])`, "m").test(text))
        missing.push(`${ind.code}=${f}`);
    }
    expect(missing).toEqual([]);
    expect(Object.values(model.totals).filter((v) => v !== null).length).toBeGreaterThan(70);
  });

  test("no undefined, NaN, null or empty braces", () => {
    expect(text).not.toMatch(/undefined|NaN|\bnull\b|\{\s*\}|\{[#/^]?[A-Za-z]+\}/);
  });

  test("targets with their verdicts, tasks done, in progress and overdue with the overdue list", () => {
    expect(text).toContain("Phụ lục I");
    for (const t of model.targets) expect(text).toContain(t.text.normalize("NFC").trim());
    expect(text).toMatch(new RegExp(`${model.targetSummary.met}/\\d+ chỉ tiêu định lượng đạt`));
    expect(text).toContain(
      `${model.taskSummary.done} nhiệm vụ đã hoàn thành, ${model.taskSummary.inProgress} nhiệm vụ đang thực hiện`,
    );
    for (const t of model.tasks.filter((x) => x.overdue)) expect(text).toContain(`Nhiệm vụ số ${t.stt}:`);
    // Phụ lục II lists all tasks
    const rows = [...doc.matchAll(/<w:tr>(?:(?!<w:tr>)[\s\S])*?<\/w:tr>/g)].map((m) => m[0]);
    for (const t of model.tasks) expect(rows.some((r) => r.includes(`>${t.stt}<`))).toBe(true);
  });

  test("who reported on time, late (with days), rejected (with the reason) and who is missing", () => {
    expect(text).toContain("Gửi chậm: Sở Y tế (chậm 3 ngày)");
    expect(text).toMatch(/Cục Thuế tỉnh \(Tệp được đặt mật khẩu, không đọc được\)/);
    expect(text).toContain("Chưa gửi báo cáo: Sở Ngoại vụ, UBND huyện Tam Đảo");
    // on time: counted by group (a list of every agency would grow with the province)
    expect(text).toMatch(
      /Gửi đúng hạn: \d+\/\d+ sở, ban, ngành; \d+\/\d+ cơ quan Trung ương đóng trên địa bàn tỉnh; \d+\/\d+ UBND các huyện, thành phố;/,
    );
    expect(text).toContain("Phụ lục III");
  });

  test("the agencies' own words are attributed, identical texts merged under all their agencies, a few quoted", () => {
    const proposals = new Map<string, string[]>();
    for (const a of model.agencies) {
      const k = a.narrative["kien-nghi"];
      if (k && (a.status === "on-time" || a.status === "late"))
        proposals.set(k, [...(proposals.get(k) ?? []), a.shortName]);
    }
    expect([...proposals.values()].some((v) => v.length > 1)).toBe(true);
    let quoted = 0;
    for (const [k, who] of proposals) {
      // named after up to three of its agencies, the others counted
      const lines = text.split("\n").filter((l) => l.startsWith("- ") && l.endsWith(`: ${k}`));
      expect(lines.length).toBeLessThanOrEqual(1);
      if (lines[0]) {
        const named = who.filter((n) => lines[0]!.includes(n));
        expect(named.length).toBe(Math.min(3, who.length));
        if (who.length > 3) expect(lines[0]).toContain(`và ${who.length - 3} cơ quan, đơn vị khác`);
      }
      quoted += lines.length;
    }
    expect(quoted).toBe(Math.min(proposals.size, 5));
    expect(text).toContain("Ý kiến của các cơ quan, đơn vị được trích nguyên văn không quá 5 ý kiến mỗi mục");
  });

  test("a missing figure prints (chưa có số liệu)", async () => {
    const m = structuredClone(model);
    m.totals["ii.hs-tiep-nhan"] = null;
    const r = await renderReportDocx(m, { templatesDir });
    expect(visibleText(unzipDocx(r.data))).toContain("đã tiếp nhận (chưa có số liệu) hồ sơ");
  });

  test("agency text with markup is written as text, the XML stays valid", async () => {
    const m = await hostileModel();
    const r = await renderReportDocx(m, { templatesDir });
    const zip = unzipDocx(r.data);
    expect(visibleText(zip)).toContain(`Đề nghị ${XSS}`);
    expect(part(zip, "word/document.xml")).not.toContain("<script>");
  });

  test("same model and date ⇒ same bytes", async () => {
    const again = await renderReportDocx(model, { templatesDir });
    expect(Buffer.compare(again.data, data)).toBe(0);
    const zip = unzipDocx(data);
    expect(part(zip, "docProps/core.xml")).toContain("2025-03-25T00:00:00Z");
  });
});
