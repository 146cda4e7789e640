import { describe, expect, test } from "vitest";
import { compareWithRecord, isEmptyAmendment } from "../src/consolidate/amendment.js";
import { buildSampleModel } from "./helpers/model-fixture.js";
import { amendmentText } from "../src/render/docx-amendment.js";

/** The comparison of a build after closing with the closed record's model (pure). */
describe("what changed since the signed report", () => {
  const ref = { number: "123/BC-SNV", signedOn: "2025-03-27", closedAt: "2025-03-27T00:00:00+07:00" };

  test("the same model against itself has nothing to say", async () => {
    const { model } = await buildSampleModel({ missing: ["so-y-te"] });
    const a = compareWithRecord(model, model, ref);
    expect(isEmptyAmendment(a)).toBe(true);
    expect(a.completenessBefore).toEqual(a.completenessNow);
  });

  test("an agency that was missing and has now reported: a late arrival, its figures and the totals they move", async () => {
    const { model: before } = await buildSampleModel({ missing: ["so-y-te"] });
    const { model: now } = await buildSampleModel({ late: ["so-y-te"] });
    const a = compareWithRecord(before, now, ref);
    expect(a.lateArrivals.map((l) => [l.agency, l.statusBefore, l.statusNow])).toEqual([
      ["so-y-te", "missing", "late"],
    ]);
    expect(new Set(a.figureChanges.map((c) => c.agency))).toEqual(new Set(["so-y-te"]));
    expect(a.figureChanges.every((c) => c.before === null)).toBe(true);
    expect(a.totalChanges.length).toBeGreaterThan(0);
    for (const t of a.totalChanges) expect(t.now).toBe(now.totals[t.indicator]);
    const text = amendmentText(now, a);
    expect(text).toContain("Báo cáo số 123/BC-SNV");
    expect(text).toContain("Sở Y tế");
    expect(text).not.toMatch(/cchc|--|output\//);
  });
});
