// @module-tag slow (runs the CLI four times)
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCchc } from "./helpers/cli.js";

/**
 * The code cache of the libraries (src/util/compile-cache.ts) is an optimisation only: a run writes it into the OS
 * temp folder, the next one uses it, and a damaged or missing one never changes what the program does.
 */

const hasNativeCache =
  typeof ((await import("node:module")).default as unknown as { enableCompileCache?: unknown }).enableCompileCache ===
  "function";

describe.skipIf(hasNativeCache)("the code cache of the libraries on Node 20", () => {
  it("is written by a run, used by the next, and a damaged one is ignored", () => {
    const tmp = mkdtempSync(join(tmpdir(), "cchc-cc-"));
    const env = { TMPDIR: tmp, TMP: tmp, TEMP: tmp };
    const first = runCchc(["plan", "--json"], { env });
    expect(first.status, first.stderr).toBe(0);
    const dir = join(tmp, `cchc-compile-cache-${process.getuid?.() ?? ""}`.replace(/-$/, ""));
    const stores = readdirSync(dir).filter((n) => n.endsWith(".bin"));
    expect(stores).toHaveLength(1);
    const store = join(dir, stores[0]!);
    // an index of the libraries it holds (commander, zod …), then their compiled code
    const index = JSON.parse(readFileSync(store).subarray(0, readFileSync(store).indexOf(10)).toString("utf8")) as [
      string,
      string,
      number,
    ][];
    expect(index.some(([name]) => /node_modules[\\/]commander[\\/]/.test(name))).toBe(true);

    const second = runCchc(["plan", "--json"], { env });
    expect(second.stdout).toBe(first.stdout);

    writeFileSync(store, Buffer.concat([readFileSync(store).subarray(0, 200), Buffer.from("\u0000garbage")]));
    const damaged = runCchc(["plan", "--json"], { env });
    expect(damaged.status, damaged.stderr).toBe(0);
    expect(damaged.stdout).toBe(first.stdout);
    expect(damaged.stderr).toBe(first.stderr);

    const off = runCchc(["plan", "--json"], { env: { ...env, CCHC_NO_COMPILE_CACHE: "1" } });
    expect(off.stdout).toBe(first.stdout);
  }, 120_000);

  it.skipIf(typeof process.getuid !== "function")(
    "is not used from a folder others may write to (a shared server's temp folder)",
    () => {
      const tmp = mkdtempSync(join(tmpdir(), "cchc-cc-"));
      const env = { TMPDIR: tmp, TMP: tmp, TEMP: tmp };
      const dir = join(tmp, `cchc-compile-cache-${process.getuid!()}`);
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      const r = runCchc(["plan", "--json"], { env });
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(dir)).toEqual([]);
      chmodSync(dir, 0o700);
      expect(runCchc(["plan", "--json"], { env }).stdout).toBe(r.stdout);
      expect(readdirSync(dir).filter((n) => n.endsWith(".bin"))).toHaveLength(1);
    },
    120_000,
  );
});
