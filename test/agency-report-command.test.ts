import { beforeAll, describe, expect, test } from "vitest";
import { contextAt } from "./helpers/context.js";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePeriod, type Period } from "../src/calendar/period.js";
import { runAgencyReport } from "../src/commands/agency-report.js";
import { runIssue } from "../src/commands/issue.js";
import { findAgency, type Plan } from "../src/plan/plan.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { CchcError } from "../src/problems/problem.js";
import { visibleText } from "../src/render/docx-engine.js";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { fillIssuedTemplate } from "./helpers/fill-agency.js";
import { unzipDocx } from "./helpers/docx-xml.js";

let ws: string;
let plan: Plan;
let period: Period;
let filled: string;

beforeAll(async () => {
  ws = makeWorkspace();
  plan = await loadPlan(ws);
  period = parsePeriod("2025-Q1", plan.settings.due)!;
  await runIssue(contextAt(ws, plan, "2025-03-01"), { period: "2025-Q1", agencies: ["so-tu-phap"], quiet: true });
  const bytes = await fillIssuedTemplate(ws, plan, period, findAgency(plan, "so-tu-phap")!);
  filled = join(mkdtempSync(join(tmpdir(), "cchc-filled-")), "bao cao so tu phap.xlsx");
  writeFileSync(filled, bytes);
}, 120_000);

describe("cchc agency-report", () => {
  test("renders the agency's report from its filled template into output/<P>/bao-cao-co-quan/", async () => {
    const r = await runAgencyReport(contextAt(ws, plan, "2025-03-25"), { file: filled, quiet: false });
    const out = join(ws, "output", "2025-Q1", "bao-cao-co-quan", "bao-cao-so-tu-phap-2025-Q1.docx");
    expect(r.exitCode).toBe(0);
    expect(r.json).toMatchObject({ file: out, agency: "so-tu-phap", period: "2025-Q1", errors: 0 });
    expect(r.text).toContain("Đã lập báo cáo của Sở Tư pháp (quý I năm 2025)");
    expect(existsSync(out)).toBe(true);
    const text = visibleText(unzipDocx(readFileSync(out)));
    expect(text).toContain("SỞ TƯ PHÁP");
    expect(text).toContain("Kết quả thực hiện công tác cải cách hành chính quý I năm 2025");
    expect(text).toContain("Phụ lục I");
    expect(text).not.toMatch(/undefined|NaN|\bnull\b/);
  });

  test("--out chooses the folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cchc-out-"));
    await runAgencyReport(contextAt(ws, plan, "2025-03-25"), { file: filled, out: dir });
    expect(existsSync(join(dir, "bao-cao-so-tu-phap-2025-Q1.docx"))).toBe(true);
  });

  test("a file that is not a filled template stops with a Vietnamese message", async () => {
    const bad = join(mkdtempSync(join(tmpdir(), "cchc-bad-")), "x.xlsx");
    writeFileSync(bad, "không phải tệp Excel");
    const e = await runAgencyReport(contextAt(ws, plan, "2025-03-25"), { file: bad }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CchcError);
    expect((e as CchcError).message).toMatch(/^Không lập được báo cáo từ tệp/);
    const missing = await runAgencyReport(contextAt(ws, plan, "2025-03-25"), { file: join(ws, "khong-co.xlsx") }).catch(
      (x: unknown) => x,
    );
    expect((missing as CchcError).exitCode).toBe(2);
  });

  test("the CLI runs it with --json", () => {
    const out = mkdtempSync(join(tmpdir(), "cchc-cli-"));
    const r = runCchc(["agency-report", filled, "--root", ws, "--out", out, "--date", "2025-03-25", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ agency: "so-tu-phap", period: "2025-Q1" });
    expect(existsSync(join(out, "bao-cao-so-tu-phap-2025-Q1.docx"))).toBe(true);
  });
});
