import { describe, expect, test } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendReceipts, findBySha, findReceipt, parseLedger, readLedger, serialiseReceipt, type Receipt } from "../src/intake/ledger.js";
import { agencyFromFileName, isIgnoredName, receiptInstant, safeExtension, storedNameFor } from "../src/intake/inbox.js";
import { tinyPlan } from "./helpers/tiny-plan.js";

const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  originalName: "Báo cáo Sở A.xlsx", storedName: "so-a_v1_abcdef01.xlsx", sha256: "abcdef01".padEnd(64, "0"), size: 10,
  receivedAt: "2025-03-18T00:00:00+07:00", agency: "so-a", period: "2025-Q1", source: "receive", declaredAgency: null, declaredFrom: null,
  ...over,
});

describe("ledger", () => {
  test("a receipt round-trips through one JSON line with fixed field order", () => {
    const r = receipt();
    const line = serialiseReceipt(r);
    expect(line).not.toContain("\n");
    expect(Object.keys(JSON.parse(line))).toEqual(["originalName", "storedName", "sha256", "size", "receivedAt", "agency", "period", "source", "declaredAgency", "declaredFrom"]);
    expect(parseLedger(line + "\n")).toEqual({ receipts: [r], events: [], badLines: [] });
  });

  test("bad lines are skipped and reported, the rest still reads", () => {
    const text = `${serialiseReceipt(receipt())}\nnot json\n{"storedName":"x"}\n\n${serialiseReceipt(receipt({ storedName: "b.xlsx" }))}`;
    const l = parseLedger(text);
    expect(l.receipts.map((r) => r.storedName)).toEqual(["so-a_v1_abcdef01.xlsx", "b.xlsx"]);
    expect(l.badLines).toEqual([2, 3]);
  });

  test("a closing and a reopening are events of the period, not damaged lines", () => {
    const close = '{"event":"close","at":"2025-03-27T00:00:00+07:00","period":"2025-Q1","number":"123/BC-SNV","signedOn":"2025-03-27","reason":null,"closing":1}';
    const reopen = '{"event":"reopen","at":"2025-03-30T00:00:00+07:00","period":"2025-Q1","number":"123/BC-SNV","signedOn":"2025-03-27","reason":"báo cáo lại","closing":1}';
    const l = parseLedger(`${serialiseReceipt(receipt())}\n${close}\n${reopen}\n`);
    expect(l.badLines).toEqual([]);
    expect(l.receipts).toHaveLength(1);
    expect(l.events.map((e) => [e.event, e.number, e.reason])).toEqual([["close", "123/BC-SNV", null], ["reopen", "123/BC-SNV", "báo cáo lại"]]);
  });

  test("appending never rewrites earlier lines and mends an unterminated last line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cchc-ledger-"));
    expect(await readLedger(dir)).toEqual({ receipts: [], events: [], badLines: [] });
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
    for (const n of ["so-nhan.jsonl", ".DS_Store", ".~lock.a.xlsx#", "~$a.xlsx", ".cchc-tmp-x", "a.tmp", "Thumbs.db"]) expect(isIgnoredName(n)).toBe(true);
    for (const n of ["so-a_v1_abcd.xlsx", "Báo cáo.xlsx", "bao-cao.xls", "notes.txt"]) expect(isIgnoredName(n)).toBe(false);
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
    expect(receiptInstant(undefined, "Asia/Ho_Chi_Minh", new Date("2025-03-18T02:30:00Z"))).toBe("2025-03-18T09:30:00+07:00");
  });
});
