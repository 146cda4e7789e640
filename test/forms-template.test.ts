import { createHash } from "node:crypto";
import PizZip from "pizzip";
import { beforeAll, describe, expect, test } from "vitest";
import type ExcelJS from "exceljs";
import { parsePeriod, type Period } from "../src/calendar/period.js";
import {
  columnKeys,
  figureInputColumns,
  inputInfoFields,
  metaKeys,
  rowKey,
  sheetIds,
  sheetNames,
  taskInputColumns,
} from "../src/intake/template-layout.js";
import { infoFields, narrativeSections, reportedTaskStates, taskStateLabels } from "../src/vn/labels.js";
import { buildTemplateWorkbook, type TemplateOptions } from "../src/forms/template-workbook.js";
import { checkColumnKeys } from "../src/forms/data-sheet.js";
import { ERROR_MAX, PROMPT_MAX, STATUS_LIST_NAME, TITLE_MAX } from "../src/forms/validations.js";
import {
  agenciesForPeriod,
  findAgency,
  indicatorsForAgency,
  tasksForAgency,
  type Agency,
  type Plan,
} from "../src/plan/plan.js";
import { loadRepoPlan } from "./helpers/model-fixture.js";
import {
  cellAt,
  cellText,
  loadWorkbook,
  readKeys,
  readMeta,
  sheetsByMarker,
  unlockedCells,
  type KeyedSheet,
} from "./helpers/template-sheets.js";

const options: TemplateOptions = { issuedOn: "2025-03-01", generator: "cchc test" };
let plan: Plan;
let period: Period;
const books = new Map<string, ExcelJS.Workbook>();
const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  plan = await loadRepoPlan();
  period = parsePeriod("2025-Q1", plan.settings.due)!;
  for (const a of agenciesForPeriod(plan, period)) {
    books.set(a.code, await loadWorkbook(await buildTemplateWorkbook(plan, period, a, options)));
  }
});

const agency = (code: string): Agency => findAgency(plan, code)!;
const keyed = (code: string, id: string): KeyedSheet => readKeys(sheetsByMarker(books.get(code)!).get(id)!);

/** The kind of validation each input column must carry. */
function expectedValidation(sheet: string, rowKeyText: string, colKey: string): ExcelJS.DataValidation["type"] {
  if (sheet === "tasks") return colKey === "status" ? "list" : colKey === "doc-date" ? "date" : "textLength";
  if (sheet === "figures") {
    if (colKey === "note") return "textLength";
    const ind = plan.indicators.find((i) => `ind:${i.code}` === rowKeyText)!;
    return { count: "whole", amount: "decimal", percent: "decimal", text: "textLength" }[
      ind.type
    ] as ExcelJS.DataValidation["type"];
  }
  if (sheet === "info")
    return rowKeyText === "info:email" ? "custom" : rowKeyText === "info:doc-date" ? "date" : "textLength";
  return "textLength";
}

const inputColumns: Record<string, readonly string[]> = {
  info: [columnKeys.info.value],
  tasks: taskInputColumns,
  figures: figureInputColumns,
  assessment: [columnKeys.assessment.value],
};

describe("agency template workbook", () => {
  test("one workbook per agency reporting in the period, each with every sheet found by its marker", () => {
    expect(books.size).toBe(33);
    for (const wb of books.values()) {
      const marked = sheetsByMarker(wb);
      expect([...marked.keys()].sort()).toEqual([...sheetIds].sort());
      for (const ws of wb.worksheets) expect(ws.name.length).toBeLessThanOrEqual(31);
      expect(marked.get("meta")!.state).toBe("hidden");
      expect(wb.getWorksheet(sheetNames.lists)!.state).toBe("hidden");
    }
  });

  test("every sheet is protected, and the input cells are exactly the unlocked cells, each with a fitting validation", () => {
    for (const [code, wb] of books) {
      for (const ws of wb.worksheets) {
        const prot = (
          ws as unknown as {
            sheetProtection: {
              sheet?: boolean;
              formatCells?: boolean;
              insertRows?: boolean;
              deleteRows?: boolean;
            } | null;
          }
        ).sheetProtection;
        expect(prot?.sheet, `${code} ${ws.name}`).toBe(true);
        expect(prot?.formatCells).toBeFalsy();
        expect(prot?.deleteRows).toBeFalsy();
      }
      const marked = sheetsByMarker(wb);
      for (const [id, cols] of Object.entries(inputColumns)) {
        const k = readKeys(marked.get(id)!);
        const expected = new Map<string, { row: string; col: string }>();
        for (const [rk, r] of k.rows) {
          if (id === "info" && !inputInfoFields.includes(rk.slice(5) as never)) continue;
          for (const ck of cols) expected.set(k.ws.getCell(r, k.cols.get(ck)!).address, { row: rk, col: ck });
        }
        const unlocked = unlockedCells(k.ws);
        expect([...unlocked.keys()].sort(), `${code} ${id}`).toEqual([...expected.keys()].sort());
        for (const [addr, cell] of unlocked) {
          const want = expected.get(addr)!;
          const dv = cell.dataValidation;
          expect(dv?.type, `${code} ${id} ${addr}`).toBe(expectedValidation(id, want.row, want.col));
          expect(dv.showInputMessage && dv.showErrorMessage).toBe(true);
          expect((dv.promptTitle ?? "").length).toBeLessThanOrEqual(TITLE_MAX);
          expect((dv.prompt ?? "").length).toBeLessThanOrEqual(PROMPT_MAX);
          expect((dv.error ?? "").length).toBeLessThanOrEqual(ERROR_MAX);
          expect(dv.prompt).toMatch(/[à-ỹ]/);
          if (dv.type === "list") expect(dv.formulae).toEqual([STATUS_LIST_NAME]);
        }
      }
      // sheets without inputs have no unlocked cell
      for (const id of ["guide", "meta"]) expect(unlockedCells(marked.get(id)!).size).toBe(0);
      expect(unlockedCells(wb.getWorksheet(sheetNames.lists)!).size).toBe(0);
    }
  });

  test("figure validations state the indicator bounds: whole 0–10^9, decimal 0–10^15, percent 0–max, text ≤ 2000", () => {
    const k = keyed("so-noi-vu", "figures");
    for (const ind of indicatorsForAgency(plan, agency("so-noi-vu"))) {
      const dv = cellAt(k, rowKey.indicator(ind.code), "value").dataValidation;
      if (ind.type === "count")
        expect([dv.type, dv.operator, dv.formulae]).toEqual(["whole", "between", [0, ind.max ?? 1e9]]);
      if (ind.type === "amount") expect([dv.type, dv.operator, dv.formulae]).toEqual(["decimal", "between", [0, 1e15]]);
      if (ind.type === "percent") expect(dv.formulae).toEqual([0, ind.max ?? 100]);
      if (ind.type === "text") expect([dv.operator, dv.formulae]).toEqual(["lessThanOrEqual", [2000]]);
    }
  });

  test("the status dropdown reads from the hidden lists sheet", () => {
    const wb = books.get("so-tu-phap")!;
    const lists = wb.getWorksheet(sheetNames.lists)!;
    expect(reportedTaskStates.map((_, i) => cellText(lists.getCell(i + 1, 1).value))).toEqual(
      reportedTaskStates.map((s) => taskStateLabels[s]),
    );
    const ranges = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model.find(
      (d) => d.name === STATUS_LIST_NAME,
    )?.ranges;
    expect(ranges).toEqual([`'${sheetNames.lists}'!$A$1:$A$4`]);
  });

  test("every key is present: info fields, tasks, the agency's indicators, narrative sections and metadata", () => {
    for (const [code, wb] of books) {
      const a = agency(code);
      const marked = sheetsByMarker(wb);
      const info = readKeys(marked.get("info")!);
      expect([...info.rows.keys()]).toEqual(infoFields.map((f) => rowKey.info(f)));
      expect(cellText(cellAt(info, "info:agency-name", "value").value)).toBe(a.name);
      const tasks = readKeys(marked.get("tasks")!);
      const { lead, coordinate } = tasksForAgency(plan, code, period);
      expect([...tasks.rows.keys()]).toEqual([...lead, ...coordinate].map((t) => rowKey.task(t.stt)));
      expect([...tasks.cols.keys()]).toEqual([...Object.values(columnKeys.tasks), ...Object.values(checkColumnKeys)]);
      const figures = readKeys(marked.get("figures")!);
      expect([...figures.rows.keys()].sort()).toEqual(
        indicatorsForAgency(plan, a)
          .map((i) => rowKey.indicator(i.code))
          .sort(),
      );
      expect([...figures.cols.keys()]).toEqual([
        ...Object.values(columnKeys.figures),
        ...Object.values(checkColumnKeys),
      ]);
      const assessment = readKeys(marked.get("assessment")!);
      expect([...assessment.rows.keys()]).toEqual(narrativeSections.map((s) => rowKey.text(s)));
      const meta = readMeta(marked.get("meta")!);
      expect(Object.keys(meta)).toEqual([...metaKeys]);
      expect(meta).toEqual({
        formatVersion: "1",
        planId: plan.meta.id,
        period: "2025-Q1",
        agency: code,
        fingerprint: plan.fingerprint,
        issuedOn: "2025-03-01",
        generator: "cchc test",
      });
    }
  });

  test("tasks: leads first, then coordinated tasks, marked by role; spot checks against the plan", () => {
    const roles = (code: string): Map<number, string> => {
      const k = keyed(code, "tasks");
      return new Map(
        [...k.rows].map(([rk, r]) => [Number(rk.slice(5)), cellText(k.ws.getCell(r, k.cols.get("role")!).value)]),
      );
    };
    const stp = roles("so-tu-phap");
    for (const stt of [3, 5, 6, 8, 10, 11]) expect(stp.get(stt), `task ${stt}`).toBe("Chủ trì");
    const order = [...stp.values()];
    expect(order.indexOf("Phối hợp") === -1 || order.lastIndexOf("Chủ trì") < order.indexOf("Phối hợp")).toBe(true);
    const deptsAndDistricts = plan.agencies.filter((a) => a.group === "so-nganh" || a.group === "cap-huyen");
    expect(deptsAndDistricts.length).toBe(28);
    for (const a of deptsAndDistricts) {
      const r = roles(a.code);
      for (const stt of [9, 12, 32, 33]) expect(r.get(stt), `${a.code} task ${stt}`).toBe("Chủ trì");
    }
    // the plan's own columns are shown as written
    const k = keyed("so-tu-phap", "tasks");
    const t3 = plan.tasks.find((t) => t.stt === 3)!;
    expect(cellText(cellAt(k, "task:3", "task").value)).toBe(t3.task);
    expect(cellText(cellAt(k, "task:3", "product").value)).toBe(t3.product);
    expect(cellText(cellAt(k, "task:3", "time").value)).toBe(t3.time);
    expect(cellText(cellAt(k, "task:3", "area").value)).toBe(t3.area);
  });

  test("figures are grouped by area, in the order CD, I–VI, each under a heading row", () => {
    const k = keyed("tp-vinh-yen", "figures");
    const areaOf = (rk: string): string => plan.indicators.find((i) => rowKey.indicator(i.code) === rk)!.area;
    const order = [...k.rows.entries()].sort((a, b) => a[1] - b[1]).map(([rk]) => areaOf(rk));
    const rank = ["CD", "I", "II", "III", "IV", "V", "VI"];
    expect(order.map((a) => rank.indexOf(a))).toEqual([...order.map((a) => rank.indexOf(a))].sort((x, y) => x - y));
    const firstI = Math.min(...[...k.rows].filter(([rk]) => areaOf(rk) === "I").map(([, r]) => r));
    expect(cellText(k.ws.getCell(firstI - 1, k.cols.get("name")!).value)).toBe("CẢI CÁCH THỂ CHẾ");
    expect(cellText(k.ws.getCell(firstI - 1, k.keyCol).value)).toBe("");
  });

  test("the previous period's figures fill the locked 'previous' column", async () => {
    const a = agency("so-tu-phap");
    const previousValues = new Map<string, number | string | null>([
      ["ii.hs-tiep-nhan", 1234],
      ["cd.sang-kien", null],
    ]);
    const wb = await loadWorkbook(await buildTemplateWorkbook(plan, period, a, { ...options, previousValues }));
    const k = readKeys(sheetsByMarker(wb).get("figures")!);
    const cell = cellAt(k, "ind:ii.hs-tiep-nhan", "previous");
    expect(cell.value).toBe(1234);
    expect(cell.protection?.locked).not.toBe(false);
    expect(cellAt(k, "ind:cd.sang-kien", "previous").value).toBeNull();
    expect(cellText(k.ws.getCell(k.colsRow + 1, k.cols.get("previous")!).value)).toBe("Kỳ trước (năm 2024)");
  });

  test("the guide gives the period, the data window and the deadline worded to the on-time rule", async () => {
    const guideText = (wb: ExcelJS.Workbook): string => {
      const lines: string[] = [];
      sheetsByMarker(wb)
        .get("guide")!
        .eachRow((row) =>
          row.eachCell((c) => {
            lines.push(cellText(c.value));
          }),
        );
      return lines.join("\n");
    };
    const text = guideText(books.get("so-tu-phap")!);
    expect(text).toContain("quý I năm 2025");
    expect(text).toContain("từ 15/12/2024 đến 14/3/2025");
    expect(text).toContain("chậm nhất ngày 20/3/2025");
    expect(text).toContain(plan.settings.submission.how);
    expect(text).toContain(plan.settings.contact.email);
    const strict: Plan = { ...plan, settings: { ...plan.settings, due: { day: 20, rule: "before" } } };
    const p = parsePeriod("2025-Q1", strict.settings.due)!;
    const wb = await loadWorkbook(await buildTemplateWorkbook(strict, p, agency("so-tu-phap"), options));
    expect(guideText(wb)).toContain("trước ngày 20/3/2025 (chậm nhất ngày 19/3/2025)");
  });

  test("same inputs and date give the same bytes; another date gives other bytes", async () => {
    const a = agency("tp-phuc-yen");
    const one = await buildTemplateWorkbook(plan, period, a, options);
    const two = await buildTemplateWorkbook(plan, period, a, options);
    expect(sha(one)).toBe(sha(two));
    const later = await buildTemplateWorkbook(plan, period, a, { ...options, issuedOn: "2025-03-02" });
    expect(sha(later)).not.toBe(sha(one));
  });

  test("a protection password is hashed deterministically", async () => {
    const locked: Plan = { ...plan, settings: { ...plan.settings, protectionPassword: "mật khẩu" } };
    const a = agency("so-y-te");
    const one = await buildTemplateWorkbook(locked, period, a, options);
    const two = await buildTemplateWorkbook(locked, period, a, options);
    expect(sha(one)).toBe(sha(two));
    const wb = await loadWorkbook(one);
    const prot = (wb.worksheets[0] as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(prot).toMatchObject({ sheet: true, algorithmName: "SHA-512", spinCount: 100000 });
    expect(String(prot["hashValue"])).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  });

  test("Times New Roman throughout, including the workbook's default font", async () => {
    const data = await buildTemplateWorkbook(plan, period, agency("so-tu-phap"), options);
    const styles = new PizZip(data).file("xl/styles.xml")!.asText();
    expect(styles).toMatch(/<fonts[^>]*><font><sz val="12"\/><color rgb="FF000000"\/><name val="Times New Roman"\/>/);
    expect(styles).not.toContain("Calibri");
    for (const ws of books.get("so-tu-phap")!.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.value !== null)
            expect(c.font?.name ?? "Times New Roman", `${ws.name}!${c.address}`).toBe("Times New Roman");
        }),
      );
    }
  });

  test("official layout: hidden key column and key row, frozen bold framed header, A4 print setup, no merges in the table", () => {
    const wb = books.get("so-tu-phap")!;
    for (const id of ["info", "tasks", "figures", "assessment"]) {
      const k = keyed("so-tu-phap", id);
      const ws = k.ws;
      const header = k.colsRow + 1;
      expect(ws.getColumn(k.keyCol).hidden).toBe(true);
      expect(ws.getRow(k.colsRow).hidden).toBe(true);
      for (const [, col] of k.cols) {
        if (ws.getColumn(col).hidden) continue; // the check column's hidden counts
        const c = ws.getCell(header, col);
        expect(cellText(c.value).length).toBeGreaterThan(0);
        expect(c.font?.bold).toBe(true);
        expect(c.border?.top?.style).toBe("thin");
        expect(c.alignment?.wrapText).toBe(true);
      }
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: header });
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.orientation).toBe(id === "tasks" || id === "figures" ? "landscape" : "portrait");
      expect(ws.pageSetup.printTitlesRow).toBe(`${header}:${header}`);
      expect(ws.pageSetup.printArea).toMatch(/^\$?B\$?1:/);
      const merges = (ws.model as unknown as { merges: string[] }).merges;
      for (const m of merges) expect(Number(/\d+$/.exec(m)![0])).toBeLessThan(k.colsRow);
      for (const [, r] of k.rows) expect(cellText(ws.getCell(r, k.keyCol).value)).toMatch(/^(info|task|ind|text):/);
    }
    expect(wb.worksheets[0]!.name).toBe(sheetNames.guide);
  });
});
