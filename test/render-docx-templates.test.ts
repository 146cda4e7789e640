import { beforeAll, describe, expect, test } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PizZip from "pizzip";
import type { Model } from "../src/consolidate/model.js";
import { CchcError } from "../src/problems/problem.js";
import { renderReportDocx } from "../src/render/docx-report.js";
import { visibleText } from "../src/render/docx-engine.js";
import { loadSnippets } from "../src/render/text-snippets.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";
import { unzipDocx } from "./helpers/docx-xml.js";

let model: Model;
beforeAll(async () => {
  ({ model } = await buildSampleModel({ missing: ["so-ngoai-vu"] }));
}, 60_000);

/** A copy of the shipped templates/ in a temporary folder, to edit. */
function copyTemplates(): string {
  const dir = mkdtempSync(join(tmpdir(), "cchc-tpl-"));
  cpSync(join(repoRoot, "templates"), join(dir, "templates"), { recursive: true });
  return join(dir, "templates");
}

function editDocument(templatesDir: string, edit: (xml: string) => string): void {
  const path = join(templatesDir, "bao-cao-tong-hop.docx");
  const zip = new PizZip(readFileSync(path));
  const xml = zip.file("word/document.xml")!.asText();
  const changed = edit(xml);
  expect(changed).not.toBe(xml);
  zip.file("word/document.xml", changed);
  writeFileSync(path, zip.generate({ type: "nodebuffer", compression: "DEFLATE" }));
}

async function renderError(templatesDir: string): Promise<CchcError> {
  try {
    await renderReportDocx(model, { templatesDir });
  } catch (e) {
    if (e instanceof CchcError) return e;
    throw e;
  }
  throw new Error("expected a CchcError");
}

describe("a broken Word template stops with exit code 2, naming the template and the tag", () => {
  test("a tag name with Vietnamese letters", async () => {
    const dir = copyTemplates();
    editDocument(dir, (x) => x.replace("{trichYeu}", "{trích_yếu}"));
    const e = await renderError(dir);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("templates/bao-cao-tong-hop.docx");
    expect(e.message).toContain("trích_yếu");
    expect(e.message).toMatch(/không hợp lệ/);
  });

  test("a loop that is never closed", async () => {
    const dir = copyTemplates();
    editDocument(dir, (x) => x.replace("{/moDau}", ""));
    const e = await renderError(dir);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("templates/bao-cao-tong-hop.docx");
    expect(e.message).toContain("moDau");
  });

  test("an unclosed brace", async () => {
    const dir = copyTemplates();
    editDocument(dir, (x) => x.replace("{soKyHieu}", "{soKyHieu"));
    const e = await renderError(dir);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("soKyHieu");
  });

  test("a tag the program does not know (a typo) is an error, not a blank", async () => {
    const dir = copyTemplates();
    editDocument(dir, (x) => x.replace("{diaDanhNgay}", "{diaDanhNgya}"));
    const e = await renderError(dir);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("diaDanhNgya");
    expect(e.message).toContain("templates/bao-cao-tong-hop.docx");
  });

  test("a missing template file", async () => {
    const e = await renderError(join(mkdtempSync(join(tmpdir(), "cchc-none-")), "templates"));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("bao-cao-tong-hop.docx");
  });
});

describe("the sentences come from templates/cau-van/*.hbs", () => {
  test("after a sentence is changed, the next render uses it", async () => {
    const dir = copyTemplates();
    const path = join(dir, "cau-van", "ket-thuc.hbs");
    writeFileSync(path, "Kính trình {{noiBaoCao}} xem xét kết quả {{ky}}\n");
    const r = await renderReportDocx(model, { templatesDir: dir });
    const text = visibleText(unzipDocx(r.data));
    expect(text).toContain("Kính trình Ủy ban nhân dân tỉnh xem xét kết quả quý I năm 2025./.");
    expect(text).not.toContain("Trên đây là báo cáo");
    const body = join(dir, "cau-van", "linh-vuc-ii.hbs");
    writeFileSync(
      body,
      readFileSync(body, "utf8").replace("các cơ quan, đơn vị đã tiếp nhận", "toàn tỉnh tiếp nhận tổng cộng"),
    );
    const r2 = await renderReportDocx(model, { templatesDir: dir });
    expect(visibleText(unzipDocx(r2.data))).toMatch(/toàn tỉnh tiếp nhận tổng cộng [\d.]+ hồ sơ/);
  });

  test("a misspelt field stops with exit code 2 naming the snippet file and the field", async () => {
    const dir = copyTemplates();
    writeFileSync(join(dir, "cau-van", "ket-thuc.hbs"), "Trên đây là báo cáo {{kyy}}\n");
    const e = await renderError(dir);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("cau-van/ket-thuc.hbs");
    expect(e.message).toContain("kyy");
  });

  test("a syntax error or an unknown indicator code is reported the same way", async () => {
    const dir = copyTemplates();
    writeFileSync(join(dir, "cau-van", "mo-dau.hbs"), "{{#if ky}}không đóng\n");
    const e = await renderError(dir);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("cau-van/mo-dau.hbs");

    const dir2 = copyTemplates();
    writeFileSync(join(dir2, "cau-van", "mo-dau.hbs"), 'Tiếp nhận {{so "ii.khong-co"}} hồ sơ\n');
    const e2 = await renderError(dir2);
    expect(e2.exitCode).toBe(2);
    expect(e2.message).toContain("cau-van/mo-dau.hbs");
    expect(e2.message).toContain("ii.khong-co");
  });

  test("an error inside a shared part names that part's file", async () => {
    const dir = copyTemplates();
    writeFileSync(join(dir, "cau-van", "_y-kien.hbs"), "{{#each ds}}\n- {{coQuann}}\n{{/each}}\n");
    const e = await renderError(dir);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("cau-van/_y-kien.hbs");
    expect(e.message).toContain("coQuann");
  });

  test("helpers are strict and Vietnamese-styled; no prototype access; no HTML escaping", async () => {
    const dir = copyTemplates();
    writeFileSync(
      join(dir, "cau-van", "thu.hbs"),
      "{{formatNumber a}} | {{formatPercent b}} | {{formatShortDate c}} | {{formatNumber n}} | {{s}} | {{o.constructor}}\n",
    );
    const s = await loadSnippets(dir);
    expect(s.render("thu", { a: 1234567.5, b: 97.66, c: "2025-03-05", n: null, s: "<a & b>", o: {} })).toBe(
      "1.234.567,5 | 97,7% | 05/03/2025 | (chưa có số liệu) | <a & b> | \n",
    );
    writeFileSync(join(dir, "cau-van", "thu.hbs"), "{{formatNumber a}}\n");
    const s2 = await loadSnippets(dir);
    expect(() => s2.render("thu", { a: "12" })).toThrow(/cau-van\/thu\.hbs.*formatNumber/);
  });
});
