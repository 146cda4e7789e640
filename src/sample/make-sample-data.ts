/**
 * sample: the shipped sample data of data/2025-Q1/, made from the real templates (this file): plausible figures and
 * answers for each agency (plausible.ts), filled into the template as an agency would (fill-template.ts), some with
 * mistakes on purpose. Used by scripts/make-sample-data.mjs and by tests.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPlan } from "../plan/read-seeds.js";
import { agenciesForPeriod, type Agency, type Plan } from "../plan/plan.js";
import { parsePeriod, type Period } from "../calendar/period.js";
import { buildTemplate } from "../forms/template-workbook.js";
import { plausibleFill } from "./plausible.js";
import { fillTemplate, type FillSpec, type TemplateBook } from "./fill-template.js";
import { encodeTcvn3, encodeVni } from "../vn/legacy-encoding.js";
import { runReceive } from "../commands/receive.js";
import { version } from "../version.js";
import { fixZipDates } from "../render/xlsx-zip.js";

const asDate = (iso: string | null): Date | null => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

/** The fill spec of an agency's plausible figures, tasks and narrative. */
export function plausibleSpec(plan: Plan, period: Period, agency: Agency, seed = 1): FillSpec {
  const f = plausibleFill(plan, period, agency, seed);
  return {
    info: {
      reporter: f.info.reporter,
      phone: f.info.phone,
      email: f.info.email,
      "doc-number": f.info.docNumber,
      "doc-date": asDate(f.info.docDate),
    },
    values: f.values,
    tasks: Object.fromEntries(
      f.tasks.map((t) => [
        t.stt,
        { status: t.status, result: t.result, doc: t.doc, "doc-date": asDate(t.docDate), difficulties: t.difficulties },
      ]),
    ),
    narrative: f.narrative,
  };
}

/** One agency's file in the sample: what it sends, under which name, when. */
interface SampleFile {
  agency: string;
  originalName: string;
  receivedAt: string;
  /** changes to the plausible fill: the typical mistakes of real submissions */
  mutate?: (spec: FillSpec, plan: Plan, period: Period) => void;
  edit?: (t: TemplateBook) => void;
  /** the template of another period (the agency used last period's form) */
  templatePeriod?: string;
}

/**
 * The 2025-Q1 scenario: most agencies on time; a few late; two missing; a few with typical mistakes
 * (a total off by one against its parts, legacy TCVN3/VNI fonts, a part larger than its whole, a formula error,
 * a task marked done without a result, an old form, a corrected second version).
 */
function scenario(plan: Plan, period: Period): { files: SampleFile[]; missing: string[] } {
  const missing = ["ngan-hang-nha-nuoc", "tam-dao"];
  const late: Record<string, string> = {
    "so-ngoai-vu": "2025-03-21T09:12:00+07:00",
    "song-lo": "2025-03-22T15:40:00+07:00",
    "cuc-thue-tinh": "2025-03-24T10:05:00+07:00",
  };
  const special: Record<string, Partial<SampleFile>> = {
    "so-xay-dung": {
      mutate: (s) => {
        // early + on time + late one short of the resolved case files (the typical real error)
        const onTime = Number(s.values?.["ii.hs-dung-han"] ?? 1);
        s.values = { ...s.values, "ii.hs-dung-han": Math.max(0, onTime - 1) };
        s.narrative = {
          ...s.narrative,
          "ton-tai": {
            text: encodeTcvn3("Một số thủ tục hành chính lĩnh vực xây dựng còn giải quyết quá hạn."),
            font: ".VnTime",
          },
        };
      },
    },
    "so-cong-thuong": {
      mutate: (s) => {
        s.info = {
          ...s.info,
          reporter: { text: encodeVni("Trần Thị Thu Hằng"), font: "VNI-Times" },
          "doc-date": "15/03/2025",
        };
      },
    },
    "yen-lac": {
      mutate: (s) => {
        const total = Number(s.values?.["ii.hs-tiep-nhan"] ?? 100);
        s.values = {
          ...s.values,
          "ii.hs-truc-tuyen": total + 57,
          "ii.gd-thanh-toan-tt": { formula: "D40/D41", result: { error: "#DIV/0!" } },
        };
      },
    },
    "tam-duong": { templatePeriod: "2024-Y", originalName: "Bao cao CCHC nam 2024 - Tam Duong.xlsx" },
  };
  const files: SampleFile[] = [];
  let i = 0;
  for (const a of agenciesForPeriod(plan, period)) {
    if (missing.includes(a.code)) continue;
    const day = 10 + (i % 10);
    const hour = 8 + (i % 9);
    i++;
    const receivedAt =
      late[a.code] ??
      `2025-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}:00+07:00`;
    const originalName = `BC CCHC quy I-2025 ${a.shortName}.xlsx`;
    if (a.code === "so-y-te") {
      // first version forgets the result of a finished task; the corrected version follows two days later
      files.push({
        agency: a.code,
        originalName: "BC CCHC quy I - So Y te (lan 1).xlsx",
        receivedAt: "2025-03-16T14:20:00+07:00",
        mutate: (s) => {
          const first = Object.keys(s.tasks ?? {})[0];
          if (first) s.tasks![Number(first)] = { ...s.tasks![Number(first)], status: "done", result: null };
        },
      });
      files.push({
        agency: a.code,
        originalName: "BC CCHC quy I - So Y te (da sua).xlsx",
        receivedAt: "2025-03-18T09:05:00+07:00",
      });
      continue;
    }
    files.push({ agency: a.code, originalName, receivedAt, ...special[a.code] });
  }
  files.sort((x, y) => x.receivedAt.localeCompare(y.receivedAt));
  return { files, missing };
}

/** Generates the shipped sample: the real templates, filled, received through `cchc receive` at their times. */
export async function makeSampleData(
  root: string,
  periodId = "2025-Q1",
): Promise<{ received: number; missing: string[] }> {
  const plan = await loadPlan(root);
  const period = parsePeriod(periodId, plan.settings.due);
  if (!period) throw new Error(`bad period ${periodId}`);
  const { files, missing } = scenario(plan, period);
  const tmp = await mkdtemp(join(tmpdir(), "cchc-sample-"));
  try {
    for (const f of files) {
      const agency = plan.agencies.find((a) => a.code === f.agency)!;
      const tplPeriod = f.templatePeriod ? parsePeriod(f.templatePeriod, plan.settings.due)! : period;
      const template = await buildTemplate(plan, tplPeriod, agency, {
        issuedOn: `${tplPeriod.lastMonthStart}`,
        generator: `cchc ${version}`,
      });
      const spec = plausibleSpec(plan, period, agency, 2025);
      f.mutate?.(spec, plan, period);
      // the check column shows what a spreadsheet computes over the figures as filled;
      // exceljs stamps zip entries and properties with the current time: fix them, so the sample is reproducible
      const filled = await fillTemplate(template.bytes, spec, {
        checks: template.layout,
        ...(f.edit ? { edit: f.edit } : {}),
      });
      const bytes = fixZipDates(filled, f.receivedAt.slice(0, 10));
      const path = join(tmp, f.originalName);
      await writeFile(path, bytes);
      const ctx = { root, plan, now: { date: f.receivedAt.slice(0, 10), instant: f.receivedAt } };
      await runReceive(ctx, { files: [path], period: period.id, quiet: true });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { received: files.length, missing };
}
