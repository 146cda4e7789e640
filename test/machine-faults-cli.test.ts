// @module-tag slow (runs the CLI at length)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  agencyFiles,
  cchc,
  dropFiles,
  otherSample,
  freeBytes,
  hasStackTrace,
  leftovers,
  makeFaultWorkspace,
  makeReadOnly,
  mountTmpfs,
  NOBODY,
  snapshot,
} from "./helpers/fault-workspace.js";

/**
 * What the machine can do to a command — a file held open, a full disk, a read-only folder, a file it may not read,
 * a link to nothing — through the real CLI: a plain Vietnamese message, exit 2 (or the one file reported and skipped),
 * never a stack trace, and the previous outputs whole.
 */

let base: string;
let files: Record<string, Buffer>;
const isRoot = process.getuid?.() === 0;

beforeAll(async () => {
  files = agencyFiles();
  base = await makeFaultWorkspace();
  await dropFiles(base, files);
  // the previous whole set of outputs (and the receipts of the dropped files)
  const r = cchc(["build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", base]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(1);
}, 240_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A copy of the built workspace, in `parent` when given. */
async function copyOfBase(parent?: string): Promise<string> {
  const root = parent ? join(parent, "ws") : await mkdtemp(join(tmpdir(), "cchc-fault-"));
  cpSync(base, root, { recursive: true });
  return root;
}

const outputs = (root: string): Record<string, string> => snapshot(join(root, "output"));
const build = (root: string, date = "2025-03-26", env: Record<string, string> = {}) =>
  cchc(["build", "--period", "2025-Q1", "--date", date, "--root", root], { env });

describe("a build that cannot write leaves the previous outputs whole", () => {
  it("an output held open (a folder in its place): exit 2, the file named, 'close it in Excel', the old set kept", async () => {
    const root = await copyOfBase();
    const xlsx = join(root, "output", "2025-Q1", "tong-hop-2025-Q1.xlsx");
    rmSync(xlsx);
    mkdirSync(xlsx);
    const before = outputs(root);
    const r = build(root);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Không thay được tệp ${xlsx}`);
    expect(r.stderr).toContain("Hãy đóng tệp tong-hop-2025-Q1.xlsx trong Excel rồi chạy lại.");
    expect(r.stderr).toContain("Các tệp kết quả cũ được giữ nguyên, đầy đủ.");
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(outputs(root)).toEqual(before);
    expect(leftovers(root)).toEqual([]);
    // closed (the folder gone), the next build replaces the whole set
    rmSync(xlsx, { recursive: true });
    expect(build(root).status).toBe(1);
    expect(JSON.parse(readFileSync(join(root, "output", "2025-Q1", "tong-hop.json"), "utf8")).asOf).toBe("2025-03-26");
    rmSync(root, { recursive: true, force: true });
  }, 240_000);

  it("a read-only output/ folder: exit 2 with a clear message, nothing changed", async (ctx) => {
    const root = await copyOfBase();
    const ro = makeReadOnly(join(root, "output"));
    if (!ro.undo) return ctx.skip(ro.reason);
    try {
      const before = outputs(root);
      const r = build(root);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/Không (ghi được|có quyền ghi) .*output.*(chỉ cho đọc|xin quyền)/);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(outputs(root)).toEqual(before);
    } finally {
      ro.undo();
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});

describe("a full disk (a 3 MB tmpfs)", () => {
  it("stops build and receive with 'ổ đĩa đã đầy' and exit 2; outputs, inbox and ledger stay whole", async (ctx) => {
    const fs = mountTmpfs(3);
    if (!("unmount" in fs)) return ctx.skip(`bỏ qua thử ổ đĩa đầy: ${fs.reason}`);
    try {
      const root = await copyOfBase(fs.dir);
      const downloads = join(fs.dir, "tai-ve");
      mkdirSync(downloads);
      // a new file to receive, then the disk filled up to a few KB
      writeFileSync(join(downloads, "so-y-te.xlsx"), otherSample());
      const left = freeBytes(fs.dir);
      writeFileSync(join(fs.dir, "day"), Buffer.alloc(Math.max(0, left - 24 * 1024)));
      const before = outputs(root);
      const inbox = snapshot(join(root, "data"));

      const b = build(root);
      expect(b.status).toBe(2);
      expect(b.stderr).toMatch(/^Ổ đĩa đã đầy: không ghi được .+\. Hãy giải phóng chỗ trống trên ổ đĩa rồi chạy lại\./);
      expect(hasStackTrace(b.stderr)).toBe(false);
      expect(outputs(root)).toEqual(before);
      expect(leftovers(root)).toEqual([]);

      const r = cchc([
        "receive",
        join(downloads, "so-y-te.xlsx"),
        "--period",
        "2025-Q1",
        "--date",
        "2025-03-26",
        "--root",
        root,
      ]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("Ổ đĩa đã đầy");
      expect(r.stderr).toContain("chưa được nhận");
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(snapshot(join(root, "data"))).toEqual(inbox);
      expect(leftovers(root)).toEqual([]);

      // room again: the build goes through and replaces the whole set
      rmSync(join(fs.dir, "day"));
      expect(build(root).status).toBe(1);
      expect(outputs(root)["2025-Q1/tong-hop.json"]).not.toBe(before["2025-Q1/tong-hop.json"]);
      expect(leftovers(root)).toEqual([]);
    } finally {
      fs.unmount();
      rmSync(fs.dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe("files and folders the command may not touch", () => {
  it("receive into a read-only inbox: exit 2, nothing received", async (ctx) => {
    const root = await copyOfBase();
    const src = join(root, "so-y-te.xlsx");
    writeFileSync(src, otherSample());
    const inbox = join(root, "data", "2025-Q1");
    const ro = makeReadOnly(inbox);
    if (!ro.undo) return ctx.skip(ro.reason);
    try {
      const before = snapshot(inbox);
      const r = cchc(["receive", src, "--period", "2025-Q1", "--agency", "so-y-te", "--root", root]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/Không (ghi được|có quyền ghi) .*data.*2025-Q1/);
      expect(r.stderr).toContain("chưa được nhận");
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(snapshot(inbox)).toEqual(before);
    } finally {
      ro.undo();
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);

  it("receive of a file it may not read: exit 2, nothing received; an unreadable file in the inbox is reported and skipped", async (ctx) => {
    if (process.platform === "win32") return ctx.skip("quyền tệp kiểu POSIX");
    const root = await copyOfBase();
    // as root every file is readable: the commands run as "nobody" (who owns the workspace) to meet a mode-000 file
    const uid = isRoot ? NOBODY : undefined;
    const src = join(root, "khong-doc-duoc.xlsx");
    writeFileSync(src, otherSample());
    const locked = join(root, "data", "2025-Q1", "so-y-te.xlsx");
    writeFileSync(locked, otherSample(1));
    if (isRoot) chownTree(root, NOBODY);
    chmodSync(src, 0o000);
    chmodSync(locked, 0o000);
    try {
      const inbox = snapshot(join(root, "data"));
      const r = cchc(["receive", src, "--period", "2025-Q1", "--root", root], uid !== undefined ? { uid } : {});
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("Không có quyền đọc 1 tệp; chưa nhận tệp nào.");
      expect(r.stderr).toContain(src);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(snapshot(join(root, "data"))).toEqual(inbox);

      const c = cchc(
        ["check", "--period", "2025-Q1", "--date", "2025-03-26", "--root", root, "--json"],
        uid !== undefined ? { uid } : {},
      );
      expect(c.stderr).toBe("");
      expect(c.status).toBe(1);
      const subs = (
        JSON.parse(c.stdout) as {
          submissions: { file: string; accepted: boolean; agency: string | null; findings: { code: string }[] }[];
        }
      ).submissions;
      expect(subs.map((s) => s.file)).toEqual([...Object.keys(files), "so-y-te.xlsx"].sort());
      expect(subs.find((s) => s.file === "so-y-te.xlsx")).toMatchObject({
        accepted: false,
        agency: null,
        findings: [{ code: "intake.file-no-access" }],
      });
      expect(subs.filter((s) => s.file !== "so-y-te.xlsx").map((s) => s.accepted)).toEqual([true, true, true, true]);
      // no receipt for bytes never read
      const ledger = readFileSync(join(root, "data", "2025-Q1", "so-nhan.jsonl"), "utf8");
      expect(ledger).not.toContain("so-y-te.xlsx");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);

  it("a link to nothing and a link loop in the inbox are each reported and skipped; the batch goes on", async (ctx) => {
    if (process.platform === "win32") return ctx.skip("liên kết tượng trưng cần quyền quản trị trên Windows");
    const root = await copyOfBase();
    const inbox = join(root, "data", "2025-Q1");
    symlinkSync(join(root, "khong-con", "bao-cao.xlsx"), join(inbox, "so-y-te.xlsx"));
    symlinkSync("vong.xlsx", join(inbox, "vong.xlsx"));
    const c = cchc(["check", "--period", "2025-Q1", "--date", "2025-03-26", "--root", root]);
    expect(c.status).toBe(1);
    expect(hasStackTrace(c.stderr + c.stdout)).toBe(false);
    expect(c.stdout).toContain("so-y-te.xlsx — không xác định được cơ quan, bản 1: TỪ CHỐI");
    expect(c.stdout).toContain("trỏ tới một tệp không còn tồn tại");
    expect(c.stdout).toContain("vong.xlsx — không xác định được cơ quan, bản 1: TỪ CHỐI");
    expect(c.stdout).toContain("trỏ vòng về chính nó");
    expect(c.stdout).toMatch(/so-tu-phap_v1_[0-9a-f]{8}\.xlsx — Sở Tư pháp, kỳ 2025-Q1, bản 1, .*TIẾP NHẬN/);
    const b = build(root);
    expect(b.status).toBe(1);
    expect(hasStackTrace(b.stderr)).toBe(false);
    const model = JSON.parse(readFileSync(join(root, "output", "2025-Q1", "tong-hop.json"), "utf8")) as {
      findings: { code: string; file: string }[];
    };
    expect(model.findings.filter((f) => f.code.startsWith("intake.file-")).map((f) => [f.file, f.code])).toEqual([
      ["so-y-te.xlsx", "intake.file-broken-link"],
      ["vong.xlsx", "intake.file-link-loop"],
    ]);
    rmSync(root, { recursive: true, force: true });
  }, 240_000);
});

function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid);
    else chownSync(p, uid, uid);
  }
  if (!existsSync(dir)) throw new Error(dir);
}
