// @module-tag slow (runs the CLI at length)
import { contextAt } from "./helpers/context.js";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { runIssue } from "../src/commands/issue.js";
import { CchcError } from "../src/problems/problem.js";
import type { Plan } from "../src/plan/plan.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { cellAt, loadWorkbook, readKeys, readMeta, sheetsByMarker } from "./helpers/template-sheets.js";

let ws: string;
let plan: Plan;
const sha = (p: string): string => createHash("sha256").update(readFileSync(p)).digest("hex");

beforeAll(async () => {
  ws = makeWorkspace();
  plan = await loadPlan(ws);
});

interface IssueJson {
  period: string;
  files: { agency: string; path: string }[];
  note: string;
  previousPeriod: { id: string; found: boolean };
}

describe("cchc issue", () => {
  test("writes one workbook per reporting agency and a cover note, and lists them", async () => {
    const r = await runIssue(contextAt(ws, plan, "2025-03-01"), { period: "2025-Q1", agencies: [] });
    const json = r.json as IssueJson;
    expect(r.exitCode).toBe(0);
    expect(json.period).toBe("2025-Q1");
    expect(json.files).toHaveLength(33);
    expect(json.files[0]).toEqual({
      agency: "so-tai-chinh",
      path: "output/2025-Q1/bieu-mau/2025-Q1_so-tai-chinh.xlsx",
    });
    for (const f of json.files) {
      expect(f.path).toMatch(/^output\/2025-Q1\/bieu-mau\/2025-Q1_[a-z0-9-]+\.xlsx$/);
      expect(existsSync(join(ws, f.path))).toBe(true);
    }
    expect(json.note).toBe("output/2025-Q1/bieu-mau/huong-dan-gui-bieu-mau.txt");
    expect(readdirSync(join(ws, "output/2025-Q1/bieu-mau")).filter((n) => n.startsWith(".cchc-tmp"))).toEqual([]);
    expect(r.text).toContain("Đã phát hành 33 biểu mẫu kỳ quý I năm 2025");
    expect(r.text).toContain("chậm nhất ngày 20/3/2025");

    const meta = readMeta(sheetsByMarker(await loadWorkbook(readFileSync(join(ws, json.files[4]!.path)))).get("meta")!);
    expect(meta).toMatchObject({ agency: json.files[4]!.agency, period: "2025-Q1", issuedOn: "2025-03-01" });
    expect(meta["generator"]).toMatch(/^cchc \d+\.\d+\.\d+/);
  });

  test("the cover note is UTF-8 with a BOM and CRLF line ends, and names every file and the deadline", () => {
    const bytes = readFileSync(join(ws, "output/2025-Q1/bieu-mau/huong-dan-gui-bieu-mau.txt"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(text).toContain("chậm nhất ngày 20/3/2025");
    expect(text).toContain("từ 15/12/2024 đến 14/3/2025");
    expect(text).toContain("2025-Q1_so-tu-phap.xlsx - Sở Tư pháp");
    expect(text.match(/\.xlsx - /g)).toHaveLength(33);
  });

  test("--agency narrows the run; an unknown code or an agency not reporting in the period stops with exit code 2", async () => {
    const ws2 = makeWorkspace();
    const r = await runIssue(contextAt(ws2, plan, "2025-03-01"), {
      period: "2025-Q1",
      agencies: ["tp-vinh-yen", "so-tu-phap"],
    });
    expect((r.json as IssueJson).files.map((f) => f.agency)).toEqual(["so-tu-phap", "tp-vinh-yen"]);
    expect(readdirSync(join(ws2, "output/2025-Q1/bieu-mau")).sort()).toEqual([
      "2025-Q1_so-tu-phap.xlsx",
      "2025-Q1_tp-vinh-yen.xlsx",
      "huong-dan-gui-bieu-mau.txt",
    ]);
    const unknown = await runIssue(contextAt(ws2, plan, "2025-03-01"), {
      period: "2025-Q1",
      agencies: ["so-khong-co"],
    }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(CchcError);
    expect((unknown as CchcError).exitCode).toBe(2);
    expect((unknown as CchcError).message).toBe('Không có cơ quan mã "so-khong-co" trong seeds/agencies.json.');
    const gone = await runIssue(contextAt(ws2, plan, "2025-12-01"), {
      period: "2025-Y",
      agencies: ["tp-vinh-yen"],
    }).catch((e: unknown) => e);
    expect((gone as CchcError).exitCode).toBe(2);
    expect((gone as CchcError).message).toContain("không báo cáo kỳ năm 2025");
    const year = await runIssue(contextAt(ws2, plan, "2025-12-01"), { period: "2025-Y", agencies: [] });
    expect((year.json as IssueJson).files).toHaveLength(24);
  });

  test("the previous period's tong-hop.json fills the 'previous' column; a broken one is ignored", async () => {
    const ws3 = makeWorkspace();
    mkdirSync(join(ws3, "output/2024-Y"), { recursive: true });
    writeFileSync(
      join(ws3, "output/2024-Y/tong-hop.json"),
      JSON.stringify({
        period: "2024-Y",
        agencies: [
          { code: "so-tu-phap", values: { "ii.hs-tiep-nhan": 4321, "cd.van-ban-chi-dao": null } },
          { code: 5 },
        ],
      }),
    );
    const r = await runIssue(contextAt(ws3, plan, "2025-03-01"), {
      period: "2025-Q1",
      agencies: ["so-tu-phap", "so-y-te"],
    });
    expect((r.json as IssueJson).previousPeriod).toEqual({ id: "2024-Y", found: true });
    const figures = (code: string) => readKeys(sheetsByMarker(readFileSyncWb(ws3, code)).get("figures")!);
    function readFileSyncWb(root: string, code: string) {
      return books.get(`${root}:${code}`)!;
    }
    const books = new Map<string, Awaited<ReturnType<typeof loadWorkbook>>>();
    for (const code of ["so-tu-phap", "so-y-te"]) {
      books.set(
        `${ws3}:${code}`,
        await loadWorkbook(readFileSync(join(ws3, `output/2025-Q1/bieu-mau/2025-Q1_${code}.xlsx`))),
      );
    }
    expect(cellAt(figures("so-tu-phap"), "ind:ii.hs-tiep-nhan", "previous").value).toBe(4321);
    expect(cellAt(figures("so-y-te"), "ind:ii.hs-tiep-nhan", "previous").value).toBeNull();

    writeFileSync(join(ws3, "output/2024-Y/tong-hop.json"), "{ không phải JSON");
    const broken = await runIssue(contextAt(ws3, plan, "2025-03-01"), { period: "2025-Q1", agencies: ["so-tu-phap"] });
    expect((broken.json as IssueJson).previousPeriod.found).toBe(false);
    expect(broken.text).toContain('cột "Kỳ trước" để trống');
  });
  test("the previous column counts only agencies that gave figures then (missing and rejected ones do not)", async () => {
    const ws4 = makeWorkspace();
    mkdirSync(join(ws4, "output/2025-Q1"), { recursive: true });
    const codes = plan.agencies.filter((a) => a.validTo === null || a.validTo >= "2025-06-30").map((a) => a.code);
    // as build writes them: every expected agency is listed, those without a usable file with no figures
    writeFileSync(
      join(ws4, "output/2025-Q1/tong-hop.json"),
      JSON.stringify({
        agencies: codes.map((code, i) => ({
          code,
          values: i < 3 ? {} : i === 3 ? { "ii.hs-tiep-nhan": null } : { "ii.hs-tiep-nhan": 10 + i },
        })),
      }),
    );
    const r = await runIssue(contextAt(ws4, plan, "2025-06-01"), { period: "2025-H1", agencies: [] });
    const n = (r.json as IssueJson).files.length;
    expect(r.text).toContain(`có số liệu của ${n - 4}/${n} cơ quan`);
  });
});

describe("cchc issue through the real CLI", () => {
  test("writes 33 workbooks, the same bytes on a second run with the same --date", () => {
    const a = makeWorkspace();
    const b = makeWorkspace();
    const args = ["issue", "--period", "2025-Q1", "--date", "2025-03-01", "--json"];
    const r1 = runCchc([...args, "--root", a]);
    expect(r1.stderr).toBe("");
    expect(r1.status).toBe(0);
    const json = JSON.parse(r1.stdout) as IssueJson;
    expect(json.files).toHaveLength(33);
    expect(runCchc([...args, "--root", b]).status).toBe(0);
    for (const f of json.files) expect(sha(join(b, f.path)), f.path).toBe(sha(join(a, f.path)));
    expect(sha(join(b, json.note))).toBe(sha(join(a, json.note)));
  }, 240_000); // every template carries its check column: slower to write on a loaded machine

  test("an unknown --agency is a usage error (exit code 2) explained in Vietnamese", () => {
    const r = runCchc(["issue", "--period", "2025-Q1", "--agency", "so-khong-co", "--root", makeWorkspace()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Không có cơ quan mã "so-khong-co"');
  });
});
