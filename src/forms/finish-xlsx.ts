import PizZip from "pizzip";
import { BODY_SIZE, FONT_NAME } from "./style.js";
import { fixZipTimestamps } from "./zip-timestamps.js";

const STYLES = "xl/styles.xml";
const defaultFont = `<font><sz val="${BODY_SIZE}"/><color rgb="FF000000"/><name val="${FONT_NAME}"/><family val="1"/></font>`;

/**
 * Final touches exceljs cannot do: the workbook's default font (the "Normal" style, font 0) becomes
 * Times New Roman, so empty cells and column-width units follow it (exceljs hard-codes Calibri, which
 * Linux LibreOffice replaces by a much wider font), and every zip entry gets the same fixed date.
 */
export function finishXlsx(data: Uint8Array, isoDay: string): Buffer {
  const zip = new PizZip(data);
  const styles = zip.file(STYLES);
  if (!styles) throw new Error("workbook without xl/styles.xml");
  const xml = styles.asText();
  const first = /(<fonts\b[^>]*>)<font>[\s\S]*?<\/font>/;
  if (!first.test(xml)) throw new Error("default font not found in xl/styles.xml");
  const patched = xml.replace(first, `$1${defaultFont}`);
  zip.file(STYLES, patched);
  const out = zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
  fixZipTimestamps(out, isoDay);
  return out;
}
