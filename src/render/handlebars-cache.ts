import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInThisContext } from "node:vm";
import { Handlebars, handlebarsCompiler, type HandlebarsRuntime } from "./handlebars-runtime.js";
import { cacheDir } from "../util/compile-cache.js";
import { writeFileAtomicSync } from "../util/atomic-write.js";

/**
 * A handlebars template compiled as `hb.compile` compiles it, from its precompiled JavaScript when an earlier run left
 * it in the user's code cache folder (util/compile-cache.ts: private to the user; CCHC_NO_COMPILE_CACHE=1 turns it
 * off), named by the digest of handlebars' version, the options and the source. Parsing and compiling the snippets of
 * templates/cau-van and the status board costs a fifth of a second of every build. A missing or damaged entry only
 * means compiling from the source, with handlebars' compiler, loaded then (handlebars-runtime.ts); errors of the
 * source are thrown by `precompile` as `hb.compile` would.
 */
export function compileCached(
  hb: HandlebarsRuntime,
  source: string,
  options: CompileOptions,
  folder: string,
): HandlebarsTemplateDelegate {
  const dir = process.env["CCHC_NO_COMPILE_CACHE"] ? null : cacheDir();
  const key = createHash("sha256")
    .update(`${Handlebars.VERSION}\n${JSON.stringify(options)}\n${source}`)
    .digest("hex")
    .slice(0, 40);
  const file = dir === null ? null : join(dir, folder, `${key}.js`);
  if (file !== null) {
    try {
      return hb.template(runInThisContext(`(${readFileSync(file, "utf8")})`) as TemplateSpecification);
    } catch {
      /* not cached yet, or damaged: compiled from the source below */
    }
  }
  const spec = String(handlebarsCompiler().precompile(source, options));
  if (file !== null) {
    try {
      // inside the private cache folder; written whole or not at all
      writeFileAtomicSync(file, spec);
    } catch {
      /* the next run compiles it again */
    }
  }
  return hb.template(runInThisContext(`(${spec})`) as TemplateSpecification);
}
