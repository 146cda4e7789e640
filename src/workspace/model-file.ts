import { readFile } from "node:fs/promises";
import { validateModel, type Model } from "../consolidate/model.js";
import { prettyJsonChunks, writePrettyJson } from "../util/json-chunks.js";
import { PackedModelError, packModel, unpackModel } from "./model-pack.js";

/**
 * Reads a tong-hop.json as the consolidated model, checked against the model's schema: the lean file build writes
 * (format 2, model-pack.ts) or the whole model as earlier versions wrote it. Null when the file is absent;
 * `{ problem }` when it is there but is not a model this version can use.
 */
export async function readModelFile(path: string): Promise<Model | null | { problem: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    return { problem: `không đọc được (${(e as NodeJS.ErrnoException).code ?? "lỗi"})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { problem: "không phải JSON hợp lệ" };
  }
  try {
    json = unpackModel(json);
  } catch (e) {
    if (e instanceof PackedModelError) return { problem: `không đúng cấu trúc (${e.message})` };
    throw e;
  }
  const r = validateModel(json as Model);
  if (!r.success)
    return {
      problem: `không đúng cấu trúc (${r.issues
        .slice(0, 3)
        .map((i) => i.path.join("."))
        .join(", ")})`,
    };
  return r.data;
}

export const isModel = (m: Model | null | { problem: string }): m is Model => m !== null && !("problem" in m);

/**
 * The bytes of tong-hop.json as build writes it: the lean file (model-pack.ts), outer levels indented, one line per
 * agency, total, target, task.
 */
export function modelJsonBytes(model: Model): Buffer {
  return Buffer.concat(prettyJsonChunks(packModel(model), "\n", 2, "compact"));
}

/** Writes the bytes of modelJsonBytes to `sink` chunk by chunk, never as one string (json-chunks.ts). */
export function writeModelJson(model: Model, sink: (chunk: Uint8Array) => void): void {
  writePrettyJson(packModel(model), sink, "\n", 2, "compact");
}
