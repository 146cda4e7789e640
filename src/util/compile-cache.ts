import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import vm from "node:vm";

/**
 * A V8 code cache for the program's start-up: the CommonJS libraries (exceljs, docxtemplater, pizzip, handlebars,
 * commander) are compiled from V8's cached code instead of from source, with the functions a run used already
 * compiled. On Node 22.1+ Node's own cache (module.enableCompileCache) is used instead, and covers the program's ES
 * modules too; Node 20 has no such thing, so the CommonJS loader's compile step is wrapped here (as the
 * v8-compile-cache package does). The cache lives in the OS temp folder, one file per installation, Node version
 * and cache layout; anything wrong with it (missing, stale, unwritable, rejected by V8) only means compiling from source.
 * CCHC_NO_COMPILE_CACHE=1 turns it off.
 */

const LAYOUT = 1;

interface Entry {
  /** the source's digest: a changed library is compiled afresh */
  hash: string;
  script: vm.Script | null;
  data: Buffer | null;
}

export function enableCompileCache(): void {
  if (process.env["CCHC_NO_COMPILE_CACHE"]) return;
  const native = (Module as unknown as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  const dir = cacheDir();
  if (dir === null) return;
  if (typeof native === "function") {
    try {
      native(dir);
    } catch {
      /* no cache: compile from source */
    }
    return;
  }
  try {
    installCommonJsCache(dir);
  } catch {
    /* no cache: compile from source */
  }
}

/**
 * The cache folder, in the OS temp folder: one per user (cchc-compile-cache-<uid>, made private), so that on a shared
 * server nobody runs code compiled by someone else; a folder that another user owns or may write to is not used.
 * Windows' temp folder is the user's own already. Null: no cache this run.
 */
export function cacheDir(): string | null {
  const uid = typeof process.getuid === "function" ? process.getuid() : null;
  const dir = join(tmpdir(), uid === null ? "cchc-compile-cache" : `cchc-compile-cache-${uid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (uid !== null) {
      const st = statSync(dir);
      if (st.uid !== uid || (st.mode & 0o022) !== 0) return null;
    }
    return dir;
  } catch {
    return null;
  }
}

function installCommonJsCache(dir: string): void {
  // one store per installation of the program (its libraries' paths are the keys) and Node version
  const install = createHash("sha1")
    .update(import.meta.url)
    .digest("hex")
    .slice(0, 12);
  const file = join(dir, `v${LAYOUT}-${install}-node${process.version}-${process.arch}.bin`);
  const stored = readStore(file);
  const entries = new Map<string, Entry>();
  let changed = false;

  type Compile = (this: Module, content: string, filename: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  const wrap = (Module as unknown as { wrap: (s: string) => string }).wrap;
  proto._compile = function (this: Module, content: string, filename: string): unknown {
    // only the installed libraries: they do not change between runs
    if (!filename.includes(`${sep}node_modules${sep}`) || content.startsWith("#!")) {
      return original.call(this, content, filename);
    }
    const hash = createHash("sha1").update(content).digest("base64");
    const old = stored.get(filename);
    const cachedData = old && old.hash === hash ? old.data : undefined;
    let script: vm.Script;
    try {
      script = new vm.Script(wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    } catch {
      return original.call(this, content, filename);
    }
    const reused = cachedData !== undefined && !script.cachedDataRejected;
    entries.set(filename, { hash, script: reused ? null : script, data: reused ? cachedData : null });
    if (!reused) changed = true;
    const fn = script.runInThisContext({ displayErrors: true }) as (...a: unknown[]) => unknown;
    const require = createRequire(filename);
    // the module's own require: the same resolution and cache as Node's, with this module as parent
    const mod = this as Module & { require: (id: string) => unknown };
    const req = Object.assign((id: string) => mod.require(id), require, { main: process.mainModule });
    return fn.call(this.exports, this.exports, req, this, filename, dirname(filename));
  };

  process.once("exit", () => {
    if (!changed) return;
    try {
      // the code of every function run so far is in the cached data made now
      for (const e of entries.values()) if (e.script) e.data = e.script.createCachedData();
      writeStore(dir, file, entries, stored);
    } catch {
      /* the next run compiles from source again */
    }
  });
}

/** The store: a JSON index line, then the cached data of each library file back to back. */
function readStore(file: string): Map<string, { hash: string; data: Buffer }> {
  const out = new Map<string, { hash: string; data: Buffer }>();
  let bytes: Buffer;
  try {
    if (statSync(file).size > 256 * 1024 * 1024) return out;
    bytes = readFileSync(file);
  } catch {
    return out;
  }
  const nl = bytes.indexOf(10);
  if (nl < 0) return out;
  try {
    const index = JSON.parse(bytes.subarray(0, nl).toString("utf8")) as [string, string, number][];
    let at = nl + 1;
    for (const [name, hash, length] of index) {
      if (at + length > bytes.length) break;
      out.set(name, { hash, data: bytes.subarray(at, at + length) });
      at += length;
    }
  } catch {
    out.clear();
  }
  return out;
}

/** Writes this run's libraries, and keeps those of the store this run did not load (check and build load different ones). */
function writeStore(
  dir: string,
  file: string,
  entries: Map<string, Entry>,
  stored: Map<string, { hash: string; data: Buffer }>,
): void {
  const index: [string, string, number][] = [];
  const blobs: Buffer[] = [];
  const all = new Map<string, { hash: string; data: Buffer | null }>(stored);
  for (const [name, e] of entries) all.set(name, e);
  for (const [name, e] of all) {
    if (!e.data) continue;
    index.push([name, e.hash, e.data.length]);
    blobs.push(e.data);
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(JSON.stringify(index) + "\n"), ...blobs]));
  renameSync(tmp, file);
}
