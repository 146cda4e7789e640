import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Converts an .xls or .ods file to .xlsx through LibreOffice (`soffice --headless --convert-to xlsx`), when soffice
 * is on the PATH. Each conversion runs in its own temporary directory with a fresh LibreOffice profile (so runs
 * neither share state nor collide), is killed after a timeout, and cleans up after itself.
 */

export interface ConvertOptions {
  /** the soffice executable; default: found on PATH */
  soffice?: string;
  /** default 60 s */
  timeoutMs?: number;
}

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
  const onPath = (process.env["PATH"] ?? "").split(delimiter).filter(Boolean).flatMap((dir) => names.map((n) => join(dir, n)));
  const override = process.env["CCHC_SOFFICE"];
  const candidates = override ? [override] : [...onPath, ...usualInstallPaths()];
  cachedSoffice = candidates.find(isExecutable) ?? null;
  return cachedSoffice;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const child = spawn(cmd, args, { cwd, stdio: "ignore", detached: process.platform !== "win32" });
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(ok);
    };
    const timer = setTimeout(() => {
      try {
        // the whole process group this call started (soffice forks soffice.bin)
        if (child.pid !== undefined) process.kill(process.platform === "win32" ? child.pid : -child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      finish(false);
    }, timeoutMs);
    child.on("error", () => finish(false));
    child.on("exit", (code) => finish(code === 0));
  });
}

/** The .xlsx bytes of a converted .xls/.ods, or null when soffice is absent or the conversion failed. */
export async function convertWithSoffice(bytes: Uint8Array, format: "xls" | "ods", options: ConvertOptions = {}): Promise<Uint8Array | null> {
  const soffice = options.soffice ?? findSoffice();
  if (!soffice) return null;
  const dir = await mkdtemp(join(tmpdir(), "cchc-convert-"));
  try {
    const input = join(dir, `input.${format}`);
    const outDir = join(dir, "out");
    await writeFile(input, bytes);
    const ok = await run(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
        "--headless",
        "--norestore",
        "--nolockcheck",
        // force the import filter: otherwise LibreOffice imports any unreadable file as text
        `--infilter=${format === "xls" ? "MS Excel 97" : "calc8"}`,
        "--convert-to",
        "xlsx",
        "--outdir",
        outDir,
        input,
      ],
      dir,
      options.timeoutMs ?? 60_000,
    );
    if (!ok) return null;
    const produced = (await readdir(outDir).catch(() => [] as string[])).find((n) => n.toLowerCase().endsWith(".xlsx"));
    if (!produced) return null;
    return new Uint8Array(await readFile(join(outDir, produced)));
  } catch {
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
