#!/usr/bin/env node
// Every folder of src/ (rooms inside a folder too) says in one paragraph what it is for, at the top of its main
// file: a comment paragraph that begins with the folder's path, e.g. " * intake/xlsx: reading spreadsheet files…".
// Usage: node lint/folder-openings.mjs   (exit 1 when a folder has no such paragraph)
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The .ts files under dir, at any depth. */
function sourcesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourcesUnder(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/**
 * The folders under srcDir (paths relative to it, forward slashes) that no .ts file opens. The paragraph sits in a
 * file of the folder itself, or, for a folder made only of rooms, in a file of one of its rooms.
 */
export function foldersWithoutOpening(srcDir) {
  const missing = [];
  const visit = (dir) => {
    if (dir !== srcDir) {
      const path = relative(srcDir, dir).split(sep).join("/");
      const opening = new RegExp(`^\\s*(?:/\\*\\*|\\*|//)\\s*${escape(path)}/?: \\S`, "m");
      if (!sourcesUnder(dir).some((file) => opening.test(readFileSync(file, "utf8")))) missing.push(path);
    }
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) visit(join(dir, e.name));
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
