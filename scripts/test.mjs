#!/usr/bin/env node
// Runs the test suite with the time zone pinned to UTC (works the same from cmd.exe, PowerShell and sh).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const vitest = require.resolve("vitest/package.json").replace(/package\.json$/, "vitest.mjs");
const r = spawnSync(process.execPath, [vitest, "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TZ: "UTC" },
});
process.exit(r.status ?? 1);
