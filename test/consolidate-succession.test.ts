import { describe, expect, it } from "vitest";
import { mapOntoSuccessors, mergeSuccessionNotes } from "../src/consolidate/earlier.js";
import type { EarlierModel } from "../src/consolidate/earlier.js";
import { tasksForAgency, tasksInForce } from "../src/plan/plan.js";
import { tinyPlan } from "./helpers/tiny-plan.js";

const agency = (
  code: string,
  validFrom: string,
  validTo: string | null,
  succeeds: string[] = [],
  group = "so-nganh",
) => ({
  code,
  name: code.toUpperCase(),
  shortName: code,
  abbr: code,
  group,
  level: "tinh",
  validFrom,
  validTo,
  succeeds,
});

/** so-a and so-b merge into so-ab from 1/3/2025; tw-c is split into tw-x and tw-y; huyen-d ends with no successor. */
const plan = tinyPlan((s) => {
  const list = s["agencies.json"].agencies;
  list[0].validTo = "2025-02-28";
  list[1].validTo = "2025-02-28";
  list[2].validTo = "2025-02-28";
  list.push(agency("so-ab", "2025-03-01", null, ["so-a", "so-b"]));
  list.push(
    agency("tw-x", "2025-03-01", null, ["tw-c"], "trung-uong"),
    agency("tw-y", "2025-03-01", null, ["tw-c"], "trung-uong"),
  );
});

const earlier: EarlierModel = {
  period: { id: "2024-Q3", label: "quý III năm 2024" },
  totals: { hs: 400, "hs-tt": 200, "ty-le-tt": 50 },
  agencies: [
    { code: "so-a", values: { hs: 100, "hs-tt": 80, "ty-le-tt": 80, hang: 12 } },
    { code: "so-b", values: { hs: 100, "hs-tt": 20, "ty-le-tt": 20 } },
    { code: "tw-c", values: { hs: 120, "hs-tt": 60, "ty-le-tt": 50 } },
    { code: "huyen-d", values: { hs: 80, "hs-tt": 40, "ty-le-tt": 50 } },
  ],
};

describe("earlier figures mapped onto today's agencies", () => {
  const mapped = mapOntoSuccessors(plan, earlier, "2025-09-20");

  it("sums predecessors' counts onto their successor and recomputes its rate from the summed parts", () => {
    const ab = mapped.agencies.find((a) => a.code === "so-ab")!;
    expect(ab.values).toMatchObject({ hs: 200, "hs-tt": 100, "ty-le-tt": 50, hang: 12 });
    expect(mapped.agencies.map((a) => a.code)).toEqual(["so-ab"]);
  });

  it("leaves out an agency with no successor and counts a split one in the province totals only", () => {
    expect(mapped.totals).toMatchObject({ hs: 320, "hs-tt": 160, "ty-le-tt": 50 });
    expect(mapped.succession).toEqual({
      combined: [
        {
          code: "so-ab",
          name: "SO-AB",
          from: [
            { code: "so-a", name: "Sở A" },
            { code: "so-b", name: "Sở B" },
          ],
        },
      ],
      left: [{ code: "huyen-d", name: "UBND huyện D" }],
      split: [
        {
          code: "tw-c",
          name: "Cục C",
          into: [
            { code: "tw-x", name: "TW-X" },
            { code: "tw-y", name: "TW-Y" },
          ],
        },
      ],
    });
  });

  it("keeps an earlier model as it was when no agency changed", () => {
    expect(mapOntoSuccessors(plan, earlier, "2024-09-20")).toBe(earlier);
  });

  it("names each agency once across several earlier periods", () => {
    const n = mergeSuccessionNotes([mapped.succession!, mapped.succession!]);
    expect(n.left).toHaveLength(1);
    expect(n.combined[0]!.from).toHaveLength(2);
  });
});

describe("tasks of an agency that ended", () => {
  it("pass to its successor from the day after it ended", () => {
    expect(tasksForAgency(plan, "so-ab", { due: "2025-03-01" }).lead.map((t) => t.stt)).toEqual([1, 2, 3]);
    expect(tasksForAgency(plan, "so-ab", { due: "2025-02-28" }).lead.map((t) => t.stt)).toEqual([3]);
    expect(tasksForAgency(plan, "so-a", { due: "2025-02-28" }).lead.map((t) => t.stt)).toEqual([1, 2, 3]);
  });

  it("stay with an ended agency that has no successor; nothing changes before any agency ended", () => {
    const t3 = tasksInForce(plan, { due: "2025-09-20" }).find((t) => t.stt === 3)!;
    expect(t3.coordinateAgencies).toEqual(["huyen-d"]);
    expect(tasksInForce(plan, { due: "2024-09-20" })).toBe(plan.tasks);
  });
});
