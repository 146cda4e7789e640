import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import PizZip from "pizzip";
import { collectStrings, renderDocx } from "../src/render/docx-engine.js";
import { buildCompanionData, COMPANION_BLOCK_LISTS, COMPANION_TEMPLATE } from "../src/render/docx-companion.js";
import { readZipEntries } from "../src/render/zip-write.js";
import type { Model } from "../src/consolidate/model.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";

/**
 * The companion's long lists of paragraphs are laid out without docxtemplater (docx-block-lists.ts): the document must
 * be byte for byte the one docxtemplater renders, whatever the agencies wrote, and a template laid out otherwise must
 * still render as docxtemplater renders it.
 */

const template = readFileSync(join(repoRoot, "templates", COMPANION_TEMPLATE));

/** Agencies' words with everything a writer can get wrong: XML characters, line breaks, control characters, emoji. */
async function trickyModel(): Promise<Model> {
  const { model } = await buildSampleModel({ missing: ["so-y-te"] });
  const words = [
    'Số "A" & <B> của đơn vị\'s: 100%',
    "Dòng một\nDòng hai\r\n  Dòng ba  ",
    "Ký tự lạ\u0001\u0008 và\ttab, chữ 😀 ngoài BMP",
    "=SUM(A1) - bắt đầu như công thức",
    "null NaN {} undefined",
  ];
  model.agencies.forEach((a, i) => {
    if (a.status !== "on-time" && a.status !== "late") return;
    a.narrative["chi-dao"] = words[i % words.length]!;
    a.narrative["ket-qua-ii"] = `${words[(i + 1) % words.length]!}\n- gạch đầu dòng`;
    if (i % 3 === 0) a.narrative["kien-nghi"] = words[(i + 2) % words.length]!;
  });
  return model;
}

const render = (t: Buffer, model: Model, fast: boolean): Buffer =>
  renderDocx(
    t,
    "t",
    () => buildCompanionData(model),
    model.asOf,
    () => collectStrings(model.agencies.map((a) => a.narrative)),
    fast ? { blockLists: COMPANION_BLOCK_LISTS } : {},
  );

const parts = (docx: Buffer): Record<string, string> =>
  Object.fromEntries(readZipEntries(docx).map((e) => [e.name, Buffer.from(e.data).toString("utf8")]));

describe("the companion's paragraphs laid out without docxtemplater", () => {
  test("give the bytes docxtemplater gives, with agencies' words of every kind", async () => {
    const model = await trickyModel();
    const fast = render(template, model, true);
    const slow = render(template, model, false);
    expect(parts(fast)).toEqual(parts(slow));
    expect(fast.equals(slow)).toBe(true);
    expect(parts(fast)["word/document.xml"]).toContain("&quot;A&quot; &amp; &lt;B&gt;");
  }, 60_000);

  test("a template whose loops hold more than one paragraph per block renders as docxtemplater renders it", async () => {
    const model = await trickyModel();
    const zip = new PizZip(template);
    const xml = zip.file("word/document.xml")!.asText();
    const open = "{#chiDao}</w:t></w:r></w:p>";
    expect(xml).toContain(open);
    zip.file(
      "word/document.xml",
      xml.replace(open, `${open}<w:p><w:r><w:t>Đoạn cố định trong vòng lặp</w:t></w:r></w:p>`),
    );
    const edited = zip.generate({ type: "nodebuffer" });
    const fast = render(edited, model, true);
    expect(fast.equals(render(edited, model, false))).toBe(true);
    expect(parts(fast)["word/document.xml"]).toContain("Đoạn cố định trong vòng lặp");
  }, 60_000);

  test("a template slip (a word like NaN in the template's own text) still stops the render", async () => {
    const model = await trickyModel();
    const zip = new PizZip(template);
    const xml = zip.file("word/document.xml")!.asText();
    zip.file("word/document.xml", xml.replace("{kemTheo}", "{kemTheo} NaN"));
    const edited = zip.generate({ type: "nodebuffer" });
    expect(() => render(edited, model, true)).toThrow(/contains "NaN"/);
  }, 60_000);
});
