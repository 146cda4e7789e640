import { cp, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { CchcError } from "../problems/problem.js";
import type { CommandResult } from "./result.js";

/**
 * `cchc init DIR`: a new workspace for another province or plan — seeds/ and templates/ copied from the
 * installed package, data/ and output/ empty, and a README.txt (Vietnamese) saying which seed to edit.
 */

/** The package root (the folder holding package.json): src/commands/ and dist/commands/ both sit two levels below it. */
export function packageRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url));
}

export interface InitOptions {
  /** the new workspace */
  dir: string;
  /** where seeds/ and templates/ are copied from (default: the installed package) */
  from?: string;
  quiet?: boolean;
}

export const WORKSPACE_README = "README.txt";

export function workspaceReadme(): string {
  return `THƯ MỤC LÀM VIỆC CỦA CHƯƠNG TRÌNH cchc
(tổng hợp báo cáo cải cách hành chính định kỳ)

Thư mục này gồm:
  seeds/      dữ liệu gốc: kế hoạch, cơ quan, nhiệm vụ, chỉ số, chỉ tiêu, thiết lập. Sửa các tệp này để dùng
              cho một tỉnh hoặc một kế hoạch khác; không cần sửa chương trình.
  templates/  các mẫu văn bản (Word) và mẫu bảng theo dõi (bang-theo-doi.hbs); có thể sửa chữ, bố cục.
  data/       tệp các cơ quan gửi về, mỗi kỳ một thư mục (data/2025-Q1/ ...). Chép tệp vào đây hoặc dùng
              "cchc receive".
  output/     mọi thứ chương trình tạo ra: biểu mẫu phát hành, báo cáo, bảng tổng hợp, bảng theo dõi
              (output/<kỳ>/index.html), nhật ký chạy (output/nhat-ky-chay.jsonl).

CÁCH DỄ NHẤT: SỬA BẰNG EXCEL (không phải sửa JSON)
  cchc config export --root <thư mục này>              ghi cau-hinh.xlsx: cài đặt, kế hoạch, khối, cơ quan,
                                                       nhiệm vụ, chỉ số, chỉ tiêu (trang Hướng dẫn giải thích)
  cchc config tasks-from QUYẾT-ĐỊNH.docx --root <thư mục này>
                                                       lấy bảng nhiệm vụ trong phụ lục của quyết định
  cchc config import <thư mục này>/cau-hinh.xlsx --root <thư mục này> --dry-run
                                                       kiểm tra, xem trước thay đổi; bỏ --dry-run để ghi seeds/

SỬA DỮ LIỆU GỐC CHO MỘT TỈNH KHÁC (các tệp trong seeds/, định dạng JSON, mã hóa UTF-8):
  1. settings.json   cơ quan ban hành (UBND TỈNH ..., SỞ NỘI VỤ), địa danh ghi ở dòng ngày tháng, ký hiệu
                     văn bản (BC-SNV, SNV-CCHC), nơi nhận, người ký, đầu mối liên hệ, hạn gửi báo cáo
                     (due.day: ngày 20; due.rule: "on-or-before" = chậm nhất ngày 20, "before" = trước ngày 20),
                     ngày phát hành biểu mẫu trong tháng cuối kỳ (issueDay), mật khẩu bảo vệ trang tính, múi giờ.
  2. plan.json       tên kế hoạch, số và ngày quyết định, cơ quan ban hành, tên tỉnh, các năm của kế hoạch,
                     các lĩnh vực cải cách (I–VI).
  3. agencies.json   các khối cơ quan (groups); danh mục cơ quan báo cáo (mã, tên, tên ngắn, viết tắt, khối,
                     cấp, hiệu lực validFrom/validTo, tên gọi khác); các cụm từ chỉ nhóm cơ quan dùng trong
                     cột chủ trì/phối hợp (phrases). Cơ quan sáp nhập, giải thể: đặt validTo, không xóa.
  4. tasks.json      các nhiệm vụ của kế hoạch (STT, lĩnh vực, mục tiêu, nhiệm vụ, sản phẩm, cơ quan chủ trì,
                     phối hợp, thời gian: "2021", "2021-2025", "Hàng năm").
  5. indicators.json các chỉ số cơ quan phải báo cáo (mã, tên, đơn vị, loại, cơ quan báo cáo, cách cộng).
  6. targets.json    các chỉ tiêu của kế hoạch (ngưỡng, ngưỡng theo cấp, tăng dần theo năm, so với năm gốc,
                     thứ hạng, định tính) và chỉ số dùng để tính.

Sau khi sửa, kiểm tra bằng:
  cchc plan --root <thư mục này>
Lệnh báo từng lỗi (tệp, vị trí, lý do). Khi không còn lỗi:
  cchc period --root <thư mục này>          kỳ báo cáo hiện tại, hạn gửi
  cchc issue --root <thư mục này>           phát hành biểu mẫu cho các cơ quan
  cchc run --root <thư mục này>             chạy hằng ngày (đặt lịch): phát hành, tổng hợp, báo cáo đúng lịch
  cchc status --root <thư mục này>          tình hình gửi báo cáo của kỳ hiện tại

Xem thêm: cchc --help và cchc <lệnh> --help.
`;
}

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw e;
  }
  return (await readdir(dir)).length === 0;
}

export async function runInit(opts: InitOptions): Promise<CommandResult> {
  const dir = resolve(opts.dir);
  const from = opts.from ?? packageRoot();
  if (!(await isEmptyOrAbsent(dir))) {
    throw new CchcError(
      `Thư mục ${dir} đã có nội dung (hoặc là một tệp); cchc init không ghi đè. Hãy chọn một thư mục mới hoặc thư mục rỗng.`,
      2,
    );
  }
  for (const sub of ["seeds", "templates"]) {
    try {
      await stat(join(from, sub));
    } catch {
      throw new CchcError(
        `Không tìm thấy thư mục ${sub}/ của bộ cài đặt (${join(from, sub)}); bộ cài đặt bị thiếu tệp.`,
        2,
      );
    }
  }
  await mkdir(dir, { recursive: true });
  const filter = (src: string): boolean => !/(^|[\\/])\.cchc-tmp-/.test(src);
  await cp(join(from, "seeds"), join(dir, "seeds"), { recursive: true, errorOnExist: true, force: false, filter });
  await cp(join(from, "templates"), join(dir, "templates"), {
    recursive: true,
    errorOnExist: true,
    force: false,
    filter,
  });
  await mkdir(join(dir, "data"), { recursive: true });
  await mkdir(join(dir, "output"), { recursive: true });
  await writeFile(join(dir, WORKSPACE_README), workspaceReadme(), { flag: "wx" });

  const seeds = (await readdir(join(dir, "seeds"))).sort();
  const templates = (await readdir(join(dir, "templates"))).sort();
  const text = opts.quiet
    ? ""
    : [
        `Đã tạo thư mục làm việc ${dir}:`,
        `  seeds/      ${seeds.join(", ")}`,
        `  templates/  ${templates.join(", ")}`,
        "  data/       (rỗng: tệp các cơ quan gửi về)",
        "  output/     (rỗng: biểu mẫu, báo cáo, bảng theo dõi)",
        `  ${WORKSPACE_README}  hướng dẫn sửa dữ liệu gốc cho tỉnh hoặc kế hoạch khác`,
        "",
        "Bước tiếp theo:",
        `  1. Sửa dữ liệu gốc bằng Excel: cchc config export --root ${dir}, sửa cau-hinh.xlsx, rồi cchc config import ${join(dir, "cau-hinh.xlsx")} --root ${dir}`,
        `     (hoặc sửa thẳng các tệp trong ${join(dir, "seeds")}, xem ${WORKSPACE_README}).`,
        `  2. Kiểm tra: cchc plan --root ${dir}`,
        `  3. Đặt lịch chạy hằng ngày: cchc run --root ${dir}`,
      ].join("\n");
  return {
    json: { root: dir, seeds, templates, created: ["seeds", "templates", "data", "output", WORKSPACE_README] },
    text,
    exitCode: 0,
  };
}
