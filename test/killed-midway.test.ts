// @module-tag slow (runs the CLI at length)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import PizZip from "pizzip";
import { recoverOutputs } from "../src/util/output-transaction.js";
import {
  agencyFiles,
  cchc,
  dropFiles,
  ledgerLines,
  leftovers,
  makeFaultWorkspace,
  otherSample,
  snapshot,
  startCchc,
} from "./helpers/fault-workspace.js";

/**
 * `kill -9` at random points of receive, check and build. After each kill, and once the next command has put things
 * right (recoverOutputs, which every command runs when it takes the workspace lock), the outputs are the old whole
 * set or the new whole set, every output parses, and the ledger parses and holds each receipt once.
 * Bounded: a few kills per command, each within the time a whole run takes.
 */

const KILLS = 4;
let root: string;
const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  root = await makeFaultWorkspace();
  await dropFiles(root, agencyFiles());
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the next command does first, holding the lock. */
const recover = () => recoverOutputs(join(root, "output"), [join(root, "output"), join(root, "data")]);

/** The outputs that make a set: everything in output/2025-Q1/ but the parse cache (its digests file included). */
function outputSet(): Record<string, string> {
  const all = snapshot(join(root, "output", "2025-Q1"));
  return Object.fromEntries(
    Object.entries(all).filter(([k]) => !k.startsWith(".cchc-cache/") || k === ".cchc-cache/phan-hoi.json"),
  );
}

/** Every output parses: the model as JSON, each Office file as a zip with its content types. */
function expectOutputsParse(): void {
  const dir = join(root, "output", "2025-Q1");
  JSON.parse(readFileSync(join(dir, "tong-hop.json"), "utf8"));
  const office = [
    ...readdirSync(dir).filter((n) => /\.(docx|xlsx)$/.test(n)),
    ...readdirSync(join(dir, "phan-hoi")).map((n) => `phan-hoi/${n}`),
  ];
  for (const n of office) expect(new PizZip(readFileSync(join(dir, n))).file("[Content_Types].xml"), n).not.toBeNull();
}

/** Each receipt once (stored name and bytes), and the file it names is whole: its bytes hash to the receipt. */
function expectLedgerWhole(): void {
  const lines = ledgerLines(root);
  const keys = lines.map((l) => `${l.storedName}\n${l.sha256}`);
  expect(new Set(keys).size, keys.join("; ")).toBe(keys.length);
  for (const l of lines)
    expect(sha(readFileSync(join(root, "data", "2025-Q1", l.storedName))), l.storedName).toBe(l.sha256);
}

/** Runs `args` to the end and returns how long it took (ms). */
function timed(args: string[]): number {
  const t0 = Date.now();
  const r = cchc(args);
  // a note that the lock of the killed command was taken over is all stderr may hold
  expect(r.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("Lưu ý: Đã gỡ khóa cũ"))).toEqual([]);
  expect([0, 1]).toContain(r.status);
  return Date.now() - t0;
}

/** Starts `args`, kills it with SIGKILL after a random delay within `span` ms; returns the delay. */
async function killMidway(args: string[], span: number): Promise<number> {
  const delay = Math.round(50 + Math.random() * span);
  const run = startCchc(args);
  const timer = setTimeout(() => run.child.kill("SIGKILL"), delay);
  await run.done;
  clearTimeout(timer);
  return delay;
}

const build = (date: string) => ["build", "--period", "2025-Q1", "--date", date, "--root", root];

describe("kill -9 at random points", () => {
  it("of build: the outputs are always the old whole set or the new whole set", async () => {
    // two whole sets, from two dates (the receipts of the dropped files are recorded by the first)
    const t = timed(build("2025-03-25"));
    const a = outputSet();
    timed(build("2025-03-26"));
    const b = outputSet();
    expect(a).not.toEqual(b);
    for (let i = 0; i < KILLS; i++) {
      const delay = await killMidway(build(i % 2 === 0 ? "2025-03-25" : "2025-03-26"), t);
      await recover();
      const now = outputSet();
      expect([a, b], `killed after ${delay} ms`).toContainEqual(now);
      expect(leftovers(root), `killed after ${delay} ms`).toEqual([]);
      expectOutputsParse();
      expectLedgerWhole();
    }
  }, 600_000);

  it("of receive: the ledger parses, holds each receipt once, and every received copy is whole", async () => {
    const downloads = join(root, "tai-ve");
    rmSync(downloads, { recursive: true, force: true });
    mkdirSync(downloads);
    const receive = (i: number) => {
      const src = join(downloads, `bao-cao-${i}.xlsx`);
      writeFileSync(src, otherSample(i));
      return ["receive", src, "--period", "2025-Q1", "--date", "2025-03-27", "--root", root];
    };
    const t = timed(receive(0));
    for (let i = 1; i <= KILLS; i++) {
      const delay = await killMidway(receive(i), t);
      await recover();
      expect(leftovers(root), `killed after ${delay} ms`).toEqual([]);
      expectLedgerWhole();
      // a copy made but not yet recorded is whole too (its receipt comes with the next check)
      const sources = new Set([...Object.values(agencyFiles()), ...[0, 1, 2, 3, 4].map(otherSample)].map(sha));
      for (const name of readdirSync(join(root, "data", "2025-Q1")).filter((n) => n.endsWith(".xlsx"))) {
        expect(sources.has(sha(readFileSync(join(root, "data", "2025-Q1", name)))), name).toBe(true);
      }
    }
  }, 600_000);

  it("of check: the ledger holds each receipt once, the feedback workbooks parse; a whole check then records every file", async () => {
    const check = ["check", "--period", "2025-Q1", "--date", "2025-03-28", "--root", root];
    const t = timed(check);
    for (let i = 0; i < KILLS; i++) {
      // a file dropped in by hand before each check: a first-seen receipt to record
      writeFileSync(join(root, "data", "2025-Q1", `tha-tay-${i}.xlsx`), Buffer.from(`không phải bảng tính ${i}`));
      const delay = await killMidway(check, t);
      await recover();
      expect(leftovers(root), `killed after ${delay} ms`).toEqual([]);
      expectLedgerWhole();
      for (const n of readdirSync(join(root, "output", "2025-Q1", "phan-hoi"))) {
        expect(
          new PizZip(readFileSync(join(root, "output", "2025-Q1", "phan-hoi", n))).file("[Content_Types].xml"),
          n,
        ).not.toBeNull();
      }
    }
    timed(check);
    expectLedgerWhole();
    const recorded = new Set(ledgerLines(root).map((l) => l.storedName));
    const inbox = readdirSync(join(root, "data", "2025-Q1")).filter((n) => n.endsWith(".xlsx"));
    expect(inbox.filter((n) => !recorded.has(n))).toEqual([]);
  }, 600_000);
});
