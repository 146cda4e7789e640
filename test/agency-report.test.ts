import { beforeAll, describe, expect, test } from "vitest";
import { join } from "node:path";
import { parsePeriod, type Period } from "../src/calendar/period.js";
import { findAgency, indicatorsForAgency, type Plan } from "../src/plan/plan.js";
import { renderAgencyDocx } from "../src/render/docx-agency.js";
import { visibleText } from "../src/render/docx-engine.js";
import { plausibleFill } from "../src/sample/plausible.js";
import { formatNumber, formatPercent } from "../src/vn/format.js";
import { loadRepoPlan, recordFromFill, repoRoot } from "./helpers/model-fixture.js";
import { findPara, paragraphs, part, styleProps, unzipDocx } from "./helpers/docx-xml.js";

const templatesDir = join(repoRoot, "templates");
let plan: Plan;
let period: Period;

beforeAll(async () => {
  plan = await loadRepoPlan();
  period = parsePeriod("2025-Q1", plan.settings.due)!;
});

async function render(code: string) {
  const agency = findAgency(plan, code)!;
  const fill = plausibleFill(plan, period, agency, 1);
  const data = recordFromFill(plan, period, agency, fill, { receivedAt: "2025-03-15T10:00:00+07:00" }).data!;
  const r = await renderAgencyDocx({ plan, period, agency, data, date: "2025-03-25" }, { templatesDir });
  const zip = unzipDocx(r.data);
  const doc = part(zip, "word/document.xml");
  return {
    r,
    agency,
    fill,
    data,
    doc,
    styles: part(zip, "word/styles.xml"),
    paras: paragraphs(doc),
    text: visibleText(zip),
  };
}

describe("an agency's own report (bao-cao-co-quan.docx)", () => {
  test("a department: its own header, number and date from its template, its figures, tasks and words", async () => {
    const { r, agency, fill, data, doc, styles, paras, text } = await render("so-tu-phap");
    expect(r.name).toBe("bao-cao-so-tu-phap-2025-Q1.docx");
    expect(styleProps(styles, findPara(paras, "UBND TỈNH VĨNH PHÚC").style!)).toMatchObject({ sz: 26, bold: false });
    expect(styleProps(styles, findPara(paras, "SỞ TƯ PHÁP").style!)).toMatchObject({ sz: 26, bold: true });
    expect(text).toContain(`Số: ${fill.info.docNumber}`);
    const [y, m, d] = fill.info.docDate!.split("-").map(Number) as [number, number, number];
    expect(text).toContain(`Vĩnh Phúc, ngày ${String(d).padStart(2, "0")} tháng ${m} năm ${y}`);
    expect(findPara(paras, "Kết quả thực hiện công tác cải cách hành chính quý I năm 2025")).toBeTruthy();
    // figures, as a table
    for (const ind of indicatorsForAgency(plan, agency)) {
      const v = fill.values[ind.code];
      if (typeof v !== "number") continue;
      const f = ind.type === "percent" ? formatPercent(v) : formatNumber(v);
      expect(doc).toContain(`>${f}<`);
    }
    // tasks: the ones it leads in the body, all of them in Phụ lục II
    const lead = plan.tasks.filter((t) => t.leadAgencies.includes(agency.code)).map((t) => t.stt);
    for (const stt of lead) expect(text).toContain(`Nhiệm vụ số ${stt} (chủ trì)`);
    const rows = [...doc.matchAll(/<w:tr>(?:(?!<w:tr>)[\s\S])*?<\/w:tr>/g)].map((m) => m[0]);
    for (const t of data.tasks)
      expect(rows.some((r) => r.includes(`>${t.stt}<`) && r.includes(t.role === "lead" ? "Chủ trì" : "Phối hợp"))).toBe(
        true,
      );
    // its words
    expect(text).toContain(fill.narrative["uu-diem"]!);
    expect(text).toMatch(/Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh\.\/\./);
    expect(findPara(paras, "GIÁM ĐỐC")).toBeTruthy();
    expect(paras.filter((p) => p.style === "NoiNhanMuc" && p.text).map((p) => p.text)).toEqual([
      "- Sở Nội vụ (để tổng hợp);",
      "- Lưu: VT.",
    ]);
    expect(text).not.toMatch(/undefined|NaN|\bnull\b|\{\s*\}/);
    expect((doc.match(/<w:tblHeader\/>/g) ?? []).length).toBe(2);
  });

  test("a district: UBND tỉnh over UBND huyện, the district as the place, signed for the committee", async () => {
    const { r, text, paras } = await render("lap-thach");
    expect(r.name).toBe("bao-cao-lap-thach-2025-Q1.docx");
    expect(findPara(paras, "UBND TỈNH VĨNH PHÚC")).toBeTruthy();
    expect(findPara(paras, "UBND HUYỆN LẬP THẠCH")).toBeTruthy();
    expect(text).toMatch(/Lập Thạch, ngày \d{2} tháng \d+ năm 2025/);
    expect(findPara(paras, "TM. ỦY BAN NHÂN DÂN")).toBeTruthy();
    expect(findPara(paras, "CHỦ TỊCH")).toBeTruthy();
  });

  test("a central agency has no provincial parent body line", async () => {
    const { paras } = await render("cong-an-tinh");
    expect(paras.some((p) => p.text === "UBND TỈNH VĨNH PHÚC")).toBe(false);
    expect(findPara(paras, "CÔNG AN TỈNH")).toBeTruthy();
  });

  test("same input and date ⇒ same bytes", async () => {
    const a = await render("so-y-te");
    const b = await render("so-y-te");
    expect(Buffer.compare(a.r.data, b.r.data)).toBe(0);
  });
});
