import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, win32 } from "node:path";
import {
  OutputTransaction,
  recoverOutputs,
  tempPathFor,
  FileHeldError,
  JOURNAL_FILE,
} from "../src/util/output-transaction.js";
import { realFsOps, withRetry, type FsOps } from "../src/util/fs-retry.js";
import { environmentError, fileHeldMessage } from "../src/problems/environment.js";

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "cchc-tx-"));
  out = join(root, "output");
  await mkdir(join(out, "2025-Q1", "phan-hoi"), { recursive: true });
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const names = ["tong-hop.json", "bao-cao.docx", "tong-hop.xlsx", "so-lieu.csv", "index.html"];
const target = (n: string): string => join(out, "2025-Q1", n);
const staleFile = (): string => join(out, "2025-Q1", "phan-hoi", "so-b.xlsx");

/** The old whole set: every output holding "old", and a stale feedback workbook. */
async function writeOldSet(): Promise<void> {
  for (const n of names) await writeFile(target(n), `old ${n}`);
  await writeFile(staleFile(), "old feedback");
}

async function setOf(): Promise<Record<string, string>> {
  const o: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else o[p.slice(out.length + 1)] = await readFile(p, "utf8");
    }
  };
  await walk(out);
  return o;
}

const oldSet = (): Record<string, string> => ({
  ...Object.fromEntries(names.map((n) => [`2025-Q1/${n}`, `old ${n}`])),
  "2025-Q1/phan-hoi/so-b.xlsx": "old feedback",
});
const newSet = (): Record<string, string> => Object.fromEntries(names.map((n) => [`2025-Q1/${n}`, `new ${n}`]));

/** A transaction staging the new set (and removing the stale workbook), with these file operations. */
async function stageNewSet(ops: FsOps = realFsOps, retryMs = 0): Promise<OutputTransaction> {
  const tx = new OutputTransaction({ journalDir: out, ops, retryMs, sleep: async () => undefined });
  for (const n of names) await tx.stage(target(n), `new ${n}`);
  tx.remove(staleFile());
  return tx;
}

/** Renames that work `ok` times, then fail with `code` (every time after). */
function failingAfter(ok: number, code: string): FsOps & { calls: number } {
  const o = {
    calls: 0,
    async rename(from: string, to: string) {
      if (o.calls++ >= ok)
        throw Object.assign(new Error(`${code}: rename`), { code, syscall: "rename", path: from, dest: to });
      await realFsOps.rename(from, to);
    },
    remove: realFsOps.remove,
  };
  return o;
}

/** Renames to or from `path` refused with `code` (a file another program holds open); the rest work. */
function refusing(path: string, code: string): FsOps {
  return {
    async rename(from: string, to: string) {
      if (from === path || to === path)
        throw Object.assign(new Error(`${code}: rename`), { code, syscall: "rename", path: from, dest: to });
      await realFsOps.rename(from, to);
    },
    remove: realFsOps.remove,
  };
}

describe("outputs of one command are swapped in together", () => {
  it("stages every file beside its target, then swaps the whole set in and the stale file out", async () => {
    await writeOldSet();
    const tx = await stageNewSet();
    expect(await setOf()).toMatchObject(oldSet());
    await tx.commit();
    expect(await setOf()).toEqual(newSet());
  });

  it("a rename failing midway (a file held open) puts the old whole set back and names the file", async () => {
    // the third target is held: the first two were swapped already and must go back
    for (const code of ["EPERM", "EBUSY", "EACCES"]) {
      await writeOldSet();
      const tx = await stageNewSet(refusing(target("tong-hop.xlsx"), code));
      const err = await tx.commit().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileHeldError);
      expect((err as FileHeldError).path).toBe(target("tong-hop.xlsx"));
      expect(await setOf()).toEqual(oldSet());
      const msg = environmentError(err);
      expect(msg?.exitCode).toBe(2);
      expect(msg?.message).toContain("Hãy đóng tệp tong-hop.xlsx trong Excel rồi chạy lại.");
      expect(msg?.details).toEqual(["Các tệp kết quả cũ được giữ nguyên, đầy đủ."]);
    }
  });

  it("a folder in place of an output stops the swap before anything moved", async () => {
    await writeOldSet();
    await rm(target("so-lieu.csv"));
    await mkdir(target("so-lieu.csv"));
    const tx = await stageNewSet();
    const err = await tx.commit().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "FileHeldError", code: "EISDIR", path: target("so-lieu.csv") });
    const { "2025-Q1/so-lieu.csv": _gone, ...rest } = oldSet();
    expect(await setOf()).toEqual(rest);
  });

  it("a command killed at any step of the swap leaves a set the next command brings back whole", async () => {
    // every rename of the swap in turn is where the process "dies": no rollback runs (the ops keep failing), the
    // journal and backups stay; recovery with working file operations must give the old whole set
    for (let ok = 1; ok <= 1 + names.length * 2 + 1; ok++) {
      await rm(out, { recursive: true, force: true });
      await mkdir(join(out, "2025-Q1", "phan-hoi"), { recursive: true });
      await writeOldSet();
      const dying = failingAfter(ok, "EIO");
      const tx = await stageNewSet({
        rename: dying.rename,
        remove: async () => {
          throw Object.assign(new Error("EIO"), { code: "EIO" });
        },
      });
      await tx.commit().catch(() => undefined);
      await recoverOutputs(out, [out]);
      expect(await setOf(), `killed after ${ok} renames`).toEqual(oldSet());
    }
  });

  it("once the journal is gone the new set stands; leftover backups and temporary files are swept", async () => {
    await writeOldSet();
    const tx = await stageNewSet({
      rename: realFsOps.rename,
      remove: async (p) => {
        if (!p.endsWith(JOURNAL_FILE)) throw Object.assign(new Error("EIO"), { code: "EIO" });
        await realFsOps.remove(p);
      },
    });
    await tx.commit();
    expect(Object.keys(await setOf()).some((k) => k.includes(".cchc-bak-"))).toBe(true);
    await writeFile(join(out, "2025-Q1", ".cchc-tmp-index.html-dead"), "half");
    const r = await recoverOutputs(out, [out]);
    expect(r.restored).toEqual([]);
    expect(await setOf()).toEqual(newSet());
  });

  it("a failed staging (a full disk) leaves no temporary file and the old set as it was", async () => {
    await writeOldSet();
    const tx = new OutputTransaction({ journalDir: out });
    await tx.stage(target("tong-hop.json"), "new");
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
      syscall: "write",
    });
    await expect(
      tx.stageFrom(target("bao-cao.docx"), () => {
        throw full;
      }),
    ).rejects.toMatchObject({ code: "ENOSPC", target: target("bao-cao.docx"), outputsKept: true });
    expect(await setOf()).toEqual(oldSet());
    const msg = environmentError(full);
    expect(msg?.message).toMatch(/^Ổ đĩa đã đầy: không ghi được .*bao-cao\.docx\. Hãy giải phóng chỗ trống/);
    expect(msg?.exitCode).toBe(2);
  });
});

describe("many outputs staged side by side", () => {
  it("a hundred feedback workbooks staged at once swap in like one set", async () => {
    await writeOldSet();
    const tx = new OutputTransaction({ journalDir: out });
    const many = Array.from({ length: 100 }, (_, i) => ({
      path: join(out, "2025-Q1", "phan-hoi", `co-quan-${i}.xlsx`),
      data: `new ${i}`,
    }));
    await tx.stageAll(many);
    expect(await setOf()).toMatchObject(oldSet());
    await tx.commit();
    const after = await setOf();
    for (let i = 0; i < 100; i++) expect(after[`2025-Q1/phan-hoi/co-quan-${i}.xlsx`]).toBe(`new ${i}`);
  });

  it("one that cannot be staged drops every other, in flight or done, and is named", async () => {
    await writeOldSet();
    const tx = new OutputTransaction({ journalDir: out });
    const many = Array.from({ length: 40 }, (_, i) => ({
      // the 20th goes under a file, where no folder can be made
      path: i === 20 ? join(target("so-lieu.csv"), "x.xlsx") : join(out, "2025-Q1", "phan-hoi", `co-quan-${i}.xlsx`),
      data: `new ${i}`,
    }));
    await expect(tx.stageAll(many)).rejects.toMatchObject({
      target: join(target("so-lieu.csv"), "x.xlsx"),
      outputsKept: true,
    });
    expect(await setOf()).toEqual(oldSet());
  });
});

describe("Windows holds files for a moment", () => {
  it("a rename refused with EPERM/EBUSY/EACCES is retried with growing pauses, then succeeds", async () => {
    const waits: number[] = [];
    let tries = 0;
    const r = await withRetry(
      async () => {
        if (++tries < 4) throw Object.assign(new Error("busy"), { code: ["EPERM", "EBUSY", "EACCES"][tries - 1] });
        return "ok";
      },
      {
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    expect(r).toBe("ok");
    expect(waits).toEqual([50, 100, 200]);
  });

  it("gives up after the time allowed, and never retries other errors", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
    };
    await expect(
      withRetry(
        async () => {
          throw Object.assign(new Error("busy"), { code: "EBUSY" });
        },
        { retryMs: 3000, sleep },
      ),
    ).rejects.toMatchObject({ code: "EBUSY" });
    expect(waits.reduce((a, b) => a + b, 0)).toBe(3000);
    waits.length = 0;
    await expect(
      withRetry(
        async () => {
          throw Object.assign(new Error("gone"), { code: "ENOENT" });
        },
        { sleep },
      ),
    ).rejects.toMatchObject({ code: "ENOENT" });
    expect(waits).toEqual([]);
  });

  it("a held file released within the retry time is replaced as if nothing happened", async () => {
    await writeOldSet();
    let refusals = 3;
    const ops: FsOps = {
      rename: async (from, to) => {
        if (to === target("tong-hop.xlsx") || from === target("tong-hop.xlsx")) {
          if (refusals-- > 0) throw Object.assign(new Error("EBUSY"), { code: "EBUSY" });
        }
        await realFsOps.rename(from, to);
      },
      remove: realFsOps.remove,
    };
    const tx = await stageNewSet(ops, 3000);
    await tx.commit();
    expect(await setOf()).toEqual(newSet());
  });

  it("temporary files sit beside their target on a Windows path (same folder, same drive)", () => {
    const t = "D:\\cchc\\output\\2025-Q1\\tong-hop-2025-Q1.xlsx";
    expect(tempPathFor(t, "ab12", win32)).toBe("D:\\cchc\\output\\2025-Q1\\.cchc-tmp-tong-hop-2025-Q1.xlsx-ab12");
    expect(fileHeldMessage(t, "EBUSY", win32)).toBe(
      "Không thay được tệp D:\\cchc\\output\\2025-Q1\\tong-hop-2025-Q1.xlsx: tệp đang được mở trong Excel hoặc chương trình khác. Hãy đóng tệp tong-hop-2025-Q1.xlsx trong Excel rồi chạy lại.",
    );
    expect(
      fileHeldMessage("\\\\may-chu\\cchc\\output\\2025-Q1\\bao-cao-tong-hop-2025-Q1.docx", "EPERM", win32),
    ).toContain("Hãy đóng tệp bao-cao-tong-hop-2025-Q1.docx trong Word");
  });

  it("the old outputs stay when the rename keeps failing; nothing is left behind", async () => {
    await writeOldSet();
    const tx = await stageNewSet(refusing(target("index.html"), "EBUSY"), 100);
    await expect(tx.commit()).rejects.toBeInstanceOf(FileHeldError);
    expect(await setOf()).toEqual(oldSet());
    expect(existsSync(join(out, JOURNAL_FILE))).toBe(false);
  });
});
