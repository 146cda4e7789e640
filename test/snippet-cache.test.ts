import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReportData } from "../src/render/docx-report-data.js";
import { loadSnippets } from "../src/render/text-snippets.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";

/**
 * The snippets of templates/cau-van are kept compiled in the user's code cache folder (text-snippets.ts): a run that
 * reads them from there writes the same report as one that compiles them, and a damaged entry is compiled again.
 */

const templatesDir = join(repoRoot, "templates");
let saved: string | undefined;
let tmp: string;

beforeAll(() => {
  saved = process.env["TMPDIR"];
  tmp = mkdtempSync(join(tmpdir(), "cchc-snippets-"));
  process.env["TMPDIR"] = tmp;
});
afterAll(() => {
  if (saved === undefined) delete process.env["TMPDIR"];
  else process.env["TMPDIR"] = saved;
});

describe("compiled snippets kept between runs", () => {
  test("give the report's words as compiled from the source, and a damaged one is compiled again", async () => {
    const { model } = await buildSampleModel({ missing: ["so-ngoai-vu"], late: ["so-y-te"] });
    const fresh = JSON.stringify(buildReportData(model, await loadSnippets(templatesDir)));
    const folder = readdirSync(tmp).find((n) => n.startsWith("cchc-compile-cache"));
    expect(folder).toBeDefined();
    const cached = readdirSync(join(tmp, folder!, "cau-van"));
    expect(cached.length).toBeGreaterThan(5);
    expect(JSON.stringify(buildReportData(model, await loadSnippets(templatesDir)))).toBe(fresh);
    for (const f of cached) writeFileSync(join(tmp, folder!, "cau-van", f), "function ( { garbage");
    expect(JSON.stringify(buildReportData(model, await loadSnippets(templatesDir)))).toBe(fresh);
  }, 60_000);
});
