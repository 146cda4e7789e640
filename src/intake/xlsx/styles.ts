import { XmlScanner, type XmlSource } from "./xml-scan.js";

/**
 * The styles part (xl/styles.xml) as intake needs it: each cell style's font name and whether its number format is a
 * date; and the conversion between spreadsheet serials and instants (1900 and 1904 date systems).
 */

// ---------------------------------------------------------------- styles and dates

/** Built-in number formats that are dates or times (ids 14–22, 45–47), as exceljs names them. */
const builtinDateFormats: Record<number, string> = {
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
};

/**
 * Whether a number format code shows a date or time: after dropping [...] sections and "..." literals, it contains
 * y, m, d, h, s (or b, the Buddhist year), in either case. A superset of exceljs's own test, so that every cell
 * exceljs turns into a Date is a date here too.
 */
export function isDateFormat(code: string | undefined): boolean {
  if (!code || code === "General" || code === "@") return false;
  let inBracket = false;
  let inQuote = false;
  for (let i = 0; i < code.length; i++) {
    const ch = code.charCodeAt(i);
    if (inQuote) {
      if (ch === 34) inQuote = false;
      continue;
    }
    if (inBracket) {
      if (ch === 93) inBracket = false;
      continue;
    }
    if (ch === 34) inQuote = true;
    else if (ch === 91) inBracket = true;
    else {
      const lower = ch | 0x20;
      if (lower === 121 || lower === 109 || lower === 100 || lower === 104 || lower === 115 || lower === 98)
        return true;
    }
  }
  return false;
}

/**
 * A date serial as both readers report it (1900 system, rounded to the millisecond exactly as exceljs rounds when
 * it builds a Date): `serialFromTime(excelToTime(v))`.
 */
export function serialFromTime(ms: number): number {
  return ms / 86_400_000 + 25569;
}

export function timeFromSerial(v: number, date1904: boolean): number {
  return Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
}

export interface StyleInfo {
  /** per cellXfs index: font name (or undefined) */
  xfFont: Array<string | undefined>;
  /** per cellXfs index: whether its number format is a date format */
  xfDate: boolean[];
  /** per cellXfs index: the number format code (built-in date codes, custom codes), when known */
  xfFormat: Array<string | undefined>;
}

/** Reads xl/styles.xml: cellXfs → font name and number format (only what intake needs). */
export function parseStyles(xml: XmlSource | null): StyleInfo {
  const info: StyleInfo = { xfFont: [], xfDate: [], xfFormat: [] };
  if (!xml) return info;
  const sc = new XmlScanner(xml, "styles.xml");
  const customFormats = new Map<number, string>();
  const fonts: Array<string | undefined> = [];
  const xfs: Array<{ numFmtId: number; fontId: number }> = [];
  let section = "";
  let inFont = false;
  let fontName: string | undefined;
  while (sc.next()) {
    const n = sc.name;
    if (sc.close) {
      if (n === section) section = "";
      else if (n === "font" && inFont) {
        fonts.push(fontName);
        inFont = false;
      }
      continue;
    }
    switch (n) {
      case "numFmts":
      case "fonts":
      case "cellXfs":
        if (!sc.selfClosing) section = n;
        break;
      case "numFmt":
        if (section === "numFmts") {
          const id = Number(sc.attr("numFmtId"));
          const code = sc.attr("formatCode");
          if (Number.isInteger(id) && code !== undefined) customFormats.set(id, code);
        }
        break;
      case "font":
        if (section === "fonts") {
          if (sc.selfClosing) fonts.push(undefined);
          else {
            inFont = true;
            fontName = undefined;
          }
        }
        break;
      case "name":
        if (inFont && fontName === undefined) fontName = sc.attr("val");
        break;
      case "xf":
        if (section === "cellXfs") {
          xfs.push({ numFmtId: Number(sc.attr("numFmtId") ?? 0) || 0, fontId: Number(sc.attr("fontId") ?? 0) || 0 });
          sc.skipElement();
        }
        break;
      case "dxfs":
      case "cellStyleXfs":
        sc.skipElement();
        break;
    }
  }
  for (const xf of xfs) {
    const code = customFormats.get(xf.numFmtId) ?? builtinDateFormats[xf.numFmtId];
    info.xfFont.push(fonts[xf.fontId]);
    info.xfFormat.push(code);
    info.xfDate.push(isDateFormat(code));
  }
  return info;
}
