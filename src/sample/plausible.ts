import { indicatorsForAgency, tasksForAgency, type Agency, type Indicator, type Plan } from "../plan/plan.js";
import type { Period } from "../calendar/period.js";
import type { NarrativeSection, ReportedTaskState } from "../vn/labels.js";

/** A small seeded PRNG (mulberry32): the same seed gives the same sample. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface PlausibleFill {
  info: { reporter: string; phone: string; email: string; docNumber: string; docDate: string };
  values: Record<string, number | string | null>;
  tasks: {
    stt: number;
    status: ReportedTaskState;
    result: string | null;
    doc: string | null;
    docDate: string | null;
    difficulties: string | null;
  }[];
  narrative: Partial<Record<NarrativeSection, string>>;
}

const names = [
  "Nguyễn Thị Hương",
  "Trần Văn Minh",
  "Lê Thị Thu Hà",
  "Phạm Quốc Tuấn",
  "Hoàng Thị Lan",
  "Vũ Đức Thắng",
  "Đỗ Thị Ngọc Ánh",
  "Bùi Văn Hùng",
];

/** Scale of an agency's activity (case files, documents): districts and big departments handle more. */
function scaleOf(agency: Agency, rnd: () => number): number {
  if (agency.group === "cap-huyen") return 6 + rnd() * 6;
  if (agency.group === "trung-uong") return 2 + rnd() * 4;
  return 1 + rnd() * 3;
}

/**
 * Plausible figures, task statuses and narrative for one agency and period, consistent with the
 * cross-field rules (parts never exceed wholes; cumulative periods grow). Deterministic per seed.
 */
export function plausibleFill(plan: Plan, period: Period, agency: Agency, seed = 1): PlausibleFill {
  const rnd = createRandom(hashSeed(`${agency.code}|${seed}`));
  const periodFactor = { Q1: 1, H1: 2, Q3: 1, Y: 4 }[period.kind];
  const scale = scaleOf(agency, rnd);
  const inds = indicatorsForAgency(plan, agency);
  const values: Record<string, number | string | null> = {};
  const ordered = [...inds].sort((a, b) => depth(plan, a.code) - depth(plan, b.code));
  for (const ind of ordered) {
    if (ind.type === "text") {
      values[ind.code] = rnd() < 0.5 ? "Mô hình “Một cửa số – không chờ đợi” tại Bộ phận Một cửa" : null;
      continue;
    }
    if (ind.aggregate === "single") {
      values[ind.code] = ind.unit === "thứ hạng" ? 8 + Math.floor(rnd() * 12) : Math.round((86 + rnd() * 10) * 10) / 10;
      continue;
    }
    if (ind.type === "percent") continue; // filled below from its parts
    const whole = ind.partOf[0] ? values[ind.partOf[0]] : undefined;
    let v: number;
    if (typeof whole === "number") {
      const share = shareFor(ind.code, rnd);
      v = Math.floor(whole * share);
    } else {
      const base = baseFor(ind.code, ind.cumulative);
      v = Math.round(base * scale * (ind.cumulative ? periodFactor : 1) * (0.6 + rnd() * 0.8));
    }
    values[ind.code] = ind.type === "amount" ? v : Math.max(0, Math.round(v));
  }
  applyIdentities(values, ordered);
  for (const ind of inds) {
    if (ind.type === "percent" && ind.aggregate === "ratio" && ind.numerator && ind.denominator) {
      const n = values[ind.numerator];
      const d = values[ind.denominator];
      values[ind.code] =
        typeof n === "number" && typeof d === "number" && d > 0 ? Math.round((n / d) * 1000) / 10 : null;
    }
  }
  const { lead, coordinate } = tasksForAgency(plan, agency.code, period);
  const statusPick = (): ReportedTaskState => {
    const r = rnd();
    return r < 0.45 ? "done" : r < 0.85 ? "in-progress" : r < 0.95 ? "not-started" : "not-applicable";
  };
  const tasks = [...lead, ...coordinate].map((t) => {
    const status = statusPick();
    const done = status === "done";
    return {
      stt: t.stt,
      status,
      result: status === "done" || status === "in-progress" ? resultText(t.area, done, rnd) : null,
      doc: done ? `${10 + Math.floor(rnd() * 200)}/KH-${agency.abbr}` : null,
      docDate: done
        ? `${period.year}-${String(1 + Math.floor(rnd() * 2)).padStart(2, "0")}-${String(1 + Math.floor(rnd() * 27)).padStart(2, "0")}`
        : null,
      difficulties:
        rnd() < 0.2
          ? "Nhân lực làm công tác cải cách hành chính còn kiêm nhiệm, hạ tầng công nghệ thông tin chưa đồng bộ."
          : null,
    };
  });
  const reporter = names[Math.floor(rnd() * names.length)] ?? "Nguyễn Văn B";
  return {
    info: {
      reporter,
      phone: `0912${String(Math.floor(rnd() * 1e6)).padStart(6, "0")}`,
      email: `cchc.${agency.code}@vinhphuc.gov.vn`,
      docNumber: `${String(20 + Math.floor(rnd() * 300))}/BC-${agency.abbr}`,
      docDate: period.due.replace(/-\d{2}$/, `-${String(8 + Math.floor(rnd() * 10)).padStart(2, "0")}`),
    },
    values,
    tasks,
    narrative: narrativeFor(agency, rnd),
  };
}

/**
 * Makes the figures obey the identities (indicators' sumOf), wholes first: the last part of each identity is the
 * whole less the other parts; when the other parts already exceed the whole they are scaled down first.
 */
function applyIdentities(values: Record<string, number | string | null>, ordered: readonly Indicator[]): void {
  for (const ind of ordered) {
    const whole = values[ind.code];
    if (typeof whole !== "number") continue;
    for (const parts of ind.sumOf) {
      if (!parts.every((p) => typeof values[p] === "number")) continue;
      const others = parts.slice(0, -1);
      const last = parts[parts.length - 1] as string;
      let rest = others.reduce((s, p) => s + (values[p] as number), 0);
      if (rest > whole) {
        for (const p of others) values[p] = Math.floor(((values[p] as number) * whole) / rest);
        rest = others.reduce((s, p) => s + (values[p] as number), 0);
      }
      values[last] = whole - rest;
    }
  }
}

function depth(plan: Plan, code: string): number {
  let d = 0;
  let cur = plan.indicators.find((i) => i.code === code);
  while (cur && cur.partOf[0] && d < 10) {
    d++;
    const next = cur.partOf[0];
    cur = plan.indicators.find((i) => i.code === next);
  }
  return d;
}

function baseFor(code: string, cumulative: boolean): number {
  if (code.startsWith("ii.hs-") || code.startsWith("ii.gd-") || code.startsWith("ii.kq-") || code.startsWith("ii.hl-"))
    return 900;
  if (code.startsWith("vi.vb-") || code.startsWith("vi.hscv")) return 400;
  if (code === "ii.tthc-thoi-gian-luat") return 1800;
  if (code === "vi.nguoi-dung-dvc") return 700;
  if (code === "iii.nguoi-lam-viec-dvsn") return 260;
  if (code === "iii.dvsn") return 8;
  if (code.startsWith("iv.bien-che") || code.startsWith("iv.cong-chuc")) return 45;
  if (code === "v.kinh-phi-tiet-kiem") return 120;
  if (code === "cd.sang-kien") return 0.4;
  return cumulative ? 3 : 6;
}

function shareFor(code: string, rnd: () => number): number {
  const hi: Record<string, [number, number]> = {
    "ii.hs-giai-quyet": [0.85, 0.98],
    "ii.hs-truc-tuyen": [0.3, 0.75],
    "ii.hs-lien-thong-dien-tu": [0.7, 0.98],
    "ii.hl-hai-long": [0.88, 0.99],
    "ii.hl-dat-dai-hai-long": [0.8, 0.97],
    "vi.vb-ky-so": [0.85, 1],
    "vi.hop-truc-tuyen": [0.6, 1],
    "vi.hscv-mang": [0.7, 0.98],
    "vi.hscv-xa-mang": [0.5, 0.9],
    "ii.kq-tinh-so-hoa": [0.6, 1],
    "ii.kq-huyen-so-hoa": [0.6, 1],
    "ii.kq-xa-so-hoa": [0.5, 0.95],
    "ii.tthc-co-phi-tt": [0.7, 1],
    "ii.gd-thanh-toan-tt": [0.2, 0.5],
    "ii.hs-truoc-han": [0.2, 0.4],
    "ii.hs-dung-han": [0.5, 0.7],
    "ii.hs-qua-han": [0, 0.04],
    "ii.hs-ky-truoc": [0.02, 0.08],
    "ii.hs-dang-trong-han": [0.8, 1],
    "vi.nguoi-dung-dinh-danh": [0.8, 1],
    "ii.tthc-thoi-gian-cat-giam": [0.15, 0.35],
    "i.vbqppl-tham-dinh": [0.9, 1],
    "vi.bao-cao-he-thong": [0.7, 1],
    "ii.tthc-dvc-tt": [0.75, 1],
    "ii.tthc-dvc-quoc-gia": [0.75, 1],
    "vi.httt-ket-noi": [0.6, 1],
    "ii.hs-khong-yeu-cau-lai": [0.6, 0.9],
  };
  const [lo, h] = hi[code] ?? [0.2, 0.9];
  return lo + rnd() * (h - lo);
}

function resultText(area: string, done: boolean, rnd: () => number): string {
  const byArea: Record<string, string[]> = {
    I: [
      "Đã rà soát, đề xuất sửa đổi văn bản quy phạm pháp luật thuộc lĩnh vực quản lý",
      "Hoàn thành kiểm tra, xử lý văn bản theo thẩm quyền",
    ],
    II: [
      "Đã công bố, công khai đầy đủ thủ tục hành chính trên Cổng Dịch vụ công",
      "Rà soát, đơn giản hóa thủ tục hành chính; cắt giảm thời gian giải quyết",
    ],
    III: [
      "Đã kiện toàn cơ cấu tổ chức các phòng chuyên môn theo quy định",
      "Xây dựng đề án sắp xếp đơn vị sự nghiệp công lập",
    ],
    IV: [
      "Hoàn thành rà soát vị trí việc làm, cơ cấu ngạch công chức",
      "Tổ chức bồi dưỡng kỹ năng cho công chức, viên chức",
    ],
    V: [
      "Giao quyền tự chủ tài chính cho các đơn vị sự nghiệp trực thuộc",
      "Thực hiện cơ chế tự chủ, tiết kiệm chi thường xuyên",
    ],
    VI: [
      "Vận hành hệ thống quản lý văn bản, ký số 100% văn bản đi",
      "Kết nối hệ thống một cửa điện tử với Cổng Dịch vụ công quốc gia",
    ],
  };
  const list = byArea[area] ?? byArea["I"]!;
  const base = list[Math.floor(rnd() * list.length)] ?? "";
  return done ? `${base}.` : `${base}; đang tiếp tục triển khai.`;
}

function narrativeFor(agency: Agency, rnd: () => number): Partial<Record<NarrativeSection, string>> {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  return {
    "chi-dao": pick([
      "Đã ban hành kế hoạch cải cách hành chính năm và quán triệt đến toàn thể công chức, viên chức.",
      "Người đứng đầu trực tiếp chỉ đạo công tác cải cách hành chính; kiểm điểm kết quả tại các cuộc họp giao ban hằng tháng.",
      `Đã ban hành kế hoạch tuyên truyền cải cách hành chính năm 2025 và kế hoạch kiểm tra công tác cải cách hành chính.`,
    ]),
    "ket-qua-ii": pick([
      "100% thủ tục hành chính được công khai đầy đủ, đúng quy định.",
      "Tỷ lệ hồ sơ giải quyết đúng hạn tiếp tục được duy trì ở mức cao.",
    ]),
    "uu-diem": pick([
      "Công tác chỉ đạo, điều hành được quan tâm; người đứng đầu trực tiếp chỉ đạo cải cách hành chính.",
      "Tỷ lệ hồ sơ trực tuyến tăng rõ rệt so với cùng kỳ.",
    ]),
    "ton-tai": pick([
      "Tỷ lệ thanh toán trực tuyến còn thấp.",
      "Một số hồ sơ còn giải quyết quá hạn.",
      "Hạ tầng công nghệ thông tin ở một số đơn vị chưa đáp ứng yêu cầu.",
    ]),
    "nguyen-nhan": pick([
      "Thói quen sử dụng dịch vụ trực tuyến của người dân chưa cao.",
      "Nhân lực làm công tác cải cách hành chính còn kiêm nhiệm.",
    ]),
    "phuong-huong":
      "Tiếp tục đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình và số hóa kết quả giải quyết thủ tục hành chính.",
    "kien-nghi": pick([
      "Đề nghị tỉnh bố trí kinh phí nâng cấp hạ tầng công nghệ thông tin.",
      "Đề nghị tăng cường tập huấn nghiệp vụ cho công chức Bộ phận Một cửa.",
    ]),
  };
}
