import { afterAll } from "vitest";
import { rmSync } from "node:fs";
import { makeWorkspace } from "./cli.js";

/** A maker of temporary workspaces (repository seeds/ and templates/) that are removed after the file's tests. */
export function workspacesRemovedAfterAll(): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const dir = makeWorkspace();
    made.push(dir);
    return dir;
  };
}
