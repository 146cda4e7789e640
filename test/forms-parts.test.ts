import ExcelJS from "exceljs";
import PizZip from "pizzip";
import { describe, expect, test } from "vitest";
import { parsePeriod } from "../src/calendar/period.js";
import { coverNoteText } from "../src/forms/cover-note.js";
import { estimateHeight, printScale } from "../src/forms/style.js";
import { clip } from "../src/forms/validations.js";
import { deadlineText, periodLine, windowText } from "../src/forms/wording.js";
import { fixZipTimestamps } from "../src/forms/zip-timestamps.js";

describe("template wording", () => {
  test("the data window and the deadline of each period, under both on-time rules", () => {
    const q1 = parsePeriod("2025-Q1")!;
    expect(windowText(q1)).toBe("từ 15/12/2024 đến 14/3/2025");
    expect(deadlineText(q1)).toBe("chậm nhất ngày 20/3/2025");
    expect(periodLine(q1)).toBe("Kỳ báo cáo: quý I năm 2025 (số liệu từ 15/12/2024 đến 14/3/2025)");
    expect(windowText(parsePeriod("2025-Q3")!)).toBe("từ 15/6/2025 đến 14/9/2025");
    expect(deadlineText(parsePeriod("2025-H1", { day: 20, rule: "before" })!)).toBe(
      "trước ngày 20/6/2025 (chậm nhất ngày 19/6/2025)",
    );
  });

  test("the cover note text has a BOM and CRLF line ends", () => {
    expect(coverNoteText(["a", "b"])).toBe("\uFEFFa\r\nb\r\n");
  });

  test("messages are clipped to Excel's limits", () => {
    expect(clip("abc", 5)).toBe("abc");
    expect(clip("abcdef", 5)).toBe("abcd…");
    expect(clip("abcdef", 5)).toHaveLength(5);
  });
});

describe("template layout helpers", () => {
  test("the print scale fits the columns on an A4 width and never enlarges", () => {
    expect(printScale([40, 40], false)).toBe(100);
    const wide = printScale([160], true);
    expect(wide).toBeLessThan(100);
    expect(160 * 6 * (wide / 100)).toBeLessThanOrEqual(841.89 - 1.1 * 72);
  });

  test("row heights grow with the text and with explicit line breaks", () => {
    const one = estimateHeight([{ text: "ngắn", width: 30 }]);
    expect(estimateHeight([{ text: "x".repeat(200), width: 30 }])).toBeGreaterThan(one);
    expect(estimateHeight([{ text: "a\nb\nc", width: 30 }])).toBeGreaterThan(
      estimateHeight([{ text: "a b c", width: 30 }]),
    );
  });

  test("zip entries get the given day at midnight, the archive stays readable", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("S").getCell("A1").value = "Tiếng Việt";
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    fixZipTimestamps(data, "2025-03-01");
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(10, true)).toBe(0);
    expect(view.getUint16(12, true)).toBe(((2025 - 1980) << 9) | (3 << 5) | 1);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
    expect(back.getWorksheet("S")!.getCell("A1").value).toBe("Tiếng Việt");
    expect(Object.keys(new PizZip(data).files).length).toBeGreaterThan(5);
  });
});
