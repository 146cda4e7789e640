import type { Command } from "commander";
import {
  commonOptions,
  dateOption,
  newCommand,
  outDirOption,
  periodOption,
  strictOptions,
  withCommon,
  withDate,
} from "./program.js";
import { loadPlan } from "../plan/read-seeds.js";
import { runPeriod } from "../commands/period.js";
import type { CommandResult } from "../commands/result.js";
import type { CommandContext } from "../commands/context.js";
import { resolvePeriod } from "../commands/period.js";
import { receiptInstant } from "../intake/inbox/inbox.js";
import { resolve } from "node:path";
import { createProgress } from "./progress.js";
import { useColour } from "./output.js";

const NO_CACHE_HELP =
  "đọc lại mọi tệp, không dùng kết quả đọc đã lưu từ lần chạy trước (output/<kỳ>/.cchc-cache/; bình thường tệp nào không đổi thì không phải đọc lại)";

// Command handlers are imported when their command runs: start-up stays small (exceljs, docxtemplater and
// handlebars load only for the commands that need them).

export type Emit = (r: CommandResult, json: boolean) => void;

const examples = `
Ví dụ:
  npx cchc plan                              tóm tắt kế hoạch, cơ quan, chỉ tiêu
  npx cchc period --date 2025-03-10          kỳ báo cáo của một ngày
  npx cchc issue --period 2025-Q1            phát hành biểu mẫu Excel cho các cơ quan
  npx cchc check --period 2025-Q1            kiểm tra các tệp đã nhận
  npx cchc build --period 2025-Q1            tổng hợp, viết báo cáo Word/Excel
  npx cchc status --period 2025-Q1           tình hình gửi báo cáo, số ngày còn lại
  npx cchc run                               việc của hôm nay theo lịch (đặt lịch chạy hằng ngày)
  npx cchc close --period 2025-Q1 --number "123/BC-SNV" --signed-on 2025-03-27   chốt kỳ sau khi báo cáo đã ký
  npx cchc init ../bao-cao-tinh-khac         tạo thư mục làm việc mới cho tỉnh/kế hoạch khác
  npx cchc config export                     xuất cấu hình (cơ quan, nhiệm vụ, chỉ số…) ra cau-hinh.xlsx để sửa
  npx cchc config import cau-hinh.xlsx       nạp lại cấu hình đã sửa vào seeds/

Mã kỳ: 2025-Q1 (quý I), 2025-H1 (6 tháng), 2025-Q3 (quý III), 2025-Y (năm).
Mã thoát: 0 xong; 1 xong nhưng có tệp lỗi cần sửa; 2 sai cú pháp, sai dữ liệu gốc hoặc mẫu, hoặc máy không cho ghi
(ổ đĩa đầy, thư mục chỉ đọc, tệp đang mở, thư mục làm việc đang bận); 3 lỗi chương trình.`;

export function buildProgram(version: string, emit: Emit): Command {
  const program = newCommand("cchc")
    .description(
      "Tổng hợp báo cáo cải cách hành chính định kỳ: phát hành biểu mẫu, nhận và kiểm tra số liệu, viết báo cáo.",
    )
    .version(version, "-V, --version", "in số phiên bản")
    .addHelpText("after", examples)
    .exitOverride();

  const sub = (name: string, description: string, help: string): Command => {
    const c = withCommon(newCommand(name))
      .description(description)
      .addHelpText("after", `\nVí dụ:\n${help}`)
      .exitOverride();
    program.addCommand(c);
    return c;
  };

  withDate(
    sub(
      "plan",
      "Nạp, kiểm tra dữ liệu gốc (seeds/) và in tóm tắt kế hoạch: nhiệm vụ, cơ quan đang hoạt động, sáp nhập, chia tách",
      "  npx cchc plan\n  npx cchc plan --date 2025-07-01\n  npx cchc plan --json > ke-hoach.json",
    ),
  ).action(async (o: Record<string, unknown>) => {
    const c = commonOptions(o);
    const plan = await loadPlan(c.root);
    const { runPlan } = await import("../commands/plan.js");
    emit(runPlan(plan, dateOption(o, plan.settings.timezone)), c.json);
  });

  withDate(
    sub(
      "period",
      "Cho biết kỳ báo cáo: thời gian chốt số liệu, hạn gửi, số ngày còn lại",
      "  npx cchc period\n  npx cchc period --date 2025-03-21\n  npx cchc period --period 2025-H1 --json",
    ),
  )
    .option("--period <mã-kỳ>", "mã kỳ báo cáo, ví dụ 2025-Q1")
    .action(async (o: Record<string, unknown>) => {
      const c = commonOptions(o);
      const plan = await loadPlanIfPresent(c.root);
      const date = dateOption(o, plan?.settings.timezone);
      emit(runPeriod(plan, { period: periodOption(o), date }), c.json);
    });

  withDate(
    sub(
      "issue",
      "Phát hành biểu mẫu Excel cho các cơ quan báo cáo trong kỳ (thư mục output/<kỳ>/bieu-mau/)",
      "  npx cchc issue --period 2025-Q1\n  npx cchc issue --period 2025-Q1 --agency so-tu-phap --agency tp-vinh-yen\n  npx cchc issue --period 2025-Q1 --date 2025-03-01 --json",
    ),
  )
    .option("--period <mã-kỳ>", "mã kỳ báo cáo, ví dụ 2025-Q1 (mặc định: kỳ của --date)")
    .option(
      "--agency <mã>",
      "chỉ phát hành cho cơ quan này; lặp lại để chọn nhiều cơ quan",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .action(async (o: Record<string, unknown>) => {
      const { c, ctx } = await workspaceContext(o);
      const { runIssue } = await import("../commands/issue.js");
      emit(
        await runIssue(ctx, {
          period: periodOption(o),
          agencies: (o["agency"] as string[] | undefined) ?? [],
          quiet: c.quiet,
        }),
        c.json,
      );
    });

  withDate(
    sub(
      "receive",
      "Nhận tệp báo cáo của cơ quan: chép vào data/<kỳ>/ với tên an toàn, ghi sổ nhận (so-nhan.jsonl)",
      "  npx cchc receive ~/Downloads/bao-cao-so-y-te.xlsx\n  npx cchc receive a.xlsx b.xlsx --period 2025-Q1 --date 2025-03-18\n  npx cchc receive tep-khong-ro.xlsx --period 2025-Q1 --agency so-y-te --json",
    ),
  )
    .argument("<tệp...>", "các tệp Excel cơ quan gửi (tệp gốc không bị sửa)")
    .option("--period <mã-kỳ>", "kỳ báo cáo để lưu tệp (mặc định: kỳ ghi trong biểu mẫu)")
    .option("--agency <mã>", "cơ quan gửi tệp (thông tin trong biểu mẫu vẫn được ưu tiên; khác nhau thì có cảnh báo)")
    .action(async (files: string[], o: Record<string, unknown>) => {
      // without --date, the receipt time is this moment; with it, that day (workspaceContext, receiptInstant)
      const { c, ctx } = await workspaceContext(o);
      const { runReceive } = await import("../commands/receive.js");
      emit(
        await runReceive(ctx, {
          files: files.map((f) => resolve(f)),
          period: periodOption(o),
          agency: o["agency"] as string | undefined,
          quiet: c.quiet,
        }),
        c.json,
      );
    });

  withDate(
    sub(
      "check",
      "Kiểm tra mọi tệp trong data/<kỳ>/: tiếp nhận hay từ chối, lỗi từng ô, cơ quan chưa gửi; ghi tệp phản hồi output/<kỳ>/phan-hoi/",
      "  npx cchc check --period 2025-Q1\n  npx cchc check --period 2025-Q1 --json > kiem-tra.json\n  npx cchc check --period 2025-Q1 --quiet        chỉ in lỗi",
    ),
  )
    .option("--period <mã-kỳ>", "mã kỳ báo cáo, ví dụ 2025-Q1 (mặc định: kỳ của --date)")
    .option("--no-cache", NO_CACHE_HELP)
    .action(async (o: Record<string, unknown>) => {
      const { c, ctx, plan, date, period } = await workspaceContext(o);
      const p = resolvePeriod(plan, { period, date });
      const { runCheck } = await import("../commands/check.js");
      emit(
        await withProgress(c, "Đọc tệp", (onProgress) =>
          runCheck(ctx, {
            period: p,
            quiet: c.quiet,
            onProgress,
            cache: o["cache"] !== false,
            json: c.json,
          }),
        ),
        c.json,
      );
    });

  withDate(
    sub(
      "build",
      "Tổng hợp một kỳ: kiểm tra mọi tệp trong data/<kỳ>/, lập tong-hop.json, báo cáo Word, công văn đôn đốc, bảng tổng hợp Excel, tệp CSV và trang theo dõi index.html trong output/<kỳ>/",
      "  npx cchc build --period 2025-Q1\n  npx cchc build --period 2025-Q1 --date 2025-03-25     ngày ghi trên báo cáo\n  npx cchc build --period 2025-H1 --json",
    ),
  )
    .option("--period <mã-kỳ>", "mã kỳ báo cáo, ví dụ 2025-Q1 (mặc định: kỳ của --date)")
    .option("--no-cache", NO_CACHE_HELP)
    .action(async (o: Record<string, unknown>) => {
      const { c, ctx, period } = await workspaceContext(o);
      const { runBuild } = await import("../commands/build.js");
      emit(
        await withProgress(c, "Đọc tệp", (onProgress) =>
          runBuild(ctx, {
            periodId: period,
            quiet: c.quiet,
            onProgress,
            cache: o["cache"] !== false,
          }),
        ),
        c.json,
      );
    });

  withDate(
    sub(
      "status",
      "Tình hình gửi báo cáo của một kỳ: từng cơ quan (ngày nhận, đúng hạn/chậm hạn/chưa gửi/bị từ chối, số lỗi), số ngày còn lại đến hạn",
      "  npx cchc status                             kỳ của hôm nay\n  npx cchc status --period 2025-Q1 --date 2025-03-18\n  npx cchc status --period 2025-Q1 --json > tinh-hinh.json",
    ),
  )
    .option("--period <mã-kỳ>", "mã kỳ báo cáo, ví dụ 2025-Q1 (mặc định: kỳ của --date)")
    .action(async (o: Record<string, unknown>) => {
      const { c, ctx, period } = await workspaceContext(o);
      const { runStatus } = await import("../commands/status.js");
      emit(
        await withProgress(c, "Đọc tệp", (onProgress) =>
          runStatus(ctx, {
            period,
            quiet: c.quiet,
            colour: !c.json && useColour(process.stdout),
            onProgress,
          }),
        ),
        c.json,
      );
    });

  withDate(
    sub(
      "run",
      "Làm việc của ngày theo lịch (dùng để đặt lịch chạy hằng ngày): phát hành biểu mẫu đầu tháng cuối kỳ, tổng hợp khi có tệp mới, lập báo cáo và công văn đôn đốc sau hạn, bản tiến độ hằng tháng; chạy lại trong ngày không làm gì thêm",
      "  npx cchc run\n  npx cchc run --root /srv/cchc --quiet        cho cron/systemd: chỉ in việc đã làm và lỗi\n  npx cchc run --date 2025-03-21 --json",
    ),
  ).action(async (o: Record<string, unknown>) => {
    const c = commonOptions(o);
    const { runRun, timezoneOf } = await import("../commands/run.js");
    const tz = await timezoneOf(c.root);
    const date = dateOption(o, tz);
    const instant = receiptInstant(o["date"] === undefined ? undefined : date, tz, new Date());
    emit(
      await withProgress(c, "Tổng hợp", (onProgress) =>
        runRun({ root: c.root, now: { date, instant } }, { quiet: c.quiet, onProgress }),
      ),
      c.json,
    );
  });

  withDate(
    sub(
      "agency-report",
      "Lập báo cáo Word của một cơ quan (theo thể thức Nghị định 30/2020) từ biểu mẫu Excel cơ quan đã điền, để cơ quan ký, gửi",
      "  npx cchc agency-report data/2025-Q1/so-tu-phap_v1.xlsx\n  npx cchc agency-report bao-cao.xlsx --out ~/Desktop --date 2025-03-18\n  npx cchc agency-report bao-cao.xlsx --json",
    ),
  )
    .argument("<tệp>", "biểu mẫu Excel cơ quan đã điền (tệp không bị sửa)")
    .option("--out <thư-mục>", "thư mục ghi báo cáo (mặc định: output/<kỳ>/bao-cao-co-quan/)")
    .action(async (file: string, o: Record<string, unknown>) => {
      const { c, ctx } = await workspaceContext(o);
      const { runAgencyReport } = await import("../commands/agency-report.js");
      emit(await runAgencyReport(ctx, { file: resolve(file), out: outDirOption(o), quiet: c.quiet }), c.json);
    });

  withDate(
    sub(
      "close",
      "Chốt một kỳ sau khi báo cáo đã ký: ghi số, ngày ký vào báo cáo, giữ bộ văn bản làm bản chốt trong output/<kỳ>/ban-chot/ (kèm mã SHA-256 từng tệp); sau đó build chỉ ghi phần bổ sung vào output/<kỳ>/sau-chot/",
      '  npx cchc close --period 2025-Q1 --number "123/BC-SNV" --signed-on 2025-03-27\n  npx cchc close --period 2025-Q1 --number "123/BC-SNV" --signed-on 2025-03-27 --json',
    ),
  )
    .requiredOption("--period <mã-kỳ>", "mã kỳ báo cáo cần chốt, ví dụ 2025-Q1")
    .requiredOption("--number <số>", 'số, ký hiệu của báo cáo đã ký, ví dụ "123/BC-SNV"')
    .requiredOption("--signed-on <YYYY-MM-DD>", "ngày ký báo cáo")
    .action(async (o: Record<string, unknown>) => {
      const { c, ctx, plan } = await workspaceContext(o);
      const signedOn = dateOption({ date: o["signedOn"] }, plan.settings.timezone);
      const { runClose } = await import("../commands/close.js");
      emit(await runClose(ctx, { periodId: String(o["period"]), number: String(o["number"]), signedOn }), c.json);
    });

  withDate(
    sub(
      "reopen",
      "Mở lại một kỳ đã chốt (ghi lý do vào sổ nhận và nhật ký); bản chốt cũ được giữ nguyên ở output/<kỳ>/ban-chot-lan-<n>/",
      '  npx cchc reopen --period 2025-Q1 --reason "Sở Y tế gửi lại số liệu, UBND tỉnh yêu cầu báo cáo lại"',
    ),
  )
    .requiredOption("--period <mã-kỳ>", "mã kỳ báo cáo cần mở lại, ví dụ 2025-Q1")
    .requiredOption("--reason <lý-do>", "lý do mở lại kỳ")
    .action(async (o: Record<string, unknown>) => {
      const { c, ctx } = await workspaceContext(o);
      const { runReopen } = await import("../commands/close.js");
      emit(await runReopen(ctx, { periodId: String(o["period"]), reason: String(o["reason"]) }), c.json);
    });

  sub(
    "init",
    "Tạo thư mục làm việc mới (cho tỉnh hoặc kế hoạch khác): chép seeds/ và templates/, tạo data/ và output/ rỗng, kèm README.txt",
    "  npx cchc init ../cchc-phu-tho\n  npx cchc init /srv/cchc --json\n  npx cchc plan --root ../cchc-phu-tho          kiểm tra dữ liệu gốc sau khi sửa",
  )
    .argument("<thư-mục>", "thư mục mới hoặc rỗng (không ghi đè thư mục đã có nội dung)")
    .action(async (dir: string, o: Record<string, unknown>) => {
      const c = commonOptions(o, { workspace: false });
      const { runInit } = await import("../commands/init.js");
      emit(await runInit({ dir: resolve(dir), quiet: c.quiet }), c.json);
    });

  const config = newCommand("config")
    .description(
      "Cấu hình trong Excel: xuất seeds/ ra cau-hinh.xlsx để sửa, nạp lại, lấy nhiệm vụ từ phụ lục của quyết định",
    )
    .addHelpText(
      "after",
      "\nVí dụ:\n  npx cchc config export\n  npx cchc config import cau-hinh.xlsx --dry-run\n  npx cchc config tasks-from quyet-dinh-ke-hoach.docx",
    )
    .exitOverride();
  program.addCommand(config);
  const configSub = (name: string, description: string, help: string): Command => {
    const c = withCommon(newCommand(name))
      .description(description)
      .addHelpText("after", `\nVí dụ:\n${help}`)
      .exitOverride();
    config.addCommand(c);
    return c;
  };

  withDate(
    configSub(
      "export",
      "Xuất seeds/ ra tệp cấu hình Excel (mặc định cau-hinh.xlsx trong thư mục làm việc) để sửa bằng Excel hoặc LibreOffice",
      "  npx cchc config export\n  npx cchc config export --out ~/cau-hinh-2026.xlsx\n  npx cchc config export --force          ghi đè cau-hinh.xlsx đã có",
    ),
  )
    .option("--out <tệp>", "tệp cần ghi (mặc định: cau-hinh.xlsx trong thư mục làm việc)")
    .option("--force", "ghi đè tệp đã có")
    .action(async (o: Record<string, unknown>) => {
      const c = commonOptions(o);
      const { runConfigExport } = await import("../commands/config.js");
      emit(
        await runConfigExport({
          root: c.root,
          out: o["out"] as string | undefined,
          force: Boolean(o["force"]),
          date: dateOption(o),
          quiet: c.quiet,
        }),
        c.json,
      );
    });

  configSub(
    "import",
    "Nạp tệp cấu hình Excel vào seeds/: kiểm tra mọi ô theo cùng quy tắc với dữ liệu gốc, báo lỗi theo trang và ô; không lỗi thì ghi seeds/ (trọn vẹn hoặc không ghi gì) và in các thay đổi",
    "  npx cchc config import cau-hinh.xlsx --dry-run   chỉ kiểm tra và xem trước thay đổi\n  npx cchc config import cau-hinh.xlsx\n  npx cchc config import cau-hinh.xlsx --json",
  )
    .argument("<tệp>", "tệp cấu hình .xlsx (không bị sửa)")
    .option("--dry-run", "chỉ kiểm tra và in thay đổi, không ghi seeds/")
    .action(async (file: string, o: Record<string, unknown>) => {
      const c = commonOptions(o);
      const { runConfigImport } = await import("../commands/config.js");
      emit(
        await runConfigImport({
          root: c.root,
          file: resolve(file),
          dryRun: Boolean(o["dryRun"]),
          quiet: c.quiet,
          json: c.json,
        }),
        c.json,
      );
    });

  withDate(
    configSub(
      "tasks-from",
      "Đọc bảng nhiệm vụ trong phụ lục của quyết định (.docx; .doc, .odt qua LibreOffice; hoặc văn bản thuần) vào trang Nhiệm vụ của tệp cấu hình, rồi báo các tên cơ quan, thời gian chưa đọc được",
      "  npx cchc config tasks-from quyet-dinh-ke-hoach-2026-2030.docx\n  npx cchc config tasks-from seeds/nguon/quyet-dinh-2866-QD-UBND-2021.txt --out cau-hinh-thu.xlsx",
    ),
  )
    .argument("<quyết-định>", "tệp quyết định có phụ lục nhiệm vụ (không bị sửa)")
    .option(
      "--out <tệp>",
      "tệp cấu hình cần ghi (mặc định: cau-hinh.xlsx trong thư mục làm việc; chưa có thì xuất từ seeds/ trước)",
    )
    .action(async (decision: string, o: Record<string, unknown>) => {
      const c = commonOptions(o);
      const { runConfigTasksFrom } = await import("../commands/config.js");
      emit(
        await runConfigTasksFrom({
          root: c.root,
          decision,
          out: o["out"] as string | undefined,
          date: dateOption(o),
          quiet: c.quiet,
        }),
        c.json,
      );
    });

  for (const c of [...program.commands, ...config.commands]) strictOptions(c);
  return program;
}

/** What most commands need first: the options, the plan, and "today" (--date) with the run's instant. */
async function workspaceContext(o: Record<string, unknown>) {
  const c = commonOptions(o);
  const plan = await loadPlan(c.root);
  const tz = plan.settings.timezone;
  const date = dateOption(o, tz);
  const instant = receiptInstant(o["date"] === undefined ? undefined : date, tz, new Date());
  const ctx: CommandContext = { root: c.root, plan, now: { date, instant } };
  return { c, ctx, plan, date, instant, period: periodOption(o) };
}

/** Runs a long batch with a progress bar on stderr (only on a TTY, never with --quiet or --json). */
async function withProgress<T>(
  c: { quiet: boolean; json: boolean },
  title: string,
  work: (update: (done: number, total: number, label: string) => void) => Promise<T>,
): Promise<T> {
  const progress = createProgress({ quiet: c.quiet, json: c.json, title });
  try {
    return await work(progress.update);
  } finally {
    progress.done();
  }
}

/** `period` works without a workspace (default due rule); with seeds it uses their settings. */
async function loadPlanIfPresent(root: string) {
  const { existsSync } = await import("node:fs");
  const { join } = await import("node:path");
  return existsSync(join(root, "seeds", "settings.json")) ? loadPlan(root) : null;
}
