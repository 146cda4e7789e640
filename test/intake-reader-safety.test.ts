// @module-tag slow (LibreOffice)
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { ReadError, type ReadErrorCode, type WorkbookReader } from "../src/intake/xlsx/raw-workbook.js";
import { exceljsReader } from "../src/intake/xlsx/read-exceljs.js";
import { readWorkbookFile } from "../src/intake/xlsx/read-file.js";
import { leanReader as leanReaderItself } from "../src/intake/xlsx/read-lean.js";
import { sniffBytes } from "../src/intake/xlsx/sniff.js";
import { ZipInflater, crc32, openZip, tableCrc32 } from "../src/intake/xlsx/zip.js";
import {
  convertAll,
  hasSoffice,
  minimalXlsx,
  oleBlob,
  writeZip,
  zeroDeflate,
  plainCells,
} from "./helpers/reader-fixtures.js";

/** the lean reader, its cells as plain objects (formulas read by name) for toEqual */
const leanReader = plainCells(leanReaderItself);

async function smallXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2025, 0, 1));
  const ws = wb.addWorksheet("Dữ liệu");
  for (let r = 1; r <= 200; r++) ws.getRow(r).values = [`Dòng ${r} — cải cách hành chính`, r * 1.5, r % 2 === 0];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function codeOf(p: Promise<unknown>): Promise<ReadErrorCode | "ok"> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof ReadError) return e.code;
    throw e;
  }
}

const readers: WorkbookReader[] = [leanReader, exceljsReader];

describe("crc32", () => {
  it("matches the IEEE check value and continues across chunks", () => {
    const bytes = new TextEncoder().encode("123456789");
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes.subarray(5), crc32(bytes.subarray(0, 5)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const odd = new Uint8Array(1001).map((_, i) => (i * 131) & 255);
    expect(tableCrc32(odd)).toBe(crc32(odd));
    expect(tableCrc32(bytes)).toBe(0xcbf43926);
  });
});

describe("sniffing bytes", () => {
  it("classifies what is not a workbook", async () => {
    expect(sniffBytes(new Uint8Array()).kind).toBe("empty");
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    expect(sniffBytes(random).kind).toBe("not-zip");
    expect(sniffBytes(new TextEncoder().encode("PK but not really")).kind).toBe("not-zip");
    expect(sniffBytes(oleBlob(["EncryptionInfo", "EncryptedPackage"])).kind).toBe("encrypted");
    expect(sniffBytes(oleBlob(["Workbook", "\u0005SummaryInformation"])).kind).toBe("xls");
    const docx = writeZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: "<w:document/>" },
    ]);
    expect(sniffBytes(docx).kind).toBe("not-xlsx");
    const ods = writeZip([
      { name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet", method: 0 },
      { name: "content.xml", data: "<office:document-content/>" },
    ]);
    expect(sniffBytes(ods).kind).toBe("ods");
    expect(sniffBytes(minimalXlsx()).kind).toBe("xlsx");
    expect(sniffBytes(await smallXlsx()).kind).toBe("xlsx");
  });

  it("calls a truncated or damaged zip corrupt", async () => {
    const good = await smallXlsx();
    expect(sniffBytes(good.subarray(0, Math.floor(good.length / 2))).kind).toBe("corrupt");
    expect(sniffBytes(good.subarray(0, good.length - 10)).kind).toBe("corrupt");
    const badOffset = good.slice();
    const dv = new DataView(badOffset.buffer);
    dv.setUint32(badOffset.length - 6, badOffset.length + 100, true); // central directory offset past the end
    expect(sniffBytes(badOffset).kind).toBe("corrupt");
    const unsupported = writeZip([{ name: "xl/workbook.xml", data: "<workbook/>" }]);
    new DataView(unsupported.buffer).setUint16(unsupported.length - 22 - 46 - "xl/workbook.xml".length + 10, 12, true); // bzip2
    expect(sniffBytes(unsupported).kind).toBe("corrupt");
  });
});

describe.each(readers)("the $name reader refuses bad files", (reader) => {
  it("rejects empty, random, non-workbook and encrypted bytes with their codes", async () => {
    expect(await codeOf(reader.read(new Uint8Array()))).toBe("empty");
    expect(await codeOf(reader.read(new Uint8Array(1000).fill(42)))).toBe("not-zip");
    expect(await codeOf(reader.read(writeZip([{ name: "word/document.xml", data: "<w:document/>" }])))).toBe(
      "not-xlsx",
    );
    expect(await codeOf(reader.read(oleBlob(["EncryptedPackage"])))).toBe("encrypted");
    expect(await codeOf(reader.read(oleBlob(["Workbook"])))).toBe("xls");
  });

  it("rejects a truncated workbook and one with a damaged CRC", async () => {
    const good = await smallXlsx();
    expect(await codeOf(reader.read(good.subarray(0, Math.floor(good.length / 2))))).toBe("corrupt");
    const badCrc = minimalXlsx(undefined, []);
    const zip = openZip(badCrc);
    const sheet = zip.entries.find((e) => e.name === "xl/worksheets/sheet1.xml");
    if (!sheet) throw new Error("no sheet");
    // flip one byte of the sheet's compressed data: either inflating fails or the CRC differs
    const flipped = badCrc.slice();
    const at = sheet.dataOffset + Math.floor(sheet.compressedSize / 2);
    flipped[at] = (flipped[at] as number) ^ 0x55;
    expect(await codeOf(reader.read(flipped))).toBe("corrupt");
    const wrongCrc = minimalXlsx(`<row r="1"><c r="A1"><v>1</v></c></row>`);
    const z2 = openZip(wrongCrc);
    const e2 = z2.entries.find((e) => e.name === "xl/worksheets/sheet1.xml");
    if (!e2) throw new Error("no sheet");
    // the central directory's CRC of the sheet, made wrong
    const cdAt = Buffer.from(wrongCrc).lastIndexOf(Buffer.from("xl/worksheets/sheet1.xml")) - 46;
    new DataView(wrongCrc.buffer).setUint32(cdAt + 16, (e2.crc32 ^ 1) >>> 0, true);
    expect(await codeOf(reader.read(wrongCrc))).toBe("corrupt");
  });

  // (it takes a few milliseconds: the declared size is over the caps, so nothing is inflated; no timed assertion)
  it("rejects a zip bomb before inflating it, with memory staying flat", async () => {
    const bomb = zeroDeflate(2048); // 2 GiB of zeros in about 2 MB
    const sheetData = `<row r="1"><c r="A1"><v>1</v></c></row>`;
    const file = minimalXlsx(sheetData, [
      { name: "xl/worksheets/sheet1.xml.bak", data: new Uint8Array(), raw: bomb, size: 2048 * 1024 * 1024 - 1, crc: 0 },
    ]);
    // the bomb as the sheet itself
    const asSheet = writeZip([
      ...openZip(minimalXlsx())
        .entries.filter((e) => e.name !== "xl/worksheets/sheet1.xml")
        .map((e) => ({ name: e.name, data: new ZipInflater(openZip(minimalXlsx())).read(e) })),
      { name: "xl/worksheets/sheet1.xml", data: new Uint8Array(), raw: zeroDeflate(4), size: 4 * 1024 * 1024, crc: 0 },
    ]);
    const before = process.memoryUsage().rss;
    expect(await codeOf(reader.read(asSheet))).toBe("zip-bomb");
    // in an entry no reader opens: refused from the declared sizes alone
    expect(await codeOf(reader.read(file))).toBe("zip-bomb");
    const grew = process.memoryUsage().rss - before;
    expect(grew).toBeLessThan(100 * 1024 * 1024);
  });

  it("stops an entry that inflates past its declared size", async () => {
    const lying = writeZip([
      ...openZip(minimalXlsx())
        .entries.filter((e) => e.name !== "xl/worksheets/sheet1.xml")
        .map((e) => ({ name: e.name, data: new ZipInflater(openZip(minimalXlsx())).read(e) })),
      { name: "xl/worksheets/sheet1.xml", data: new Uint8Array(), raw: zeroDeflate(1024), size: 1000, crc: 0 },
    ]);
    const before = process.memoryUsage().rss;
    expect(await codeOf(reader.read(lying))).toBe("corrupt");
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });
});

describe("zip caps", () => {
  it("caps the total inflated bytes across entries", () => {
    const mib = new Uint8Array(1024 * 1024).fill(65);
    const zip = openZip(writeZip(Array.from({ length: 6 }, (_, i) => ({ name: `e${i}`, data: mib }))));
    const inflater = new ZipInflater(zip, { maxTotalBytes: 4 * 1024 * 1024, maxRatio: 2000 });
    expect(() => inflater.checkAll()).toThrow(expect.objectContaining({ code: "zip-bomb" }) as unknown as Error);
    expect(inflater.inflatedBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it("caps the ratio only above 1 MB, so small well-compressed XML passes", () => {
    const small = new TextEncoder().encode("<c/>".repeat(200_000)); // 800 KB at a ratio far above 200
    const big = new Uint8Array(3 * 1024 * 1024).fill(32);
    const zip = openZip(
      writeZip([
        { name: "small.xml", data: small },
        { name: "big.xml", data: big },
      ]),
    );
    const inflater = new ZipInflater(zip);
    expect(inflater.text("small.xml")?.length).toBe(small.length);
    expect(() => inflater.text("big.xml")).toThrow(expect.objectContaining({ code: "zip-bomb" }) as unknown as Error);
  });

  it("refuses entries that share their data (the overlapping-entry bomb)", () => {
    const z = writeZip([{ name: "a", data: "hello" }]);
    // a second central entry pointing at the same local header
    const buf = Buffer.from(z);
    const eocdAt = buf.length - 22;
    const cdSize = buf.readUInt32LE(eocdAt + 12);
    const cdOffset = buf.readUInt32LE(eocdAt + 16);
    const entry = Buffer.from(buf.subarray(cdOffset, cdOffset + cdSize));
    const twin = Buffer.from(entry);
    twin[46] = 0x62; // name "b"
    const eocd = Buffer.from(buf.subarray(eocdAt));
    eocd.writeUInt16LE(2, 8);
    eocd.writeUInt16LE(2, 10);
    eocd.writeUInt32LE(cdSize * 2, 12);
    const out = Buffer.concat([buf.subarray(0, cdOffset), entry, twin, eocd]);
    expect(() => openZip(new Uint8Array(out))).toThrow(
      expect.objectContaining({ code: "corrupt" }) as unknown as Error,
    );
  });

  it("reads entries written with data descriptors and stored entries", () => {
    const zip = openZip(
      writeZip([
        { name: "d.xml", data: "<a>descriptor</a>", descriptor: true },
        { name: "s.xml", data: "<a>stored</a>", method: 0 },
      ]),
    );
    const inflater = new ZipInflater(zip);
    expect(inflater.text("d.xml")).toBe("<a>descriptor</a>");
    expect(inflater.text("S.XML")).toBe("<a>stored</a>");
  });
});

describe("reading a received file", () => {
  it("passes a workbook straight to the reader and names the other kinds", async () => {
    const r = await readWorkbookFile(await smallXlsx(), "so-a.xlsx", leanReader);
    expect(r.converted).toBeNull();
    expect(r.workbook.sheets[0]?.cells.get("A2")).toEqual({
      kind: "string",
      text: "Dòng 2 — cải cách hành chính",
      font: "Calibri",
    });
    await expect(readWorkbookFile(oleBlob(["EncryptedPackage"]), "x.xlsx", leanReader)).rejects.toMatchObject({
      code: "encrypted",
    });
    await expect(
      readWorkbookFile(oleBlob(["Workbook"]), "x.xls", leanReader, { convert: false }),
    ).rejects.toMatchObject({ code: "xls" });
    await expect(readWorkbookFile(new Uint8Array(), "x.xlsx", leanReader)).rejects.toMatchObject({ code: "empty" });
  });

  it.skipIf(!hasSoffice)(
    "converts .xls and .ods through LibreOffice and says so",
    async () => {
      const xlsx = await smallXlsx();
      const [xls] = await convertAll([{ name: "a.xlsx", bytes: xlsx }], "xls");
      const [ods] = await convertAll([{ name: "a.xlsx", bytes: xlsx }], "ods");
      if (!xls || !ods) throw new Error("conversion failed");
      expect(sniffBytes(xls).kind).toBe("xls");
      expect(sniffBytes(ods).kind).toBe("ods");
      for (const [bytes, kind] of [
        [xls, "xls"],
        [ods, "ods"],
      ] as const) {
        const r = await readWorkbookFile(bytes, `a.${kind}`, leanReader);
        expect(r.converted).toBe(kind);
        const cells = r.workbook.sheets[0]?.cells;
        expect(cells?.get("A7")).toMatchObject({ kind: "string", text: "Dòng 7 — cải cách hành chính" });
        expect(cells?.get("B7")).toEqual({ kind: "number", value: 10.5, isDate: false });
        // LibreOffice writes booleans as =TRUE() / =FALSE() formulas with their cached result
        expect(cells?.get("C8")).toMatchObject({ kind: "boolean", value: true });
        await expect(readWorkbookFile(bytes, `a.${kind}`, leanReader, { convert: false })).rejects.toMatchObject({
          code: kind,
        });
      }
      // a broken .xls: LibreOffice cannot convert it, so it stays rejected as xls
      await expect(readWorkbookFile(oleBlob(["Workbook"]), "x.xls", leanReader)).rejects.toMatchObject({ code: "xls" });
    },
    240_000,
  );
});
