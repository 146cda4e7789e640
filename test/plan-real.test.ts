import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRepoPlan, repoRoot } from "./helpers/model-fixture.js";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { tasksForAgency } from "../src/plan/plan.js";

const fold = (s: string) => s.replace(/\s+/g, " ").trim();

describe("the shipped plan (Decision 2866/QĐ-UBND)", () => {
  it("holds all 68 appendix tasks in six areas, worded as in the decision", async () => {
    const plan = await loadRepoPlan();
    expect(plan.tasks.map((t) => t.stt)).toEqual(Array.from({ length: 68 }, (_, i) => i + 1));
    const decision = fold(readFileSync(join(repoRoot, "seeds", "nguon", "quyet-dinh-2866-QD-UBND-2021.txt"), "utf8"));
    const appendix = decision.slice(decision.indexOf("PHỤ LỤC"));
    for (const t of plan.tasks) {
      for (const field of [t.task, t.product, t.lead, t.coordinate, t.time, ...(t.goal ? [t.goal] : [])]) {
        if (field) expect(appendix, `task ${t.stt}`).toContain(fold(field));
      }
    }
    const perArea = Object.fromEntries(
      ["I", "II", "III", "IV", "V", "VI"].map((a) => [a, plan.tasks.filter((t) => t.area === a).length]),
    );
    expect(perArea).toEqual({ I: 18, II: 9, III: 10, IV: 10, V: 7, VI: 14 });
  });

  it("resolves every group phrase to registry agencies", async () => {
    const plan = await loadRepoPlan();
    const sizes = Object.fromEntries(
      plan.phrases.map((p) => [
        p.phrase,
        plan.agencies.filter((a) => p.groups.includes(a.group)).length + p.codes.length,
      ]),
    );
    expect(sizes).toEqual({
      "Các sở, ban, ngành": 19,
      "UBND cấp huyện": 9,
      "Các sở, ban, ngành; UBND cấp huyện": 28,
      "Các cơ quan, đơn vị liên quan": 33,
      "UBND cấp xã": 9,
    });
    const t9 = plan.tasks.find((t) => t.stt === 9)!;
    expect(t9.leadAgencies).toHaveLength(28);
    expect(t9.lead).toBe("Các sở, ban, ngành; UBND cấp huyện");
  });

  it("gives Sở Tư pháp tasks 3, 5, 6, 8, 10 and 11, and tasks 9, 12, 32, 33 to every department and district", async () => {
    const plan = await loadRepoPlan();
    const named = plan.tasks.filter((t) => t.leadRefs.includes("so-tu-phap")).map((t) => t.stt);
    expect(named).toEqual([3, 5, 6, 8, 10, 11]);
    // plus the tasks led by group phrases that include every department
    expect(tasksForAgency(plan, "so-tu-phap", { due: "2025-03-20" }).lead.map((t) => t.stt)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 32, 33,
    ]);
    for (const a of plan.agencies.filter((x) => x.group !== "trung-uong")) {
      const lead = tasksForAgency(plan, a.code, { due: "2025-03-20" }).lead.map((t) => t.stt);
      for (const stt of [9, 12, 32, 33]) expect(lead, a.code).toContain(stt);
    }
  });

  it("reads every time wording of the plan into a schedule", async () => {
    const plan = await loadRepoPlan();
    const wordings = new Map(plan.tasks.map((t) => [t.time, t.schedule]));
    expect(Object.fromEntries(wordings)).toEqual({
      "2021-2025": { kind: "range", from: 2021, to: 2025 },
      "2021": { kind: "year", year: 2021 },
      "Hàng năm": { kind: "yearly" },
      "2021-2022": { kind: "range", from: 2021, to: 2022 },
      "Năm 2021": { kind: "year", year: 2021 },
    });
  });

  it("has every target shape the decision uses", async () => {
    const plan = await loadRepoPlan();
    expect(new Set(plan.targets.map((t) => t.shape.kind))).toEqual(
      new Set(["threshold", "threshold-by-level", "growing", "baseline-change", "rank", "qualitative"]),
    );
  });
});

describe("cchc plan and cchc period through the CLI", () => {
  it("prints the plan as JSON with the contract fields", () => {
    const r = runCchc(["plan", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tasks).toHaveLength(68);
    expect(Object.keys(j.tasks[0])).toEqual(
      expect.arrayContaining([
        "stt",
        "area",
        "goal",
        "task",
        "product",
        "lead",
        "coordinate",
        "time",
        "leadAgencies",
        "coordinateAgencies",
      ]),
    );
    expect(Object.keys(j.agencies[0])).toEqual(expect.arrayContaining(["code", "name", "group"]));
    expect(Object.keys(j.indicators[0])).toEqual(expect.arrayContaining(["code", "name", "unit", "type"]));
    expect(j.targets.length).toBeGreaterThan(20);
  });

  it("exits 2 with a Vietnamese message naming the file and the field when a seed is broken", () => {
    const ws = makeWorkspace();
    const tasksFile = join(ws, "seeds", "tasks.json");
    const tasks = JSON.parse(readFileSync(tasksFile, "utf8"));
    tasks.tasks[4].leadAgencies = ["so-khong-ton-tai"];
    writeFileSync(tasksFile, JSON.stringify(tasks));
    const r = runCchc(["plan", "--root", ws]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Tệp seeds/tasks.json, trường "tasks[stt=5].leadAgencies"');
    expect(r.stderr).toContain("so-khong-ton-tai");
  });

  it("tells the period of a date as JSON", () => {
    const r = runCchc(["period", "--date", "2025-03-21", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      id: "2025-H1",
      kind: "H1",
      year: 2025,
      label: "6 tháng đầu năm 2025",
      window: { from: "2024-12-15", to: "2025-06-14" },
      due: "2025-06-20",
      daysLeft: 91,
    });
  });

  it("refuses a malformed period or date with exit code 2", () => {
    expect(runCchc(["period", "--period", "2025-Q2"]).status).toBe(2);
    const r = runCchc(["period", "--date", "2025-02-30"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("không hợp lệ");
  });
});
