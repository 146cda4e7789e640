// @module-tag slow (runs the CLI at length)
import { beforeAll, describe, expect, test } from "vitest";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { fillIssuedTemplate } from "./helpers/fill-agency.js";
import { part, unzipDocx } from "./helpers/docx-xml.js";
import { repoRoot } from "./helpers/model-fixture.js";
import { textOfXml } from "../src/render/docx-engine.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";
import { findAgency } from "../src/plan/plan.js";

/**
 * A period's life after its report is signed, through the real CLI on a copy of the shipped sample:
 * build → close → a late file → build and run (the record never changes) → the next period compares with the
 * record → reopen → close again (both records kept) → someone edits the record (detected).
 */

const P = "2025-Q1";
const cli = (root: string, ...args: string[]) => runCchc([...args, "--root", root]);
const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Record<string, unknown>;

/** name → sha256 of every file below a folder */
function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${n}/`);
      else out[`${prefix}${n}`] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir, "");
  return out;
}

const docText = (path: string): string => textOfXml(part(unzipDocx(readFileSync(path)), "word/document.xml"));
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, any>;

describe("a closed period: the signed report never changes behind anyone's back", () => {
  let root: string;
  let record: string;
  let recordDigests: Record<string, string>;
  let working: Record<string, string>;

  beforeAll(async () => {
    root = makeWorkspace();
    cpSync(join(repoRoot, "data", P), join(root, "data", P), { recursive: true });
    expect(cli(root, "build", "--period", P, "--date", "2025-03-25").status).toBe(1); // the sample has files with errors
    record = join(root, "output", P, "ban-chot");
  });

  test("refuses to close what has not been built, or with a signing date still to come", () => {
    const empty = makeWorkspace();
    const r = cli(
      empty,
      "close",
      "--period",
      P,
      "--number",
      "123/BC-SNV",
      "--signed-on",
      "2025-03-27",
      "--date",
      "2025-03-27",
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("chưa có bản tổng hợp");
    const future = cli(
      root,
      "close",
      "--period",
      P,
      "--number",
      "123/BC-SNV",
      "--signed-on",
      "2025-03-28",
      "--date",
      "2025-03-27",
    );
    expect(future.status).toBe(2);
    expect(future.stderr).toContain("sau ngày hôm nay");
    expect(cli(root, "close", "--period", P, "--signed-on", "2025-03-27").status).toBe(2);
    expect(existsSync(record)).toBe(false);
  });

  test("close keeps the set rendered with the report's number and date, with a manifest of digests, and notes it in the ledger and the run log", () => {
    working = digests(join(root, "output", P));
    const r = cli(
      root,
      "close",
      "--period",
      P,
      "--number",
      "123/BC-SNV",
      "--signed-on",
      "2025-03-27",
      "--date",
      "2025-03-27",
      "--json",
    );
    expect(r.status, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      period: P,
      closed: true,
      number: "123/BC-SNV",
      signedOn: "2025-03-27",
      closing: 1,
    });
    const manifest = readJson(join(record, "ban-chot.json"));
    const names = (manifest.files as { name: string }[]).map((f) => f.name).sort();
    expect(names).toEqual([
      "bao-cao-tong-hop-2025-Q1.docx",
      "cong-van-don-doc-2025-Q1.docx",
      "index.html",
      "so-lieu-2025-Q1.csv",
      "tong-hop-2025-Q1.xlsx",
      "tong-hop.json",
      "y-kien-co-quan-2025-Q1.docx",
    ]);
    recordDigests = digests(record);
    for (const f of manifest.files as { name: string; sha256: string }[]) expect(recordDigests[f.name]).toBe(f.sha256);

    const text = docText(join(record, "bao-cao-tong-hop-2025-Q1.docx"));
    expect(text).toContain("Số: 123/BC-SNV");
    expect(text).toContain("ngày 27 tháng 3 năm 2025");
    // the companion with every agency's words goes with the signed report, and says so
    expect(docText(join(record, "y-kien-co-quan-2025-Q1.docx"))).toContain(
      "Kèm theo Báo cáo số 123/BC-SNV ngày 27/3/2025",
    );
    expect(text).toContain("Kèm theo Báo cáo số 123/BC-SNV ngày 27/3/2025");
    expect(readJson(join(record, "tong-hop.json")).record).toMatchObject({
      number: "123/BC-SNV",
      signedOn: "2025-03-27",
      closing: 1,
    });
    expect(readFileSync(join(record, "index.html"), "utf8")).toContain("Báo cáo số 123/BC-SNV");

    const ledger = readFileSync(join(root, "data", P, "so-nhan.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(JSON.parse(ledger.at(-1)!)).toMatchObject({ event: "close", period: P, number: "123/BC-SNV" });
    const log = readFileSync(join(root, "output", "nhat-ky-chay.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(JSON.parse(log.at(-1)!).actions[0]).toMatchObject({ kind: "close", target: P, number: "123/BC-SNV" });
    // the working set is as the last build left it
    const after = digests(join(root, "output", P));
    for (const [name, sha] of Object.entries(working)) expect(after[name], name).toBe(sha);
    // and closing twice is refused
    expect(
      cli(root, "close", "--period", P, "--number", "124/BC-SNV", "--signed-on", "2025-03-27", "--date", "2025-03-27")
        .status,
    ).toBe(2);
  });

  test("a file received after closing: build leaves the record byte-identical and writes the amendment to sau-chot/", async () => {
    expect(cli(root, "issue", "--period", P, "--agency", "tam-duong", "--date", "2025-03-27").status).toBe(0);
    const plan = await loadPlan(root);
    const file = join(root, "tam-duong-gui-muon.xlsx");
    writeFileSync(file, await fillIssuedTemplate(root, plan, parsePeriod(P)!, findAgency(plan, "tam-duong")!, 7));
    expect(cli(root, "receive", file, "--date", "2025-03-28").status).toBe(0);

    const b = cli(root, "build", "--period", P, "--date", "2025-03-28", "--json");
    expect(b.status).toBeLessThanOrEqual(1);
    const out = json(b);
    expect(out["closed"]).toMatchObject({ number: "123/BC-SNV" });
    expect((out["written"] as string[]).every((p) => p.includes("sau-chot") || p.includes("phan-hoi"))).toBe(true);
    expect(digests(record)).toEqual(recordDigests);

    const amended = readJson(join(root, "output", P, "sau-chot", "tong-hop.json"));
    const a = amended.amendment;
    expect(a.record).toMatchObject({ number: "123/BC-SNV", signedOn: "2025-03-27" });
    expect(a.lateArrivals).toEqual([
      expect.objectContaining({ agency: "tam-duong", statusBefore: "rejected", statusNow: "late", version: 2 }),
    ]);
    expect(a.figureChanges.length).toBeGreaterThan(0);
    expect(a.figureChanges.every((c: { agency: string }) => c.agency === "tam-duong")).toBe(true);
    expect(a.totalChanges.length).toBeGreaterThan(0);
    expect(a.completenessNow.reported).toBe(a.completenessBefore.reported + 1);

    const note = docText(join(root, "output", P, "sau-chot", "bo-sung-sau-chot-2025-Q1.docx"));
    expect(note).toContain("Bổ sung tình hình sau Báo cáo số 123/BC-SNV");
    expect(note).toContain("Tam Dương");
    expect(note).not.toMatch(/cchc|--period|output\/|data\//);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(root, "output", P, "sau-chot", "tong-hop-2025-Q1.xlsx"));
    const sheet = wb.getWorksheet("Sau chốt");
    expect(sheet).toBeDefined();
    const cells = sheet!.getSheetValues().flat().map(String).join(" ");
    expect(cells).toContain("Gửi sau khi chốt");
    expect(readFileSync(join(root, "output", P, "sau-chot", "index.html"), "utf8")).toContain("tình hình sau khi chốt");
  });

  test("status shows the period closed, with its number, date and the late arrival", () => {
    const s = cli(root, "status", "--period", P, "--date", "2025-03-28", "--json");
    expect(s.status).toBe(0);
    expect(json(s)["closed"]).toMatchObject({
      number: "123/BC-SNV",
      signedOn: "2025-03-27",
      recordProblems: [],
      receivedAfter: [expect.objectContaining({ code: "tam-duong" })],
    });
    const t = cli(root, "status", "--period", P, "--date", "2025-03-28");
    expect(t.stdout).toContain("Kỳ đã chốt theo Báo cáo số 123/BC-SNV");
  });

  test("run does not rebuild a closed period: it records the late arrival and writes only after-closing outputs", () => {
    const r = cli(root, "run", "--date", "2025-04-01", "--json");
    expect(r.status, r.stderr).toBe(0);
    const actions = json(r)["actions"] as {
      kind: string;
      target: string;
      lateArrivals?: string[];
      written: string[];
    }[];
    expect(actions.map((a) => `${a.kind}:${a.target}`)).toContain(`amend:${P}`);
    expect(actions.some((a) => (a.kind === "build" || a.kind === "final-build") && a.target === P)).toBe(false);
    const amend = actions.find((a) => a.kind === "amend")!;
    expect(amend.lateArrivals).toEqual(["tam-duong"]);
    expect(amend.written.every((p) => !p.includes("/ban-chot/"))).toBe(true);
    expect(digests(record)).toEqual(recordDigests);
    // nothing new: the next run leaves the period alone and says why
    const again = json(cli(root, "run", "--date", "2025-04-02", "--json"));
    expect((again["actions"] as unknown[]).length).toBe(0);
    expect(JSON.stringify(again["skipped"])).toContain("đã chốt theo Báo cáo số 123/BC-SNV");
  });

  test("the next period compares with the record and cites it", () => {
    const h1 = cli(root, "build", "--period", "2025-H1", "--date", "2025-06-25");
    expect(h1.status, h1.stderr).toBeLessThanOrEqual(1);
    const model = readJson(join(root, "output", "2025-H1", "tong-hop.json"));
    expect(model.comparison.previous).toMatchObject({
      period: P,
      record: { number: "123/BC-SNV", signedOn: "2025-03-27" },
    });
    const recorded = readJson(join(record, "tong-hop.json")).totals as Record<string, number | null>;
    const amended = readJson(join(root, "output", P, "sau-chot", "tong-hop.json")).totals as Record<
      string,
      number | null
    >;
    const differs = Object.keys(recorded).find((k) => recorded[k] !== amended[k])!;
    expect(differs).toBeDefined();
    const row = (model.comparison.previous.rows as { code: string; other: number | null }[]).find(
      (x) => x.code === differs,
    )!;
    expect(row.other).toBe(recorded[differs]);
    expect(docText(join(root, "output", "2025-H1", "bao-cao-tong-hop-2025-H1.docx"))).toContain(
      "lấy theo Báo cáo số 123/BC-SNV ngày 27/3/2025",
    );
    const issued = cli(root, "issue", "--period", "2025-H1", "--date", "2025-06-01");
    expect(issued.stdout).toContain("output/2025-Q1/ban-chot/tong-hop.json");
  });

  test("someone edits the record: status and build say which file", () => {
    const csv = join(record, "so-lieu-2025-Q1.csv");
    const original = readFileSync(csv);
    appendFileSync(csv, "sửa tay\r\n");
    try {
      const s = json(cli(root, "status", "--period", P, "--date", "2025-03-29", "--json"));
      expect((s["closed"] as { recordProblems: string[] }).recordProblems).toEqual([
        expect.stringContaining("so-lieu-2025-Q1.csv đã bị sửa"),
      ]);
      const b = cli(root, "build", "--period", P, "--date", "2025-03-29");
      expect(b.stdout).toContain("bản chốt không còn nguyên vẹn");
      expect(b.stdout).toContain("so-lieu-2025-Q1.csv");
    } finally {
      writeFileSync(csv, original);
    }
  });

  test("reopen keeps the record aside with its reason; closing again keeps both records", () => {
    expect(cli(root, "reopen", "--period", P, "--reason", "  ", "--date", "2025-03-30").status).toBe(2);
    const r = cli(
      root,
      "reopen",
      "--period",
      P,
      "--reason",
      "Huyện Tam Dương gửi muộn, UBND tỉnh yêu cầu báo cáo lại",
      "--date",
      "2025-03-30",
    );
    expect(r.status, r.stderr).toBe(0);
    const kept = join(root, "output", P, "ban-chot-lan-1");
    expect(digests(kept)).toEqual(recordDigests);
    expect(existsSync(record)).toBe(false);
    expect(existsSync(join(root, "output", P, "sau-chot"))).toBe(false);
    const ledger = readFileSync(join(root, "data", P, "so-nhan.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(JSON.parse(ledger.at(-1)!)).toMatchObject({
      event: "reopen",
      reason: "Huyện Tam Dương gửi muộn, UBND tỉnh yêu cầu báo cáo lại",
    });
    expect(cli(root, "reopen", "--period", P, "--reason", "lần nữa", "--date", "2025-03-30").status).toBe(2);

    // open again: build writes the working set, which now has the late agency
    expect(cli(root, "build", "--period", P, "--date", "2025-03-31").status).toBeLessThanOrEqual(1);
    const model = readJson(join(root, "output", P, "tong-hop.json"));
    expect(model.agencies.find((a: { code: string }) => a.code === "tam-duong").status).toBe("late");

    const c = cli(
      root,
      "close",
      "--period",
      P,
      "--number",
      "130/BC-SNV",
      "--signed-on",
      "2025-03-31",
      "--date",
      "2025-03-31",
      "--json",
    );
    expect(c.status, c.stderr).toBe(0);
    expect(json(c)).toMatchObject({ closing: 2, previous: ["ban-chot-lan-1"] });
    expect(digests(kept)).toEqual(recordDigests);
    expect(docText(join(record, "bao-cao-tong-hop-2025-Q1.docx"))).toContain("Số: 130/BC-SNV");
  });
});
