import { describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import type { ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { convertWithSoffice, unquotePath, type SofficeSystem } from "../src/intake/xlsx/convert-soffice.js";
import { runCchc } from "./helpers/cli.js";
import { workspacesRemovedAfterAll } from "./helpers/temp-workspaces.js";
import { repoRoot } from "./helpers/model-fixture.js";

const makeWorkspace = workspacesRemovedAfterAll();

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const xlsBytes = (): Uint8Array =>
  new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(1016).fill(0)]);

/** The fenced blocks of a language in a Markdown text. */
function codeBlocks(md: string, lang: string): string[] {
  return [...md.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);
}

describe("LibreOffice conversion on Windows", () => {
  /** A fake soffice.exe that never ends by itself, and a taskkill that ends it (as Windows would). */
  function fakeWindows() {
    const events: string[] = [];
    const spawned: { cmd: string; args: string[] }[] = [];
    const soffice = Object.assign(new EventEmitter(), { pid: 4242 }) as unknown as ChildProcess;
    const system: Partial<SofficeSystem> = {
      platform: "win32",
      spawn: (cmd, args) => {
        spawned.push({ cmd, args });
        if (cmd !== "taskkill") return soffice;
        const killer = new EventEmitter() as unknown as ChildProcess;
        setTimeout(() => {
          events.push("soffice.exe ended");
          soffice.emit("exit", 1);
          setTimeout(() => {
            events.push("tree ended");
            killer.emit("exit", 0);
          }, 30);
        }, 10);
        return killer;
      },
      killGroup: () => events.push("process group killed"),
      rm: async (path, options) => {
        events.push(`profile removed with ${options.maxRetries} retries`);
        expect(path).toMatch(/cchc-convert-/);
      },
    };
    return { events, spawned, system };
  }

  it("kills the whole soffice tree with taskkill /T /F when the conversion times out, then removes the profile with retries", async () => {
    const { events, spawned, system } = fakeWindows();
    const out = await convertWithSoffice(xlsBytes(), "xls", {
      soffice: "C:\\LibreOffice\\program\\soffice.exe",
      timeoutMs: 20,
      system,
    });
    expect(out).toBeNull();
    expect(spawned.map((s) => s.cmd)).toEqual(["C:\\LibreOffice\\program\\soffice.exe", "taskkill"]);
    expect(spawned[1]!.args).toEqual(["/T", "/F", "/PID", "4242"]);
    // the profile is removed only once the tree (soffice.bin included) has ended
    expect(events).toEqual(["soffice.exe ended", "tree ended", "profile removed with 10 retries"]);
  });

  it.skipIf(process.platform === "win32")(
    "kills soffice's child processes too elsewhere (the process group) and removes the profile",
    async () => {
      const ws = makeWorkspace();
      const pidFile = join(ws, "pids.txt");
      const script = join(ws, "slow-soffice.sh");
      // soffice starts soffice.bin: a child that would keep the profile open
      writeFileSync(script, `#!/bin/sh\nsleep 60 &\necho "$! $(pwd)" > "${pidFile}"\nwait\n`);
      chmodSync(script, 0o755);
      const out = await convertWithSoffice(xlsBytes(), "xls", { soffice: script, timeoutMs: 1500 });
      expect(out).toBeNull();
      const [pid, dir] = readFileSync(pidFile, "utf8").trim().split(" ");
      await new Promise((r) => setTimeout(r, 200));
      const state = existsSync(`/proc/${pid}/status`)
        ? /State:\s+(\S)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]
        : "gone";
      expect(["gone", "Z"]).toContain(state);
      expect(existsSync(dir!)).toBe(false);
    },
  );

  it("takes a CCHC_SOFFICE path pasted with its surrounding quotes", () => {
    expect(unquotePath('"C:\\Program Files\\LibreOffice\\program\\soffice.exe"')).toBe(
      "C:\\Program Files\\LibreOffice\\program\\soffice.exe",
    );
    expect(unquotePath("  'C:\\LO\\soffice.exe'  ")).toBe("C:\\LO\\soffice.exe");
    expect(unquotePath("/usr/bin/soffice")).toBe("/usr/bin/soffice");
  });

  it.skipIf(process.platform === "win32")(
    "converts an .xls through CCHC_SOFFICE given with quotes, through the CLI",
    () => {
      const ws = makeWorkspace();
      mkdirSync(join(ws, "data", "2025-Q1"), { recursive: true });
      writeFileSync(join(ws, "data", "2025-Q1", "so-tu-phap.xls"), xlsBytes());
      const fake = join(ws, "bin dir", "soffice");
      mkdirSync(join(ws, "bin dir"));
      const inbox = join(repoRoot, "data", "2025-Q1");
      const converted = join(
        inbox,
        readdirSync(inbox).find((n) => n.startsWith("so-tu-phap_v1_"))!,
      );
      writeFileSync(
        fake,
        `#!/bin/sh\nprev=""\nfor a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\nmkdir -p "$out" && cp "${converted}" "$out/input.xlsx"\n`,
      );
      chmodSync(fake, 0o755);
      const r = runCchc(["check", "--period", "2025-Q1", "--date", "2025-03-18", "--root", ws, "--json"], {
        env: { CCHC_SOFFICE: ` "${fake}" ` },
      });
      const sub = (
        JSON.parse(r.stdout) as { submissions: { file: string; accepted: boolean; converted: string | null }[] }
      ).submissions[0]!;
      expect(sub).toMatchObject({ file: "so-tu-phap.xls", accepted: true, converted: "xls" });
    },
  );
});

describe("text outputs for Windows users", () => {
  it("writes output/tien-do/<month>.md with a UTF-8 BOM and CRLF line ends", () => {
    const ws = makeWorkspace();
    const r = runCchc(["run", "--date", "2025-01-15", "--root", ws, "--quiet"]);
    expect(r.status).toBe(0);
    const bytes = readFileSync(join(ws, "output", "tien-do", "2025-01.md"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text).toMatch(/^# Tiến độ thực hiện kế hoạch/);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });
});

describe("Windows scheduling and docs", () => {
  const wrapperPath = join(repoRoot, "scripts", "cchc-hang-ngay.cmd");

  it("ships a .cmd wrapper with CRLF line ends that runs cchc run and appends to a log under output\\", () => {
    const bytes = readFileSync(wrapperPath);
    const text = bytes.toString("latin1");
    expect(text).toMatch(/^[\x00-\x7f]*$/); // cmd.exe reads a batch file in the OEM code page
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("@echo off");
    // the program's entry point, relative to the wrapper, exists
    expect(text).toContain('"%CCHC_HOME%\\bin\\cchc.js" run --root "%CCHC_ROOT%" --quiet >>"%CCHC_LOG%" 2>&1');
    expect(existsSync(join(wrapperPath, "..", "..", "bin", "cchc.js"))).toBe(true);
    expect(text).toContain('set "CCHC_LOG=%CCHC_ROOT%\\output\\cchc-hang-ngay.log"');
    expect(text).toMatch(/exit \/b %CCHC_EXIT%/);
    // "D:\cchc\" would end in \" on node's command line, an escaped quote: the wrapper adds a dot
    expect(text).toContain('if "%CCHC_ROOT:~-1%"=="\\" set "CCHC_ROOT=%CCHC_ROOT%."');
    for (const l of lines) expect(l).not.toMatch(/^\s*(#|\/\/)/);
  });

  it("keeps .cmd files byte for byte in Git and treats Office files as binary", () => {
    const attrs = readFileSync(join(repoRoot, ".gitattributes"), "utf8");
    expect(attrs).toMatch(/^\* text=auto eol=lf$/m);
    expect(attrs).toMatch(/^\*\.cmd -text$/m);
    for (const ext of ["xlsx", "xls", "docx", "ods", "zip", "png"])
      expect(attrs).toMatch(new RegExp(`^\\*\\.${ext} binary$`, "m"));
  });

  it("gives the README's Windows commands in cmd syntax: no # comments, no &&, no ~ or unexpanded paths", () => {
    const blocks = codeBlocks(readme, "bat");
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const lines = blocks.flatMap((b) => b.split("\n")).filter((l) => l.trim() !== "");
    for (const l of lines) {
      expect(l).toMatch(/^(npx cchc |npm |node |cd \/d |chcp 65001$|schtasks |type |rem )/);
      expect(l).not.toMatch(/#|&&|~|\/srv|\/opt/);
    }
    expect(lines).toContain('npx cchc receive "%USERPROFILE%\\Downloads\\*.xlsx"');
  });

  it("registers the wrapper to run whether or not the user is logged on, and catches up with StartWhenAvailable", () => {
    const create = codeBlocks(readme, "bat")
      .flatMap((b) => b.split("\n"))
      .find((l) => l.startsWith("schtasks /Create"));
    expect(create).toBeDefined();
    expect(create).toMatch(/\/RU "%USERDOMAIN%\\%USERNAME%" \/RP \*/);
    expect(create).toMatch(/\/TR "C:\\cchc\\bao-cao-cchc\\scripts\\cchc-hang-ngay\.cmd \\\\may-chu\\cchc"/);
    const ps = codeBlocks(readme, "powershell").join("\n");
    expect(ps).toMatch(/New-ScheduledTaskSettingsSet -StartWhenAvailable/);
    expect(ps).toMatch(/Set-ScheduledTask -TaskName "cchc run" -Settings \$s/);
    expect(ps).not.toMatch(/&&/);
    expect(readme).toMatch(/UNC/);
  });
});
