// @module-tag slow (runs the CLI at length)
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCchc } from "./helpers/cli.js";
import { workspacesRemovedAfterAll } from "./helpers/temp-workspaces.js";
import { repoRoot } from "./helpers/model-fixture.js";

const makeWorkspace = workspacesRemovedAfterAll();

/** Exit code 2 with one clear Vietnamese line, never a program error or a stack trace. */
function expectUsageError(r: ReturnType<typeof runCchc>, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/lỗi của chương trình|\n\s+at /);
  expect(r.status).toBe(2);
}

describe("options are taken strictly", () => {
  it("refuses an empty --period instead of using today's period", () => {
    expectUsageError(runCchc(["period", "--period", ""]), /Tùy chọn --period không được để trống/);
    expectUsageError(runCchc(["status", "--period", "  "]), /Tùy chọn --period không được để trống/);
  });

  it("refuses an empty --root, --date or --agency", () => {
    expectUsageError(runCchc(["plan", "--root", ""]), /--root không được để trống/);
    expectUsageError(runCchc(["period", "--date", ""]), /--date không được để trống/);
    expectUsageError(runCchc(["issue", "--period", "2025-Q1", "--agency", ""]), /--agency không được để trống/);
  });

  it("refuses an option given twice instead of silently taking the last value", () => {
    expectUsageError(
      runCchc(["period", "--period", "2025-Q1", "--period", "2025-Q3"]),
      /Tùy chọn --period chỉ được dùng một lần/,
    );
    expectUsageError(runCchc(["period", "--date", "2025-03-01", "--date=2025-06-01"]), /--date chỉ được dùng một lần/);
    expectUsageError(runCchc(["plan", "--json", "--json"]), /--json chỉ được dùng một lần/);
  });

  it("takes a list option given several times (issue --agency), as designed", () => {
    const r = runCchc(["issue", "--period", "2025-Q1", "--agency", "khong-co-1", "--agency", "khong-co-2"]);
    // the two codes reach the command (which then names the unknown ones), no "given twice" error
    expect(r.stderr).not.toMatch(/chỉ được dùng một lần/);
    expect(r.stderr).toMatch(/khong-co-1/);
  });

  it("refuses dates outside 2000–2100 as a usage error (no RangeError)", () => {
    expectUsageError(runCchc(["period", "--date", "9999-12-31"]), /Ngày "9999-12-31" nằm ngoài khoảng .*2000–2100/);
    expectUsageError(runCchc(["period", "--date", "1999-12-31"]), /nằm ngoài khoảng/);
    expectUsageError(runCchc(["period", "--period", "9999-Q1"]), /Mã kỳ báo cáo "9999-Q1" nằm ngoài khoảng/);
    const ok = runCchc(["period", "--date", "2100-12-01", "--json"]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).id).toBe("2100-Y");
  });
});

describe("--root", () => {
  it("says plainly that a missing workspace folder does not exist", () => {
    const missing = join(tmpdir(), "cchc-khong-co-thu-muc-nay");
    for (const cmd of [["plan"], ["period"], ["check", "--period", "2025-Q1"], ["build", "--period", "2025-Q1"]]) {
      const r = runCchc([...cmd, "--root", missing]);
      expectUsageError(r, /Thư mục làm việc .*cchc-khong-co-thu-muc-nay không tồn tại/);
      expect(r.stderr).not.toMatch(/seeds\/ có \d+ lỗi/);
    }
  });

  it("says plainly that a file given as --root is not a folder", () => {
    const file = join(makeWorkspace(), "tep.txt");
    writeFileSync(file, "x");
    expectUsageError(runCchc(["plan", "--root", file]), /tep\.txt không phải thư mục/);
    expectUsageError(runCchc(["status", "--root", file, "--period", "2025-Q1"]), /không phải thư mục/);
  });

  it("says plainly that agency-report --out under a file is not a folder", () => {
    const file = join(makeWorkspace(), "tep.txt");
    writeFileSync(file, "x");
    const inbox = join(repoRoot, "data", "2025-Q1");
    const sample = join(
      inbox,
      readdirSync(inbox).find((n) => n.startsWith("so-tu-phap_v1_"))!,
    );
    expectUsageError(
      runCchc(["agency-report", sample, "--out", file]),
      /tep\.txt không phải thư mục\. --out phải là thư mục/,
    );
    expectUsageError(runCchc(["agency-report", sample, "--out", join(file, "con")]), /tep\.txt không phải thư mục/);
  });

  it("says a folder without seeds/ is not a workspace, in one line rather than one per seed file", () => {
    const empty = join(makeWorkspace(), "data");
    mkdirSync(empty);
    const r = runCchc(["plan", "--root", empty]);
    expectUsageError(r, /không phải thư mục làm việc: không có thư mục seeds\//);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("output", () => {
  /** Runs the CLI with its stdout or stderr closed by the reader before anything is written. */
  function runIntoClosedPipe(
    args: string[],
    closed: "stdout" | "stderr",
  ): Promise<{ code: number | null; other: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(repoRoot, "bin", "cchc.js"), ...args], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      });
      let other = "";
      child[closed].destroy();
      child[closed === "stdout" ? "stderr" : "stdout"].on("data", (d: Buffer) => (other += d.toString()));
      child.on("close", (code) => resolve({ code, other }));
    });
  }

  it("ends quietly when the reader of stdout stops reading (cchc --help | head)", async () => {
    const help = await runIntoClosedPipe(["--help"], "stdout");
    expect(help.other).toBe("");
    expect(help.code).toBe(0);
    const plan = await runIntoClosedPipe(["plan", "--json"], "stdout");
    expect(plan.other).not.toMatch(/EPIPE|Error|lỗi của chương trình/);
    expect(plan.code).toBe(0);
  });

  it("ends quietly, with its own exit code, when stderr is closed", async () => {
    const r = await runIntoClosedPipe(["period", "--period", "sai"], "stderr");
    expect(r.other).toBe("");
    expect(r.code).toBe(2);
  });

  it("writes --json as ASCII with \\u escapes that parse to the same Vietnamese text", () => {
    const r = runCchc(["period", "--period", "2025-Q3", "--json"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[\x00-\x7f]*$/);
    expect(r.stdout).toContain("qu\\u00fd III n\\u0103m 2025");
    expect(JSON.parse(r.stdout).label).toBe("quý III năm 2025");
    const plan = runCchc(["plan", "--json"]);
    expect(plan.stdout).toMatch(/^[\x00-\x7f]*$/);
    expect(JSON.stringify(JSON.parse(plan.stdout))).toContain("Sở Tư pháp");
  });

  it("writes errors under --json as ASCII-safe JSON too", () => {
    const r = runCchc(["period", "--period", "sai", "--json"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^[\x00-\x7f]*$/);
    expect(JSON.parse(r.stdout).error).toContain('Mã kỳ báo cáo "sai" không hợp lệ');
  });

  it("documents chcp 65001 for Windows consoles", () => {
    expect(readFileSync(join(repoRoot, "README.md"), "utf8")).toMatch(/chcp 65001/);
  });
});

describe("seed and template faults stop with exit 2 and the file named", () => {
  const ws = (): string => makeWorkspace();

  it("names seeds/agencies.json when it is a folder", () => {
    const root = ws();
    rmSync(join(root, "seeds", "agencies.json"));
    mkdirSync(join(root, "seeds", "agencies.json"));
    expectUsageError(runCchc(["plan", "--root", root]), /seeds\/agencies\.json: đây là một thư mục, không phải tệp/);
  });

  it("reports a partOf cycle in seeds/indicators.json as a seed error", () => {
    const root = ws();
    const path = join(root, "seeds", "indicators.json");
    const seeds = JSON.parse(readFileSync(path, "utf8")) as { indicators: { code: string; partOf: string[] }[] };
    const [a, b] = seeds.indicators;
    a!.partOf = [b!.code];
    b!.partOf = [a!.code];
    writeFileSync(path, JSON.stringify(seeds));
    const r = runCchc(["plan", "--root", root]);
    expectUsageError(r, /seeds\/indicators\.json.*quan hệ bộ phận – tổng tạo thành vòng/);
    expect(r.stderr).toContain(`${a!.code} → ${b!.code} → ${a!.code}`);
  });

  it("rejects agency codes that are Windows device names", () => {
    const root = ws();
    const path = join(root, "seeds", "agencies.json");
    const text = readFileSync(path, "utf8");
    const seeds = JSON.parse(text) as { agencies: { code: string }[] };
    const old = seeds.agencies[0]!.code;
    writeFileSync(path, text.replaceAll(`"${old}"`, '"con"'));
    for (const f of ["tasks.json", "indicators.json"]) {
      const p = join(root, "seeds", f);
      writeFileSync(p, readFileSync(p, "utf8").replaceAll(`"${old}"`, '"con"'));
    }
    expectUsageError(runCchc(["plan", "--root", root]), /mã "con" là tên thiết bị dành riêng của Windows/);
  });

  it("words schema errors in Vietnamese only, naming the file and field", () => {
    const root = ws();
    const path = join(root, "seeds", "agencies.json");
    const seeds = JSON.parse(readFileSync(path, "utf8")) as { agencies: Record<string, unknown>[] };
    seeds.agencies[0]!["name"] = 12;
    seeds.agencies[1]!["level"] = "tinhx";
    delete seeds.agencies[2]!["level"];
    seeds.agencies[3]!["aliases"] = "x";
    writeFileSync(path, JSON.stringify(seeds));
    const r = runCchc(["plan", "--root", root]);
    expectUsageError(r, /seeds\/agencies\.json/);
    expect(r.stderr).toMatch(/"agencies\[0: [a-z-]+\]\.name": phải là chuỗi chữ .*, đang là số 12/);
    expect(r.stderr).toMatch(
      /\.level": phải là một trong các giá trị "tinh", "huyen", "xa"; đang là chuỗi chữ "tinhx"/,
    );
    expect(r.stderr).toMatch(
      /agencies\[2: [a-z-]+\]\.level".*thiếu trường bắt buộc|thiếu trường bắt buộc "agencies\[2: [a-z-]+\]\.level"/,
    );
    expect(r.stderr).toMatch(/\.aliases": phải là danh sách/);
    expect(r.stderr).not.toMatch(/\b(?:string|number|expected|received|array|mong đợi|nhận được)\b/);
  });

  it("words a JSON syntax error in Vietnamese with its line and column", () => {
    const root = ws();
    writeFileSync(join(root, "seeds", "plan.json"), '{\n  "id": "x",\n  "name" "y"\n}\n');
    writeFileSync(join(root, "seeds", "targets.json"), '{"targets": [');
    const r = runCchc(["plan", "--root", root]);
    expectUsageError(r, /seeds\/plan\.json không phải JSON hợp lệ: sai cú pháp ở dòng 3, cột 10 \(gần ""y""\)/);
    expect(r.stderr).toMatch(/seeds\/targets\.json không phải JSON hợp lệ: tệp kết thúc giữa chừng/);
    expect(r.stderr).not.toMatch(/Unexpected|Expected|position/);
  });

  it("names templates/bang-theo-doi.hbs when it calls a helper that does not exist", () => {
    const root = ws();
    const path = join(root, "templates", "bang-theo-doi.hbs");
    writeFileSync(path, readFileSync(path, "utf8").replace("{{", '{{khongCoHam "x"}}{{'));
    const r = runCchc(["build", "--period", "2025-Q1", "--date", "2025-03-25", "--root", root, "--quiet"]);
    expectUsageError(r, /Mẫu bảng theo dõi .*bang-theo-doi\.hbs có lỗi: không có hàm "khongCoHam"/);
    // the board is made last: the documents made before it were staged already, and none of them is left behind
    const out = join(root, "output", "2025-Q1");
    const left = readdirSync(out).filter((n) => n.startsWith(".cchc-tmp-") || /\.(docx|xlsx|csv|json)$/.test(n));
    expect(left).toEqual([]);
  });
});
