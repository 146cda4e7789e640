import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Converts an .xls or .ods file to .xlsx (or a .doc or .odt to .docx) through LibreOffice (`soffice --headless --convert-to`), when soffice
 * is on the PATH. Each conversion runs in its own temporary directory with a fresh LibreOffice profile (so runs
 * neither share state nor collide), is killed after a timeout, and cleans up after itself.
 *
 * soffice starts soffice.bin, which holds the profile open: a timeout kills the whole tree (`taskkill /T /F` on
 * Windows, the process group elsewhere) and waits for it, and the temporary folder is removed with retries (Windows
 * keeps a file locked for a moment after its process ends; antivirus may hold it too).
 */

export interface ConvertOptions {
  /** the soffice executable; default: found on PATH */
  soffice?: string;
  /** default 60 s */
  timeoutMs?: number;
  /** the operating system's side, replaced in tests (a Windows process tree cannot be had on Linux) */
  system?: Partial<SofficeSystem>;
}

/** What a conversion needs from the operating system. */
export interface SofficeSystem {
  platform: NodeJS.Platform;
  spawn: (cmd: string, args: string[], options: SpawnOptions) => ChildProcess;
  /** kills a process group by its leader's pid (not Windows) */
  killGroup: (pid: number) => void;
  rm: (
    path: string,
    options: { recursive: true; force: true; maxRetries: number; retryDelay: number },
  ) => Promise<void>;
}

const realSystem: SofficeSystem = {
  platform: process.platform,
  spawn: (cmd, args, options) => spawn(cmd, args, options),
  killGroup: (pid) => process.kill(-pid, "SIGKILL"),
  rm: (path, options) => rm(path, options),
};

/** How long to wait for a killed tree to be gone before the temporary folder is removed anyway. */
const KILL_WAIT_MS = 10_000;

let cachedSoffice: string | null | undefined;

/** Where LibreOffice installs itself when it is not on the PATH (Windows, macOS). */
function usualInstallPaths(): string[] {
  if (process.platform === "win32") {
    return [process.env["ProgramFiles"], process.env["ProgramFiles(x86)"]]
      .filter((d): d is string => Boolean(d))
      .map((d) => join(d, "LibreOffice", "program", "soffice.exe"));
  }
  if (process.platform === "darwin") return ["/Applications/LibreOffice.app/Contents/MacOS/soffice"];
  return [];
}

/** The soffice executable: $CCHC_SOFFICE, else on the PATH, else LibreOffice's usual install place; or null. */
export function findSoffice(): string | null {
  if (cachedSoffice !== undefined) return cachedSoffice;
  const names = process.platform === "win32" ? ["soffice.exe", "soffice.com"] : ["soffice"];
  const onPath = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => names.map((n) => join(dir, n)));
  const override = unquotePath(process.env["CCHC_SOFFICE"] ?? "");
  const candidates = override ? [override] : [...onPath, ...usualInstallPaths()];
  cachedSoffice = candidates.find(isExecutable) ?? null;
  return cachedSoffice;
}

/** A path as pasted from Explorer ("Copy as path") or a shell: surrounding spaces and one pair of quotes dropped. */
export function unquotePath(value: string): string {
  const t = value.trim();
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(t);
  return quoted ? (quoted[1] ?? quoted[2] ?? "").trim() : t;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs soffice; on timeout kills its whole process tree and waits for it to end. True when it exited with 0. */
function run(sys: SofficeSystem, cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const windows = sys.platform === "win32";
    let settled = false;
    let timedOut = false;
    let killWait: NodeJS.Timeout | undefined;
    const settle = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killWait);
      resolve(ok);
    };
    // a group of its own elsewhere, so that the kill reaches soffice.bin too; no console window on Windows
    const child = sys.spawn(cmd, args, { cwd, stdio: "ignore", detached: !windows, windowsHide: true });
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(sys, child);
      // wait for the tree to be gone (the profile is then free), but never forever
      killWait = setTimeout(() => settle(false), KILL_WAIT_MS);
    }, timeoutMs);
    child.on("error", () => settle(false));
    child.on("exit", (code) => {
      if (timedOut) {
        // taskkill ends the tree; soffice.exe's exit may come before soffice.bin's: give taskkill its turn
        if (!windows) settle(false);
        return;
      }
      settle(code === 0);
    });
    function killTree(s: SofficeSystem, c: ChildProcess): void {
      if (c.pid === undefined) return;
      if (windows) {
        const killer = s.spawn("taskkill", ["/T", "/F", "/PID", String(c.pid)], { stdio: "ignore", windowsHide: true });
        killer.on("error", () => settle(false));
        killer.on("exit", () => settle(false));
        return;
      }
      try {
        s.killGroup(c.pid);
      } catch {
        // already gone
      }
    }
  });
}

/** What each input format is opened as (the import filter, forced) and converted to. */
const conversions = {
  xls: { filter: "MS Excel 97", to: "xlsx" },
  ods: { filter: "calc8", to: "xlsx" },
  doc: { filter: "MS Word 97", to: "docx" },
  odt: { filter: "writer8", to: "docx" },
} as const;

/**
 * The bytes of a converted file: .xls/.ods to .xlsx, .doc/.odt to .docx; null when soffice is absent or the
 * conversion failed.
 */
export async function convertWithSoffice(
  bytes: Uint8Array,
  format: keyof typeof conversions,
  options: ConvertOptions = {},
): Promise<Uint8Array | null> {
  const { filter, to } = conversions[format];
  const soffice = options.soffice ?? findSoffice();
  if (!soffice) return null;
  const sys: SofficeSystem = { ...realSystem, ...options.system };
  const dir = await mkdtemp(join(tmpdir(), "cchc-convert-"));
  try {
    const input = join(dir, `input.${format}`);
    const outDir = join(dir, "out");
    await writeFile(input, bytes);
    const ok = await run(
      sys,
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
        "--headless",
        "--norestore",
        "--nolockcheck",
        // force the import filter: otherwise LibreOffice imports any unreadable file as text
        `--infilter=${filter}`,
        "--convert-to",
        to,
        "--outdir",
        outDir,
        input,
      ],
      dir,
      options.timeoutMs ?? 60_000,
    );
    if (!ok) return null;
    const produced = (await readdir(outDir).catch(() => [] as string[])).find((n) =>
      n.toLowerCase().endsWith(`.${to}`),
    );
    if (!produced) return null;
    return new Uint8Array(await readFile(join(outDir, produced)));
  } catch {
    return null;
  } finally {
    await sys.rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => undefined);
  }
}
