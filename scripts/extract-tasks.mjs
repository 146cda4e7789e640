// Reads the task appendix of Decision 2866/QĐ-UBND (seeds/nguon/…) into seeds/tasks.json with the program's own
// commands: `cchc config tasks-from` (appendix → the "Nhiệm vụ" sheet of a configuration workbook) then
// `cchc config import`. Usage: node scripts/extract-tasks.mjs [--check]   (needs `npm run build` first)
// --check only reports whether seeds/tasks.json matches the appendix.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cchc = (...args) =>
  spawnSync(process.execPath, [join(root, "bin/cchc.js"), ...args, "--root", root], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "cchc-extract-"));
try {
  const book = join(dir, "cau-hinh.xlsx");
  const from = cchc("config", "tasks-from", join(root, "seeds/nguon/quyet-dinh-2866-QD-UBND-2021.txt"), "--out", book);
  process.stdout.write(from.stdout);
  process.stderr.write(from.stderr);
  if (from.status !== 0) process.exit(from.status ?? 3);
  const check = process.argv.includes("--check");
  const imp = cchc("config", "import", book, ...(check ? ["--dry-run", "--json"] : []));
  if (imp.status !== 0) {
    process.stderr.write(imp.stderr);
    process.exit(imp.status ?? 3);
  }
  if (!check) {
    process.stdout.write(imp.stdout);
  } else if (JSON.parse(imp.stdout).changedFiles.length > 0) {
    console.error("seeds/ differs from the extraction:", JSON.parse(imp.stdout).changedFiles.join(", "));
    process.exit(1);
  } else {
    console.log("seeds/tasks.json matches the extraction");
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
