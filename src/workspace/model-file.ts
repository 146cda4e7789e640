import { readFile } from "node:fs/promises";
import type { Model } from "../consolidate/model.js";
import { prettyJsonChunks, writePrettyJson } from "../util/json-chunks.js";
import { PackedModelError, packModel, unpackModel } from "./model-pack.js";

/**
 * tong-hop.json, the consolidated model of a period, on disk: the one reader and the one writer of its bytes. Every
 * command reads it through `readModelJson` (whole models through `readModelFile`, earlier periods through
 * earlier-models.ts), so the way the file is laid out (the lean format 2, model-pack.ts, or the whole model as
 * earlier versions wrote it) is known here only.
 */

/** Why a tong-hop.json that is there cannot be used, in Vietnamese ("không phải JSON hợp lệ"). */
export interface ModelFileProblem {
  problem: string;
}

/**
 * The JSON of a tong-hop.json, unpacked to the model's shape (model-pack.ts) but not yet checked against any schema.
 * Null when the file is absent; `{ problem }` when it is there but cannot be read, is not JSON or cannot be unpacked.
 * A leading byte-order mark (an editor's) is ignored.
 */
export async function readModelJson(path: string): Promise<{ json: unknown } | null | ModelFileProblem> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    return { problem: `không đọc được (${code ?? "lỗi"})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { problem: "không phải JSON hợp lệ" };
  }
  try {
    return { json: unpackModel(json) };
  } catch (e) {
    if (e instanceof PackedModelError) return { problem: `không đúng cấu trúc (${e.message})` };
    throw e;
  }
}

/**
 * Reads a tong-hop.json as the consolidated model, checked against the model's schema (model.ts). Null when the file
 * is absent; `{ problem }` when it is there but is not a model this version can use.
 */
export async function readModelFile(path: string): Promise<Model | null | ModelFileProblem> {
  const read = await readModelJson(path);
  if (read === null || "problem" in read) return read;
  // a model an earlier version wrote is brought up to this schema first (model.ts; loaded, zod with it, only here)
  const { upgradeModelJson, validateModel } = await import("../consolidate/model.js");
  const r = validateModel(upgradeModelJson(read.json) as Model);
  if (!r.success)
    return {
      problem: `không đúng cấu trúc (${r.issues
        .slice(0, 3)
        .map((i) => i.path.join("."))
        .join(", ")})`,
    };
  return r.data;
}

export const isModel = (m: Model | null | ModelFileProblem): m is Model => m !== null && !("problem" in m);

/**
 * The bytes of tong-hop.json as build writes it: the lean file (model-pack.ts), outer levels indented, one line per
 * agency, total, target, task.
 */
export function modelJsonBytes(model: Model): Buffer {
  return Buffer.concat(prettyJsonChunks(packModel(model, { lazy: true }), "\n", 2, "compact"));
}

/** Writes the bytes of modelJsonBytes to `sink` chunk by chunk, never as one string (json-chunks.ts). */
export function writeModelJson(model: Model, sink: (chunk: Uint8Array) => void): void {
  writePrettyJson(packModel(model, { lazy: true }), sink, "\n", 2, "compact");
}
