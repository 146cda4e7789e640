/**
 * Sets every entry's modification time in a zip archive to one fixed day (00:00), in place.
 * JSZip (inside exceljs) stamps entries with the current time; the stamps are not covered by the CRCs,
 * so rewriting them keeps the archive valid and makes the same inputs give the same bytes.
 */
export function fixZipTimestamps(zip: Uint8Array, isoDay: string): Uint8Array {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) throw new RangeError(`not an ISO day: ${isoDay}`);
  const year = Math.min(2107, Math.max(1980, Number(m[1])));
  const dosDate = ((year - 1980) << 9) | (Number(m[2]) << 5) | Number(m[3]);
  const dosTime = 0;
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);

  // End of central directory: scan back for its signature (comment ≤ 65535 bytes).
  let eocd = -1;
  for (let i = zip.byteLength - 22; i >= Math.max(0, zip.byteLength - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip archive: no end of central directory");
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let n = 0; n < count; n++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error("zip central directory is damaged");
    view.setUint16(p + 12, dosTime, true);
    view.setUint16(p + 14, dosDate, true);
    const local = view.getUint32(p + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error("zip local header is damaged");
    view.setUint16(local + 10, dosTime, true);
    view.setUint16(local + 12, dosDate, true);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return zip;
}
