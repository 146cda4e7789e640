import { describe, expect, test } from "vitest";
import {
  readDateCell,
  readNumberCell,
  readStatusCell,
  readTextCell,
  repairText,
} from "../src/intake/judge/normalise-cell.js";
import { encodeTcvn3, encodeVni } from "../src/vn/legacy-encoding.js";
import type { RawCell } from "../src/intake/xlsx/raw-workbook.js";

const str = (text: string, font?: string): RawCell => ({ kind: "string", text, ...(font ? { font } : {}) });
const num = (value: number, isDate = false): RawCell => ({ kind: "number", value, isDate });
const codes = (n: { notes: { code: string }[] }): string[] => n.notes.map((x) => x.code);

describe("text", () => {
  test("TCVN3 in a .VnTime cell is converted, with before and after", () => {
    const before = encodeTcvn3("Tiếng Việt");
    const r = readTextCell(str(before, ".VnTime"));
    expect(r.value).toBe("Tiếng Việt");
    expect(r.notes).toEqual([
      { code: "intake.legacy-text", args: { encoding: "tcvn3", font: ".VnTime", found: before, value: "Tiếng Việt" } },
    ]);
  });
  test("VNI is converted from its letter-plus-mark pairs, even without its font", () => {
    const r = readTextCell(str(encodeVni("Sở Nội vụ tỉnh Vĩnh Phúc")));
    expect(r.value).toBe("Sở Nội vụ tỉnh Vĩnh Phúc");
    expect(codes(r)).toEqual(["intake.legacy-text"]);
  });
  test("decomposed text is normalised to NFC with one info note", () => {
    const r = readTextCell(str("Hòa Bình".normalize("NFD")));
    expect(r.value).toBe("Hòa Bình");
    expect(codes(r)).toEqual(["intake.nfd-text"]);
  });
  test("plain Unicode, trimmed; blank is empty", () => {
    expect(readTextCell(str("  Sở Tư pháp \n"))).toEqual({ value: "Sở Tư pháp", empty: false, notes: [] });
    expect(readTextCell(str("   "))).toMatchObject({ value: null, empty: true });
    expect(readTextCell(undefined)).toMatchObject({ value: null, empty: true });
  });
  test("ASCII in a legacy font is left alone", () => {
    expect(repairText("abc 123", ".VnTime")).toEqual({ text: "abc 123", notes: [] });
  });
});

describe("numbers", () => {
  const opts = { percent: false };
  test.each([
    ["1.234", 1234],
    ["1.234,5", 1234.5],
    ["1,234", 1234],
    [" 120 ", 120],
  ])("text %j is understood as %d with a warning", (text, value) => {
    const r = readNumberCell(str(text), opts);
    expect(r.value).toBe(value);
    expect(codes(r)).toEqual(["intake.number-as-text"]);
  });
  test('"12,5%" is 12.5 for a percent, and not a number for a count', () => {
    expect(readNumberCell(str("12,5%"), { percent: true })).toMatchObject({
      value: 12.5,
      notes: [{ code: "intake.number-as-text" }],
    });
    expect(codes(readNumberCell(str("12,5%"), opts))).toEqual(["intake.not-a-number"]);
  });
  test("a number is taken as it is; a formula's cached result with an info note", () => {
    expect(readNumberCell(num(42), opts)).toEqual({ value: 42, empty: false, notes: [] });
    const f = readNumberCell({ kind: "number", value: 7, isDate: false, formula: "3+4" }, opts);
    expect(f.value).toBe(7);
    expect(f.notes).toEqual([{ code: "intake.formula-result", args: { formula: "3+4", value: 7 } }]);
  });
  test("text that is not a number, a date or a boolean is set aside", () => {
    expect(readNumberCell(str("khoảng 20"), opts)).toMatchObject({
      value: null,
      notes: [{ code: "intake.not-a-number", args: { found: "khoảng 20" } }],
    });
    expect(codes(readNumberCell(num(45731, true), opts))).toEqual(["intake.not-a-number"]);
    expect(codes(readNumberCell({ kind: "boolean", value: true }, opts))).toEqual(["intake.not-a-number"]);
  });
  test("a formula without a cached result, or an error value, is set aside", () => {
    expect(readNumberCell({ kind: "formula-no-result", formula: "A1+1" }, opts)).toMatchObject({
      value: null,
      notes: [{ code: "intake.formula-no-result" }],
    });
    expect(readNumberCell({ kind: "error", text: "#DIV/0!", formula: "A1/0" }, opts)).toMatchObject({
      value: null,
      notes: [{ code: "intake.error-value", args: { found: "#DIV/0!", formula: "A1/0" } }],
    });
    expect(codes(readNumberCell({ kind: "error", text: "#N/A" }, opts))).toEqual(["intake.error-value"]);
  });
});

describe("dates", () => {
  test("a real date is silent; a serial number warns; a text date notes", () => {
    expect(readDateCell(num(45731, true))).toEqual({ value: "2025-03-15", empty: false, notes: [] });
    expect(readDateCell(num(45731))).toMatchObject({ value: "2025-03-15", notes: [{ code: "intake.date-serial" }] });
    expect(readDateCell(str("15/03/2025"))).toMatchObject({
      value: "2025-03-15",
      notes: [{ code: "intake.date-text", args: { found: "15/03/2025", value: "2025-03-15" } }],
    });
  });
  test("an impossible date is set aside", () => {
    expect(readDateCell(str("31/02/2025"))).toMatchObject({ value: null, notes: [{ code: "intake.bad-date" }] });
    expect(readDateCell(str("tháng 3"))).toMatchObject({ value: null, notes: [{ code: "intake.bad-date" }] });
  });
});

describe("task status", () => {
  test.each([
    ["Đã hoàn thành", "done"],
    ["đã hoàn thành", "done"],
    ["DA HOAN THANH", "done"],
    ["Đang thực hiện", "in-progress"],
    ["in-progress", "in-progress"],
    ["Không phát sinh trong kỳ", "not-applicable"],
  ])("%j is %s", (text, status) => {
    expect(readStatusCell(str(text))).toMatchObject({ value: status, notes: [] });
  });
  test("TCVN3 status is decoded then matched", () => {
    expect(readStatusCell(str(encodeTcvn3("Chưa thực hiện"), ".VnTime"))).toMatchObject({
      value: "not-started",
      notes: [{ code: "intake.legacy-text" }],
    });
  });
  test("anything else is not in the list", () => {
    expect(readStatusCell(str("Xong rồi"))).toMatchObject({
      value: null,
      notes: [{ code: "intake.status-unknown", args: { found: "Xong rồi" } }],
    });
  });
});

describe("cleaned texts and unreadable stored values", () => {
  const cleaned: RawCell = { kind: "string", text: "Kết quả  tốt", cleaned: "U+D83D" };
  test("a text that lost characters XML does not allow is read, with an info note naming them, in every kind of cell", () => {
    expect(readTextCell(cleaned)).toEqual({
      value: "Kết quả  tốt",
      empty: false,
      notes: [{ code: "intake.invalid-chars", args: { chars: "U+D83D" } }],
    });
    expect(codes(readNumberCell({ kind: "string", text: "12", cleaned: "U+0001" }, { percent: false }))).toEqual([
      "intake.invalid-chars",
      "intake.number-as-text",
    ]);
    expect(codes(readDateCell({ kind: "string", text: "15/03/2025", cleaned: "U+FFFF" }))).toEqual([
      "intake.invalid-chars",
      "intake.date-text",
    ]);
    expect(codes(readStatusCell({ kind: "string", text: "Đã hoàn thành", cleaned: "U+FFFE" }))).toEqual([
      "intake.invalid-chars",
    ]);
    // nothing left but the removed characters: empty, still noted
    expect(readTextCell({ kind: "string", text: "", cleaned: "U+0007" })).toMatchObject({
      value: null,
      empty: true,
      notes: [{ code: "intake.invalid-chars" }],
    });
  });
  test("a stored value that is not what its type says is set aside with an error on its cell, whatever the cell expects", () => {
    const bad: RawCell = { kind: "unreadable", text: "0x1F" };
    for (const r of [
      readNumberCell(bad, { percent: false }),
      readTextCell(bad),
      readDateCell(bad),
      readStatusCell(bad),
    ]) {
      expect(r).toEqual({
        value: null,
        empty: false,
        notes: [{ code: "intake.unreadable-value", args: { found: "0x1F", formula: null } }],
      });
    }
  });
  test("a number read as text never takes exponent notation", () => {
    expect(readTextCell(num(1e21)).value).toBe("1000000000000000000000");
    expect(readTextCell(num(1e-7)).value).toBe("0.0000001");
  });
});
