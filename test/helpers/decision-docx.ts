import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeZip } from "../../src/render/zip-write.js";
import { repoRoot } from "./model-fixture.js";

/**
 * A decision's task appendix as Word publishes it, built from a tasks.json: one table per part (the second
 * continuing the first "on the next page", header repeated), a numbering row, group rows "I" + "CẢI CÁCH THỂ CHẾ"
 * spanning the other columns, the "Mục tiêu" cell merged down over the tasks that share it (w:vMerge), and
 * texts split over several runs.
 */

interface TaskLike {
  stt: number;
  area: string;
  goal: string | null;
  task: string;
  product: string;
  lead: string;
  coordinate: string;
  time: string;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A paragraph whose text is cut into two runs at a space near its middle. */
function para(text: string, bold = false): string {
  const rPr = bold ? "<w:rPr><w:b/></w:rPr>" : "";
  const cut = text.indexOf(" ", Math.floor(text.length / 2));
  const parts = cut > 0 ? [text.slice(0, cut), text.slice(cut)] : [text];
  return `<w:p>${parts.map((p) => `<w:r>${rPr}<w:t xml:space="preserve">${esc(p)}</w:t></w:r>`).join("")}</w:p>`;
}

function tc(text: string, opts: { span?: number; vMerge?: "restart" | "continue"; bold?: boolean } = {}): string {
  const props = [
    opts.span ? `<w:gridSpan w:val="${opts.span}"/>` : "",
    opts.vMerge === "restart" ? '<w:vMerge w:val="restart"/>' : opts.vMerge === "continue" ? "<w:vMerge/>" : "",
  ].join("");
  return `<w:tc><w:tcPr><w:tcW w:w="1500" w:type="dxa"/>${props}</w:tcPr>${text === "" ? "<w:p/>" : para(text, opts.bold)}</w:tc>`;
}

const tr = (cells: string[], header = false): string =>
  `<w:tr>${header ? "<w:trPr><w:tblHeader/></w:trPr>" : ""}${cells.join("")}</w:tr>`;

const headerRows = (): string =>
  tr(
    [
      "STT",
      "Mục tiêu",
      "Nhiệm vụ",
      "Kết quả/ Sản phẩm",
      "Cơ quan chủ trì",
      "Cơ quan phối hợp",
      "Thời gian hoàn thành",
    ].map((h) => tc(h, { bold: true })),
    true,
  ) + tr(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"].map((h) => tc(h)));

const table = (rows: string): string =>
  `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>${'<w:gridCol w:w="1500"/>'.repeat(7)}</w:tblGrid>${rows}</w:tbl>`;

export function decisionDocx(tasks: TaskLike[], areaNames: Record<string, string>, splitBeforeStt: number): Buffer {
  const parts: string[][] = [[], []];
  let area: string | null = null;
  tasks.forEach((t, i) => {
    const part = parts[t.stt >= splitBeforeStt ? 1 : 0] as string[];
    if (t.area !== area) {
      area = t.area;
      part.push(
        tr([
          tc(t.area, { bold: true }),
          tc((areaNames[t.area] ?? "").toLocaleUpperCase("vi"), { span: 6, bold: true }),
        ]),
      );
    }
    const next = tasks[i + 1];
    const goal =
      t.goal === null
        ? tc("", { vMerge: "continue" })
        : tc(t.goal, next && next.goal === null && next.area === t.area ? { vMerge: "restart" } : {});
    part.push(tr([tc(String(t.stt)), goal, tc(t.task), tc(t.product), tc(t.lead), tc(t.coordinate), tc(t.time)]));
  });
  const body = [
    para("PHỤ LỤC", true),
    para("NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021-2025", true),
    table(headerRows() + (parts[0] as string[]).join("")),
    '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
    table(headerRows() + (parts[1] as string[]).join("")),
    // Word always ends a body with a paragraph (LibreOffice's .doc writer drops a table that ends the body)
    "<w:p/>",
    '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>',
  ].join("");
  const documentXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return writeZip(
    [
      {
        name: "[Content_Types].xml",
        data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      },
      {
        name: "_rels/.rels",
        data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      },
      { name: "word/document.xml", data: documentXml },
    ],
    new Date(2021, 9, 14),
  );
}

/** The appendix of Decision 2866 (today's seeds/tasks.json) as a .docx. */
export function decision2866Docx(overrides: (tasks: TaskLike[]) => TaskLike[] = (t) => t): Buffer {
  const tasks = (JSON.parse(readFileSync(join(repoRoot, "seeds", "tasks.json"), "utf8")) as { tasks: TaskLike[] })
    .tasks;
  const plan = JSON.parse(readFileSync(join(repoRoot, "seeds", "plan.json"), "utf8")) as {
    areas: { id: string; name: string }[];
  };
  return decisionDocx(
    overrides(tasks.map((t) => ({ ...t }))),
    Object.fromEntries(plan.areas.map((a) => [a.id, a.name])),
    38,
  );
}
