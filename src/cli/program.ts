import { Command, Help, Option } from "commander";
import { resolve } from "node:path";
import { todayIn } from "../calendar/today.js";
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

export function commonOptions(o: Record<string, unknown>): CommonOptions {
  return { root: resolve(String(o["root"] ?? ".")), json: Boolean(o["json"]), quiet: Boolean(o["quiet"]) };
}

/** --date, checked; default today in Asia/Ho_Chi_Minh. */
export function dateOption(o: Record<string, unknown>, timeZone = "Asia/Ho_Chi_Minh"): string {
  const d = o["date"];
  if (d === undefined) return todayIn(timeZone);
  const s = String(d);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const valid = m !== null && (() => {
    const dt = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
    return dt.getUTCFullYear() === +m[1]! && dt.getUTCMonth() === +m[2]! - 1 && dt.getUTCDate() === +m[3]!;
  })();
  if (!valid) throw new CchcError(`Ngày "${s}" không hợp lệ. Dùng dạng YYYY-MM-DD, ví dụ 2025-03-20.`, 2);
  return s;
}
