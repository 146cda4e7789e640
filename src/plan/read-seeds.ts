import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CchcError } from "../problems/problem.js";
import { formatProblem } from "../problems/messages.js";
import { seedFiles, validatePlan, type SeedTexts } from "./validate-plan.js";
import type { Plan } from "./plan.js";

/** Reads the seed files of a workspace as text; a missing file reads as null. */
export async function readSeeds(root: string): Promise<SeedTexts> {
  const out = {} as SeedTexts;
  for (const f of seedFiles) {
    try {
      out[f] = await readFile(join(root, "seeds", f), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      out[f] = null;
    }
  }
  return out;
}

/** Reads and validates the plan; a bad seed stops the run with exit code 2 and every problem listed. */
export async function loadPlan(root: string): Promise<Plan> {
  const { plan, problems } = validatePlan(await readSeeds(root));
  if (!plan) {
    throw new CchcError(
      `Dữ liệu gốc trong thư mục seeds/ có ${problems.length} lỗi; hãy sửa rồi chạy lại.`,
      2,
      problems.map(formatProblem),
    );
  }
  return plan;
}
