import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./model-fixture.js";

/** Runs the built CLI (dist/, made by `npm test` before vitest) as a user would. */
export function runCchc(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", "cchc.js"), ...args], {
    cwd: opts.cwd ?? repoRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary workspace with the repository's seeds/ and templates/ (data/ and output/ empty). */
export function makeWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "cchc-ws-"));
  cpSync(join(repoRoot, "seeds"), join(dir, "seeds"), { recursive: true });
  try {
    cpSync(join(repoRoot, "templates"), join(dir, "templates"), { recursive: true });
  } catch {
    /* no templates yet */
  }
  return dir;
}
