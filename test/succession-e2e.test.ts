// @module-tag slow (runs the CLI at length)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCchc } from "./helpers/cli.js";
import { repoRoot } from "./helpers/model-fixture.js";
import { tinySeeds } from "./helpers/tiny-plan.js";
import { fillTemplate, TemplateBook } from "./helpers/fill-template.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";
import { plausibleFill } from "../src/sample/plausible.js";
import { templateFileName, rowKey } from "../src/intake/template-layout.js";
import { guideParagraphs } from "../src/forms/sheet-guide.js";
import type { Model } from "../src/consolidate/model.js";

/**
 * A province reorganised, through the real CLI. Plan 2021–2025: Sở A and Sở B merge into Sở AB from 1/10/2025;
 * the district ends 30/6/2025 with no successor; two communes report from 1/7/2025; a central agency (Cục E)
 * ends 31/12/2025 with no successor. A second workspace holds the plan 2026–2030 and names the first in
 * `earlier`, so its 2026-Q3 compares with 2025-Q3 of the old plan through the succession.
 */

const agency = (
  code: string,
  name: string,
  group: string,
  level: string,
  validFrom: string,
  validTo: string | null,
  succeeds: string[] = [],
) => ({
  code,
  name,
  shortName: name,
  abbr: code.toUpperCase().replace(/-/g, ""),
  group,
  level,
  validFrom,
  validTo,
  succeeds,
});

function reorganisedSeeds(plan: { id: string; from: number; to: number; earlier?: string[] }): Record<string, any> {
  const s = tinySeeds() as Record<string, any>;
  s["plan.json"].id = plan.id;
  s["plan.json"].years = { from: plan.from, to: plan.to };
  s["plan.json"].name = `Kế hoạch thử giai đoạn ${plan.from}-${plan.to}`;
  const a = s["agencies.json"];
  a.groups.push({ id: "cap-xa", name: "UBND các xã, phường", shortName: "Cấp xã" });
  a.agencies = [
    agency("so-a", "Sở A", "so-nganh", "tinh", "2021-01-01", "2025-09-30"),
    agency("so-b", "Sở B", "so-nganh", "tinh", "2021-01-01", "2025-09-30"),
    agency("so-ab", "Sở AB", "so-nganh", "tinh", "2025-10-01", null, ["so-a", "so-b"]),
    agency("tw-c", "Cục C", "trung-uong", "tinh", "2021-01-01", null),
    agency("tw-e", "Cục E", "trung-uong", "tinh", "2021-01-01", "2025-12-31"),
    agency("huyen-d", "UBND huyện D", "cap-huyen", "huyen", "2021-01-01", "2025-06-30"),
    agency("xa-1", "UBND xã Một", "cap-xa", "xa", "2025-07-01", null),
    agency("xa-2", "UBND phường Hai", "cap-xa", "xa", "2025-07-01", null),
  ];
  for (const ind of s["indicators.json"].indicators) {
    if (ind.reporters.groups?.includes("cap-huyen")) ind.reporters.groups.push("cap-xa");
  }
  if (plan.from > 2025) {
    // the new plan's own tasks and years
    const t = s["tasks.json"].tasks;
    t[0].time = "2026";
    t[0].schedule = { kind: "year", year: 2026 };
    t[1].time = "2026-2030";
    t[1].schedule = { kind: "range", from: 2026, to: 2030 };
    t[3].time = "2026-2027";
    t[3].schedule = { kind: "range", from: 2026, to: 2027 };
    t[3].leadAgencies = ["so-ab"];
    t[3].lead = "Sở AB";
  }
  if (plan.earlier) s["settings.json"].earlier = plan.earlier;
  return s;
}

function writeWorkspace(dir: string, seeds: Record<string, unknown>): void {
  mkdirSync(join(dir, "seeds"), { recursive: true });
  for (const [file, v] of Object.entries(seeds)) writeFileSync(join(dir, "seeds", file), JSON.stringify(v, null, 2));
  cpSync(join(repoRoot, "templates"), join(dir, "templates"), { recursive: true });
  // the shipped sentences name the shipped plan's indicators: this tiny plan gets plain ones
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
  ]) {
    writeFileSync(
      join(snippets, `${name}.hbs`),
      "Kết quả thực hiện {{linhVuc.ten}}.\n{{> so-lieu-khac vung=linhVuc.ma}}\n",
    );
  }
}

const cli = (root: string, ...args: string[]) => runCchc([...args, "--root", root]);
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

/** Case files received and received online, per agency: the figures this test follows. */
type Figures = Record<string, [number, number]>;

async function fillPeriod(root: string, periodId: string, figures: Figures): Promise<void> {
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

const issued = (root: string, periodId: string): string[] =>
  readdirSync(join(root, "output", periodId, "bieu-mau"))
    .filter((n) => n.endsWith(".xlsx"))
    .sort();

describe("a merger, through the real CLI", () => {
  let base: string;
  let old: string;
  let next: string;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), "cchc-merger-"));
    old = join(base, "ke-hoach-2021-2025");
    next = join(base, "ke-hoach-2026-2030");
    writeWorkspace(old, reorganisedSeeds({ id: "thu-2021", from: 2021, to: 2025 }));
    writeWorkspace(
      next,
      reorganisedSeeds({ id: "thu-2026", from: 2026, to: 2030, earlier: ["../ke-hoach-2021-2025"] }),
    );
  });
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it("has cchc plan state who ended, whose work passed to whom and from when, in text and --json", () => {
    const text = cli(old, "plan", "--date", "2026-01-15");
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("Cơ quan báo cáo: 8 trong danh mục, 4 đang hoạt động ngày 15/01/2026");
    expect(text.stdout).toMatch(/Sở A +30\/09\/2025 +Sở AB +01\/10\/2025/);
    expect(text.stdout).toMatch(/Sở B +30\/09\/2025 +Sở AB +01\/10\/2025/);
    expect(text.stdout).toMatch(/UBND huyện D +30\/06\/2025 +\(không có cơ quan tiếp nhận: ra khỏi phép so sánh\)/);
    expect(text.stdout).toMatch(/Cục E +31\/12\/2025 +\(không có cơ quan tiếp nhận/);
    expect(text.stdout).toContain("Cơ quan bắt đầu hoạt động trong giai đoạn kế hoạch (3)");
    expect(text.stdout).toMatch(/01\/07\/2025 +UBND xã Một/);
    expect(text.stdout).toMatch(/01\/10\/2025 +Sở AB +Sở A; Sở B/);

    const j = json(cli(old, "plan", "--date", "2026-01-15", "--json"));
    expect(j.date).toBe("2026-01-15");
    expect(j.inForce).toEqual(["so-ab", "tw-c", "xa-1", "xa-2"]);
    expect(
      j.succession.map((l: any) => [l.code, l.kind, l.validTo, l.from, l.successors.map((x: any) => x.code)]),
    ).toEqual([
      ["huyen-d", "ended", "2025-06-30", "2025-07-01", []],
      ["so-a", "merged", "2025-09-30", "2025-10-01", ["so-ab"]],
      ["so-b", "merged", "2025-09-30", "2025-10-01", ["so-ab"]],
      ["tw-e", "ended", "2025-12-31", "2026-01-01", []],
    ]);
    // on a day before the merger, the old departments are still in force and hold their own work
    const before = json(cli(old, "plan", "--date", "2025-08-01", "--json"));
    expect(before.inForce).toEqual(["so-a", "so-b", "tw-c", "tw-e", "xa-1", "xa-2"]);
    expect(before.succession.find((l: any) => l.code === "so-a").heldOn.codes).toEqual(["so-a"]);
  });

  it("issues 2025-Q3 templates for exactly the agencies in force on its due date", () => {
    const r = cli(old, "issue", "--period", "2025-Q3", "--date", "2025-09-01", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(issued(old, "2025-Q3")).toEqual(
      ["so-a", "so-b", "tw-c", "tw-e", "xa-1", "xa-2"].map((c) => templateFileName("2025-Q3", c)).sort(),
    );
  });

  it("builds 2025-Q3 from the old agencies' figures", async () => {
    await fillPeriod(old, "2025-Q3", {
      "so-a": [100, 60],
      "so-b": [50, 40],
      "tw-c": [30, 30],
      "tw-e": [20, 10],
      "xa-1": [10, 5],
      "xa-2": [10, 5],
    });
    const r = cli(old, "build", "--period", "2025-Q3", "--date", "2025-09-25", "--json");
    expect([0, 1], r.stderr).toContain(r.status);
    const model = JSON.parse(readFileSync(join(old, "output", "2025-Q3", "tong-hop.json"), "utf8")) as Model;
    expect(model.totals["hs"]).toBe(220);
    expect(model.completeness.total.expected).toBe(6);
  });

  it("has the successor report 2025-Y for the merged agencies, with their tasks and their summed previous figures", async () => {
    const r = cli(old, "issue", "--period", "2025-Y", "--date", "2025-12-01");
    expect(r.status, r.stderr).toBe(0);
    expect(issued(old, "2025-Y")).toEqual(
      ["so-ab", "tw-c", "tw-e", "xa-1", "xa-2"].map((c) => templateFileName("2025-Y", c)).sort(),
    );
    expect(r.stdout).toContain("Sở AB gồm cả số liệu của Sở A và Sở B");

    const book = await TemplateBook.open(
      readFileSync(join(old, "output", "2025-Y", "bieu-mau", templateFileName("2025-Y", "so-ab"))),
    );
    // "Kỳ trước" (quý III năm 2025) of Sở AB: Sở A + Sở B; a rate recomputed from the summed parts
    expect(book.cell("figures", rowKey.indicator("hs"), "previous").value).toBe(150);
    expect(book.cell("figures", rowKey.indicator("hs-tt"), "previous").value).toBe(100);
    expect(book.cell("figures", rowKey.indicator("ty-le-tt"), "previous").value).toBeCloseTo(66.67, 1);
    // task 1 was Sở A's alone: it passed to Sở AB
    expect(book.row("tasks", rowKey.task(1))).not.toBeNull();

    const plan = await loadPlan(old);
    const period = parsePeriod("2025-Y", plan.settings.due)!;
    const guide = guideParagraphs({
      plan,
      period,
      agency: plan.agencies.find((a) => a.code === "so-ab")!,
      options: { issuedOn: "2025-12-01", generator: "t", previousFrom: ["Sở A", "Sở B"] },
    })
      .map((p) => p.text)
      .join("\n");
    expect(guide).toContain(
      "Cơ quan đã tiếp nhận Sở A (kết thúc hoạt động ngày 30/9/2025), Sở B (kết thúc hoạt động ngày 30/9/2025) nên báo cáo thay cho các cơ quan này",
    );
    expect(guide).toContain("từ 15/12/2024 đến 14/12/2025");
    expect(guide).not.toMatch(/cchc|--|seeds/);
  });

  it("states plainly that a period after the plan's years needs a new plan (exit 2), for issue, build and status", () => {
    for (const cmd of ["issue", "build", "status"]) {
      const r = cli(old, cmd, "--period", "2026-Y", "--date", "2026-12-01");
      expect(r.status, cmd).toBe(2);
      expect(r.stderr + r.stdout).toContain(
        "Kỳ 2026-Y nằm ngoài giai đoạn của Kế hoạch 2021–2025: hãy nạp kế hoạch mới bằng cchc config import",
      );
    }
    expect(() => readdirSync(join(old, "output", "2026-Y"))).toThrow();
  });

  it("has run state it and do nothing for a period outside the plan, logging it", () => {
    const r = cli(old, "run", "--date", "2026-03-05", "--json");
    expect(r.status, r.stderr).toBe(0);
    const j = json(r);
    expect(j.actions.filter((a: { target: string }) => a.target === "2026-Q1")).toEqual([]);
    expect(j.skipped).toContainEqual(
      expect.objectContaining({
        kind: "issue",
        target: "2026-Q1",
        reason: expect.stringContaining("Kỳ 2026-Q1 nằm ngoài giai đoạn của Kế hoạch 2021–2025"),
      }),
    );
    expect(j.logged).toBe(true);
    expect(() => readdirSync(join(old, "output", "2026-Q1"))).toThrow();
    const log = readFileSync(join(old, "output", "nhat-ky-chay.jsonl"), "utf8");
    expect(log).toContain("Kỳ 2026-Q1 nằm ngoài giai đoạn");
  });

  it("compares 2026-Q3 of the new plan with 2025-Q3 of the old workspace, predecessors summed, the ended agency left out", async () => {
    const r = cli(next, "issue", "--period", "2026-Q3", "--date", "2026-09-01", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(issued(next, "2026-Q3")).toEqual(
      ["so-ab", "tw-c", "xa-1", "xa-2"].map((c) => templateFileName("2026-Q3", c)).sort(),
    );
    await fillPeriod(next, "2026-Q3", { "so-ab": [160, 120], "tw-c": [30, 30], "xa-1": [10, 5], "xa-2": [10, 5] });
    const b = cli(next, "build", "--period", "2026-Q3", "--date", "2026-09-25", "--json");
    expect([0, 1], b.stderr).toContain(b.status);
    const model = JSON.parse(readFileSync(join(next, "output", "2026-Q3", "tong-hop.json"), "utf8")) as Model;
    const row = (code: string) => model.comparison.lastYear!.rows.find((x) => x.code === code)!;
    expect(model.comparison.lastYear!.period).toBe("2025-Q3");
    // 2025-Q3 had 220 case files; Cục E (ended, no successor) leaves the comparison: 200, Sở A + Sở B counted as Sở AB
    expect(row("hs")).toMatchObject({ current: 210, other: 200, change: 10 });
    expect(row("hs-tt").other).toBe(140);
    expect(row("ty-le-tt").other).toBeCloseTo(70, 6);
    expect(model.comparison.succession).toEqual({
      combined: [
        {
          code: "so-ab",
          name: "Sở AB",
          from: [
            { code: "so-a", name: "Sở A" },
            { code: "so-b", name: "Sở B" },
          ],
        },
      ],
      left: [{ code: "tw-e", name: "Cục E" }],
      split: [],
    });
  });
});
