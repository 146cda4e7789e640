import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Model } from "../src/consolidate/model.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { findAgency } from "../src/plan/plan.js";
import { parsePeriod } from "../src/calendar/period.js";
import { fillFeedbackWorkbook, renderFeedbackWorkbook, type FeedbackInput } from "../src/render/feedback-xlsx.js";
import { acceptedRecord } from "./helpers/records.js";
import { sheetViewsXml, Workbook } from "../src/render/sheetml/workbook.js";
import { consolidatedSheetBuilders, renderConsolidatedXlsx } from "../src/render/xlsx-workbook.js";
import { readZipEntries, rezip } from "../src/render/zip-write.js";
import { hostileModel } from "./helpers/hostile-model.js";
import { buildSampleModel, loadRepoPlan, repoRoot } from "./helpers/model-fixture.js";

/**
 * The program's own SpreadsheetML writer (src/render/sheetml/) against exceljs, which wrote the workbooks before it:
 * the same sheet builders drive both, and the parts must come out the same, byte for byte; read back with exceljs,
 * every cell (value, type, style), merge, view, width, height, note, filter and print setting must match.
 */

/** The consolidated workbook as exceljs's streaming writer made it (the code of render/xlsx-workbook.ts before). */
async function consolidatedWithExceljs(model: Model): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const stamp = new Date(`${model.asOf.slice(0, 10)}T00:00:00Z`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: true,
    zip: { store: true } as never,
    created: stamp,
    modified: stamp,
    creator: "cchc",
    lastModifiedBy: "cchc",
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  wb.lastPrinted = stamp;
  wb.title = `Tổng hợp báo cáo cải cách hành chính ${model.period.label}`;
  const views = new Map<string, string>();
  for (const { name, add } of consolidatedSheetBuilders(model)) {
    add(wb as unknown as Workbook, model);
    const ws = wb.getWorksheet(name)!;
    views.set(`xl/worksheets/sheet${ws.id}.xml`, sheetViewsXml(ws.views as never));
    ws.commit();
  }
  const finished = new Promise<void>((resolve, reject) => {
    sink.on("finish", resolve);
    sink.on("error", reject);
  });
  await wb.commit();
  await finished;
  const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return rezip(Buffer.concat(chunks), model.asOf, (entries) => {
    for (const e of entries) {
      const sheetViews = views.get(e.name);
      const xml = Buffer.from(e.data).toString("utf8");
      if (sheetViews) {
        const at = xml.indexOf("<sheetFormatPr");
        e.data = `${xml.slice(0, at)}${sheetViews}${xml.slice(at)}`;
      } else if (e.name === "docProps/app.xml") {
        e.data = xml.replace(
          /<Company\/>|<Company><\/Company>/,
          `<Company>${escape(model.settings.issuingBodyName)}</Company>`,
        );
      }
    }
  });
}

const text = (d: Uint8Array | string): string => (typeof d === "string" ? d : Buffer.from(d).toString("utf8"));

function expectSameParts(actual: Buffer, expected: Buffer): void {
  const a = readZipEntries(actual);
  const e = readZipEntries(expected);
  expect(a.map((x) => x.name)).toEqual(e.map((x) => x.name));
  for (let i = 0; i < a.length; i++) expect(text(a[i]!.data), a[i]!.name).toBe(text(e[i]!.data));
}

async function reopen(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

/** Everything a reader sees of a workbook, as exceljs reads it back. */
function described(wb: ExcelJS.Workbook): unknown {
  return {
    title: wb.title,
    creator: wb.creator,
    created: wb.created?.toISOString(),
    sheets: wb.worksheets.map((ws) => {
      const cells: unknown[] = [];
      const heights: Record<number, number | undefined> = {};
      ws.eachRow({ includeEmpty: true }, (row, r) => {
        heights[r] = row.height;
        row.eachCell({ includeEmpty: true }, (c) => {
          cells.push({
            at: c.address,
            type: c.type,
            value: c.value instanceof Date ? c.value.toISOString() : c.value,
            style: JSON.parse(JSON.stringify(c.style)),
            note: c.note ? JSON.parse(JSON.stringify(c.note)) : null,
            master: c.isMerged ? c.master.address : null,
          });
        });
      });
      return {
        name: ws.name,
        state: ws.state,
        views: ws.views,
        widths: ws.columns?.map((c) => [c.width, JSON.parse(JSON.stringify(c.style ?? {}))]) ?? [],
        merges: (ws.model as { merges?: string[] }).merges,
        autoFilter: ws.autoFilter,
        pageSetup: ws.pageSetup,
        headerFooter: ws.headerFooter,
        heights,
        cells,
      };
    }),
  };
}

/** Seeds with n agencies: the real ones and synthetic ones spread over the groups (as the bench makes them). */
function seedsWithAgencies(n: number): string {
  const root = mkdtempSync(join(tmpdir(), "cchc-sheetml-"));
  cpSync(join(repoRoot, "seeds"), join(root, "seeds"), { recursive: true });
  const file = join(root, "seeds", "agencies.json");
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    groups: { id: string }[];
    agencies: Record<string, unknown>[];
  };
  for (let i = json.agencies.length + 1; json.agencies.length < n; i++) {
    const group = json.groups[i % json.groups.length]!.id;
    const like = json.agencies.find((a) => a["group"] === group)!;
    const num = String(i).padStart(4, "0");
    json.agencies.push({
      code: `co-quan-${num}`,
      name: `Cơ quan thử nghiệm số ${num}`,
      shortName: `CQ TN ${num}`,
      abbr: `TN${num}`,
      group,
      level: like["level"],
      validFrom: "2021-01-01",
      validTo: null,
      aliases: [],
    });
  }
  writeFileSync(file, JSON.stringify(json, null, 2));
  return root;
}

/** Flags a few values and adds figure notes, so that notes, pale fills and copied styles are on the sheets. */
function withNotes(model: Model): Model {
  const m = structuredClone(model);
  const reported = m.agencies.filter((a) => a.status === "on-time" || a.status === "late");
  const numeric = m.indicators.filter((i) => i.type !== "text").map((i) => i.code);
  reported.slice(0, 3).forEach((a, k) => {
    const code = numeric[k * 5]!;
    a.flagged.push(code);
    const ref = a.provenance[code] ?? { file: a.file ?? "x.xlsx", sheet: "Số liệu", cell: "F9" };
    a.notes[numeric[k * 5 + 1]!] = { text: `Số liệu ước tính  \n(đến ngày 14/3) <${k}>`, ref };
  });
  if (m.totalDetails[0]) m.totalDetails[0].flaggedBy.push(reported[0]!.code);
  return m;
}

describe("the consolidated workbook written by the program's own writer", () => {
  let sample: Model;
  let big: Model;

  beforeAll(async () => {
    sample = withNotes(
      (await buildSampleModel({ missing: ["so-y-te"], late: ["cong-an-tinh"], rejected: ["so-tu-phap"] })).model,
    );
    const plan = await loadPlan(seedsWithAgencies(150));
    const codes = plan.agencies.map((a) => a.code);
    const pick = (from: number, count: number) => codes.filter((_, i) => i >= from && i % 11 === 0).slice(0, count);
    const q1 = (await buildSampleModel({ plan, missing: pick(30, 6), late: pick(31, 5), rejected: pick(32, 4) })).model;
    const earlier = {
      period: { id: q1.period.id, label: q1.period.label },
      totals: q1.totals,
      agencies: q1.agencies.map((a) => ({ code: a.code, values: a.values })),
    };
    big = withNotes(
      (
        await buildSampleModel({
          plan,
          periodId: "2025-H1",
          seed: 2,
          missing: pick(40, 3),
          earlier: { previous: earlier, lastYear: null, cumulative: [earlier] },
        })
      ).model,
    );
  }, 120_000);

  it("has exactly the parts exceljs wrote for the sample's model, and reads back the same", async () => {
    const mine = (await renderConsolidatedXlsx(sample)).data;
    const theirs = await consolidatedWithExceljs(sample);
    expectSameParts(mine, theirs);
    expect(described(await reopen(mine))).toEqual(described(await reopen(theirs)));
  });

  it("has exactly the parts exceljs wrote for 150 agencies compared with an earlier period", async () => {
    const mine = (await renderConsolidatedXlsx(big)).data;
    const theirs = await consolidatedWithExceljs(big);
    expectSameParts(mine, theirs);
    expect(described(await reopen(mine))).toEqual(described(await reopen(theirs)));
  }, 120_000);

  it("escapes markup and drops characters XML does not allow, as exceljs did", async () => {
    const m = await hostileModel();
    m.agencies[0]!.name = `${m.agencies[0]!.name} \u0001\u0008 'a' & "b"`;
    const mine = (await renderConsolidatedXlsx(m)).data;
    expectSameParts(mine, await consolidatedWithExceljs(m));
    expect(text(readZipEntries(mine).find((e) => e.name === "xl/sharedStrings.xml")!.data)).toContain("&lt;script&gt;");
  });
});

describe("the sheetml writer", () => {
  it("gives a merged range's cells the master's style and value, and writes a late note as a comment", async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet("Thử");
    ws.getColumn(1).width = 20;
    ws.mergeCells(1, 1, 1, 3);
    const master = ws.getCell(1, 1);
    master.value = "Tiêu đề";
    master.font = { name: "Times New Roman", size: 12, bold: true };
    expect(ws.getCell(1, 2).style).toBe(master.style);
    expect(ws.getCell(1, 3).value).toBe("Tiêu đề");
    expect(() => ws.mergeCells(1, 2, 2, 2)).toThrow();
    ws.getCell(2, 1).value = new Date(Date.UTC(2025, 2, 19, 10, 30));
    ws.getCell(2, 1).numFmt = "dd/mm/yyyy hh:mm";
    ws.getCell(2, 2).value = 12.5;
    ws.getCell(2, 2).note = "Ghi chú";
    ws.getRow(2).commit();
    expect(() => ws.getCell(2, 3)).toThrow(/already written/);
    const back = await reopen(wb.toBuffer(new Date(2025, 2, 19)));
    const s = back.getWorksheet("Thử")!;
    expect(s.getCell("A1").value).toBe("Tiêu đề");
    expect(s.getCell("C1").master.address).toBe("A1");
    expect(s.getCell("A1").font).toEqual({ name: "Times New Roman", size: 12, bold: true });
    expect((s.getCell("A2").value as Date).toISOString()).toBe("2025-03-19T10:30:00.000Z");
    expect(s.getCell("A2").numFmt).toBe("dd/mm/yyyy hh:mm");
    expect(s.getCell("B2").value).toBe(12.5);
    expect(s.getCell("B2").note).toBe("Ghi chú");
    expect(s.getColumn(1).width).toBe(20);
  });
});

describe("the feedback workbook written by the program's own writer", () => {
  /** The same sheet written with exceljs's in-memory workbook, as render/feedback-xlsx.ts did before. */
  async function feedbackWithExceljs(input: FeedbackInput): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    fillFeedbackWorkbook(wb as unknown as Workbook, input);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it("reads back exactly as the workbook exceljs wrote: every cell, style, merge, view, width, height", async () => {
    const plan = await loadRepoPlan();
    const period = parsePeriod("2025-Q1", plan.settings.due)!;
    const record = acceptedRecord("so-tai-chinh", period.id, "2025-03-18T15:20:00+07:00", {});
    record.originalName = "Báo cáo CCHC quý 1 (bản sửa).xlsx";
    const finding = (severity: "error" | "warning" | "info", i: number) => ({
      severity,
      code: `value.test-${i}`,
      sheet: i % 2 ? "Số liệu" : null,
      cell: i % 2 ? `F${10 + i}` : null,
      key: i % 3 ? `ii.chi-tieu-${i}` : null,
      message: `Giá trị ở dòng ${i} "<không hợp lệ>" & cần sửa lại. ${"Nội dung dài để dòng phải xuống hàng. ".repeat(i % 4)}`,
      args: i % 2 ? { found: 12.5 * i } : { value: `ô ${i}` },
    });
    record.findings = [finding("info", 1), finding("warning", 2), finding("error", 3), finding("error", 4)];
    const input: FeedbackInput = {
      plan,
      period,
      agencyCode: "so-tai-chinh",
      agency: findAgency(plan, "so-tai-chinh"),
      record,
      generatedOn: "2025-03-25",
    };
    const mine = await renderFeedbackWorkbook(input);
    const theirs = await feedbackWithExceljs(input);
    expect(described(await reopen(mine))).toEqual(described(await reopen(theirs)));
    const core = text(readZipEntries(mine).find((e) => e.name === "docProps/core.xml")!.data);
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-25T00:00:00Z</dcterms:created>');
    expect(await renderFeedbackWorkbook(input)).toEqual(mine);
  });
});

describe("build and check without exceljs", () => {
  /** The src/ files a module reaches through its imports (static and dynamic), each with the packages it imports. */
  function reached(entry: string): Map<string, string[]> {
    const src = join(repoRoot, "src");
    const out = new Map<string, string[]>();
    const pattern =
      /^(?!import type|export type)(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
    const visit = (file: string): void => {
      const key = relative(src, file).split("\\").join("/");
      if (out.has(key)) return;
      const packages: string[] = [];
      out.set(key, packages);
      for (const m of readFileSync(file, "utf8").matchAll(pattern)) {
        const spec = (m[1] ?? m[2])!;
        if (!spec.startsWith(".")) packages.push(spec);
        else {
          const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
          if (existsSync(target)) visit(target);
        }
      }
    };
    visit(join(src, entry));
    return out;
  }

  it("reaches exceljs only through the intake's reference reader, which loads it on demand", () => {
    for (const entry of ["commands/build.ts", "commands/check.ts"]) {
      const files = reached(entry);
      expect(files.has("render/xlsx-workbook.ts") || entry.endsWith("check.ts")).toBe(true);
      expect(files.has("render/feedback-xlsx.ts"), entry).toBe(true);
      const withExceljs = [...files].filter(([, packages]) => packages.includes("exceljs")).map(([file]) => file);
      expect(withExceljs, entry).toEqual(["intake/xlsx/read-exceljs.ts"]);
    }
    const reader = readFileSync(join(repoRoot, "src/intake/xlsx/read-file.ts"), "utf8");
    expect(reader).toMatch(/await import\("\.\/read-exceljs\.js"\)/);
    expect(reader).not.toMatch(/from "\.\/read-exceljs\.js"/);
  });
});
