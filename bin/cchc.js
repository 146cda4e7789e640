#!/usr/bin/env node
// Entry point of the `cchc` command: runs the compiled CLI (npm ci / npm run build create dist/).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write("Chưa biên dịch chương trình: hãy chạy `npm ci` (hoặc `npm run build`) trong thư mục dự án.\n");
  process.exit(3);
}
// compiled code of the libraries kept between runs (src/util/compile-cache.ts), before any of them loads
const { enableCompileCache } = await import(new URL("../dist/util/compile-cache.js", import.meta.url).href);
enableCompileCache();
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv);
