import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot, runInit } from "../src/commands/init.js";
import { runPlan } from "../src/commands/plan.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { repoRoot } from "./helpers/model-fixture.js";
import { runCchc } from "./helpers/cli.js";

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "cchc-init-"));
});
afterEach(async () => rm(base, { recursive: true, force: true }));

describe("cchc init", () => {
  it("finds the package root from its own location", () => {
    expect(packageRoot().replace(/\/$/, "")).toBe(repoRoot);
  });

  it("creates a workspace: seeds and templates copied, data and output empty, a README in Vietnamese", async () => {
    const dir = join(base, "tinh-moi");
    const r = await runInit({ dir });
    expect(r.exitCode).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(["README.txt", "data", "output", "seeds", "templates"]);
    for (const f of await readdir(join(repoRoot, "seeds"))) {
      if (f.endsWith(".json"))
        expect(await readFile(join(dir, "seeds", f), "utf8")).toBe(await readFile(join(repoRoot, "seeds", f), "utf8"));
    }
    expect(existsSync(join(dir, "templates", "bang-theo-doi.hbs"))).toBe(true);
    expect(await readdir(join(dir, "data"))).toEqual([]);
    expect(await readdir(join(dir, "output"))).toEqual([]);
    const readme = await readFile(join(dir, "README.txt"), "utf8");
    for (const seed of ["settings.json", "plan.json", "agencies.json", "tasks.json", "indicators.json", "targets.json"])
      expect(readme).toContain(seed);
    expect(readme).toContain("cchc plan --root");
    expect(r.text).toContain("Bước tiếp theo");
  });

  it("gives a workspace that `cchc plan` accepts", async () => {
    const dir = join(base, "ws");
    await runInit({ dir });
    const r = runPlan(await loadPlan(dir), "2025-03-20");
    expect(r.exitCode).toBe(0);
    expect(r.text).toContain("Chỉ tiêu");
  });

  it("accepts an existing empty folder", async () => {
    const dir = join(base, "rong");
    await mkdir(dir);
    expect((await runInit({ dir })).exitCode).toBe(0);
  });

  it("refuses to write into a folder that has content (exit code 2), leaving it untouched", async () => {
    const dir = join(base, "co-noi-dung");
    await mkdir(dir);
    await writeFile(join(dir, "ghi-chu.txt"), "của tôi");
    await expect(runInit({ dir })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining("không ghi đè"),
    });
    expect(await readdir(dir)).toEqual(["ghi-chu.txt"]);
  });

  it.skipIf(!existsSync(join(repoRoot, "dist", "cli", "main.js")))(
    "works from the command line, then `cchc plan --root DIR` reads the new workspace",
    () => {
      const dir = join(base, "cli");
      const a = runCchc(["init", dir]);
      expect(a.stderr).toBe("");
      expect(a.status).toBe(0);
      expect(a.stdout).toContain("Đã tạo thư mục làm việc");
      const b = runCchc(["plan", "--root", dir]);
      expect(b.status).toBe(0);
      expect(b.stdout).toContain("Kế hoạch cải cách hành chính");
      const again = runCchc(["init", dir]);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain("không ghi đè");
    },
  );
});
