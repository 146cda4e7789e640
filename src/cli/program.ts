import { Command, Help, Option } from "commander";
import type { EventEmitter } from "node:events";
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { todayIn } from "../calendar/today.js";
import { isPeriodId, supportedYears } from "../calendar/period.js";
import { CchcError } from "../problems/problem.js";
import type { CommonOptions } from "../commands/result.js";

/** Commander's help, with its headings in Vietnamese. */
class VietnameseHelp extends Help {
  override subcommandTerm(cmd: Command): string {
    return localiseTerms(super.subcommandTerm(cmd));
  }

  override commandUsage(cmd: Command): string {
    return localiseTerms(super.commandUsage(cmd));
  }

  override formatHelp(cmd: Command, helper: Help): string {
    return super
      .formatHelp(cmd, helper)
      .replace(/^Usage:/m, "Cách dùng:")
      .replace(/^Options:/m, "Tùy chọn:")
      .replace(/^Commands:/m, "Lệnh:")
      .replace(/^Arguments:/m, "Tham số:")
      .replace(/\(default: ([^)]*)\)/g, "(mặc định: $1)");
  }
}

function localiseTerms(s: string): string {
  return s.replace(/\[options\]/g, "[tùy-chọn]").replace(/\[command\]/g, "[lệnh]");
}

export function newCommand(name: string): Command {
  const c = new Command(name);
  c.createHelp = () => Object.assign(new VietnameseHelp(), c.configureHelp());
  c.helpOption("-h, --help", "hiển thị trợ giúp của lệnh");
  c.addHelpCommand(false);
  c.showHelpAfterError(false);
  c.configureOutput({ outputError: () => {} });
  return c;
}

/** Adds --root, --json and --quiet (every command has them). */
export function withCommon(c: Command): Command {
  return c
    .option("--root <thư-mục>", "thư mục làm việc (chứa seeds/, templates/, data/, output/)", ".")
    .option("--json", "in kết quả dạng JSON cho các chương trình khác")
    .option("-q, --quiet", "chỉ in lỗi, không in thông tin thêm");
}

export function withDate(c: Command): Command {
  return c.addOption(new Option("--date <YYYY-MM-DD>", "ngày làm mốc (mặc định: hôm nay, giờ Việt Nam)"));
}

/**
 * Makes every option of the command strict: an empty value ("--period ''") and an option given twice are usage
 * errors (exit 2), except list options by design (those collecting into an array, like --agency of issue).
 */
export function strictOptions(c: Command): Command {
  for (const opt of c.options) {
    const list = Array.isArray(opt.defaultValue);
    const key = opt.attributeName();
    const flag = opt.long ?? opt.short ?? opt.name();
    // runs before commander stores the value, so the source still tells whether the option came before
    (c as unknown as EventEmitter).prependListener(`option:${opt.name()}`, (value: unknown) => {
      if (opt.required && typeof value === "string" && value.trim() === "") {
        throw new CchcError(`Tùy chọn ${flag} không được để trống.\n${usageHint}`, 2);
      }
      if (!list && c.getOptionValueSource(key) === "cli") {
        throw new CchcError(`Tùy chọn ${flag} chỉ được dùng một lần trong một lệnh.\n${usageHint}`, 2);
      }
    });
  }
  return c;
}

export const usageHint = 'Xem "cchc --help" hoặc "cchc <lệnh> --help".';

/** --root, resolved; it must be an existing folder (for every command that works in a workspace). */
export function commonOptions(o: Record<string, unknown>, { workspace = true } = {}): CommonOptions {
  const root = resolve(String(o["root"] ?? "."));
  if (workspace) checkWorkspaceDir(root);
  return { root, json: Boolean(o["json"]), quiet: Boolean(o["quiet"]) };
}

/** --out: a folder that exists or will be made; an existing file there is a usage error. */
export function outDirOption(o: Record<string, unknown>): string | undefined {
  const out = o["out"];
  if (out === undefined) return undefined;
  // the nearest part of the path that exists must be a folder
  for (let dir = resolve(String(out)); ; dir = dirname(dir)) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      if (dir === dirname(dir)) break;
      continue;
    }
    if (!st.isDirectory())
      throw new CchcError(`${dir} không phải thư mục. --out phải là thư mục (có sẵn, hoặc chưa có thì được tạo).`, 2);
    break;
  }
  return String(out);
}

function checkWorkspaceDir(root: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new CchcError(
        `Thư mục làm việc ${root} không tồn tại. Hãy kiểm tra --root, hoặc tạo thư mục làm việc bằng "cchc init ${root}".`,
        2,
      );
    }
    throw new CchcError(
      `Không mở được thư mục làm việc ${root} (${code ?? "lỗi không rõ"}). Hãy kiểm tra --root và quyền truy cập.`,
      2,
    );
  }
  if (!isDir) {
    throw new CchcError(
      `${root} không phải thư mục. --root phải là thư mục làm việc (chứa seeds/, templates/, data/, output/).`,
      2,
    );
  }
}

/** --date, checked; default today in Asia/Ho_Chi_Minh. */
export function dateOption(o: Record<string, unknown>, timeZone = "Asia/Ho_Chi_Minh"): string {
  const d = o["date"];
  if (d === undefined) return todayIn(timeZone);
  const s = String(d);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const valid =
    m !== null &&
    (() => {
      const dt = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
      return dt.getUTCFullYear() === +m[1]! && dt.getUTCMonth() === +m[2]! - 1 && dt.getUTCDate() === +m[3]!;
    })();
  if (!valid) throw new CchcError(`Ngày "${s}" không hợp lệ. Dùng dạng YYYY-MM-DD, ví dụ 2025-03-20.`, 2);
  const year = Number(m[1]);
  if (year < supportedYears.from || year > supportedYears.to) {
    throw new CchcError(
      `Ngày "${s}" nằm ngoài khoảng chương trình hỗ trợ (năm ${supportedYears.from}–${supportedYears.to}).`,
      2,
    );
  }
  return s;
}

/** --period as given; an id whose year is outside the years the program handles is a usage error. */
export function periodOption(o: Record<string, unknown>): string | undefined {
  const p = o["period"];
  if (p === undefined) return undefined;
  const id = String(p).trim();
  const year = Number(id.slice(0, 4));
  if (isPeriodId(id) && (year < supportedYears.from || year > supportedYears.to)) {
    throw new CchcError(
      `Mã kỳ báo cáo "${id}" nằm ngoài khoảng chương trình hỗ trợ (năm ${supportedYears.from}–${supportedYears.to}).`,
      2,
    );
  }
  return id;
}
