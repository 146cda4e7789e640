import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Model } from "../src/consolidate/model.js";
import { farFromTheRest, median, OUTLIER_MIN_PEERS, OUTLIER_POINTS } from "../src/consolidate/outliers.js";
import { renderReportDocx } from "../src/render/docx-report.js";
import { NAME_LIMIT } from "../src/render/report-selection.js";
import { paragraphs, part, unzipDocx } from "./helpers/docx-xml.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";

/**
 * Agencies "far from the rest" (issue 17, item 1): a rate OUTLIER_POINTS percentage points or more from the median of
 * the agencies of the same khối is named in the body of the report, with the rule stated.
 */

const RATE = "ii.ty-le-hs-truc-tuyen";

/** The sample model with the online filing rate of the given agencies set, every other agency of a khối at 60%. */
async function modelWithRates(rates: Record<string, number>): Promise<Model> {
  const { model } = await buildSampleModel({
    tweak: (a, fill) => {
      fill.values[RATE] = rates[a.code] ?? 60;
    },
  });
  return model;
}

async function bodyOf(model: Model): Promise<string[]> {
  const report = await renderReportDocx(model, { templatesDir: join(repoRoot, "templates") });
  const paras = paragraphs(part(unzipDocx(report.data), "word/document.xml"));
  const end = paras.findIndex((p) => p.style === "PhuLucSo");
  return paras.slice(0, end).map((p) => p.text);
}

describe("agencies far from the rest of their khối", () => {
  it("takes the median of the khối and names the rates at the limit or beyond it", async () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const model = await modelWithRates({
      "so-y-te": 60 - OUTLIER_POINTS,
      "so-tu-phap": 60 + OUTLIER_POINTS - 1,
      "binh-xuyen": 95,
    });
    const found = farFromTheRest(model).filter((o) => o.indicator === RATE);
    expect(found.map((o) => o.agency)).toEqual(["binh-xuyen", "so-y-te"]);
    expect(found[1]).toMatchObject({ group: "so-nganh", value: 30, median: 60 });
  });

  it("needs enough agencies of the khối with a figure for a median", async () => {
    const model = await modelWithRates({ "so-y-te": 0 });
    const group = model.agencies.find((a) => a.code === "so-y-te")!.group;
    const others = model.agencies.filter((a) => a.group === group && a.code !== "so-y-te");
    // Sở Y tế and OUTLIER_MIN_PEERS - 2 others give the rate: one short of a median
    for (const a of others.slice(OUTLIER_MIN_PEERS - 2)) a.values[RATE] = null;
    expect(model.agencies.filter((a) => a.group === group && typeof a.values[RATE] === "number")).toHaveLength(
      OUTLIER_MIN_PEERS - 1,
    );
    expect(farFromTheRest(model).filter((o) => o.indicator === RATE)).toEqual([]);
  });

  it("names them in the body with their rate, the khối's median and the rule", async () => {
    const body = await bodyOf(await modelWithRates({ "so-y-te": 12.5 }));
    const line = body.find((t) => t.startsWith("Cơ quan có tỷ lệ khác xa các cơ quan cùng khối"));
    expect(line).toBeDefined();
    expect(line).toContain(`từ ${OUTLIER_POINTS} điểm phần trăm trở lên`);
    expect(line).toContain("Sở Y tế (tỷ lệ hồ sơ tiếp nhận trực tuyến 12,5%; trung vị của sở, ban, ngành 60%)");
    expect(line).not.toContain("Sở Tư pháp");
  });

  it(`names at most ${NAME_LIMIT} of them, the farthest, and counts the rest`, async () => {
    const model = await buildSampleModel({}).then((b) => b.model);
    const group = model.agencies.filter((a) => a.group === "so-nganh").map((a) => a.code);
    expect(group.length).toBeGreaterThanOrEqual(2 * (NAME_LIMIT + 2) - 6);
    // 6 far below, 6 far above, the rest at 60: the median stays at 60
    const rates: Record<string, number> = {};
    group.slice(0, 6).forEach((c, i) => (rates[c] = i));
    group.slice(6, 12).forEach((c, i) => (rates[c] = 100 - i * 0.5));
    const body = await bodyOf(await modelWithRates(rates));
    const line = body.find((t) => t.startsWith("Cơ quan có tỷ lệ khác xa"))!;
    const named = model.agencies.filter((a) => line.includes(`${a.shortName} (`));
    expect(named).toHaveLength(NAME_LIMIT);
    expect(line).toContain("và 2 cơ quan, đơn vị khác");
    // the two nearest to the median (97.5 and 98: 37.5 and 38 points off; 5 is 55 off) are the ones left out
    const left = model.agencies.filter((a) => ["so-nganh"].includes(a.group) && !named.includes(a) && a.code in rates);
    expect(left.map((a) => rates[a.code]!).sort((x, y) => x - y)).toEqual([97.5, 98]);
  });
});
