import ExcelJS from "exceljs";
import { Writable } from "node:stream";
import type { Model } from "../consolidate/model.js";
import { addComparisonSheet } from "./xlsx-comparison-sheet.js";
import { addFiguresSheet } from "./xlsx-figures-sheet.js";
import { addFindingsSheet } from "./xlsx-findings-sheet.js";
import { addNarrativeSheet } from "./xlsx-narrative-sheet.js";
import { addSubmissionsSheet } from "./xlsx-submissions-sheet.js";
import { addTargetsSheet } from "./xlsx-targets-sheet.js";
import { addTasksSheet } from "./xlsx-tasks-sheet.js";
import { addAmendmentSheet, AMENDMENT_SHEET } from "./xlsx-amendment-sheet.js";
import { rezip } from "./zip-write.js";
import { sheetViewsXml } from "./xlsx-style.js";

/** The sheets of the consolidated workbook, in order. */
export const CONSOLIDATED_SHEETS = [
  "Chỉ tiêu",
  "Số liệu",
  "Nhiệm vụ",
  "Tình hình nộp",
  "Kiểm tra",
  "So sánh",
  "Ý kiến",
] as const;

/**
 * The consolidated workbook output/<P>/tong-hop-<P>.xlsx, rendered in memory from the model only:
 * the target scoreboard, the figures matrix, the tasks, the submissions, the findings and the comparisons.
 * Totals are written as the model's values (exceljs does not calculate, and the model is the truth).
 * Deterministic: the workbook's dates and the zip entries' dates are model.asOf at 00:00 UTC.
 *
 * Written with exceljs's streaming writer: each sheet is turned into XML and let go as soon as it is done (the
 * big ones row by row, see commitRow), so a province of thousands of agencies never holds the whole workbook's
 * cells at once. exceljs only stores the parts; they are deflated once, natively, with fixed dates (rezip).
 */
export async function renderConsolidatedXlsx(model: Model): Promise<{ name: string; data: Buffer }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const stamp = new Date(`${model.asOf.slice(0, 10)}T00:00:00Z`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: true,
    zip: { store: true } as never,
    created: stamp,
    modified: stamp,
    creator: "cchc",
    lastModifiedBy: "cchc",
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  wb.lastPrinted = stamp;
  wb.title = `Tổng hợp báo cáo cải cách hành chính ${model.period.label}`;
  const builders: { name: string; add: (wb: ExcelJS.Workbook, m: Model) => void }[] = [
    addTargetsSheet,
    addFiguresSheet,
    addTasksSheet,
    addSubmissionsSheet,
    addFindingsSheet,
    addComparisonSheet,
    addNarrativeSheet,
  ].map((add, i) => ({ name: CONSOLIDATED_SHEETS[i]!, add }));
  // after a period is closed: what changed since the signed report
  if (model.amendment) builders.push({ name: AMENDMENT_SHEET, add: addAmendmentSheet });
  // sheet part name → the <sheetViews> its builder set (the streaming writer wrote none: see sheetViewsXml)
  const views = new Map<string, string>();
  builders.forEach(({ name, add }) => {
    add(wb as unknown as ExcelJS.Workbook, model);
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`sheet ${name} was not made`);
    views.set(`xl/worksheets/sheet${ws.id}.xml`, sheetViewsXml(ws.views));
    ws.commit();
  });
  const finished = new Promise<void>((resolve, reject) => {
    sink.on("finish", resolve);
    sink.on("error", reject);
  });
  await wb.commit();
  await finished;
  // the streaming writer leaves the company out of docProps/app.xml
  const company = `<Company>${escapeXml(model.settings.issuingBodyName)}</Company>`;
  const data = rezip(Buffer.concat(chunks), model.asOf, (entries) => {
    for (const e of entries) {
      const sheetViews = views.get(e.name);
      if (sheetViews) {
        // where the schema puts them: after <sheetPr>, before <sheetFormatPr>
        const xml = Buffer.from(e.data).toString("utf8");
        const at = xml.indexOf("<sheetFormatPr");
        if (at < 0) throw new Error(`${e.name}: no <sheetFormatPr> to put the views before`);
        e.data = `${xml.slice(0, at)}${sheetViews}${xml.slice(at)}`;
      } else if (e.name === "docProps/app.xml") {
        e.data = Buffer.from(e.data)
          .toString("utf8")
          .replace(/<Company\/>|<Company><\/Company>/, company);
      }
    }
  });
  return { name: `tong-hop-${model.period.id}.xlsx`, data };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
