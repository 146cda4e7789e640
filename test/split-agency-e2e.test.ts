// @module-tag slow (runs the CLI at length)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { runCchc } from "./helpers/cli.js";
import { repoRoot } from "./helpers/model-fixture.js";
import { tinySeeds } from "./helpers/tiny-plan.js";
import { fillTemplate } from "./helpers/fill-template.js";
import { docxAsText } from "./helpers/docx-xml.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";
import { plausibleFill } from "../src/sample/plausible.js";
import { templateFileName } from "../src/intake/template-layout.js";
import { readModelFile, isModel } from "../src/workspace/model-file.js";

/**
 * A split, through the real CLI: Sở A ends on 30/9/2025 and its work passes to two new departments, Sở A Một and
 * Sở A Hai, from 1/10/2025. The specialist records it in the configuration workbook (config import); the year's
 * templates go to both successors; the year's report says plainly what became of Sở A's figures.
 */

let root: string;
const cli = (...args: string[]) => runCchc([...args, "--root", root]);

function writeWorkspace(dir: string): void {
  mkdirSync(join(dir, "seeds"), { recursive: true });
  for (const [file, v] of Object.entries(tinySeeds()))
    writeFileSync(join(dir, "seeds", file), JSON.stringify(v, null, 2));
  cpSync(join(repoRoot, "templates"), join(dir, "templates"), { recursive: true });
  const snippets = join(dir, "templates", "cau-van");
  writeFileSync(
    join(snippets, "chi-dao.hbs"),
    "Các cơ quan đã triển khai công tác chỉ đạo, điều hành cải cách hành chính.\n",
  );
  for (const name of [
    "linh-vuc-chung",
    "linh-vuc-i",
    "linh-vuc-ii",
    "linh-vuc-iii",
    "linh-vuc-iv",
    "linh-vuc-v",
    "linh-vuc-vi",
  ])
    writeFileSync(
      join(snippets, `${name}.hbs`),
      "Kết quả thực hiện {{linhVuc.ten}}.\n{{> so-lieu-khac vung=linhVuc.ma}}\n",
    );
}

async function fillPeriod(periodId: string, figures: Record<string, [number, number]>): Promise<void> {
  const plan = await loadPlan(root);
  const period = parsePeriod(periodId, plan.settings.due)!;
  mkdirSync(join(root, "data", periodId), { recursive: true });
  for (const [code, [hs, tt]] of Object.entries(figures)) {
    const a = plan.agencies.find((x) => x.code === code)!;
    const f = plausibleFill(plan, period, a, 7);
    const template = readFileSync(join(root, "output", periodId, "bieu-mau", templateFileName(periodId, code)));
    const values = { ...f.values, hs, "hs-tt": tt, "ty-le-tt": Math.round((tt / hs) * 1000) / 10 };
    const bytes = await fillTemplate(template, {
      info: { reporter: f.info.reporter, phone: f.info.phone, email: f.info.email, "doc-number": f.info.docNumber },
      values,
      tasks: Object.fromEntries(f.tasks.map((t) => [t.stt, { status: t.status, result: t.result }])),
      narrative: f.narrative,
    });
    writeFileSync(join(root, "data", periodId, `${code}.xlsx`), bytes);
  }
}

describe("an agency split in two, through the real CLI", () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "cchc-split-"));
    writeWorkspace(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("records the split with config import, issues the year to both successors, and the report states it plainly", async () => {
    // before the split: Sở A reports quý III
    expect(cli("issue", "--period", "2025-Q3", "--date", "2025-09-01").status).toBe(0);
    await fillPeriod("2025-Q3", { "so-a": [100, 60], "so-b": [50, 40], "tw-c": [30, 30] });
    const q3 = cli("build", "--period", "2025-Q3", "--date", "2025-09-12");
    expect([0, 1], q3.stderr).toContain(q3.status);

    // the specialist records the split in the configuration workbook
    expect(cli("config", "export", "--date", "2025-11-20").status).toBe(0);
    const file = join(root, "cau-hinh.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("Cơ quan")!;
    let colsRow = 0;
    ws.eachRow((row, n) => {
      if (!colsRow && row.getCell(1).value === "#cols") colsRow = n;
    });
    const col = new Map<string, number>();
    ws.getRow(colsRow).eachCell((c, n) => col.set(String(c.value), n));
    let last = colsRow + 1;
    let soA = 0;
    for (let r = colsRow + 2; r <= ws.rowCount; r++) {
      const code = ws.getCell(r, col.get("code")!).value;
      if (code) last = r;
      if (code === "so-a") soA = r;
    }
    ws.getCell(soA, col.get("validTo")!).value = new Date("2025-09-30T00:00:00Z");
    const add = (r: number, code: string, name: string, abbr: string) => {
      const set = (k: string, v: ExcelJS.CellValue) => (ws.getCell(r, col.get(k)!).value = v);
      set("code", code);
      set("name", name);
      set("shortName", name);
      set("abbr", abbr);
      set("group", "Sở, ban, ngành");
      set("level", "Cấp tỉnh");
      set("validFrom", new Date("2025-10-01T00:00:00Z"));
      set("succeeds", "so-a");
    };
    add(last + 1, "so-a-mot", "Sở A Một", "SA1");
    add(last + 2, "so-a-hai", "Sở A Hai", "SA2");
    await wb.xlsx.writeFile(file);
    const imp = cli("config", "import", file);
    expect(imp.stderr).toBe("");
    expect(imp.status).toBe(0);
    expect(imp.stdout).toContain("Cơ quan thêm mới 2: so-a-mot (Sở A Một); so-a-hai (Sở A Hai).");
    expect(imp.stdout).toContain("so-a (đến 30/09/2025)");
    expect(cli("plan", "--date", "2025-12-01").stdout).toMatch(
      /Sở A +30\/09\/2025 +chia tách: Sở A Một; Sở A Hai +01\/10\/2025/,
    );

    // the year: both successors get a template, each told to report only its part of Sở A's work
    const issue = cli("issue", "--period", "2025-Y", "--date", "2025-12-01");
    expect(issue.status, issue.stderr).toBe(0);
    const split =
      "Sở A được chia tách cho Sở A Một và Sở A Hai: số liệu các kỳ trước của Sở A chỉ được tính vào số toàn tỉnh, không so sánh riêng từng cơ quan.";
    expect(issue.stdout).toContain(split);
    expect(
      readdirSync(join(root, "output", "2025-Y", "bieu-mau"))
        .filter((n) => n.endsWith(".xlsx"))
        .sort(),
    ).toEqual(["so-a-hai", "so-a-mot", "so-b", "tw-c"].map((c) => templateFileName("2025-Y", c)));
    const guideOf = async (code: string): Promise<string> => {
      const t = new ExcelJS.Workbook();
      await t.xlsx.readFile(join(root, "output", "2025-Y", "bieu-mau", templateFileName("2025-Y", code)));
      const lines: string[] = [];
      t.getWorksheet("Hướng dẫn")!.eachRow((row) => row.eachCell((c) => lines.push(String(c.value ?? ""))));
      return lines.join("\n");
    };
    const mot = await guideOf("so-a-mot");
    expect(mot).toContain(
      "Sở A (kết thúc hoạt động ngày 30/9/2025) được chia tách cho Sở A Một và Sở A Hai. Sở A Một báo cáo thay cho Sở A phần công việc mình tiếp nhận",
    );
    expect(mot).toContain("Phần việc do Sở A Hai tiếp nhận thì Sở A Hai báo cáo; không báo cáo trùng.");
    expect(mot).not.toContain("gồm cả số liệu của cơ quan này trước ngày tiếp nhận");
    expect(await guideOf("so-a-hai")).toContain("Phần việc do Sở A Một tiếp nhận thì Sở A Một báo cáo");
    expect(mot).not.toMatch(/cchc|--|seeds/);

    await fillPeriod("2025-Y", { "so-a-mot": [70, 50], "so-a-hai": [60, 30], "so-b": [50, 40], "tw-c": [30, 30] });
    const b = cli("build", "--period", "2025-Y", "--date", "2025-12-18");
    expect([0, 1], b.stderr).toContain(b.status);
    const m = await readModelFile(join(root, "output", "2025-Y", "tong-hop.json"));
    if (!isModel(m)) throw new Error("no model");
    expect(m.completeness.total).toMatchObject({ expected: 4, reported: 4 });
    expect(m.comparison.succession).toEqual({
      combined: [],
      left: [],
      split: [
        {
          code: "so-a",
          name: "Sở A",
          into: [
            { code: "so-a-mot", name: "Sở A Một" },
            { code: "so-a-hai", name: "Sở A Hai" },
          ],
        },
      ],
    });
    // quý III's province totals keep Sở A's figures: 100 + 50 + 30
    expect(m.comparison.previous?.rows.find((r) => r.code === "hs")).toMatchObject({ current: 210, other: 180 });
    // stated once in the report and on the comparison sheet of the workbook
    const report = docxAsText(readFileSync(join(root, "output", "2025-Y", "bao-cao-tong-hop-2025-Y.docx")));
    expect(report.split(split).length - 1).toBe(1);
    const x = new ExcelJS.Workbook();
    await x.xlsx.readFile(join(root, "output", "2025-Y", "tong-hop-2025-Y.xlsx"));
    const notes: string[] = [];
    x.getWorksheet("So sánh")!.eachRow((row) => row.eachCell((c) => notes.push(String(c.value ?? ""))));
    expect(notes).toContain(split);
  }, 240_000);
});
