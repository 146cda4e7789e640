import { groupName, type Plan } from "../plan/plan.js";
import type { CommandResult } from "./result.js";
import { formatTable } from "../cli/output.js";

export function planJson(plan: Plan): Record<string, unknown> {
  return {
    id: plan.meta.id,
    name: plan.meta.name,
    decision: plan.meta.decision,
    years: plan.meta.years,
    areas: plan.meta.areas,
    fingerprint: plan.fingerprint,
    groups: plan.groups,
    agencies: plan.agencies.map((a) => ({ ...a })),
    phrases: plan.phrases,
    tasks: plan.tasks.map((t) => ({
      stt: t.stt,
      area: t.area,
      goal: t.goal,
      task: t.task,
      product: t.product,
      lead: t.lead,
      coordinate: t.coordinate,
      time: t.time,
      schedule: t.schedule,
      leadAgencies: t.leadAgencies,
      coordinateAgencies: t.coordinateAgencies,
      leadRefs: t.leadRefs,
      coordinateRefs: t.coordinateRefs,
      otherLead: t.otherLead,
      otherCoordinate: t.otherCoordinate,
    })),
    targets: plan.targets,
    indicators: plan.indicators,
    settings: plan.settings,
  };
}

const shapeNames: Record<string, string> = {
  threshold: "ngưỡng",
  "threshold-by-level": "ngưỡng theo cấp",
  growing: "tăng dần theo năm",
  "baseline-change": "thay đổi so với năm gốc",
  rank: "thứ hạng",
  qualitative: "định tính",
};

export function runPlan(plan: Plan): CommandResult {
  const lines: string[] = [];
  lines.push(
    `${plan.meta.name}`,
    `(${plan.meta.decision.number} ngày ${plan.meta.decision.date.split("-").reverse().join("/")} của ${plan.meta.decision.issuer})`,
    "",
  );
  lines.push(`Nhiệm vụ theo lĩnh vực (${plan.tasks.length} nhiệm vụ):`);
  lines.push(
    formatTable(
      ["Lĩnh vực", "Tên", "Số nhiệm vụ"],
      plan.meta.areas.map((a) => [a.id, a.name, String(plan.tasks.filter((t) => t.area === a.id).length)]),
    ),
  );
  lines.push("", "Nhiệm vụ theo cơ quan chủ trì:");
  const byLead = new Map<string, number>();
  for (const t of plan.tasks) byLead.set(t.lead, (byLead.get(t.lead) ?? 0) + 1);
  lines.push(
    formatTable(
      ["Cơ quan chủ trì (nguyên văn)", "Số nhiệm vụ"],
      [...byLead].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, String(v)]),
    ),
  );
  lines.push("", `Cơ quan báo cáo (${plan.agencies.length}):`);
  lines.push(
    formatTable(
      ["Nhóm", "Số cơ quan"],
      plan.groups.map((g) => [groupName(plan, g.id), String(plan.agencies.filter((a) => a.group === g.id).length)]),
    ),
  );
  lines.push("", `Chỉ tiêu (${plan.targets.length}):`);
  const byShape = new Map<string, number>();
  for (const t of plan.targets) byShape.set(t.shape.kind, (byShape.get(t.shape.kind) ?? 0) + 1);
  lines.push(
    formatTable(
      ["Dạng chỉ tiêu", "Số chỉ tiêu"],
      [...byShape].map(([k, v]) => [shapeNames[k] ?? k, String(v)]),
    ),
  );
  lines.push(
    "",
    `Chỉ số báo cáo: ${plan.indicators.length} (${["count", "amount", "percent", "text"].map((t) => `${plan.indicators.filter((i) => i.type === t).length} ${{ count: "số đếm", amount: "số lượng/giá trị", percent: "tỷ lệ %", text: "dạng chữ" }[t]}`).join(", ")}).`,
  );
  return { json: planJson(plan), text: lines.join("\n"), exitCode: 0 };
}
