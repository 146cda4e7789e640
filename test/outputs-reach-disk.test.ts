import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

// Records, in order, every file write that asks for a flush to the disk and every rename, so the tests can tell
// that an output's bytes reached the disk before it took the place of the old file.
const events: string[] = vi.hoisted(() => []);
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...real,
    writeFile: (async (path: string, data: string | Uint8Array, opts?: { flush?: boolean }) => {
      await real.writeFile(path, data, opts);
      events.push(`${opts?.flush ? "flushed" : "written"} ${String(path)}`);
    }) as typeof real.writeFile,
    rename: (async (from: string, to: string) => {
      await real.rename(from, to);
      events.push(`renamed ${String(from)} -> ${String(to)}`);
    }) as typeof real.rename,
  };
});

const { writeFileAtomic } = await import("../src/util/atomic-write.js");
const { OutputTransaction } = await import("../src/util/output-transaction.js");

describe("outputs reach the disk before they replace the old files", () => {
  it("flushes a single file before renaming it into place", async () => {
    events.length = 0;
    const dir = mkdtempSync(join(tmpdir(), "cchc-flush-"));
    await writeFileAtomic(join(dir, "a.txt"), "một");
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("một");
    const flushed = events.findIndex((e) => e.startsWith("flushed "));
    const renamed = events.findIndex((e) => e.startsWith("renamed ") && e.endsWith("a.txt"));
    expect(flushed).toBeGreaterThanOrEqual(0);
    expect(renamed).toBeGreaterThan(flushed);
  });

  it("flushes every staged file and the journal before the swap", async () => {
    events.length = 0;
    const dir = mkdtempSync(join(tmpdir(), "cchc-flush-"));
    const tx = new OutputTransaction({ journalDir: dir });
    await tx.stage(join(dir, "x.docx"), "x");
    await tx.stage(join(dir, "y.xlsx"), "y");
    await tx.commit();
    expect(events.filter((e) => e.startsWith("written "))).toEqual([]);
    const firstRename = events.findIndex((e) => e.startsWith("renamed "));
    expect(events.slice(0, firstRename).filter((e) => e.startsWith("flushed ")).length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(join(dir, "x.docx"), "utf8")).toBe("x");
  });
});
