/**
 * consolidate: from the plan, the period and the judged submissions to the consolidated model (model.ts), the one
 * source of every document. Totals and rates (measure.ts), targets and their verdicts (targets.ts), task progress
 * (task-status.ts), the cumulative rule against earlier periods (cumulative.ts, earlier.ts), outliers (outliers.ts) and
 * amendments of a closed period (amendment.ts). Pure: no files, no clock.
 */
import {
  agenciesForPeriod,
  indicatorsForAgency,
  tasksInForce,
  type Agency,
  type Indicator,
  type Plan,
} from "../plan/plan.js";
import { daysLeft, judgeTimeliness, previousPeriod, samePeriodLastYear, type Period } from "../calendar/period.js";
import { localDayOf } from "../calendar/today.js";
import { hasEndedBefore, isDueInYear } from "../plan/task-schedule.js";
import type { CellRef, SubmissionRecord } from "../intake/judge/submission.js";
import { ratioOfSums, singleIndicator, sumIndicator, type AgencyFigures } from "./measure.js";
import { evaluateTarget } from "./targets.js";
import { mergeSuccessionNotes, type EarlierModel, type EarlierPeriods } from "./earlier.js";
import { combineLeadStatuses } from "./task-status.js";
import { checkCumulative, cumulativePeriodsOf, CUMULATIVE_FINDING } from "./cumulative.js";
import type { AgencyEntry, ConsolidatedTaskStatus, Counts, Model, ModelFinding, TaskResult, Total } from "./model.js";
import { MODEL_SCHEMA_VERSION } from "./model-version.js";

export interface ConsolidateInput {
  plan: Plan;
  period: Period;
  /** every file of the period's inbox as intake judged it; receipt times come from the ledger */
  records: SubmissionRecord[];
  earlier: EarlierPeriods;
  /** "now": the --date (YYYY-MM-DD) and the instant of the build */
  now: { date: string; instant: string };
  generator: string;
}

const emptyCounts = (): Counts => ({
  expected: 0,
  reported: 0,
  onTime: 0,
  late: 0,
  rejected: 0,
  missing: 0,
  reportedRate: null,
  onTimeRate: null,
});

function countStatuses(entries: AgencyEntry[]): Counts {
  const c = emptyCounts();
  for (const e of entries) {
    c.expected++;
    if (e.status === "on-time") c.onTime++;
    else if (e.status === "late") c.late++;
    else if (e.status === "rejected") c.rejected++;
    else c.missing++;
  }
  c.reported = c.onTime + c.late;
  c.reportedRate = c.expected > 0 ? (c.reported / c.expected) * 100 : null;
  c.onTimeRate = c.expected > 0 ? (c.onTime / c.expected) * 100 : null;
  return c;
}

function byReceipt(a: SubmissionRecord, b: SubmissionRecord): number {
  return (a.receivedAt ?? "").localeCompare(b.receivedAt ?? "") || a.version - b.version;
}

/** Records per agency code, in their order (one pass; agencies are looked up, never scanned). */
function recordsByAgency(records: readonly SubmissionRecord[]): Map<string, SubmissionRecord[]> {
  const out = new Map<string, SubmissionRecord[]>();
  for (const r of records) {
    if (r.agency === null) continue;
    const list = out.get(r.agency);
    if (list) list.push(r);
    else out.set(r.agency, [r]);
  }
  return out;
}

/**
 * One copy of each text the agencies' entries repeat: every cell reference names its file and sheet, every task row
 * its role and status, and many agencies copy the same task results and difficulties. Each submission arrives with
 * copies of its own (read back from the parse cache or from a reading thread), so at 1,000 agencies two thirds of the
 * model's text (~40 MB) would be copies; with one copy each, the model is smaller, and comparing two of its texts
 * (model-pack.ts) is comparing two pointers.
 */
class Interner {
  private readonly seen = new Map<string, string>();
  text<T extends string>(s: T): T {
    const known = this.seen.get(s);
    if (known !== undefined) return known as T;
    this.seen.set(s, s);
    return s;
  }
  maybe<T extends string | null>(s: T): T {
    return (s === null ? s : this.text(s)) as T;
  }
  ref(r: CellRef): CellRef {
    return { file: this.text(r.file), sheet: this.text(r.sheet), cell: this.text(r.cell) };
  }
}

/** One agency's entry: status from its first accepted receipt, figures from its latest accepted version. */
function buildAgencyEntry(
  plan: Plan,
  period: Period,
  agency: Agency,
  mineInOrder: readonly SubmissionRecord[],
  one: Interner,
): AgencyEntry {
  const mine = [...mineInOrder].sort(byReceipt);
  const accepted = mine.filter((r) => r.accepted && r.data);
  const used = accepted.at(-1);
  const first = accepted[0];
  const base = {
    code: agency.code,
    name: agency.name,
    shortName: agency.shortName,
    abbr: agency.abbr,
    group: agency.group,
    level: agency.level,
    reports: indicatorsForAgency(plan, agency).map((i) => i.code),
  };
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of (used ?? mine.at(-1))?.findings ?? []) counts[f.severity]++;
  if (!used || !first) {
    const rejected = mine.at(-1);
    return {
      ...base,
      status: rejected ? "rejected" : "missing",
      daysLate: null,
      rejectReason: rejected?.rejectReason ?? null,
      receivedAt: rejected?.receivedAt ?? null,
      receivedAtSource: rejected?.receivedAtSource ?? null,
      ...(rejected?.damagedLedgerLine !== undefined ? { damagedLedgerLine: rejected.damagedLedgerLine } : {}),
      version: rejected?.version ?? null,
      versions: mine.length,
      file: rejected?.file ?? null,
      findingCounts: counts,
      reporter: { name: null, phone: null, email: null },
      document: { number: null, date: null },
      values: {},
      texts: {},
      provenance: {},
      flagged: [],
      notes: {},
      tasks: [],
      narrative: {},
    };
  }
  const t = first.receivedAt ? judgeTimeliness(period, localDayOf(first.receivedAt)) : { onTime: false, daysLate: 0 };
  const d = used.data!;
  const values: Record<string, number | null> = {};
  const texts: Record<string, string | null> = {};
  const provenance: AgencyEntry["provenance"] = {};
  const flagged: string[] = [];
  for (const ind of plan.indicators) {
    const rv = d.values[ind.code];
    if (!rv) continue;
    if (ind.type === "text") texts[ind.code] = typeof rv.value === "string" ? rv.value : null;
    else values[ind.code] = typeof rv.value === "number" && Number.isFinite(rv.value) ? rv.value : null;
    provenance[ind.code] = one.ref(rv.ref);
    if (rv.flagged) flagged.push(ind.code);
  }
  const notes: AgencyEntry["notes"] = {};
  for (const [code, n] of Object.entries(d.notes)) if (n.value) notes[code] = { text: n.value, ref: one.ref(n.ref) };
  const narrative: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.narrative)) if (v?.value) narrative[k] = v.value;
  return {
    ...base,
    status: t.onTime ? "on-time" : "late",
    daysLate: t.onTime ? null : t.daysLate,
    rejectReason: null,
    receivedAt: first.receivedAt,
    receivedAtSource: first.receivedAtSource,
    ...(first.damagedLedgerLine !== undefined ? { damagedLedgerLine: first.damagedLedgerLine } : {}),
    version: used.version,
    versions: mine.length,
    file: used.file,
    findingCounts: counts,
    reporter: {
      name: d.info.reporter?.value ?? null,
      phone: d.info.phone?.value ?? null,
      email: d.info.email?.value ?? null,
    },
    document: { number: d.info["doc-number"]?.value ?? null, date: d.info["doc-date"]?.value ?? null },
    values,
    texts,
    provenance,
    flagged,
    notes,
    tasks: d.tasks.map((x) => ({
      stt: x.stt,
      role: one.text(x.role),
      status: x.status === null ? "not-reported" : one.text(x.status),
      result: one.maybe(x.result),
      doc: one.maybe(x.doc),
      docDate: one.maybe(x.docDate),
      difficulties: one.maybe(x.difficulties),
      ref: one.ref(x.ref),
    })),
    narrative,
  };
}

function figuresOf(entries: AgencyEntry[]): AgencyFigures[] {
  return entries
    .filter((e) => e.status === "on-time" || e.status === "late")
    .map((e) => ({ code: e.code, name: e.shortName, group: e.group, values: e.values, flagged: e.flagged }));
}

function computeTotal(
  plan: Plan,
  ind: Indicator,
  figures: AgencyFigures[],
  figuresByGroup: ReadonlyMap<string, AgencyFigures[]>,
): Total {
  const code = ind.code;
  const byGroup: Record<string, number | null> = {};
  const calc = (fs: AgencyFigures[]) => {
    if (ind.aggregate === "ratio" && ind.numerator && ind.denominator) {
      const r = ratioOfSums(fs, ind.numerator, ind.denominator);
      return {
        value: r.value,
        agencies: r.agencies,
        flaggedBy: r.flaggedBy,
        numerator: r.numerator,
        denominator: r.denominator,
      };
    }
    if (ind.aggregate === "single") return { ...singleIndicator(fs, code), numerator: null, denominator: null };
    const s = sumIndicator(fs, code);
    return { value: s.sum, agencies: s.agencies, flaggedBy: s.flaggedBy, numerator: null, denominator: null };
  };
  const all = calc(figures);
  for (const g of plan.groups) byGroup[g.id] = calc(figuresByGroup.get(g.id) ?? []).value;
  const contributions = figures.flatMap((f) => {
    const v = f.values[code];
    return typeof v === "number" ? [{ agency: f.code, value: v, ref: null }] : [];
  });
  const total: Total = {
    code,
    value: all.value,
    byGroup,
    contributors: contributions.length,
    contributions,
    flaggedBy: all.flaggedBy,
  };
  if (ind.aggregate === "ratio") {
    total.numerator = all.numerator;
    total.denominator = all.denominator;
  }
  return total;
}

type AgencyTask = AgencyEntry["tasks"][number];

/** An agency's task reports by role and task number (the first one, should a row repeat). */
type TaskReports = Record<AgencyTask["role"], Map<number, AgencyTask>>;

/**
 * Each agency's task reports (the last entry of a code wins). Looked up by role and number, with no key string made
 * per lookup: every task is looked up in every coordinating agency's reports, tens of thousands at 1,000 agencies.
 */
function taskReportsByAgency(entries: readonly AgencyEntry[]): Map<string, TaskReports> {
  const out = new Map<string, TaskReports>();
  for (const e of entries) {
    const byRole: TaskReports = { lead: new Map(), coordinate: new Map() };
    for (const x of e.tasks) {
      const byStt = byRole[x.role];
      if (!byStt.has(x.stt)) byStt.set(x.stt, x);
    }
    out.set(e.code, byRole);
  }
  return out;
}

function buildTaskResults(plan: Plan, period: Period, entries: AgencyEntry[]): TaskResult[] {
  const reporting = taskReportsByAgency(entries);
  return tasksInForce(plan, period).map((t) => {
    const leads = t.leadAgencies.filter((c) => reporting.has(c));
    const leadSet = new Set(t.leadAgencies);
    const leadReports = leads.flatMap((c) => {
      const r = reporting.get(c)!.lead.get(t.stt);
      if (!r) return [];
      return [
        {
          agency: c,
          status: r.status,
          result: r.result,
          doc: r.doc,
          docDate: r.docDate,
          difficulties: r.difficulties,
          ref: r.ref,
        },
      ];
    });
    const coordinatorNotes = t.coordinateAgencies
      .filter((c) => reporting.has(c) && !leadSet.has(c))
      .flatMap((c) => {
        const r = reporting.get(c)!.coordinate.get(t.stt);
        if (!r || (r.status === "not-reported" && !r.result && !r.difficulties)) return [];
        return [
          {
            agency: c,
            status: r.status,
            result: r.result,
            doc: r.doc,
            docDate: r.docDate,
            difficulties: r.difficulties,
            ref: r.ref,
          },
        ];
      });
    const statusOf = new Map<string, ConsolidatedTaskStatus>();
    for (const r of leadReports) if (!statusOf.has(r.agency)) statusOf.set(r.agency, r.status);
    const statuses = leads.map((c) => statusOf.get(c) ?? "not-reported");
    const status: ConsolidatedTaskStatus = combineLeadStatuses(statuses);
    return {
      stt: t.stt,
      area: t.area,
      goal: t.goal,
      task: t.task,
      product: t.product,
      lead: t.lead,
      coordinate: t.coordinate,
      time: t.time,
      leadAgencies: t.leadAgencies,
      status,
      leadsExpected: leads.length,
      leadsReported: statuses.filter((s) => s !== "not-reported").length,
      leadsDone: statuses.filter((s) => s === "done").length,
      leadReports,
      coordinatorNotes,
      overdue: hasEndedBefore(t.schedule, period.year) && status !== "done" && status !== "not-applicable",
      dueThisYear: isDueInYear(t.schedule, period.year),
    };
  });
}

function compare(
  plan: Plan,
  totals: Record<string, number | null>,
  other: EarlierModel | null,
): Model["comparison"]["previous"] {
  if (!other) return null;
  const rows = plan.indicators
    .filter((i) => i.type !== "text")
    .map((i) => {
      const current = totals[i.code] ?? null;
      const o = other.totals[i.code] ?? null;
      const change = current !== null && o !== null ? current - o : null;
      const changePercent =
        change !== null && o !== null && o !== 0 && i.type !== "percent" ? (change / o) * 100 : null;
      return { code: i.code, current, other: o, change, changePercent };
    });
  return {
    period: other.period.id,
    label: other.period.label,
    rows,
    ...(other.record ? { record: other.record } : {}),
  };
}

/** Builds the consolidated model of a period. Pure: everything comes in as data, "now" included. */
export function consolidate(input: ConsolidateInput): Model {
  const { plan, period, records } = input;
  const expected = agenciesForPeriod(plan, period);
  const byAgency = recordsByAgency(records);
  const one = new Interner();
  const entries = expected.map((a) => buildAgencyEntry(plan, period, a, byAgency.get(a.code) ?? [], one));
  const figures = figuresOf(entries);
  const figuresByGroup = new Map<string, AgencyFigures[]>();
  for (const f of figures) {
    const list = figuresByGroup.get(f.group);
    if (list) list.push(f);
    else figuresByGroup.set(f.group, [f]);
  }

  const numeric = plan.indicators.filter((i) => i.type !== "text");
  const totalDetails = numeric.map((i) => computeTotal(plan, i, figures, figuresByGroup));
  // provenance of each contribution (the first entry of the agency)
  const entryOf = new Map<string, AgencyEntry>();
  for (const e of entries) if (!entryOf.has(e.code)) entryOf.set(e.code, e);
  for (const t of totalDetails) {
    for (const c of t.contributions) c.ref = entryOf.get(c.agency)?.provenance[t.code] ?? null;
  }
  const totals: Record<string, number | null> = {};
  const totalsByGroup: Record<string, Record<string, number | null>> = {};
  for (const g of plan.groups) totalsByGroup[g.id] = {};
  for (const t of totalDetails) {
    totals[t.code] = t.value;
    for (const g of plan.groups) totalsByGroup[g.id]![t.code] = t.byGroup[g.id] ?? null;
  }

  const tasks = buildTaskResults(plan, period, entries);
  const taskIndex = new Map(tasks.map((t) => [t.stt, t]));
  const targets = plan.targets.map((t) =>
    evaluateTarget(t, {
      plan,
      year: period.year,
      agencies: figures,
      taskStatus: (stt) => {
        const r = taskIndex.get(stt);
        return { status: r?.status ?? "not-reported", overdue: r?.overdue ?? false };
      },
    }),
  );

  const byGroup: Record<string, Counts> = {};
  const entriesByGroup = new Map<string, AgencyEntry[]>();
  for (const e of entries) {
    const list = entriesByGroup.get(e.group);
    if (list) list.push(e);
    else entriesByGroup.set(e.group, [e]);
  }
  for (const g of plan.groups) byGroup[g.id] = countStatuses(entriesByGroup.get(g.id) ?? []);

  // the cumulative rule (cumulative.ts), with what check already told each agency on its cells
  const told = new Map<string, Set<string>>();
  for (const r of records)
    for (const f of r.findings)
      if (r.agency !== null && f.code === CUMULATIVE_FINDING && typeof f.args["id"] === "string") {
        const set = told.get(r.agency) ?? new Set<string>();
        set.add(f.args["id"]);
        told.set(r.agency, set);
      }
  const cumulativeChecks = checkCumulative(
    plan,
    period,
    entries.map((e) => ({ code: e.code, values: e.values, told: told.get(e.code) ?? new Set() })),
    input.earlier.cumulative,
  );
  const due = plan.settings.due;
  const periodRef = (p: Period) => ({ id: p.id, label: p.label });

  const findings: ModelFinding[] = records.flatMap((r) =>
    r.findings.map((f) => ({
      agency: r.agency,
      file: r.file,
      severity: f.severity,
      code: f.code,
      sheet: f.sheet,
      cell: f.cell,
      key: f.key,
      message: f.message,
    })),
  );

  const count = (s: ConsolidatedTaskStatus): number => tasks.filter((t) => t.status === s).length;
  return {
    schemaVersion: MODEL_SCHEMA_VERSION,
    generator: input.generator,
    asOf: input.now.date,
    builtAt: input.now.instant,
    plan: {
      id: plan.meta.id,
      name: plan.meta.name,
      decision: plan.meta.decision.number,
      province: plan.meta.province,
      fingerprint: plan.fingerprint,
    },
    period: {
      id: period.id,
      kind: period.kind,
      year: period.year,
      label: period.label,
      window: period.window,
      due: period.due,
      lastOnTimeDay: period.lastOnTimeDay,
      dueRule: period.dueRule,
      cumulative: period.cumulative,
      daysLeft: daysLeft(period, input.now.date),
    },
    settings: {
      parentBody: plan.settings.parentBody,
      issuingBody: plan.settings.issuingBody,
      issuingBodyName: plan.settings.issuingBodyName,
      issuingAbbr: plan.settings.issuingAbbr,
      place: plan.settings.place,
      reportSymbol: plan.settings.reportSymbol,
      letterSymbol: plan.settings.letterSymbol,
      receiver: plan.settings.receiver,
      signer: plan.settings.signer,
      recipients: plan.settings.recipients,
      contact: plan.settings.contact,
    },
    areas: plan.meta.areas,
    groups: plan.groups,
    indicators: plan.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      unit: i.unit,
      area: i.area,
      type: i.type,
      aggregate: i.aggregate,
    })),
    completeness: { total: countStatuses(entries), byGroup },
    agencies: entries,
    totals,
    totalsByGroup,
    totalDetails,
    targets,
    targetSummary: {
      met: targets.filter((t) => t.kind !== "qualitative" && t.verdict === "met").length,
      notMet: targets.filter((t) => t.kind !== "qualitative" && t.verdict === "not-met").length,
      noData: targets.filter((t) => t.kind !== "qualitative" && t.verdict === "no-data").length,
      qualitative: targets.filter((t) => t.kind === "qualitative").length,
    },
    tasks,
    taskSummary: {
      total: tasks.length,
      done: count("done"),
      inProgress: count("in-progress"),
      notStarted: count("not-started"),
      notApplicable: count("not-applicable"),
      notReported: count("not-reported"),
      overdue: tasks.filter((t) => t.overdue).length,
      dueThisYear: tasks.filter((t) => t.dueThisYear).length,
    },
    comparison: {
      periods: {
        previous: periodRef(previousPeriod(period, due)),
        lastYear: periodRef(samePeriodLastYear(period, due)),
        cumulative: cumulativePeriodsOf(plan, period).map(periodRef),
      },
      previous: compare(plan, totals, input.earlier.previous),
      lastYear: compare(plan, totals, input.earlier.lastYear),
      cumulativeChecks,
      succession: mergeSuccessionNotes(
        [input.earlier.previous, input.earlier.lastYear, ...input.earlier.cumulative].flatMap((m) =>
          m?.succession ? [m.succession] : [],
        ),
      ),
    },
    findings,
    flaggedTotals: totalDetails.filter((t) => t.flaggedBy.length > 0).map((t) => t.code),
  };
}
