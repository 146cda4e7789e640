import {
  ReadError,
  cleanRawWorkbook,
  defaultLimits,
  type RawSheet,
  type RawWorkbook,
  type ReadLimits,
  type WorkbookReader,
} from "./raw-workbook.js";
import { openWorkbookZip } from "./sniff.js";
import { PartMemo, ZipInflater, findEntry, type ZipArchive } from "./zip.js";
import { parseStyles, type StyleInfo } from "./styles.js";
import { readSheetPart } from "./sheet-part.js";
import { parseApplication, parseSharedStrings, parseWorkbookRels, parseWorkbookXml } from "./workbook-parts.js";

/**
 * The lean workbook reader (issue 9): inflates only the parts intake needs, under caps (zip.ts), and reads them with
 * a single-pass indexOf-based XML scanner (no DOM, no backtracking regexes over whole parts). It handles files
 * written by exceljs, LibreOffice and Excel: shared and inline strings, rich text runs (first run's font), phonetic
 * runs (dropped), XML entities, CDATA, `_xHHHH_` escapes, cells without an `r` attribute, shared formulas, merged
 * ranges (only the top-left cell keeps a value) and the 1904 date system. A pure function of the bytes.
 *
 * What it does not do, for speed: decode a part as UTF-8 (it scans the latin1 decoding and decodes only the texts it
 * keeps, xml-scan.ts XmlBytes), decode a sheet past its cells (only the merged ranges after them, sheet-part.ts
 * readSheetPart), read the same styles part twice in a thread (zip.ts PartMemo), or decode a formula nobody reads
 * (sheet-part.ts FormulaText: most formulas of a filled template are the template's own checks).
 */

const corrupt = (detail: string): ReadError => new ReadError("corrupt", detail);

/** Every copy of a template carries the same styles part: read once per thread (zip.ts PartMemo). */
const stylesMemo = new PartMemo<StyleInfo>();

/** Reads an xlsx's bytes (already known to be a zip holding xl/workbook.xml) into a RawWorkbook. */
export function readLean(bytes: Uint8Array, limits: ReadLimits = defaultLimits, opened?: ZipArchive): RawWorkbook {
  const zip = openWorkbookZip(bytes, limits, opened);
  const inflater = new ZipInflater(zip, limits);
  const wbXml = inflater.xml("xl/workbook.xml");
  if (wbXml === null) throw new ReadError("not-xlsx", "no xl/workbook.xml");
  const rels = parseWorkbookRels(inflater.xml("xl/_rels/workbook.xml.rels"), "xl/");
  const { sheets: refs, date1904 } = parseWorkbookXml(wbXml, rels);
  const sstPath = findEntry(zip, "xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : "xl/sharedstrings.xml";
  const sst = parseSharedStrings(inflater.xml(sstPath));
  const styles = stylesMemo.get(inflater, "xl/styles.xml", parseStyles);
  const sheets: RawSheet[] = [];
  for (const ref of refs) {
    if (ref.path === null) continue;
    const bytes = inflater.bytesOf(ref.path);
    if (bytes === null) continue;
    sheets.push({ name: ref.name, state: ref.state, cells: readSheetPart(bytes, ref.path, sst, styles, date1904) });
  }
  const application = parseApplication(inflater.xml("docProps/app.xml"));
  // formulas are cleaned as they are read (sheet-part.ts FormulaText)
  return cleanRawWorkbook(application !== undefined ? { sheets, application } : { sheets }, { formulas: false });
}

export const leanReader: WorkbookReader = {
  name: "lean",
  read(bytes: Uint8Array, limits?: ReadLimits, zip?: ZipArchive): Promise<RawWorkbook> {
    try {
      return Promise.resolve(readLean(bytes, limits ?? defaultLimits, zip));
    } catch (e) {
      return Promise.reject(e instanceof ReadError ? e : corrupt(e instanceof Error ? e.message : String(e)));
    }
  },
};
