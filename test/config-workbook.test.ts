// @module-tag slow (LibreOffice)
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { makeWorkspace, runCchc } from "./helpers/cli.js";
import { decision2866Docx } from "./helpers/decision-docx.js";
import { findSoffice } from "../src/intake/xlsx/convert-soffice.js";
import { spawnSync } from "node:child_process";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(): string {
  const d = makeWorkspace();
  dirs.push(d);
  return d;
}

const seedBytes = (ws: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(join(ws, "seeds"))
      .filter((f) => f.endsWith(".json"))
      .map((f) => [f, readFileSync(join(ws, "seeds", f), "utf8")]),
  );

function exportBook(ws: string): string {
  const r = runCchc(["config", "export", "--root", ws, "--date", "2026-12-02"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return join(ws, "cau-hinh.xlsx");
}

/** A table sheet's columns by their hidden key (the "#cols" row) and its data rows by a column's value. */
function tableOf(ws: ExcelJS.Worksheet) {
  let colsRow = 0;
  ws.eachRow((row, n) => {
    if (colsRow === 0 && row.getCell(1).value === "#cols") colsRow = n;
  });
  const cols = new Map<string, number>();
  ws.getRow(colsRow).eachCell((c, n) => {
    if (n > 1) cols.set(String(c.value), n);
  });
  const col = (key: string): number => cols.get(key) ?? Number.NaN;
  const rowWhere = (key: string, value: string | number): number => {
    for (let r = colsRow + 2; r <= ws.rowCount; r++)
      if (String(ws.getCell(r, col(key)).value) === String(value)) return r;
    throw new Error(`no row with ${key} = ${value}`);
  };
  return { col, rowWhere, address: (key: string, row: number): string => ws.getCell(row, col(key)).address };
}

/** Edits the workbook as a specialist would (exceljs), returns the edited cell's address. */
async function edit(
  file: string,
  sheet: string,
  change: (ws: ExcelJS.Worksheet, t: ReturnType<typeof tableOf>) => string,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const address = change(ws, tableOf(ws));
  await wb.xlsx.writeFile(file);
  return address;
}

function importFails(ws: string, file: string): string {
  const before = seedBytes(ws);
  const r = runCchc(["config", "import", file, "--root", ws]);
  expect(r.status).toBe(2);
  expect(seedBytes(ws)).toEqual(before);
  return r.stderr;
}

describe("cchc config export / import", () => {
  it("writes the eight sheets in order, Times New Roman, frozen headers, lists as validations", async () => {
    const ws = workspace();
    const file = exportBook(ws);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      "Hướng dẫn",
      "Cài đặt",
      "Kế hoạch",
      "Khối",
      "Cơ quan",
      "Nhiệm vụ",
      "Chỉ số",
      "Chỉ tiêu",
    ]);
    const agencies = wb.getWorksheet("Cơ quan") as ExcelJS.Worksheet;
    expect(agencies.getColumn(1).hidden).toBe(true);
    expect(agencies.views[0]?.state).toBe("frozen");
    const t = tableOf(agencies);
    const row = t.rowWhere("code", "so-tu-phap");
    expect(agencies.getCell(row, t.col("name")).font?.name).toBe("Times New Roman");
    expect(agencies.getCell(row, t.col("level")).dataValidation?.type).toBe("list");
    expect(agencies.getCell(row, t.col("group")).dataValidation?.formulae?.[0]).toContain("Khối");
    const headers = agencies.getRow(t.rowWhere("code", "so-tu-phap") - 1);
    void headers;
    expect(agencies.getCell(t.rowWhere("code", "tp-vinh-yen"), t.col("validTo")).value).toEqual(
      new Date("2025-06-30T00:00:00Z"),
    );
  });

  it("export then import with no edits leaves every seed file byte-identical", () => {
    const ws = workspace();
    const before = seedBytes(ws);
    const file = exportBook(ws);
    const r = runCchc(["config", "import", file, "--root", ws, "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).changedFiles).toEqual([]);
    expect(seedBytes(ws)).toEqual(before);
  });

  it.skipIf(findSoffice() === null)("survives a save in LibreOffice: still byte-identical", () => {
    const ws = workspace();
    const before = seedBytes(ws);
    const file = exportBook(ws);
    const out = join(ws, "lo");
    const c = spawnSync(
      findSoffice() as string,
      [
        `-env:UserInstallation=file://${join(ws, "profile")}`,
        "--headless",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        out,
        file,
      ],
      { timeout: 120_000 },
    );
    expect(c.status).toBe(0);
    const r = runCchc(["config", "import", join(out, "cau-hinh.xlsx"), "--root", ws]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(seedBytes(ws)).toEqual(before);
  });

  it("refuses to overwrite an existing workbook without --force", () => {
    const ws = workspace();
    exportBook(ws);
    const again = runCchc(["config", "export", "--root", ws]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("--force");
    expect(runCchc(["config", "export", "--root", ws, "--force"]).status).toBe(0);
  });

  it("imports edits: --dry-run reports them and writes nothing, then import writes and reports agencies added, ended, renamed and tasks changed", async () => {
    const ws = workspace();
    const file = exportBook(ws);
    await edit(file, "Cơ quan", (s, t) => {
      // typed on a TCVN3 (ABC) keyboard, as some offices still do: "Sở Nội vụ tỉnh" in .VnTime
      const name = s.getCell(t.rowWhere("code", "so-noi-vu"), t.col("name"));
      name.value = "S\u00eb N\u00e9i v\u00f4 t\u00d8nh";
      name.style = { ...name.style, font: { name: ".VnTime", size: 12 } }; // its own style (exceljs shares one among cells)
      // a decomposed (NFD) short name reads as the same text
      s.getCell(t.rowWhere("code", "so-noi-vu"), t.col("shortName")).value = "Sở Nội vụ".normalize("NFD");
      s.getCell(t.rowWhere("code", "so-lao-dong-tbxh"), t.col("validTo")).value = new Date("2025-02-28T00:00:00Z");
      const r = t.rowWhere("code", "so-lao-dong-tbxh") + 1;
      s.spliceRows(r, 0, []);
      const set = (k: string, v: ExcelJS.CellValue): void => {
        s.getCell(r, t.col(k)).value = v;
      };
      set("code", "so-moi");
      set("name", "Sở Mới");
      set("shortName", "Sở Mới");
      set("abbr", "SM");
      set("group", "so-nganh");
      set("level", "Cấp tỉnh");
      set("validFrom", "01/03/2025");
      set("succeeds", "so-lao-dong-tbxh");
      return "";
    });
    await edit(file, "Nhiệm vụ", (s, t) => {
      s.getCell(t.rowWhere("stt", 5), t.col("time")).value = "Quý II/2022";
      return "";
    });
    await edit(file, "Cài đặt", (s) => {
      s.eachRow((row, n) => {
        if (row.getCell(1).value === "earlier") s.getCell(n, 3).value = "../cchc-2021-2025";
      });
      return "";
    });
    const before = seedBytes(ws);
    const dry = runCchc(["config", "import", file, "--root", ws, "--dry-run"]);
    expect(dry.stderr).toBe("");
    expect(dry.status).toBe(0);
    expect(seedBytes(ws)).toEqual(before);
    expect(dry.stdout).toContain("--dry-run");
    const r = runCchc(["config", "import", file, "--root", ws]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Cơ quan thêm mới 1: so-moi (Sở Mới)");
    expect(r.stdout).toContain("so-lao-dong-tbxh (đến 28/02/2025)");
    expect(r.stdout).toContain('so-noi-vu: "Sở Nội vụ" → "Sở Nội vụ tỉnh"');
    expect(r.stdout).toContain("Nhiệm vụ sửa 1: STT 5 (Thời gian hoàn thành, Lịch thực hiện)");
    expect(r.stdout).toContain("Cài đặt sửa: Thư mục làm việc của kế hoạch trước.");
    const agencies = JSON.parse(readFileSync(join(ws, "seeds", "agencies.json"), "utf8"));
    const moi = agencies.agencies.find((a: { code: string }) => a.code === "so-moi");
    expect(moi).toMatchObject({ validFrom: "2025-03-01", validTo: null, succeeds: ["so-lao-dong-tbxh"] });
    expect(agencies.$comment).toBeTruthy();
    const task5 = JSON.parse(readFileSync(join(ws, "seeds", "tasks.json"), "utf8")).tasks[4];
    expect(task5.schedule).toEqual({ kind: "quarter", year: 2022, quarter: 2 });
    expect(runCchc(["plan", "--root", ws]).status).toBe(0);
    // settings keep their layout (small objects and lists on one line), with the new field
    const settings = readFileSync(join(ws, "seeds", "settings.json"), "utf8");
    expect(settings).toBe(
      before["settings.json"]?.replace(
        '"timezone": "Asia/Ho_Chi_Minh"\n',
        '"timezone": "Asia/Ho_Chi_Minh",\n  "earlier": ["../cchc-2021-2025"]\n',
      ),
    );
    expect(readFileSync(join(ws, "seeds", "plan.json"), "utf8")).toBe(before["plan.json"]);
  });

  it("each kind of bad cell gives its finding on its sheet and cell in one import, without follow-on findings, and the seeds stay untouched", async () => {
    // one workbook with both kinds: cells that cannot be read (a wrong type, a name or a time that means nothing)
    // and rows that read but break a rule across sheets (unknown khối, duplicate code, end before start…)
    const ws = workspace();
    const file = exportBook(ws);
    const at: Record<string, string> = {};
    await edit(file, "Cơ quan", (s, t) => {
      const yte = t.rowWhere("code", "so-y-te");
      s.getCell(yte, t.col("validFrom")).value = "đầu năm";
      at["date"] = t.address("validFrom", yte);
      // a predecessor whose end cannot be read: its successor is judged once the date reads, not now
      const xd = t.rowWhere("code", "so-xay-dung");
      s.getCell(xd, t.col("validTo")).value = "cuối năm";
      at["unread end"] = t.address("validTo", xd);
      const nv = t.rowWhere("code", "so-noi-vu");
      s.getCell(nv, t.col("succeeds")).value = "so-xay-dung; so-khong-co";
      at["successor"] = t.address("succeeds", nv);
      const cnx = t.rowWhere("code", "so-cong-thuong");
      s.getCell(cnx, t.col("group")).value = "khoi-khong-co";
      at["khối"] = t.address("group", cnx);
      const tc = t.rowWhere("code", "so-tai-chinh");
      s.getCell(tc, t.col("validTo")).value = new Date("2020-12-31T00:00:00Z");
      at["end"] = t.address("validTo", tc);
      const nn = t.rowWhere("code", "so-ngoai-vu");
      s.getCell(nn, t.col("code")).value = "so-tu-phap";
      at["duplicate"] = t.address("code", nn);
      return "";
    });
    await edit(file, "Nhiệm vụ", (s, t) => {
      // task 19 is named by a target: its unreadable lead leaves the target alone
      const r19 = t.rowWhere("stt", 19);
      s.getCell(r19, t.col("lead")).value = "Sở Tài chánh";
      at["name"] = t.address("lead", r19);
      const r7 = t.rowWhere("stt", 7);
      s.getCell(r7, t.col("time")).value = "Khi có điều kiện";
      at["time"] = t.address("time", r7);
      const r31 = t.rowWhere("stt", 31);
      s.getCell(r31, t.col("stt")).value = 30;
      at["duplicate stt"] = t.address("stt", r31);
      return "";
    });
    await edit(file, "Kế hoạch", (s) => {
      s.eachRow((row, n) => {
        if (row.getCell(1).value === "years.to") {
          s.getCell(n, 3).value = "hai nghìn";
          at["year"] = s.getCell(n, 3).address;
        }
      });
      return "";
    });
    await edit(file, "Chỉ số", (s, t) => {
      // iii.dvsn is measured by two targets: its unreadable type leaves them alone
      const r = t.rowWhere("code", "iii.dvsn");
      s.getCell(r, t.col("type")).value = "Số thực";
      at["list"] = t.address("type", r);
      return "";
    });
    await edit(file, "Chỉ tiêu", (s, t) => {
      const r = t.rowWhere("id", "vi-bao-cao-he-thong");
      s.getCell(r, t.col("tasks")).value = "65; 99";
      at["task"] = t.address("tasks", r);
      return "";
    });
    const err = importFails(ws, file);
    const findings = err.split("\n").filter((l) => l.startsWith("  - "));
    const expected = [
      `Trang "Cơ quan", ô ${at["date"]}: "đầu năm" không phải là ngày`,
      `Trang "Cơ quan", ô ${at["unread end"]}: "cuối năm" không phải là ngày`,
      `Trang "Nhiệm vụ", ô ${at["name"]}: Không nhận ra cơ quan "Sở Tài chánh". Tên gần nhất: Sở Tài chính`,
      `Trang "Nhiệm vụ", ô ${at["time"]}: Không hiểu thời gian "Khi có điều kiện"`,
      `Trang "Kế hoạch", ô ${at["year"]}: "hai nghìn" không phải là số`,
      `Trang "Chỉ số", ô ${at["list"]}: "Số thực" không có trong danh sách`,
      `Trang "Cơ quan", ô ${at["khối"]}: Không có khối mã "khoi-khong-co"`,
      `Trang "Cơ quan", ô ${at["duplicate"]}: Mã "so-tu-phap" bị trùng`,
      `Trang "Cơ quan", ô ${at["end"]}: Ngày hết hiệu lực 31/12/2020 trước ngày bắt đầu hiệu lực 1/1/2021`,
      `Trang "Cơ quan", ô ${at["successor"]}: Không có cơ quan hoặc cụm từ nhóm mã "so-khong-co"`,
      `Trang "Nhiệm vụ", ô ${at["duplicate stt"]}: Số thứ tự 30 bị trùng`,
      `Trang "Chỉ tiêu", ô ${at["task"]}: Không có nhiệm vụ số thứ tự 99 trên trang Nhiệm vụ`,
    ];
    for (const e of expected)
      expect(
        findings.some((f) => f.includes(e)),
        e,
      ).toBe(true);
    // nothing else: no finding about task 19, indicator iii.dvsn or so-xay-dung's successor, which only follow
    // from cells already reported
    expect(findings).toHaveLength(expected.length);
    expect(err).toContain(`có ${expected.length} lỗi`);

    // --json: the same findings as data, each with its sheet, cell and code; exit 2, seeds untouched
    const before = seedBytes(ws);
    const j = runCchc(["config", "import", file, "--root", ws, "--json"]);
    expect(j.status).toBe(2);
    expect(seedBytes(ws)).toEqual(before);
    const problems = JSON.parse(j.stdout).problems as { code: string; sheet: string; cell: string; message: string }[];
    expect(problems.map((p) => `  - Trang "${p.sheet}", ô ${p.cell}: ${p.message}`)).toEqual(findings);
    expect(problems.every((p) => p.code.startsWith("config."))).toBe(true);
  });

  it("an agency row whose code is erased gives one finding, not one more on every task that names the agency", async () => {
    const ws = workspace();
    const file = exportBook(ws);
    const at = await edit(file, "Cơ quan", (s, t) => {
      const yte = t.rowWhere("code", "so-y-te");
      s.getCell(yte, t.col("code")).value = null;
      return t.address("code", yte);
    });
    const findings = importFails(ws, file)
      .split("\n")
      .filter((l) => l.startsWith("  - "));
    expect(findings).toEqual([`  - Trang "Cơ quan", ô ${at}: Cột "Mã" phải có giá trị.`]);
  });

  it("a file that is no workbook stops with exit code 2", () => {
    const ws = workspace();
    const file = join(ws, "hong.xlsx");
    writeFileSync(file, "không phải bảng tính");
    expect(importFails(ws, file)).toContain("Không đọc được tệp cấu hình");
  });
});

describe("cchc config tasks-from", () => {
  it("reads the 2866 appendix as a Word table (merged Mục tiêu cells, group rows, two tables) into exactly today's 68 tasks", () => {
    const ws = workspace();
    const before = seedBytes(ws);
    const docx = join(ws, "quyet-dinh-2866.docx");
    writeFileSync(docx, decision2866Docx());
    const r = runCchc(["config", "tasks-from", docx, "--root", ws, "--date", "2026-12-02"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Đã đọc 68 nhiệm vụ");
    expect(existsSync(join(ws, "cau-hinh.xlsx"))).toBe(true);
    const imp = runCchc(["config", "import", join(ws, "cau-hinh.xlsx"), "--root", ws, "--json"]);
    expect(imp.status).toBe(0);
    expect(JSON.parse(imp.stdout).changedFiles).toEqual([]);
    expect(seedBytes(ws)).toEqual(before);
  });

  it("writes into the specialist's workbook: only the rows of Nhiệm vụ change, every other sheet stays as it was", async () => {
    const ws = workspace();
    const file = exportBook(ws);
    // the specialist's own touches on the workbook before the new decision comes
    await edit(file, "Cơ quan", (s, t) => {
      const yte = t.rowWhere("code", "so-y-te");
      s.getCell(yte, t.col("email")).value = "vanthu@soyte.gov.vn";
      s.getCell(yte, t.col("name")).fill = {
        type: "pattern",
        pattern: "solid",
        fgColor: { argb: "FFFFFF00" },
        bgColor: { argb: "FFFFFF00" },
      };
      s.getColumn(t.col("name")).width = 55;
      return "";
    });
    await edit(file, "Chỉ số", (s, t) => {
      const r = t.rowWhere("code", "iii.dvsn");
      s.getCell(r, t.col("help")).value = "Ghi chú của chuyên viên";
      s.getCell(r, t.col("help")).font = { name: "Times New Roman", size: 12, bold: true, color: { argb: "FFFF0000" } };
      s.getCell(r, t.col("min")).dataValidation = {
        type: "whole",
        operator: "between",
        formulae: [0, 5000],
        allowBlank: true,
      };
      return "";
    });
    await edit(file, "Nhiệm vụ", (s, t) => {
      s.getColumn(t.col("task")).width = 70;
      s.getCell(t.rowWhere("stt", 68) + 40, t.col("task")).value = "dòng nháp sẽ được thay";
      return "";
    });
    {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      wb.addWorksheet("Ghi chú riêng").getCell("A1").value = "Danh sách cần hỏi lại Văn phòng";
      await wb.xlsx.writeFile(file);
    }
    const snapshot = async (path: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      const sheets: Record<string, unknown> = {};
      for (const s of wb.worksheets) {
        const cells: Record<string, unknown> = {};
        s.eachRow({ includeEmpty: false }, (row) =>
          row.eachCell({ includeEmpty: false }, (c) => {
            cells[c.address] = { value: c.value, style: c.style, validation: c.dataValidation ?? null };
          }),
        );
        sheets[s.name] = {
          cells,
          widths: s.columns.map((c) => [c.width ?? null, c.hidden]),
          heights: s.getRows(1, s.rowCount)?.map((r) => [r.height ?? null, r.hidden]),
          views: s.views,
          merges: s.model.merges,
        };
      }
      return { names: wb.worksheets.map((s) => s.name), sheets };
    };
    const before = await snapshot(file);

    const docx = join(ws, "quyet-dinh-2866.docx");
    writeFileSync(docx, decision2866Docx());
    const r = runCchc(["config", "tasks-from", docx, "--root", ws, "--date", "2026-12-02"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const after = await snapshot(file);
    expect(after.names).toEqual(before.names);
    for (const name of before.names.filter((n) => n !== "Nhiệm vụ"))
      expect(after.sheets[name], name).toEqual(before.sheets[name]);

    // the task sheet: its layout kept, its rows those of the decision, the draft row gone
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const tasks = wb.getWorksheet("Nhiệm vụ") as ExcelJS.Worksheet;
    const t = tableOf(tasks);
    expect(tasks.getColumn(t.col("task")).width).toBe(70);
    const r68 = t.rowWhere("stt", 68);
    const seedTasks = (
      JSON.parse(readFileSync(join(ws, "seeds", "tasks.json"), "utf8")) as { tasks: { stt: number; task: string }[] }
    ).tasks;
    expect(tasks.getCell(t.rowWhere("stt", 1), t.col("task")).value).toBe(seedTasks[0]?.task);
    for (let row = r68 + 1; row <= tasks.rowCount; row++)
      for (let c = 2; c <= tasks.columnCount; c++) expect(tasks.getCell(row, c).value ?? null).toBeNull();

    // importing brings in the specialist's edit, and the tasks are today's 68
    const imp = runCchc(["config", "import", file, "--root", ws, "--json"]);
    expect(imp.stderr).toBe("");
    expect(JSON.parse(imp.stdout).changedFiles).toEqual(["seeds/agencies.json", "seeds/indicators.json"]);
    const yte = (
      JSON.parse(readFileSync(join(ws, "seeds", "agencies.json"), "utf8")) as {
        agencies: { code: string; email?: string }[];
      }
    ).agencies.find((a) => a.code === "so-y-te");
    expect(yte?.email).toBe("vanthu@soyte.gov.vn");
  });

  it("reports names and times it cannot read on their cells, with suggestions", () => {
    const ws = workspace();
    const docx = join(ws, "ke-hoach-moi.docx");
    writeFileSync(
      docx,
      decision2866Docx((tasks) =>
        tasks.map((t) =>
          t.stt === 12
            ? { ...t, lead: "Sở Nội vụ, Ban Thi đua", time: "Quý II/2027" }
            : t.stt === 13
              ? { ...t, time: "Sau khi có hướng dẫn" }
              : t,
        ),
      ),
    );
    const r = runCchc(["config", "tasks-from", docx, "--root", ws, "--json"]);
    expect(r.status).toBe(1);
    const problems = JSON.parse(r.stdout).problems as { code: string; sheet: string; cell: string; message: string }[];
    expect(problems.map((p) => [p.code, p.sheet])).toEqual([
      ["config.unknown-agency-name", "Nhiệm vụ"],
      ["config.unknown-time", "Nhiệm vụ"],
    ]);
    expect(problems[0]?.message).toContain('"Ban Thi đua"');
    expect(problems.every((p) => /^[A-Z]+\d+$/.test(p.cell))).toBe(true);
  });

  if (findSoffice() === null)
    it.skip("[slow] LibreOffice (soffice) is not installed here: .doc and .odt decisions are not tested", () => {});
  it.skipIf(findSoffice() === null).each([
    ["odt", "odt"],
    ["doc", "doc:MS Word 97"],
  ])(
    "[slow] reads a .%s of the appendix (made from the .docx by LibreOffice) into exactly today's 68 tasks",
    (ext, filter) => {
      const ws = workspace();
      const before = seedBytes(ws);
      const docx = join(ws, "quyet-dinh-2866.docx");
      writeFileSync(docx, decision2866Docx());
      const c = spawnSync(
        findSoffice() as string,
        [
          `-env:UserInstallation=file://${join(ws, "profile")}`,
          "--headless",
          "--convert-to",
          filter,
          "--outdir",
          join(ws, ext),
          docx,
        ],
        { timeout: 120_000 },
      );
      expect(c.status).toBe(0);
      const made = join(ws, ext, `quyet-dinh-2866.${ext}`);
      // really the other format: an OLE compound file, or an OpenDocument package
      const head = readFileSync(made).subarray(0, 100);
      if (ext === "doc") expect(head.subarray(0, 4).toString("hex")).toBe("d0cf11e0");
      else expect(head.toString("latin1")).toContain("application/vnd.oasis.opendocument.text");
      const r = runCchc(["config", "tasks-from", made, "--root", ws, "--json"]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout) as { tasks: number; source: string; problems: unknown[] };
      expect(out).toMatchObject({ tasks: 68, source: `chuyển từ .${ext} qua LibreOffice`, problems: [] });
      // the 68 tasks are today's: importing the workbook changes no seed file
      const imp = runCchc(["config", "import", join(ws, "cau-hinh.xlsx"), "--root", ws, "--json"]);
      expect(imp.status).toBe(0);
      expect(JSON.parse(imp.stdout).changedFiles).toEqual([]);
      expect(seedBytes(ws)).toEqual(before);
    },
    180_000,
  );

  it("reads the plain text of seeds/nguon/ the same way (scripts/extract-tasks.mjs runs this)", () => {
    const ws = workspace();
    const before = seedBytes(ws);
    const r = runCchc([
      "config",
      "tasks-from",
      join(ws, "seeds", "nguon", "quyet-dinh-2866-QD-UBND-2021.txt"),
      "--root",
      ws,
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Đã đọc 68 nhiệm vụ");
    expect(runCchc(["config", "import", join(ws, "cau-hinh.xlsx"), "--root", ws]).status).toBe(0);
    expect(seedBytes(ws)).toEqual(before);
  });
});
