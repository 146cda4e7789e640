#!/usr/bin/env node
// Times the workbook readers over N generated, filled agency workbooks (plain node on dist/: run `npm run build`
// first). Prints, per reader: total time, ms per file, files per second, and the ratio to the floor (inflating
// every zip entry with node:zlib and nothing else).
//
//   node scripts/measure-readers.mjs [--n 200] [--rounds 3]
import { inflateRawSync } from "node:zlib";
import { resolve } from "node:path";

const dist = resolve(import.meta.dirname, "../dist");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const n = opt("n", 200);
const rounds = opt("rounds", 3);

const { loadPlan } = await import(`${dist}/plan/read-seeds.js`);
const { agenciesForPeriod } = await import(`${dist}/plan/plan.js`);
const { parsePeriod } = await import(`${dist}/calendar/period.js`);
const { buildTemplateWorkbook } = await import(`${dist}/forms/template-workbook.js`);
const { fillTemplate } = await import(`${dist}/sample/fill-template.js`);
const { plausibleSpec } = await import(`${dist}/sample/make-sample-data.js`);
const { leanReader } = await import(`${dist}/intake/xlsx/read-lean.js`);
const { exceljsReader } = await import(`${dist}/intake/xlsx/read-exceljs.js`);
const { openZip } = await import(`${dist}/intake/xlsx/zip.js`);

const plan = await loadPlan(resolve(import.meta.dirname, ".."));
const period = parsePeriod("2025-Y", plan.settings.due);
const agencies = agenciesForPeriod(plan, period);

// ---- corpus: one template per agency, filled with different seeds
const t0 = performance.now();
const templates = new Map();
const files = [];
for (let i = 0; i < n; i++) {
  const agency = agencies[i % agencies.length];
  let t = templates.get(agency.code);
  if (!t) {
    t = await buildTemplateWorkbook(plan, period, agency, { issuedOn: "2025-12-01", generator: "measure-readers" });
    templates.set(agency.code, t);
  }
  files.push(new Uint8Array(await fillTemplate(t, plausibleSpec(plan, period, agency, i + 1))));
}
const genMs = performance.now() - t0;
const totalBytes = files.reduce((a, f) => a + f.length, 0);

// cells per file (from the lean reader)
let cells = 0;
let textChars = 0;
for (const f of files.slice(0, 20)) {
  const wb = await leanReader.read(f);
  for (const s of wb.sheets) {
    cells += s.cells.size;
    for (const c of s.cells.values()) if (c.kind === "string") textChars += c.text.length;
  }
}
const sampled = Math.min(20, files.length);

function floor() {
  let bytes = 0;
  for (const f of files) {
    const zip = openZip(f);
    for (const e of zip.entries) {
      const src = f.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
      bytes += e.method === 8 ? inflateRawSync(src).length : src.length;
    }
  }
  return bytes;
}

async function timeReader(reader) {
  for (const f of files) await reader.read(f);
}

async function best(fn) {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    await fn();
    min = Math.min(min, performance.now() - s);
  }
  return min;
}

await timeReader(leanReader); // warm-up
const floorMs = await best(async () => floor());
const leanMs = await best(() => timeReader(leanReader));
const exceljsMs = await best(() => timeReader(exceljsReader));

const line = (name, ms) =>
  `${name.padEnd(10)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / n).toFixed(2).padStart(7)} ms/file  ${((n / ms) * 1000).toFixed(0).padStart(6)} files/s  ratio ${(ms / floorMs).toFixed(2)}`;
console.log(
  `node ${process.version}; ${n} files (${(totalBytes / n / 1024).toFixed(1)} KB each, ~${Math.round(cells / sampled)} cells, ~${Math.round(textChars / sampled / 1024)}K text chars); generated in ${(genMs / 1000).toFixed(1)} s; best of ${rounds}`,
);
console.log(line("floor", floorMs));
console.log(line("lean", leanMs));
console.log(line("exceljs", exceljsMs));
console.log(`lean is ${(exceljsMs / leanMs).toFixed(1)}× faster than exceljs`);
