import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * `*` and `?` in file arguments, expanded by the program itself on Windows, where neither cmd.exe nor PowerShell
 * expands them for programs (a Unix shell already did, so elsewhere arguments are taken as they are). Only the last
 * part of a path may hold wildcards ("D:\Tải về\*.xlsx"); names match as Windows matches them: case-insensitive, NFC;
 * a pattern picks files, never folders.
 */

export interface ExpandOptions {
  platform: NodeJS.Platform;
  /** the path functions of that platform (path.win32 in tests on another OS) */
  path?: path.PlatformPath;
  /** lists a folder's entries, with whether each is a file (injected in tests) */
  list?: (dir: string) => Promise<{ name: string; file: boolean }[]>;
}

export interface Expanded {
  /** the arguments, each pattern replaced by the matching paths in name order */
  files: string[];
  /** patterns that matched nothing */
  unmatched: string[];
}

const fold = (s: string): string => s.normalize("NFC").toLowerCase();

/** A name pattern with * (any run of characters) and ? (one character) as a regular expression. */
export function wildcardRegExp(pattern: string): RegExp {
  let re = "";
  for (const ch of fold(pattern))
    re += ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
  return new RegExp(`^${re}$`, "su");
}

export const hasWildcard = (name: string): boolean => /[*?]/.test(name);

export async function expandWildcards(args: readonly string[], opts: ExpandOptions): Promise<Expanded> {
  if (opts.platform !== "win32") return { files: [...args], unmatched: [] };
  const p = opts.path ?? path.win32;
  const list =
    opts.list ??
    (async (dir: string) =>
      (await readdir(dir, { withFileTypes: true })).map((d) => ({ name: d.name, file: !d.isDirectory() })));
  const files: string[] = [];
  const unmatched: string[] = [];
  for (const arg of args) {
    const name = p.basename(arg);
    if (!hasWildcard(name)) {
      files.push(arg);
      continue;
    }
    const dir = p.dirname(arg);
    const re = wildcardRegExp(name);
    // a pattern picks files only (a folder that matches "*" is not something to receive)
    const entries = hasWildcard(dir) ? [] : await list(dir).catch(() => []);
    const hits = entries
      .filter((e) => e.file && re.test(fold(e.name)))
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b));
    if (hits.length === 0) unmatched.push(arg);
    files.push(...hits.map((n) => p.join(dir, n)));
  }
  return { files, unmatched };
}
