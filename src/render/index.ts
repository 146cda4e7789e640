import type { Renderer } from "./renderers.js";
import { renderConsolidatedXlsx } from "./xlsx-workbook.js";
import { renderCsv } from "./csv-export.js";
import { renderStatusHtml } from "./html-status.js";
import { renderReminderDocx, renderReportDocx } from "./docx-report.js";

/**
 * The renderers of `cchc build`, in order. Each reads only the consolidated model. Those that link to the
 * other outputs (`linksOthers`) run last and get the names of every file of the build.
 */
export const renderers: { render: Renderer; linksOthers?: boolean }[] = [
  {
    render: async (m, ctx) => {
      const report = await renderReportDocx(m, ctx);
      const letter = await renderReminderDocx(m, ctx);
      return letter ? [report, letter] : report;
    },
  },
  { render: (m) => renderConsolidatedXlsx(m) },
  { render: async (m) => renderCsv(m) },
  { render: (m, ctx) => renderStatusHtml(m, { templatesDir: ctx.templatesDir, files: ctx.files }), linksOthers: true },
];
