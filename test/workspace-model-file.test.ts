import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Model } from "../src/consolidate/model.js";
import type { Plan } from "../src/plan/plan.js";
import { readEarlierModel, readEarlierPeriods } from "../src/workspace/earlier-models.js";
import { isModel, modelJsonBytes, readModelFile, readModelJson } from "../src/workspace/model-file.js";
import { modelFile } from "../src/workspace/paths.js";
import { parsePeriod } from "../src/calendar/period.js";
import { buildSampleModel } from "./helpers/model-fixture.js";

let model: Model;
let plan: Plan;
beforeAll(async () => {
  ({ model, plan } = await buildSampleModel());
});

const tempDir = (): string => mkdtempSync(join(tmpdir(), "cchc-model-file-"));

describe("the one reader of tong-hop.json", () => {
  it("reads a model as build writes it, equal to the model written", async () => {
    const path = join(tempDir(), "tong-hop.json");
    writeFileSync(path, modelJsonBytes(model));
    const read = await readModelFile(path);
    expect(isModel(read)).toBe(true);
    expect(read).toEqual(model);
  });

  it("ignores a byte-order mark an editor put in front", async () => {
    const path = join(tempDir(), "tong-hop.json");
    writeFileSync(path, Buffer.concat([Buffer.from("\uFEFF"), modelJsonBytes(model)]));
    expect(isModel(await readModelFile(path))).toBe(true);
  });

  it("says an absent file is absent (null), not a problem", async () => {
    const path = join(tempDir(), "tong-hop.json");
    expect(await readModelFile(path)).toBeNull();
    expect(await readModelJson(path)).toBeNull();
  });

  it("says why a file that is there cannot be read", async () => {
    const path = join(tempDir(), "tong-hop.json");
    mkdirSync(path); // a folder where the file should be: reading it fails with EISDIR
    expect(await readModelFile(path)).toEqual({ problem: "không đọc được (EISDIR)" });
  });

  it("says a file that is not JSON is not valid JSON", async () => {
    const path = join(tempDir(), "tong-hop.json");
    writeFileSync(path, "{ không phải JSON");
    expect(await readModelFile(path)).toEqual({ problem: "không phải JSON hợp lệ" });
  });

  it("names the first fields of a file that does not match the model's schema", async () => {
    const path = join(tempDir(), "tong-hop.json");
    const broken = JSON.parse(modelJsonBytes(model).toString("utf8")) as Record<string, unknown>;
    delete broken["totals"];
    broken["asOf"] = 20250325;
    writeFileSync(path, JSON.stringify(broken));
    const read = await readModelFile(path);
    expect(isModel(read)).toBe(false);
    expect(read).toEqual({ problem: expect.stringMatching(/^không đúng cấu trúc \(.*asOf.*\)$/) });
    expect((read as { problem: string }).problem).toContain("totals");
  });
});

describe("earlier periods, read through the same reader", () => {
  it("takes what comparisons need of a whole model: its period, totals and each agency's figures", async () => {
    const root = tempDir();
    mkdirSync(join(root, "output", "2025-Q1"), { recursive: true });
    writeFileSync(modelFile(root, "2025-Q1"), modelJsonBytes(model));
    const h1 = parsePeriod("2025-H1", plan.settings.due)!;
    const earlier = await readEarlierPeriods(root, plan, h1);
    expect(earlier.previous?.period).toEqual({ id: "2025-Q1", label: "quý I năm 2025" });
    expect(earlier.previous?.totals).toEqual(model.totals);
    expect(earlier.cumulative).toHaveLength(1);
    // H1's previous period is also its earlier cumulative report: the same figures
    expect(earlier.cumulative[0]!.agencies).toEqual(earlier.previous!.agencies);
    const a = model.agencies.find((x) => Object.keys(x.values).length > 0)!;
    expect(earlier.previous!.agencies.find((x) => x.code === a.code)!.values).toEqual(a.values);
    expect(earlier.lastYear).toBeNull();
    expect(earlier.previous?.source).toBe(modelFile(root, "2025-Q1"));
  });

  it("reads a trimmed file leniently: a bad agency entry is left out, a figure that is not a number reads as none", async () => {
    const root = tempDir();
    mkdirSync(join(root, "output", "2024-Y"), { recursive: true });
    writeFileSync(
      modelFile(root, "2024-Y"),
      JSON.stringify({
        period: "2024-Y",
        totals: "none",
        agencies: [{ code: "so-tu-phap", values: { "ii.hs-tiep-nhan": 12, "ii.hs-truc-tuyen": "7" } }, { code: 5 }],
      }),
    );
    const read = await readEarlierModel(root, plan, parsePeriod("2025-Q1")!, "2024-Y");
    expect(read).toMatchObject({
      period: { id: "2024-Y", label: "năm 2024" },
      totals: {},
      agencies: [{ code: "so-tu-phap", values: { "ii.hs-tiep-nhan": 12, "ii.hs-truc-tuyen": null } }],
    });
  });

  it("treats an absent, unreadable or unusable earlier file as absent", async () => {
    const root = tempDir();
    const q1 = parsePeriod("2025-Q1")!;
    expect(await readEarlierModel(root, plan, q1, "2024-Y")).toBeNull();
    mkdirSync(join(root, "output", "2024-Y"), { recursive: true });
    writeFileSync(modelFile(root, "2024-Y"), "{ không phải JSON");
    expect(await readEarlierModel(root, plan, q1, "2024-Y")).toBeNull();
    writeFileSync(modelFile(root, "2024-Y"), JSON.stringify({ period: { id: "2024-Y" }, agencies: "none" }));
    expect(await readEarlierModel(root, plan, q1, "2024-Y")).toBeNull();
    mkdirSync(modelFile(root, "2024-Q3"), { recursive: true });
    expect(await readEarlierModel(root, plan, q1, "2024-Q3")).toBeNull();
  });
});
