#!/usr/bin/env node
// Regenerates the sample submissions shipped in data/<period>/ (default 2025-Q1): the real templates,
// filled with plausible figures and typical mistakes, received through `cchc receive` at their receipt times.
// Usage: npm run build && node scripts/make-sample-data.mjs [--root DIR] [--period 2025-Q1]
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const root = resolve(opt("--root", "."));
const period = opt("--period", "2025-Q1");
const { makeSampleData } = await import(new URL("../dist/sample/make-sample-data.js", import.meta.url).href);
const inbox = join(root, "data", period);
if (existsSync(inbox)) rmSync(inbox, { recursive: true });
const r = await makeSampleData(root, period);
console.log(`Đã tạo ${r.received} tệp mẫu trong data/${period}/; chưa gửi: ${r.missing.join(", ")}.`);
