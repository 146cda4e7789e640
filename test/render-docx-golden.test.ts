import { describe, test } from "vitest";
import { join } from "node:path";
import { renderReminderDocx, renderReportDocx } from "../src/render/docx-report.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";
import { docxAsText, expectGolden } from "./helpers/docx-xml.js";

/**
 * Golden documents: every XML part of the rendered .docx, unzipped, pretty-printed and normalised, against
 * test/golden/. After an intended change (templates, snippets, seeds), accept it with
 *   UPDATE_GOLDEN=1 TZ=UTC npx vitest run test/render-docx-golden.test.ts
 * and review the diff of test/golden/ before committing.
 */
const templatesDir = join(repoRoot, "templates");
const golden = (name: string) => join(repoRoot, "test", "golden", name);

describe("golden Word documents", () => {
  test("the consolidated report and the reminder letter match their golden XML", async () => {
    const { model } = await buildSampleModel({
      missing: ["so-ngoai-vu", "tam-dao"],
      late: ["so-y-te"],
      rejected: ["cuc-thue-tinh"],
    });
    const report = await renderReportDocx(model, { templatesDir });
    expectGolden(golden("bao-cao-tong-hop-2025-Q1.xml.txt"), docxAsText(report.data));
    const reminder = (await renderReminderDocx(model, { templatesDir }))!;
    expectGolden(golden("cong-van-don-doc-2025-Q1.xml.txt"), docxAsText(reminder.data));
  }, 60_000);
});
