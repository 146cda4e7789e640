// @module-tag slow (worker threads over a corpus)
import { describe, expect, test } from "vitest";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runInWorkers, workerScriptUsable } from "../src/intake/batch/worker-pool.js";
import { chooseParseThreads } from "../src/intake/batch/judge-all.js";
import { leanReader } from "../src/intake/xlsx/read-file.js";
import { spawnSync } from "node:child_process";
import { makeWorkspace } from "./helpers/cli.js";
import { repoRoot } from "./helpers/model-fixture.js";

/** A worker script speaking the pool's protocol: "boom" throws, "die" ends the worker, "hog" fills its heap, anything else is echoed. */
function echoWorker(): URL {
  const dir = mkdtempSync(join(tmpdir(), "cchc-pool-"));
  const path = join(dir, "echo-worker.mjs");
  writeFileSync(
    path,
    `
import { parentPort, workerData } from "node:worker_threads";
parentPort.on("message", ({ id, job }) => {
  if (job === "boom") return parentPort.postMessage({ id, ok: false, error: { name: "Error", message: "boom in worker" } });
  if (job === "die") process.exit(3);
  if (job === "hog") { const kept = []; for (;;) kept.push(new Array(100000).fill(job)); }
  parentPort.postMessage({ id, ok: true, value: workerData.prefix + job });
});
`,
  );
  return pathToFileURL(path);
}

function brokenWorker(): URL {
  const dir = mkdtempSync(join(tmpdir(), "cchc-pool-"));
  const path = join(dir, "broken-worker.mjs");
  writeFileSync(path, "this is not javascript (\n");
  return pathToFileURL(path);
}

const here = async (job: string): Promise<string> => `here:${job}`;

describe("worker pool", () => {
  test("gives every result back in job order, whichever worker ran it", async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => `j${i}`);
    const seen: number[] = [];
    const out = await runInWorkers(jobs, {
      script: echoWorker(),
      size: 3,
      workerData: { prefix: "w:" },
      fallback: here,
      onResult: (i) => seen.push(i),
    });
    expect(out).toEqual(jobs.map((j) => `w:${j}`));
    expect([...seen].sort((a, b) => a - b)).toEqual(jobs.map((_, i) => i));
  });

  test("with this thread sharing the work, the results are the same jobs in the same order", async () => {
    const jobs = Array.from({ length: 30 }, (_, i) => `j${i}`);
    const out = await runInWorkers(jobs, {
      script: echoWorker(),
      size: 1,
      workerData: { prefix: "" },
      fallback: async (j) => j,
      shareThisThread: true,
    });
    expect(out).toEqual(jobs);
  });

  test("a job that throws in a worker rejects the run with its message", async () => {
    await expect(
      runInWorkers(["a", "boom", "c"], { script: echoWorker(), size: 2, workerData: { prefix: "" }, fallback: here }),
    ).rejects.toThrow("boom in worker");
  });

  test("a worker that dies hands its jobs back; with no worker left they run in this thread", async () => {
    const out = await runInWorkers(["a", "die", "c"], {
      script: echoWorker(),
      size: 2,
      workerData: { prefix: "w:" },
      fallback: here,
      depth: 1,
    });
    expect(out[0]).toBe("w:a");
    expect(out[1]).toBe("here:die");
    expect(out[2]).toMatch(/^(w|here):c$/);
  });

  test("a worker that runs out of its capped heap hands its job back, and the run goes on", async () => {
    const out = await runInWorkers(["a", "hog", "c"], {
      script: echoWorker(),
      size: 1,
      workerData: { prefix: "w:" },
      fallback: here,
      depth: 1,
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });
    expect(out).toEqual(["w:a", "here:hog", "here:c"]);
  });

  test("a worker script that cannot load leaves every job to this thread", async () => {
    const out = await runInWorkers(["a", "b"], { script: brokenWorker(), size: 2, workerData: null, fallback: here });
    expect(out).toEqual(["here:a", "here:b"]);
  });

  test("only a compiled .js worker that exists is usable (the TypeScript sources under vitest are not)", () => {
    expect(workerScriptUsable(new URL("../src/intake/batch/parse-worker.ts", import.meta.url))).toBe(false);
    expect(workerScriptUsable(new URL("file:///nowhere/parse-worker.js"))).toBe(false);
    expect(workerScriptUsable(pathToFileURL(join(repoRoot, "dist", "intake", "batch", "parse-worker.js")))).toBe(
      existsSync(join(repoRoot, "dist", "intake", "batch", "parse-worker.js")),
    );
    // the sources run every file in this thread, whatever is asked
    expect(chooseParseThreads(5000, leanReader, 2, undefined, 8)).toEqual({ workers: 0, shareThisThread: true });
  });
});

/** The built CLI as a user runs it (like helpers/cli.ts, with room for a big --json). */
function runCchc(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", "cchc.js"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under a directory, relative path → bytes (the parse cache left out: it is no output a user reads). */
function filesUnder(dir: string, base = dir, out = new Map<string, Buffer>()): Map<string, Buffer> {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === ".cchc-cache") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, base, out);
    else out.set(p.slice(base.length + 1), readFileSync(p));
  }
  return out;
}

/** The shipped sample inbox plus hand-dropped files of every kind of trouble. */
function differentialWorkspace(): string {
  const root = makeWorkspace();
  cpSync(join(repoRoot, "data", "2025-Q1"), join(root, "data", "2025-Q1"), { recursive: true });
  const inbox = join(root, "data", "2025-Q1");
  const sample = readdirSync(inbox)
    .filter((n) => n.endsWith(".xlsx"))
    .sort();
  const first = readFileSync(join(inbox, sample[0]!));
  writeFileSync(join(inbox, "ban-sao-gui-lai.xlsx"), first); // same bytes under another name
  writeFileSync(join(inbox, "bao cao so-tu-phap.xlsx"), readFileSync(join(inbox, sample[1]!))); // named for another agency
  writeFileSync(join(inbox, "rong.xlsx"), Buffer.alloc(0));
  writeFileSync(join(inbox, "cat-cut.xlsx"), first.subarray(0, Math.floor(first.length / 2)));
  writeFileSync(join(inbox, "khong-phai-excel.xlsx"), Buffer.from("Đây không phải bảng tính", "utf8"));
  return root;
}

describe("parse workers against this thread (differential, on the built CLI)", () => {
  test("check --json, the feedback workbooks and every build output are identical", () => {
    const results = ["0", "2"].map((workers) => {
      const root = differentialWorkspace();
      const env = { CCHC_WORKERS: workers };
      const check = runCchc(["check", "--root", root, "--period", "2025-Q1", "--date", "2025-03-25", "--json"], env);
      // the build reads every file again (not check's parse cache), so that its own reading is compared too
      const build = runCchc(
        ["build", "--root", root, "--period", "2025-Q1", "--date", "2025-03-25", "--no-cache"],
        env,
      );
      return {
        root,
        check,
        build,
        outputs: filesUnder(join(root, "output")),
        ledger: readFileSync(join(root, "data", "2025-Q1", "so-nhan.jsonl"), "utf8"),
      };
    });
    const [inThread, pooled] = results as [(typeof results)[0], (typeof results)[0]];
    expect(inThread.check.stderr).toBe("");
    expect(pooled.check.stderr).toBe("");
    expect(inThread.check.status).toBe(1);
    expect(pooled.check.status).toBe(inThread.check.status);
    expect(pooled.build.status).toBe(inThread.build.status);
    const json = (r: typeof inThread) =>
      JSON.parse(r.check.stdout.split(r.root).join("<root>")) as {
        submissions: { file: string; accepted: boolean; findings: { code: string }[] }[];
      };
    const a = json(inThread);
    expect(a.submissions.length).toBeGreaterThan(35);
    expect(a.submissions.filter((s) => !s.accepted).length).toBeGreaterThanOrEqual(3);
    expect(a.submissions.flatMap((s) => s.findings.map((f) => f.code))).toEqual(
      expect.arrayContaining(["intake.duplicate-content", "intake.file-empty", "intake.agency-mismatch"]),
    );
    expect(json(pooled)).toEqual(a);
    expect(pooled.ledger).toBe(inThread.ledger);
    expect([...pooled.outputs.keys()].sort()).toEqual([...inThread.outputs.keys()].sort());
    expect(inThread.outputs.has(join("2025-Q1", "tong-hop.json"))).toBe(true);
    for (const [name, bytes] of inThread.outputs) expect(pooled.outputs.get(name)?.equals(bytes), name).toBe(true);
  }, 240_000); // every template carries its check column: slower to write on a loaded machine
});
