import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { repoRoot } from "./model-fixture.js";

/**
 * A small workspace for fault-injection tests: the shipped seeds and templates, and four of the sample files of
 * 2025-Q1 (two clean, one with warnings, one with errors: feedback workbooks are written), dropped in by hand.
 */

/** The sample file of an agency (its first version), by name; the names carry a digest, so they are looked up. */
function sampleName(agency: string): string {
  const name = readdirSync(join(repoRoot, "data", "2025-Q1"))
    .sort()
    .find((n) => n.startsWith(`${agency}_v1_`) && n.endsWith(".xlsx"));
  if (!name) throw new Error(`no sample file of ${agency}`);
  return name;
}

const SAMPLES = ["cong-an-tinh", "so-tu-phap", "so-xay-dung", "yen-lac"];

/** The sample files by name. */
export function agencyFiles(): Record<string, Buffer> {
  return Object.fromEntries(
    SAMPLES.map(sampleName).map((n) => [n, readFileSync(join(repoRoot, "data", "2025-Q1", n))]),
  );
}

/** Another sample file, not among those dropped in (for receive). */
export function otherSample(n = 0): Buffer {
  const agencies = ["so-noi-vu", "so-tai-chinh", "thanh-tra-tinh", "tp-vinh-yen", "vinh-tuong"];
  return readFileSync(join(repoRoot, "data", "2025-Q1", sampleName(agencies[n % agencies.length] as string)));
}

/** A workspace with the shipped seeds and templates, no data yet. */
export async function makeFaultWorkspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "cchc-fault-"));
  cpSync(join(repoRoot, "seeds"), join(root, "seeds"), { recursive: true });
  cpSync(join(repoRoot, "templates"), join(root, "templates"), { recursive: true });
  return root;
}

/** Drops files into data/2025-Q1/ by hand (no receipts yet). */
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
  if (r.status !== 0)
    return { dir: null, reason: `không gắn được tmpfs: ${(r.stderr || r.error?.message || "").trim()}` };
  return { dir, unmount: () => void spawnSync("umount", ["-l", dir]) };
}

/** Free bytes on the file system of `dir`. */
export function freeBytes(dir: string): number {
  const r = spawnSync("df", ["-B1", "--output=avail", dir], { encoding: "utf8" });
  return Number(r.stdout.trim().split("\n").at(-1));
}

/** The CLI as `runCchc`, optionally as another user (uid/gid) and with a time limit. */
export function cchc(args: string[], opts: { env?: Record<string, string>; uid?: number } = {}) {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", "cchc.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace in the output: never shown for an expected stop. */
export const hasStackTrace = (text: string): boolean => /^\s+at .+:\d+:\d+\)?$/m.test(text);

/** The user "nobody", for tests that need permissions to bite when we are root (root reads a file of mode 000). */
export const NOBODY = 65534;

/**
 * Makes `dir` unwritable: a read-only bind mount when we are root (root ignores modes), else mode 555.
 * Returns how to undo it, or null with the reason when it cannot be done here.
 */
export function makeReadOnly(dir: string): { undo: () => void } | { undo: null; reason: string } {
  if (process.platform === "win32") return { undo: null, reason: "không thử được thư mục chỉ đọc trên Windows" };
  if (process.getuid?.() === 0) {
    const a = spawnSync("mount", ["--bind", dir, dir], { encoding: "utf8" });
    if (a.status !== 0) return { undo: null, reason: `không gắn lại được thư mục: ${a.stderr.trim()}` };
    const b = spawnSync("mount", ["-o", "remount,ro,bind", dir], { encoding: "utf8" });
    if (b.status !== 0) {
      spawnSync("umount", [dir]);
      return { undo: null, reason: `không đặt được chế độ chỉ đọc: ${b.stderr.trim()}` };
    }
    return { undo: () => void spawnSync("umount", [dir]) };
  }
  spawnSync("chmod", ["555", dir]);
  return { undo: () => void spawnSync("chmod", ["755", dir]) };
}

/** The CLI started in the background: the child (to kill) and its end. */
export function startCchc(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "cchc.js"), ...args], {
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => {
      child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
    },
  );
  return { child, done };
}

/** The ledger's lines, each parsed (throws on a line that is not JSON). */
export function ledgerLines(
  root: string,
  periodId = "2025-Q1",
): { storedName: string; sha256: string; receivedAt: string; source: string }[] {
  const path = join(root, "data", periodId, "so-nhan.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l.replace(/^\uFEFF/, "")));
}
