// @module-tag slow (runs the CLI at length)
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";
import { buildTemplateWorkbook } from "../src/forms/template-workbook.js";
import { fillTemplate, type FillSpec } from "../src/sample/fill-template.js";
import { plausibleSpec } from "../src/sample/make-sample-data.js";
import { assertWellFormedOffice } from "../src/render/office-check.js";
import { readZipEntries, writeZip } from "../src/render/zip-write.js";
import { textOfXml } from "../src/render/docx-engine.js";
import { renderers } from "../src/render/index.js";
import { runCli } from "../src/cli/main.js";

/**
 * Issue 13, faults 1 and 3 and the unreadable stored values, each reproduced through the built CLI (dist/) on
 * agency files made by code: the real templates, filled, sometimes with bytes edited as a broken writer would.
 */

const Q1 = parsePeriod("2025-Q1")!;

interface Finding {
  code: string;
  severity: string;
  sheet: string | null;
  cell: string | null;
  key: string | null;
  message: string;
  args: Record<string, unknown>;
}
interface Checked {
  submissions: { agency: string; findings: Finding[] }[];
}

/** A workspace holding the given agencies' filled templates in an inbox folder (not yet received). */
async function filled(edits: Record<string, (spec: FillSpec) => void>): Promise<{ ws: string; files: string[] }> {
  const ws = makeWorkspace();
  const plan = await loadPlan(ws);
  const inbox = mkdtempSync(join(tmpdir(), "cchc-content-"));
  const files: string[] = [];
  for (const [code, edit] of Object.entries(edits)) {
    const agency = plan.agencies.find((a) => a.code === code)!;
    const spec = plausibleSpec(plan, Q1, agency, 13);
    edit(spec);
    const path = join(inbox, `${code}.xlsx`);
    writeFileSync(
      path,
      await fillTemplate(
        await buildTemplateWorkbook(plan, Q1, agency, { issuedOn: "2025-03-01", generator: "test" }),
        spec,
      ),
    );
    files.push(path);
  }
  return { ws, files };
}

function receive(ws: string, files: string[]): void {
  const r = runCchc(["receive", ...files, "--date", "2025-03-18", "--root", ws]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

function check(ws: string): Checked {
  const r = runCchc(["check", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws, "--json"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Checked;
}

const findingsOf = (c: Checked, agency: string): Finding[] =>
  c.submissions.find((s) => s.agency === agency)?.findings ?? [];

/** Every file under a folder, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/** Every generated Word and Excel file, each checked well-formed; their visible texts. */
function officeOutputs(ws: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const path of walk(join(ws, "output"))) {
    if (!/\.(docx|xlsx)$/.test(path)) continue;
    const bytes = readFileSync(path);
    expect(() => assertWellFormedOffice(bytes, path)).not.toThrow();
    const xml = readZipEntries(bytes)
      .filter((e) => /\.xml$/.test(e.name))
      .map((e) => (typeof e.data === "string" ? e.data : Buffer.from(e.data).toString("utf8")));
    texts.set(path, xml.map(textOfXml).join("\n"));
  }
  return texts;
}

const EXPONENT = /\d(?:[.,]\d+)?[eE][+-]?\d/;

describe("fault 1: characters XML 1.0 forbids, in an agency's text", () => {
  it("are removed at intake with an info finding on the cell, and every generated document is well-formed", async () => {
    const { ws, files } = await filled({
      "so-tu-phap": (spec) => {
        // Excel's escapes: half of an emoji, U+FFFF, a bell
        spec.narrative = { ...spec.narrative, "uu-diem": "Kết quả tốt _xD83D_ và _xFFFF_ xong." };
        spec.tasks = { ...spec.tasks, 1: { ...spec.tasks?.[1], result: "Đã ban hành_x0007_ kế hoạch" } };
      },
      "so-noi-vu": () => {},
    });
    receive(ws, files);
    const build = runCchc(["build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws]);
    expect(build.stderr).toBe("");
    expect([0, 1]).toContain(build.status);
    const texts = officeOutputs(ws);
    const report = texts.get(join(ws, "output", "2025-Q1", "bao-cao-tong-hop-2025-Q1.docx"))!;
    expect(report).toMatch(/Kết quả tốt\s+và\s+xong\./);

    const found = findingsOf(check(ws), "so-tu-phap").filter((f) => f.code === "intake.invalid-chars");
    expect(found.map((f) => [f.severity, f.key, f.args["chars"]])).toEqual([
      ["info", "task:1", "U+0007"],
      ["info", "text:uu-diem", "U+D83D, U+FFFF"],
    ]);
    for (const f of found) expect(f.cell).toMatch(/^[A-Z]+\d+$/);
    expect(found[1]!.message).toContain("U+D83D, U+FFFF");

    // the agency's own report from the same file
    const stored = readdirSync(join(ws, "data", "2025-Q1")).find((n) => n.startsWith("so-tu-phap"))!;
    const out = mkdtempSync(join(tmpdir(), "cchc-agency-"));
    const ar = runCchc([
      "agency-report",
      join(ws, "data", "2025-Q1", stored),
      "--out",
      out,
      "--date",
      "2025-03-25",
      "--root",
      ws,
    ]);
    expect(ar.stderr).toBe("");
    expect(ar.status).toBe(0);
    for (const n of readdirSync(out)) expect(() => assertWellFormedOffice(readFileSync(join(out, n)), n)).not.toThrow();
  }, 240_000);
});

describe("fault 3: implausible numbers", () => {
  it("1.7976931348623157e308 in a count cell of two agencies is an error on each cell; totals stay finite and no number is written with an exponent", async () => {
    const huge = 1.7976931348623157e308;
    const { ws, files } = await filled({
      "so-tu-phap": (spec) => {
        spec.values = { ...spec.values, "cd.van-ban-chi-dao": huge };
      },
      "so-noi-vu": (spec) => {
        spec.values = { ...spec.values, "cd.van-ban-chi-dao": huge, "v.kinh-phi-tiet-kiem": 1e21 };
      },
    });
    receive(ws, files);
    const build = runCchc(["build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws]);
    expect(build.stderr).toBe("");
    expect(build.status).toBe(1);
    // the printed paths hold the random temporary folder's name ("cchc-ws-7E3WE0" looks like a number with an exponent)
    expect(build.stdout.split(ws).join("")).not.toMatch(EXPONENT);

    const c = check(ws);
    for (const agency of ["so-tu-phap", "so-noi-vu"]) {
      const f = findingsOf(c, agency).filter((x) => x.code === "intake.out-of-range");
      expect(
        f.map((x) => [x.severity, x.key]),
        agency,
      ).toContainEqual(["error", "ind:cd.van-ban-chi-dao"]);
      for (const x of f) expect(x.message).not.toMatch(EXPONENT);
    }
    expect(findingsOf(c, "so-noi-vu").map((x) => [x.code, x.key])).toContainEqual([
      "intake.out-of-range",
      "ind:v.kinh-phi-tiet-kiem",
    ]);

    const model = JSON.parse(readFileSync(join(ws, "output", "2025-Q1", "tong-hop.json"), "utf8")) as {
      totals: Record<string, number | null>;
    };
    for (const [code, v] of Object.entries(model.totals))
      if (v !== null) expect(Number.isFinite(v) && Math.abs(v) <= 1e15, code).toBe(true);
    expect(model.totals["cd.van-ban-chi-dao"]).toBeNull();

    for (const [path, text] of officeOutputs(ws)) expect(text, path).not.toMatch(/\d[eE][+-]\d/);
    const csv = readFileSync(join(ws, "output", "2025-Q1", "so-lieu-2025-Q1.csv"), "utf8");
    expect(csv).not.toMatch(/\d[eE][+-]?\d/);
    expect(readFileSync(join(ws, "output", "2025-Q1", "index.html"), "utf8")).not.toMatch(/>\s*[\d.,]+e[+-]\d/);
  }, 240_000);
});

describe("also: stored values the reader cannot take as a finite decimal", () => {
  it("0x1F, 1e309 and -1e309 each become an error on their cell, naming the value", async () => {
    const { ws, files } = await filled({
      "so-tu-phap": (spec) => {
        spec.values = {
          ...spec.values,
          "cd.van-ban-chi-dao": 424242,
          "cd.nhiem-vu-ke-hoach": 434343,
          "cd.kiem-tra-cuoc": 444444,
        };
      },
    });
    // what a broken writer stores: rewrite the three values in the sheet XML
    const entries = readZipEntries(readFileSync(files[0]!));
    let edited = 0;
    for (const e of entries) {
      if (!/^xl\/worksheets\/.*\.xml$/.test(e.name)) continue;
      const xml = typeof e.data === "string" ? e.data : Buffer.from(e.data).toString("utf8");
      const out = xml
        .replace("<v>424242</v>", "<v>0x1F</v>")
        .replace("<v>434343</v>", "<v>1e309</v>")
        .replace("<v>444444</v>", "<v>-1e309</v>");
      if (out !== xml) edited++;
      e.data = out;
    }
    expect(edited).toBe(1);
    writeFileSync(files[0]!, writeZip(entries, new Date(2025, 2, 1)));
    receive(ws, files);
    const f = findingsOf(check(ws), "so-tu-phap").filter((x) => x.code === "intake.unreadable-value");
    expect(f.map((x) => [x.severity, x.key, x.args["found"]])).toEqual([
      ["error", "ind:cd.van-ban-chi-dao", "0x1F"],
      ["error", "ind:cd.nhiem-vu-ke-hoach", "1e309"],
      ["error", "ind:cd.kiem-tra-cuoc", "-1e309"],
    ]);
    for (const x of f) {
      expect(x.cell).toMatch(/^[A-Z]+\d+$/);
      expect(x.message).toContain(`“${String(x.args["found"])}”`);
    }
  }, 240_000);
});

describe("the read-back of generated documents", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a .xlsx that is not well-formed stops build as a program error (exit 3) before any output is written", async () => {
    const { ws, files } = await filled({ "so-noi-vu": () => {} });
    receive(ws, files);
    // a writer that lets a forbidden character through
    const broken = writeZip(
      [
        { name: "[Content_Types].xml", data: "<Types/>" },
        { name: "xl/workbook.xml", data: "<workbook><sheets>\uFFFF</sheets></workbook>" },
      ],
      new Date(2025, 2, 1),
    );
    const extra = { render: async () => ({ name: "hong.xlsx", data: broken }) };
    renderers.push(extra);
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    let code: number;
    try {
      code = await runCli(["node", "cchc", "build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", ws]);
    } finally {
      renderers.splice(renderers.indexOf(extra), 1);
    }
    expect(code).toBe(3);
    expect(err.join("")).toContain("lỗi của chương trình");
    expect(err.join("")).toMatch(/hong\.xlsx.*xl\/workbook\.xml.*U\+FFFF/);
    for (const f of ["tong-hop.json", "bao-cao-tong-hop-2025-Q1.docx", "hong.xlsx"])
      expect(existsSync(join(ws, "output", "2025-Q1", f)), f).toBe(false);
  }, 240_000);
});
