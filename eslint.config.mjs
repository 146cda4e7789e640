// ESLint: the recommended rules of ESLint and typescript-eslint, the import boundaries of the layers
// (lint/layers.mjs), and a pure core (calendar, consolidate, vn read no files and no clock). Formatting is Prettier's.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import layers from "./lint/boundaries.mjs";
import { knownViolations } from "./lint/layers.mjs";

const ioModules = ["node:fs", "node:fs/promises", "node:child_process", "exceljs", "docxtemplater", "pizzip"].map(
  (name) => ({ name, message: "calendar, consolidate and vn are pure: files are read at the edges and passed in." }),
);

const clock = 'No hidden clock in the pure core: take "now" as an argument (calendar/today.ts reads it).';

export default defineConfig(
  { ignores: ["dist/", "output/", "data/", "node_modules/", "test/golden/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // The globals of the Node that runs the lint (process, console, Buffer, URL, fetch…).
    languageOptions: {
      globals: Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((n) => [n, "readonly"])),
    },
  },
  {
    rules: {
      // the code matches control characters on purpose (display-safe names, XML-illegal characters, NUL checks)
      "no-control-regex": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // tests cast fixtures freely
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["src/**/*.ts"],
    plugins: { layers },
    rules: { "layers/import-boundary": ["error", { allow: knownViolations }] },
  },
  {
    files: ["src/calendar/**/*.ts", "src/consolidate/**/*.ts", "src/vn/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { paths: ioModules }] },
  },
  {
    // "now" is an argument: only calendar/today.ts reads the clock
    files: ["src/calendar/**/*.ts", "src/consolidate/**/*.ts", "src/plan/**/*.ts", "src/vn/**/*.ts"],
    ignores: ["src/calendar/today.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clock },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: clock },
      ],
    },
  },
);
