import { afterEach, describe, expect, it } from "vitest";
import { hostname } from "node:os";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agencyFiles, dropFiles, ledgerLines, makeFaultWorkspace, startCchc, cchc } from "./helpers/fault-workspace.js";
import { LockBusyError, withWorkspaceLock } from "../src/commands/workspace-lock.js";

/**
 * Commands started at the same time take turns on the workspace lock (output/.cchc-run.lock): nothing they write
 * is doubled, a busy workspace is said plainly, and `run` takes the lock once for the issue and build it calls.
 */

const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

describe("commands started together take turns", () => {
  it("two checks and a build on freshly dropped files record each file's receipt once", async () => {
    const root = await makeFaultWorkspace();
    roots.push(root);
    const files = agencyFiles();
    await dropFiles(root, files);
    const args = ["--period", "2025-Q1", "--root", root];
    const runs = [startCchc(["check", ...args]), startCchc(["check", ...args]), startCchc(["build", ...args])];
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) {
      expect(r.stderr).toBe("");
      expect([0, 1]).toContain(r.status);
    }
    const lines = ledgerLines(root);
    expect(lines).toHaveLength(Object.keys(files).length);
    expect(new Set(lines.map((l) => l.sha256)).size).toBe(lines.length);
    expect(lines.map((l) => l.storedName).sort()).toEqual(Object.keys(files).sort());
    expect(existsSync(join(root, "output", ".cchc-run.lock"))).toBe(false);
  }, 300_000);

  it("a command that finds the workspace busy waits, then says who holds it (exit 2)", async () => {
    const root = await makeFaultWorkspace();
    roots.push(root);
    await mkdir(join(root, "output"), { recursive: true });
    // held by a live process on this machine (this test's own)
    await writeFile(
      join(root, "output", ".cchc-run.lock"),
      JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() }),
    );
    const t0 = Date.now();
    const r = cchc(["check", "--period", "2025-Q1", "--root", root], { env: { CCHC_LOCK_WAIT: "1" } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `Một lệnh cchc khác đang làm việc trong thư mục này (tiến trình ${process.pid} trên máy ${hostname()}`,
    );
    expect(r.stderr).toContain("đã chờ 1 giây. Hãy chạy lại khi lệnh kia xong.");
    expect(r.stderr).toContain("xóa tệp output/.cchc-run.lock");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);

  it("a lock left by a killed command is taken over, with a note on stderr", async () => {
    const root = await makeFaultWorkspace();
    roots.push(root);
    await mkdir(join(root, "output"), { recursive: true });
    await writeFile(
      join(root, "output", ".cchc-run.lock"),
      JSON.stringify({ pid: 4_000_000, hostname: hostname(), startedAt: new Date().toISOString() }),
    );
    const r = cchc(["check", "--period", "2025-Q1", "--root", root, "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("Lưu ý: Đã gỡ khóa cũ của một lệnh bị dừng giữa chừng (tiến trình 4000000");
    expect(JSON.parse(r.stdout)).toMatchObject({ period: "2025-Q1" });
    expect(existsSync(join(root, "output", ".cchc-run.lock"))).toBe(false);
  }, 120_000);
});

describe("the workspace lock within one process", () => {
  it("is taken again without waiting by the call chain that holds it (run → issue, build)", async () => {
    const root = await mkdtemp(join(tmpdir(), "cchc-lock-"));
    roots.push(root);
    const order: string[] = [];
    await withWorkspaceLock(root, async () => {
      order.push("outer");
      await withWorkspaceLock(
        root,
        async () => {
          order.push("inner");
        },
        { waitMs: 0 },
      );
    });
    expect(order).toEqual(["outer", "inner"]);
    expect(existsSync(join(root, "output", ".cchc-run.lock"))).toBe(false);
  });

  it("makes another call in the same process wait its turn, or give up after the time allowed", async () => {
    const root = await mkdtemp(join(tmpdir(), "cchc-lock-"));
    roots.push(root);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = withWorkspaceLock(root, async () => {
      order.push("first start");
      await gate;
      order.push("first end");
    });
    while (!existsSync(join(root, "output", ".cchc-run.lock"))) await new Promise((r) => setTimeout(r, 5));
    await expect(withWorkspaceLock(root, async () => undefined, { waitMs: 100, pollMs: 20 })).rejects.toBeInstanceOf(
      LockBusyError,
    );
    const second = withWorkspaceLock(
      root,
      async () => {
        order.push("second");
      },
      { waitMs: 10_000, pollMs: 20 },
    );
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["first start", "first end", "second"]);
  });
});
