import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Test files tagged slow by a first-line comment `// @module-tag slow (why)`: they need LibreOffice or Chromium, or
 * run the CLI at length or over large corpora. `npm run test:fast` (the project "fast") leaves them out without
 * loading them; `npm test` runs both projects. `--tags-filter` sees the same tag.
 */
const testDir = fileURLToPath(new URL("./test/", import.meta.url));
const slowFiles = readdirSync(testDir)
  .filter((name) => name.endsWith(".test.ts"))
  .filter((name) => /^\/\/ @module-tag slow\b/m.test(readFileSync(testDir + name, "utf8")))
  .map((name) => `test/${name}`);

export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    tags: [{ name: "slow", description: "needs LibreOffice or Chromium, or runs the CLI at length" }],
    projects: [
      { extends: true, test: { name: "fast", include: ["test/**/*.test.ts"], exclude: slowFiles } },
      { extends: true, test: { name: "slow", include: slowFiles } },
    ],
  },
});
