import { afterEach, describe, expect, it, vi } from "vitest";
import { Command } from "commander";
import { runCli } from "../src/cli/main.js";
import { runCchc } from "./helpers/cli.js";

/** Everything written to stdout while `fn` runs (stderr is silenced). */
async function captureStdout(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = "";
  const so = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const se = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const code = await fn();
    return { code, out };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

describe("a program reading --json gets one JSON answer for every kind of stop", () => {
  afterEach(() => vi.restoreAllMocks());

  it("answers an unknown option with JSON on stdout and exit 2", () => {
    const r = runCchc(["status", "--json", "--khong-co"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^[\x00-\x7f]*$/);
    const answer = JSON.parse(r.stdout) as { error: string; exitCode: number; details: string[] };
    expect(answer.exitCode).toBe(2);
    expect(answer.error).toContain("Tùy chọn không có");
    expect(answer.details.join(" ")).toContain("--help");
    expect(r.stderr).toContain("Tùy chọn không có");
  });

  it("answers an unknown command with JSON on stdout and exit 2", () => {
    const r = runCchc(["tong-hop", "--json"]);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error).toContain("Lệnh không có");
  });

  it("keeps stdout empty for a usage error without --json", () => {
    const r = runCchc(["status", "--khong-co"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("answers a bug with JSON naming it as the program's fault, exit 3", async () => {
    const crashing = () => {
      const program = new Command("cchc");
      program.exitOverride();
      program
        .command("build")
        .option("--json")
        .action(() => {
          throw new TypeError("Cannot read properties of undefined (reading 'x')");
        });
      return program;
    };
    const { code, out } = await captureStdout(() =>
      runCli(["node", "cchc", "build", "--json"], crashing as unknown as Parameters<typeof runCli>[1]),
    );
    expect(code).toBe(3);
    const answer = JSON.parse(out) as { error: string; exitCode: number; bug: { name: string; message: string } };
    expect(answer.exitCode).toBe(3);
    expect(answer.error).toContain("lỗi của chương trình");
    expect(answer.bug).toEqual({ name: "TypeError", message: "Cannot read properties of undefined (reading 'x')" });
  });
});
