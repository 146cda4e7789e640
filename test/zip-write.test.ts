import { describe, expect, test } from "vitest";
import PizZip from "pizzip";
import { randomBytes } from "node:crypto";
import { openZip, ZipInflater } from "../src/intake/xlsx/zip.js";
import { readZipEntries, rezip, writeZip } from "../src/render/zip-write.js";

const date = new Date(2025, 2, 19, 12, 0, 0);

describe("writing the zips of the generated documents with node:zlib", () => {
  test("what it writes, other zip readers read back: names, texts and bytes, in order", () => {
    const noise = randomBytes(4096);
    const entries = [
      { name: "[Content_Types].xml", data: "<Types/>" },
      {
        name: "word/document.xml",
        data: `<w:document>${"Tổng hợp báo cáo cải cách hành chính. ".repeat(500)}</w:document>`,
      },
      { name: "media/nhiễu.bin", data: new Uint8Array(noise) },
      { name: "empty.txt", data: "" },
    ];
    const zip = writeZip(entries, date);
    const back = new PizZip(zip);
    expect(Object.keys(back.files)).toEqual(entries.map((e) => e.name));
    expect(back.file("word/document.xml")!.asText()).toBe(entries[1]!.data);
    expect(Buffer.from(back.file("media/nhiễu.bin")!.asUint8Array()).equals(noise)).toBe(true);
    expect(back.file("empty.txt")!.asText()).toBe("");
    // our own reader checks every CRC
    const archive = openZip(zip);
    const inflater = new ZipInflater(archive);
    expect(inflater.text("word/document.xml")).toBe(entries[1]!.data);
    // text is deflated, random bytes are stored
    expect(archive.entries.map((e) => e.method)).toEqual([0, 8, 0, 0]);
    expect(back.file("word/document.xml")!.date.getFullYear()).toBe(2025);
  });

  test("the same entries and date give the same bytes", () => {
    const entries = [
      { name: "a.xml", data: "<a>một</a>" },
      { name: "b.xml", data: "<b>hai</b>" },
    ];
    expect(writeZip(entries, date).equals(writeZip(entries, new Date(date)))).toBe(true);
  });

  test("rezip keeps a library's entries and content, with one fixed date", () => {
    const src = new PizZip();
    src.file("xl/workbook.xml", "<workbook>Sở Nội vụ</workbook>", { date: new Date() });
    src.file("xl/styles.xml", "<styleSheet/>", { date: new Date() });
    const original = src.generate({ type: "nodebuffer", compression: "STORE" });
    const out = rezip(original, "2025-03-19");
    expect(readZipEntries(out).map((e) => [e.name, Buffer.from(e.data).toString("utf8")])).toEqual([
      ["xl/workbook.xml", "<workbook>Sở Nội vụ</workbook>"],
      ["xl/styles.xml", "<styleSheet/>"],
    ]);
    const d = new PizZip(out).file("xl/workbook.xml")!.date;
    expect([d.getFullYear(), d.getMonth() + 1, d.getDate()]).toEqual([2025, 3, 19]);
  });
});
