import { describe, expect, it } from "vitest";
import { validatePlan } from "../src/plan/validate-plan.js";
import { formatProblem } from "../src/problems/messages.js";
import { dayAfter, holdersOn, predecessorsOf } from "../src/plan/succession.js";
import { tinySeeds, toTexts } from "./helpers/tiny-plan.js";

function problemsOf(mutate: (agencies: any[]) => void): string[] {
  const s = tinySeeds() as Record<string, any>;
  mutate(s["agencies.json"].agencies);
  const { plan, problems } = validatePlan(toTexts(s));
  expect(plan).toBeNull();
  return problems.map(formatProblem);
}

const agency = (code: string, validFrom: string, validTo: string | null, succeeds: string[] = []) => ({
  code,
  name: code,
  shortName: code,
  abbr: code.toUpperCase(),
  group: "so-nganh",
  level: "tinh",
  validFrom,
  validTo,
  succeeds,
});

describe("succession seed rules", () => {
  it("defaults succeeds to an empty list and settings.earlier to no workspace", () => {
    const { plan } = validatePlan(toTexts(tinySeeds()));
    expect(plan!.agencies.every((a) => a.succeeds.length === 0)).toBe(true);
    expect(plan!.settings.earlier).toEqual([]);
  });

  it("accepts a merger whose successor is in force the day after", () => {
    const s = tinySeeds() as Record<string, any>;
    s["agencies.json"].agencies[1].validTo = "2025-02-28";
    s["agencies.json"].agencies.push(agency("so-ab", "2025-03-01", null, ["so-b"]));
    const { problems } = validatePlan(toTexts(s));
    expect(problems).toEqual([]);
  });

  it("names an unknown successor code", () => {
    const msgs = problemsOf((a) => {
      a.push(agency("so-moi", "2025-03-01", null, ["so-khong-co"]));
    });
    expect(msgs).toEqual([
      'Tệp seeds/agencies.json, trường "agencies[so-moi].succeeds": không có cơ quan hoặc cụm từ nhóm mã "so-khong-co" trong seeds/agencies.json.',
    ]);
  });

  it("names an end before the start", () => {
    const msgs = problemsOf((a) => {
      a[0].validTo = "2020-12-31";
    });
    expect(msgs).toEqual([
      'Tệp seeds/agencies.json, trường "agencies[so-a].validTo": ngày hết hiệu lực 31/12/2020 trước ngày bắt đầu hiệu lực 1/1/2021. Hãy sửa một trong hai ngày.',
    ]);
  });

  it("names a cycle in the succession", () => {
    const msgs = problemsOf((a) => {
      a[0].validTo = "2024-12-31";
      a[0].succeeds = ["so-b"];
      a[1].validTo = "2024-12-31";
      a[1].succeeds = ["so-a"];
    });
    expect(msgs.some((m) => m.includes("khép vòng (so-a → so-b → so-a)"))).toBe(true);
  });

  it("names a successor not in force the day after its predecessor ends", () => {
    const msgs = problemsOf((a) => {
      a[1].validTo = "2025-02-28";
      a.push(agency("so-ab", "2025-04-01", null, ["so-b"]));
    });
    expect(msgs).toEqual([
      'Tệp seeds/agencies.json, trường "agencies[so-ab].succeeds": cơ quan tiếp nhận không còn hoặc chưa có hiệu lực vào ngày 1/3/2025, ngày sau khi cơ quan "so-b" hết hiệu lực. Hãy sửa ngày hiệu lực của cơ quan tiếp nhận.',
    ]);
  });

  it("names a predecessor that never ended", () => {
    const msgs = problemsOf((a) => {
      a[0].succeeds = ["so-b"];
    });
    expect(msgs[0]).toContain('cơ quan "so-b" được khai là đã được tiếp nhận nhưng chưa có ngày hết hiệu lực');
  });
});

describe("succession helpers", () => {
  const list = [
    agency("a", "2021-01-01", "2025-02-28"),
    agency("b", "2021-01-01", "2025-02-28"),
    agency("ab", "2025-03-01", "2025-06-30", ["a", "b"]),
    agency("x", "2025-07-01", null, ["ab"]),
    agency("gone", "2021-01-01", "2025-06-30"),
  ];

  it("counts the day after across months and years", () => {
    expect(dayAfter("2025-06-30")).toBe("2025-07-01");
    expect(dayAfter("2024-12-31")).toBe("2025-01-01");
    expect(dayAfter("2024-02-28")).toBe("2024-02-29");
  });

  it("follows successors down the chain to the agency in force", () => {
    expect(holdersOn(list, "a", "2024-05-01")).toEqual(["a"]);
    expect(holdersOn(list, "a", "2025-03-01")).toEqual(["ab"]);
    expect(holdersOn(list, "b", "2025-09-01")).toEqual(["x"]);
    expect(holdersOn(list, "gone", "2025-09-01")).toEqual([]);
  });

  it("lists every predecessor whose history flows into an agency", () => {
    expect(predecessorsOf(list, "x")).toEqual(["ab", "a", "b"]);
    expect(predecessorsOf(list, "a")).toEqual([]);
  });
});
