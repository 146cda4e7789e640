// @module-tag slow (runs the CLI at length)
import { cpSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PizZip from "pizzip";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { repoRoot } from "./helpers/model-fixture.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";
import { buildTemplateWorkbook } from "../src/forms/template-workbook.js";
import { fillTemplate } from "../src/sample/fill-template.js";
import { plausibleSpec } from "../src/sample/make-sample-data.js";
import { audienceOf, formatProblem, operatorHint } from "../src/problems/messages.js";
import { intakeSeverities } from "../src/problems/intake-codes.js";
import { isModel, readModelFile } from "../src/workspace/model-file.js";

/**
 * Texts that leave the office (the report to UBND tỉnh, the companion document, the reminder letter, the feedback
 * workbooks, the template's guide and the cover note) speak of files, sheets and cells, never of the program's
 * commands, options, paths or name; the operator's instructions stay in the CLI and the README.
 */
const operatorWords: [string, RegExp][] = [
  // lower case: "CCHC" (cải cách hành chính) is the subject itself; an e-mail address like cchc.snv@… is no command
  ["the program's name", /\bcchc\b(?![.\w-]*@)/],
  ["a command-line option", /(^|[\s("“])--[a-z]/m],
  ["a workspace path", /\b(seeds|data|output|templates|phan-hoi|bieu-mau|cau-van)[\\/]/i],
  ["a program file", /\.(json|jsonl|hbs|mjs|js|ts)\b/i],
  ["a program", /\b(npm|npx|node|soffice|LibreOffice|exceljs|docxtemplater)\b/i],
  ["a cache folder", /\.cchc/i],
];

function offending(text: string): string[] {
  return operatorWords.flatMap(([what, re]) => {
    const m = re.exec(text);
    return m ? [`${what}: …${text.slice(Math.max(0, m.index - 60), m.index + 40)}…`] : [];
  });
}

const xmlText = (xml: string): string =>
  xml
    .replace(/<w:tab\/>/g, " ")
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** Every text part of an Office file (document, headers, footers; shared strings, inline strings, comments). */
function officeText(path: string): string {
  const zip = new PizZip(readFileSync(path));
  return Object.keys(zip.files)
    .filter((n) =>
      /^(word\/(document|header\d*|footer\d*|footnotes)\.xml|xl\/(sharedStrings|worksheets\/sheet\d+|comments\d*)\.xml)$/.test(
        n,
      ),
    )
    .map((n) => xmlText(zip.file(n)!.asText()))
    .join("\n");
}

describe("words for the right reader", () => {
  it("every intake finding has an audience, and no message an agency or the leadership reads names a command, path or program", () => {
    for (const code of Object.keys(intakeSeverities) as (keyof typeof intakeSeverities)[]) {
      const audience = audienceOf(code);
      expect(["agency", "leadership", "operator"], code).toContain(audience);
      if (audience === "operator") continue;
      // the richest args a message can get: every optional branch taken
      const args = {
        found: "2024-Y",
        foundLabel: "năm 2024",
        expected: "2025-Q1",
        expectedLabel: "quý I năm 2025",
        source: "option",
        detail: "ENOENT data/x.xlsx",
        format: "xls",
        meta: "a",
        metaName: "A",
        hint: "b",
        hintName: "B",
        fileName: "b.xlsx",
        name: "X",
        row: "ind",
        id: "x",
        column: "note",
      };
      expect(offending(formatProblem({ code, args })), code).toEqual([]);
    }
    // the operator still gets the command, beside the agency's words
    const args = { found: "2024-Y", foundLabel: "năm 2024", expected: "2025-Q1", expectedLabel: "quý I năm 2025" };
    expect(formatProblem({ code: "intake.other-period", args })).not.toContain("cchc");
    expect(operatorHint({ code: "intake.other-period", args })).toContain("cchc receive TỆP --period 2024-Y");
    expect(audienceOf("intake.duplicate-content")).toBe("operator");
    expect(audienceOf("seed.missing-file")).toBe("operator");
  });

  describe("on the shipped sample (UBND huyện Tam Dương sent its annual 2024 file for quý I)", () => {
    let ws: string;
    let checkOut: string;
    beforeAll(() => {
      ws = makeWorkspace();
      cpSync(join(repoRoot, "data"), join(ws, "data"), { recursive: true });
      checkOut = runCchc(["check", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws]).stdout;
      expect(runCchc(["build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws]).status).toBe(1);
      expect(
        runCchc(["issue", "--period", "2025-H1", "--agency", "tam-duong", "--date", "2025-06-01", "--root", ws]).status,
      ).toBe(0);
    }, 240_000);

    it("no outgoing document names a command, an option, a path or a program", () => {
      const out = join(ws, "output", "2025-Q1");
      const documents = [
        ...readdirSync(out)
          .filter((n) => /\.docx$/.test(n))
          .map((n) => join(out, n)),
        ...readdirSync(join(out, "phan-hoi")).map((n) => join(out, "phan-hoi", n)),
        ...readdirSync(join(ws, "output", "2025-H1", "bieu-mau"))
          .filter((n) => n.endsWith(".xlsx"))
          .map((n) => join(ws, "output", "2025-H1", "bieu-mau", n)),
      ];
      expect(documents.some((p) => p.includes("bao-cao-tong-hop"))).toBe(true);
      expect(documents.some((p) => p.includes("cong-van-don-doc"))).toBe(true);
      expect(documents.some((p) => p.includes("phan-hoi"))).toBe(true);
      const texts = documents.map((p) => [p, officeText(p)] as const);
      texts.push([COVER, readFileSync(join(ws, "output", "2025-H1", "bieu-mau", COVER), "utf8")]);
      for (const [path, text] of texts) expect(offending(text), path).toEqual([]);
      // the letter still tells Tam Dương what is wrong with its file
      const letter = texts.find(([p]) => p.includes("cong-van-don-doc"))![1];
      expect(letter).toContain("Ủy ban nhân dân huyện Tam Dương");
      expect(letter).toMatch(/Biểu mẫu dành cho kỳ năm 2024|biểu mẫu dành cho kỳ năm 2024/);
    });

    it("the operator is still told how to receive the file into its own period", () => {
      expect(checkOut).toContain("cchc receive TỆP --period 2024-Y");
    });
  });
});

const COVER = "huong-dan-gui-bieu-mau.txt";

describe("figure notes", () => {
  it("the note beside a figure reaches tong-hop.json with its cell, and the figures sheet as the cell's comment", async () => {
    const ws = makeWorkspace();
    const plan = await loadPlan(ws);
    const period = parsePeriod("2025-Q1")!;
    const agency = plan.agencies.find((a) => a.code === "so-tu-phap")!;
    const spec = plausibleSpec(plan, period, agency, 2025);
    spec.notes = { "ii.hs-tiep-nhan": "Số liệu tạm tính đến ngày 10/3, chưa gồm hồ sơ liên thông." };
    const bytes = await fillTemplate(
      await buildTemplateWorkbook(plan, period, agency, { issuedOn: "2025-03-01", generator: "test" }),
      spec,
    );
    const inbox = mkdtempSync(join(tmpdir(), "cchc-notes-"));
    writeFileSync(join(inbox, "so-tu-phap.xlsx"), bytes);
    expect(runCchc(["receive", join(inbox, "so-tu-phap.xlsx"), "--date", "2025-03-18", "--root", ws]).status).toBe(0);
    expect(runCchc(["build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws]).status).toBeLessThanOrEqual(
      1,
    );

    const model = await readModelFile(join(ws, "output", "2025-Q1", "tong-hop.json"));
    if (!isModel(model)) throw new Error("tong-hop.json is not a model");
    const a = model.agencies.find((x) => x.code === "so-tu-phap")!;
    expect(a.notes["ii.hs-tiep-nhan"]).toMatchObject({
      text: spec.notes["ii.hs-tiep-nhan"],
      ref: { sheet: "Số liệu" },
    });
    expect(a.notes["ii.hs-tiep-nhan"]!.ref.file).toBe(a.file);
    expect(a.notes["ii.hs-tiep-nhan"]!.ref.cell).toMatch(/^[A-Z]+\d+$/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(ws, "output", "2025-Q1", "tong-hop-2025-Q1.xlsx")) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("Số liệu")!;
    const notes: string[] = [];
    sheet.eachRow((row) =>
      row.eachCell((c) => {
        const n = c.note;
        if (n) notes.push(typeof n === "string" ? n : (n.texts ?? []).map((t) => t.text).join(""));
      }),
    );
    expect(notes.some((n) => n.includes("Ghi chú của Sở Tư pháp: Số liệu tạm tính đến ngày 10/3"))).toBe(true);
  }, 240_000);
});
