import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Whether this machine lets a test create symbolic links. Windows allows it only with Developer Mode or
 * administrator rights (EPERM otherwise): every test that creates a symlink runs under `test.skipIf(!canSymlink)`.
 */
export const canSymlink: boolean = (() => {
  const dir = mkdtempSync(join(tmpdir(), "cchc-symlink-probe-"));
  try {
    symlinkSync(join(dir, "target"), join(dir, "link"), "file");
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
