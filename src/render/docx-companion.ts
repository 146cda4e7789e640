import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AgencyEntry, Model } from "../consolidate/model.js";
import { narrativeLabels, type NarrativeSection } from "../vn/labels.js";
import { formatNumber, formatTextDate } from "../vn/format.js";
import { addLines, freshNumbering, textToBlocks, type Block } from "./docx-blocks.js";
import { numberForText, upperVi } from "./docx-common.js";
import { collectStrings, readTemplate, renderDocx, type RenderedDocx } from "./docx-engine.js";
import { cleanNarrative } from "./docx-narrative.js";
import { isReported } from "./report-selection.js";
import { agenciesByGroup } from "./xlsx-labels.js";

/**
 * The companion of the consolidated report: output/<P>/y-kien-co-quan-<P>.docx holds every reporting agency's own
 * words in full — one section per part of the report and per area, agencies grouped by khối — while the report's
 * body quotes only a few of them (report-selection.ts). Same Decree 30 format, sent with the report.
 */

export const COMPANION_TEMPLATE = "y-kien-co-quan.docx";

export const companionFileName = (periodId: string): string => `y-kien-co-quan-${periodId}.docx`;

/** The companion's title, as the report names it. */
export const COMPANION_TITLE = "Ý kiến của các cơ quan, đơn vị";

/** The reported agencies of each khối, in the order of the groups and of the list. */
type ReportedByGroup = { group: Model["groups"][number]; members: AgencyEntry[] }[];

function reportedByGroup(model: Model): ReportedByGroup {
  const reported = agenciesByGroup(model).filter(isReported);
  return model.groups.map((g) => ({ group: g, members: reported.filter((a) => a.group === g.id) }));
}

/** A narrative section's words per khối, line by line: "### Khối (n cơ quan, đơn vị)" then one item per agency. */
function sectionLines(byGroup: ReportedByGroup, textOf: (a: AgencyEntry) => string | null | undefined): string[] {
  const lines: string[] = [];
  for (const { group: g, members } of byGroup) {
    const writing = members.flatMap((a) => {
      const t = textOf(a);
      const clean = t ? cleanNarrative(t) : "";
      return clean ? [{ a, clean }] : [];
    });
    if (writing.length === 0) continue;
    lines.push(
      `### ${g.name} (${formatNumber(writing.length)}/${formatNumber(members.length)} cơ quan, đơn vị nêu ý kiến)`,
    );
    for (const { a, clean } of writing)
      lines.push(`- ${a.name}: ${clean.includes("\n") ? clean.replace(/\n/g, "\u2028") : clean}`);
  }
  if (lines.length === 0) lines.push("Không có cơ quan, đơn vị nào nêu ý kiến.");
  return lines;
}

const narrativeOf =
  (section: NarrativeSection) =>
  (a: AgencyEntry): string | undefined =>
    a.narrative[section];

/** The data of y-kien-co-quan.docx. */
export function buildCompanionData(model: Model): Record<string, unknown> {
  const s = model.settings;
  // a closed period's record carries the signed report's number and date (as the report does); a draft has neither
  const date = model.record?.signedOn ?? model.asOf;
  const reported = model.agencies.filter(isReported).length;
  const section = (parts: { title: string | null; text: string[] }[]): Block[] => {
    const numbering = freshNumbering();
    const out: Block[] = [];
    for (const p of parts) addLines(p.title ? [`## ${p.title}`, ...p.text] : p.text, numbering, out);
    return out;
  };
  const byGroup = reportedByGroup(model);
  const sectionOf = (key: NarrativeSection) => sectionLines(byGroup, narrativeOf(key));
  const textIndicators = model.indicators.filter((i) => i.type === "text" && i.area === "CD");
  return {
    kyInHoa: upperVi(model.period.label),
    kemTheo: `(Kèm theo Báo cáo số ${numberForText(s.reportSymbol, model.record?.number ?? null)} ngày ${formatTextDate(date)} của ${s.issuingBodyName})`,
    moDau: textToBlocks(
      `Tài liệu này tổng hợp nguyên văn ý kiến trong báo cáo của ${formatNumber(reported)}/${formatNumber(model.completeness.total.expected)} cơ quan, đơn vị gửi ${s.issuingBodyName} ${model.period.label}, ` +
        "theo từng mục của báo cáo và từng lĩnh vực cải cách hành chính; trong mỗi mục, các cơ quan, đơn vị được xếp theo khối và theo thứ tự trong danh mục. " +
        "Chữ viết được giữ như cơ quan, đơn vị đã gửi (chỉ chuẩn hóa khoảng trắng và dấu kết câu).",
    ),
    chiDao: section([
      { title: textIndicators.length > 0 ? narrativeLabels["chi-dao"] : null, text: sectionOf("chi-dao") },
      ...textIndicators.map((i) => ({
        title: i.name.replace(/\s*\(nếu có\)\s*$/u, ""),
        text: sectionLines(byGroup, (a) => a.texts[i.code]),
      })),
    ]),
    ketQua: section(
      model.areas.map((area) => ({
        title: area.name,
        text: sectionOf(`ket-qua-${area.id.toLowerCase()}` as NarrativeSection),
      })),
    ),
    danhGia: section([
      { title: "Ưu điểm, kết quả nổi bật", text: sectionOf("uu-diem") },
      { title: "Tồn tại, hạn chế", text: sectionOf("ton-tai") },
      { title: "Nguyên nhân", text: sectionOf("nguyen-nhan") },
    ]),
    phuongHuong: section([{ title: null, text: sectionOf("phuong-huong") }]),
    kienNghi: section([{ title: null, text: sectionOf("kien-nghi") }]),
  };
}

/** The shipped copy of a Word template, for a workspace made before the template existed. */
async function templateOrShipped(templatesDir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(templatesDir, name));
  } catch {
    return readTemplate(join(import.meta.dirname, "..", "..", "templates"), name);
  }
}

/** The lists of paragraphs of buildCompanionData, laid out without docxtemplater (docx-block-lists.ts). */
export const COMPANION_BLOCK_LISTS = ["moDau", "chiDao", "ketQua", "danhGia", "phuongHuong", "kienNghi"];

/** output/<P>/y-kien-co-quan-<P>.docx; null when no agency reported. */
export async function renderCompanionDocx(model: Model, opts: { templatesDir: string }): Promise<RenderedDocx | null> {
  if (!model.agencies.some(isReported)) return null;
  const template = await templateOrShipped(opts.templatesDir, COMPANION_TEMPLATE);
  const name = companionFileName(model.period.id);
  return {
    name,
    data: renderDocx(
      template,
      `templates/${COMPANION_TEMPLATE}`,
      () => buildCompanionData(model),
      model.asOf,
      () => collectStrings([model.agencies.map((a) => [a.narrative, a.texts])]),
      { blockLists: COMPANION_BLOCK_LISTS, name },
    ),
  };
}
