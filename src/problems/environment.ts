import * as nodePath from "node:path";
import { CchcError } from "./problem.js";

/**
 * Problems of the machine, not of the data or the program: a full disk, a read-only or forbidden folder, a file
 * held open by another program. They stop the command with exit 2 and a plain Vietnamese message naming the file;
 * never a stack trace. The wording lives here, in one place.
 */

/** The program that most likely holds an output open, by its extension. */
function holderOf(path: string, p: Pick<typeof nodePath, "extname"> = nodePath): string {
  switch (p.extname(path).toLowerCase()) {
    case ".docx":
      return "Word";
    case ".xlsx":
    case ".csv":
      return "Excel";
    case ".html":
      return "trình duyệt";
    default:
      return "chương trình đang mở nó";
  }
}

const KEPT = "Các tệp kết quả cũ được giữ nguyên, đầy đủ.";

/** Error codes that are the machine's doing. */
const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);
const NO_WRITE = new Set(["EROFS", "EACCES", "EPERM"]);

interface EnvErrorLike {
  code?: string;
  path?: string;
  syscall?: string;
  /** set by output-transaction.ts: the output the error was about, and whether the old outputs were kept */
  target?: string;
  outputsKept?: boolean;
}

/** A held output (output-transaction.ts FileHeldError) in plain words. */
export function fileHeldMessage(
  path: string,
  code: string,
  p: Pick<typeof nodePath, "basename" | "extname"> = nodePath,
): string {
  const name = p.basename(path);
  const why =
    code === "EISDIR"
      ? `ở chỗ tệp đang có một thư mục cùng tên, hoặc tệp đang được mở`
      : `tệp đang được mở trong ${holderOf(path, p)} hoặc chương trình khác`;
  return `Không thay được tệp ${path}: ${why}. Hãy đóng tệp ${name} trong ${holderOf(path, p)} rồi chạy lại.`;
}

/**
 * The expected stop for an error of the machine (exit 2), or null when the error is not one (then it is a bug).
 * `e.target` (the output a temporary file was for) is named rather than the temporary file.
 */
export function environmentError(e: unknown): CchcError | null {
  if (!e || typeof e !== "object") return null;
  const err = e as EnvErrorLike & { name?: string };
  const kept = err.outputsKept ? [KEPT] : [];
  if (err.name === "FileHeldError" && err.path)
    return new CchcError(fileHeldMessage(err.path, err.code ?? "EBUSY"), 2, kept);
  const code = err.code ?? "";
  const path = err.target ?? err.path ?? "";
  const where = path ? ` ${path}` : "";
  if (DISK_FULL.has(code)) {
    return new CchcError(
      `Ổ đĩa đã đầy: không ghi được${where}. Hãy giải phóng chỗ trống trên ổ đĩa rồi chạy lại.`,
      2,
      kept,
    );
  }
  if (code === "EROFS") {
    return new CchcError(
      `Không ghi được${where}: ổ đĩa hoặc thư mục chỉ cho đọc. Hãy chạy với thư mục làm việc ghi được (--root) hoặc xin quyền ghi rồi chạy lại.`,
      2,
      kept,
    );
  }
  if (NO_WRITE.has(code)) {
    const read =
      err.syscall === "open" || err.syscall === "read" || err.syscall === "scandir" || err.syscall === "stat"
        ? "đọc hoặc ghi"
        : "ghi";
    return new CchcError(
      `Không có quyền ${read}${where}. Hãy xin quyền trên thư mục đó (hoặc đóng chương trình đang giữ tệp) rồi chạy lại.`,
      2,
      kept,
    );
  }
  if (code === "EBUSY") return new CchcError(fileHeldMessage(path, code), 2, kept);
  if (code === "EMFILE" || code === "ENFILE") {
    return new CchcError(
      "Máy đang mở quá nhiều tệp cùng lúc nên không mở thêm được. Hãy đóng bớt chương trình rồi chạy lại.",
      2,
      kept,
    );
  }
  if (code === "EIO")
    return new CchcError(
      `Lỗi đọc/ghi ổ đĩa${where}. Hãy kiểm tra ổ đĩa (hoặc kết nối mạng tới thư mục dùng chung) rồi chạy lại.`,
      2,
      kept,
    );
  return null;
}
