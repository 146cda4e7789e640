import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { exceljsReader } from "../src/intake/xlsx/read-exceljs.js";
import { leanReader as leanReaderItself } from "../src/intake/xlsx/read-lean.js";
import { ReadError, type RawWorkbook } from "../src/intake/xlsx/raw-workbook.js";
import { plainCells } from "./helpers/reader-fixtures.js";

/** the lean reader, its cells as plain objects (formulas read by name) for toEqual */
const leanReader = plainCells(leanReaderItself);

async function build(fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2025, 0, 1));
  fill(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const sheet = (wb: RawWorkbook, name: string) => {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
};

describe.each([exceljsReader, leanReader])("reader $name", (reader) => {
  it("maps every kind of cell value", async () => {
    const bytes = await build((wb) => {
      const ws = wb.addWorksheet("Dữ liệu");
      ws.getCell("A1").value = "Sở Nội vụ";
      ws.getCell("A2").value = 1234.5;
      ws.getCell("A3").value = new Date(Date.UTC(2025, 2, 15, 12, 0, 0));
      ws.getCell("A3").numFmt = "dd/mm/yyyy";
      ws.getCell("A4").value = 45731;
      ws.getCell("A4").numFmt = "dd/mm/yyyy";
      ws.getCell("A5").value = true;
      ws.getCell("A6").value = { error: "#DIV/0!" } as ExcelJS.CellErrorValue;
      ws.getCell("A7").value = { formula: "A2*2", result: 2469 } as ExcelJS.CellFormulaValue;
      ws.getCell("A8").value = { formula: "A2/0" } as ExcelJS.CellFormulaValue;
      ws.getCell("A9").value = { formula: "A2/0", result: { error: "#DIV/0!" } } as ExcelJS.CellFormulaValue;
      ws.getCell("A10").value = {
        richText: [
          { text: "Ch\u00ednh ", font: { name: ".VnTime" } },
          { text: "quy\u1ec1n", font: { name: "Arial" } },
        ],
      };
      ws.getCell("A11").value = { text: "liên kết", hyperlink: "https://example.org" };
      ws.getCell("A12").value = "Times";
      ws.getCell("A12").font = { name: "Times New Roman" };
      ws.getCell("A13").value = { formula: 'IF(A2>0,"có","không")', result: "có" } as ExcelJS.CellFormulaValue;
      ws.getCell("A14").value = { formula: "A2>0", result: true } as ExcelJS.CellFormulaValue;
      ws.getCell("B1").style = { font: { name: "Arial" } }; // styled but empty
      const h = wb.addWorksheet("Ẩn", { state: "hidden" });
      h.getCell("A1").value = 1;
      const vh = wb.addWorksheet("Rất ẩn", { state: "veryHidden" });
      vh.getCell("A1").value = 2;
    });
    const wb = await reader.read(bytes);
    expect(wb.sheets.map((s) => [s.name, s.state])).toEqual([
      ["Dữ liệu", "visible"],
      ["Ẩn", "hidden"],
      ["Rất ẩn", "veryHidden"],
    ]);
    const c = sheet(wb, "Dữ liệu").cells;
    expect(c.get("A1")).toEqual({ kind: "string", text: "Sở Nội vụ", font: "Calibri" });
    expect(c.get("A2")).toEqual({ kind: "number", value: 1234.5, isDate: false });
    expect(c.get("A3")).toEqual({ kind: "number", value: 45731.5, isDate: true });
    expect(c.get("A4")).toEqual({ kind: "number", value: 45731, isDate: true });
    expect(c.get("A5")).toEqual({ kind: "boolean", value: true });
    expect(c.get("A6")).toEqual({ kind: "error", text: "#DIV/0!" });
    expect(c.get("A7")).toEqual({ kind: "number", value: 2469, isDate: false, formula: "A2*2" });
    expect(c.get("A8")).toEqual({ kind: "formula-no-result", formula: "A2/0" });
    expect(c.get("A9")).toEqual({ kind: "error", text: "#DIV/0!", formula: "A2/0" });
    expect(c.get("A10")).toEqual({ kind: "string", text: "Chính quyền", font: ".VnTime" });
    expect(c.get("A11")).toEqual({ kind: "string", text: "liên kết", font: "Calibri" });
    expect(c.get("A12")).toEqual({ kind: "string", text: "Times", font: "Times New Roman" });
    expect(c.get("A13")).toEqual({ kind: "string", text: "có", formula: 'IF(A2>0,"có","không")', font: "Calibri" });
    expect(c.get("A14")).toEqual({ kind: "boolean", value: true, formula: "A2>0" });
    expect(c.has("B1")).toBe(false);
    expect(sheet(wb, "Ẩn").cells.get("A1")).toEqual({ kind: "number", value: 1, isDate: false });
  });

  it("rejects bytes that are not a workbook before parsing them", async () => {
    await expect(reader.read(new Uint8Array())).rejects.toMatchObject({ code: "empty" });
    await expect(reader.read(new TextEncoder().encode("hello, not a spreadsheet"))).rejects.toBeInstanceOf(ReadError);
  });
});
