import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextAt } from "./helpers/context.js";
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { fillIssuedTemplate } from "./helpers/fill-agency.js";
import { runIssue } from "../src/commands/issue.js";
import { runStatus, type StatusJson } from "../src/commands/status.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod, type Period } from "../src/calendar/period.js";
import { receiptInstant } from "../src/intake/inbox/inbox.js";
import type { Plan } from "../src/plan/plan.js";
import { repoRoot } from "./helpers/model-fixture.js";

/** `cchc status` on a workspace: Q1 issued, a few files dropped into data/2025-Q1/ on different days. */
describe("cchc status", () => {
  let root: string;
  let plan: Plan;
  let period: Period;
  const inbox = () => join(root, "data", "2025-Q1");
  const status = (date: string, extra: { colour?: boolean; quiet?: boolean } = {}) =>
    runStatus(
      { root, plan, now: { date, instant: receiptInstant(date, plan.settings.timezone, new Date()) } },
      { period: "2025-Q1", ...extra },
    );
  const drop = async (code: string, name = `${code}.xlsx`) => {
    const agency = plan.agencies.find((a) => a.code === code)!;
    await writeFile(join(inbox(), name), await fillIssuedTemplate(root, plan, period, agency));
  };

  beforeAll(async () => {
    root = makeWorkspace();
    plan = await loadPlan(root);
    period = parsePeriod("2025-Q1", plan.settings.due)!;
    await runIssue(contextAt(root, plan, "2025-03-01"), { period: period.id, agencies: [], quiet: true });
    await mkdir(inbox(), { recursive: true });
  }, 120_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("shows every agency missing and the days left before anything arrives", async () => {
    const r = await status("2025-03-10");
    const j = r.json as StatusJson;
    expect(j.daysLeft).toBe(10);
    expect(j.counts.missing).toBe(j.agencies.length);
    expect(r.text).toContain("còn 10 ngày đến hạn gửi (20/03/2025)");
    expect(r.exitCode).toBe(0);
  });

  it("reflects what is in data/<P>/ now: on time, late by N days, rejected, with finding counts", async () => {
    await drop("so-tai-chinh");
    await status("2025-03-12"); // first seen on 12/3 (on time)
    await drop("so-xay-dung");
    await writeFile(join(inbox(), "cong-an-tinh.xlsx"), "đây không phải tệp Excel");
    const r = await status("2025-03-23"); // so-xay-dung first seen on 23/3: 3 days late
    const j = r.json as StatusJson;
    const by = Object.fromEntries(j.agencies.map((a) => [a.code, a]));
    expect(by["so-tai-chinh"]).toMatchObject({
      status: "on-time",
      daysLate: null,
      receivedAt: expect.stringMatching(/^2025-03-12/),
    });
    expect(by["so-xay-dung"]).toMatchObject({ status: "late", daysLate: 3 });
    expect(by["cong-an-tinh"]?.status).toBe("rejected");
    expect(by["cong-an-tinh"]?.errors).toBeGreaterThan(0);
    expect(j.daysLeft).toBe(-3);
    expect(j.counts).toMatchObject({ onTime: 1, late: 1, rejected: 1 });
    expect(Object.keys(j.agencies[0]!).sort()).toEqual([
      "code",
      "daysLate",
      "errors",
      "group",
      "name",
      "receivedAt",
      "status",
      "warnings",
    ]);
    expect(r.text).toContain("đã quá hạn gửi 3 ngày");
    expect(r.text).toMatch(/Sở Xây dựng\s+.*23\/03\/2025\s+Chậm 3 ngày/);
    expect(r.text).toMatch(/Công an tỉnh\s+.*Bị từ chối\s+[1-9]/);
  });

  it("writes no document: output/ keeps only the issued templates", async () => {
    expect(await readdir(join(root, "output", "2025-Q1"))).toEqual(["bieu-mau"]);
  });

  it("colours the statuses only when asked, keeping the columns aligned", async () => {
    const plain = (await status("2025-03-23")).text;
    const coloured = (await status("2025-03-23", { colour: true })).text;
    expect(plain).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[32mĐúng hạn\u001b[39m");
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });

  it.skipIf(!existsSync(join(repoRoot, "dist", "cli", "main.js")))(
    "prints the table from the command line, and JSON with --json, never colours in a pipe",
    () => {
      const a = runCchc(["status", "--root", root, "--period", "2025-Q1", "--date", "2025-03-23"], {
        env: { FORCE_COLOR: "1" },
      });
      expect(a.status).toBe(0);
      expect(a.stdout).toContain("Chậm 3 ngày");
      expect(a.stdout).not.toContain("\u001b[");
      expect(a.stderr).toBe("");
      const b = runCchc(["status", "--root", root, "--period", "2025-Q1", "--date", "2025-03-23", "--json"]);
      const j = JSON.parse(b.stdout) as StatusJson;
      expect(j.period).toBe("2025-Q1");
      expect(j.daysLeft).toBe(-3);
    },
  );
});
