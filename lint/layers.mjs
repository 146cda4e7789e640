// The layers of src/ (see the developer section of the README): a folder imports only folders of a lower layer, or
// siblings of its own layer as long as no folders import in a circle (scripts/import-graph.mjs checks that).
// Read by the import-boundary rule of ESLint (lint/boundaries.mjs) and by the circle check.

/** Top-level folders of src/ by layer, top first. src/version.ts sits in the bottom layer. */
export const layers = [
  ["cli"],
  ["commands", "config", "sample"],
  ["workspace"],
  ["render", "forms"],
  ["consolidate"],
  ["intake"],
  ["plan", "calendar"],
  ["problems"],
  ["vn", "util", "version"],
];

/** Layer number of each folder: 0 is the top (cli). */
export const layerOf = new Map(layers.flatMap((folders, rank) => folders.map((folder) => [folder, rank])));

/**
 * Imports that break the layers, each allowed for one file until the work that removes it lands. An entry is
 * [folder of the file, file name (found at any depth of that folder, so moving the file into a room keeps it), folder
 * it may import], with the reason beside it. Empty since issue 14 removed the last one: keep it so, and never add an
 * entry without its reason and the work that will remove it.
 */
export const knownViolations = [];

/** Whether the file (path relative to src/, forward slashes) may import the folder despite the layers. */
export function isKnownViolation(file, target, allowed = knownViolations) {
  const folder = file.split("/")[0];
  const name = file.slice(file.lastIndexOf("/") + 1);
  return allowed.some(([from, fileName, to]) => from === folder && fileName === name && to === target);
}
