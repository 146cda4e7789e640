import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireLock, releaseLock, staleReason } from "../src/commands/run-lock.js";

let dir: string;
let lock: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cchc-lock-"));
  lock = join(dir, ".cchc-run.lock");
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const now = new Date("2025-03-20T01:00:00Z");

describe("run lock", () => {
  it("is taken with O_EXCL and holds pid, host and start time", async () => {
    const a = await acquireLock(lock, { now, hostname: "may-a", pid: 111, isAlive: () => true });
    expect(a.acquired).toBe(true);
    expect(JSON.parse(await readFile(lock, "utf8"))).toEqual({
      pid: 111,
      hostname: "may-a",
      startedAt: "2025-03-20T01:00:00.000Z",
    });
    const b = await acquireLock(lock, { now, hostname: "may-a", pid: 222, isAlive: () => true });
    expect(b.acquired).toBe(false);
    if (!b.acquired) expect(b.holder?.pid).toBe(111);
    await releaseLock(lock, a.info);
    expect(await readdir(dir)).toEqual([]);
  });

  it("recovers a lock whose process is gone on this host", async () => {
    await writeFile(lock, JSON.stringify({ pid: 999_999, hostname: "may-a", startedAt: now.toISOString() }));
    const r = await acquireLock(lock, { now, hostname: "may-a", pid: 5, isAlive: (p) => p !== 999_999 });
    expect(r.acquired).toBe(true);
    if (r.acquired) {
      expect(r.recovered?.pid).toBe(999_999);
      expect(r.recoveredReason).toContain("không còn chạy");
    }
    expect((await readdir(dir)).sort()).toEqual([".cchc-run.lock"]);
  });

  it("recovers a lock from another host only once it is older than two hours", async () => {
    await writeFile(lock, JSON.stringify({ pid: 1, hostname: "may-b", startedAt: "2025-03-20T00:00:00.000Z" }));
    expect((await acquireLock(lock, { now, hostname: "may-a", pid: 5, isAlive: () => false })).acquired).toBe(false);
    const later = new Date("2025-03-20T02:30:00Z");
    const r = await acquireLock(lock, { now: later, hostname: "may-a", pid: 5, isAlive: () => false });
    expect(r.acquired).toBe(true);
  });

  it("treats a torn lock file as held for a minute, then as stale", async () => {
    await writeFile(lock, "");
    expect((await acquireLock(lock, { now: new Date(), hostname: "h", pid: 5 })).acquired).toBe(false);
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(lock, old, old);
    expect((await acquireLock(lock, { now: new Date(), hostname: "h", pid: 5 })).acquired).toBe(true);
  });

  it("does not remove a lock that is no longer its own", async () => {
    const a = await acquireLock(lock, { now, hostname: "h", pid: 1, isAlive: () => true });
    await writeFile(lock, JSON.stringify({ pid: 2, hostname: "h", startedAt: now.toISOString() }));
    await releaseLock(lock, a.info);
    expect(JSON.parse(await readFile(lock, "utf8")).pid).toBe(2);
  });

  it("says why a lock is stale", () => {
    const opts = { now, staleMs: 7_200_000, hostname: "h", isAlive: () => true };
    expect(staleReason({ pid: 1, hostname: "h", startedAt: now.toISOString() }, 0, opts)).toBeNull();
    expect(staleReason({ pid: 1, hostname: "h", startedAt: "2025-03-19T00:00:00Z" }, 0, opts)).toContain(
      "quá 120 phút",
    );
  });
});
