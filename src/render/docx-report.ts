import type { Model } from "../consolidate/model.js";
import { collectStrings, readTemplate, renderDocx, type RenderedDocx } from "./docx-engine.js";
import { buildReminderData } from "./docx-reminder-data.js";
import { buildReportData } from "./docx-report-data.js";
import { loadSnippets } from "./text-snippets.js";
import { phase } from "../util/phase-timer.js";

/** The consolidated report and the reminder letter, rendered in memory from tong-hop.json's model. */

export const REPORT_TEMPLATE = "bao-cao-tong-hop.docx";
export const REMINDER_TEMPLATE = "cong-van-don-doc.docx";

export interface DocxOptions {
  /** the workspace's templates/ folder (Word templates and cau-van/*.hbs) */
  templatesDir: string;
}

/** output/<P>/bao-cao-tong-hop-<P>.docx: the draft of the consolidated report (Decree 30/2020 format). */
export async function renderReportDocx(model: Model, opts: DocxOptions): Promise<RenderedDocx> {
  // the template first: when templates/ is missing altogether, the message names the Word template
  const template = await readTemplate(opts.templatesDir, REPORT_TEMPLATE);
  const snippets = await loadSnippets(opts.templatesDir);
  const data = (): Record<string, unknown> => {
    const d = buildReportData(model, snippets);
    phase("report data built");
    return d;
  };
  const name = `bao-cao-tong-hop-${model.period.id}.docx`;
  return {
    name,
    data: renderDocx(template, `templates/${REPORT_TEMPLATE}`, data, model.asOf, () => agencyTexts(model), {
      blockLists: REPORT_BLOCK_LISTS,
      name,
    }),
  };
}

/** The body's lists of paragraphs (docx-report-data.ts sections), laid out without docxtemplater (docx-block-lists.ts). */
const REPORT_BLOCK_LISTS = ["moDau", "chiDao", "ketQua", "danhGia", "phuongHuong", "kienNghi"];

/** output/<P>/cong-van-don-doc-<P>.docx: the reminder to missing and rejected agencies; null when there are none. */
export async function renderReminderDocx(model: Model, opts: DocxOptions): Promise<RenderedDocx | null> {
  if (!model.agencies.some((a) => a.status === "missing" || a.status === "rejected")) return null;
  const template = await readTemplate(opts.templatesDir, REMINDER_TEMPLATE);
  const snippets = await loadSnippets(opts.templatesDir);
  const data = buildReminderData(model, snippets);
  if (!data) return null;
  const name = `cong-van-don-doc-${model.period.id}.docx`;
  return {
    name,
    data: renderDocx(template, `templates/${REMINDER_TEMPLATE}`, data, model.asOf, () => agencyTexts(model), { name }),
  };
}

/** Everything agencies wrote that may reach the documents (names, narratives, task reports, reasons, findings). */
function agencyTexts(model: Model): string[] {
  return collectStrings([
    model.agencies.map((a) => [a.narrative, a.tasks, a.texts, a.reporter, a.document, a.rejectReason]),
    model.tasks.map((t) => [t.leadReports, t.coordinatorNotes]),
    model.findings.map((f) => f.message),
  ]);
}
