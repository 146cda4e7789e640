import { describe, expect, it } from "vitest";
import { scheduleFromWording, validatePlan } from "../src/plan/validate-plan.js";
import { formatProblem } from "../src/problems/messages.js";
import { tinySeeds, toTexts } from "./helpers/tiny-plan.js";

function problemsOf(mutate: (s: Record<string, any>) => void): string[] {
  const s = tinySeeds() as Record<string, any>;
  mutate(s);
  const { plan, problems } = validatePlan(toTexts(s));
  expect(plan).toBeNull();
  return problems.map(formatProblem);
}

describe("seed validation", () => {
  it("accepts the tiny plan and resolves group phrases to registry codes", () => {
    const { plan, problems } = validatePlan(toTexts(tinySeeds()));
    expect(problems).toEqual([]);
    const t3 = plan!.tasks.find((t) => t.stt === 3)!;
    expect(t3.leadAgencies).toEqual(["so-a", "so-b"]);
    expect(t3.coordinateAgencies).toEqual(["huyen-d"]);
    expect(t3.leadRefs).toEqual(["@so-ban-nganh"]);
  });

  it("names the file and the field of a missing field", () => {
    const msgs = problemsOf((s) => {
      delete s["agencies.json"].agencies[1].name;
    });
    expect(msgs).toEqual(['Tệp seeds/agencies.json: thiếu trường bắt buộc "agencies[1: so-b].name".']);
  });

  it("names an unknown agency code in a task", () => {
    const msgs = problemsOf((s) => {
      s["tasks.json"].tasks[0].leadAgencies = ["so-khong-co"];
    });
    expect(msgs).toEqual([
      'Tệp seeds/tasks.json, trường "tasks[stt=1].leadAgencies": không có cơ quan hoặc cụm từ nhóm mã "so-khong-co" trong seeds/agencies.json.',
    ]);
  });

  it("names a duplicate agency code", () => {
    const msgs = problemsOf((s) => {
      s["agencies.json"].agencies[1].code = "so-a";
    });
    expect(msgs[0]).toContain('mã "so-a" bị trùng');
    expect(msgs[0]).toContain("seeds/agencies.json");
  });

  it("refuses a seed text holding a character Word and Excel cannot hold, naming the field", () => {
    const msgs = problemsOf((s) => {
      s["agencies.json"].agencies[1].name = "Sở\u0001 B";
    });
    expect(msgs).toEqual([expect.stringMatching(/seeds\/agencies\.json.*agencies\[1: so-b\]\.name.*U\+0001/)]);
  });

  it("reports bad JSON with the file name", () => {
    const s = toTexts(tinySeeds());
    s["targets.json"] = "{ not json";
    const { problems } = validatePlan(s);
    expect(problems.map((p) => [p.code, p.args["file"]])).toEqual([["seed.bad-json", "seeds/targets.json"]]);
  });

  it("catches a schedule that contradicts the time wording", () => {
    const msgs = problemsOf((s) => {
      s["tasks.json"].tasks[0].schedule = { kind: "year", year: 2022 };
    });
    expect(msgs[0]).toContain('thời gian "2021"');
  });

  it("catches a target that names an unknown indicator", () => {
    const msgs = problemsOf((s) => {
      s["targets.json"].targets[0].shape.measure.numerator = "khong-co";
    });
    expect(msgs[0]).toContain('không có chỉ số mã "khong-co"');
  });

  it("catches a ratio indicator without its parts", () => {
    const msgs = problemsOf((s) => {
      delete s["indicators.json"].indicators[2].numerator;
    });
    expect(msgs[0]).toContain("numerator");
  });
});

describe("time wordings", () => {
  it("reads every wording of the plan's time column", () => {
    expect(scheduleFromWording("2021")).toEqual({ kind: "year", year: 2021 });
    expect(scheduleFromWording("Năm 2021")).toEqual({ kind: "year", year: 2021 });
    expect(scheduleFromWording("2021-2022")).toEqual({ kind: "range", from: 2021, to: 2022 });
    expect(scheduleFromWording("2021 - 2025")).toEqual({ kind: "range", from: 2021, to: 2025 });
    expect(scheduleFromWording("Hàng năm")).toEqual({ kind: "yearly" });
    expect(scheduleFromWording("Hằng năm")).toEqual({ kind: "yearly" });
    expect(scheduleFromWording("Theo tiến độ")).toBeNull();
    expect(scheduleFromWording("Quý II/2022")).toEqual({ kind: "quarter", year: 2022, quarter: 2 });
    expect(scheduleFromWording("quý 3 năm 2024")).toEqual({ kind: "quarter", year: 2024, quarter: 3 });
    expect(scheduleFromWording("Tháng 6/2026")).toEqual({ kind: "month", year: 2026, month: 6 });
    expect(scheduleFromWording("Giai đoạn 2021 - 2025")).toEqual({ kind: "range", from: 2021, to: 2025 });
    expect(scheduleFromWording("Năm  2023")).toEqual({ kind: "year", year: 2023 });
  });
});
