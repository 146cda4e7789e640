// @module-tag slow (runs the CLI at length)
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { repoRoot } from "./helpers/model-fixture.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";
import { buildTemplateWorkbook } from "../src/forms/template-workbook.js";
import { fillTemplate } from "../src/sample/fill-template.js";
import { plausibleSpec } from "../src/sample/make-sample-data.js";
import { modelSchema } from "../src/consolidate/model.js";
import { unpackModel } from "../src/workspace/model-pack.js";

function readModel(ws: string, period: string) {
  return modelSchema.parse(unpackModel(JSON.parse(readFileSync(join(ws, "output", period, "tong-hop.json"), "utf8"))));
}

describe("cchc build on the shipped sample data (the README's main command)", () => {
  it("writes every output of the period, with the expected statuses, and exits 1 for the files with errors", () => {
    const ws = makeWorkspace();
    cpSync(join(repoRoot, "data"), join(ws, "data"), { recursive: true });
    const r = runCchc(["build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    for (const f of [
      "tong-hop.json",
      "bao-cao-tong-hop-2025-Q1.docx",
      "cong-van-don-doc-2025-Q1.docx",
      "y-kien-co-quan-2025-Q1.docx",
      "tong-hop-2025-Q1.xlsx",
      "so-lieu-2025-Q1.csv",
      "index.html",
    ]) {
      expect(existsSync(join(ws, "output", "2025-Q1", f)), f).toBe(true);
    }
    const m = readModel(ws, "2025-Q1");
    expect(m.completeness.total).toMatchObject({ expected: 33, onTime: 27, late: 3, rejected: 1, missing: 2 });
    expect(
      m.agencies
        .filter((a) => a.status === "missing")
        .map((a) => a.code)
        .sort(),
    ).toEqual(["ngan-hang-nha-nuoc", "tam-dao"]);
    expect(m.agencies.find((a) => a.code === "so-y-te")).toMatchObject({ version: 2, status: "on-time" });
    expect(m.tasks).toHaveLength(68);
    // every total traces to the cells it came from
    for (const t of m.totalDetails)
      for (const c of t.contributions) expect(c.ref, `${t.code} ${c.agency}`).not.toBeNull();
  });
});

describe("a 6-month report after quý I", () => {
  it("compares with quý I and checks that cumulative figures did not fall", async () => {
    const ws = makeWorkspace();
    cpSync(join(repoRoot, "data"), join(ws, "data"), { recursive: true });
    expect(runCchc(["build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws]).status).toBe(1);
    const q1 = readModel(ws, "2025-Q1");

    const plan = await loadPlan(ws);
    const h1 = parsePeriod("2025-H1")!;
    const inbox = mkdtempSync(join(tmpdir(), "cchc-h1-"));
    const files: string[] = [];
    for (const code of ["so-tu-phap", "so-noi-vu", "tp-vinh-yen"]) {
      const agency = plan.agencies.find((a) => a.code === code)!;
      const spec = plausibleSpec(plan, h1, agency, 2025);
      if (code === "tp-vinh-yen") {
        // a cumulative figure below the same agency's quý I figure
        const q1Value = q1.agencies.find((a) => a.code === code)!.values["ii.hs-tiep-nhan"]!;
        spec.values = {
          ...spec.values,
          "ii.hs-tiep-nhan": Math.floor(q1Value / 2),
          "ii.hs-truc-tuyen": 1,
          "ii.hs-giai-quyet": 1,
          "ii.hs-khong-yeu-cau-lai": 1,
          "ii.hs-ky-truoc": 0,
        };
      }
      const bytes = await fillTemplate(
        await buildTemplateWorkbook(plan, h1, agency, { issuedOn: "2025-06-01", generator: "test" }),
        spec,
      );
      const path = join(inbox, `${code}.xlsx`);
      writeFileSync(path, bytes);
      files.push(path);
    }
    const rec = runCchc(["receive", ...files, "--date", "2025-06-18", "--root", ws]);
    expect(rec.status).toBe(0);
    runCchc(["build", "--period", "2025-H1", "--date", "2025-06-25", "--root", ws]);
    const m = readModel(ws, "2025-H1");
    expect(m.comparison.previous?.period).toBe("2025-Q1");
    const row = m.comparison.previous!.rows.find((x) => x.code === "ii.hs-tiep-nhan")!;
    expect(row.other).toBe(q1.totals["ii.hs-tiep-nhan"]);
    expect(m.comparison.cumulativeChecks.length).toBeGreaterThan(10);
    const bad = m.comparison.cumulativeChecks.filter((c) => !c.ok);
    expect(bad.map((c) => [c.agency, c.indicator])).toContainEqual(["tp-vinh-yen", "ii.hs-tiep-nhan"]);
    expect(m.findings.some((f) => f.agency === "tp-vinh-yen" && f.code === "intake.rule.cumulative-decrease")).toBe(
      true,
    );
  }, 240_000); // every template carries its check column: slower to write on a loaded machine
});
