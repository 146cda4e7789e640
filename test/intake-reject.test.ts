// @module-tag slow (LibreOffice)
import { describe, expect, test } from "vitest";
import PizZip from "pizzip";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkInbox } from "../src/commands/pipeline.js";
import { fillTemplate } from "./helpers/fill-template.js";
import { cleanSpec, period, plan, template, writeCorpusSeeds } from "./helpers/intake-corpus.js";

/** A minimal OLE compound file (CFB v3) whose directory holds the named streams (all empty). */
function oleFile(streams: string[]): Buffer {
  const sector = 512;
  const buf = Buffer.alloc(sector * 3, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x003e, 0x18);
  buf.writeUInt16LE(0x0003, 0x1a);
  buf.writeUInt16LE(0xfffe, 0x1c);
  buf.writeUInt16LE(9, 0x1e);
  buf.writeUInt16LE(6, 0x20);
  buf.writeUInt32LE(1, 0x2c); // FAT sectors
  buf.writeUInt32LE(1, 0x30); // first directory sector
  buf.writeUInt32LE(0x1000, 0x38);
  buf.writeUInt32LE(0xfffffffe, 0x3c);
  buf.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) buf.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fat = sector;
  for (let i = 0; i < sector / 4; i++) buf.writeUInt32LE(0xffffffff, fat + i * 4);
  buf.writeUInt32LE(0xfffffffd, fat); // sector 0: the FAT itself
  buf.writeUInt32LE(0xfffffffe, fat + 4); // sector 1: the directory, one sector
  const dir = sector * 2;
  const entry = (i: number, name: string, type: number, child: number, right: number): void => {
    const at = dir + i * 128;
    const n = Buffer.from(name, "utf16le");
    n.copy(buf, at);
    buf.writeUInt16LE(n.length + 2, at + 0x40);
    buf.writeUInt8(type, at + 0x42);
    buf.writeUInt8(1, at + 0x43);
    buf.writeUInt32LE(0xffffffff, at + 0x44);
    buf.writeUInt32LE(right, at + 0x48);
    buf.writeUInt32LE(child, at + 0x4c);
    buf.writeUInt32LE(0xfffffffe, at + 0x74);
  };
  entry(0, "Root Entry", 5, streams.length > 0 ? 1 : 0xffffffff, 0xffffffff);
  streams
    .slice(0, 3)
    .forEach((s, i) => entry(i + 1, s, 2, 0xffffffff, i + 2 <= streams.length - 1 ? i + 2 : 0xffffffff));
  for (let i = streams.length + 1; i < 4; i++) {
    const at = dir + i * 128;
    buf.writeUInt32LE(0xffffffff, at + 0x44);
    buf.writeUInt32LE(0xffffffff, at + 0x48);
    buf.writeUInt32LE(0xffffffff, at + 0x4c);
  }
  return buf;
}

function zipOf(entries: Record<string, string>, compress = true): Buffer {
  const z = new PizZip();
  for (const [name, text] of Object.entries(entries)) z.file(name, text, { date: new Date(Date.UTC(2025, 0, 1)) });
  return z.generate({ type: "nodebuffer", compression: compress ? "DEFLATE" : "STORE" });
}

const hasSoffice = spawnSync("soffice", ["--version"], { encoding: "utf8" }).status === 0;

async function sofficeConvert(bytes: Uint8Array, to: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "cchc-lo-"));
  await writeFile(join(dir, "in.xlsx"), bytes);
  const r = spawnSync(
    "soffice",
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
      "--headless",
      "--norestore",
      "--convert-to",
      to,
      "--outdir",
      join(dir, "out"),
      join(dir, "in.xlsx"),
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return readFile(join(dir, "out", `in.${to}`));
}

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const now = { date: "2025-03-20", instant: "2025-03-20T00:00:00+07:00" };

async function inbox(files: Record<string, Uint8Array | string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "cchc-reject-"));
  await writeCorpusSeeds(root);
  const dir = join(root, "data", "2025-Q1");
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  return root;
}

describe("files that cannot be read are rejected with a reason and what to do; the batch goes on", () => {
  test("every kind of unreadable file, in one inbox with a good one", async () => {
    const good = await fillTemplate(await template(), cleanSpec());
    const root = await inbox({
      "a-good.xlsx": good,
      "empty.xlsx": Buffer.alloc(0),
      "not-zip.xlsx": "Kính gửi Sở Nội vụ, xin gửi báo cáo.",
      "corrupt.xlsx": good.subarray(0, Math.floor(good.length / 2)),
      "encrypted.xlsx": oleFile(["EncryptionInfo", "EncryptedPackage"]),
      "old.xls": oleFile(["Workbook"]),
      "open.ods": zipOf(
        { mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document-content/>" },
        false,
      ),
      "word.xlsx": zipOf({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" }),
      "bomb.xlsx": zipOf({
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": "<workbook/>",
        "xl/worksheets/sheet1.xml": " ".repeat(30 * 1024 * 1024),
      }),
    });
    const dir = join(root, "data", "2025-Q1");
    const before = Object.fromEntries(
      await Promise.all((await readdir(dir)).map(async (n) => [n, sha(await readFile(join(dir, n)))] as const)),
    );
    const r = await checkInbox({ root, plan, now }, period("2025-Q1"), {
      recordReceipts: false,
      readOptions: { convert: false },
    });
    const got = Object.fromEntries(r.records.map((x) => [x.file, [x.accepted, ...x.findings.map((f) => f.code)]]));
    expect(got).toEqual({
      "a-good.xlsx": [true],
      "bomb.xlsx": [false, "intake.file-zip-bomb"],
      "corrupt.xlsx": [false, "intake.file-corrupt"],
      "empty.xlsx": [false, "intake.file-empty"],
      "encrypted.xlsx": [false, "intake.file-encrypted"],
      "not-zip.xlsx": [false, "intake.file-not-zip"],
      "old.xls": [false, "intake.file-xls"],
      "open.ods": [false, "intake.file-ods"],
      "word.xlsx": [false, "intake.file-not-xlsx"],
    });
    for (const x of r.records.filter((y) => !y.accepted)) {
      expect(x.rejectReason).toMatch(/Hãy/);
      expect(x.findings[0]?.severity).toBe("error");
      expect(x.data).toBeNull();
    }
    expect(r.records.find((x) => x.file === "encrypted.xlsx")?.rejectReason).toContain("gỡ mật khẩu");
    expect(r.records.find((x) => x.file === "old.xls")?.rejectReason).toContain("Excel Workbook (.xlsx)");
    const after = Object.fromEntries(
      await Promise.all((await readdir(dir)).map(async (n) => [n, sha(await readFile(join(dir, n)))] as const)),
    );
    expect(after).toEqual(before);
  });

  test("an encrypted workbook is rejected even when LibreOffice could convert", async () => {
    const root = await inbox({ "so-a.xlsx": oleFile(["EncryptionInfo", "EncryptedPackage"]) });
    const r = await checkInbox({ root, plan, now }, period("2025-Q1"), { recordReceipts: false });
    expect(r.records[0]?.findings.map((f) => f.code)).toEqual(["intake.file-encrypted"]);
    expect(r.records[0]?.agency).toBe("so-a");
  });
});

describe.skipIf(!hasSoffice)("Excel 97-2003 and OpenDocument files, converted through LibreOffice", () => {
  test.each(["xls", "ods"])(
    "a filled template saved as .%s is converted, read, and the conversion is reported",
    async (format) => {
      const converted = await sofficeConvert(await fillTemplate(await template(), cleanSpec()), format);
      const root = await inbox({ [`so-a.${format}`]: converted });
      const r = await checkInbox({ root, plan, now }, period("2025-Q1"), { recordReceipts: false });
      const rec = r.records[0]!;
      expect(rec.accepted).toBe(true);
      expect(rec.converted).toBe(format);
      expect(rec.findings.filter((f) => f.severity !== "info").map((f) => f.code)).toEqual(["intake.converted"]);
      expect(rec.data?.values["hs"]?.value).toBe(1200);
      expect(rec.data?.tasks.find((t) => t.stt === 1)?.status).toBe("done");
    },
    180_000,
  );
});
