#!/usr/bin/env node
// Every folder of src/ (rooms inside a folder too) says in one paragraph what it is for, at the top of its main
// file: a comment paragraph that begins with the folder's path, e.g. " * intake/xlsx: reading spreadsheet files…".
// Usage: node lint/folder-openings.mjs   (exit 1 when a folder has no such paragraph)
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The folders under srcDir (paths relative to it, forward slashes) none of whose .ts files opens the folder. */
export function foldersWithoutOpening(srcDir) {
  const missing = [];
  const visit = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (dir !== srcDir) {
      const path = relative(srcDir, dir).split(sep).join("/");
      const opening = new RegExp(`^\\s*(?:/\\*\\*|\\*|//)\\s*${escape(path)}/?: \\S`, "m");
      const files = entries.filter((e) => e.isFile() && e.name.endsWith(".ts"));
      if (!files.some((e) => opening.test(readFileSync(join(dir, e.name), "utf8")))) missing.push(path);
    }
    for (const e of entries) if (e.isDirectory()) visit(join(dir, e.name));
  };
  visit(srcDir);
  return missing.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = foldersWithoutOpening(resolve(dirname(fileURLToPath(import.meta.url)), "..", "src"));
  for (const path of missing) {
    console.error(
      `src/${path} has no opening paragraph: begin a comment paragraph of its main file with "${path}: …".`,
    );
  }
  process.exit(missing.length > 0 ? 1 : 0);
}
