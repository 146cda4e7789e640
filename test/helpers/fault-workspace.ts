import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { cleanSpec, template, writeCorpusSeeds } from "./intake-corpus.js";
import { fillTemplate } from "./fill-template.js";
import { repoRoot } from "./model-fixture.js";

/**
 * A small workspace for fault-injection tests: the corpus plan (four agencies), the shipped templates, and the
 * filled files of three agencies (one of them with an error, so that a feedback workbook is written).
 */

/** Filled workbooks of 2025-Q1 by file name: so-a and tw-c clean, so-b with a negative count. */
export async function agencyFiles(): Promise<Record<string, Buffer>> {
  const bad = cleanSpec();
  bad.values = { ...bad.values, hs: -5 };
  return {
    "2025-Q1_so-a.xlsx": await fillTemplate(await template("so-a"), cleanSpec()),
    "2025-Q1_so-b.xlsx": await fillTemplate(await template("so-b"), bad),
    "2025-Q1_tw-c.xlsx": await fillTemplate(await template("tw-c"), cleanSpec()),
  };
}

/** Seeds and templates into `root` (made when absent); no data yet. */
export async function writeWorkspace(root: string): Promise<void> {
  await mkdir(root, { recursive: true });
  await writeCorpusSeeds(root);
  cpSync(join(repoRoot, "templates"), join(root, "templates"), { recursive: true });
}

export async function makeFaultWorkspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "cchc-fault-"));
  await writeWorkspace(root);
  return root;
}

/** Drops the agency files into data/2025-Q1/ by hand (no receipts yet). */
export async function dropFiles(root: string, files: Record<string, Buffer>): Promise<void> {
  const inbox = join(root, "data", "2025-Q1");
  await mkdir(inbox, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(inbox, name), bytes);
}

/** Every file under a folder (relative path → sha256), dot files included. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(dir, p).split("\\").join("/")] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

/** Names of leftovers of an interrupted write: temporary files, backups, a journal. */
export function leftovers(dir: string): string[] {
  return Object.keys(snapshot(dir)).filter((p) => /(^|\/)\.cchc-(tmp|bak)-|\.cchc-giao-dich\.json$/.test(p));
}

/**
 * A small tmpfs mounted on a new folder (we need root and a kernel that allows it), or null with the reason.
 * Unmount with `unmount`.
 */
export function mountTmpfs(sizeMb: number): { dir: string; unmount: () => void } | { dir: null; reason: string } {
  if (process.platform !== "linux") return { dir: null, reason: "chỉ thử được trên Linux (tmpfs)" };
  if (process.getuid?.() !== 0) return { dir: null, reason: "cần quyền root để gắn tmpfs" };
  const dir = join(tmpdir(), `cchc-tmpfs-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) return { dir: null, reason: `không gắn được tmpfs: ${(r.stderr || r.error?.message || "").trim()}` };
  return { dir, unmount: () => void spawnSync("umount", ["-l", dir]) };
}

/** Free bytes on the file system of `dir`. */
export function freeBytes(dir: string): number {
  const r = spawnSync("df", ["-B1", "--output=avail", dir], { encoding: "utf8" });
  return Number(r.stdout.trim().split("\n").at(-1));
}
