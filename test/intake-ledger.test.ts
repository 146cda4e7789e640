import { describe, expect, test } from "vitest";
import { mkdtemp, readFile, readdir, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  LEDGER_LOCK_FILE,
  LEDGER_LOCK_STALE_MS,
  appendReceipts,
  findBySha,
  findReceipt,
  parseLedger,
  readLedger,
  serialiseReceipt,
  type Receipt,
} from "../src/intake/inbox/ledger.js";
import {
  agencyFromFileName,
  isIgnoredName,
  receiptInstant,
  safeExtension,
  storedNameFor,
} from "../src/intake/inbox/inbox.js";
import { tinyPlan } from "./helpers/tiny-plan.js";

const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  originalName: "Báo cáo Sở A.xlsx",
  storedName: "so-a_v1_abcdef01.xlsx",
  sha256: "abcdef01".padEnd(64, "0"),
  size: 10,
  receivedAt: "2025-03-18T00:00:00+07:00",
  agency: "so-a",
  period: "2025-Q1",
  source: "receive",
  declaredAgency: null,
  declaredFrom: null,
  ...over,
});

describe("ledger", () => {
  test("a receipt round-trips through one JSON line with fixed field order", () => {
    const r = receipt();
    const line = serialiseReceipt(r);
    expect(line).not.toContain("\n");
    expect(Object.keys(JSON.parse(line))).toEqual([
      "originalName",
      "storedName",
      "sha256",
      "size",
      "receivedAt",
      "agency",
      "period",
      "source",
      "declaredAgency",
      "declaredFrom",
    ]);
    expect(parseLedger(line + "\n")).toEqual({ receipts: [r], lines: [1], events: [], badLines: [], damaged: [] });
  });

  test("bad lines are skipped and reported, the rest still reads", () => {
    const text = `${serialiseReceipt(receipt())}\nnot json\n{"storedName":"x"}\n\n${serialiseReceipt(receipt({ storedName: "b.xlsx" }))}`;
    const l = parseLedger(text);
    expect(l.receipts.map((r) => r.storedName)).toEqual(["so-a_v1_abcdef01.xlsx", "b.xlsx"]);
    expect(l.badLines).toEqual([2, 3]);
    // "not json" is not a receipt at all; the second still names a file
    expect(l.damaged).toEqual([
      { line: 3, storedName: "x", sha256: null, receivedAt: null, cut: null, receiptIndex: null },
    ]);
  });

  test("a byte-order mark before the first line and CRLF line ends are tolerated", () => {
    const text = `\uFEFF${serialiseReceipt(receipt())}\r\n${serialiseReceipt(receipt({ storedName: "b.xlsx", sha256: "b".repeat(64) }))}\r\n`;
    const l = parseLedger(text);
    expect(l.badLines).toEqual([]);
    expect(l.receipts.map((r) => r.storedName)).toEqual(["so-a_v1_abcdef01.xlsx", "b.xlsx"]);
  });

  test("a line cut after its receipt time still gives the receipt back, marked as damaged", () => {
    const full = serialiseReceipt(
      receipt({ storedName: "b.xlsx", sha256: "b".repeat(64), receivedAt: "2025-03-19T08:00:00+07:00" }),
    );
    const cut = full.slice(0, full.indexOf('"agency"') + 5);
    const l = parseLedger(`${serialiseReceipt(receipt())}\n${cut}\n`);
    expect(l.badLines).toEqual([2]);
    expect(l.receipts.map((r) => [r.storedName, r.receivedAt])).toEqual([
      ["so-a_v1_abcdef01.xlsx", "2025-03-18T00:00:00+07:00"],
      ["b.xlsx", "2025-03-19T08:00:00+07:00"],
    ]);
    expect(l.lines).toEqual([1, 2]);
    expect(l.damaged).toEqual([
      {
        line: 2,
        storedName: "b.xlsx",
        sha256: "b".repeat(64),
        receivedAt: "2025-03-19T08:00:00+07:00",
        cut: null,
        receiptIndex: 1,
      },
    ]);
  });

  test("a line cut inside the hash keeps the name and the start of the hash, but no receipt", () => {
    const full = serialiseReceipt(receipt({ storedName: "b.xlsx", sha256: "0123456789abcdef".repeat(4) }));
    const l = parseLedger(full.slice(0, full.indexOf('"sha256"') + 30));
    expect(l.receipts).toEqual([]);
    expect(l.damaged).toEqual([
      {
        line: 1,
        storedName: "b.xlsx",
        sha256: null,
        receivedAt: null,
        cut: { field: "sha256", prefix: "0123456789abcdef0123" },
        receiptIndex: null,
      },
    ]);
  });

  test("two receipts run together on one line (a torn write, then the next) are both read", () => {
    const a = serialiseReceipt(receipt());
    const b = serialiseReceipt(receipt({ storedName: "b.xlsx", sha256: "b".repeat(64) }));
    const l = parseLedger(`${a.slice(0, 60)}${b}\n`);
    expect(l.badLines).toEqual([1]);
    expect(l.receipts.map((r) => r.storedName)).toEqual(["b.xlsx"]);
    expect(l.damaged.map((d) => [d.storedName, d.receiptIndex])).toEqual([
      [null, null],
      ["b.xlsx", 0],
    ]);
  });

  test("should the ledger hold the same bytes twice, the earliest receipt counts, whatever the line order", () => {
    const late = receipt({ receivedAt: "2025-03-25T00:00:00+07:00", source: "first-seen" });
    const early = receipt({ receivedAt: "2025-03-18T09:00:00+07:00", source: "first-seen" });
    const l = parseLedger(
      [late, early, receipt({ receivedAt: "2025-03-18T09:00:00+07:00", originalName: "third" })]
        .map(serialiseReceipt)
        .join("\n"),
    );
    expect(findReceipt(l, early.storedName, early.sha256)).toEqual(early);
    expect(findBySha(l, early.sha256)).toEqual(early);
  });

  test("appending the same bytes again, or twice at once, records them once and returns the receipt that counts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cchc-ledger-"));
    const first = receipt({ receivedAt: "2025-03-18T00:00:00+07:00" });
    const again = receipt({ receivedAt: "2025-03-20T00:00:00+07:00", source: "first-seen" });
    const other = receipt({ storedName: "b.xlsx", sha256: "b".repeat(64) });
    expect(await appendReceipts(dir, [first, again])).toEqual({ appended: [first], counted: [first, first] });
    expect(await appendReceipts(dir, [again, other])).toEqual({ appended: [other], counted: [first, other] });
    // ten appends at once of new bytes: each recorded once
    const many = Array.from({ length: 10 }, (_, i) =>
      receipt({ storedName: `c${i % 2}.xlsx`, sha256: String(i % 2).repeat(64) }),
    );
    await Promise.all(many.map((r) => appendReceipts(dir, [r])));
    const l = await readLedger(dir);
    expect(l.receipts.map((r) => r.storedName)).toEqual([
      "so-a_v1_abcdef01.xlsx",
      "b.xlsx",
      expect.any(String),
      expect.any(String),
    ]);
    expect(new Set(l.receipts.map((r) => r.sha256)).size).toBe(4);
    expect(await readdir(dir)).toEqual(["so-nhan.jsonl"]);
  });

  test("a ledger lock left by a killed process is taken over once stale", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cchc-ledger-"));
    const lock = join(dir, LEDGER_LOCK_FILE);
    await writeFile(lock, "12345\n");
    const old = new Date(Date.now() - LEDGER_LOCK_STALE_MS - 1000);
    await utimes(lock, old, old);
    await appendReceipts(dir, [receipt()]);
    expect((await readLedger(dir)).receipts).toHaveLength(1);
    expect(await readdir(dir)).toEqual(["so-nhan.jsonl"]);
  });

  test("the original name is kept printable in the ledger: control characters never reach a terminal", () => {
    const line = serialiseReceipt(receipt({ originalName: "bao-cao\u001b[2J\u001b]0;x\u0007\u009b31m\u202e.xlsx" }));
    const r = parseLedger(line).receipts[0]!;
    expect(r.originalName).toBe("bao-cao?[2J?]0;x??31m?.xlsx");
    // an old ledger written before: sanitised when read
    expect(parseLedger(line.replace("bao-cao?[2J", "bao-cao\\u001b[2J")).receipts[0]!.originalName).toBe(
      "bao-cao?[2J?]0;x??31m?.xlsx",
    );
  });

  test("a closing and a reopening are events of the period, not damaged lines", () => {
    const close =
      '{"event":"close","at":"2025-03-27T00:00:00+07:00","period":"2025-Q1","number":"123/BC-SNV","signedOn":"2025-03-27","reason":null,"closing":1}';
    const reopen =
      '{"event":"reopen","at":"2025-03-30T00:00:00+07:00","period":"2025-Q1","number":"123/BC-SNV","signedOn":"2025-03-27","reason":"báo cáo lại","closing":1}';
    const l = parseLedger(`${serialiseReceipt(receipt())}\n${close}\n${reopen}\n`);
    expect(l.badLines).toEqual([]);
    expect(l.receipts).toHaveLength(1);
    expect(l.events.map((e) => [e.event, e.number, e.reason])).toEqual([
      ["close", "123/BC-SNV", null],
      ["reopen", "123/BC-SNV", "báo cáo lại"],
    ]);
  });

  test("appending never rewrites earlier lines and mends an unterminated last line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cchc-ledger-"));
    expect(await readLedger(dir)).toEqual({ receipts: [], lines: [], events: [], badLines: [], damaged: [] });
    await writeFile(join(dir, "so-nhan.jsonl"), serialiseReceipt(receipt()));
    const before = await readFile(join(dir, "so-nhan.jsonl"), "utf8");
    await appendReceipts(dir, [receipt({ storedName: "b.xlsx", sha256: "b".repeat(64) })]);
    const after = await readFile(join(dir, "so-nhan.jsonl"), "utf8");
    expect(after.startsWith(before)).toBe(true);
    const l = await readLedger(dir);
    expect(l.receipts.map((r) => r.storedName)).toEqual(["so-a_v1_abcdef01.xlsx", "b.xlsx"]);
    expect(findReceipt(l, "b.xlsx", "b".repeat(64))?.storedName).toBe("b.xlsx");
    expect(findReceipt(l, "b.xlsx", "c".repeat(64))).toBeUndefined();
    expect(findBySha(l, "b".repeat(64))?.storedName).toBe("b.xlsx");
  });
});

describe("inbox names", () => {
  test("the ledger, dotfiles, Office and LibreOffice lock/temp files are not submissions", () => {
    for (const n of ["so-nhan.jsonl", ".DS_Store", ".~lock.a.xlsx#", "~$a.xlsx", ".cchc-tmp-x", "a.tmp", "Thumbs.db"])
      expect(isIgnoredName(n)).toBe(true);
    for (const n of ["so-a_v1_abcd.xlsx", "Báo cáo.xlsx", "bao-cao.xls", "notes.txt"])
      expect(isIgnoredName(n)).toBe(false);
  });

  test("stored names are ASCII, versioned, with a hash, and never reuse a taken name", () => {
    const sha = "0123456789abcdef".repeat(4);
    expect(storedNameFor("so-a", 2, sha, ".xlsx", new Set())).toBe("so-a_v2_01234567.xlsx");
    expect(storedNameFor(null, 1, sha, ".xls", new Set())).toBe("khong-ro_v1_01234567.xls");
    expect(storedNameFor("so-a", 2, sha, ".xlsx", new Set(["so-a_v2_01234567.xlsx"]))).toBe("so-a_v2_01234567-2.xlsx");
    expect(safeExtension("Báo cáo quý I.XLSX")).toBe(".xlsx");
    expect(safeExtension("tệp.có dấu")).toBe("");
  });

  test("an agency code standing alone in a file name is found (longest match)", () => {
    const plan = tinyPlan();
    expect(agencyFromFileName("2025-Q1_so-a.xlsx", plan)).toBe("so-a");
    expect(agencyFromFileName("so-b_v2_01234567.xlsx", plan)).toBe("so-b");
    expect(agencyFromFileName("Báo cáo CCHC (so-a) (1).xlsx", plan)).toBe("so-a");
    expect(agencyFromFileName("so-abc.xlsx", plan)).toBeNull();
    expect(agencyFromFileName("Bao cao.xlsx", plan)).toBeNull();
  });

  test("with --date the receipt time is that day at 00:00 in the zone; without, the instant given", () => {
    expect(receiptInstant("2025-03-18", "Asia/Ho_Chi_Minh", new Date())).toBe("2025-03-18T00:00:00+07:00");
    expect(receiptInstant(undefined, "Asia/Ho_Chi_Minh", new Date("2025-03-18T02:30:00Z"))).toBe(
      "2025-03-18T09:30:00+07:00",
    );
  });
});
