import { readFile } from "node:fs/promises";
import { validateModel, type Model } from "../consolidate/model.js";
import { prettyJsonChunks } from "../util/json-chunks.js";

/**
 * Reads a tong-hop.json as the consolidated model, checked against the model's schema. Null when the file is absent;
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

/** The bytes of tong-hop.json as build writes it: outer levels indented, one line per agency, total, target, task. */
export function modelJsonBytes(model: Model): Buffer {
  return Buffer.concat(prettyJsonChunks(model, "\n", 2, "compact"));
}
