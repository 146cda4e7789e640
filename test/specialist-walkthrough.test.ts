// @module-tag slow (LibreOffice)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { runCchc } from "./helpers/cli.js";
import { soffice } from "./helpers/libreoffice.js";
import { fillTemplate } from "./helpers/fill-template.js";
import { docxAsText } from "./helpers/docx-xml.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { parsePeriod } from "../src/calendar/period.js";
import { plausibleFill } from "../src/sample/plausible.js";
import { readModelFile, isModel } from "../src/workspace/model-file.js";

/**
 * The specialist of Sở Nội vụ, start to end, in one workspace: `cchc init`, `config export`, the workbook edited in
 * LibreOffice (a Basic macro types into the cells as a person would: a date as dd/mm/yyyy text, a code, a name,
 * and LibreOffice saves the .xlsx), `config import`, `plan`, `issue`, the agencies' files received, `build`. The
 * edit: Sở Kế hoạch và Đầu tư merges into Sở Tài chính from 1/3/2025, and the report has a new signer.
 */

const macro = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Function ColsRow(sh)
  ColsRow = -1
  For r = 0 To 20
    If sh.getCellByPosition(0, r).getString() = "#cols" Then
      ColsRow = r
      Exit Function
    End If
  Next r
End Function

Function ColOf(sh, colsRow, key)
  ColOf = -1
  For c = 1 To 40
    If sh.getCellByPosition(c, colsRow).getString() = key Then
      ColOf = c
      Exit Function
    End If
  Next c
End Function

Function RowWhere(sh, keyCol, value)
  RowWhere = -1
  For r = 0 To 400
    If sh.getCellByPosition(keyCol, r).getString() = value Then
      RowWhere = r
      Exit Function
    End If
  Next r
End Function

Sub EditConfig
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  url = ConvertToURL(Environ("CCHC_BOOK"))
  doc = StarDesktop.loadComponentFromURL(url, "_blank", 0, args())
  sh = doc.Sheets.getByName("Cơ quan")
  cr = ColsRow(sh)
  codeCol = ColOf(sh, cr, "code")
  khdt = RowWhere(sh, codeCol, "so-ke-hoach-dau-tu")
  tc = RowWhere(sh, codeCol, "so-tai-chinh")
  sh.getCellByPosition(ColOf(sh, cr, "validTo"), khdt).setFormula("28/02/2025")
  sh.getCellByPosition(ColOf(sh, cr, "succeeds"), tc).setString("so-ke-hoach-dau-tu")
  st = doc.Sheets.getByName("Cài đặt")
  valCol = ColOf(st, ColsRow(st), "value")
  st.getCellByPosition(valCol, RowWhere(st, 0, "signer.name")).setString("Trần Thị Hồng Nhung")
  Dim sargs(1) As New com.sun.star.beans.PropertyValue
  sargs(0).Name = "FilterName"
  sargs(0).Value = "Calc MS Excel 2007 XML"
  sargs(1).Name = "Overwrite"
  sargs(1).Value = True
  doc.storeToURL(url, sargs())
  doc.close(True)
End Sub
</script:module>
`;

/** Runs the macro above on a workbook in a LibreOffice of its own (a fresh profile holding the macro). */
function editInLibreOffice(base: string, book: string): void {
  const profile = join(base, "lo-profile");
  const url = pathToFileURL(profile).href;
  const run = (args: string[]) =>
    spawnSync(soffice as string, [`-env:UserInstallation=${url}`, "--headless", "--norestore", ...args], {
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, CCHC_BOOK: book },
      cwd: base,
    });
  // a first start creates the profile (its Basic library "Standard" with an empty Module1)
  writeFileSync(join(base, "start.txt"), "x");
  expect(run(["--convert-to", "pdf", "--outdir", join(base, "start"), join(base, "start.txt")]).status).toBe(0);
  writeFileSync(join(profile, "user", "basic", "Standard", "Module1.xba"), macro);
  expect(run(["macro:///Standard.Module1.EditConfig"]).status).toBe(0);
}

if (!soffice)
  it.skip("[slow] LibreOffice (soffice) is not installed here: the specialist's walkthrough is skipped", () => {});

describe.skipIf(!soffice)(
  "[slow] the specialist's walkthrough: init, export, LibreOffice, import, issue, receive, build",
  () => {
    let base: string;
    let ws: string;
    const cli = (...args: string[]) => runCchc([...args, "--root", ws]);

    beforeAll(() => {
      base = mkdtempSync(join(tmpdir(), "cchc-walk-"));
      ws = join(base, "ws");
    });
    afterAll(() => rmSync(base, { recursive: true, force: true }));

    it("records a merger and a new signer in LibreOffice and carries them through to the report", async () => {
      const init = runCchc(["init", ws]);
      expect(init.status, init.stderr).toBe(0);
      expect(cli("config", "export", "--date", "2025-02-20").status).toBe(0);
      const book = join(ws, "cau-hinh.xlsx");
      const exported = readFileSync(book);

      editInLibreOffice(base, book);
      const saved = readFileSync(book);
      expect(saved.equals(exported)).toBe(false);
      expect(saved.toString("latin1")).toContain("docProps/app.xml");
      const app = new ExcelJS.Workbook();
      await app.xlsx.load(saved as unknown as ArrayBuffer);
      expect(app.worksheets.map((s) => s.name)).toEqual([
        "Hướng dẫn",
        "Cài đặt",
        "Kế hoạch",
        "Khối",
        "Cơ quan",
        "Nhiệm vụ",
        "Chỉ số",
        "Chỉ tiêu",
      ]);

      const seedsBefore = readFileSync(join(ws, "seeds", "agencies.json"), "utf8");
      const dry = cli("config", "import", book, "--dry-run");
      expect(dry.stderr).toBe("");
      expect(dry.status).toBe(0);
      expect(dry.stdout).toContain("nếu nạp sẽ thay đổi seeds/agencies.json, seeds/settings.json");
      expect(dry.stdout).toContain("- Cơ quan đổi ngày hết hiệu lực 1: so-ke-hoach-dau-tu (đến 28/02/2025).");
      expect(dry.stdout).toContain("- Cơ quan sửa thông tin 1: so-tai-chinh (Tiếp nhận từ).");
      expect(dry.stdout).toContain("- Cài đặt sửa: Người ký.");
      expect(readFileSync(join(ws, "seeds", "agencies.json"), "utf8")).toBe(seedsBefore);
      const imp = cli("config", "import", book);
      expect(imp.status, imp.stderr).toBe(0);
      expect(cli("plan", "--date", "2025-03-05").stdout).toMatch(
        /Sở Kế hoạch và Đầu tư +28\/02\/2025 +Sở Tài chính +01\/03\/2025/,
      );

      // quý I: Sở Tài chính reports for Sở Kế hoạch và Đầu tư, which gets no template
      const issue = cli("issue", "--period", "2025-Q1", "--date", "2025-03-05");
      expect(issue.status, issue.stderr).toBe(0);
      const forms = readdirSync(join(ws, "output", "2025-Q1", "bieu-mau")).filter((n) => n.endsWith(".xlsx"));
      expect(forms).toHaveLength(32);
      expect(forms.some((n) => n.includes("so-ke-hoach-dau-tu"))).toBe(false);
      const tc = new ExcelJS.Workbook();
      await tc.xlsx.readFile(
        join(
          ws,
          "output",
          "2025-Q1",
          "bieu-mau",
          forms.find((n) => n.includes("so-tai-chinh"))!,
        ),
      );
      const guide: string[] = [];
      tc.getWorksheet("Hướng dẫn")!.eachRow((row) => row.eachCell((c) => guide.push(String(c.value ?? ""))));
      expect(guide.join("\n")).toContain(
        "Cơ quan đã tiếp nhận Sở Kế hoạch và Đầu tư (kết thúc hoạt động ngày 28/2/2025) nên báo cáo thay cho cơ quan này",
      );

      // the agencies send their files (two do not), the office receives them and builds the report
      const plan = await loadPlan(ws);
      const period = parsePeriod("2025-Q1", plan.settings.due)!;
      const inbox = join(base, "hop-thu");
      mkdirSync(inbox);
      for (const name of forms) {
        const code = name.replace(/^[^_]+_/, "").replace(/\.xlsx$/, "");
        if (code === "so-ngoai-vu" || code === "tam-dao") continue;
        const f = plausibleFill(
          plan,
          period,
          plan.agencies.find((a) => a.code === code)!,
          11,
        );
        const bytes = await fillTemplate(readFileSync(join(ws, "output", "2025-Q1", "bieu-mau", name)), {
          info: { reporter: f.info.reporter, phone: f.info.phone, email: f.info.email, "doc-number": f.info.docNumber },
          values: f.values,
          tasks: Object.fromEntries(f.tasks.map((t) => [t.stt, { status: t.status, result: t.result }])),
          narrative: f.narrative,
        });
        writeFileSync(join(inbox, `bao-cao-${code}.xlsx`), bytes);
      }
      const files = readdirSync(inbox).map((n) => join(inbox, n));
      const rec = cli("receive", ...files, "--date", "2025-03-18");
      expect(rec.status, rec.stderr).toBe(0);
      expect(rec.stdout).toContain("Đã lưu 30 tệp.");
      const build = cli("build", "--period", "2025-Q1", "--date", "2025-03-21");
      expect(build.status, build.stderr).toBe(0);
      expect(build.stdout).toContain("Cơ quan: 32 phải báo cáo; 30 đúng hạn, 0 chậm, 0 bị từ chối, 2 chưa gửi");

      const model = await readModelFile(join(ws, "output", "2025-Q1", "tong-hop.json"));
      if (!isModel(model)) throw new Error("no model");
      expect(model.completeness.total).toMatchObject({ expected: 32, reported: 30, missing: 2 });
      const report = docxAsText(readFileSync(join(ws, "output", "2025-Q1", "bao-cao-tong-hop-2025-Q1.docx")));
      expect(report).toContain("Trần Thị Hồng Nhung");
      expect(report).not.toContain("Sở Kế hoạch và Đầu tư: ");
      const letter = docxAsText(readFileSync(join(ws, "output", "2025-Q1", "cong-van-don-doc-2025-Q1.docx")));
      expect(letter).toContain("Sở Ngoại vụ");
      expect(letter).not.toContain("Sở Kế hoạch và Đầu tư");
    }, 600_000);
  },
);
