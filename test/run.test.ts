import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { runRun, type RunDeps } from "../src/commands/run.js";
import { readRunLog } from "../src/commands/run-log.js";
import { repoRoot } from "./helpers/model-fixture.js";
import type { BuildResult } from "../src/commands/build.js";

let root: string;
beforeEach(async () => {
  root = makeWorkspace();
  await mkdir(join(root, "data"), { recursive: true });
  await mkdir(join(root, "output"), { recursive: true });
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const run = (date: string, extra: Parameters<typeof runRun>[1] = {}) =>
  runRun(
    { root, now: { date, instant: `${date}T00:00:00+07:00` } },
    { quiet: true, clock: new Date(`${date}T06:00:00+07:00`), ...extra },
  );

/** Handlers that only record their calls (the calendar logic, without building anything). */
function fakeDeps(calls: string[]): Partial<RunDeps> {
  return {
    issue: async (_plan, o) => {
      calls.push(`issue:${o.period}`);
      await mkdir(join(root, "output", o.period!, "bieu-mau"), { recursive: true });
      await writeFile(join(root, "output", o.period!, "bieu-mau", `${o.period}_x.xlsx`), "x");
      return { json: { files: [{ path: `output/${o.period}/bieu-mau/${o.period}_x.xlsx` }] }, text: "", exitCode: 0 };
    },
    build: async (ctx, o) => {
      calls.push(`build:${o.periodId}@${ctx.now.date}`);
      const path = join(root, "output", o.periodId!, "tong-hop.json");
      await writeFile(path, "{}");
      return { written: [path], hasErrors: false } as unknown as BuildResult;
    },
  };
}

describe("cchc run", () => {
  it("writes the month's progress snapshot once, and logs the run", async () => {
    const r = await run("2025-01-15");
    expect(r.exitCode).toBe(0);
    expect(await readdir(join(root, "output", "tien-do"))).toEqual(["2025-01.md"]);
    const again = await run("2025-01-16");
    expect((again.json as { actions: unknown[] }).actions).toEqual([]);
    expect(again.text).toBe("");
    const loud = await run("2025-01-17", { quiet: false });
    expect(loud.text).toContain("Không có việc cần làm; không ghi tệp nào.");
    expect(loud.text).toContain("đã lập bản tiến độ của tháng");
    const log = await readRunLog(root);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      date: "2025-01-15",
      period: "2025-Q1",
      exitCode: 0,
      error: null,
      actions: [{ kind: "snapshot", target: "2025-01", written: ["output/tien-do/2025-01.md"] }],
    });
    expect(log[0]!.at).toBe("2025-01-15T06:00:00+07:00");
  });

  it("steps aside with exit code 0 while another run holds the lock, writing nothing", async () => {
    const lock = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
    await writeFile(join(root, "output", ".cchc-run.lock"), JSON.stringify(lock));
    const r = await run("2025-01-15", { clock: new Date(), lock: { waitMs: 0 } });
    expect(r.exitCode).toBe(0);
    expect(r.text).toContain("Một lần chạy khác đang diễn ra");
    expect((r.json as { locked: boolean }).locked).toBe(true);
    expect((await readdir(join(root, "output"))).sort()).toEqual([".cchc-run.lock"]);
    expect(JSON.parse(await readFile(join(root, "output", ".cchc-run.lock"), "utf8"))).toEqual(lock);
  });

  it("lets only one of two overlapping runs work; the other exits 0 saying another run is going on", async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const deps = {
      ...fakeDeps(calls),
      issue: async (...args: Parameters<RunDeps["issue"]>) => {
        await gate;
        return fakeDeps(calls).issue!(...args);
      },
    };
    const first = run("2025-03-01", { deps, clock: new Date() });
    while (calls.length === 0 && !(await readdir(join(root, "output"))).includes(".cchc-run.lock"))
      await new Promise((r) => setTimeout(r, 10));
    const second = await run("2025-03-01", { deps, clock: new Date(), lock: { waitMs: 0 } });
    release();
    const done = await first;
    expect(second.text).toContain("Một lần chạy khác đang diễn ra");
    expect(second.exitCode).toBe(0);
    expect((done.json as { actions: unknown[] }).actions).toHaveLength(2);
    expect(calls).toEqual(["issue:2025-Q1", "build:2025-Q1@2025-03-01"]);
    expect(existsSync(join(root, "output", ".cchc-run.lock"))).toBe(false);
  });

  it("recovers the stale lock of a crashed run with a warning, then releases its own", async () => {
    await writeFile(
      join(root, "output", ".cchc-run.lock"),
      JSON.stringify({ pid: 4_000_000, hostname: hostname(), startedAt: "2025-01-15T05:00:00+07:00" }),
    );
    const r = await run("2025-01-15", { quiet: false });
    expect(r.exitCode).toBe(0);
    expect(r.text).toContain("Cảnh báo: Đã gỡ khóa cũ");
    expect(existsSync(join(root, "output", ".cchc-run.lock"))).toBe(false);
    expect((await readRunLog(root))[0]!.warnings[0]).toContain("4000000");
  });

  it("stops with exit code 2 on bad seeds, logs the failure and leaves no lock", async () => {
    await writeFile(join(root, "seeds", "agencies.json"), "{ hỏng");
    await expect(run("2025-01-15")).rejects.toMatchObject({ exitCode: 2 });
    const log = await readRunLog(root);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ exitCode: 2, actions: [] });
    expect(log[0]!.error).toContain("seeds");
    expect(existsSync(join(root, "output", ".cchc-run.lock"))).toBe(false);
  });

  it("refuses a folder that is not a workspace without creating anything in it", async () => {
    const empty = join(root, "khong-phai");
    await mkdir(empty);
    await expect(
      runRun({ root: empty, now: { date: "2025-01-15", instant: "2025-01-15T00:00:00+07:00" } }),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(await readdir(empty)).toEqual([]);
  });

  it("logs a failed build with exit code 3 and the actions done before it", async () => {
    const calls: string[] = [];
    const deps = {
      ...fakeDeps(calls),
      build: async () => {
        throw new TypeError("hỏng");
      },
    };
    await expect(run("2025-03-01", { deps })).rejects.toThrow("hỏng");
    const log = await readRunLog(root);
    expect(log[0]).toMatchObject({ exitCode: 3, error: "hỏng", actions: [{ kind: "issue", target: "2025-Q1" }] });
  });

  it("rebuilds only when a file arrives, changes, or the seeds change", async () => {
    const calls: string[] = [];
    const deps = fakeDeps(calls);
    await run("2025-03-01", { deps });
    await run("2025-03-02", { deps });
    await mkdir(join(root, "data", "2025-Q1"), { recursive: true });
    await writeFile(join(root, "data", "2025-Q1", "a.xlsx"), "1");
    await run("2025-03-03", { deps });
    await run("2025-03-04", { deps });
    await writeFile(join(root, "data", "2025-Q1", "a.xlsx"), "2");
    await run("2025-03-05", { deps });
    await writeFile(join(root, "data", "2025-Q1", "~$a.xlsx"), "lock file of Excel");
    await run("2025-03-06", { deps });
    const settings = JSON.parse(await readFile(join(root, "seeds", "settings.json"), "utf8"));
    settings.place = "Phú Thọ";
    await writeFile(join(root, "seeds", "settings.json"), JSON.stringify(settings, null, 2));
    await run("2025-03-07", { deps });
    await run("2025-03-21", { deps });
    await run("2025-03-22", { deps });
    expect(calls).toEqual([
      "issue:2025-Q1",
      "build:2025-Q1@2025-03-01",
      "build:2025-Q1@2025-03-03",
      "build:2025-Q1@2025-03-05",
      "build:2025-Q1@2025-03-07",
      "build:2025-Q1@2025-03-21",
    ]);
  });

  it.skipIf(!existsSync(join(repoRoot, "dist", "cli", "main.js")))(
    "runs from the command line (smoke), then does nothing the second time",
    () => {
      const a = runCchc(["run", "--root", root, "--date", "2025-02-10"]);
      expect(a.stderr).toBe("");
      expect(a.status).toBe(0);
      expect(a.stdout).toContain("Lập bản tiến độ thực hiện kế hoạch 2025-02");
      const b = runCchc(["run", "--root", root, "--date", "2025-02-11", "--json"]);
      expect(b.status).toBe(0);
      expect(JSON.parse(b.stdout)).toMatchObject({ actions: [], logged: false });
      const help = runCchc(["run", "--help"]);
      expect(help.stdout).toContain("Cách dùng: cchc run");
      expect(help.stdout).toContain("Ví dụ:");
    },
  );
});
