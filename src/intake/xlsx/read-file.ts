import { ReadError, defaultLimits, type RawWorkbook, type ReadLimits, type WorkbookReader } from "./raw-workbook.js";
import { convertWithSoffice, type ConvertOptions } from "./convert-soffice.js";
import { leanReader } from "./read-lean.js";
import { sniffBytes } from "./sniff.js";

/**
 * intake/xlsx: the trade of reading spreadsheet files safely, bytes in, plain cells out (raw-workbook.ts), nothing
 * judged. The zip container read under caps (zip.ts), what the bytes are (sniff.ts), the XML scanner and the parts
 * of a workbook (xml-scan.ts, workbook-parts.ts, styles.ts, sheet-part.ts, shared-formula.ts), two readers that give
 * the same cells (read-lean.ts, the default; read-exceljs.ts, the reference), and LibreOffice for .xls/.ods
 * (convert-soffice.ts). This file is the room's entry: reading one received file.
 *
 * Reading one received file: sniff its bytes, convert an .xls/.ods through LibreOffice when possible (an encrypted
 * workbook never is), then read the workbook with the given reader, handing it the zip sniffing opened. Bad bytes
 * end in a ReadError.
 */

/**
 * The exceljs reader, loaded on first use: exceljs costs ~150 ms and ~24 MB to load, and the lean reader is
 * the default, so neither the CLI nor the intake workers pay for it unless it is asked for.
 */
export const exceljsReader: WorkbookReader = {
  name: "exceljs",
  read: async (bytes, limits, zip) => (await import("./read-exceljs.js")).exceljsReader.read(bytes, limits, zip),
};

export { leanReader };

/**
 * The reader intake uses unless told otherwise: the lean reader, which passes the differential test against
 * exceljs (test/intake-differential.test.ts). Switch back with one line: `= exceljsReader`.
 */
export const defaultReader: WorkbookReader = leanReader;

export interface ReadFileOptions {
  limits?: ReadLimits;
  /** false: never convert .xls/.ods (they are rejected); default true */
  convert?: boolean;
  /** passed to the LibreOffice conversion */
  soffice?: ConvertOptions;
}

export interface ReadFileResult {
  workbook: RawWorkbook;
  /** the format the file was converted from, or null when it was read as it is */
  converted: "xls" | "ods" | null;
}

export async function readWorkbookFile(
  bytes: Uint8Array,
  fileName: string,
  reader: WorkbookReader = defaultReader,
  options: ReadFileOptions = {},
): Promise<ReadFileResult> {
  void fileName; // the bytes decide, not the name
  const limits = options.limits ?? defaultLimits;
  const sniff = sniffBytes(bytes, limits);
  // the reader takes the zip sniffing opened: its directory is parsed once
  if (sniff.kind === "xlsx") return { workbook: await reader.read(bytes, limits, sniff.zip), converted: null };
  if ((sniff.kind === "xls" || sniff.kind === "ods") && options.convert !== false) {
    const xlsx = await convertWithSoffice(bytes, sniff.kind, options.soffice);
    if (xlsx === null) throw new ReadError(sniff.kind, "LibreOffice unavailable or conversion failed");
    const again = sniffBytes(xlsx, limits);
    if (again.kind !== "xlsx") throw new ReadError(sniff.kind, `conversion gave ${again.kind}`);
    return { workbook: await reader.read(xlsx, limits, again.zip), converted: sniff.kind };
  }
  throw new ReadError(sniff.kind, sniff.detail);
}
