import PizZip from "pizzip";

/**
 * Rewrites a zip (an .xlsx) with every entry stamped with the same fixed date, so the same content gives
 * the same bytes. exceljs stamps entries with the time of writing. Entry order and content are kept.
 * The date's local fields are what a zip stores (DOS time), so it is built from local fields: the result
 * does not depend on the machine's time zone.
 */
export function fixZipDates(data: Uint8Array, isoDay: string): Buffer {
  const [y, m, d] = isoDay.slice(0, 10).split("-").map(Number);
  const date = new Date(y ?? 1980, (m ?? 1) - 1, d ?? 1, 0, 0, 0);
  const src = new PizZip(data);
  const out = new PizZip();
  for (const name of Object.keys(src.files)) {
    const entry = src.files[name]!;
    if (entry.dir) continue;
    out.file(name, entry.asUint8Array(), { date, compression: "DEFLATE", binary: true });
  }
  return out.generate({ type: "nodebuffer", compression: "DEFLATE" });
}
