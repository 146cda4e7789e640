// @module-tag slow (runs the CLI at length)
import { describe, expect, test } from "vitest";
import { execFileSync, spawn } from "node:child_process";
import { cpSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rename, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { fillTemplate } from "./helpers/fill-template.js";
import { cleanSpec, template, writeCorpusSeeds } from "./helpers/intake-corpus.js";
import { repoRoot } from "./helpers/model-fixture.js";
import { readZipEntries, writeZip } from "../src/render/zip-write.js";

/**
 * The receipt ledger through the real CLI (dist/, built by `npm test`): damaged lines (fault 2), receipts recorded
 * once and the earliest counting (fault 6), a byte-order mark and renames that change only case or normalisation
 * (Windows), and what `receive` says of paths it cannot take.
 */

const Q1 = "2025-Q1";

async function workspace(): Promise<{ root: string; inbox: string; ledger: string }> {
  const root = await mkdtemp(join(tmpdir(), "cchc-ledger-cli-"));
  await writeCorpusSeeds(root);
  cpSync(join(repoRoot, "templates"), join(root, "templates"), { recursive: true });
  const inbox = join(root, "data", Q1);
  return { root, inbox, ledger: join(inbox, "so-nhan.jsonl") };
}

/** so-a's filled template; `dvsn` varies the bytes (another version of the same report). */
const filled = async (agency: string, dvsn = 12): Promise<Buffer> => {
  const spec = cleanSpec();
  return fillTemplate(await template(agency), { ...spec, values: { ...spec.values, dvsn } });
};

interface CheckJson {
  submissions: {
    file: string;
    agency: string;
    receivedAt: string;
    receivedAtSource: string;
    damagedLedgerLine?: number;
  }[];
  receiptsAdded: number;
  ledgerWarnings: { code: string; line: number; file: string | null; message: string }[];
}

function check(root: string, date: string): CheckJson {
  const r = runCchc(["check", "--period", Q1, "--root", root, "--date", date, "--json"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as CheckJson;
}

/** Receives so-a's file on 18/03/2025 (on time: due 20/03) and returns the ledger's text. */
async function receivedOnTime(root: string, ledger: string): Promise<string> {
  const src = join(root, "Báo cáo Sở A.xlsx");
  await writeFile(src, await filled("so-a"));
  expect(runCchc(["receive", src, "--root", root, "--date", "2025-03-18"]).status).toBe(0);
  return readFile(ledger, "utf8");
}

/** The shipped sample workspace (real seeds, 32 files of 2025-Q1) with line 1 of its ledger cut at `at`. */
async function sampleWithCutLine(
  at: (line: string) => number,
): Promise<{ root: string; ledger: string; before: string; stored: string }> {
  const root = makeWorkspace();
  cpSync(join(repoRoot, "data", Q1), join(root, "data", Q1), { recursive: true });
  const ledger = join(root, "data", Q1, "so-nhan.jsonl");
  const lines = (await readFile(ledger, "utf8")).split("\n");
  const first = lines[0]!;
  lines[0] = first.slice(0, at(first));
  await writeFile(ledger, lines.join("\n"));
  return { root, ledger, before: lines.join("\n"), stored: (JSON.parse(first) as { storedName: string }).storedName };
}

describe("a damaged ledger line (fault 2)", () => {
  test("a line cut after its receipt time: the receipt is recovered, the line reported by number, nothing appended", async () => {
    const { root, ledger, before, stored } = await sampleWithCutLine((l) => l.indexOf('"agency"') + 12);
    const c = check(root, "2025-03-25");
    expect(
      c.submissions
        .filter((s) => s.file === stored)
        .map((s) => [s.receivedAt, s.receivedAtSource, s.damagedLedgerLine]),
    ).toEqual([["2025-03-10T08:07:00+07:00", "ledger", 1]]);
    expect(c.receiptsAdded).toBe(0);
    expect(c.ledgerWarnings.map((w) => [w.code, w.line, w.file])).toEqual([["ledger.line-recovered", 1, stored]]);
    expect(await readFile(ledger, "utf8")).toBe(before);

    const text = runCchc(["check", "--period", Q1, "--root", root, "--date", "2025-03-25"]).stdout;
    expect(text).toContain(
      `Cảnh báo — sổ nhận data/${Q1}/so-nhan.jsonl, dòng 1 bị hỏng (không đọc trọn được); đã khôi phục được thời điểm nhận của tệp ${stored}: 10/03/2025 08:07.`,
    );
    expect(text).toContain("khôi phục từ dòng 1 bị hỏng của sổ nhận");
    const status = runCchc(["status", "--period", Q1, "--root", root, "--date", "2025-03-25"]);
    expect(status.stdout).toContain("dòng 1 bị hỏng");
    expect(status.stdout).toMatch(/Sở Tài chính .*10\/03\/2025 .*Đúng hạn/);

    const build = runCchc(["build", "--period", Q1, "--root", root, "--date", "2025-03-25"]);
    expect(build.stderr).toBe("");
    expect(build.stdout).toContain("dòng 1 bị hỏng");
    const model = JSON.parse(await readFile(join(root, "output", Q1, "tong-hop.json"), "utf8")) as {
      agencies: { code: string; status: string; damagedLedgerLine?: number }[];
    };
    expect(model.agencies.find((a) => a.code === "so-tai-chinh")).toMatchObject({
      status: "on-time",
      damagedLedgerLine: 1,
    });
    expect(await readFile(ledger, "utf8")).toBe(before);
  });

  test("a line cut before its receipt time: the file's time is used, the report says so, and no new receipt is made", async () => {
    const { root, ledger, before, stored } = await sampleWithCutLine((l) => l.indexOf('"sha256"') + 30);
    const t = new Date("2025-03-11T03:00:00Z");
    await utimes(join(root, "data", Q1, stored), t, t);
    const c = check(root, "2025-03-25");
    expect(
      c.submissions
        .filter((s) => s.file === stored)
        .map((s) => [s.receivedAt, s.receivedAtSource, s.damagedLedgerLine]),
    ).toEqual([["2025-03-11T10:00:00+07:00", "file-time", 1]]);
    expect(c.ledgerWarnings.map((w) => [w.code, w.line, w.file])).toEqual([["ledger.line-file-time", 1, stored]]);
    expect(c.ledgerWarnings[0]!.message).toContain("không khôi phục được thời điểm nhận");
    expect(c.receiptsAdded).toBe(0);
    expect(await readFile(ledger, "utf8")).toBe(before);

    expect(runCchc(["build", "--period", Q1, "--root", root, "--date", "2025-03-25"]).stderr).toBe("");
    const model = JSON.parse(await readFile(join(root, "output", Q1, "tong-hop.json"), "utf8")) as {
      agencies: { code: string; status: string; receivedAtSource: string }[];
    };
    expect(model.agencies.find((a) => a.code === "so-tai-chinh")).toMatchObject({
      status: "on-time",
      receivedAtSource: "file-time",
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(join(root, "output", Q1, `tong-hop-${Q1}.xlsx`))) as unknown as ArrayBuffer);
    const notes: string[] = [];
    wb.getWorksheet("Tình hình nộp")!.eachRow((row) =>
      row.eachCell((cell) => {
        const n = cell.note;
        if (n) notes.push(typeof n === "string" ? n : (n.texts ?? []).map((x) => x.text).join(""));
      }),
    );
    expect(notes).toContain(
      "Thời điểm nhận lấy theo thời gian của tệp: dòng 1 của sổ nhận bị hỏng, không khôi phục được thời điểm nhận ghi trong sổ.",
    );
    expect(await readFile(ledger, "utf8")).toBe(before);
  });
});

describe("receipts recorded once, the earliest counting (fault 6)", () => {
  test("two checks and a build started together on three dropped files record three receipts", async () => {
    const { root, inbox, ledger } = await workspace();
    await mkdir(inbox, { recursive: true });
    for (const v of [1, 2, 3]) await writeFile(join(inbox, `so-a-${v}.xlsx`), await filled("so-a", v));
    const run = (args: string[]) =>
      new Promise<number | null>((done) => {
        const p = spawn(
          process.execPath,
          [
            join(repoRoot, "bin", "cchc.js"),
            ...args,
            "--period",
            Q1,
            "--root",
            root,
            "--date",
            "2025-03-19",
            "--quiet",
          ],
          { stdio: "ignore" },
        );
        p.on("exit", done);
      });
    await Promise.all([run(["check"]), run(["check"]), run(["build"])]);
    const lines = (await readFile(ledger, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { storedName: string });
    expect(lines.map((l) => l.storedName).sort()).toEqual(["so-a-1.xlsx", "so-a-2.xlsx", "so-a-3.xlsx"]);
  });

  test("an old ledger holding the same bytes twice: the earliest receipt is the one shown", async () => {
    const { root, inbox, ledger } = await workspace();
    await mkdir(inbox, { recursive: true });
    await writeFile(join(inbox, "so-a.xlsx"), await filled("so-a"));
    const first = check(root, "2025-03-19");
    expect(first.submissions[0]!.receivedAt).toBe("2025-03-19T00:00:00+07:00");
    const line = (await readFile(ledger, "utf8")).trim();
    await writeFile(ledger, `${line}\n${line.replace("2025-03-19T00:00:00", "2025-03-24T00:00:00")}\n`);
    const again = check(root, "2025-03-25");
    expect(again.submissions[0]!.receivedAt).toBe("2025-03-19T00:00:00+07:00");
    expect(again.receiptsAdded).toBe(0);
  });
});

describe("the ledger on Windows", () => {
  test("a byte-order mark before the first line is not a damaged line", async () => {
    const { root, ledger } = await workspace();
    const text = await receivedOnTime(root, ledger);
    await writeFile(ledger, `\uFEFF${text.replace(/\n/g, "\r\n")}`);
    const c = check(root, "2025-03-25");
    expect(c.ledgerWarnings).toEqual([]);
    expect(c.receiptsAdded).toBe(0);
    expect(c.submissions.map((s) => [s.receivedAt, s.receivedAtSource])).toEqual([
      ["2025-03-18T00:00:00+07:00", "ledger"],
    ]);
  });

  test("a rename that changes only the case, or turns the name from NFC into NFD, keeps the receipt time", async () => {
    const { root, inbox, ledger } = await workspace();
    await receivedOnTime(root, ledger);
    const stored = (await readdir(inbox)).find((n) => n.endsWith(".xlsx"))!;
    await rename(join(inbox, stored), join(inbox, stored.toUpperCase()));
    const nfc = "Báo cáo Sở B.xlsx".normalize("NFC");
    await writeFile(join(inbox, nfc), await filled("so-a", 13));
    expect(check(root, "2025-03-19").receiptsAdded).toBe(1);
    await rename(join(inbox, nfc), join(inbox, nfc.normalize("NFD")));

    const c = check(root, "2025-03-25");
    expect(c.receiptsAdded).toBe(0);
    expect(c.submissions.map((s) => [s.file.normalize("NFC"), s.receivedAt])).toEqual([
      [nfc, "2025-03-19T00:00:00+07:00"],
      [stored.toUpperCase(), "2025-03-18T00:00:00+07:00"],
    ]);
    expect((await readFile(ledger, "utf8")).trim().split("\n")).toHaveLength(2);
  });
});

describe("receive: paths it cannot take, odd files and names", () => {
  test("a folder, a FIFO and /dev/zero are each named for what they are, not as missing", async () => {
    const { root } = await workspace();
    const fifo = join(root, "ong-dan");
    execFileSync("mkfifo", [fifo]);
    const r = runCchc(["receive", join(root, "seeds"), fifo, "/dev/zero", "--root", root, "--period", Q1]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain("Không tìm thấy");
    expect(r.stderr).toContain("3 đường dẫn không nhận được; chưa nhận tệp nào.");
    expect(r.stderr).toContain(`${join(root, "seeds")}: đây là thư mục, không phải tệp.`);
    expect(r.stderr).toContain(`${fifo}: đây là một ống dẫn (FIFO)`);
    expect(r.stderr).toContain("/dev/zero: đây là một thiết bị");
    expect(await readdir(root)).not.toContain("data");
  });

  test("a zip with two entries of the same name is reported as such, not as a file whose period cannot be read", async () => {
    const { root } = await workspace();
    const entries = readZipEntries(await filled("so-a"));
    entries.push({ ...entries.find((e) => e.name === "xl/workbook.xml")! });
    const src = join(root, "trung.xlsx");
    await writeFile(src, writeZip(entries, new Date(2025, 2, 18)));
    const r = runCchc(["receive", src, "--root", root]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("trung.xlsx: CHƯA LƯU — tệp có hai phần cùng tên bên trong");
    expect(r.stdout).not.toContain("không đọc được kỳ");
  });

  test("terminal escape sequences in an original name are never echoed, nor kept in the ledger", async () => {
    const { root, ledger } = await workspace();
    const src = join(root, "bao-cao\u001b[2J\u001b]0;pwned\u0007 so-a.xlsx");
    await writeFile(src, await filled("so-a"));
    const r = runCchc(["receive", src, "--root", root, "--date", "2025-03-18"]);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain("bao-cao?[2J?]0;pwned? so-a.xlsx →");
    const rec = JSON.parse(await readFile(ledger, "utf8")) as { originalName: string };
    expect(rec.originalName).toBe("bao-cao?[2J?]0;pwned? so-a.xlsx");
  });
});
