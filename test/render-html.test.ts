import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";
import {
  barGeometry,
  niceCeil,
  relativeToPeriod,
  renderStatusHtml,
  stackSegments,
  statusBoardView,
  TARGET_BAR_WIDTH,
} from "../src/render/html-status.js";
import { hostileModel } from "./helpers/hostile-model.js";

const templatesDir = join(repoRoot, "templates");

describe("status board geometry", () => {
  it("spreads stacked segments over the full width, ending exactly at it", () => {
    const s = stackSegments(
      [
        { key: "a", label: "A", count: 1, cls: "a" },
        { key: "b", label: "B", count: 1, cls: "b" },
        { key: "c", label: "C", count: 1, cls: "c" },
      ],
      300,
    );
    expect(s.map((x) => x.width)).toEqual([100, 100, 100]);
    expect(s.map((x) => x.x)).toEqual([0, 100, 200]);
    expect(stackSegments([{ key: "a", label: "A", count: 0, cls: "a" }], 300)[0]!.width).toBe(0);
  });

  it("draws percentages on 0–100 and counts on a nice axis above the larger value", () => {
    expect(barGeometry({ reached: 50, required: 80, unit: "%" }, "threshold", 360)).toMatchObject({
      width: 180,
      marker: 288,
      scaleMax: 100,
    });
    expect(niceCeil(704)).toBe(1000);
    expect(niceCeil(440)).toBe(500);
    const g = barGeometry({ reached: 600, required: 608, unit: "đơn vị" }, "baseline-change", 360);
    expect(g.scaleMax).toBe(1000);
    expect(g.width).toBe(216);
  });

  it("draws ranks on a reversed axis so that a better rank gives a longer bar", () => {
    const good = barGeometry({ reached: 5, required: 15, unit: "thứ hạng" }, "rank", 360);
    const bad = barGeometry({ reached: 40, required: 15, unit: "thứ hạng" }, "rank", 360);
    expect(good.reversed).toBe(true);
    expect(good.width).toBeGreaterThan(good.marker!);
    expect(bad.width).toBeLessThan(bad.marker!);
  });

  it("gives no bar when there is no data", () => {
    expect(barGeometry({ reached: null, required: 80, unit: "%" }, "threshold").width).toBe(0);
  });

  it("reduces build paths to links relative to the period folder", () => {
    expect(relativeToPeriod("/w/output/2025-Q1/phan-hoi/a.docx", "2025-Q1")).toBe("phan-hoi/a.docx");
    expect(relativeToPeriod("C:\\w\\output\\2025-Q1\\tong-hop.json", "2025-Q1")).toBe("tong-hop.json");
    expect(relativeToPeriod("tong-hop-2025-Q1.xlsx", "2025-Q1")).toBe("tong-hop-2025-Q1.xlsx");
  });
});

describe("status board page", () => {
  it("shows the period, the deadline, the reporting counts and one bar per target level", async () => {
    const { model } = await buildSampleModel({
      missing: ["so-y-te"],
      late: ["so-tu-phap"],
      rejected: ["cong-an-tinh"],
    });
    const html = (await renderStatusHtml(model, { templatesDir })).data.toString("utf8");
    expect(html).toContain("Quý I năm 2025");
    expect(html).toContain("20/03/2025");
    expect(html).toContain("Đã quá hạn 5 ngày");
    expect(html).toContain(`${model.completeness.total.reported}/${model.completeness.total.expected}`);
    const bars = html.match(/data-role="reached"/g)?.length ?? 0;
    const expectedBars = model.targets.flatMap((t) => t.parts).filter((p) => p.reached !== null).length;
    expect(bars).toBe(expectedBars);
    expect(html).toContain("Chậm 3 ngày");
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain("<script");
  });

  it("escapes agency text: narrative, names, reject reasons and findings appear as text", async () => {
    const html = (await renderStatusHtml(await hostileModel(), { templatesDir })).data.toString("utf8");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>đậm</b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;đậm&lt;/b&gt;");
  });

  it("links exactly the files written in this build, relative to the period folder", async () => {
    const { model } = await buildSampleModel();
    const files = [
      "/w/output/2025-Q1/tong-hop.json",
      "/w/output/2025-Q1/bao-cao-tong-hop-2025-Q1.docx",
      "/w/output/2025-Q1/index.html",
      "/w/output/2025-Q1/phan-hoi/so-tai-chinh phản hồi.docx",
    ];
    const v = statusBoardView(model, files);
    expect(v.links.main.map((l) => l.name)).toEqual(["bao-cao-tong-hop-2025-Q1.docx", "tong-hop.json"]);
    expect(v.links.replies.map((l) => l.href)).toEqual(["phan-hoi/so-tai-chinh%20ph%E1%BA%A3n%20h%E1%BB%93i.docx"]);
    const html = (await renderStatusHtml(model, { templatesDir, files })).data.toString("utf8");
    expect(html).not.toContain("cong-van-don-doc");
    expect(html).toContain('href="bao-cao-tong-hop-2025-Q1.docx"');
  });

  it("renders the same bytes for the same model", async () => {
    const { model } = await buildSampleModel();
    const a = await renderStatusHtml(model, { templatesDir });
    const b = await renderStatusHtml(structuredClone(model), { templatesDir });
    expect(a.data.equals(b.data)).toBe(true);
  });

  it("stops with exit code 2 when the workspace has no board template", async () => {
    const { model } = await buildSampleModel();
    await expect(renderStatusHtml(model, { templatesDir: "/nonexistent" })).rejects.toMatchObject({ exitCode: 2 });
  });

  it("keeps every target bar inside its track", async () => {
    const { model } = await buildSampleModel();
    const v = statusBoardView(model);
    for (const g of v.targetGroups)
      for (const t of g.targets)
        for (const p of t.parts) {
          expect(p.width).toBeGreaterThanOrEqual(0);
          expect(p.width).toBeLessThanOrEqual(TARGET_BAR_WIDTH);
        }
  });
});
