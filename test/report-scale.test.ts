import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Model } from "../src/consolidate/model.js";
import { narrativeSections } from "../src/vn/labels.js";
import { loadPlan } from "../src/plan/read-seeds.js";
import { renderCompanionDocx } from "../src/render/docx-companion.js";
import { renderReportDocx } from "../src/render/docx-report.js";
import { reportContext } from "../src/render/docx-report-data.js";
import { cleanNarrative } from "../src/render/docx-narrative.js";
import { NAME_LIMIT, QUOTE_LIMIT } from "../src/render/report-selection.js";
import { paragraphs, part, unzipDocx } from "./helpers/docx-xml.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";

/**
 * A merged province's period: 300 reporters. The report's body must not grow with them: no paragraph names more than
 * NAME_LIMIT agencies, at most QUOTE_LIMIT passages a section, no agency quoted twice in one section; and every
 * agency's words are in the companion document.
 */

const N = 300;

/** Seeds with N agencies: the 33 real ones and synthetic ones spread over the three groups (as the bench makes them). */
function seedsWithAgencies(n: number): string {
  const root = mkdtempSync(join(tmpdir(), "cchc-scale-"));
  cpSync(join(repoRoot, "seeds"), join(root, "seeds"), { recursive: true });
  const file = join(root, "seeds", "agencies.json");
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    groups: { id: string }[];
    agencies: Record<string, unknown>[];
  };
  const words: Record<string, string> = { "so-nganh": "Sở", "trung-uong": "Chi cục", "cap-huyen": "UBND huyện" };
  for (let i = json.agencies.length + 1; json.agencies.length < n; i++) {
    const group = json.groups[i % json.groups.length]!.id;
    const like = json.agencies.find((a) => a["group"] === group)!;
    const num = String(i).padStart(4, "0");
    json.agencies.push({
      code: `co-quan-${num}`,
      name: `${words[group]} thử nghiệm số ${num}`,
      shortName: `${words[group]} TN ${num}`,
      abbr: `TN${num}`,
      group,
      level: like["level"],
      validFrom: "2021-01-01",
      validTo: null,
      aliases: [],
    });
  }
  writeFileSync(file, JSON.stringify(json, null, 2));
  return root;
}

let model: Model;
let body: string[];
let companion: string;

beforeAll(async () => {
  const plan = await loadPlan(seedsWithAgencies(N));
  const codes = plan.agencies.map((a) => a.code);
  // more exceptions than a paragraph may name: 15 missing, 12 late, 11 rejected
  const pick = (from: number, count: number) =>
    codes.filter((_, i) => i >= from && (i - from) % 7 === 0).slice(0, count);
  const built = await buildSampleModel({
    plan,
    missing: pick(40, 15),
    late: pick(41, 12),
    rejected: pick(42, 11),
    // every agency's own words, distinct from every other's
    tweak: (a, fill) => {
      for (const s of narrativeSections)
        fill.narrative[s] = `${fill.narrative[s] ?? "Đã triển khai"} Ý kiến riêng của ${a.name} về mục ${s}.`;
    },
  });
  model = built.model;
  const templatesDir = join(repoRoot, "templates");
  const report = await renderReportDocx(model, { templatesDir });
  const paras = paragraphs(part(unzipDocx(report.data), "word/document.xml"));
  const end = paras.findIndex((p) => p.style === "PhuLucSo");
  expect(end).toBeGreaterThan(0);
  body = paras.slice(0, end).map((p) => p.text);
  const comp = await renderCompanionDocx(model, { templatesDir });
  companion = paragraphs(part(unzipDocx(comp!.data), "word/document.xml"))
    .map((p) => p.text)
    .join("\n");
}, 240_000);

/** The agencies a text names (full or short name, not as the start of a longer name). */
function named(text: string): string[] {
  return model.agencies
    .filter((a) =>
      [a.name, a.shortName].some((n) => {
        let i = text.indexOf(n);
        while (i >= 0) {
          const next = text[i + n.length];
          if (next === undefined || !/[\p{L}\p{N}]/u.test(next)) return true;
          i = text.indexOf(n, i + 1);
        }
        return false;
      }),
    )
    .map((a) => a.code);
}

describe(`the report for ${N} reporters`, () => {
  it(`names at most ${NAME_LIMIT} agencies in any paragraph of the body`, () => {
    expect(model.agencies).toHaveLength(N);
    const counts = body.map((t) => ({ t, n: named(t).length }));
    const worst = counts.reduce((a, b) => (b.n > a.n ? b : a));
    expect(worst.n, worst.t.slice(0, 300)).toBeLessThanOrEqual(NAME_LIMIT);
    // the exceptions are still there, by group and count, with where to find the list
    expect(body.join("\n")).toMatch(/Chưa gửi báo cáo: 15 cơ quan, đơn vị \(.*danh sách tại Phụ lục III\)/);
    expect(body.join("\n")).toMatch(/Gửi đúng hạn: \d+\/\d+ sở, ban, ngành; \d+\/\d+ cơ quan Trung ương/);
    // and the body says where every agency's words are
    expect(body.join("\n")).toContain("tại tài liệu “Ý kiến của các cơ quan, đơn vị” gửi kèm Báo cáo này");
  });

  it(`quotes at most ${QUOTE_LIMIT} passages a section, no agency twice in one section`, () => {
    const y = reportContext(model).yKien;
    const sections = [[y.chiDao], [y.uuDiem, y.tonTai, y.nguyenNhan], [y.phuongHuong], [y.kienNghi]];
    for (const parts of sections) {
      for (const p of parts) expect(p.length).toBeLessThanOrEqual(QUOTE_LIMIT);
      const quoted = parts.flat().flatMap((q) => named(q.coQuan));
      expect(quoted.length).toBeGreaterThan(0);
      expect(new Set(quoted).size, quoted.join(", ")).toBe(quoted.length);
    }
    // the lead agencies of the plan's tasks come first (Sở Nội vụ leads the most)
    expect(named(y.chiDao[0]!.coQuan)).toContain("so-noi-vu");
  });

  it("puts every reporting agency's words, whole, in the companion document", () => {
    const flat = companion.replace(/\s+/g, " ");
    let checked = 0;
    for (const a of model.agencies) {
      if (a.status !== "on-time" && a.status !== "late") {
        expect(flat).not.toContain(`Ý kiến riêng của ${a.name} `);
        continue;
      }
      for (const s of narrativeSections) {
        const text = a.narrative[s];
        if (!text) continue;
        expect(flat, `${a.code} ${s}`).toContain(`${a.name}: ${cleanNarrative(text).replace(/\s+/g, " ")}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(N * 10);
  });
});
