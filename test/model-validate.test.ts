import { describe, expect, test } from "vitest";
import { modelSchema, validateModel, type Model } from "../src/consolidate/model.js";
import { buildSampleModel } from "./helpers/model-fixture.js";

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
