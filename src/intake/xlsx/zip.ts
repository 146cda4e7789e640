import * as zlib from "node:zlib";
import { inflateRawSync } from "node:zlib";
import * as nodeBuffer from "node:buffer";
import { ReadError, defaultLimits, type ReadLimits } from "./raw-workbook.js";
import { displaySafe } from "../../util/display-safe.js";
import type { XmlSource } from "./xml-scan.js";

/**
 * A small, safe zip reader on node:zlib. It parses the central directory, refuses what it does not understand
 * (multi-disk archives, methods other than stored/deflate, entries that overlap or run past the end) and inflates
 * entries on demand under caps: the total inflated bytes of the archive and, for entries above 1 MB, the ratio of
 * inflated to compressed size. An entry whose declared size is over a cap is refused before any inflating; an
 * entry that inflates past its declared size is stopped there. CRC32 is verified on every entry read.
 * Pure function of the bytes (no fs), so it can run in a worker.
 */

export interface ZipEntry {
  /** name as stored, "/" separators, no leading "/" */
  name: string;
  /** 0 stored, 8 deflate */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** offset of the entry's data (after its local header) */
  dataOffset: number;
}

export interface ZipArchive {
  bytes: Uint8Array;
  entries: ZipEntry[];
  /** lower-cased name → entry (part names are case-insensitive in OOXML) */
  byName: Map<string, ZipEntry>;
}

/** buffer.isAscii (Node >= 18.15), else null. */
const isAscii = (nodeBuffer as unknown as { isAscii?: (b: Uint8Array) => boolean }).isAscii ?? null;

/** The ratio cap applies only to entries whose inflated size exceeds this (small XML compresses very well). */
export const ratioFloorBytes = 1024 * 1024;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const MAX_ENTRIES = 100_000;

const corrupt = (detail: string): ReadError => new ReadError("corrupt", detail);

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(dv: DataView, at: number): number {
  const v = dv.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt("ZIP64 size out of range");
  return Number(v);
}

/** True when the bytes start like a zip (local file header). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function findEocd(bytes: Uint8Array, dv: DataView): number {
  const last = bytes.length - 22;
  const first = Math.max(0, last - 0xffff);
  for (let i = last; i >= first; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && dv.getUint32(i, true) === SIG_EOCD) {
      // the comment must end exactly at the end of the file (tolerate trailing bytes only when no better match)
      return i;
    }
  }
  return -1;
}

/** Parses the directory of a zip. Throws ReadError("corrupt") for anything truncated, damaged or unsupported. */
export function openZip(bytes: Uint8Array): ZipArchive {
  if (bytes.length < 22) throw corrupt("too short for a zip");
  const dv = view(bytes);
  const eocd = findEocd(bytes, dv);
  if (eocd < 0) throw corrupt("no end of central directory (truncated?)");
  const diskNo = dv.getUint16(eocd + 4, true);
  const cdDisk = dv.getUint16(eocd + 6, true);
  let count = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (diskNo !== 0 || cdDisk !== 0) throw corrupt("multi-disk zip");
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || dv.getUint32(loc, true) !== SIG_ZIP64_LOCATOR) throw corrupt("ZIP64 locator missing");
    const z64 = u64(dv, loc + 8);
    if (z64 + 56 > bytes.length || dv.getUint32(z64, true) !== SIG_ZIP64_EOCD)
      throw corrupt("ZIP64 end record missing");
    count = u64(dv, z64 + 32);
    cdSize = u64(dv, z64 + 40);
    cdOffset = u64(dv, z64 + 48);
  }
  if (count > MAX_ENTRIES) throw corrupt("too many entries");
  if (cdOffset + cdSize > bytes.length) throw corrupt("central directory past the end (truncated?)");

  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  const ranges: Array<[number, number]> = [];
  let p = cdOffset;
  const cdEnd = cdOffset + cdSize;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdEnd || dv.getUint32(p, true) !== SIG_CENTRAL) throw corrupt("bad central directory entry");
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let headerOffset = dv.getUint32(p + 42, true);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLen;
    const next = extraStart + extraLen + commentLen;
    if (next > cdEnd) throw corrupt("central directory entry past its end");
    const rawName = Buffer.from(bytes.buffer, bytes.byteOffset + nameStart, nameLen).toString(
      (flags & 0x800) !== 0 ? "utf8" : "latin1",
    );
    // ZIP64 extra field: the 0xFFFFFFFF fields, in order size, compressed size, offset
    if (size === 0xffffffff || compressedSize === 0xffffffff || headerOffset === 0xffffffff) {
      let q = extraStart;
      let found = false;
      while (q + 4 <= extraStart + extraLen) {
        const id = dv.getUint16(q, true);
        const len = dv.getUint16(q + 2, true);
        if (q + 4 + len > extraStart + extraLen) break;
        if (id === 0x0001) {
          let r = q + 4;
          const end = r + len;
          if (size === 0xffffffff && r + 8 <= end) {
            size = u64(dv, r);
            r += 8;
          }
          if (compressedSize === 0xffffffff && r + 8 <= end) {
            compressedSize = u64(dv, r);
            r += 8;
          }
          if (headerOffset === 0xffffffff && r + 8 <= end) {
            headerOffset = u64(dv, r);
          }
          found = true;
          break;
        }
        q += 4 + len;
      }
      if (!found) throw corrupt("ZIP64 sizes missing");
    }
    p = next;
    if ((flags & 0x1) !== 0) throw new ReadError("encrypted", `zip entry ${rawName} is password-protected`);
    if (method !== 0 && method !== 8) throw corrupt(`unsupported compression method ${method} (${rawName})`);
    if (method === 0 && compressedSize !== size) throw corrupt(`stored entry sizes disagree (${rawName})`);
    if (headerOffset + 30 > bytes.length || dv.getUint32(headerOffset, true) !== SIG_LOCAL) {
      throw corrupt(`bad local header (${rawName})`);
    }
    const dataOffset =
      headerOffset + 30 + dv.getUint16(headerOffset + 26, true) + dv.getUint16(headerOffset + 28, true);
    if (dataOffset + compressedSize > bytes.length) throw corrupt(`entry data past the end (${rawName})`);
    ranges.push([headerOffset, dataOffset + compressedSize]);
    const name = rawName.replace(/\\/g, "/").replace(/^\/+/, "");
    const entry: ZipEntry = { name, method, flags, crc32: crc, compressedSize, size, dataOffset };
    entries.push(entry);
    if (!name.endsWith("/")) {
      const key = name.toLowerCase();
      if (byName.has(key)) throw new ReadError("zip-duplicate", displaySafe(name).slice(0, 120));
      byName.set(key, entry);
    }
  }
  // overlapping entries (the "non-recursive" zip bomb reuses one compressed stream many times)
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if ((ranges[i] as [number, number])[0] < (ranges[i - 1] as [number, number])[1])
      throw corrupt("overlapping entries");
  }
  return { bytes, entries, byName };
}

/**
 * Refuses an archive whose directory already declares too much: an entry over its ratio cap, or declared sizes
 * summing past the total cap. Costs nothing (no inflating) and covers the entries a reader never opens.
 */
export function checkDeclaredSizes(zip: ZipArchive, limits: ReadLimits = defaultLimits): void {
  let total = 0;
  for (const e of zip.entries) {
    total += e.size;
    if (e.size > Math.max(ratioFloorBytes, e.compressedSize * limits.maxRatio)) {
      throw new ReadError("zip-bomb", `${e.name}: ${e.size} bytes from ${e.compressedSize}`);
    }
  }
  if (total > limits.maxTotalBytes) throw new ReadError("zip-bomb", `${total} bytes declared in all`);
}

/** Finds an entry by part name, case-insensitively, ignoring a leading "/". */
export function findEntry(zip: ZipArchive, name: string): ZipEntry | undefined {
  return zip.byName.get(name.replace(/^\/+/, "").toLowerCase());
}

/** Inflates entries of one archive, sharing one total-bytes budget. */
export class ZipInflater {
  private used = 0;
  constructor(
    readonly zip: ZipArchive,
    readonly limits: ReadLimits = defaultLimits,
  ) {}

  get inflatedBytes(): number {
    return this.used;
  }

  /** The cap for one entry: the remaining total budget and, above 1 MB, the ratio. */
  private capFor(entry: ZipEntry): number {
    const remaining = this.limits.maxTotalBytes - this.used;
    const byRatio = Math.max(ratioFloorBytes, entry.compressedSize * this.limits.maxRatio);
    return Math.max(0, Math.min(remaining, byRatio));
  }

  /**
   * Counts an entry against the caps as if it were inflated (for a part whose reading is reused, PartMemo). Throws
   * ReadError zip-bomb as read would.
   */
  account(entry: ZipEntry): void {
    this.refuseOverCap(entry);
    this.used += entry.size;
  }

  /** Throws ReadError zip-bomb when the entry's declared size is over its cap, before any inflating. */
  private refuseOverCap(entry: ZipEntry): void {
    if (entry.size > this.capFor(entry)) {
      throw new ReadError("zip-bomb", `${entry.name}: ${entry.size} bytes from ${entry.compressedSize}`);
    }
  }

  /** The entry's bytes (inflated, CRC checked). Throws ReadError zip-bomb / corrupt. */
  read(entry: ZipEntry): Buffer {
    this.refuseOverCap(entry);
    const src = this.zip.bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    let out: Buffer;
    if (entry.method === 0) {
      out = Buffer.from(src.buffer, src.byteOffset, src.byteLength);
    } else {
      try {
        // one output chunk of the declared size: zlib writes straight into it (no chunks to join)
        out = inflateRawSync(src, { maxOutputLength: Math.max(1, entry.size), chunkSize: Math.max(64, entry.size) });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === "ERR_BUFFER_TOO_LARGE") throw corrupt(`${entry.name}: inflates past its declared size`);
        throw corrupt(`${entry.name}: ${(e as Error).message}`);
      }
    }
    if (out.length !== entry.size) throw corrupt(`${entry.name}: size mismatch`);
    this.used += out.length;
    if (crc32(out) !== entry.crc32) throw corrupt(`${entry.name}: CRC mismatch`);
    return out;
  }

  /** The entry as UTF-8 text (BOM dropped), or null when absent. */
  text(name: string): string | null {
    const e = findEntry(this.zip, name);
    if (!e) return null;
    const buf = this.read(e);
    const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    // sheet XML is mostly plain ASCII (text lives in the shared strings): then a byte is a character, and the
    // latin1 decoder copies bytes without the UTF-8 decoder's work
    if (isAscii !== null && isAscii(buf)) return buf.toString("latin1", start);
    return buf.toString("utf8", start);
  }

  /**
   * The entry as XML for the scanner (xml-scan.ts), or null when absent: plain ASCII as a string, anything else as
   * its latin1 decoding with the bytes beside it, so that only the texts a reader keeps are decoded as UTF-8.
   */
  xml(name: string): XmlSource | null {
    const buf = this.bytesOf(name);
    return buf === null ? null : xmlSource(buf);
  }

  /** The entry's inflated bytes, or null when absent. */
  bytesOf(name: string): Buffer | null {
    const e = findEntry(this.zip, name);
    return e ? this.read(e) : null;
  }

  /** Inflates every entry once (discarding the output): proves the whole archive is within caps and intact. */
  checkAll(): void {
    for (const e of this.zip.entries) if (!e.name.endsWith("/") || e.size > 0) this.read(e);
  }
}

/**
 * Inflated XML (or a byte range of it) for the scanner (xml-scan.ts): plain ASCII as a string, anything else as its
 * latin1 decoding with the bytes beside it, so that only the texts a reader keeps are decoded as UTF-8.
 */
export function xmlSource(buf: Buffer, start = 0, end = buf.length): XmlSource {
  const part = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
  if (isAscii !== null && isAscii(part)) return part.toString("latin1");
  return { latin1: part.toString("latin1"), bytes: part };
}

/**
 * What was read from a part, kept for the next archives: the parts a template carries unchanged (xl/styles.xml of
 * every agency's copy of its group's template) are read once per thread, not once per file. An entry is the same
 * when its stored bytes are (compared in full, with its method, size and CRC): then it inflates to the same text,
 * and its reading is reused without inflating it again. The entry still counts against the archive's caps. The
 * last `slots` distinct parts are kept. The value must never be changed by its users.
 */
export class PartMemo<T> {
  private readonly kept: Array<{ stored: Buffer; method: number; size: number; crc: number; value: T }> = [];

  constructor(private readonly slots = 8) {}

  /** `read(the part's XML, or null when absent)`, or what it gave for the same stored bytes before. */
  get(inflater: ZipInflater, name: string, read: (xml: XmlSource | null) => T): T {
    const e = findEntry(inflater.zip, name);
    if (!e) return read(null);
    const stored = inflater.zip.bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    for (let i = 0; i < this.kept.length; i++) {
      const k = this.kept[i] as (typeof this.kept)[number];
      if (k.crc !== e.crc32 || k.size !== e.size || k.method !== e.method || !k.stored.equals(stored)) continue;
      inflater.account(e);
      if (i > 0) this.kept.unshift(...this.kept.splice(i, 1));
      return k.value;
    }
    const value = read(xmlSource(inflater.read(e)));
    // a copy: the archive's bytes are not kept alive
    this.kept.unshift({ stored: Buffer.from(stored), method: e.method, size: e.size, crc: e.crc32, value });
    if (this.kept.length > this.slots) this.kept.pop();
    return value;
  }
}

// ---- CRC32 (slicing-by-8; zlib.crc32 exists only in Node >= 22.2) ----

const CRC_TABLES: Int32Array[] = (() => {
  const t0 = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c;
  }
  const tables = [t0];
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1] as Int32Array;
    const t = new Int32Array(256);
    for (let n = 0; n < 256; n++) t[n] = (t0[(prev[n] as number) & 0xff] as number) ^ ((prev[n] as number) >>> 8);
    tables.push(t);
  }
  return tables;
})();

/** zlib.crc32 where Node has it (>= 22.2), else null. */
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32 ?? null;

/** CRC-32 (IEEE) of bytes, continuing from `crc` (0 to start). Returns an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  if (nativeCrc32) return nativeCrc32(bytes, crc) >>> 0;
  return tableCrc32(bytes, crc);
}

/** The table implementation (slicing by 8), exported for tests. */
export function tableCrc32(bytes: Uint8Array, crc = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES as [
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
  ];
  let c = ~crc | 0;
  let i = 0;
  const n = bytes.length;
  const end8 = n - (n % 8);
  while (i < end8) {
    const a =
      (c ^
        ((bytes[i] as number) |
          ((bytes[i + 1] as number) << 8) |
          ((bytes[i + 2] as number) << 16) |
          ((bytes[i + 3] as number) << 24))) |
      0;
    c =
      (t7[a & 0xff] as number) ^
      (t6[(a >>> 8) & 0xff] as number) ^
      (t5[(a >>> 16) & 0xff] as number) ^
      (t4[a >>> 24] as number) ^
      (t3[bytes[i + 4] as number] as number) ^
      (t2[bytes[i + 5] as number] as number) ^
      (t1[bytes[i + 6] as number] as number) ^
      (t0[bytes[i + 7] as number] as number);
    i += 8;
  }
  while (i < n) c = (t0[(c ^ (bytes[i++] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
