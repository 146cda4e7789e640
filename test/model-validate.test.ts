import { describe, expect, test } from "vitest";
import { modelSchema, validateModel, type Model } from "../src/consolidate/model.js";
import type { EarlierModel } from "../src/consolidate/earlier.js";
import { buildSampleModel, consolidateSample } from "./helpers/model-fixture.js";

/** The same model with every object's keys in reverse order (as consolidate may build them). */
function reversedKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reversedKeys) as T;
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversedKeys(x)]),
    ) as T;
  return v;
}

/** What a later period reads of a model (earlier.ts). */
const asEarlier = (m: Model): EarlierModel => ({
  period: { id: m.period.id, label: m.period.label },
  totals: m.totals,
  agencies: m.agencies.map((a) => ({ code: a.code, name: a.name, values: a.values })),
});

describe("the model as consolidate builds it", () => {
  // build writes it without parsing it by its schema: it must already be what the parse would give
  test("is what its schema's parse gives, keys in the schema's order, with earlier periods and every status", async () => {
    const q1 = (await buildSampleModel({ late: ["so-tu-phap"] })).model;
    const lastYear = (await buildSampleModel({ periodId: "2024-H1", date: "2024-06-20", seed: 2 })).model;
    const { model } = await consolidateSample({
      periodId: "2025-H1",
      date: "2025-06-20",
      missing: ["so-y-te"],
      late: ["so-tu-phap"],
      rejected: ["so-xay-dung"],
      earlier: { previous: asEarlier(q1), lastYear: asEarlier(lastYear), cumulative: [asEarlier(q1)] },
    });
    expect(model.comparison.previous).not.toBeNull();
    expect(model.agencies.map((a) => a.status)).toEqual(expect.arrayContaining(["missing", "late", "rejected"]));
    expect(JSON.stringify(model)).toBe(JSON.stringify(modelSchema.parse(model)));
  });
});

describe("checking the consolidated model entry by entry", () => {
  test("gives what modelSchema.parse gives: the same keys in the schema's order", async () => {
    const { model } = await buildSampleModel({ missing: ["so-y-te"], late: ["so-tu-phap"] });
    const expected = JSON.stringify(modelSchema.parse(reversedKeys(model)));
    const r = validateModel(reversedKeys(model));
    expect(r.success).toBe(true);
    expect(JSON.stringify(r.success ? r.data : null)).toBe(expected);
  });

  test("names the entry and field that do not match", async () => {
    const { model } = await buildSampleModel();
    const broken = structuredClone(model) as unknown as { agencies: Array<Record<string, unknown>> };
    broken.agencies[3]!["status"] = "đã-gửi";
    (broken as Record<string, unknown>)["asOf"] = 20250325;
    const r = validateModel(broken as unknown as Model);
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.issues.map((i) => i.path.join("."));
    expect(paths).toContain("agencies.3.status");
    expect(paths).toContain("asOf");
  });
});

describe("models written by earlier versions", () => {
  test("a model without the succession note reads with an empty one", async () => {
    const { model } = await buildSampleModel();
    const old = structuredClone(model) as unknown as { comparison: Record<string, unknown> };
    delete old.comparison["succession"];
    expect(modelSchema.parse(old).comparison.succession).toEqual({ combined: [], left: [], split: [] });
    const r = validateModel(old as unknown as Model);
    expect(r.success).toBe(true);
  });
});
