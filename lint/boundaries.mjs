// ESLint plugin with one rule, layers/import-boundary: a file of src/ imports only folders of a lower layer (or
// siblings of its own layer), as lint/layers.mjs lists them. Relative imports are resolved against the file, so rooms
// inside a folder (src/intake/xlsx/…) are judged by their top-level folder.
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { isKnownViolation, layerOf, layers } from "./layers.mjs";

const srcRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "src");

/** Top-level folder of a path relative to src/ ("version.ts" at the top counts as the folder "version"). */
export function folderOf(fromSrc) {
  const slash = fromSrc.indexOf("/");
  return slash >= 0 ? fromSrc.slice(0, slash) : fromSrc.replace(/\.[cm]?[jt]s$/, "");
}

const importBoundary = {
  meta: {
    type: "problem",
    docs: { description: "Layers of src/ import downward only (lint/layers.mjs)" },
    // { allow: knownViolations of lint/layers.mjs }, given by eslint.config.mjs (so that ESLint's cache sees it)
    schema: [
      {
        type: "object",
        properties: { allow: { type: "array", items: { type: "array", items: { type: "string" } } } },
        additionalProperties: false,
      },
    ],
    messages: {
      upward:
        "{{from}} may not import {{to}}, a higher layer: layers import downward only — " +
        "{{order}}. Move the shared piece down, or pass it in from above (lint/layers.mjs).",
      unplaced: "Folder src/{{folder}} has no layer: add it to lint/layers.mjs.",
    },
  },
  create(context) {
    const file = relative(srcRoot, context.filename).split(sep).join("/");
    if (file.startsWith("..") || file === context.filename) return {};
    const from = folderOf(file);
    const fromRank = layerOf.get(from);
    const allowed = context.options[0]?.allow ?? [];
    const order = layers.map((folders) => folders.join(" / ")).join(" → ");
    const check = (source) => {
      if (!source || typeof source.value !== "string" || !source.value.startsWith(".")) return;
      const target = relative(srcRoot, join(dirname(context.filename), source.value))
        .split(sep)
        .join("/");
      if (target.startsWith("..")) return;
      const to = folderOf(target);
      if (to === from) return;
      if (fromRank === undefined) {
        context.report({ node: source, messageId: "unplaced", data: { folder: from } });
        return;
      }
      const toRank = layerOf.get(to);
      if (toRank === undefined) {
        context.report({ node: source, messageId: "unplaced", data: { folder: to } });
        return;
      }
      if (toRank >= fromRank || isKnownViolation(file, to, allowed)) return;
      context.report({
        node: source,
        messageId: "upward",
        data: { from, to, order },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source.type === "Literal" ? node.source : null),
      TSImportType: (node) => check(node.argument?.type === "TSLiteralType" ? node.argument.literal : node.source),
    };
  },
};

export default { meta: { name: "layers" }, rules: { "import-boundary": importBoundary } };
