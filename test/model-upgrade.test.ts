import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isModel, readModelFile } from "../src/workspace/model-file.js";
import { buildSampleModel } from "./helpers/model-fixture.js";

/** The model as an earlier version of the program wrote it: plain JSON, without what later versions added. */
function asWrittenBefore2026_12(model: object): Record<string, unknown> {
  const old = JSON.parse(JSON.stringify(model)) as { comparison: Record<string, unknown> };
  delete old.comparison["periods"];
  return old as unknown as Record<string, unknown>;
}

describe("a tong-hop.json written by an earlier version is still read", () => {
  it("fills the neighbouring periods of a 6-month model from its period id", async () => {
    const { model } = await buildSampleModel({ periodId: "2025-H1", date: "2025-06-25" });
    const path = join(mkdtempSync(join(tmpdir(), "cchc-upgrade-")), "tong-hop.json");
    writeFileSync(path, JSON.stringify(asWrittenBefore2026_12(model)));
    const read = await readModelFile(path);
    expect(isModel(read)).toBe(true);
    if (!isModel(read)) return;
    expect(read.comparison.periods).toEqual(model.comparison.periods);
    expect(read.comparison.periods.cumulative.map((p) => p.id)).toEqual(["2025-Q1"]);
  });

  it("gives an old cumulative check the label of the report it compared", async () => {
    const { model } = await buildSampleModel({ periodId: "2025-Y", date: "2025-12-15" });
    const old = asWrittenBefore2026_12(model) as { comparison: { cumulativeChecks: unknown[] } };
    old.comparison.cumulativeChecks = [
      { agency: "so-tu-phap", indicator: "TTHC-01", earlierPeriod: "2025-H1", earlier: 10, current: 8, ok: false },
    ];
    const path = join(mkdtempSync(join(tmpdir(), "cchc-upgrade-")), "tong-hop.json");
    writeFileSync(path, JSON.stringify(old));
    const read = await readModelFile(path);
    expect(isModel(read)).toBe(true);
    if (!isModel(read)) return;
    expect(read.comparison.cumulativeChecks[0]?.earlierLabel).toBe("6 tháng đầu năm 2025");
    expect(read.comparison.periods.cumulative.map((p) => p.id)).toEqual(["2025-H1", "2025-Q1"]);
  });

  it("still refuses a file that is no model at all", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "cchc-upgrade-")), "tong-hop.json");
    writeFileSync(path, JSON.stringify({ comparison: {}, period: { id: "2025-Q1" } }));
    expect(isModel(await readModelFile(path))).toBe(false);
  });
});
