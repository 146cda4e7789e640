// @module-tag slow (LibreOffice)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PizZip from "pizzip";
import { afterAll, describe, expect, test } from "vitest";
import { parsePeriod } from "../src/calendar/period.js";
import { metaKeys, rowKey, sheetIds } from "../src/intake/template-layout.js";
import { infoFields, narrativeSections, taskStateLabels } from "../src/vn/labels.js";
import { buildTemplateWorkbook } from "../src/forms/template-workbook.js";
import { findAgency, indicatorsForAgency, tasksForAgency } from "../src/plan/plan.js";
import { loadRepoPlan } from "./helpers/model-fixture.js";
import { cellAt, cellText, loadWorkbook, readKeys, readMeta, sheetsByMarker } from "./helpers/template-sheets.js";

const hasSoffice = spawnSync("soffice", ["--version"], { encoding: "utf8" }).status === 0;
const dir = mkdtempSync(join(tmpdir(), "cchc-lo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Converts an .xlsx to .xlsx through LibreOffice headless, with a fresh profile. */
function roundTrip(file: string): Buffer {
  const out = join(dir, "out");
  const profile = `file://${join(dir, `profile-${Math.abs(hashCode(file))}`)}`;
  const r = spawnSync(
    "soffice",
    [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "xlsx", "--outdir", out, file],
    {
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  return readFileSync(join(out, file.split("/").pop()!));
}

function hashCode(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

describe.skipIf(!hasSoffice)("templates through LibreOffice", () => {
  test("a template converted by LibreOffice keeps its markers, keys, metadata, protection and dropdown", async () => {
    const plan = await loadRepoPlan();
    const period = parsePeriod("2025-Q1", plan.settings.due)!;
    const agency = findAgency(plan, "so-tu-phap")!;
    const file = join(dir, "2025-Q1_so-tu-phap.xlsx");
    writeFileSync(
      file,
      await buildTemplateWorkbook(plan, period, agency, { issuedOn: "2025-03-01", generator: "cchc test" }),
    );

    const converted = roundTrip(file);
    const wb = await loadWorkbook(converted);
    const marked = sheetsByMarker(wb);
    expect([...marked.keys()].sort()).toEqual([...sheetIds].sort());
    expect(readMeta(marked.get("meta")!)).toEqual({
      formatVersion: "1",
      planId: plan.meta.id,
      period: "2025-Q1",
      agency: "so-tu-phap",
      fingerprint: plan.fingerprint,
      issuedOn: "2025-03-01",
      generator: "cchc test",
    });
    expect(Object.keys(readMeta(marked.get("meta")!))).toEqual([...metaKeys]);
    expect(marked.get("meta")!.state).not.toBe("visible");

    const info = readKeys(marked.get("info")!);
    expect([...info.rows.keys()]).toEqual(infoFields.map((f) => rowKey.info(f)));
    const tasks = readKeys(marked.get("tasks")!);
    const { lead, coordinate } = tasksForAgency(plan, agency.code, period);
    expect([...tasks.rows.keys()]).toEqual([...lead, ...coordinate].map((t) => rowKey.task(t.stt)));
    const figures = readKeys(marked.get("figures")!);
    expect([...figures.rows.keys()].sort()).toEqual(
      indicatorsForAgency(plan, agency)
        .map((i) => rowKey.indicator(i.code))
        .sort(),
    );
    const assessment = readKeys(marked.get("assessment")!);
    expect([...assessment.rows.keys()]).toEqual(narrativeSections.map((s) => rowKey.text(s)));

    // exceljs reads only sheet="1"; LibreOffice writes sheet="true": look at the XML itself
    const zip = new PizZip(converted);
    const sheetXml = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheetXml.length).toBe(wb.worksheets.length);
    for (const n of sheetXml) expect(zip.file(n)!.asText(), n).toMatch(/<sheetProtection[^>]*\bsheet="(1|true)"/);
    // (exceljs does not read LibreOffice's locked="false" either, so cell locking is not asserted here)
    const status = cellAt(tasks, "task:3", "status");
    expect(status.dataValidation?.type).toBe("list");
    expect(status.dataValidation?.formulae?.[0]).toBe("DS_TINH_TRANG");
    expect(zip.file("xl/styles.xml")!.asText()).toContain('<protection locked="false"');
  });

  test("values filled in, then saved by LibreOffice, are found again by their keys", async () => {
    const plan = await loadRepoPlan();
    const period = parsePeriod("2025-Q1", plan.settings.due)!;
    const agency = findAgency(plan, "tp-vinh-yen")!;
    const wb = await loadWorkbook(
      await buildTemplateWorkbook(plan, period, agency, { issuedOn: "2025-03-01", generator: "cchc test" }),
    );
    const marked = sheetsByMarker(wb);
    const tasks = readKeys(marked.get("tasks")!);
    const figures = readKeys(marked.get("figures")!);
    const info = readKeys(marked.get("info")!);
    const assessment = readKeys(marked.get("assessment")!);
    cellAt(tasks, "task:9", "status").value = taskStateLabels.done;
    cellAt(tasks, "task:9", "doc-date").value = new Date(Date.UTC(2025, 1, 14));
    cellAt(figures, "ind:ii.hs-tiep-nhan", "value").value = 1234;
    cellAt(info, "info:reporter", "value").value = "Nguyễn Thị Hồng Nhung, chuyên viên";
    cellAt(assessment, "text:ton-tai", "value").value = "Còn chậm số hóa hồ sơ.\nThiếu nhân lực.";
    const file = join(dir, "2025-Q1_tp-vinh-yen.xlsx");
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    const back = sheetsByMarker(await loadWorkbook(roundTrip(file)));
    const t = readKeys(back.get("tasks")!);
    expect(cellText(cellAt(t, "task:9", "status").value)).toBe("Đã hoàn thành");
    expect((cellAt(t, "task:9", "doc-date").value as Date).toISOString().slice(0, 10)).toBe("2025-02-14");
    expect(cellAt(readKeys(back.get("figures")!), "ind:ii.hs-tiep-nhan", "value").value).toBe(1234);
    expect(cellText(cellAt(readKeys(back.get("info")!), "info:reporter", "value").value)).toBe(
      "Nguyễn Thị Hồng Nhung, chuyên viên",
    );
    expect(cellText(cellAt(readKeys(back.get("assessment")!), "text:ton-tai", "value").value)).toBe(
      "Còn chậm số hóa hồ sơ.\nThiếu nhân lực.",
    );
  });
});
