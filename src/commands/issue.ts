import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { previousPeriod, type Period } from "../calendar/period.js";
import { agenciesForPeriod, findAgency, type Agency, type Plan } from "../plan/plan.js";
import { CchcError } from "../problems/problem.js";
import type { PendingFile } from "../util/atomic-write.js";
import { assertWellFormedOutputs } from "../render/office-check.js";
import { OutputTransaction } from "../util/output-transaction.js";
import { formatTextDate } from "../vn/format.js";
import { COVER_NOTE_FILE, coverNoteLines, coverNoteText } from "../forms/cover-note.js";
import { templateFileName } from "../intake/template-layout.js";
import { buildTemplateWorkbook } from "../forms/template-workbook.js";
import { deadlineText, windowText } from "../forms/wording.js";
import { cumulativeFloors } from "../consolidate/cumulative.js";
import { readEarlierCumulative, readEarlierModel } from "../workspace/earlier-models.js";
import { successionSentences } from "../render/succession-note.js";
import { ISSUED_DIR, OUTPUT_DIR, outputDir } from "../workspace/paths.js";
import { requirePeriodInPlan, resolvePeriod } from "./period.js";
import type { CommandResult } from "./result.js";
import { withWorkspaceLock } from "./workspace-lock.js";
import type { CommandContext } from "./context.js";

export interface IssueOptions {
  root: string;
  period?: string | undefined;
  /** --agency codes; empty = every agency reporting in the period */
  agencies: string[];
  /** --date: the issue day */
  date: string;
  quiet?: boolean;
}

const require = createRequire(import.meta.url);

/** "cchc 0.1.0", stamped in the templates' metadata. */
export function generatorName(): string {
  const pkg = require("../../package.json") as { version: string };
  return `cchc ${pkg.version}`;
}

/** The agencies to issue for: all agencies reporting in the period, or the --agency ones (checked). */
export function selectAgencies(plan: Plan, period: Period, codes: string[]): Agency[] {
  const reporting = agenciesForPeriod(plan, period);
  if (codes.length === 0) {
    if (reporting.length === 0)
      throw new CchcError(
        `Không có cơ quan nào phải báo cáo trong kỳ ${period.label} (xem hiệu lực trong seeds/agencies.json).`,
        2,
      );
    return reporting;
  }
  const wanted = new Set<string>();
  for (const raw of codes) {
    const code = raw.trim();
    const agency = findAgency(plan, code);
    if (!agency) {
      throw new CchcError(`Không có cơ quan mã "${code}" trong seeds/agencies.json.`, 2, [
        `Các mã cơ quan báo cáo kỳ ${period.label}: ${reporting.map((a) => a.code).join(", ")}.`,
      ]);
    }
    if (!reporting.includes(agency)) {
      const until = agency.validTo ? ` đến ${formatTextDate(agency.validTo)}` : "";
      throw new CchcError(
        `${agency.name} (mã "${code}") không báo cáo kỳ ${period.label}: cơ quan có hiệu lực từ ${formatTextDate(agency.validFrom)}${until}.`,
        2,
      );
    }
    wanted.add(code);
  }
  return reporting.filter((a) => wanted.has(a.code));
}

const posix = (...parts: string[]): string => parts.join("/");

/** A path for the operator: relative to the workspace when inside it, else as it is. */
function shownPath(root: string, file: string | undefined): string {
  if (!file) return "tong-hop.json";
  const rel = relative(root, file);
  return rel.startsWith("..") ? file : rel.split(sep).join("/");
}

/** What `cchc issue` is given beside the shared context (context.ts): the period and the agencies. */
export type IssueCommandOptions = Omit<IssueOptions, "root" | "date">;

export function runIssue(ctx: CommandContext, opts: IssueCommandOptions): Promise<CommandResult> {
  const full: IssueOptions = { ...opts, root: ctx.root, date: ctx.now.date };
  return withWorkspaceLock(ctx.root, () => issueLocked(ctx.plan, full));
}

async function issueLocked(plan: Plan, opts: IssueOptions): Promise<CommandResult> {
  const period = resolvePeriod(plan, { period: opts.period, date: opts.date });
  requirePeriodInPlan(plan, period);
  const agencies = selectAgencies(plan, period, opts.agencies);
  const prev = previousPeriod(period, plan.settings.due);
  // the check column applies the cumulative rule as check does: with consolidation's floors (consolidate/cumulative.ts)
  const cumulative = await readEarlierCumulative(opts.root, plan, period);
  // the previous period's figures per agency, mapped onto today's agencies (predecessors summed onto successors);
  // a 6-month report's previous period is its cumulative quý I, already read
  const earlier =
    cumulative.find((m) => m.period.id === prev.id) ?? (await readEarlierModel(opts.root, plan, period, prev.id));
  const previous = earlier ? new Map(earlier.agencies.map((a) => [a.code, new Map(Object.entries(a.values))])) : null;
  const generator = generatorName();
  const dirRel = posix(OUTPUT_DIR, period.id, ISSUED_DIR);

  const pending: PendingFile[] = [];
  const files: { agency: Agency; fileName: string; path: string }[] = [];
  for (const agency of agencies) {
    const data = await buildTemplateWorkbook(plan, period, agency, {
      issuedOn: opts.date,
      generator,
      previousValues: previous?.get(agency.code) ?? null,
      previousFrom: earlier?.succession?.combined.find((c) => c.code === agency.code)?.from.map((f) => f.name) ?? [],
      cumulativeFloors: cumulativeFloors(plan, period, agency.code, cumulative),
    });
    const fileName = templateFileName(period.id, agency.code);
    files.push({ agency, fileName, path: posix(dirRel, fileName) });
    pending.push({ path: join(opts.root, dirRel, fileName), data });
  }
  const notePath = posix(dirRel, COVER_NOTE_FILE);
  pending.push({
    path: join(opts.root, dirRel, COVER_NOTE_FILE),
    data: coverNoteText(coverNoteLines(plan, period, files, opts.date)),
  });
  assertWellFormedOutputs(pending);
  // the templates and the cover note swapped in together (output-transaction.ts)
  const tx = new OutputTransaction({ journalDir: outputDir(opts.root) });
  await tx.stageAll(pending);
  await tx.commit();

  // an agency listed in the earlier model but missing, rejected or with every figure empty gives the column nothing
  const hasFigures = (code: string): boolean => [...(previous?.get(code)?.values() ?? [])].some((v) => v !== null);
  const withPrevious = files.filter((f) => hasFigures(f.agency.code)).length;
  const text = opts.quiet
    ? ""
    : [
        `Đã phát hành ${files.length} biểu mẫu kỳ ${period.label} (${period.id}) vào thư mục ${dirRel}/.`,
        `Thời gian chốt số liệu: ${windowText(period)}. Hạn gửi: ${deadlineText(period)}.`,
        earlier
          ? `Cột "Kỳ trước" lấy từ ${shownPath(opts.root, earlier.source)} (${prev.label}): có số liệu của ${withPrevious}/${files.length} cơ quan.`
          : `Chưa có output/${prev.id}/tong-hop.json (${prev.label}): cột "Kỳ trước" để trống.`,
        ...(earlier?.succession ? successionSentences(earlier.succession) : []),
        `Hướng dẫn gửi kèm: ${notePath}`,
      ].join("\n");
  return {
    json: {
      period: period.id,
      label: period.label,
      window: period.window,
      due: period.due,
      lastOnTimeDay: period.lastOnTimeDay,
      issuedOn: opts.date,
      previousPeriod: { id: prev.id, found: previous !== null },
      files: files.map((f) => ({ agency: f.agency.code, path: f.path })),
      note: notePath,
    },
    text,
    exitCode: 0,
  };
}
