// @module-tag slow (large corpus)
import { describe, expect, test } from "vitest";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkInbox, type CheckInboxOptions } from "../src/commands/pipeline.js";
import { leanReader } from "../src/intake/xlsx/read-file.js";
import type { WorkbookReader } from "../src/intake/xlsx/raw-workbook.js";
import { CACHE_DIR, cacheFingerprint } from "../src/intake/batch/parse-cache.js";
import type { SubmissionRecord } from "../src/intake/judge/submission.js";
import { fillTemplate } from "./helpers/fill-template.js";
import { cleanSpec, period, plan, template, writeCorpusSeeds } from "./helpers/intake-corpus.js";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { repoRoot } from "./helpers/model-fixture.js";

const Q1 = period("2025-Q1");
const now = { date: "2025-03-20", instant: "2025-03-20T00:00:00+07:00" };

/** The lean reader, counting the workbooks it is asked to read. */
function countingReader(): WorkbookReader & { reads: number } {
  const r = {
    name: "counting-lean",
    reads: 0,
    read(bytes: Uint8Array, limits?: Parameters<WorkbookReader["read"]>[1]) {
      r.reads++;
      return leanReader.read(bytes, limits);
    },
  };
  return r;
}

async function workspace(): Promise<{ root: string; inbox: string }> {
  const root = await mkdtemp(join(tmpdir(), "cchc-cache-"));
  await writeCorpusSeeds(root);
  const inbox = join(root, "data", "2025-Q1");
  await mkdir(inbox, { recursive: true });
  await writeFile(join(inbox, "2025-Q1_so-a.xlsx"), await fillTemplate(await template("so-a", "2025-Q1"), cleanSpec()));
  const b = cleanSpec();
  b.tasks = {
    2: { status: "in-progress" },
    3: { status: "done", result: "Đã triển khai" },
    1: { status: "not-applicable" },
  };
  delete b.values!["hang"];
  b.values!["dvsn"] = -5; // a finding, so that findings come back from the cache too
  await writeFile(join(inbox, "2025-Q1_so-b.xlsx"), await fillTemplate(await template("so-b", "2025-Q1"), b));
  await writeFile(join(inbox, "rong.xlsx"), Buffer.alloc(0));
  return { root, inbox };
}

const run = (root: string, reader: WorkbookReader, more: CheckInboxOptions = {}) =>
  checkInbox({ root, plan, now }, Q1, { reader, workers: 0, ...more });

/** What a record says, without the receipt fields that depend on when the run happened. */
const verdicts = (records: SubmissionRecord[]) =>
  records.map((r) => ({ file: r.file, accepted: r.accepted, agency: r.agency, findings: r.findings, data: r.data }));

const cacheFiles = (root: string): string[] => {
  const dir = join(root, "output", "2025-Q1", CACHE_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((d) => readdirSync(join(dir, d)).map((f) => `${d}/${f}`))
    .sort();
};

describe("the parse cache: each file is read once, whatever the commands that follow", () => {
  test("a second run reads no file again and gives the same verdicts, findings and values", async () => {
    const { root } = await workspace();
    const first = countingReader();
    const a = await run(root, first);
    // two workbooks (the empty file is refused before any reading), three results kept
    expect(first.reads).toBe(2);
    expect(cacheFiles(root)).toHaveLength(3);

    const second = countingReader();
    const b = await run(root, second);
    expect(second.reads).toBe(0);
    expect(verdicts(b.records)).toEqual(verdicts(a.records));
    expect(b.records.find((r) => r.file === "2025-Q1_so-b.xlsx")!.findings.map((f) => f.code)).toEqual([
      "intake.negative",
    ]);
  });

  test("a check that only reports problems drops the values it read, yet keeps them in the cache for the build", async () => {
    const { root } = await workspace();
    const lean = await run(root, countingReader(), { keepData: false });
    expect(lean.records.map((r) => r.data)).toEqual([null, null, null]);
    expect(lean.records.find((r) => r.file === "2025-Q1_so-b.xlsx")!.findings.map((f) => f.code)).toEqual([
      "intake.negative",
    ]);
    const later = countingReader();
    const full = await run(root, later);
    expect(later.reads).toBe(0);
    expect(full.records.find((r) => r.file === "2025-Q1_so-a.xlsx")!.data!.values["hs"]).toBeDefined();
  });

  test("a file whose bytes changed is read again, and only that one", async () => {
    const { root, inbox } = await workspace();
    await run(root, countingReader());
    const s = cleanSpec();
    s.values!["hs"] = 999;
    await writeFile(join(inbox, "2025-Q1_so-a.xlsx"), await fillTemplate(await template("so-a", "2025-Q1"), s));
    const again = countingReader();
    const r = await run(root, again);
    expect(again.reads).toBe(1);
    expect(r.records.find((x) => x.file === "2025-Q1_so-a.xlsx")!.data!.values["hs"]!.value).toBe(999);
  });

  test("another plan, other floors of the cumulative rule or another reader make every cached result void", async () => {
    const { root } = await workspace();
    await run(root, countingReader());
    // an earlier report quý I is not compared with gives no floor: the cached results still hold
    const afterEarlier = countingReader();
    await run(root, afterEarlier, {
      earlier: [
        { period: { id: "2024-Y", label: "năm 2024" }, totals: {}, agencies: [{ code: "so-a", values: { hs: 1 } }] },
      ],
    });
    expect(afterEarlier.reads).toBe(0);
    const renamed = { ...plan, meta: { ...plan.meta, name: `${plan.meta.name} (sửa đổi)` } };
    const afterPlan = countingReader();
    await checkInbox({ root, plan: renamed, now }, Q1, { reader: afterPlan, workers: 0 });
    expect(afterPlan.reads).toBe(2);

    // other floors are another fingerprint
    const parts = { plan, periodId: "2025-H1", reader: "lean", readOptions: {} };
    const floor = { period: "2025-Q1", label: "quý I năm 2025", value: 5 };
    expect(cacheFingerprint({ ...parts, floors: {} })).not.toBe(
      cacheFingerprint({ ...parts, floors: { "so-a": { hs: floor } } }),
    );
    expect(cacheFingerprint({ ...parts, floors: { "so-a": { hs: floor } } })).not.toBe(
      cacheFingerprint({ ...parts, floors: { "so-a": { hs: { ...floor, value: 6 } } } }),
    );

    let reads = 0;
    await run(root, {
      name: "another-reader",
      read: (b, l) => {
        reads++;
        return leanReader.read(b, l);
      },
    });
    expect(reads).toBe(2);
    // only the results of the last fingerprint are kept
    expect(new Set(cacheFiles(root).map((f) => f.split("/")[0])).size).toBe(1);
  });

  test("a damaged cache entry is read past: the file is read again, the run goes on", async () => {
    const { root } = await workspace();
    await run(root, countingReader());
    for (const f of cacheFiles(root))
      writeFileSync(join(root, "output", "2025-Q1", CACHE_DIR, f), Buffer.from("không phải dữ liệu"));
    const again = countingReader();
    const r = await run(root, again);
    expect(again.reads).toBe(2);
    expect(r.records.map((x) => x.accepted)).toEqual([true, true, false]);
  });

  test('entries of files gone from the inbox are removed; cache false and "read" write nothing', async () => {
    const { root, inbox } = await workspace();
    await run(root, countingReader(), { cache: "read" });
    expect(cacheFiles(root)).toEqual([]);
    await run(root, countingReader(), { cache: false });
    expect(cacheFiles(root)).toEqual([]);

    await run(root, countingReader());
    expect(cacheFiles(root)).toHaveLength(3);
    const { rm } = await import("node:fs/promises");
    await rm(join(inbox, "rong.xlsx"));
    const again = countingReader();
    await run(root, again);
    expect(again.reads).toBe(0);
    expect(cacheFiles(root)).toHaveLength(2);
    expect(await readdir(inbox)).not.toContain(CACHE_DIR);
  });
});

describe("check then build, as a user runs them", () => {
  test("the build after a check writes the same report as a build that reads every file again", () => {
    const root = makeWorkspace();
    cpSync(join(repoRoot, "data", "2025-Q1"), join(root, "data", "2025-Q1"), { recursive: true });
    const args = ["--root", root, "--period", "2025-Q1", "--date", "2025-03-25"];
    expect(runCchc(["check", ...args]).status).toBe(1);
    expect(existsSync(join(root, "output", "2025-Q1", CACHE_DIR))).toBe(true);
    const model = (): Record<string, unknown> => {
      const m = JSON.parse(readFileSync(join(root, "output", "2025-Q1", "tong-hop.json"), "utf8")) as Record<
        string,
        unknown
      >;
      delete m["builtAt"];
      return m;
    };
    const cached = runCchc(["build", ...args]);
    expect(cached.stderr).toBe("");
    const fromCache = model();
    const fresh = runCchc(["build", ...args, "--no-cache"]);
    expect(fresh.status).toBe(cached.status);
    expect(model()).toEqual(fromCache);
  });
});

describe("feedback workbooks are made once while their inputs stay the same", () => {
  test("a second check keeps them; a changed file, another date or a deleted workbook makes them again", () => {
    const root = makeWorkspace();
    cpSync(join(repoRoot, "data", "2025-Q1"), join(root, "data", "2025-Q1"), { recursive: true });
    const check = (date = "2025-03-25") =>
      JSON.parse(runCchc(["check", "--root", root, "--period", "2025-Q1", "--date", date, "--json"]).stdout) as {
        feedback: string[];
        feedbackUnchanged: string[];
      };
    const dir = join(root, "output", "2025-Q1", "phan-hoi");
    const first = check();
    expect(first.feedback.length).toBeGreaterThan(1);
    expect(first.feedbackUnchanged).toEqual([]);
    const bytes = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));

    const second = check();
    expect(second.feedback).toEqual([]);
    expect(second.feedbackUnchanged).toHaveLength(first.feedback.length);
    for (const [f, b] of bytes) expect(readFileSync(join(dir, f)).equals(b)).toBe(true);

    // the build links every feedback workbook on the status board, kept or made
    expect(runCchc(["build", "--root", root, "--period", "2025-Q1", "--date", "2025-03-25"]).status).toBe(1);
    const board = readFileSync(join(root, "output", "2025-Q1", "index.html"), "utf8");
    for (const f of bytes.keys()) expect(board).toContain(`phan-hoi/${f}`);

    const [gone] = [...bytes.keys()];
    rmSync(join(dir, gone!));
    const third = check();
    expect(third.feedback.map((p) => p.split(/[\\/]/).pop())).toEqual([gone]);
    expect(check("2025-03-26").feedback).toHaveLength(first.feedback.length);
  });
});
