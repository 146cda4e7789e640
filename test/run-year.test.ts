// @module-tag slow (runs the CLI over whole years)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { addDays, format, parseISO } from "date-fns";
import { makeWorkspace } from "./helpers/cli.js";
import { fillIssuedTemplate } from "./helpers/fill-agency.js";
import { runRun } from "../src/commands/run.js";
import { readRunLog } from "../src/commands/run-log.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";
import { receiptInstant } from "../src/intake/inbox/inbox.js";
import type { Plan } from "../src/plan/plan.js";

/**
 * `cchc run` driven over every day of 2025 on a fresh workspace (the repository's seeds and templates, empty
 * data/), in-process with the real issue and build handlers. Agencies' filled files are dropped into data/<P>/
 * on a few days. Checked: the actions of each day, and that a second run on the same day writes nothing.
 */

type Outcome = { actions: { kind: string; target: string; written: string[] }[]; logged: boolean };

/** agency files dropped into data/<P>/ before the run of that day */
const drops: Record<string, { period: string; agencies: string[] }> = {
  "2025-03-05": { period: "2025-Q1", agencies: ["so-tai-chinh", "so-xay-dung", "tp-vinh-yen"] },
  "2025-03-12": { period: "2025-Q1", agencies: ["cong-an-tinh", "so-tu-phap"] },
  "2025-03-25": { period: "2025-Q1", agencies: ["so-y-te"] },
  "2025-06-10": { period: "2025-H1", agencies: ["so-tai-chinh"] },
  "2025-09-15": { period: "2025-Q3", agencies: ["so-noi-vu"] },
  "2025-12-18": { period: "2025-Y", agencies: ["so-noi-vu"] },
};

/** what the calendar calls for, day by day (every other day: nothing) */
const expected: Record<string, string[]> = {
  "2025-01-01": ["snapshot:2025-01"],
  "2025-02-01": ["snapshot:2025-02"],
  "2025-03-01": ["issue:2025-Q1", "build:2025-Q1"],
  "2025-03-05": ["build:2025-Q1"],
  "2025-03-12": ["build:2025-Q1"],
  "2025-03-21": ["final-build:2025-Q1"],
  "2025-03-25": ["final-build:2025-Q1"],
  "2025-04-01": ["snapshot:2025-04"],
  "2025-05-01": ["snapshot:2025-05"],
  "2025-06-01": ["issue:2025-H1", "build:2025-H1"],
  "2025-06-10": ["build:2025-H1"],
  "2025-06-21": ["final-build:2025-H1"],
  "2025-07-01": ["snapshot:2025-07"],
  "2025-08-01": ["snapshot:2025-08"],
  "2025-09-01": ["issue:2025-Q3", "build:2025-Q3"],
  "2025-09-15": ["build:2025-Q3"],
  "2025-09-21": ["final-build:2025-Q3"],
  "2025-10-01": ["snapshot:2025-10"],
  "2025-11-01": ["snapshot:2025-11"],
  "2025-12-01": ["issue:2025-Y", "build:2025-Y"],
  "2025-12-18": ["build:2025-Y"],
  "2025-12-21": ["final-build:2025-Y"],
};

async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, `${rel}${e.name}/`);
      else
        out[`${rel}${e.name}`] = createHash("sha256")
          .update(await readFile(p))
          .digest("hex");
    }
  };
  await walk(dir, "");
  return out;
}

describe("cchc run over a whole year", () => {
  let root: string;
  let plan: Plan;
  const outcomes = new Map<string, Outcome>();
  const secondRuns = new Map<string, { outcome: Outcome; same: boolean }>();

  const run = async (date: string): Promise<Outcome> => {
    const r = await runRun(
      { root, now: { date, instant: receiptInstant(date, "Asia/Ho_Chi_Minh", new Date()) } },
      { quiet: true, clock: new Date(`${date}T06:30:00+07:00`) },
    );
    expect(r.exitCode).toBe(0);
    return r.json as Outcome;
  };

  beforeAll(async () => {
    root = makeWorkspace();
    await mkdir(join(root, "data"), { recursive: true });
    await mkdir(join(root, "output"), { recursive: true });
    plan = await loadPlan(root);
    for (let d = parseISO("2025-01-01"); format(d, "yyyy-MM-dd") <= "2025-12-31"; d = addDays(d, 1)) {
      const date = format(d, "yyyy-MM-dd");
      const drop = drops[date];
      if (drop) {
        const period = parsePeriod(drop.period, plan.settings.due)!;
        await mkdir(join(root, "data", period.id), { recursive: true });
        for (const code of drop.agencies) {
          const agency = plan.agencies.find((a) => a.code === code)!;
          await writeFile(
            join(root, "data", period.id, `${code}.xlsx`),
            await fillIssuedTemplate(root, plan, period, agency),
          );
        }
      }
      const outcome = await run(date);
      outcomes.set(date, outcome);
      // a second run the same day: on every day something was done, and on the first of each month
      if (outcome.actions.length > 0 || date.endsWith("-01") || date.endsWith("-20")) {
        const before = { ...(await hashTree(join(root, "output"))), ...(await hashTree(join(root, "data"))) };
        const again = await run(date);
        const after = { ...(await hashTree(join(root, "output"))), ...(await hashTree(join(root, "data"))) };
        secondRuns.set(date, { outcome: again, same: JSON.stringify(before) === JSON.stringify(after) });
      }
    }
  }, 600_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("does on each day exactly what the calendar calls for", () => {
    const actual: Record<string, string[]> = {};
    for (const [date, o] of outcomes)
      if (o.actions.length > 0) actual[date] = o.actions.map((a) => `${a.kind}:${a.target}`);
    expect(actual).toEqual(expected);
  });

  it("changes nothing when run a second time on the same day", () => {
    expect(secondRuns.size).toBeGreaterThan(Object.keys(expected).length);
    for (const [date, r] of secondRuns) {
      expect({ date, actions: r.outcome.actions, logged: r.outcome.logged, same: r.same }).toEqual({
        date,
        actions: [],
        logged: false,
        same: true,
      });
    }
  });

  it("issues every reporting agency's template on the issue days", async () => {
    for (const id of ["2025-Q1", "2025-H1", "2025-Q3", "2025-Y"]) {
      const files = (await readdir(join(root, "output", id, "bieu-mau"))).filter((n) => n.endsWith(".xlsx"));
      const period = parsePeriod(id, plan.settings.due)!;
      const reporting = plan.agencies.filter(
        (a) => a.validFrom <= period.window.to && (a.validTo === null || a.validTo >= period.window.to),
      );
      expect(files.length).toBe(reporting.length);
    }
  });

  it("builds the report after the due date with what arrived, late files judged late", async () => {
    const model = JSON.parse(await readFile(join(root, "output", "2025-Q1", "tong-hop.json"), "utf8"));
    const status = Object.fromEntries(
      model.agencies.map((a: { code: string; status: string; daysLate: number | null }) => [
        a.code,
        [a.status, a.daysLate],
      ]),
    );
    expect(status["so-tai-chinh"]).toEqual(["on-time", null]);
    expect(status["so-y-te"]).toEqual(["late", 5]);
    expect(status["so-noi-vu"]).toEqual(["missing", null]);
    expect(model.asOf).toBe("2025-03-25");
    const finalQ1 = outcomes.get("2025-03-21")!.actions[0]!;
    expect(finalQ1.written).toContain("output/2025-Q1/tong-hop.json");
    expect(finalQ1.written).toContain("output/2025-Q1/index.html");
    const board = await readFile(join(root, "output", "2025-Q1", "index.html"), "utf8");
    expect(board).toContain("Chậm 5 ngày");
  });

  it("writes a progress snapshot in each month with no report due, from the latest consolidated model", async () => {
    const snaps = (await readdir(join(root, "output", "tien-do"))).sort();
    expect(snaps).toEqual([
      "2025-01.md",
      "2025-02.md",
      "2025-04.md",
      "2025-05.md",
      "2025-07.md",
      "2025-08.md",
      "2025-10.md",
      "2025-11.md",
    ]);
    const jan = await readFile(join(root, "output", "tien-do", "2025-01.md"), "utf8");
    expect(jan).toContain("Chưa có kỳ báo cáo nào được tổng hợp");
    const apr = await readFile(join(root, "output", "tien-do", "2025-04.md"), "utf8");
    expect(apr).toContain("# Tiến độ thực hiện kế hoạch cải cách hành chính — tháng 4/2025");
    expect(apr).toContain("output/2025-Q1/tong-hop.json");
    expect(apr).toMatch(/## Nhiệm vụ chậm tiến độ \(\d+\)/);
    const aug = await readFile(join(root, "output", "tien-do", "2025-08.md"), "utf8");
    expect(aug).toContain("output/2025-H1/tong-hop.json");
  });

  it("records each run that did something in the append-only log, and nothing else", async () => {
    const log = await readRunLog(root);
    expect(log.map((e) => e.date)).toEqual(Object.keys(expected));
    for (const e of log) {
      expect(e.exitCode).toBe(0);
      expect(e.error).toBeNull();
      expect(e.at.startsWith(e.date)).toBe(true);
    }
    const builds = log.flatMap((e) => e.actions).filter((a) => a.kind === "build" || a.kind === "final-build");
    for (const b of builds) expect(b.inputs).toMatch(/^[0-9a-f]{64}$/);
    expect(
      log
        .flatMap((e) => e.actions)
        .filter((a) => a.kind === "final-build")
        .every((a) => a.final),
    ).toBe(true);
  });
});
