import { validatePlan, type SeedTexts } from "../../src/plan/validate-plan.js";
import type { Plan } from "../../src/plan/plan.js";

/** A tiny, hand-checkable province: 4 agencies in 3 groups, 4 tasks, a few indicators and one target per shape. */
export function tinySeeds(): Record<keyof SeedTexts, unknown> {
  return {
    "plan.json": {
      id: "tiny-plan", name: "Kế hoạch thử", decision: { number: "1/QĐ-UBND", date: "2021-01-01", issuer: "UBND tỉnh Thử" },
      province: "tỉnh Thử", years: { from: 2021, to: 2025 },
      areas: ["I", "II", "III", "IV", "V", "VI"].map((id) => ({ id, name: `Lĩnh vực ${id}` })),
    },
    "agencies.json": {
      groups: [
        { id: "so-nganh", name: "Sở, ban, ngành", shortName: "Sở" },
        { id: "trung-uong", name: "Cơ quan Trung ương", shortName: "TW" },
        { id: "cap-huyen", name: "Cấp huyện", shortName: "Huyện" },
      ],
      agencies: [
        { code: "so-a", name: "Sở A", shortName: "Sở A", abbr: "SA", group: "so-nganh", level: "tinh", validFrom: "2021-01-01", validTo: null },
        { code: "so-b", name: "Sở B", shortName: "Sở B", abbr: "SB", group: "so-nganh", level: "tinh", validFrom: "2021-01-01", validTo: null },
        { code: "tw-c", name: "Cục C", shortName: "Cục C", abbr: "CC", group: "trung-uong", level: "tinh", validFrom: "2021-01-01", validTo: null },
        { code: "huyen-d", name: "UBND huyện D", shortName: "Huyện D", abbr: "HD", group: "cap-huyen", level: "huyen", validFrom: "2021-01-01", validTo: "2025-06-30" },
      ],
      phrases: [
        { id: "@so-ban-nganh", phrase: "Các sở, ban, ngành", groups: ["so-nganh"] },
        { id: "@ubnd-cap-huyen", phrase: "UBND cấp huyện", groups: ["cap-huyen"] },
      ],
    },
    "tasks.json": {
      tasks: [
        { stt: 1, area: "I", goal: "Mục tiêu 1", task: "Nhiệm vụ một", product: "Sản phẩm", lead: "Sở A", coordinate: "Sở B", time: "2021", leadAgencies: ["so-a"], coordinateAgencies: ["so-b"], schedule: { kind: "year", year: 2021 } },
        { stt: 2, area: "II", goal: null, task: "Nhiệm vụ hai", product: "Sản phẩm", lead: "Sở A, Sở B", coordinate: "", time: "2021-2025", leadAgencies: ["so-a", "so-b"], schedule: { kind: "range", from: 2021, to: 2025 } },
        { stt: 3, area: "VI", goal: null, task: "Nhiệm vụ ba", product: "Sản phẩm", lead: "Các sở, ban, ngành", coordinate: "UBND cấp huyện", time: "Hàng năm", leadAgencies: ["@so-ban-nganh"], coordinateAgencies: ["@ubnd-cap-huyen"], schedule: { kind: "yearly" } },
        { stt: 4, area: "III", goal: null, task: "Nhiệm vụ bốn", product: "Sản phẩm", lead: "UBND cấp huyện", coordinate: "", time: "2021-2022", leadAgencies: ["@ubnd-cap-huyen"], schedule: { kind: "range", from: 2021, to: 2022 } },
      ],
    },
    "indicators.json": {
      indicators: [
        { code: "hs", name: "Hồ sơ tiếp nhận", unit: "hồ sơ", area: "II", type: "count", reporters: { groups: ["so-nganh", "trung-uong", "cap-huyen"] }, aggregate: "sum", cumulative: true },
        { code: "hs-tt", name: "Hồ sơ trực tuyến", unit: "hồ sơ", area: "II", type: "count", reporters: { groups: ["so-nganh", "trung-uong", "cap-huyen"] }, aggregate: "sum", partOf: ["hs"], cumulative: true },
        { code: "ty-le-tt", name: "Tỷ lệ trực tuyến", unit: "%", area: "II", type: "percent", reporters: { groups: ["so-nganh", "trung-uong", "cap-huyen"] }, aggregate: "ratio", numerator: "hs-tt", denominator: "hs", max: 100 },
        { code: "kq-tinh", name: "Kết quả cấp tỉnh", unit: "kết quả", area: "II", type: "count", reporters: { groups: ["so-nganh"] }, aggregate: "sum" },
        { code: "kq-tinh-sh", name: "Kết quả cấp tỉnh số hóa", unit: "kết quả", area: "II", type: "count", reporters: { groups: ["so-nganh"] }, aggregate: "sum", partOf: ["kq-tinh"] },
        { code: "kq-huyen", name: "Kết quả cấp huyện", unit: "kết quả", area: "II", type: "count", reporters: { groups: ["cap-huyen"] }, aggregate: "sum" },
        { code: "kq-huyen-sh", name: "Kết quả cấp huyện số hóa", unit: "kết quả", area: "II", type: "count", reporters: { groups: ["cap-huyen"] }, aggregate: "sum", partOf: ["kq-huyen"] },
        { code: "dvsn", name: "Đơn vị sự nghiệp", unit: "đơn vị", area: "III", type: "count", reporters: { groups: ["so-nganh", "cap-huyen"] }, aggregate: "sum" },
        { code: "hang", name: "Xếp hạng PAR INDEX", unit: "thứ hạng", area: "CD", type: "count", reporters: { codes: ["so-a"] }, aggregate: "single" },
        { code: "ghi-chu", name: "Ghi chú", unit: "—", area: "CD", type: "text", reporters: { groups: ["so-nganh"] }, aggregate: "none" },
      ],
    },
    "targets.json": {
      targets: [
        { id: "t-threshold", area: "II", text: "Hồ sơ trực tuyến ≥ 50%", shape: { kind: "threshold", measure: { numerator: "hs-tt", denominator: "hs" }, op: ">=", value: 50 } },
        { id: "t-level", area: "II", text: "Theo cấp", shape: { kind: "threshold-by-level", op: ">=", levels: [
          { level: "tinh", label: "cấp tỉnh", measure: { numerator: "hs-tt", denominator: "hs", groups: ["so-nganh"] }, value: 60 },
          { level: "huyen", label: "cấp huyện", measure: { numerator: "hs-tt", denominator: "hs", groups: ["cap-huyen"] }, value: 40 } ] } },
        { id: "t-growing", area: "II", text: "Số hóa", shape: { kind: "growing", baseYear: 2021, step: 20, cap: 100, levels: [
          { level: "tinh", label: "cấp tỉnh", measure: { numerator: "kq-tinh-sh", denominator: "kq-tinh" }, base: 30 },
          { level: "huyen", label: "cấp huyện", measure: { numerator: "kq-huyen-sh", denominator: "kq-huyen" }, base: 20 } ] } },
        { id: "t-baseline", area: "III", text: "Giảm 10% đơn vị sự nghiệp", shape: { kind: "baseline-change", measure: { indicator: "dvsn" }, baselineYear: 2021, baselineValue: 100, changePercent: -10, byYear: 2025 } },
        { id: "t-rank", area: "all", text: "Top 15", shape: { kind: "rank", indicator: "hang", max: 15 } },
        { id: "t-qual", area: "I", text: "Định tính", tasks: [1, 2], shape: { kind: "qualitative" } },
      ],
    },
    "settings.json": {
      parentBody: "UBND TỈNH THỬ", issuingBody: "SỞ NỘI VỤ", issuingBodyName: "Sở Nội vụ", issuingAbbr: "SNV", place: "Thử",
      reportSymbol: "BC-SNV", letterSymbol: "SNV-CCHC", receiver: "UBND tỉnh",
      signer: { authority: "KT. GIÁM ĐỐC", title: "PHÓ GIÁM ĐỐC", name: "Nguyễn Văn A" },
      recipients: ["Như trên", "Lưu: VT, CCHC."], due: { day: 20, rule: "on-or-before" }, issueDay: 1,
      contact: { unit: "Phòng CCHC", person: "A", phone: "1", email: "a@b.c" }, submission: { how: "Gửi thư điện tử" }, protectionPassword: null,
    },
  };
}

export function toTexts(seeds: Record<string, unknown>): SeedTexts {
  return Object.fromEntries(Object.entries(seeds).map(([k, v]) => [k, v === null ? null : JSON.stringify(v)])) as SeedTexts;
}

export function tinyPlan(mutate?: (s: Record<string, any>) => void): Plan {
  const s = tinySeeds() as Record<string, any>;
  mutate?.(s);
  const { plan, problems } = validatePlan(toTexts(s));
  if (!plan) throw new Error(JSON.stringify(problems));
  return plan;
}
