// @module-tag slow (runs the CLI at length)
import { describe, expect, test } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { fillIssuedTemplate } from "./helpers/fill-agency.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";

/**
 * Who sent a file (fault 7), through the real CLI: the hidden `_meta` sheet must agree with what the agency sees (the
 * agency name on the info sheet, the period line of the title block), and a file received before its period's data
 * window opens is flagged.
 */

async function filled(root: string, periodId: string, agency: string): Promise<Buffer> {
  expect(
    runCchc(["issue", "--root", root, "--period", periodId, "--agency", agency, "--date", "2025-03-01"]).status,
  ).toBe(0);
  const plan = await loadPlan(root);
  return fillIssuedTemplate(
    root,
    plan,
    parsePeriod(periodId)!,
    plan.agencies.find((a) => a.code === agency)!,
  );
}

/** The same workbook with one `_meta` value changed (as a hand edit in Excel would leave it). */
async function withMeta(bytes: Buffer, key: string, value: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("_meta")!;
  let done = false;
  ws.eachRow((row) => {
    if (row.getCell(1).value === key) {
      row.getCell(2).value = value;
      done = true;
    }
  });
  expect(done).toBe(true);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface ReceiveJson {
  received: {
    status: string;
    accepted: boolean;
    agency: string | null;
    period: string | null;
    rejectReason: string | null;
    findings: { code: string; severity: string; sheet: string; cell: string; message: string }[];
  }[];
}

describe("the visible identity against _meta", () => {
  test("Sở Tư pháp's workbook with _meta naming Sở Y tế is rejected, the error naming both agencies, sheets and cells", async () => {
    const root = makeWorkspace();
    const src = join(root, "bao-cao.xlsx");
    await writeFile(src, await withMeta(await filled(root, "2025-Q1", "so-tu-phap"), "agency", "so-y-te"));
    const r = runCchc(["receive", src, "--root", root, "--date", "2025-03-18", "--json"]);
    expect(r.status).toBe(1);
    const out = (JSON.parse(r.stdout) as ReceiveJson).received[0]!;
    expect(out).toMatchObject({ status: "stored", accepted: false });
    expect(out.agency).not.toBe("so-y-te");
    const f = out.findings.find((x) => x.code === "intake.identity-agency")!;
    expect(f).toMatchObject({ severity: "error", sheet: "Thông tin" });
    expect(f.cell).toMatch(/^[A-Z]+\d+$/);
    expect(f.message).toContain("“Sở Tư pháp”");
    expect(f.message).toContain("Sở Y tế");
    expect(f.message).toMatch(/trang “_meta”, ô B\d+/);

    const check = JSON.parse(
      runCchc(["check", "--root", root, "--period", "2025-Q1", "--date", "2025-03-25", "--json"]).stdout,
    ) as {
      submissions: { agency: string | null; accepted: boolean; findings: { code: string }[] }[];
      missing: string[];
    };
    expect(check.submissions.map((s) => [s.accepted, s.findings.map((x) => x.code)])).toEqual([
      [false, ["intake.identity-agency"]],
    ]);
    expect(check.missing).toContain("so-y-te");
  });

  test("a workbook whose _meta period differs from its visible period line is rejected, naming both", async () => {
    const root = makeWorkspace();
    const src = join(root, "bao-cao.xlsx");
    await writeFile(src, await withMeta(await filled(root, "2025-Q1", "so-tu-phap"), "period", "2025-H1"));
    const r = runCchc(["receive", src, "--root", root, "--date", "2025-06-18", "--json"]);
    expect(r.status).toBe(1);
    const out = (JSON.parse(r.stdout) as ReceiveJson).received[0]!;
    expect(out.accepted).toBe(false);
    const f = out.findings.find((x) => x.code === "intake.identity-period")!;
    expect(f).toMatchObject({ severity: "error", sheet: "Thông tin" });
    expect(f.message).toContain("“quý I năm 2025”");
    expect(f.message).toContain("6 tháng đầu năm 2025");
  });

  test("the untouched workbook is accepted with no identity finding", async () => {
    const root = makeWorkspace();
    const src = join(root, "bao-cao.xlsx");
    await writeFile(src, await filled(root, "2025-Q1", "so-tu-phap"));
    const out = (
      JSON.parse(runCchc(["receive", src, "--root", root, "--date", "2025-03-18", "--json"]).stdout) as ReceiveJson
    ).received[0]!;
    expect(out).toMatchObject({ status: "stored", accepted: true, agency: "so-tu-phap" });
    expect(out.findings.map((x) => x.code)).not.toContain("intake.identity-agency");
  });
});

describe("a file received before its period's data window opens", () => {
  test("a 2025-Q3 workbook received on 10/06/2025 is filed into 2025-Q3 with a warning, by receive and by check", async () => {
    const root = makeWorkspace();
    const src = join(root, "quy-3.xlsx");
    await writeFile(src, await filled(root, "2025-Q3", "so-tu-phap"));
    const r = runCchc(["receive", src, "--root", root, "--date", "2025-06-10", "--json"]);
    const out = (JSON.parse(r.stdout) as ReceiveJson).received[0]!;
    expect(out).toMatchObject({ status: "stored", period: "2025-Q3", accepted: true });
    const f = out.findings.find((x) => x.code === "intake.received-before-window")!;
    expect(f.severity).toBe("warning");
    expect(f.message).toContain("10/06/2025");
    expect(f.message).toContain("15/06/2025");
    const text = runCchc(["check", "--root", root, "--period", "2025-Q3", "--date", "2025-09-15"]).stdout;
    expect(text).toContain("trước khi thời gian chốt số liệu quý III năm 2025 bắt đầu");
    // on 16/06 it is inside the window: no warning
    const root2 = makeWorkspace();
    const src2 = join(root2, "quy-3.xlsx");
    await writeFile(src2, await readFile(src));
    const inside = (
      JSON.parse(runCchc(["receive", src2, "--root", root2, "--date", "2025-06-16", "--json"]).stdout) as ReceiveJson
    ).received[0]!;
    expect(inside.findings.map((x) => x.code)).not.toContain("intake.received-before-window");
  });
});
