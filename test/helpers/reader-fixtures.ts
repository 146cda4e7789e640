import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { constants, deflateRawSync } from "node:zlib";
import { crc32 } from "../../src/intake/xlsx/zip.js";
import type { RawCell, WorkbookReader } from "../../src/intake/xlsx/raw-workbook.js";

/**
 * Fixtures for the reader tests, built by code: a tiny zip writer (so that tests can write XML parts by hand, lie
 * about sizes, break CRCs), zip bombs that stay small in memory, minimal OLE containers, a hand-made workbook using
 * the XML features exceljs never writes, and LibreOffice conversions.
 */

export interface ZipPart {
  name: string;
  data: Uint8Array | string;
  /** 0 stored, 8 deflate (default) */
  method?: 0 | 8;
  /** already-compressed bytes to store as the entry's data (with method 8) */
  raw?: Uint8Array;
  /** overrides of what the directory declares */
  size?: number;
  crc?: number;
  /** write sizes and CRC in a data descriptor after the data (flag bit 3), zeros in the local header */
  descriptor?: boolean;
}

const enc = (d: Uint8Array | string): Uint8Array => (typeof d === "string" ? new TextEncoder().encode(d) : d);

/** Writes a zip archive from parts. */
export function writeZip(parts: ZipPart[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const data = enc(p.data);
    const method = p.method ?? 8;
    const body = p.raw ?? (method === 8 ? deflateRawSync(data) : data);
    const size = p.size ?? data.length;
    const crc = p.crc ?? crc32(data);
    const name = Buffer.from(p.name, "utf8");
    const flags = 0x800 | (p.descriptor ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(p.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(p.descriptor ? 0 : body.length, 18);
    local.writeUInt32LE(p.descriptor ? 0 : size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, Buffer.from(body));
    let len = 30 + name.length + body.length;
    if (p.descriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(body.length, 8);
      dd.writeUInt32LE(size >>> 0, 12);
      chunks.push(dd);
      len += 16;
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt16LE(0, 12);
    c.writeUInt16LE(0x21, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(size >>> 0, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += len;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, cd, eocd]));
}

/**
 * Raw deflate data that inflates to `mib` MiB of zeros, built without ever holding the inflated bytes: one MiB of
 * zeros compressed with a full flush (a self-contained run of non-final blocks), repeated, then a final empty block.
 */
export function zeroDeflate(mib: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_FULL_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0));
  const out = Buffer.alloc(block.length * mib + end.length);
  for (let i = 0; i < mib; i++) block.copy(out, i * block.length);
  end.copy(out, block.length * mib);
  return new Uint8Array(out);
}

export const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;

const rootRels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;

/** A minimal valid workbook with one sheet holding the given sheetData XML (inline strings only). */
export function minimalXlsx(
  sheetData = `<row r="1"><c r="A1"><v>1</v></c></row>`,
  extra: ZipPart[] = [],
  /** the worksheet's elements after <sheetData> (merged ranges, conditional formats, …) */
  afterSheetData = "",
): Uint8Array {
  return writeZip([
    { name: "[Content_Types].xml", data: contentTypes },
    { name: "_rels/.rels", data: rootRels },
    {
      name: "xl/workbook.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    {
      name: "xl/worksheets/sheet1.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData>${afterSheetData}</worksheet>`,
    },
    ...extra,
  ]);
}

/**
 * A workbook written by hand with what exceljs never writes: a namespace prefix on every element (exceljs cannot
 * read those at all, nor rows without `r`, nor targets with ".."; `exceljsCanRead` leaves both out), an absolute and a
 * relative relationship target, shared strings with rich text runs (the first with a TCVN3 font name), phonetic
 * runs, entities, character references, CDATA and `_xHHHH_` escapes, inline strings (plain and rich), cells
 * without `r` (and a row without `r`), a "d" (ISO date) cell, a shared formula, a string formula whose cached
 * result is empty, a custom upper-case date format, the 1904 date system off, a hidden sheet and an app.xml.
 */
export function handMadeXlsx(options: { exceljsCanRead?: boolean } = {}): Uint8Array {
  const prefixed = !options.exceljsCanRead;
  const r = (address: string): string => (options.exceljsCanRead ? ` r="${address}"` : "");
  const unprefix = (xml: string): string =>
    prefixed ? xml : xml.replace(/<(\/?)x:/g, "<$1").replace("xmlns:x=", "xmlns=");
  const ns = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;
  const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook ${ns}><x:workbookPr/><x:sheets>
  <x:sheet name="Số liệu &amp; ghi chú" sheetId="7" r:id="rIdA"/>
  <x:sheet name="Ẩn" sheetId="3" state="hidden" r:id="rIdB"/>
</x:sheets><x:definedNames><x:definedName name="x">'Số liệu &amp; ghi chú'!$A$1</x:definedName></x:definedNames></x:workbook>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rIdB" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${options.exceljsCanRead ? "" : "./worksheets/../"}worksheets/sheet2.xml"/>
<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>`;
  const sst = `<?xml version="1.0" encoding="UTF-8"?>
<x:sst ${ns} count="6" uniqueCount="6">
<x:si><x:t>Sở Nội vụ</x:t></x:si>
<x:si><x:r><x:rPr><x:b/><x:rFont val=".VnTime"/></x:rPr><x:t xml:space="preserve">Chñ tÞch </x:t></x:r><x:r><x:rPr><x:rFont val="Arial"/></x:rPr><x:t>UBND</x:t></x:r></x:si>
<x:si><x:t>A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos; &#10;dòng&#x1EA1;</x:t><x:rPh sb="0" eb="1"><x:t>PHONETIC</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si>
<x:si><x:t><![CDATA[<giữ nguyên> & ]]>sau</x:t></x:si>
<x:si><x:t>tab_x0009_here _x005F_x0041_ _xD83D__xDE00_</x:t></x:si>
<x:si><x:t/></x:si>
</x:sst>`;
  const styles = `<?xml version="1.0" encoding="UTF-8"?>
<x:styleSheet ${ns}>
<x:numFmts count="2"><x:numFmt numFmtId="164" formatCode="DD/MM/YYYY"/><x:numFmt numFmtId="165" formatCode="#,##0.0&quot; ha&quot;"/></x:numFmts>
<x:fonts count="2"><x:font><x:sz val="11"/><x:name val="Times New Roman"/></x:font><x:font><x:name val=".VnArial"/></x:font></x:fonts>
<x:cellStyleXfs count="1"><x:xf numFmtId="0" fontId="1"/></x:cellStyleXfs>
<x:cellXfs count="4"><x:xf numFmtId="0" fontId="0" xfId="0"/><x:xf numFmtId="164" fontId="0" xfId="0" applyNumberFormat="1"/><x:xf numFmtId="165" fontId="1" xfId="0"/><x:xf numFmtId="14" fontId="0" xfId="0"><x:alignment wrapText="1"/></x:xf></x:cellXfs>
<x:dxfs count="1"><x:dxf><x:font><x:name val="Wrong"/></x:font><x:numFmt numFmtId="164" formatCode="0.00"/></x:dxf></x:dxfs>
</x:styleSheet>`;
  const sheet1 = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet ${ns}><x:dimension ref="A1:F9"/><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s"${r("B1")}><x:v>1</x:v></x:c><x:c t="s" s="2"${r("C1")}><x:v>2</x:v></x:c></x:row>
<x:row r="2"><x:c r="A2" t="s"><x:v>3</x:v></x:c><x:c r="B2" t="s"><x:v>4</x:v></x:c><x:c r="C2" t="s"><x:v>5</x:v></x:c><x:c r="D2" s="2"/></x:row>
<x:row${r("3")}><x:c t="inlineStr"${r("A3")}><x:is><x:t>nội tuyến</x:t></x:is></x:c><x:c t="inlineStr" s="2"${r("B3")}><x:is><x:r><x:rPr><x:rFont val="VNI-Times"/></x:rPr><x:t>Ba</x:t></x:r><x:r><x:t>&#x300;</x:t></x:r></x:is></x:c></x:row>
<x:row r="5"><x:c r="A5" s="1"><x:v>45731</x:v></x:c><x:c r="B5" s="3"><x:v>45731.75</x:v></x:c><x:c r="C5" s="2"><x:v>1234.5</x:v></x:c><x:c r="D5" t="d"><x:v>2025-03-15T00:00:00Z</x:v></x:c><x:c r="E5" t="b"><x:v>0</x:v></x:c><x:c r="F5" t="e"><x:v>#N/A</x:v></x:c></x:row>
<x:row r="6"><x:c r="A6"><x:f t="shared" ref="A6:A8" si="0">C5*2+$C$5</x:f><x:v>3703.5</x:v></x:c><x:c r="B6" t="str"><x:f>IF(C5&gt;0,"","x")</x:f><x:v></x:v></x:c><x:c r="C6"><x:f>1/0</x:f></x:c><x:c r="D6" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c></x:row>
<x:row r="7"><x:c r="A7"><x:f t="shared" si="0"/><x:v>1</x:v></x:c></x:row>
<x:row r="8"><x:c r="A8"><x:f t="shared" si="0"/><x:v>2</x:v></x:c><!-- a comment --></x:row>
<x:row r="9"><x:c r="A9" t="s"><x:v>0</x:v></x:c><x:c r="B9" t="s"><x:v>0</x:v></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A9:B9"/></x:mergeCells></x:worksheet>`;
  const sheet2 = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet ${ns}><x:sheetData><x:row r="3"><x:c r="B3"><x:v>-0.5</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
  const app = `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`;
  return writeZip([
    { name: "[Content_Types].xml", data: contentTypes },
    { name: "_rels/.rels", data: rootRels },
    { name: "xl/workbook.xml", data: unprefix(workbook) },
    { name: "xl/_rels/workbook.xml.rels", data: rels, descriptor: true },
    { name: "xl/sharedStrings.xml", data: unprefix(sst) },
    { name: "xl/styles.xml", data: unprefix(styles), method: 0 },
    { name: "xl/worksheets/sheet1.xml", data: unprefix(sheet1), descriptor: true },
    { name: "xl/worksheets/sheet2.xml", data: unprefix(sheet2) },
    { name: "docProps/app.xml", data: app },
  ]);
}

/**
 * A minimal OLE compound file: header (512-byte sectors), one FAT sector (sector 0) and one directory sector
 * (sector 1) holding a root entry and the given stream names.
 */
export function oleBlob(streams: string[]): Uint8Array {
  const sector = 512;
  const buf = Buffer.alloc(sector * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x3e, 0x18);
  buf.writeUInt16LE(3, 0x1a);
  buf.writeUInt16LE(0xfffe, 0x1c);
  buf.writeUInt16LE(9, 0x1e);
  buf.writeUInt16LE(6, 0x20);
  buf.writeUInt32LE(1, 0x2c); // one FAT sector
  buf.writeUInt32LE(1, 0x30); // first directory sector
  buf.writeUInt32LE(0x1000, 0x38);
  buf.writeUInt32LE(0xfffffffe, 0x3c);
  buf.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) buf.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  // FAT: sector 0 is a FAT sector, sector 1 ends the directory chain
  const fat = sector;
  for (let i = 0; i < 128; i++) buf.writeUInt32LE(0xffffffff, fat + i * 4);
  buf.writeUInt32LE(0xfffffffd, fat);
  buf.writeUInt32LE(0xfffffffe, fat + 4);
  const dir = sector * 2;
  ["Root Entry", ...streams].slice(0, 4).forEach((name, i) => {
    const at = dir + i * 128;
    const n = Buffer.from(name, "utf16le");
    n.copy(at === dir ? buf : buf, at);
    buf.writeUInt16LE(n.length + 2, at + 0x40);
    buf[at + 0x42] = i === 0 ? 5 : 2;
  });
  return new Uint8Array(buf);
}

export const hasSoffice = spawnSync("soffice", ["--version"], { encoding: "utf8" }).status === 0;

/**
 * Converts files with one LibreOffice run (fresh profile); returns the converted bytes in input order.
 * `filter` is what follows --convert-to (e.g. "xlsx", "ods", "xls").
 */
export async function convertAll(
  files: Array<{ name: string; bytes: Uint8Array }>,
  filter: string,
): Promise<Uint8Array[]> {
  const dir = await mkdtemp(join(tmpdir(), "lo-reader-"));
  try {
    const inputs: string[] = [];
    for (const f of files) {
      const p = join(dir, f.name);
      await writeFile(p, f.bytes);
      inputs.push(p);
    }
    const out = join(dir, "out");
    const r = spawnSync(
      "soffice",
      [
        `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
        "--headless",
        "--norestore",
        "--convert-to",
        filter,
        "--outdir",
        out,
        ...inputs,
      ],
      { encoding: "utf8", timeout: 240_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
    const ext = filter.split(":")[0] as string;
    return await Promise.all(
      files.map(async (f) => new Uint8Array(await readFile(join(out, f.name.replace(/\.[^.]+$/, `.${ext}`))))),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A reader whose cells come back as plain objects. The lean reader gives a cell with a formula as a small class whose
 * `formula` is read by name (decoded only then); toEqual compares own properties, so tests compare plain copies.
 */
export function plainCells(reader: WorkbookReader): WorkbookReader {
  return {
    name: reader.name,
    async read(bytes, limits, zip) {
      const wb = await reader.read(bytes, limits, zip);
      for (const sheet of wb.sheets) {
        for (const [address, cell] of sheet.cells) {
          if (cell.formula !== undefined && !Object.prototype.hasOwnProperty.call(cell, "formula"))
            sheet.cells.set(address, { ...cell, formula: cell.formula } as RawCell);
        }
      }
      return wb;
    },
  };
}
