import { describe, expect, test } from "vitest";
import { flaggedFill, putCell, restyle, tone } from "../src/render/xlsx-style.js";
import { markFlagged } from "../src/render/xlsx-notes.js";
import { Workbook } from "../src/render/sheetml/workbook.js";

describe("body cells share their style objects safely", () => {
  test("cells that look alike share one style; a flagged cell gets its own copy, its neighbours keep theirs", () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet("Số liệu");
    const a = putCell(ws.getCell(2, 2), 12, "number", { numFmt: "#,##0" });
    const b = putCell(ws.getCell(3, 2), 7, "number", { numFmt: "#,##0" });
    const c = putCell(ws.getCell(4, 2), 9, "number", { numFmt: "#,##0", tone: "bad" });
    expect(a.style).toBe(b.style);
    expect(c.style).not.toBe(a.style);
    expect(c.fill).toEqual(tone.bad.fill);

    markFlagged(a, "Giá trị có phát hiện khi kiểm tra.");
    expect(a.fill).toEqual(flaggedFill);
    expect(a.numFmt).toBe("#,##0");
    expect(b.fill).toBeUndefined();
    restyle(b, { font: { name: "Times New Roman", size: 11, bold: true } });
    expect(b.font?.bold).toBe(true);
    expect(putCell(ws.getCell(5, 2), 1, "number", { numFmt: "#,##0" }).font?.bold).toBeUndefined();
  });

  test("each workbook has its own styles", () => {
    const one = new Workbook().addWorksheet("a").getCell(1, 1);
    const two = new Workbook().addWorksheet("a").getCell(1, 1);
    expect(putCell(one, "x", "text").style).not.toBe(putCell(two, "x", "text").style);
  });
});
