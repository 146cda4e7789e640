import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { findSoffice } from "../../src/intake/xlsx/convert-soffice.js";

/** LibreOffice for tests: null when it is not installed. */
export const soffice: string | null = findSoffice();

/** A profile that recalculates every formula of an .xlsx on load (LibreOffice keeps cached results by default). */
const recalcAlways = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * Opens each .xlsx in LibreOffice headless with every formula recalculated, and saves it again as .xlsx
 * (`--convert-to xlsx`): the files as an agency's LibreOffice would show and save them. One soffice run for all.
 */
export function recalculateWithLibreOffice(files: Record<string, Uint8Array>): Record<string, Buffer> {
  if (!soffice) throw new Error("LibreOffice (soffice) is not installed");
  const dir = mkdtempSync(join(tmpdir(), "cchc-recalc-"));
  try {
    const profile = join(dir, "profile");
    mkdirSync(join(profile, "user"), { recursive: true });
    writeFileSync(join(profile, "user", "registrymodifications.xcu"), recalcAlways);
    const inDir = join(dir, "in");
    const outDir = join(dir, "out");
    mkdirSync(inDir);
    const paths = Object.entries(files).map(([name, bytes]) => {
      const p = join(inDir, basename(name));
      writeFileSync(p, bytes);
      return p;
    });
    const r = spawnSync(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        outDir,
        ...paths,
      ],
      {
        encoding: "utf8",
        timeout: 600_000,
      },
    );
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
    return Object.fromEntries(Object.keys(files).map((name) => [name, readFileSync(join(outDir, basename(name)))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
