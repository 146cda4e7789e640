import type { Command } from "commander";
import { commonOptions, dateOption, newCommand, withCommon, withDate } from "./program.js";
import { loadPlan } from "../plan/read-seeds.js";
import { runPlan } from "../commands/plan.js";
import { runPeriod } from "../commands/period.js";
import type { CommandResult } from "../commands/result.js";

export type Emit = (r: CommandResult, json: boolean) => void;

const examples = `
Ví dụ:
  npx cchc plan                              tóm tắt kế hoạch, cơ quan, chỉ tiêu
  npx cchc period --date 2025-03-10          kỳ báo cáo của một ngày
  npx cchc issue --period 2025-Q1            phát hành biểu mẫu Excel cho các cơ quan
  npx cchc check --period 2025-Q1            kiểm tra các tệp đã nhận
  npx cchc build --period 2025-Q1            tổng hợp, viết báo cáo Word/Excel

Mã kỳ: 2025-Q1 (quý I), 2025-H1 (6 tháng), 2025-Q3 (quý III), 2025-Y (năm).
Mã thoát: 0 xong; 1 xong nhưng có tệp lỗi cần sửa; 2 sai cú pháp, sai dữ liệu gốc hoặc mẫu; 3 lỗi chương trình.`;

export function buildProgram(version: string, emit: Emit): Command {
  const program = newCommand("cchc")
    .description("Tổng hợp báo cáo cải cách hành chính định kỳ: phát hành biểu mẫu, nhận và kiểm tra số liệu, viết báo cáo.")
    .version(version, "-V, --version", "in số phiên bản")
    .addHelpText("after", examples)
    .exitOverride();

  const sub = (name: string, description: string, help: string): Command => {
    const c = withCommon(newCommand(name)).description(description).addHelpText("after", `\nVí dụ:\n${help}`).exitOverride();
    program.addCommand(c);
    return c;
  };

  sub("plan", "Nạp, kiểm tra dữ liệu gốc (seeds/) và in tóm tắt kế hoạch", "  npx cchc plan\n  npx cchc plan --json > ke-hoach.json")
    .action(async (o: Record<string, unknown>) => {
      const c = commonOptions(o);
      emit(runPlan(await loadPlan(c.root)), c.json);
    });

  withDate(sub("period", "Cho biết kỳ báo cáo: thời gian chốt số liệu, hạn gửi, số ngày còn lại",
    "  npx cchc period\n  npx cchc period --date 2025-03-21\n  npx cchc period --period 2025-H1 --json"))
    .option("--period <mã-kỳ>", "mã kỳ báo cáo, ví dụ 2025-Q1")
    .action(async (o: Record<string, unknown>) => {
      const c = commonOptions(o);
      const plan = await loadPlanIfPresent(c.root);
      const date = dateOption(o, plan?.settings.timezone);
      emit(runPeriod(plan, { period: o["period"] as string | undefined, date }), c.json);
    });

  return program;
}

/** `period` works without a workspace (default due rule); with seeds it uses their settings. */
async function loadPlanIfPresent(root: string) {
  const { existsSync } = await import("node:fs");
  const { join } = await import("node:path");
  return existsSync(join(root, "seeds", "settings.json")) ? loadPlan(root) : null;
}
