import { describe, expect, test } from "vitest";
import path, { join } from "node:path";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { readRunLog, runLogPath } from "../src/commands/run-log.js";
import { readDamagedLines } from "../src/intake/inbox/damaged-lines.js";
import { indexReceipts, receiptIndexOf } from "../src/intake/inbox/receipts.js";
import { parseLedger, serialiseReceipt, type Receipt } from "../src/intake/inbox/ledger.js";
import { displaySafe } from "../src/util/display-safe.js";
import { expandWildcards, wildcardRegExp } from "../src/util/expand-wildcards.js";

const sha = (c: string): string => c.repeat(64);
const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  originalName: null,
  storedName: "a.xlsx",
  sha256: sha("a"),
  size: 10,
  receivedAt: "2025-03-18T00:00:00+07:00",
  agency: "so-a",
  period: "2025-Q1",
  source: "first-seen",
  declaredAgency: null,
  declaredFrom: null,
  ...over,
});
const cutBefore = (r: Receipt, field: string): string => {
  const line = serialiseReceipt(r);
  return line.slice(0, line.indexOf(`"${field}"`) + field.length + 6);
};

describe("receipts are found by name and bytes, else by bytes alone", () => {
  test("a rename that changes only the case, or turns NFC into NFD, keeps the receipt", () => {
    const nfc = "Báo cáo Sở Y tế.xlsx".normalize("NFC");
    const ix = indexReceipts([
      receipt(),
      receipt({ storedName: nfc, sha256: sha("b"), receivedAt: "2025-03-17T10:00:00+07:00" }),
    ]);
    expect(receiptIndexOf(ix, "A.XLSX", sha("a"))).toBe(0);
    expect(receiptIndexOf(ix, nfc.normalize("NFD"), sha("b"))).toBe(1);
    expect(receiptIndexOf(ix, "a.xlsx", sha("c"))).toBe(-1);
  });

  test("the earliest receipt of the same name and bytes counts, even written later in the ledger", () => {
    const ix = indexReceipts([
      receipt({ receivedAt: "2025-03-25T00:00:00+07:00" }),
      receipt({ receivedAt: "2025-03-18T00:00:00+07:00" }),
    ]);
    expect(receiptIndexOf(ix, "a.xlsx", sha("a"))).toBe(1);
    expect(receiptIndexOf(ix, "A.xlsx", sha("a"))).toBe(1);
    // a copy under another name is another file (its time comes from the earliest receipt of its bytes: appendReceipts)
    expect(receiptIndexOf(ix, "copy.xlsx", sha("a"))).toBe(-1);
  });
});

describe("damaged ledger lines", () => {
  const files = (ledgerText: string, list: { name: string; sha256: string }[]) => {
    const ledger = parseLedger(ledgerText);
    const ix = indexReceipts(ledger.receipts);
    return { ledger, files: list.map((f) => ({ ...f, receiptIndex: receiptIndexOf(ix, f.name, f.sha256) })) };
  };

  test("a receipt rebuilt from a damaged line counts, and the line is reported with its number", () => {
    const { ledger, files: fs } = files(
      `${serialiseReceipt(receipt({ storedName: "b.xlsx", sha256: sha("b") }))}\n${cutBefore(receipt(), "agency")}`,
      [
        { name: "a.xlsx", sha256: sha("a") },
        { name: "b.xlsx", sha256: sha("b") },
      ],
    );
    const d = readDamagedLines(ledger, fs);
    expect(fs.map((f) => f.receiptIndex)).toEqual([1, 0]);
    expect([...d.recovered]).toEqual([["a.xlsx", 2]]);
    expect(d.warnings.map((w) => [w.code, w.line, w.file])).toEqual([["ledger.line-recovered", 2, "a.xlsx"]]);
    expect(d.warnings[0]!.message).toContain("dòng 2 bị hỏng");
    expect(d.warnings[0]!.message).toContain("18/03/2025 00:00");
  });

  test("a line cut before its time still names its file (by name or the start of the hash): file time, no new receipt", () => {
    const byName = cutBefore(receipt(), "sha256");
    const byHash = serialiseReceipt(receipt({ storedName: "b.xlsx", sha256: sha("b") }))
      .replace('"storedName":"b.xlsx",', "")
      .slice(0, 60);
    const { ledger, files: fs } = files(`${byName}\n${byHash}\n`, [
      { name: "A.xlsx", sha256: sha("a") },
      { name: "renamed.xlsx", sha256: sha("b") },
      { name: "new.xlsx", sha256: sha("c") },
    ]);
    expect(ledger.damaged.map((d) => [d.storedName, d.cut?.prefix])).toEqual([
      ["a.xlsx", "aa"],
      [null, "b".repeat(29)],
    ]);
    const d = readDamagedLines(ledger, fs);
    expect([...d.fileTime]).toEqual([
      ["A.xlsx", 1],
      ["renamed.xlsx", 2],
    ]);
    expect([...d.held]).toEqual([]);
    expect(d.warnings.map((w) => [w.code, w.line, w.file])).toEqual([
      ["ledger.line-file-time", 1, "A.xlsx"],
      ["ledger.line-file-time", 2, "renamed.xlsx"],
    ]);
  });

  test("a line that names nothing readable holds back every unrecorded file; text that is no receipt is only reported", () => {
    const { ledger, files: fs } = files(
      `${serialiseReceipt(receipt())}\n{"originalName":"Báo c\nghi chú của văn thư\n`,
      [
        { name: "a.xlsx", sha256: sha("a") },
        { name: "x.xlsx", sha256: sha("x") },
      ],
    );
    const d = readDamagedLines(ledger, fs);
    expect([...d.held]).toEqual([["x.xlsx", 2]]);
    expect(d.warnings.map((w) => [w.code, w.line])).toEqual([
      ["ledger.line-unknown", 2],
      ["ledger.line-not-receipt", 3],
    ]);
    expect(d.warnings[0]!.message).toContain("x.xlsx");
  });

  test("a clean ledger gives no warnings", () => {
    const { ledger, files: fs } = files(serialiseReceipt(receipt()), [{ name: "new.xlsx", sha256: sha("n") }]);
    expect(readDamagedLines(ledger, fs)).toEqual({
      recovered: new Map(),
      fileTime: new Map(),
      held: new Map(),
      warnings: [],
    });
  });
});

describe("the run log", () => {
  test("a byte-order mark before its first line does not lose that line", async () => {
    const root = await mkdtemp(join(tmpdir(), "cchc-runlog-"));
    await mkdir(join(root, "output"));
    const entry = {
      at: "2025-03-21T06:30:02+07:00",
      date: "2025-03-21",
      period: "2025-H1",
      actions: [],
      skipped: [],
      warnings: [],
      exitCode: 0,
      error: null,
      version: "0.1.0",
    };
    await writeFile(runLogPath(root), `\uFEFF${JSON.stringify(entry)}\r\n`);
    expect(await readRunLog(root)).toEqual([entry]);
  });
});

describe("file arguments on Windows", () => {
  const dir = "D:\\Tải về";
  const entries = [
    { name: "Báo cáo Sở A.XLSX", file: true },
    { name: "b.xlsx", file: true },
    { name: "c.docx", file: true },
    { name: "thư mục.xlsx", file: false },
    { name: "a1.xlsx", file: true },
    { name: "a22.xlsx", file: true },
  ];
  const list = async (d: string) => {
    expect(d).toBe(dir);
    return entries;
  };

  test("* and ? are expanded by the program, case-insensitively, files only, in name order", async () => {
    const r = await expandWildcards(
      [path.win32.join(dir, "*.xlsx"), path.win32.join(dir, "a?.xlsx"), "D:\\plain.xlsx"],
      { platform: "win32", path: path.win32, list },
    );
    expect(r).toEqual({
      files: [
        "D:\\Tải về\\a1.xlsx",
        "D:\\Tải về\\a22.xlsx",
        "D:\\Tải về\\b.xlsx",
        "D:\\Tải về\\Báo cáo Sở A.XLSX",
        "D:\\Tải về\\a1.xlsx",
        "D:\\plain.xlsx",
      ],
      unmatched: [],
    });
  });

  test("a pattern that matches nothing is reported; other systems take arguments as the shell gave them", async () => {
    expect(await expandWildcards(["D:\\Tải về\\*.ods"], { platform: "win32", path: path.win32, list })).toEqual({
      files: [],
      unmatched: ["D:\\Tải về\\*.ods"],
    });
    expect(await expandWildcards(["/tmp/*.xlsx"], { platform: "linux" })).toEqual({
      files: ["/tmp/*.xlsx"],
      unmatched: [],
    });
    expect(wildcardRegExp("BÁO CÁO*.xlsx".normalize("NFD")).test("báo cáo 1.xlsx")).toBe(true);
    expect(wildcardRegExp("a(1)+.xlsx").test("a(1)+.xlsx")).toBe(true);
  });

  test("control characters in a name are shown as ?", () => {
    expect(displaySafe("a\u001b[31mđỏ\u0007.xlsx")).toBe("a?[31mđỏ?.xlsx");
    expect(displaySafe("Báo cáo.xlsx")).toBe("Báo cáo.xlsx");
  });
});
