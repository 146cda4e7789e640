import { describe, expect, test } from "vitest";
import ExcelJS from "exceljs";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkInbox } from "../src/commands/pipeline.js";
import { renderFeedback } from "../src/commands/feedback.js";
import { readLedger, serialiseReceipt } from "../src/intake/inbox/ledger.js";
import { runCheck } from "../src/commands/check.js";
import { fillTemplate, type FillSpec } from "./helpers/fill-template.js";
import { cleanSpec, period, plan, template, writeCorpusSeeds } from "./helpers/intake-corpus.js";
import { canSymlink } from "./helpers/symlinks.js";

const Q1 = period("2025-Q1");
const now = { date: "2025-03-20", instant: "2025-03-20T00:00:00+07:00" };

async function workspace(): Promise<{ root: string; inbox: string }> {
  const root = await mkdtemp(join(tmpdir(), "cchc-check-"));
  await writeCorpusSeeds(root);
  const inbox = join(root, "data", "2025-Q1");
  await mkdir(inbox, { recursive: true });
  return { root, inbox };
}

async function filled(agency: string, change: (s: FillSpec) => void = () => {}, periodId = "2025-Q1"): Promise<Buffer> {
  const s = cleanSpec();
  if (agency !== "so-a") {
    // other agencies have other tasks and figures: fill only what they share with so-a
    s.tasks =
      agency === "so-b"
        ? {
            2: { status: "in-progress" },
            3: { status: "done", result: "Đã triển khai" },
            1: { status: "not-applicable" },
          }
        : {};
    if (agency === "tw-c") s.values = { hs: 10, "hs-tt": 5, "ty-le-tt": 50 };
    if (agency === "so-b") delete s.values!["hang"];
  }
  change(s);
  return fillTemplate(await template(agency, periodId), s);
}

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of (await readdir(dir)).sort()) {
    if (n === "so-nhan.jsonl") continue;
    out[n] = createHash("sha256")
      .update(await readFile(join(dir, n)))
      .digest("hex");
  }
  return out;
}

const codes = (r: { findings: { code: string }[] }): string[] => r.findings.map((f) => f.code);

describe("checking a period's inbox", () => {
  test("one bad file never stops the batch; every file gets a verdict; missing agencies are listed", async () => {
    const { root, inbox } = await workspace();
    await writeFile(join(inbox, "2025-Q1_so-a.xlsx"), await filled("so-a"));
    await writeFile(
      join(inbox, "2025-Q1_so-b.xlsx"),
      await filled("so-b", (s) => {
        s.values!["dvsn"] = -5;
      }),
    );
    await writeFile(join(inbox, "hong.xlsx"), Buffer.from("PK\u0003\u0004 not really a zip"));
    await writeFile(join(inbox, "rong.xlsx"), Buffer.alloc(0));
    await writeFile(join(inbox, "ghi-chu.txt"), "Sở C sẽ gửi sau");
    await writeFile(join(inbox, "quy-3.xlsx"), await filled("so-a", () => {}, "2025-Q3"));
    const before = await hashes(inbox);

    const r = await checkInbox({ root, plan, now }, Q1);
    expect(r.records.map((x) => [x.file, x.accepted, x.agency])).toEqual([
      ["2025-Q1_so-a.xlsx", true, "so-a"],
      ["2025-Q1_so-b.xlsx", true, "so-b"],
      ["ghi-chu.txt", false, null],
      ["hong.xlsx", false, null],
      ["quy-3.xlsx", false, "so-a"],
      ["rong.xlsx", false, null],
    ]);
    const byFile = new Map(r.records.map((x) => [x.file, x]));
    expect(codes(byFile.get("2025-Q1_so-a.xlsx")!)).toEqual([]);
    expect(codes(byFile.get("2025-Q1_so-b.xlsx")!)).toEqual(["intake.negative"]);
    expect(codes(byFile.get("rong.xlsx")!)).toEqual(["intake.file-empty"]);
    expect(codes(byFile.get("quy-3.xlsx")!)).toEqual(["intake.other-period"]);
    expect(byFile.get("hong.xlsx")!.rejectReason).toBeTruthy();
    expect(byFile.get("ghi-chu.txt")!.rejectReason).toBeTruthy();
    expect(r.missing).toEqual(["tw-c", "huyen-d"]);
    expect(r.rejectedOnly).toEqual([]);
    // so-a has an accepted file (v1) and a rejected one (the Q3 template, received at the same time: ordered by name)
    expect(byFile.get("2025-Q1_so-a.xlsx")).toMatchObject({ version: 1, latest: true });
    expect(byFile.get("quy-3.xlsx")).toMatchObject({ version: 2, latest: false });
    expect(r.latest.get("so-a")?.file).toBe("2025-Q1_so-a.xlsx");
    // nothing in the inbox was modified
    expect(await hashes(inbox)).toEqual(before);
  });

  test("hand-dropped files get a first-seen receipt once; later runs read it from the ledger", async () => {
    const { root, inbox } = await workspace();
    await writeFile(join(inbox, "Bao cao so-a.xlsx"), await filled("so-a"));
    await writeFile(join(inbox, "so-nhan.jsonl"), "");
    await writeFile(join(inbox, ".DS_Store"), "x");
    await writeFile(join(inbox, "~$Bao cao so-a.xlsx"), "lock");
    await writeFile(join(inbox, ".~lock.Bao cao so-a.xlsx#"), "lock");

    const first = await checkInbox({ root, plan, now }, Q1);
    expect(first.records.map((x) => x.file)).toEqual(["Bao cao so-a.xlsx"]);
    expect(first.records[0]).toMatchObject({
      receivedAt: "2025-03-20T00:00:00+07:00",
      receivedAtSource: "first-seen",
      agency: "so-a",
    });
    expect(first.receiptsAdded).toHaveLength(1);
    const ledger = await readLedger(inbox);
    expect(ledger.receipts).toEqual([
      {
        originalName: null,
        storedName: "Bao cao so-a.xlsx",
        sha256: first.records[0]!.sha256,
        size: first.records[0]!.size,
        receivedAt: "2025-03-20T00:00:00+07:00",
        agency: "so-a",
        period: "2025-Q1",
        source: "first-seen",
        declaredAgency: "so-a",
        declaredFrom: "file-name",
      },
    ]);

    const second = await checkInbox(
      { root, plan, now: { date: "2025-03-25", instant: "2025-03-25T00:00:00+07:00" } },
      Q1,
    );
    expect(second.records[0]).toMatchObject({
      receivedAt: "2025-03-20T00:00:00+07:00",
      receivedAtSource: "first-seen",
    });
    expect(second.receiptsAdded).toEqual([]);
    expect((await readLedger(inbox)).receipts).toHaveLength(1);
  });

  test.skipIf(!canSymlink)(
    "when the ledger cannot be written, the file time is used and the report says so",
    async () => {
      const { root, inbox } = await workspace();
      await writeFile(join(inbox, "so-a.xlsx"), await filled("so-a"));
      await symlink(join(root, "khong-co", "thu-muc", "so-nhan.jsonl"), join(inbox, "so-nhan.jsonl"));
      const r = await checkInbox({ root, plan, now }, Q1);
      expect(r.records[0]?.receivedAtSource).toBe("file-time");
      expect(r.records[0]?.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      expect(r.ledgerWriteError).toBeTruthy();
      expect(r.receiptsAdded).toEqual([]);
    },
  );

  test("versions follow receipt times; the latest accepted version counts", async () => {
    const { root, inbox } = await workspace();
    const v1 = await filled("so-a");
    const v2 = await filled("so-a", (s) => {
      s.values!["dvsn"] = 13;
    });
    const v3 = Buffer.from("not a workbook");
    const lines = [
      { name: "so-a_v2.xlsx", bytes: v2, at: "2025-03-19T00:00:00+07:00" },
      { name: "so-a_v1.xlsx", bytes: v1, at: "2025-03-17T00:00:00+07:00" },
      { name: "so-a_v3.xlsx", bytes: v3, at: "2025-03-21T00:00:00+07:00" },
    ];
    const receipts: string[] = [];
    for (const l of lines) {
      await writeFile(join(inbox, l.name), l.bytes);
      receipts.push(
        serialiseReceipt({
          originalName: l.name,
          storedName: l.name,
          sha256: createHash("sha256").update(l.bytes).digest("hex"),
          size: l.bytes.length,
          receivedAt: l.at,
          agency: "so-a",
          period: "2025-Q1",
          source: "receive",
          declaredAgency: null,
          declaredFrom: null,
        }),
      );
    }
    await writeFile(join(inbox, "so-nhan.jsonl"), receipts.join("\n") + "\n");
    const r = await checkInbox({ root, plan, now }, Q1);
    expect(r.records.map((x) => [x.file, x.version, x.latest, x.accepted, x.receivedAtSource])).toEqual([
      ["so-a_v1.xlsx", 1, false, true, "ledger"],
      ["so-a_v2.xlsx", 2, true, true, "ledger"],
      ["so-a_v3.xlsx", 3, false, false, "ledger"],
    ]);
    expect(r.latest.get("so-a")?.data?.values["dvsn"]?.value).toBe(13);
    expect(r.receiptsAdded).toEqual([]);
  });

  test("a stored file changed after its receipt, and two files with the same bytes, are noted", async () => {
    const { root, inbox } = await workspace();
    const a = await filled("so-a");
    await writeFile(join(inbox, "so-a.xlsx"), a);
    await writeFile(join(inbox, "so-a-copy.xlsx"), a);
    await writeFile(
      join(inbox, "so-nhan.jsonl"),
      serialiseReceipt({
        originalName: "x.xlsx",
        storedName: "so-a.xlsx",
        sha256: "f".repeat(64),
        size: 1,
        receivedAt: "2025-03-10T00:00:00+07:00",
        agency: "so-a",
        period: "2025-Q1",
        source: "receive",
        declaredAgency: null,
        declaredFrom: null,
      }) + "\n",
    );
    const r = await checkInbox({ root, plan, now }, Q1);
    const byFile = new Map(r.records.map((x) => [x.file, x]));
    // files are read in name order: "so-a-copy.xlsx" first, so "so-a.xlsx" is the twin
    expect(codes(byFile.get("so-a-copy.xlsx")!)).toEqual([]);
    expect(codes(byFile.get("so-a.xlsx")!)).toEqual(["intake.changed-after-receipt", "intake.duplicate-content"]);
    expect(byFile.get("so-a.xlsx")!.findings[1]?.args).toMatchObject({ other: "so-a-copy.xlsx" });
  });

  test("an agency that sent only rejected files is listed apart from those that sent nothing", async () => {
    const { root, inbox } = await workspace();
    await writeFile(join(inbox, "2025-Q1_tw-c.xlsx"), Buffer.from("garbage"));
    const r = await checkInbox({ root, plan, now }, Q1);
    expect(r.records[0]).toMatchObject({ agency: "tw-c", accepted: false });
    expect(r.missing).toEqual(["so-a", "so-b", "huyen-d"]);
    expect(r.rejectedOnly).toEqual(["tw-c"]);
  });

  test("the cumulative rule uses the earlier report's tong-hop.json", async () => {
    const { root } = await workspace();
    const h1 = join(root, "data", "2025-H1");
    await mkdir(h1, { recursive: true });
    await mkdir(join(root, "output", "2025-Q1"), { recursive: true });
    await writeFile(
      join(root, "output", "2025-Q1", "tong-hop.json"),
      JSON.stringify({
        period: { id: "2025-Q1", label: "quý I năm 2025" },
        agencies: [{ code: "so-a", values: { hs: 5000, "kinh-phi": null } }],
      }),
    );
    await writeFile(join(h1, "so-a.xlsx"), await filled("so-a", () => {}, "2025-H1"));
    const r = await checkInbox({ root, plan, now }, period("2025-H1"));
    expect(r.earlierUsed).toEqual(["2025-Q1"]);
    expect(codes(r.records[0]!)).toEqual(["intake.rule.cumulative-decrease"]);
  });
});

describe("cchc check (handler)", () => {
  test("prints per file, lists missing agencies, exits 1 on errors and writes feedback workbooks", async () => {
    const { root, inbox } = await workspace();
    await writeFile(
      join(inbox, "2025-Q1_so-a.xlsx"),
      await filled("so-a", (s) => {
        s.values!["dvsn"] = "mười hai";
        s.values!["hs"] = "1.200";
      }),
    );
    await writeFile(join(inbox, "2025-Q1_so-b.xlsx"), await filled("so-b"));
    const res = await runCheck({ root, plan, now }, { period: Q1 });
    expect(res.exitCode).toBe(1);
    expect(res.text).toContain("2025-Q1_so-a.xlsx — Sở A, kỳ 2025-Q1, bản 1");
    expect(res.text).toMatch(
      /\[Lỗi\] trang "Số liệu", ô F\d+, mã ind:dvsn: Chỉ tiêu “Đơn vị sự nghiệp”: “mười hai” không phải là số/,
    );
    expect(res.text).toContain("Chưa gửi báo cáo (2): Cục C, Huyện D.");

    const json = res.json as {
      period: string;
      submissions: Record<string, any>[];
      missing: string[];
      feedback: string[];
    };
    expect(json.period).toBe("2025-Q1");
    expect(json.missing).toEqual(["tw-c", "huyen-d"]);
    const s = json.submissions[0]!;
    for (const k of ["file", "agency", "period", "accepted", "version", "receivedAt", "findings", "data"])
      expect(s).toHaveProperty(k);
    expect(s["findings"].map((f: Record<string, unknown>) => Object.keys(f).slice(0, 6))).toContainEqual([
      "severity",
      "code",
      "sheet",
      "cell",
      "key",
      "message",
    ]);
    expect(s["data"].values.hs.value).toBe(1200);

    // the feedback workbook of so-a: Times New Roman, a title with the agency and the period, one row per finding
    expect(json.feedback).toEqual([join(root, "output", "2025-Q1", "phan-hoi", "so-a.xlsx")]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(json.feedback[0]!)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const texts: string[] = [];
    ws.eachRow((row) =>
      texts.push(
        row.values instanceof Array ? row.values.filter((v) => v !== undefined && v !== null).join(" | ") : "",
      ),
    );
    expect(texts.join("\n")).toContain("Sở A — Quý I năm 2025");
    const rows = texts.filter((t) => /^\d+ \| /.test(t));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^1 \| Lỗi \| Số liệu \| F\d+ \| ind:dvsn \| mười hai \| /);
    expect(rows[1]).toMatch(/^2 \| Cảnh báo \| Số liệu \| F\d+ \| ind:hs \| 1\.200 \| /);
    ws.eachRow((row) => row.eachCell((c) => expect(c.font?.name).toBe("Times New Roman")));

    // a corrected version arrives and is checked: the feedback workbook no longer applies and is removed, exit 0
    await writeFile(join(inbox, "2025-Q1_so-a_sua.xlsx"), await filled("so-a"));
    const again = await runCheck(
      { root, plan, now: { date: "2025-03-21", instant: "2025-03-21T00:00:00+07:00" } },
      { period: Q1 },
    );
    expect(again.exitCode).toBe(0);
    expect((again.json as { feedbackRemoved: string[] }).feedbackRemoved).toEqual(json.feedback);
    expect(await readdir(join(root, "output", "2025-Q1", "phan-hoi"))).toEqual([]);
  });

  test("the same inputs and date give the same feedback bytes", async () => {
    const { root, inbox } = await workspace();
    await writeFile(
      join(inbox, "so-a.xlsx"),
      await filled("so-a", (s) => {
        s.values!["dvsn"] = -1;
      }),
    );
    const ctx = { root, plan, now };
    const a = await renderFeedback(ctx, Q1, (await checkInbox(ctx, Q1, { recordReceipts: false })).records);
    const b = await renderFeedback(ctx, Q1, (await checkInbox(ctx, Q1, { recordReceipts: false })).records);
    expect(a.files).toHaveLength(1);
    expect(Buffer.compare(Buffer.from(a.files[0]!.data), Buffer.from(b.files[0]!.data))).toBe(0);
  });
});
