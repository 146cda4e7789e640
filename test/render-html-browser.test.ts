// @module-tag slow (Chromium)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import { repoRoot } from "./helpers/model-fixture.js";
import { hostileModel, XSS } from "./helpers/hostile-model.js";
import { renderStatusHtml, TARGET_BAR_WIDTH, STACK_BAR_WIDTH } from "../src/render/html-status.js";
import type { Model } from "../src/consolidate/model.js";

/** The status board in Debian's headless Chromium (installed by .ci/run); skipped only when it is absent. */
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)("status board in headless Chromium", () => {
  let context: BrowserContext;
  let dir: string;
  let model: Model;
  let pageUrl: string;

  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    dir = await mkdtemp(join(tmpdir(), "cchc-board-"));
    // a fresh user-data-dir per run (playwright takes it as the persistent context's folder)
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    model = await hostileModel();
    const out = join(dir, "output", model.period.id);
    await mkdir(join(out, "phan-hoi"), { recursive: true });
    const files = [
      "tong-hop.json",
      `bao-cao-tong-hop-${model.period.id}.docx`,
      `tong-hop-${model.period.id}.xlsx`,
      "phan-hoi/so-tai-chinh.docx",
    ];
    for (const f of files) await writeFile(join(out, f), "x");
    const page = await renderStatusHtml(model, { templatesDir: join(repoRoot, "templates"), files });
    await writeFile(join(out, page.name), page.data);
    pageUrl = pathToFileURL(join(out, page.name)).href;
  });

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("loads with no console errors, no failed or network requests, draws the charts and shows agency text as text", async () => {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const failed: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    page.on("requestfailed", (r) => failed.push(r.url()));
    page.on("request", (r) => requests.push(r.url()));
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });

    const response = await page.goto(pageUrl, { waitUntil: "load" });
    expect(response === null || response.ok()).toBe(true);

    // the agency's text is shown literally, and nothing ran
    const text = (await page.textContent("body")) ?? "";
    expect(text).toContain(XSS);
    expect(text).toContain("<b>đậm</b>");
    expect(await page.locator("script").count()).toBe(0);
    expect(dialogs).toEqual([]);

    // one reached-bar per target part with data, with the widths the model gives
    const reached = await page.$$eval('svg.target-chart rect[data-role="reached"]', (rs) =>
      rs.map((r) => Number(r.getAttribute("width"))),
    );
    const parts = model.targets.flatMap((t) => t.parts);
    expect(reached.length).toBe(parts.filter((p) => p.reached !== null).length);
    expect(reached.length).toBeGreaterThan(10);
    for (const w of reached) {
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThanOrEqual(TARGET_BAR_WIDTH);
    }
    const markers = await page.locator('svg.target-chart rect[data-role="required"]').count();
    expect(markers).toBe(parts.filter((p) => p.required !== null).length);
    const perLevel = model.targets.find((t) => t.kind === "threshold-by-level")!;
    expect(await page.locator(`[data-target="${perLevel.id}"] rect[data-role="track"]`).count()).toBe(
      perLevel.parts.length,
    );
    // a target at exactly 50% of a percentage scale: check one geometry against the page
    const pct = model.targets.find(
      (t) => t.kind === "threshold" && t.unit === "%" && t.reached !== null && t.reached <= 100,
    )!;
    const w = Number(await page.getAttribute(`[data-target="${pct.id}"] rect[data-role="reached"]`, "width"));
    expect(w).toBeCloseTo((pct.reached! / 100) * TARGET_BAR_WIDTH, 0);

    // the stacked bars fill their width, segment counts match the model
    const taskSegs = await page.$$eval("#task-bar rect", (rs) =>
      rs.map((r) => ({ w: Number(r.getAttribute("width")), n: Number(r.getAttribute("data-count")) })),
    );
    expect(taskSegs.reduce((s, x) => s + x.w, 0)).toBeCloseTo(STACK_BAR_WIDTH, 0);
    expect(taskSegs.reduce((s, x) => s + x.n, 0)).toBe(model.taskSummary.total);
    const reportingCounts = await page.$$eval("#reporting-bar rect", (rs) =>
      rs.map((r) => Number(r.getAttribute("data-count"))),
    );
    expect(reportingCounts).toEqual([
      model.completeness.total.onTime,
      model.completeness.total.late,
      model.completeness.total.rejected,
      model.completeness.total.missing,
    ]);
    // the SVGs are laid out with a real size (the charts are drawn, not collapsed)
    const box = await page.locator("#task-bar").boundingBox();
    expect(box?.width).toBeGreaterThan(600);

    // the agency table has one row per expected agency, with the status colours
    expect(await page.locator("#agency-table tbody tr").count()).toBe(model.agencies.length);
    expect(await page.locator('#agency-table tr[data-status="late"] .st-late').count()).toBe(
      model.completeness.total.late,
    );

    // the links are relative and resolve to the files beside the page
    const hrefs = await page.$$eval("#tep a", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs).toContain("tong-hop.json");
    expect(hrefs).toContain("phan-hoi/so-tai-chinh.docx");
    for (const h of hrefs) expect(h).not.toMatch(/^(https?:|\/)/);

    const shot = join(dir, "board.png");
    await page.screenshot({ path: shot, fullPage: true });
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect((await stat(shot)).size).toBeGreaterThan(20_000);
    const keep = process.env["CCHC_KEEP_SCREENSHOT"];
    if (keep) {
      await writeFile(keep, png);
      await writeFile(`${keep}.html`, await readFile(new URL(pageUrl)));
    }

    expect(consoleErrors).toEqual([]);
    expect(failed).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
    await page.close();
  });

  it("shows a period with nothing received: every target without data, every agency missing", async () => {
    const { buildSampleModel } = await import("./helpers/model-fixture.js");
    const { plan } = await buildSampleModel();
    const { model: empty } = await buildSampleModel({ missing: plan.agencies.map((a) => a.code), date: "2025-03-10" });
    const out = join(dir, "empty");
    await mkdir(out, { recursive: true });
    const rendered = await renderStatusHtml(empty, { templatesDir: join(repoRoot, "templates"), files: [] });
    await writeFile(join(out, "index.html"), rendered.data);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    expect(await page.locator('svg.target-chart rect[data-role="reached"]').count()).toBe(0);
    expect(await page.locator("svg.target-chart rect.nodata").count()).toBe(
      empty.targets.flatMap((t) => t.parts).length,
    );
    expect(await page.textContent("#days-left")).toBe("Còn 10 ngày đến hạn");
    expect(await page.locator('#agency-table tr[data-status="missing"]').count()).toBe(empty.agencies.length);
    const keep = process.env["CCHC_KEEP_SCREENSHOT"];
    if (keep) await writeFile(`${keep}.empty.html`, rendered.data);
    expect(errors).toEqual([]);
    await page.close();
  });
});
