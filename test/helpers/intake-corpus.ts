import { parsePeriod, type Period } from "../../src/calendar/period.js";
import { buildTemplateWorkbook } from "../../src/forms/template-workbook.js";
import type { Plan } from "../../src/plan/plan.js";
import { parseSubmission, type AgencyHint, type ParseResult } from "../../src/intake/judge/parse-submission.js";
import type { CumulativeFloors } from "../../src/intake/judge/rule-book.js";
import { exceljsReader } from "../../src/intake/xlsx/read-exceljs.js";
import type { RawWorkbook } from "../../src/intake/xlsx/raw-workbook.js";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { tinyPlan, tinySeeds } from "./tiny-plan.js";
import type { FillSpec } from "./fill-template.js";

/**
 * The intake test corpus: a small plan (the tiny plan plus an amount, a required figure and a capped percent),
 * real templates from the forms writer, and a clean fill that every scenario changes in one way.
 */

export function corpusPlan(mutate?: (s: Record<string, any>) => void): Plan {
  return tinyPlan((s) => {
    addCorpusSeeds(s);
    mutate?.(s);
  });
}

/** The corpus seeds as files in <root>/seeds/ (for commands and the CLI). */
export async function writeCorpusSeeds(root: string): Promise<void> {
  const s = tinySeeds() as Record<string, any>;
  addCorpusSeeds(s);
  await mkdir(join(root, "seeds"), { recursive: true });
  for (const [name, value] of Object.entries(s)) await writeFile(join(root, "seeds", name), JSON.stringify(value));
}

function addCorpusSeeds(s: Record<string, any>): void {
  const inds = s["indicators.json"].indicators as Record<string, unknown>[];
  inds.push({
    code: "kinh-phi",
    name: "Kinh phí tiết kiệm",
    unit: "triệu đồng",
    area: "V",
    type: "amount",
    reporters: { groups: ["so-nganh", "cap-huyen"] },
    aggregate: "sum",
    cumulative: true,
  });
  const hs = inds.find((i) => i["code"] === "hs");
  if (hs) hs["required"] = true;
}

export const plan = corpusPlan();

export function period(id: string): Period {
  const p = parsePeriod(id, plan.settings.due);
  if (!p) throw new Error(`bad period ${id}`);
  return p;
}

const cache = new Map<string, Promise<Buffer>>();

/** A real template (the forms writer's bytes) for an agency and period, built once per test file. */
export function template(agency = "so-a", periodId = "2025-Q1", p: Plan = plan): Promise<Buffer> {
  const key = `${p.fingerprint}:${agency}:${periodId}`;
  let t = cache.get(key);
  if (!t) {
    const a = p.agencies.find((x) => x.code === agency);
    if (!a) throw new Error(`no agency ${agency}`);
    t = buildTemplateWorkbook(p, period(periodId), a, { issuedOn: "2025-03-01", generator: "cchc test" });
    cache.set(key, t);
  }
  return t;
}

/** A fill of so-a's template that yields no finding at all. */
export function cleanSpec(): FillSpec {
  return {
    info: {
      reporter: "Nguyễn Thị Bình, chuyên viên",
      phone: "0211 3862 123",
      email: "binh@soa.gov.vn",
      "doc-number": "15/BC-SA",
      "doc-date": new Date(Date.UTC(2025, 2, 15)),
    },
    values: {
      hs: 1200,
      "hs-tt": 900,
      "ty-le-tt": 75,
      "kq-tinh": 400,
      "kq-tinh-sh": 120,
      dvsn: 12,
      hang: 9,
      "ghi-chu": "Không có",
      "kinh-phi": 1250.5,
    },
    notes: { hs: "Gồm hồ sơ kỳ trước chuyển sang" },
    tasks: {
      1: {
        status: "done",
        result: "Đã ban hành kế hoạch",
        doc: "12/KH-SA",
        "doc-date": new Date(Date.UTC(2025, 1, 10)),
      },
      2: { status: "in-progress", result: "Đang rà soát" },
      3: { status: "not-started", difficulties: "Chưa bố trí kinh phí" },
    },
    narrative: { "chi-dao": "Ban hành kế hoạch cải cách hành chính năm 2025.", "uu-diem": "Hoàn thành đúng hạn." },
  };
}

export async function readRaw(bytes: Uint8Array): Promise<RawWorkbook> {
  return exceljsReader.read(bytes);
}

export interface JudgeOptions {
  period?: string | null;
  fileName?: string;
  hint?: AgencyHint | null;
  /** the cumulative rule's floors (consolidate/cumulative.ts) */
  floors?: CumulativeFloors;
  plan?: Plan;
}

export async function judge(bytes: Uint8Array, o: JudgeOptions = {}): Promise<ParseResult> {
  return parseSubmission({
    workbook: await readRaw(bytes),
    plan: o.plan ?? plan,
    period: o.period === undefined ? "2025-Q1" : o.period,
    fileName: o.fileName ?? "so-a_v1_00000000.xlsx",
    agencyHint: o.hint ?? null,
    floors: o.floors ?? {},
  });
}

export const codesOf = (r: { findings: { code: string }[] }): string[] => r.findings.map((f) => f.code);
