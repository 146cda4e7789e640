import { groupName, type Plan } from "../plan/plan.js";
import { dayAfter, directSuccessors, holdersOn, inForceOn } from "../plan/succession.js";
import { formatShortDate } from "../vn/format.js";
import type { CommandResult } from "./result.js";
import { formatTable } from "../util/text-table.js";

/** An agency that ended: whose work passes to whom, from which day. */
export interface SuccessionLine {
  code: string;
  name: string;
  validTo: string;
  /** "merged": into one successor (which may take over others too); "split": several; "ended": none */
  kind: "merged" | "split" | "ended";
  /** the day its successors take over (the day after it ended) */
  from: string;
  successors: { code: string; name: string }[];
  /** who holds its work on the plan's reference day, down the chain (a successor may have ended too) */
  heldOn: { date: string; codes: string[] };
}

/** The plan's succession, oldest end first: every agency with an end date, and where its work went. */
export function successionLines(plan: Plan, date: string): SuccessionLine[] {
  return plan.agencies
    .filter((a): a is typeof a & { validTo: string } => a.validTo !== null)
    .sort((a, b) => a.validTo.localeCompare(b.validTo) || a.code.localeCompare(b.code))
    .map((a) => {
      const successors = directSuccessors(plan.agencies, a.code).map((s) => ({ code: s.code, name: s.name }));
      return {
        code: a.code,
        name: a.name,
        validTo: a.validTo,
        kind: successors.length === 0 ? "ended" : successors.length === 1 ? "merged" : "split",
        from: dayAfter(a.validTo),
        successors,
        heldOn: { date, codes: holdersOn(plan.agencies, a.code, date) },
      };
    });
}

export function planJson(plan: Plan, date: string | null = null): Record<string, unknown> {
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
    ...(date === null
      ? {}
      : {
          date,
          inForce: plan.agencies.filter((a) => inForceOn(a, date)).map((a) => a.code),
          succession: successionLines(plan, date),
        }),
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

const names = (list: { name: string }[]): string => list.map((x) => x.name).join("; ");

/** The succession as the specialist reads it: who ended, whose work passed to whom from which day; who began. */
function successionText(plan: Plan, date: string): string[] {
  const lines = successionLines(plan, date);
  const out: string[] = [];
  if (lines.length > 0) {
    out.push("", `Cơ quan đã hoặc sẽ kết thúc hoạt động (${lines.length}):`);
    // many agencies ending the same day with no successor (the districts, 2025) make one row
    const endedOn = new Map<string, SuccessionLine[]>();
    for (const l of lines) if (l.kind === "ended") endedOn.set(l.validTo, [...(endedOn.get(l.validTo) ?? []), l]);
    const rows: SuccessionLine[][] = [];
    for (const l of lines) {
      const same = endedOn.get(l.validTo) ?? [];
      if (l.kind !== "ended" || same.length <= 3) rows.push([l]);
      else if (same[0] === l) rows.push(same);
    }
    const groupsOf = (list: SuccessionLine[]): string =>
      [...new Set(list.map((l) => groupName(plan, plan.agencies.find((a) => a.code === l.code)?.group ?? "")))].join(
        "; ",
      );
    out.push(
      formatTable(
        ["Cơ quan", "Hoạt động đến", "Công việc chuyển cho", "Từ ngày"],
        rows
          .map((list) => list[0] as SuccessionLine)
          .map((l, i) => [
            (rows[i] as SuccessionLine[]).length > 1
              ? `${(rows[i] as SuccessionLine[]).length} cơ quan (${groupsOf(rows[i] as SuccessionLine[])})`
              : l.name,
            formatShortDate(l.validTo),
            l.kind === "ended"
              ? "(không có cơ quan tiếp nhận: ra khỏi phép so sánh)"
              : l.kind === "split"
                ? `chia tách: ${names(l.successors)}`
                : names(l.successors),
            l.kind === "ended" ? "" : formatShortDate(l.from),
          ]),
      ),
    );
    const moved = lines.filter(
      (l) => l.kind !== "ended" && l.validTo < date && l.heldOn.codes.join() !== l.successors.map((s) => s.code).join(),
    );
    for (const l of moved)
      out.push(
        `- Công việc của ${l.name} ngày ${formatShortDate(date)} do ${
          l.heldOn.codes.length > 0
            ? names(l.heldOn.codes.map((c) => ({ name: plan.agencies.find((a) => a.code === c)?.name ?? c })))
            : "không cơ quan nào"
        } đảm nhận (cơ quan tiếp nhận sau đó cũng đã kết thúc).`,
      );
  }
  const start = `${plan.meta.years.from}-01-01`;
  const newcomers = plan.agencies.filter((a) => a.validFrom > start);
  if (newcomers.length > 0) {
    out.push("", `Cơ quan bắt đầu hoạt động trong giai đoạn kế hoạch (${newcomers.length}):`);
    const byDay = new Map<string, typeof newcomers>();
    for (const a of newcomers) byDay.set(a.validFrom, [...(byDay.get(a.validFrom) ?? []), a]);
    out.push(
      formatTable(
        ["Từ ngày", "Cơ quan", "Tiếp nhận từ"],
        [...byDay]
          .sort(([a], [b]) => a.localeCompare(b))
          .flatMap(([day, list]) => {
            const heirs = list.filter((a) => a.succeeds.length > 0);
            const plain = list.filter((a) => a.succeeds.length === 0);
            return [
              ...heirs.map((a) => [
                formatShortDate(day),
                a.name,
                names(a.succeeds.map((c) => ({ name: plan.agencies.find((x) => x.code === c)?.name ?? c }))),
              ]),
              ...(plain.length === 0
                ? []
                : plain.length <= 5
                  ? plain.map((a) => [formatShortDate(day), a.name, ""])
                  : [
                      [
                        formatShortDate(day),
                        `${plain.length} cơ quan (${[...new Set(plain.map((a) => groupName(plan, a.group)))].join("; ")})`,
                        "",
                      ],
                    ]),
            ];
          }),
      ),
    );
  }
  return out;
}

export function runPlan(plan: Plan, date: string): CommandResult {
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
  const inForce = plan.agencies.filter((a) => inForceOn(a, date));
  lines.push(
    "",
    `Cơ quan báo cáo: ${plan.agencies.length} trong danh mục, ${inForce.length} đang hoạt động ngày ${formatShortDate(date)}:`,
  );
  lines.push(
    formatTable(
      ["Nhóm", "Trong danh mục", "Đang hoạt động"],
      plan.groups.map((g) => [
        groupName(plan, g.id),
        String(plan.agencies.filter((a) => a.group === g.id).length),
        String(inForce.filter((a) => a.group === g.id).length),
      ]),
    ),
  );
  lines.push(...successionText(plan, date));
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
  return { json: planJson(plan, date), text: lines.join("\n"), exitCode: 0 };
}
