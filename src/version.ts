import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The package version, read from package.json (dist/ and src/ both sit one level below it). */
export const version: string = (require("../package.json") as { version: string }).version;
