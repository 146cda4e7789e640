import { formatShortDate } from "../vn/format.js";
import { makePeriod, periodForDate, previousPeriod, type DueSettings, type Period } from "../calendar/period.js";

/**
 * What `cchc run` should do on a given day: a pure function of the date, the settings and a few facts about
 * the workspace (gathered by run.ts). Kept apart so the calendar logic can be read and tested on its own.
 *
 * Decision table (P = the period whose due date is the first on or after the date; prev = the one before it):
 *
 *   date ≥ issue day of P (day `issueDay` of P's last month, never after P's due date)
 *     1. P's templates not issued yet                 → issue P
 *     2. P's inputs changed since P's last build,
 *        or P was never built                         → build P (draft; the status board)
 *   date < issue day of P (so prev is past its due date)
 *     3. prev issued (or has files) and no build of
 *        prev after its due date yet                  → final build of prev (report + reminder letter)
 *     4. prev's inputs changed since its last build   → final build of prev again
 *   any day, in either phase
 *     5. prev issued, past due, never built after due → final build of prev (a missed window is caught up)
 *   a closed period (cchc close) is never built again, in either phase: when its inputs changed since the
 *   closing (or since the last such step) → amend: the current state to output/<P>/sau-chot/, the record untouched
 *   months in which no report is due (no period's due date falls in the month)
 *     6. no snapshot for this month yet               → progress snapshot output/tien-do/<YYYY-MM>.md
 *
 * Everything else is skipped with a reason. A step whose inputs are unchanged is never redone, so a second
 * run on the same day does nothing.
 */

export type StepKind = "issue" | "build" | "final-build" | "snapshot" | "amend";

export interface Step {
  kind: StepKind;
  /** period id; for a snapshot, the month "YYYY-MM" */
  target: string;
  /** why, in Vietnamese */
  reason: string;
}

export interface Skip {
  kind: StepKind;
  target: string;
  reason: string;
}

/** The facts about one period that the decisions need. */
export interface PeriodFacts {
  /** output/<P>/bieu-mau/ holds templates */
  issued: boolean;
  /** data/<P>/ holds files */
  hasData: boolean;
  /** output/<P>/tong-hop.json exists */
  hasModel: boolean;
  /** the inputs digest of the last build recorded in the run log (null: never built by run) */
  lastBuildInputs: string | null;
  /** whether a build after the due date was recorded */
  finalBuilt: boolean;
  /** the inputs digest now */
  inputs: string;
  /** the period's closed record (cchc close), if it is closed */
  closed?: { number: string; signedOn: string } | null;
  /** the inputs digest at the closing or at the last build after it (run-log.ts lastClosedInputsOf) */
  lastClosedInputs?: string | null;
}

export interface RunFacts {
  date: string;
  due: DueSettings;
  issueDay: number;
  /** facts about a period, by id (called for P and prev only) */
  period: (id: string) => PeriodFacts;
  /** output/tien-do/<YYYY-MM>.md exists */
  snapshotExists: (month: string) => boolean;
}

export interface RunDecision {
  period: Period;
  previous: Period;
  issueDate: string;
  phase: "collect" | "after-due";
  steps: Step[];
  skipped: Skip[];
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** The day a period's templates are issued: day `issueDay` of its last month, never after its due date. */
export function issueDateOf(p: Period, issueDay: number): string {
  const d = `${p.lastMonthStart.slice(0, 8)}${pad(issueDay)}`;
  return d <= p.due ? d : p.due;
}

/** Whether some report is due in the month of `date` (then no progress snapshot is written that month). */
export function isReportMonth(date: string, due: DueSettings): boolean {
  const year = Number(date.slice(0, 4));
  const month = date.slice(0, 7);
  return (["Q1", "H1", "Q3", "Y"] as const).some((k) => makePeriod(year, k, due).due.slice(0, 7) === month);
}

export function decideRun(f: RunFacts): RunDecision {
  const period = periodForDate(f.date, f.due);
  const previous = previousPeriod(period, f.due);
  const issueDate = issueDateOf(period, f.issueDay);
  const phase = f.date >= issueDate ? "collect" : "after-due";
  const steps: Step[] = [];
  const skipped: Skip[] = [];

  // the previous period, past its due date
  const pf = f.period(previous.id);
  const prevKnown = pf.issued || pf.hasData;
  if (pf.closed) {
    closedStep(previous, pf, "final-build", steps, skipped);
  } else if (!prevKnown) {
    if (phase === "after-due")
      skipped.push({
        kind: "final-build",
        target: previous.id,
        reason: `kỳ ${previous.label} chưa phát hành biểu mẫu và chưa nhận tệp nào`,
      });
  } else if (!pf.finalBuilt || !pf.hasModel) {
    steps.push({
      kind: "final-build",
      target: previous.id,
      reason: `đã quá hạn gửi ${previous.label}: lập báo cáo tổng hợp và công văn đôn đốc`,
    });
  } else if (phase === "after-due" && pf.inputs !== pf.lastBuildInputs) {
    steps.push({
      kind: "final-build",
      target: previous.id,
      reason: `có thay đổi trong dữ liệu kỳ ${previous.label} sau lần tổng hợp trước: lập lại báo cáo`,
    });
  } else if (phase === "after-due") {
    skipped.push({
      kind: "final-build",
      target: previous.id,
      reason: `báo cáo ${previous.label} đã lập, dữ liệu không thay đổi`,
    });
  }

  if (phase === "collect") {
    const cf = f.period(period.id);
    if (!cf.issued)
      steps.push({
        kind: "issue",
        target: period.id,
        reason: `từ ngày ${formatShortDate(issueDate)} phát hành biểu mẫu ${period.label}`,
      });
    if (cf.closed) {
      closedStep(period, cf, "build", steps, skipped);
    } else if (!cf.issued || cf.lastBuildInputs === null || !cf.hasModel) {
      steps.push({ kind: "build", target: period.id, reason: `lập bảng theo dõi và dự thảo báo cáo ${period.label}` });
    } else if (cf.inputs !== cf.lastBuildInputs) {
      steps.push({
        kind: "build",
        target: period.id,
        reason: `có tệp mới hoặc thay đổi trong dữ liệu kỳ ${period.label}: tổng hợp lại`,
      });
    } else {
      skipped.push({
        kind: "build",
        target: period.id,
        reason: `dữ liệu kỳ ${period.label} không thay đổi từ lần tổng hợp trước`,
      });
    }
  } else {
    skipped.push({
      kind: "issue",
      target: period.id,
      reason: `chưa đến ngày phát hành biểu mẫu ${period.label} (${formatShortDate(issueDate)})`,
    });
  }

  const month = f.date.slice(0, 7);
  if (isReportMonth(f.date, f.due)) {
    skipped.push({ kind: "snapshot", target: month, reason: "tháng có kỳ báo cáo đến hạn: không lập bản tiến độ" });
  } else if (f.snapshotExists(month)) {
    skipped.push({ kind: "snapshot", target: month, reason: "đã lập bản tiến độ của tháng" });
  } else {
    steps.push({ kind: "snapshot", target: month, reason: "tháng không có kỳ báo cáo đến hạn" });
  }
  return { period, previous, issueDate, phase, steps, skipped };
}

/** A closed period: nothing is rebuilt; what arrived or changed after the closing goes to output/<P>/sau-chot/. */
function closedStep(p: Period, f: PeriodFacts, skippedKind: StepKind, steps: Step[], skipped: Skip[]): void {
  const c = f.closed!;
  const record = `kỳ ${p.label} đã chốt theo Báo cáo số ${c.number} ngày ${formatShortDate(c.signedOn)}: không lập lại báo cáo`;
  if (f.inputs !== f.lastClosedInputs)
    steps.push({
      kind: "amend",
      target: p.id,
      reason: `${record}; có tệp mới hoặc thay đổi sau khi chốt: lập bản sau chốt`,
    });
  else skipped.push({ kind: skippedKind, target: p.id, reason: record });
}
