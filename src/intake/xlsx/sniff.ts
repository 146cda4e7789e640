import { ReadError, defaultLimits, type ReadErrorCode, type ReadLimits } from "./raw-workbook.js";
import { ZipInflater, checkDeclaredSizes, findEntry, looksLikeZip, openZip, type ZipArchive } from "./zip.js";

/**
 * What a file's bytes are, before any reader sees them: an xlsx workbook (with its parsed zip directory), or the
 * reason it cannot be read as one. Cheap: reads the zip directory and at most the small `mimetype` entry.
 */

export type SniffKind = "xlsx" | Exclude<ReadErrorCode, "zip-bomb">;

export type SniffResult = { kind: "xlsx"; zip: ZipArchive } | { kind: Exclude<SniffKind, "xlsx">; detail: string };

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet";

/** Classifies bytes (never throws, except ReadError zip-bomb for an absurd `mimetype` entry). */
export function sniffBytes(bytes: Uint8Array, limits: ReadLimits = defaultLimits): SniffResult {
  if (bytes.length === 0) return { kind: "empty", detail: "" };
  if (isOle(bytes)) {
    return oleHasStream(bytes, "EncryptedPackage")
      ? { kind: "encrypted", detail: "OLE container with EncryptedPackage" }
      : { kind: "xls", detail: "OLE container (Excel 97-2003)" };
  }
  if (!looksLikeZip(bytes)) {
    // an empty zip (only an end-of-central-directory record) is still not a workbook
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x05 && bytes[3] === 0x06) {
      return { kind: "not-xlsx", detail: "empty zip" };
    }
    return { kind: "not-zip", detail: "" };
  }
  let zip: ZipArchive;
  try {
    zip = openZip(bytes);
  } catch (e) {
    if (e instanceof ReadError && e.code !== "zip-bomb")
      return { kind: e.code as Exclude<SniffKind, "xlsx">, detail: e.detail };
    return { kind: "corrupt", detail: e instanceof Error ? e.message : String(e) };
  }
  const mime = findEntry(zip, "mimetype");
  if (mime && mime.size < 1024) {
    let text: string;
    try {
      text = new ZipInflater(zip, limits).text("mimetype") ?? "";
    } catch (e) {
      if (e instanceof ReadError && e.code === "corrupt") return { kind: "corrupt", detail: e.detail };
      throw e;
    }
    if (text.trim() === ODS_MIME) return { kind: "ods", detail: "" };
  }
  if (!findEntry(zip, "xl/workbook.xml")) {
    return { kind: "not-xlsx", detail: findEntry(zip, "xl/workbook.bin") ? "xlsb" : "" };
  }
  return { kind: "xlsx", zip };
}

/**
 * The zip of an xlsx workbook, or ReadError with the reason it is not one — including "zip-bomb" when its
 * directory declares more than the caps allow, whether or not a reader would open those entries. `opened`: the zip
 * sniffBytes already found in these bytes (kind "xlsx"), taken as it is: only its declared sizes are checked.
 */
export function openWorkbookZip(
  bytes: Uint8Array,
  limits: ReadLimits = defaultLimits,
  opened?: ZipArchive,
): ZipArchive {
  if (opened !== undefined) {
    checkDeclaredSizes(opened, limits);
    return opened;
  }
  const s = sniffBytes(bytes, limits);
  if (s.kind !== "xlsx") throw new ReadError(s.kind, s.detail);
  checkDeclaredSizes(s.zip, limits);
  return s.zip;
}

export function isOle(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== OLE_SIGNATURE[i]) return false;
  return true;
}

/**
 * Whether an OLE compound file's directory holds a stream of this name. Walks the directory sector chain through
 * the FAT sectors listed in the header; when the structure is damaged or unusual, falls back to searching the
 * whole file for the name as a UTF-16LE directory entry.
 */
export function oleHasStream(bytes: Uint8Array, name: string): boolean {
  const needle = Buffer.from(name, "utf16le");
  try {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const shift = dv.getUint16(0x1e, true);
    if (shift === 9 || shift === 12) {
      const sectorSize = 1 << shift;
      const sectorAt = (s: number): number => (s + 1) * sectorSize;
      // FAT from the header's DIFAT (first 109 FAT sector numbers)
      const fatSectors: number[] = [];
      for (let i = 0; i < 109; i++) {
        const s = dv.getUint32(0x4c + i * 4, true);
        if (s >= 0xfffffffa) break;
        fatSectors.push(s);
      }
      const nextSector = (s: number): number => {
        const perSector = sectorSize / 4;
        const fs = fatSectors[Math.floor(s / perSector)];
        if (fs === undefined) return 0xfffffffe;
        const at = sectorAt(fs) + (s % perSector) * 4;
        if (at + 4 > bytes.length) return 0xfffffffe;
        return dv.getUint32(at, true);
      };
      let sector = dv.getUint32(0x30, true);
      const seen = new Set<number>();
      let walked = false;
      while (sector < 0xfffffffa && !seen.has(sector) && seen.size < 10_000) {
        seen.add(sector);
        const base = sectorAt(sector);
        if (base + sectorSize > bytes.length) break;
        for (let off = base; off + 128 <= base + sectorSize; off += 128) {
          const nameLen = dv.getUint16(off + 0x40, true);
          if (
            nameLen === needle.length + 2 &&
            Buffer.compare(Buffer.from(bytes.subarray(off, off + needle.length)), needle) === 0
          )
            return true;
        }
        walked = true;
        sector = nextSector(sector);
      }
      if (walked) return false;
    }
  } catch {
    // fall through to the byte search
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle) >= 0;
}
