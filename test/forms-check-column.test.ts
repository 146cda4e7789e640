import PizZip from "pizzip";
import { beforeAll, describe, expect, test } from "vitest";
import { parsePeriod, type Period } from "../src/calendar/period.js";
import { checkColumnKeys } from "../src/forms/data-sheet.js";
import { buildTemplate, type TemplateOptions } from "../src/forms/template-workbook.js";
import { parseSubmission } from "../src/intake/judge/parse-submission.js";
import { readWorkbookFile } from "../src/intake/xlsx/read-file.js";
import { declareChecks } from "../src/intake/judge/rule-book.js";
import { findAgency, type Agency, type Plan } from "../src/plan/plan.js";
import { fillTemplate, TemplateBook, type FillSpec } from "../src/sample/fill-template.js";
import { loadRepoPlan } from "./helpers/model-fixture.js";
import { cellText, loadWorkbook, readKeys, sheetsByMarker } from "./helpers/template-sheets.js";

const options: TemplateOptions = { issuedOn: "2025-03-01", generator: "cchc test" };
let plan: Plan;
let period: Period;
let agency: Agency;
let bytes: Buffer;

beforeAll(async () => {
  plan = await loadRepoPlan();
  period = parsePeriod("2025-Q1", plan.settings.due)!;
  agency = findAgency(plan, "so-tu-phap")!;
  bytes = (await buildTemplate(plan, period, agency, options)).bytes;
});

/** Functions that compute the same in Excel 2010+, LibreOffice 7+ and WPS (issue 16). */
const allowed = new Set([
  "IF",
  "AND",
  "OR",
  "NOT",
  "ISNUMBER",
  "ISBLANK",
  "LEN",
  "ABS",
  "ROUND",
  "SUM",
  "COUNTIF",
  "COUNTA",
  "SUMPRODUCT",
]);

describe("the template's check column", () => {
  test("every formula uses only the allowed functions, no array or external reference, and carries a cached result", () => {
    const zip = new PizZip(bytes);
    let formulas = 0;
    for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
      const xml = zip.file(name)!.asText();
      for (const m of xml.matchAll(/<c [^>]*>(<f[^>]*>)([\s\S]*?)<\/f>(<v>[\s\S]*?<\/v>|<v\/>)?/g)) {
        formulas++;
        expect(m[1]).toBe("<f>"); // no t="array", no shared formulas
        expect(m[3], `cached result of ${m[2]!.slice(0, 80)}`).toBeDefined();
        const code = m[2]!.replace(/&quot;/g, '"').replace(/"(?:[^"]|"")*"/g, '""');
        for (const f of code.matchAll(/([A-Z][A-Z0-9.]*)\(/g)) expect(allowed.has(f[1]!), f[1]).toBe(true);
        expect(code).not.toMatch(/\[/); // no external workbook
      }
      expect(xml).not.toMatch(/<f[^>]*t="array"/);
    }
    expect(formulas).toBeGreaterThan(100);
  });

  test("check cells are locked, beside the inputs; the counts are hidden", async () => {
    const wb = await loadWorkbook(bytes);
    for (const id of ["info", "tasks", "figures", "assessment"]) {
      const k = readKeys(sheetsByMarker(wb).get(id)!);
      const check = k.cols.get(checkColumnKeys.check)!;
      expect(cellText(k.ws.getCell(k.colsRow + 1, check).value)).toBe("Kiểm tra");
      expect(k.ws.getColumn(check).hidden).toBeFalsy();
      for (const key of [checkColumnKeys.errors, checkColumnKeys.warnings, checkColumnKeys.required])
        expect(k.ws.getColumn(k.cols.get(key)!).hidden).toBe(true);
      for (const r of k.rows.values()) expect(k.ws.getCell(r, check).protection?.locked).not.toBe(false);
    }
  });

  test("an issued template says, on Thông tin, how many required cells are still empty, as the rule code counts them", async () => {
    const wb = await loadWorkbook(bytes);
    const required = declareChecks({ plan, agency, period, floors: {} }).filter(
      (c) => c.rule === "required-empty",
    ).length;
    const info = sheetsByMarker(wb).get("info")!;
    const texts: string[] = [];
    info.eachRow((row) =>
      row.eachCell((c) => {
        const v = c.value as { formula?: string; result?: unknown } | null;
        if (v && typeof v === "object" && v.formula && c.master === c && String(v.result ?? "").startsWith("Kiểm tra"))
          texts.push(String(v.result));
      }),
    );
    expect(texts).toEqual([
      `Kiểm tra toàn biểu mẫu: Chưa có lỗi; còn ${required} ô bắt buộc chưa điền: xem cột Kiểm tra.`,
    ]);
  });

  test("check never reads the check column: tampered with or deleted, the findings stay the same", async () => {
    const spec: FillSpec = {
      values: { "ii.hs-tiep-nhan": 100, "ii.hs-ky-truoc": 10, "ii.hs-moi-tiep-nhan": 80, "ii.hs-truc-tuyen": 120 },
    };
    const judge = async (b: Uint8Array) => {
      const { workbook } = await readWorkbookFile(b, "f.xlsx");
      return parseSubmission({ workbook, plan, period: period.id, fileName: "f.xlsx" }).findings.map((f) => [
        f.code,
        f.cell,
        f.key,
      ]);
    };
    const filled = await fillTemplate(bytes, spec);
    const before = await judge(filled);
    expect(before.map((f) => f[0])).toContain("intake.rule.sum-mismatch");
    const tampered = await fillTemplate(
      filled,
      {},
      {
        edit: (t: TemplateBook) => {
          for (const id of ["info", "tasks", "figures", "assessment"] as const) {
            const k = readKeys(t.sheet(id));
            for (const r of k.rows.values()) {
              t.sheet(id).getCell(r, k.cols.get(checkColumnKeys.check)!).value = "Không còn lỗi";
              t.sheet(id).getCell(r, k.cols.get(checkColumnKeys.errors)!).value = 0;
            }
          }
        },
      },
    );
    expect(await judge(tampered)).toEqual(before);
    const deleted = await fillTemplate(
      filled,
      {},
      {
        edit: (t: TemplateBook) => {
          for (const id of ["info", "tasks", "figures", "assessment"] as const) {
            const k = readKeys(t.sheet(id));
            t.sheet(id).spliceColumns(k.cols.get(checkColumnKeys.check)!, 4);
          }
        },
      },
    );
    expect(await judge(deleted)).toEqual(before);
  });
});
