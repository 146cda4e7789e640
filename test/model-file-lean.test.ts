import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { validateModel, type Model } from "../src/consolidate/model.js";
import { isModel, modelJsonBytes, readModelFile, writeModelJson } from "../src/workspace/model-file.js";
import { MODEL_FORMAT, packModel, unpackModel } from "../src/workspace/model-pack.js";
import { buildSampleModel } from "./helpers/model-fixture.js";

/**
 * tong-hop.json is written lean (model-pack.ts): every fact and every provenance once. What is read back is the
 * model that was written; files written by earlier versions (the whole model) still read.
 */

async function sampleModel(): Promise<Model> {
  const { model } = await buildSampleModel({ missing: ["so-y-te"], late: ["so-tu-phap"], rejected: ["cong-an-tinh"] });
  return model;
}

function tempFile(name: string, data: Buffer | string): string {
  const dir = mkdtempSync(join(tmpdir(), "cchc-lean-"));
  writeFileSync(join(dir, name), data);
  return join(dir, name);
}

/** A model whose reports and contributions cannot all be referred to: each differs from the agency's own row. */
function withOddities(model: Model): Model {
  const m = structuredClone(model);
  const first = m.agencies.find((a) => a.tasks.length > 0 && a.status === "on-time")!;
  first.notes["cd.van-ban-chi-dao"] = {
    text: "Số liệu tính cả văn bản của đơn vị trực thuộc.",
    ref: { file: first.file!, sheet: "Số liệu", cell: "H11" },
  };
  first.narrative["kien-nghi"] = "Đoạn văn viết giống hệt ở hai nơi.";
  const second = m.agencies.find((a) => a !== first && a.status === "on-time")!;
  second.narrative["kien-nghi"] = "Đoạn văn viết giống hệt ở hai nơi.";
  const task = m.tasks.find((t) => t.leadReports.length > 0)!;
  task.leadReports.push({ ...task.leadReports[0]!, result: "Khác với dòng của cơ quan." });
  task.coordinatorNotes.push({
    agency: "co-quan-khong-co",
    status: "done",
    result: null,
    doc: null,
    docDate: null,
    difficulties: null,
    ref: null,
  });
  const total = m.totalDetails.find((t) => t.contributions.length > 0)!;
  total.contributions.push({ ...total.contributions[0]!, value: 123456 });
  total.contributions.push({ agency: "co-quan-khong-co", value: 1, ref: null });
  m.targets[0]!.parts[0]?.agencies.push("co-quan-khong-co");
  return m;
}

describe("tong-hop.json written lean", () => {
  test("reads back as the model that was written", async () => {
    const model = await sampleModel();
    const back = await readModelFile(tempFile("tong-hop.json", modelJsonBytes(model)));
    expect(isModel(back)).toBe(true);
    expect(back).toEqual(model);
  });

  test("reads back whole when reports, contributions and notes differ from the agencies' own rows", async () => {
    const model = withOddities(await sampleModel());
    const unpacked = unpackModel(JSON.parse(modelJsonBytes(model).toString("utf8")));
    const r = validateModel(unpacked as Model);
    expect(r.success).toBe(true);
    expect(r.success ? r.data : null).toEqual(model);
    // the odd ones are written out, the rest referred to
    const packed = packModel(model) as { tasks: { leadReports: unknown[] }[] };
    const refs = packed.tasks.flatMap((t) => t.leadReports);
    expect(refs.some((r) => typeof r === "number")).toBe(true);
    expect(refs.some((r) => typeof r === "object" && (r as { result?: unknown }).result !== undefined)).toBe(true);
  });

  test("says its format and holds each source file name and each repeated text once", async () => {
    const model = withOddities(await sampleModel());
    const text = modelJsonBytes(model).toString("utf8");
    const json = JSON.parse(text) as {
      format: number;
      tables: { files: string[]; sheets: string[]; texts: string[] };
      agencies: unknown[];
    };
    expect(json.format).toBe(MODEL_FORMAT);
    expect(Object.keys(json).indexOf("tables")).toBeLessThan(Object.keys(json).indexOf("agencies"));
    expect(json.tables.sheets).toContain("Số liệu");
    const file = model.agencies.find((a) => a.file)!.file!;
    expect(json.tables.files).toContain(file);
    // a file name appears in the tables, and beside the agency once, and not per value or per task row
    const times = (s: string) => text.split(JSON.stringify(s)).length - 1;
    expect(times(file)).toBeLessThanOrEqual(2 + model.findings.filter((f) => f.file === file).length);
    expect(times("Đoạn văn viết giống hệt ở hai nơi.")).toBe(1);
    // the figures stay readable where they are, for tools that only need them
    const agency = model.agencies.find((a) => Object.keys(a.values).length > 0)!;
    const written = (json.agencies as { code: string; values: unknown }[]).find((a) => a.code === agency.code)!;
    expect(written.values).toEqual(agency.values);
  });

  test("is smaller than the whole model", async () => {
    const model = await sampleModel();
    const whole = Buffer.byteLength(JSON.stringify(model));
    expect(modelJsonBytes(model).length).toBeLessThan(whole / 2);
  });

  test("made entry by entry as it is written, it says the same as made whole", async () => {
    const model = withOddities(await sampleModel());
    const whole = packModel(model);
    expect(JSON.parse(modelJsonBytes(model).toString("utf8"))).toEqual(JSON.parse(JSON.stringify(whole)));
    // the whole one holds the entries themselves; the one written holds makers of them
    expect(Array.isArray((whole["agencies"] as unknown[])[0])).toBe(false);
    const lazy = packModel(model, { lazy: true }) as { agencies: unknown[] };
    expect(Object.keys(lazy.agencies[0] as object)).toEqual(["toJSON"]);
  });

  test("written in chunks gives the same bytes", async () => {
    const model = await sampleModel();
    const chunks: Buffer[] = [];
    writeModelJson(model, (c) => chunks.push(Buffer.from(c)));
    expect(Buffer.concat(chunks).equals(modelJsonBytes(model))).toBe(true);
  });

  test("a file written by an earlier version (the whole model) still reads", async () => {
    const model = await sampleModel();
    const back = await readModelFile(tempFile("tong-hop.json", JSON.stringify(model, null, 2)));
    expect(back).toEqual(model);
  });

  test("a broken packing is a problem with the file, not a crash", async () => {
    const model = await sampleModel();
    const json = JSON.parse(modelJsonBytes(model).toString("utf8")) as { tables: { files: string[] } };
    json.tables.files = [];
    const r = await readModelFile(tempFile("tong-hop.json", JSON.stringify(json)));
    expect(r).toMatchObject({ problem: expect.stringContaining("tables.files") });
    const later = await readModelFile(tempFile("tong-hop.json", JSON.stringify({ ...json, format: 99 })));
    expect(later).toMatchObject({ problem: expect.stringContaining("99") });
  });
});
