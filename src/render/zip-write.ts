import { deflateRawSync, inflateRawSync } from "node:zlib";
import { crc32, openZip } from "../intake/xlsx/zip.js";

/**
 * Writing the zips of the generated documents (.docx, .xlsx) with node:zlib: a plain zip (no ZIP64, UTF-8 names),
 * every entry deflated by zlib's native code and stamped with one fixed date, so the same content gives the same
 * bytes. docxtemplater's PizZip and exceljs's JSZip deflate in JavaScript (pako), several times slower; they now
 * only hold the entries, and the bytes are made here.
 */

export interface ZipWriteEntry {
  name: string;
  data: Uint8Array | string;
}

/** DOS date and time of a date's local fields (what a zip stores). */
function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** A zip of the entries, in order, each deflated (level 6) and dated `date`. */
export function writeZip(entries: readonly ZipWriteEntry[], date: Date): Buffer {
  const { time, day } = dosDateTime(date);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === "string" ? Buffer.from(e.data, "utf8") : e.data;
    const deflated = deflateRawSync(raw, { level: 6 });
    // an entry that does not shrink is stored
    const stored = deflated.length >= raw.length;
    const body = stored ? raw : deflated;
    const name = Buffer.from(e.name, "utf8");
    const crc = crc32(raw);
    // the fields a local header and a central directory entry share, from "method" on
    const common = (b: Buffer, at: number): void => {
      b.writeUInt16LE(0x0800, at - 2); // flags: UTF-8 names
      b.writeUInt16LE(stored ? 0 : 8, at);
      b.writeUInt16LE(time, at + 2);
      b.writeUInt16LE(day, at + 4);
      b.writeUInt32LE(crc, at + 6);
      b.writeUInt32LE(body.length, at + 10);
      b.writeUInt32LE(raw.length, at + 14);
      b.writeUInt16LE(name.length, at + 18);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    common(local, 8);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4); // version made by
    cd.writeUInt16LE(20, 6); // version needed
    common(cd, 10);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(body.buffer, body.byteOffset, body.length));
    central.push(cd, name);
    offset += 30 + name.length + body.length;
    if (offset > 0xffffffff) throw new Error("zip too large (more than 4 GB)");
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** The entries of a zip made by a library (exceljs), in order, inflated; directory entries dropped. */
export function readZipEntries(bytes: Uint8Array): ZipWriteEntry[] {
  const zip = openZip(bytes);
  const out: ZipWriteEntry[] = [];
  for (const e of zip.entries) {
    if (e.name.endsWith("/")) continue;
    const src = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    out.push({ name: e.name, data: e.method === 8 ? inflateRawSync(src) : src });
  }
  return out;
}

/** Rewrites a library's zip (an .xlsx) with node:zlib and one fixed date: local midnight of the ISO day. */
export function rezip(bytes: Uint8Array, isoDay: string, edit?: (entries: ZipWriteEntry[]) => void): Buffer {
  const [y, m, d] = isoDay.slice(0, 10).split("-").map(Number);
  const entries = readZipEntries(bytes);
  edit?.(entries);
  return writeZip(entries, new Date(y ?? 1980, (m ?? 1) - 1, d ?? 1, 0, 0, 0));
}
