import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadPlan, readSeeds } from "../src/plan/read-seeds.js";
import { validatePlan } from "../src/plan/validate-plan.js";
import { CchcError } from "../src/problems/problem.js";
import { formatProblem } from "../src/problems/messages.js";

const repoSeeds = fileURLToPath(new URL("../seeds", import.meta.url));

let ws: string;
let cache: string;

beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), "cchc-plan-cache-ws-"));
  cache = mkdtempSync(join(tmpdir(), "cchc-plan-cache-"));
  cpSync(repoSeeds, join(ws, "seeds"), { recursive: true });
});

afterEach(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

const entries = (): string[] => {
  try {
    return readdirSync(join(cache, "plan"));
  } catch {
    return [];
  }
};

function editSeed(name: string, edit: (json: Record<string, any>) => void): void {
  const file = join(ws, "seeds", name);
  const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, any>;
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

/** Rewrites the one entry of the cache folder. */
function editEntry(edit: (text: string) => string): void {
  const [name] = entries();
  const file = join(cache, "plan", name!);
  writeFileSync(file, edit(readFileSync(file, "utf8")));
}

async function freshPlan() {
  const { plan } = validatePlan(await readSeeds(ws));
  return plan!;
}

describe("the plan kept between runs", () => {
  it("is the same plan validation gives, and is what an unchanged seeds folder loads next time", async () => {
    const first = await loadPlan(ws, { cacheDir: cache });
    expect(entries()).toHaveLength(1);
    expect(isDeepStrictEqual(first, await freshPlan())).toBe(true);
    const second = await loadPlan(ws, { cacheDir: cache });
    expect(isDeepStrictEqual(second, first)).toBe(true);
    // the entry is what the second run read: a mark put into it shows up in the loaded plan
    editEntry((t) => t.replace(`"fingerprint":"${first.fingerprint}"`, `"fingerprint":"marked"`));
    expect((await loadPlan(ws, { cacheDir: cache })).fingerprint).toBe("marked");
  });

  it("is not used once a seed file changes: the changed seeds are validated", async () => {
    await loadPlan(ws, { cacheDir: cache });
    editSeed("agencies.json", (j) => {
      j["agencies"][0].name = "Tên mới của cơ quan";
    });
    const plan = await loadPlan(ws, { cacheDir: cache });
    expect(plan.agencies[0]!.name).toBe("Tên mới của cơ quan");
    expect(isDeepStrictEqual(plan, await freshPlan())).toBe(true);
    expect(entries()).toHaveLength(2);
  });

  it("reports errors of changed seeds exactly as validation words them, and keeps no plan for them", async () => {
    await loadPlan(ws, { cacheDir: cache });
    editSeed("tasks.json", (j) => {
      j["tasks"][0].leadAgencies = ["so-khong-co"];
    });
    const expected = validatePlan(await readSeeds(ws)).problems.map(formatProblem);
    expect(expected.length).toBeGreaterThan(0);
    const caught = await loadPlan(ws, { cacheDir: cache }).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(CchcError);
    expect((caught as CchcError).exitCode).toBe(2);
    expect((caught as CchcError).details).toEqual(expected);
    expect(entries()).toHaveLength(1);
  });

  it("validates afresh when the entry is damaged, and replaces it", async () => {
    const fresh = await loadPlan(ws, { cacheDir: cache });
    for (const damage of [(t: string) => t.slice(0, t.length / 2), () => "", () => '{"layout":1,"plan":{}}']) {
      editEntry(damage);
      const plan = await loadPlan(ws, { cacheDir: cache });
      expect(isDeepStrictEqual(plan, fresh)).toBe(true);
      expect(isDeepStrictEqual(await loadPlan(ws, { cacheDir: cache }), fresh)).toBe(true);
    }
  });

  it("does not use an entry another version of the program wrote", async () => {
    const plan = await loadPlan(ws, { cacheDir: cache });
    editEntry((t) => t.replace(`"fingerprint":"${plan.fingerprint}"`, `"fingerprint":"marked"`));
    vi.resetModules();
    vi.doMock("../src/version.js", () => ({ version: "99.0.0-other" }));
    try {
      const other = await import("../src/plan/read-seeds.js");
      const loaded = await other.loadPlan(ws, { cacheDir: cache });
      expect(loaded.fingerprint).toBe(plan.fingerprint);
      expect(entries()).toHaveLength(2);
    } finally {
      vi.doUnmock("../src/version.js");
      vi.resetModules();
    }
  });

  it("keeps nothing when there is no cache folder", async () => {
    const plan = await loadPlan(ws, { cacheDir: null });
    expect(isDeepStrictEqual(plan, await freshPlan())).toBe(true);
    expect(entries()).toEqual([]);
  });
});
