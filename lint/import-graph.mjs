#!/usr/bin/env node
// The folder import graph of src/: which top-level folder imports which, and whether the folders import in circles.
// Usage: node lint/import-graph.mjs [--edges]
// Exit 1 when folders import in a circle. Imports allowed for now by lint/layers.mjs (knownViolations) are left out
// of the circle check and listed; allowances no file needs any more are named so that the list shrinks.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { folderOf } from "./boundaries.mjs";
import { isKnownViolation, knownViolations } from "./layers.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

/** Every .ts file under dir, as paths relative to src/ with forward slashes. */
function listSources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (entry.name.endsWith(".ts")) out.push(relative(src, path).split(sep).join("/"));
  }
  return out;
}

const specifierPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

/** The relative imports of one file: static, re-exports and dynamic import() with a literal path. */
export function importsOf(file) {
  const text = readFileSync(join(src, file), "utf8");
  const found = [];
  for (const match of text.matchAll(specifierPattern)) {
    const target = join(dirname(file), match[1]).split(sep).join("/");
    if (!target.startsWith("..")) found.push(target);
  }
  return found;
}

/** Folder edges: from → to → the files that make the edge; `allowed` decides which file imports count. */
export function folderGraph(allowed = () => true) {
  const edges = new Map();
  for (const file of listSources(src)) {
    const from = folderOf(file);
    for (const target of importsOf(file)) {
      const to = folderOf(target);
      if (to === from || !allowed(file, to)) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const byTarget = edges.get(from);
      if (!byTarget.has(to)) byTarget.set(to, new Set());
      byTarget.get(to).add(file);
    }
  }
  return edges;
}

/** Strongly connected components with more than one folder (Tarjan). */
export function circlesOf(edges) {
  const nodes = new Set(edges.keys());
  for (const targets of edges.values()) for (const to of targets.keys()) nodes.add(to);
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const circles = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return circles;
}

/** Prints the circles of a graph with the files that make each edge. */
function printCircles(edges, circles, print) {
  for (const circle of circles) {
    print(`  ${circle.join(", ")}`);
    for (const from of circle) {
      for (const to of circle) {
        const files = edges.get(from)?.get(to);
        if (files) print(`    ${from} → ${to}: ${[...files].join(", ")}`);
      }
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const all = folderGraph();
  if (process.argv.includes("--edges")) {
    for (const [from, targets] of [...all].sort()) {
      for (const [to, files] of [...targets].sort()) console.log(`${from} → ${to}  (${[...files].join(", ")})`);
    }
  }
  const known = circlesOf(all);
  if (known.length > 0) {
    console.log("Circles that stay only through the allowed imports of lint/layers.mjs (to be removed):");
    const allowedOnly = folderGraph((file, to) => isKnownViolation(file, to));
    printCircles(allowedOnly, known, console.log);
  }
  const stale = knownViolations.filter(([from, name, to]) => {
    const files = all.get(from)?.get(to) ?? new Set();
    return ![...files].some((file) => file.slice(file.lastIndexOf("/") + 1) === name);
  });
  for (const [from, name, to] of stale) {
    console.log(`Allowance no longer needed in lint/layers.mjs: ${from}/…/${name} → ${to} (remove it)`);
  }
  const strict = folderGraph((file, to) => !isKnownViolation(file, to));
  const circles = circlesOf(strict);
  if (circles.length > 0) {
    console.error("Folders of src/ import in a circle:");
    printCircles(strict, circles, console.error);
  }
  process.exit(circles.length > 0 ? 1 : 0);
}
