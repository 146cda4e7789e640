import { codePointLabel, removeNonXmlChars } from "../../util/text.js";
import type { ZipArchive } from "./zip.js";

/**
 * What a workbook reader returns: plain cells, nothing judged yet. Two readers implement it
 * (exceljs, and the lean zlib reader); intake parses only this shape, so either can serve.
 */

export type RawCell =
  /** `cleaned`: the characters XML 1.0 does not allow that were removed from the text ("U+D83D, U+FFFF") */
  | { kind: "string"; text: string; font?: string; formula?: string; cleaned?: string }
  /** a finite number (never NaN or ±Infinity) */
  | { kind: "number"; value: number; isDate: boolean; formula?: string }
  | { kind: "boolean"; value: boolean; formula?: string }
  | { kind: "error"; text: string; formula?: string }
  | { kind: "formula-no-result"; formula: string }
  /** a stored value that cannot be taken as what its type says: a number that is not a finite decimal
   * ("0x1F", "1e309"), a date that is no date, a shared string that does not exist; `text` as stored */
  | { kind: "unreadable"; text: string; formula?: string };

export interface RawSheet {
  name: string;
  state: "visible" | "hidden" | "veryHidden";
  /** keyed by A1 address, upper-case, no "$" */
  cells: Map<string, RawCell>;
}

export interface RawWorkbook {
  sheets: RawSheet[];
  /** which program wrote it, when known (docProps/app.xml Application) */
  application?: string;
}

/**
 * Removes, in place, every character XML 1.0 does not allow from the texts of a workbook just read (sheet names,
 * strings, fonts, formulas, error texts), so that no text from an agency's file can make a generated document
 * unopenable. A string cell whose text lost characters says which (`cleaned`), for intake's note on that cell.
 * Every reader ends with it.
 */
export function cleanRawWorkbook(wb: RawWorkbook, opts: { formulas?: boolean } = {}): RawWorkbook {
  const clean = (s: string): string => removeNonXmlChars(s)?.text ?? s;
  if (wb.application !== undefined) wb.application = clean(wb.application);
  for (const sheet of wb.sheets) {
    sheet.name = clean(sheet.name);
    for (const cell of sheet.cells.values()) {
      if (cell.kind === "string") {
        const r = removeNonXmlChars(cell.text);
        if (r) {
          cell.text = r.text;
          cell.cleaned = r.removed.map(codePointLabel).join(", ");
        }
        if (cell.font !== undefined) cell.font = clean(cell.font);
      } else if (cell.kind === "error" || cell.kind === "unreadable") {
        cell.text = clean(cell.text);
      }
      // the lean reader cleans a formula when it is decoded (formulas: false), so that reading it waits until asked
      if (opts.formulas !== false && cell.formula !== undefined) cell.formula = clean(cell.formula);
    }
  }
  return wb;
}

export type ReadErrorCode =
  | "empty" // zero bytes
  | "not-zip" // not a spreadsheet at all
  | "corrupt" // a zip, but truncated or damaged
  | "encrypted" // password-protected workbook (OLE container holding EncryptedPackage)
  | "xls" // Excel 97-2003 binary (OLE container)
  | "ods" // OpenDocument spreadsheet
  | "not-xlsx" // a zip that is not a workbook (e.g. a .docx)
  | "zip-bomb" // inflates beyond the caps
  | "zip-duplicate"; // two entries of the same name (which one a program reads is not defined)

export class ReadError extends Error {
  constructor(
    readonly code: ReadErrorCode,
    readonly detail = "",
  ) {
    super(`${code}${detail ? `: ${detail}` : ""}`);
    this.name = "ReadError";
  }
}

export interface ReadLimits {
  /** total inflated bytes of all entries read */
  maxTotalBytes: number;
  /** inflated / compressed, per entry */
  maxRatio: number;
}

export const defaultLimits: ReadLimits = { maxTotalBytes: 200 * 1024 * 1024, maxRatio: 200 };

export interface WorkbookReader {
  readonly name: string;
  /**
   * `zip`: the bytes' zip as sniffing already opened it (sniff.ts), so that the reader does not parse its directory
   * again; without it, the reader sniffs the bytes itself.
   */
  read(bytes: Uint8Array, limits?: ReadLimits, zip?: ZipArchive): Promise<RawWorkbook>;
}

/** "B12" → {col: 2, row: 12}; "AA3" → {col: 27, row: 3} */
export function parseAddress(addr: string): { col: number; row: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(addr.toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

export function formatAddress(col: number, row: number): string {
  let s = "";
  let c = col;
  while (c > 0) {
    const r = (c - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    c = Math.floor((c - 1) / 26);
  }
  return `${s}${row}`;
}
