/**
 * render: the documents of a period, written from the consolidated model only: the report draft, the reminder letter
 * and agency reports in Word (docx-*.ts, docxtemplater on the templates/ files), the appendix workbook and feedback
 * workbooks (xlsx-*.ts, feedback-xlsx.ts, written by the program's own writer sheetml/), the CSV export and the HTML
 * status board. The zips of the Office files are written here too (zip-write.ts, xlsx-zip.ts), and each is read back
 * before a command reports success (office-check.ts). Each renderer works in memory and hands back bytes; the
 * commands write them. This file lists the renderers of a build.
 */
import type { Renderer } from "./renderers.js";

/**
 * The renderers of `cchc build`, in order. Each reads only the consolidated model. Those that link to the
 * other outputs (`linksOthers`) run last and get the names of every file of the build. Each loads its code on first
 * use (docxtemplater, handlebars), so a big build holds only the one it is running.
 */
export const renderers: { render: Renderer; linksOthers?: boolean }[] = [
  {
    render: async (m, ctx) => {
      const { renderReminderDocx, renderReportDocx } = await import("./docx-report.js");
      const report = await renderReportDocx(m, ctx);
      const letter = await renderReminderDocx(m, ctx);
      return letter ? [report, letter] : report;
    },
  },
  // only after a period is closed (output/<P>/sau-chot/): what changed since the signed report
  {
    render: async (m, ctx) => (m.amendment ? (await import("./docx-amendment.js")).renderAmendmentDocx(m, ctx) : null),
  },
  // the companion of the report: every agency's own words in full (the report's body quotes a few)
  { render: async (m, ctx) => (await import("./docx-companion.js")).renderCompanionDocx(m, ctx) },
  { render: async (m) => (await import("./xlsx-workbook.js")).renderConsolidatedXlsx(m) },
  { render: async (m) => (await import("./csv-export.js")).renderCsv(m) },
  {
    render: async (m, ctx) =>
      (await import("./html-status.js")).renderStatusHtml(m, { templatesDir: ctx.templatesDir, files: ctx.files }),
    linksOthers: true,
  },
];
