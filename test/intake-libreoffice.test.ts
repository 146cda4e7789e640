// @module-tag slow (LibreOffice)
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fillTemplate } from "./helpers/fill-template.js";
import { cleanSpec, judge, template } from "./helpers/intake-corpus.js";
import type { ParseResult } from "../src/intake/judge/parse-submission.js";

const hasSoffice = spawnSync("soffice", ["--version"], { encoding: "utf8" }).status === 0;

/** Converts a file with LibreOffice in a fresh profile; returns the converted file's bytes. */
async function convert(bytes: Uint8Array, name: string, to: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "cchc-lo-"));
  const input = join(dir, name);
  await writeFile(input, bytes);
  const out = join(dir, "out");
  const r = spawnSync(
    "soffice",
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
      "--headless",
      "--norestore",
      "--convert-to",
      to,
      "--outdir",
      out,
      input,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  return readFile(join(out, name.replace(/\.[^.]+$/, `.${to.split(":")[0]}`)));
}

function everything(r: ParseResult) {
  const d = r.data!;
  return {
    values: Object.fromEntries(Object.entries(d.values).map(([k, v]) => [k, v.value])),
    notes: d.notes,
    info: Object.fromEntries(Object.entries(d.info).map(([k, v]) => [k, v?.value ?? null])),
    tasks: d.tasks.map((t) => ({ ...t, ref: null })),
    narrative: Object.fromEntries(Object.entries(d.narrative).map(([k, v]) => [k, v?.value ?? null])),
  };
}

describe.skipIf(!hasSoffice)("a template filled and saved by LibreOffice", () => {
  test("reads the same values as the file written", async () => {
    const spec = cleanSpec();
    spec.narrative!["ton-tai"] =
      "Một số cơ quan gửi báo cáo chậm; chất lượng số liệu chưa đồng đều.\nCần tăng cường kiểm tra.";
    spec.values!["ghi-chu"] = "Mô hình “một cửa” điện tử";
    const written = await fillTemplate(await template(), spec);
    const direct = await judge(written);
    expect(direct.findings).toEqual([]);

    const saved = await convert(written, "so-a.xlsx", "xlsx:Calc MS Excel 2007 XML");
    const viaLo = await judge(saved);
    expect(viaLo.accepted).toBe(true);
    expect(viaLo.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(everything(viaLo)).toEqual(everything(direct));
  }, 180_000);
});
