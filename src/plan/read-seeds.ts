import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CchcError } from "../problems/problem.js";
import type { Plan } from "./plan.js";
import { planCacheEntry, readCachedPlan, writeCachedPlan } from "./plan-cache.js";
import { seedFiles, type SeedTexts } from "./seed-files.js";

/**
 * Reads the seed files of a workspace as text; a missing file reads as null, a name that cannot be read as a
 * file (a folder, no permission) as `{ unreadable: code }`. A workspace without seeds/ at all stops here.
 */
export async function readSeeds(root: string): Promise<SeedTexts> {
  const dir = join(root, "seeds");
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory()) {
    throw new CchcError(
      `Thư mục ${root} không phải thư mục làm việc: không có thư mục seeds/ (dữ liệu gốc). Hãy chỉ đúng --root, hoặc tạo thư mục làm việc bằng "cchc init".`,
      2,
    );
  }
  const out = {} as SeedTexts;
  for (const f of seedFiles) {
    try {
      out[f] = await readFile(join(dir, f), "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "UNKNOWN";
      out[f] = code === "ENOENT" ? null : { unreadable: code };
    }
  }
  return out;
}

/**
 * Reads and validates the plan; a bad seed stops the run with exit code 2 and every problem listed. Seeds that were
 * valid before, unchanged, give the plan kept from then (plan-cache.ts): neither zod nor the rules are loaded.
 * `cacheDir`: the cache folder (default the user's private one; null: no cache).
 */
export async function loadPlan(root: string, options: { cacheDir?: string | null } = {}): Promise<Plan> {
  const texts = await readSeeds(root);
  const entry = options.cacheDir === undefined ? planCacheEntry(texts) : planCacheEntry(texts, options.cacheDir);
  const cached = entry && readCachedPlan(entry);
  if (cached) return cached;
  const { validatePlan } = await import("./validate-plan.js");
  const { plan, problems } = validatePlan(texts);
  if (!plan) {
    const { formatProblem } = await import("../problems/messages.js");
    throw new CchcError(
      `Dữ liệu gốc trong thư mục seeds/ có ${problems.length} lỗi; hãy sửa rồi chạy lại.`,
      2,
      problems.map(formatProblem),
    );
  }
  if (entry) writeCachedPlan(entry, plan);
  return plan;
}
