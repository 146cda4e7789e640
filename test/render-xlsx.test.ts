import { mkdir, writeFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import PizZip from "pizzip";
import { beforeAll, describe, expect, it } from "vitest";
import { agenciesForPeriod, type Plan } from "../src/plan/plan.js";
import { parsePeriod } from "../src/calendar/period.js";
import { plausibleFill } from "../src/sample/plausible.js";
import type { SubmissionRecord } from "../src/intake/judge/submission.js";
import { consolidate } from "../src/consolidate/consolidate.js";
import type { EarlierModel, EarlierPeriods } from "../src/consolidate/earlier.js";
import { modelSchema, type Model } from "../src/consolidate/model.js";
import { CONSOLIDATED_SHEETS, renderConsolidatedXlsx } from "../src/render/xlsx-workbook.js";
import { FIGURES_FIXED_COLUMNS, figureColumns } from "../src/render/xlsx-figures-sheet.js";
import { renderCsv } from "../src/render/csv-export.js";
import { loadRepoPlan, recordFromFill } from "./helpers/model-fixture.js";

/**
 * A model for the workbook's tests: the real seeds, plausible figures, some values flagged (a finding sits
 * on them), and agencies missing, late or rejected as asked.
 */
async function buildRenderModel(
  opts: {
    periodId?: string;
    flagged?: Record<string, string[]>;
    missing?: string[];
    late?: string[];
    rejected?: string[];
    earlier?: EarlierPeriods;
    seed?: number;
  } = {},
): Promise<{ plan: Plan; model: Model }> {
  const plan = await loadRepoPlan();
  const period = parsePeriod(opts.periodId ?? "2025-Q1", plan.settings.due)!;
  const records: SubmissionRecord[] = [];
  for (const a of agenciesForPeriod(plan, period)) {
    if (opts.missing?.includes(a.code)) continue;
    if (opts.rejected?.includes(a.code)) {
      records.push({
        file: `${a.code}_v1.xlsx`,
        originalName: "bao-cao.xls",
        sha256: "1".repeat(64),
        size: 10,
        agency: a.code,
        period: period.id,
        accepted: false,
        version: 1,
        latest: true,
        receivedAt: `${period.due}T09:00:00+07:00`,
        receivedAtSource: "ledger",
        findings: [
          {
            severity: "error",
            code: "file.encrypted",
            sheet: null,
            cell: null,
            key: null,
            message: "Tệp được đặt mật khẩu.",
            args: {},
          },
        ],
        data: null,
        rejectReason: "Tệp được đặt mật khẩu, không đọc được.",
        converted: null,
      });
      continue;
    }
    const day = opts.late?.includes(a.code)
      ? `${period.due.slice(0, 8)}23`
      : `${period.due.slice(0, 8)}1${a.code.length % 9}`;
    const flagged = opts.flagged?.[a.code];
    records.push(
      recordFromFill(plan, period, a, plausibleFill(plan, period, a, opts.seed ?? 1), {
        receivedAt: `${day}T10:0${a.code.length % 10}:00+07:00`,
        ...(flagged ? { flagged } : {}),
      }),
    );
  }
  const date = `${period.due.slice(0, 8)}25`;
  const model = consolidate({
    plan,
    period,
    records,
    earlier: opts.earlier ?? { previous: null, lastYear: null, cumulative: [] },
    now: { date, instant: `${date}T08:00:00+07:00` },
    generator: "cchc test",
  });
  return { plan, model: modelSchema.parse(model) };
}

/** What a later period reads of a model (as it reads tong-hop.json). */
function asEarlier(model: Model): EarlierModel {
  return {
    period: { id: model.period.id, label: model.period.label },
    totals: model.totals,
    agencies: model.agencies.map((a) => ({ code: a.code, values: a.values })),
  };
}

async function reopen(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

const num = (c: ExcelJS.Cell): number | null => (typeof c.value === "number" ? c.value : null);
const noteText = (c: ExcelJS.Cell): string => {
  const n = c.note as unknown;
  if (!n) return "";
  if (typeof n === "string") return n;
  return ((n as { texts?: { text: string }[] }).texts ?? []).map((t) => t.text).join("");
};
const fillOf = (c: ExcelJS.Cell): string | undefined =>
  c.fill && c.fill.type === "pattern" ? c.fill.fgColor?.argb : undefined;

const FLAGGED = { "so-tai-chinh": ["ii.hs-tiep-nhan", "ii.hs-truc-tuyen"], "tp-vinh-yen": ["cd.van-ban-chi-dao"] };

describe("the consolidated workbook", () => {
  let plan: Plan;
  let model: Model;
  let data: Buffer;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    ({ plan, model } = await buildRenderModel({
      flagged: FLAGGED,
      missing: ["so-y-te"],
      late: ["cong-an-tinh"],
      rejected: ["so-tu-phap"],
    }));
    const out = await renderConsolidatedXlsx(model);
    expect(out.name).toBe("tong-hop-2025-Q1.xlsx");
    data = out.data;
    wb = await reopen(data);
    if (process.env.CCHC_DUMP_DIR) {
      // for a look in LibreOffice: CCHC_DUMP_DIR=/tmp/x npx vitest run test/render-xlsx.test.ts
      await mkdir(process.env.CCHC_DUMP_DIR, { recursive: true });
      await writeFile(`${process.env.CCHC_DUMP_DIR}/${out.name}`, data);
      const csv = renderCsv(model);
      await writeFile(`${process.env.CCHC_DUMP_DIR}/${csv.name}`, csv.data);
    }
  });

  it("has the six sheets in order, each with title rows and a bold framed header in Times New Roman", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([...CONSOLIDATED_SHEETS]);
    expect(wb.company).toBe(model.settings.issuingBodyName);
    expect(wb.title).toContain(model.period.label);
    for (const ws of wb.worksheets) {
      expect(ws.getCell("A1").value).toBe(model.settings.parentBody);
      expect(ws.getCell("A2").value).toBe(model.settings.issuingBody);
      expect(String(ws.getCell("A4").value)).toContain(model.period.label);
      expect(ws.getCell("A1").font?.name).toBe("Times New Roman");
      if (ws.name === "So sánh") continue; // its header follows the "not found" lines
      const head = ws.getCell("A6");
      expect(head.value).toBe("STT");
      expect(head.font?.bold).toBe(true);
      expect(head.font?.name).toBe("Times New Roman");
      expect(head.border?.top?.style).toBe("thin");
      expect(ws.views[0]).toMatchObject({ state: "frozen" });
      expect(ws.pageSetup.printTitlesRow).toMatch(/^6:[67]$/);
    }
  });

  it("prints on A4 landscape, fitted to the width (the figures matrix on two pages wide, columns A:D repeated)", () => {
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.orientation).toBe("landscape");
      expect(ws.pageSetup.fitToPage).toBe(true);
      expect(ws.pageSetup.fitToHeight).toBe(0);
      expect(ws.pageSetup.fitToWidth).toBe(ws.name === "Số liệu" ? 2 : 1);
    }
    expect(sheet(wb, "Số liệu").pageSetup.printTitlesColumn).toBe("A:D");
  });

  describe("Số liệu", () => {
    let ws: ExcelJS.Worksheet;
    let rowOf: Map<string, number>;
    let colOfAgency: Map<string, number>;
    let colOfGroup: Map<string, number>;
    beforeAll(() => {
      ws = sheet(wb, "Số liệu");
      rowOf = new Map();
      const byName = new Map(model.indicators.map((i) => [i.name, i.code]));
      ws.eachRow((row, r) => {
        const code = byName.get(String(row.getCell(2).value));
        if (code && typeof row.getCell(1).value === "number") rowOf.set(code, r);
      });
      colOfAgency = new Map();
      colOfGroup = new Map();
      figureColumns(model).forEach((c, i) => {
        const col = FIGURES_FIXED_COLUMNS + 1 + i;
        if (c.kind === "agency") colOfAgency.set(c.agency.code, col);
        else colOfGroup.set(c.group, col);
      });
    });

    it("has a row for every numeric indicator and a column for every agency, named in the header", () => {
      const numeric = model.indicators.filter((i) => i.type !== "text");
      expect(rowOf.size).toBe(numeric.length);
      expect(colOfAgency.size).toBe(model.agencies.length);
      const header = ws.getRow(7);
      for (const a of model.agencies)
        expect(String(header.getCell(colOfAgency.get(a.code)!).value)).toContain(a.shortName);
      expect(String(header.getCell(colOfAgency.get("so-y-te")!).value)).toContain("chưa gửi");
    });

    it("writes the model's totals as numbers, and the province total is the sum of the agency cells for sum indicators", () => {
      let checked = 0;
      for (const ind of model.indicators.filter((i) => i.type !== "text")) {
        const r = rowOf.get(ind.code)!;
        const row = ws.getRow(r);
        const total = row.getCell(4);
        expect(num(total)).toBe(model.totals[ind.code]);
        expect(total.alignment?.horizontal).toBe("right");
        for (const g of model.groups)
          expect(num(row.getCell(colOfGroup.get(g.id)!))).toBe(model.totalsByGroup[g.id]![ind.code]);
        for (const a of model.agencies) {
          const v = num(row.getCell(colOfAgency.get(a.code)!));
          const expected = a.status === "on-time" || a.status === "late" ? (a.values[ind.code] ?? null) : null;
          expect(v).toBe(expected);
        }
        if (ind.aggregate !== "sum") continue;
        const cells = model.agencies
          .map((a) => num(row.getCell(colOfAgency.get(a.code)!)))
          .filter((v): v is number => v !== null);
        expect(num(total)).toBeCloseTo(
          cells.reduce((s, v) => s + v, 0),
          9,
        );
        for (const g of model.groups) {
          const mine = model.agencies
            .filter((a) => a.group === g.id)
            .map((a) => num(row.getCell(colOfAgency.get(a.code)!)))
            .filter((v): v is number => v !== null);
          const sub = num(row.getCell(colOfGroup.get(g.id)!));
          if (mine.length === 0) expect(sub).toBeNull();
          else
            expect(sub).toBeCloseTo(
              mine.reduce((s, v) => s + v, 0),
              9,
            );
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(60);
    });

    it("computes each rate from the summed numerator and denominator cells, never from an average", () => {
      const ratios = plan.indicators.filter((i) => i.aggregate === "ratio" && i.numerator && i.denominator);
      expect(ratios.length).toBeGreaterThan(0);
      for (const ind of ratios) {
        const sumOf = (code: string, agencies: Model["agencies"]) =>
          agencies
            .map((a) => num(ws.getRow(rowOf.get(code)!).getCell(colOfAgency.get(a.code)!)))
            .reduce<number>((s, v) => s + (v ?? 0), 0);
        const total = num(ws.getRow(rowOf.get(ind.code)!).getCell(4))!;
        expect(total).toBeCloseTo(
          (sumOf(ind.numerator!, model.agencies) / sumOf(ind.denominator!, model.agencies)) * 100,
          9,
        );
        for (const g of model.groups) {
          const members = model.agencies.filter((a) => a.group === g.id);
          const sub = num(ws.getRow(rowOf.get(ind.code)!).getCell(colOfGroup.get(g.id)!));
          const den = sumOf(ind.denominator!, members);
          if (den > 0) expect(sub).toBeCloseTo((sumOf(ind.numerator!, members) / den) * 100, 9);
        }
      }
    });

    it("uses number formats that Excel shows in the reader's locale (percent with one decimal)", () => {
      const pct = model.indicators.find((i) => i.type === "percent" && i.aggregate === "ratio")!;
      expect(ws.getRow(rowOf.get(pct.code)!).getCell(4).numFmt).toBe("#,##0.0");
      const count = model.indicators.find((i) => i.code === "ii.hs-tiep-nhan")!;
      expect(ws.getRow(rowOf.get(count.code)!).getCell(4).numFmt).toBe("#,##0");
    });

    it("puts a note on every cell that rests on a flagged value, and on no other", () => {
      const flaggedCells = new Set<string>();
      for (const [agency, codes] of Object.entries(FLAGGED)) {
        for (const code of codes) {
          const cell = ws.getRow(rowOf.get(code)!).getCell(colOfAgency.get(agency)!);
          expect(noteText(cell)).toContain(model.agencies.find((a) => a.code === agency)!.shortName);
          expect(noteText(cell)).toContain("Số được nhập dạng chữ");
          expect(fillOf(cell)).toBe("FFFFF2CC");
          flaggedCells.add(cell.address);
        }
      }
      // totals that rest on them: the province total and the agency's group subtotal, for the flagged codes
      // and for the rates computed from them
      for (const t of model.totalDetails.filter((x) => x.flaggedBy.length > 0)) {
        const row = ws.getRow(rowOf.get(t.code)!);
        const total = row.getCell(4);
        for (const a of t.flaggedBy)
          expect(noteText(total)).toContain(model.agencies.find((x) => x.code === a)!.shortName);
        flaggedCells.add(total.address);
        for (const g of model.groups) {
          const sub = row.getCell(colOfGroup.get(g.id)!);
          const mine = t.flaggedBy.filter((a) => model.agencies.find((x) => x.code === a)?.group === g.id);
          if (mine.length > 0) {
            expect(noteText(sub)).not.toBe("");
            flaggedCells.add(sub.address);
          }
        }
      }
      expect(model.flaggedTotals).toContain("ii.ty-le-hs-truc-tuyen");
      const noted: string[] = [];
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (noteText(c)) noted.push(c.address);
        }),
      );
      expect(noted.sort()).toEqual([...flaggedCells].sort());
    });
  });

  it("Chỉ tiêu: every target with its requirement, result, coloured verdict and computation; a row per level", () => {
    const ws = sheet(wb, "Chỉ tiêu");
    const fills: Record<string, string> = {
      Đạt: "FFC6EFCE",
      "Chưa đạt": "FFFFC7CE",
      "Chưa có số liệu": "FFE7E6E6",
      "Định tính": "FFDDEBF7",
    };
    let targets = 0;
    let parts = 0;
    const seen = new Set<string>();
    ws.eachRow((row, r) => {
      if (r <= 6) return;
      const stt = row.getCell(1).value;
      if (typeof stt === "number") {
        const t = model.targets[stt - 1]!;
        expect(row.getCell(3).value).toBe(t.text);
        expect(String(row.getCell(8).value)).not.toBe("");
        if (t.parts.length === 1) {
          expect(num(row.getCell(4))).toBe(t.parts[0]!.required);
          expect(num(row.getCell(5))).toBe(t.parts[0]!.reached);
          if (t.parts[0]!.required !== null) expect(row.getCell(4).numFmt).toMatch(/^"[≥≤] "/);
        }
        targets++;
      } else if (typeof stt === "string" && /^\d+\.\d+$/.test(stt)) {
        const [i, j] = stt.split(".").map(Number);
        const p = model.targets[i! - 1]!.parts[j! - 1]!;
        expect(num(row.getCell(5))).toBe(p.reached);
        expect(row.getCell(8).value).toBe(p.computation);
        parts++;
      } else return;
      const verdict = String(row.getCell(7).value);
      const key = verdict.replace(/ \(định tính\)$/, "");
      expect(Object.keys(fills)).toContain(key);
      expect(fillOf(row.getCell(7))).toBe(fills[key]);
      seen.add(key);
    });
    expect(targets).toBe(model.targets.length);
    expect(parts).toBe(model.targets.filter((t) => t.parts.length > 1).reduce((s, t) => s + t.parts.length, 0));
    expect(seen.size).toBeGreaterThan(1);
  });

  it("Nhiệm vụ: all tasks with lead, schedule, coloured status, result and overdue flag, filters on", () => {
    const ws = sheet(wb, "Nhiệm vụ");
    expect(model.tasks).toHaveLength(68);
    const rows: number[] = [];
    ws.eachRow((row, r) => {
      if (r > 6 && typeof row.getCell(1).value === "number") rows.push(row.getCell(1).value as number);
    });
    expect(rows).toEqual(model.tasks.map((t) => t.stt).sort((a, b) => a - b));
    expect(ws.autoFilter).toBeTruthy();
    const header = ws.getRow(6).values as unknown[];
    for (const h of ["Nhiệm vụ", "Cơ quan chủ trì", "Thời gian", "Tình trạng", "Kết quả thực hiện", "Chậm tiến độ"])
      expect(header).toContain(h);
    const t = model.tasks.find((x) => x.leadReports.length === 1 && x.leadReports[0]!.result)!;
    const row = ws.getRow(7 + model.tasks.indexOf(t));
    expect(row.getCell(5).value).toBe(t.lead);
    expect(row.getCell(6).value).toBe(t.time);
    expect(String(row.getCell(8).value)).toContain(t.leadReports[0]!.result!);
    expect(fillOf(row.getCell(7))).toBeDefined();
  });

  it("Tình hình nộp: each agency with its receipt time as dd/mm/yyyy hh:mm, status, version, file and finding counts", () => {
    const ws = sheet(wb, "Tình hình nộp");
    const byName = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, r) => {
      if (r > 6 && typeof row.getCell(1).value === "number") byName.set(String(row.getCell(3).value), row);
    });
    expect(byName.size).toBe(model.agencies.length);
    const status = (code: string) =>
      String(byName.get(model.agencies.find((a) => a.code === code)!.name)!.getCell(5).value);
    expect(status("so-tai-chinh")).toBe("Đúng hạn");
    expect(status("cong-an-tinh")).toMatch(/^Chậm \d+ ngày$/);
    expect(status("so-tu-phap")).toBe("Bị từ chối");
    expect(status("so-y-te")).toBe("Chưa gửi");
    const a = model.agencies.find((x) => x.code === "so-tai-chinh")!;
    const row = byName.get(a.name)!;
    const when = row.getCell(4);
    expect(when.numFmt).toBe("dd/mm/yyyy hh:mm");
    expect((when.value as Date).toISOString().slice(0, 16)).toBe(a.receivedAt!.slice(0, 16));
    expect(row.getCell(8).value).toBe(a.file);
    expect(num(row.getCell(10))).toBe(a.findingCounts.warning);
    expect(byName.get(model.agencies.find((x) => x.code === "so-tu-phap")!.name)!.getCell(11).value).toBe(
      "Tệp được đặt mật khẩu, không đọc được.",
    );
  });

  it("Kiểm tra: every finding with agency, file, severity, code, sheet, cell and message", () => {
    const ws = sheet(wb, "Kiểm tra");
    const messages: string[] = [];
    ws.eachRow((row, r) => {
      if (r > 6 && typeof row.getCell(1).value === "number") messages.push(String(row.getCell(8).value));
    });
    expect(messages.sort()).toEqual(model.findings.map((f) => f.message).sort());
    expect(model.findings.length).toBe(4);
  });

  it("So sánh: says plainly that no earlier tong-hop.json was found", () => {
    const ws = sheet(wb, "So sánh");
    const texts: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (typeof c.value === "string" && c.master.address === c.address) texts.push(c.value);
      }),
    );
    expect(texts.filter((t) => t.includes("Không tìm thấy tệp tổng hợp (tong-hop.json)"))).toHaveLength(2);
    expect(texts.some((t) => t.includes("năm 2024 (2024-Y)"))).toBe(true);
  });

  it("gives the same bytes for the same model, whatever the clock and the time zone", async () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = "Asia/Ho_Chi_Minh";
      const again = await renderConsolidatedXlsx(model);
      expect(again.data.equals(data)).toBe(true);
    } finally {
      process.env.TZ = tz;
    }
    const zip = new PizZip(data);
    const core = zip.file("docProps/core.xml")!.asText();
    expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${model.asOf}T00:00:00Z</dcterms:created>`);
    expect(core).toContain("<dc:creator>cchc</dc:creator>");
    for (const f of Object.values(zip.files)) {
      const d = f.date;
      expect([d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()]).toEqual([
        2025, 3, 25, 0, 0,
      ]);
    }
  });
});

describe("the comparison sheet with earlier periods", () => {
  it("sets each total against the previous period and last year, with the change, and lists failed cumulative checks", async () => {
    const { model: q1 } = await buildRenderModel({ periodId: "2025-Q1", seed: 1 });
    const { model: lastYear } = await buildRenderModel({ periodId: "2024-H1", seed: 2 });
    // H1 from another seed: some cumulative figures fall below quý I, which the checks must report
    const { model } = await buildRenderModel({
      periodId: "2025-H1",
      seed: 3,
      earlier: { previous: asEarlier(q1), lastYear: asEarlier(lastYear), cumulative: [asEarlier(q1)] },
    });
    expect(model.comparison.previous?.period).toBe("2025-Q1");
    const wb = await reopen((await renderConsolidatedXlsx(model)).data);
    const ws = sheet(wb, "So sánh");
    let top = 0;
    ws.eachRow((row, r) => {
      if (!top && row.getCell(1).value === "STT") top = r;
    });
    expect(ws.pageSetup.printTitlesRow).toBe(`${top}:${top + 1}`);
    expect(String(ws.getCell(top, 5).value)).toContain(q1.period.label);
    expect(String(ws.getCell(top, 8).value)).toContain(lastYear.period.label);
    const byName = new Map(model.indicators.map((i) => [i.name, i.code]));
    let checked = 0;
    ws.eachRow((row, r) => {
      const code = byName.get(String(row.getCell(2).value));
      if (!code || r <= top || typeof row.getCell(1).value !== "number") return;
      const prev = model.comparison.previous!.rows.find((x) => x.code === code)!;
      const ly = model.comparison.lastYear!.rows.find((x) => x.code === code)!;
      expect(num(row.getCell(4))).toBe(prev.current);
      expect(num(row.getCell(5))).toBe(prev.other);
      expect(num(row.getCell(6))).toBe(prev.change);
      expect(num(row.getCell(7))).toBe(prev.changePercent);
      expect(num(row.getCell(8))).toBe(ly.other);
      expect(num(row.getCell(9))).toBe(ly.change);
      expect(num(row.getCell(10))).toBe(ly.changePercent);
      checked++;
    });
    expect(checked).toBe(model.comparison.previous!.rows.length);
    // the outcome of the cumulative checks above the table; each failed one is a row of "Kiểm tra"
    const failed = model.comparison.cumulativeChecks.filter((c) => !c.ok);
    expect(failed.length).toBeGreaterThan(0);
    const texts: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (typeof c.value === "string" && c.master.address === c.address) texts.push(c.value);
      }),
    );
    expect(
      texts.some((t) =>
        t.startsWith(
          `Đã đối chiếu ${model.comparison.cumulativeChecks.length} cặp số liệu lũy kế với quý I năm 2025: ${failed.length} trường hợp`,
        ),
      ),
    ).toBe(true);
    const findings = sheet(wb, "Kiểm tra");
    const rows: ExcelJS.Row[] = [];
    findings.eachRow((row, r) => {
      if (r > 6 && row.getCell(5).value === "cumulative.decreased") rows.push(row);
    });
    expect(rows).toHaveLength(failed.length);
    const first = failed[0]!;
    const agency = model.agencies.find((a) => a.code === first.agency)!;
    const row = rows.find(
      (x) =>
        x.getCell(2).value === agency.shortName &&
        String(x.getCell(8).value).includes(model.indicators.find((i) => i.code === first.indicator)!.name),
    )!;
    expect(row.getCell(7).value).toBe(agency.provenance[first.indicator]!.cell);
    expect(row.getCell(3).value).toBe(agency.file);
  });
});
