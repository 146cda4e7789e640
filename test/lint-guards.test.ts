import { ESLint } from "eslint";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foldersWithoutOpening } from "../lint/folder-openings.mjs";
import { circlesOf, folderGraph, type FolderGraph } from "../lint/import-graph.mjs";
import { isKnownViolation } from "../lint/layers.mjs";
import { repoRoot } from "./helpers/model-fixture.js";

const eslint = new ESLint({ cwd: repoRoot });

/** The messages ESLint gives a file of the given content at the given place in the repository (not written). */
async function lint(path: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${path}` });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

type Message = { ruleId: string | null; message: string };
const boundary = (messages: Message[]) => messages.filter((m) => m.ruleId === "layers/import-boundary");

describe("the import boundary between layers", () => {
  it("refuses an import from a lower layer upward (plan importing render)", async () => {
    const messages = await lint("src/plan/boundary-probe.ts", 'export { renderAll } from "../render/index.js";\n');
    expect(boundary(messages)).toHaveLength(1);
    expect(boundary(messages)[0]?.message).toMatch(/^plan may not import render/);
  });

  it("judges a room inside a folder by its folder, for static, type and dynamic imports", async () => {
    const code = [
      'import type { Plan } from "../../plan/plan.js";',
      'import type { Consolidated } from "../../consolidate/model.js";',
      'export const load = () => import("../../commands/build.js");',
      "export type Both = [Plan, Consolidated];",
      "",
    ].join("\n");
    const messages = boundary(await lint("src/intake/some-room/boundary-probe.ts", code));
    expect(messages.map((m) => m.message.slice(0, m.message.indexOf(","))).sort()).toEqual([
      "intake may not import commands",
      "intake may not import consolidate",
    ]);
  });

  it("lets a layer import the layers below it and its own folder", async () => {
    const code = [
      'import type { Plan } from "../plan/plan.js";',
      'import { foldName } from "../vn/fold.js";',
      'import "./index.js";',
      "export const f = (p: Plan) => foldName(String(p));",
      "",
    ].join("\n");
    expect(boundary(await lint("src/render/boundary-probe.ts", code))).toEqual([]);
  });

  it("allows a listed violation only to the file it is listed for, wherever the file moves in its folder", async () => {
    const listed = new ESLint({
      cwd: repoRoot,
      overrideConfig: {
        files: ["src/**/*.ts"],
        rules: { "layers/import-boundary": ["error", { allow: [["intake", "listed.ts", "render"]] }] },
      },
    });
    const code = 'export * from "../../render/index.js";\n';
    const lintWith = async (path: string) => {
      const [result] = await listed.lintText(code, { filePath: `${repoRoot}/${path}` });
      return boundary(result?.messages ?? []);
    };
    expect(await lintWith("src/intake/judge/listed.ts")).toEqual([]);
    expect(await lintWith("src/intake/xlsx/listed.ts")).toEqual([]);
    expect(await lintWith("src/intake/judge/other.ts")).toHaveLength(1);
    expect(isKnownViolation("intake/judge/listed.ts", "render", [["intake", "listed.ts", "render"]])).toBe(true);
    expect(isKnownViolation("intake/judge/listed.ts", "commands", [["intake", "listed.ts", "render"]])).toBe(false);
  });

  it("asks for a layer for a folder that has none", async () => {
    const messages = boundary(await lint("src/new-folder/boundary-probe.ts", 'export * from "../vn/fold.js";\n'));
    expect(messages.map((m) => m.message)).toEqual(["Folder src/new-folder has no layer: add it to lint/layers.mjs."]);
  });

  it("keeps files and the clock out of the pure core", async () => {
    const code = 'export { readFile } from "node:fs/promises";\nexport const at = () => [new Date(), Date.now()];\n';
    const messages = await lint("src/consolidate/boundary-probe.ts", code);
    expect(messages.map((m) => m.ruleId)).toEqual([
      "no-restricted-imports",
      "no-restricted-syntax",
      "no-restricted-syntax",
    ]);
    expect(await lint("src/calendar/today.ts", "export const now = () => new Date();\n")).toEqual([]);
  });
});

describe("circles between folders", () => {
  const graph = (pairs: [string, string][]): FolderGraph => {
    const edges: FolderGraph = new Map();
    for (const [from, to] of pairs) {
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from)?.set(to, new Set([`${from}/x.ts`]));
    }
    return edges;
  };

  it("finds each circle once, whatever its length, and nothing in a graph without one", () => {
    expect(
      circlesOf(
        graph([
          ["a", "b"],
          ["b", "c"],
          ["c", "a"],
          ["c", "d"],
          ["e", "f"],
          ["f", "e"],
        ]),
      ),
    ).toEqual([
      ["a", "b", "c"],
      ["e", "f"],
    ]);
    expect(
      circlesOf(
        graph([
          ["a", "b"],
          ["b", "c"],
          ["a", "c"],
        ]),
      ),
    ).toEqual([]);
  });

  it("finds none between the folders of src/ once the listed violations are set aside", () => {
    const strict = folderGraph((file, to) => !isKnownViolation(file, to));
    expect(strict.get("commands")?.has("plan")).toBe(true);
    expect(circlesOf(strict)).toEqual([]);
  });
});

describe("the opening paragraph of each folder", () => {
  it("is found in a file of the folder when a comment paragraph begins with the folder's path", () => {
    const src = mkdtempSync(join(tmpdir(), "cchc-openings-"));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(join(src, path, ".."), { recursive: true });
        writeFileSync(join(src, path), text);
      };
      write("plan/plan.ts", "/**\n * plan: the plan as data.\n */\nexport const a = 1;\n");
      write("intake/xlsx/read.ts", 'import x from "y";\n/**\n * Reading.\n *\n * intake/xlsx: reading files.\n */\n');
      write("intake/judge/rules.ts", "/** The rules of intake/judge: said in passing, not an opening. */\n");
      write("render/index.ts", "// render — no colon after the name\n");
      write("vn/deep/nested.ts", "// vn/deep: the room opens itself, its folder does not\n");
      write(
        "util/rooms/one.ts",
        "// util: a folder made of rooms may open in one of them\n// util/rooms: and so may the room\n",
      );
      expect(foldersWithoutOpening(src)).toEqual(["intake", "intake/judge", "render", "vn"]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });

  it("is there for every folder of src/", () => {
    expect(foldersWithoutOpening(join(repoRoot, "src"))).toEqual([]);
  });
});
