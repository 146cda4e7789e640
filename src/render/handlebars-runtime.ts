import { createRequire } from "node:module";
import type HandlebarsLibrary from "handlebars";

/**
 * handlebars as the renderers use it: its runtime (templates, helpers, partials, its Exception), without the compiler,
 * which is more than half of the library's loading (~11 ms of every build) and is needed only for a template not yet
 * in the cache (handlebars-cache.ts): `handlebarsCompiler` loads it then. Both are the library's own CommonJS modules
 * (one Exception class for both).
 */
export type HandlebarsRuntime = Omit<
  typeof HandlebarsLibrary,
  "compile" | "precompile" | "parse" | "parseWithoutProcessing" | "create"
> & { create(): HandlebarsRuntime };

const require = createRequire(import.meta.url);

export const Handlebars = require("handlebars/runtime") as HandlebarsRuntime;

/** The whole library, compiler included: loaded the first time a template must be compiled. */
export function handlebarsCompiler(): typeof HandlebarsLibrary {
  return require("handlebars") as typeof HandlebarsLibrary;
}
