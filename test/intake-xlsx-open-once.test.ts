import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { RawWorkbook, ReadLimits, WorkbookReader } from "../src/intake/xlsx/raw-workbook.js";
import { exceljsReader } from "../src/intake/xlsx/read-exceljs.js";
import { readWorkbookFile } from "../src/intake/xlsx/read-file.js";
import { leanReader } from "../src/intake/xlsx/read-lean.js";
import { sniffBytes } from "../src/intake/xlsx/sniff.js";
import type { ZipArchive } from "../src/intake/xlsx/zip.js";

async function workbookBytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2025, 0, 1));
  const ws = wb.addWorksheet("Số liệu");
  ws.getRow(1).values = ["Chỉ tiêu", "Giá trị"];
  ws.getRow(2).values = ["Hồ sơ tiếp nhận", 125];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const plain = (wb: RawWorkbook) => wb.sheets.map((s) => ({ name: s.name, cells: [...s.cells] }));

describe("the zip sniffing opened is the one the reader reads", () => {
  it("hands the reader the zip it opened while sniffing", async () => {
    const bytes = await workbookBytes();
    const seen: (ZipArchive | undefined)[] = [];
    const spy: WorkbookReader = {
      name: "spy",
      read(b: Uint8Array, limits?: ReadLimits, zip?: ZipArchive) {
        seen.push(zip);
        return leanReader.read(b, limits, zip);
      },
    };
    await readWorkbookFile(bytes, "so-lieu.xlsx", spy);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.bytes).toBe(bytes);
    expect(seen[0]?.byName.has("xl/workbook.xml")).toBe(true);
  });

  it("reads the same cells from an opened zip as from the bytes alone, with either reader", async () => {
    const bytes = await workbookBytes();
    const sniffed = sniffBytes(bytes);
    if (sniffed.kind !== "xlsx") throw new Error(`not an xlsx: ${sniffed.kind}`);
    for (const reader of [leanReader, exceljsReader]) {
      const alone = await reader.read(bytes);
      const opened = await reader.read(bytes, undefined, sniffed.zip);
      expect(plain(opened)).toEqual(plain(alone));
      expect(plain(opened)[0]?.cells).toContainEqual(["B2", { kind: "number", value: 125, isDate: false }]);
    }
  });

  it("still refuses an opened zip whose directory declares more than the caps allow", async () => {
    const bytes = await workbookBytes();
    const sniffed = sniffBytes(bytes);
    if (sniffed.kind !== "xlsx") throw new Error(`not an xlsx: ${sniffed.kind}`);
    const tiny = { maxTotalBytes: 100, maxRatio: 200 };
    await expect(leanReader.read(bytes, tiny, sniffed.zip)).rejects.toMatchObject({ code: "zip-bomb" });
  });
});
