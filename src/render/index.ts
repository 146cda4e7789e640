import type { Renderer } from "./renderers.js";
import { renderConsolidatedXlsx } from "./xlsx-workbook.js";
import { renderCsv } from "./csv-export.js";
import { renderStatusHtml } from "./html-status.js";

/** The renderers of `cchc build`, in order; `name` tells the file names each one writes (for links). */
export const renderers: { name: (periodId: string) => string[]; render: Renderer }[] = [
  { name: (p) => [`tong-hop-${p}.xlsx`], render: (m) => renderConsolidatedXlsx(m) },
  { name: (p) => [`so-lieu-${p}.csv`], render: async (m) => renderCsv(m) },
  { name: () => ["index.html"], render: (m, ctx) => renderStatusHtml(m, { templatesDir: ctx.templatesDir, files: ctx.files }) },
];
