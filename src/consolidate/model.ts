import { z } from "zod";
import { earlierCumulativePeriods, parsePeriod, previousPeriod, samePeriodLastYear } from "../calendar/period.js";
import {
  levels,
  receiptSources,
  severities,
  submissionStatuses,
  targetKinds,
  taskRoles,
  taskStates,
  verdicts,
  dueRules,
  indicatorTypes,
  aggregates,
} from "../vn/labels.js";
import { MODEL_SCHEMA_VERSION } from "./model-version.js";

/**
 * The consolidated model of a period: output/<P>/tong-hop.json. It is the only input of every renderer,
 * and later periods read it for comparisons. consolidate builds it in this schema's shape and key order (its tests
 * check it: build writes it without parsing it again); every reader of a tong-hop.json validates what it reads.
 */

export { MODEL_SCHEMA_VERSION };

const iso = z.string();
const num = z.number().nullable();
const severity = z.enum(severities);

export const cellRefSchema = z.object({ file: z.string(), sheet: z.string(), cell: z.string() });

export const agencyStatusSchema = z.enum(submissionStatuses);
export type AgencyStatus = z.infer<typeof agencyStatusSchema>;

export const taskStatusSchema = z.enum(taskStates);
export type ConsolidatedTaskStatus = z.infer<typeof taskStatusSchema>;

export const findingSchema = z.object({
  agency: z.string().nullable(),
  file: z.string(),
  severity,
  code: z.string(),
  sheet: z.string().nullable(),
  cell: z.string().nullable(),
  key: z.string().nullable(),
  message: z.string(),
});
export type ModelFinding = z.infer<typeof findingSchema>;

export const agencyTaskSchema = z.object({
  stt: z.number().int(),
  role: z.enum(taskRoles),
  status: taskStatusSchema,
  result: z.string().nullable(),
  doc: z.string().nullable(),
  docDate: z.string().nullable(),
  difficulties: z.string().nullable(),
  ref: cellRefSchema.nullable(),
});

export const agencyEntrySchema = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  abbr: z.string(),
  group: z.string(),
  level: z.enum(levels),
  /** indicator codes the agency is asked to report (seeds: indicator reporters) */
  reports: z.array(z.string()),
  status: agencyStatusSchema,
  daysLate: z.number().int().nullable(),
  rejectReason: z.string().nullable(),
  receivedAt: iso.nullable(),
  receivedAtSource: z.enum(receiptSources).nullable(),
  /** present when the receipt's line in the ledger is damaged: its time was recovered from it, or lost (file time) */
  damagedLedgerLine: z.number().int().optional(),
  version: z.number().int().nullable(),
  versions: z.number().int(),
  file: z.string().nullable(),
  findingCounts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  reporter: z.object({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
  document: z.object({ number: z.string().nullable(), date: z.string().nullable() }),
  /** indicator code → number (count, amount, percent) or null */
  values: z.record(z.string(), num),
  /** text indicators */
  texts: z.record(z.string(), z.string().nullable()),
  /** indicator code → where the value came from */
  provenance: z.record(z.string(), cellRefSchema),
  /** indicator codes whose value carries a finding */
  flagged: z.array(z.string()),
  /** the agency's note ("Ghi chú") beside a figure, by indicator code, with the cell it was written in */
  notes: z.record(z.string(), z.object({ text: z.string(), ref: cellRefSchema })),
  tasks: z.array(agencyTaskSchema),
  narrative: z.record(z.string(), z.string()),
});
export type AgencyEntry = z.infer<typeof agencyEntrySchema>;

export const countsSchema = z.object({
  expected: z.number().int(),
  reported: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  rejected: z.number().int(),
  missing: z.number().int(),
  /** reported / expected, in % (null when nobody is expected) */
  reportedRate: num,
  onTimeRate: num,
});
export type Counts = z.infer<typeof countsSchema>;

export const contributionSchema = z.object({ agency: z.string(), value: z.number(), ref: cellRefSchema.nullable() });

export const totalSchema = z.object({
  code: z.string(),
  value: num,
  byGroup: z.record(z.string(), num),
  /** how many agencies gave a number */
  contributors: z.number().int(),
  /** each agency's part, for tracing every total to its cells */
  contributions: z.array(contributionSchema),
  /** agencies whose value here carries a finding */
  flaggedBy: z.array(z.string()),
  /** for ratios: the summed parts */
  numerator: num.optional(),
  denominator: num.optional(),
});
export type Total = z.infer<typeof totalSchema>;

export const verdictSchema = z.enum(verdicts);
export type Verdict = z.infer<typeof verdictSchema>;

export const targetPartSchema = z.object({
  level: z.string().nullable(),
  label: z.string().nullable(),
  required: num,
  reached: num,
  op: z.enum([">=", "<="]),
  unit: z.string(),
  verdict: verdictSchema,
  numerator: num,
  denominator: num,
  /** the computation in Vietnamese words: which figures, from which agencies */
  computation: z.string(),
  agencies: z.array(z.string()),
  flaggedBy: z.array(z.string()),
});

export const targetResultSchema = z.object({
  id: z.string(),
  area: z.string(),
  text: z.string(),
  kind: z.enum(targetKinds),
  tasks: z.array(z.number().int()),
  /** one part per level for per-level shapes, otherwise a single part; none for qualitative targets */
  parts: z.array(targetPartSchema),
  /** headline values: the single part's, or (per level) null */
  required: num,
  reached: num,
  unit: z.string(),
  /** met only when every part is met; no-data when any part lacks data and none fails */
  verdict: verdictSchema,
  computation: z.string(),
  /** qualitative targets: the status of their tasks */
  taskStatus: z.array(z.object({ stt: z.number().int(), status: taskStatusSchema })),
});
export type TargetResult = z.infer<typeof targetResultSchema>;

export const leadReportSchema = z.object({
  agency: z.string(),
  status: taskStatusSchema,
  result: z.string().nullable(),
  doc: z.string().nullable(),
  docDate: z.string().nullable(),
  difficulties: z.string().nullable(),
  ref: cellRefSchema.nullable(),
});

export const taskResultSchema = z.object({
  stt: z.number().int(),
  area: z.string(),
  goal: z.string().nullable(),
  task: z.string(),
  product: z.string(),
  lead: z.string(),
  coordinate: z.string(),
  time: z.string(),
  leadAgencies: z.array(z.string()),
  status: taskStatusSchema,
  /** how many lead agencies reported, and how many of them report done */
  leadsExpected: z.number().int(),
  leadsReported: z.number().int(),
  leadsDone: z.number().int(),
  leadReports: z.array(leadReportSchema),
  coordinatorNotes: z.array(leadReportSchema),
  overdue: z.boolean(),
  dueThisYear: z.boolean(),
});
export type TaskResult = z.infer<typeof taskResultSchema>;

export const comparisonRowSchema = z.object({
  code: z.string(),
  current: num,
  other: num,
  change: num,
  changePercent: num,
});

/** A signed report that closed a period (cchc close): its number and the day it was signed. */
export const recordRefSchema = z.object({ number: z.string(), signedOn: iso });
export type RecordRef = z.infer<typeof recordRefSchema>;

export const comparisonSchema = z.object({
  period: z.string(),
  label: z.string(),
  rows: z.array(comparisonRowSchema),
  /** set when the earlier figures come from that period's closed record (the signed report) */
  record: recordRefSchema.optional(),
});

/** One pair the cumulative rule compared (consolidate/cumulative.ts). */
export const cumulativeCheckSchema = z.object({
  agency: z.string(),
  indicator: z.string(),
  earlierPeriod: z.string(),
  /** the earlier report's label ("quý I năm 2025") */
  earlierLabel: z.string(),
  earlier: z.number(),
  current: z.number(),
  ok: z.boolean(),
  /** on a failed pair: whether check already told the agency on its cell (its own finding) */
  toldAgency: z.boolean().optional(),
});
export type CumulativeCheck = z.infer<typeof cumulativeCheckSchema>;

const periodRefSchema = z.object({ id: z.string(), label: z.string() });

/** The periods a period is compared with, from the plan's calendar, whether or not their figures were found. */
export const neighbourPeriodsSchema = z.object({
  previous: periodRefSchema,
  lastYear: periodRefSchema,
  /** the earlier cumulative reports of the same year, nearest first (none for quý I and quý III) */
  cumulative: z.array(periodRefSchema),
});
export type NeighbourPeriods = z.infer<typeof neighbourPeriodsSchema>;

export const amendmentSchema = z.object({
  /** the record this build is compared with */
  record: recordRefSchema.extend({ closedAt: iso }),
  /** agencies whose file (or newer version) was received after the closing */
  lateArrivals: z.array(
    z.object({
      agency: z.string(),
      receivedAt: iso.nullable(),
      version: z.number().int().nullable(),
      statusBefore: agencyStatusSchema,
      statusNow: agencyStatusSchema,
    }),
  ),
  /** per-agency figures that differ from the record */
  figureChanges: z.array(z.object({ agency: z.string(), indicator: z.string(), before: num, now: num })),
  /** province totals that differ from the record */
  totalChanges: z.array(z.object({ indicator: z.string(), before: num, now: num })),
  /** targets whose figure or verdict differ from the record */
  targetChanges: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      reachedBefore: num,
      reachedNow: num,
      verdictBefore: verdictSchema,
      verdictNow: verdictSchema,
    }),
  ),
  /** completeness in the record and now */
  completenessBefore: countsSchema,
  completenessNow: countsSchema,
});
export type Amendment = z.infer<typeof amendmentSchema>;

const agencyRefSchema = z.object({ code: z.string(), name: z.string() });

/** How earlier periods' figures were mapped onto today's agencies (see consolidate/earlier.ts). */
export const successionNoteSchema = z.object({
  /** successors whose comparison figures sum their predecessors' */
  combined: z.array(agencyRefSchema.extend({ from: z.array(agencyRefSchema) })),
  /** agencies with earlier figures and no successor: left out of the comparisons */
  left: z.array(agencyRefSchema),
  /** agencies split among several successors: counted in the province totals only */
  split: z.array(agencyRefSchema.extend({ into: z.array(agencyRefSchema) })),
});

export const modelSchema = z.object({
  schemaVersion: z.literal(MODEL_SCHEMA_VERSION),
  generator: z.string(),
  /** the --date the model was built for (YYYY-MM-DD) and the instant */
  asOf: iso,
  builtAt: iso,
  plan: z.object({
    id: z.string(),
    name: z.string(),
    decision: z.string(),
    province: z.string(),
    fingerprint: z.string(),
  }),
  period: z.object({
    id: z.string(),
    kind: z.enum(["Q1", "H1", "Q3", "Y"]),
    year: z.number().int(),
    label: z.string(),
    window: z.object({ from: iso, to: iso }),
    due: iso,
    lastOnTimeDay: iso,
    dueRule: z.enum(dueRules),
    cumulative: z.boolean(),
    daysLeft: z.number().int(),
  }),
  settings: z.object({
    parentBody: z.string(),
    issuingBody: z.string(),
    issuingBodyName: z.string(),
    issuingAbbr: z.string(),
    place: z.string(),
    reportSymbol: z.string(),
    letterSymbol: z.string(),
    receiver: z.string(),
    signer: z.object({ authority: z.string(), title: z.string(), name: z.string() }),
    recipients: z.array(z.string()),
    contact: z.object({ unit: z.string(), person: z.string(), phone: z.string(), email: z.string() }),
  }),
  areas: z.array(z.object({ id: z.string(), name: z.string() })),
  groups: z.array(z.object({ id: z.string(), name: z.string(), shortName: z.string() })),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      unit: z.string(),
      area: z.string(),
      type: z.enum(indicatorTypes),
      aggregate: z.enum(aggregates),
    }),
  ),
  completeness: z.object({ total: countsSchema, byGroup: z.record(z.string(), countsSchema) }),
  agencies: z.array(agencyEntrySchema),
  /** indicator code → province figure (null when nobody reported it) */
  totals: z.record(z.string(), num),
  /** group id → indicator code → group figure */
  totalsByGroup: z.record(z.string(), z.record(z.string(), num)),
  /** the detail behind each total */
  totalDetails: z.array(totalSchema),
  targets: z.array(targetResultSchema),
  targetSummary: z.object({
    met: z.number().int(),
    notMet: z.number().int(),
    noData: z.number().int(),
    qualitative: z.number().int(),
  }),
  tasks: z.array(taskResultSchema),
  taskSummary: z.object({
    total: z.number().int(),
    done: z.number().int(),
    inProgress: z.number().int(),
    notStarted: z.number().int(),
    notApplicable: z.number().int(),
    notReported: z.number().int(),
    overdue: z.number().int(),
    dueThisYear: z.number().int(),
  }),
  comparison: z.object({
    periods: neighbourPeriodsSchema,
    previous: comparisonSchema.nullable(),
    lastYear: comparisonSchema.nullable(),
    cumulativeChecks: z.array(cumulativeCheckSchema),
    // absent from models written before agencies could succeed one another
    succession: successionNoteSchema.default({ combined: [], left: [], split: [] }),
  }),
  findings: z.array(findingSchema),
  /** indicator codes whose province total rests on at least one flagged value */
  flaggedTotals: z.array(z.string()),
  /** the closed record of the period (output/<P>/ban-chot/): the signed report's number and date */
  record: recordRefSchema.extend({ closedAt: iso, closing: z.number().int().positive() }).optional(),
  /** a build after closing (output/<P>/sau-chot/): what changed against the closed record */
  amendment: amendmentSchema.optional(),
});
export type Model = z.infer<typeof modelSchema>;

/** The long lists of the model, validated entry by entry (see validateModel). */
const entryLists = {
  agencies: agencyEntrySchema,
  totalDetails: totalSchema,
  targets: targetResultSchema,
  tasks: taskResultSchema,
} as const;
type EntryList = keyof typeof entryLists;

const modelHeadSchema = modelSchema.extend({
  agencies: z.array(z.unknown()),
  totalDetails: z.array(z.unknown()),
  targets: z.array(z.unknown()),
  tasks: z.array(z.unknown()),
});

export interface ModelIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The model checked against its schema, as `modelSchema.safeParse` would give it (same keys, same order), without
 * ever holding a second copy of the whole model: zod returns a copy of what it checks, so the long lists (one entry
 * per agency, total, target and task) are checked entry by entry, each entry replaced in the given model by its
 * checked copy at once. The given model is consumed. Returns the issues instead when it does not match.
 */
export function validateModel(model: Model): { success: true; data: Model } | { success: false; issues: ModelIssue[] } {
  const issues: ModelIssue[] = [];
  for (const key of Object.keys(entryLists) as EntryList[]) {
    const list = (model as Record<EntryList, unknown[]>)[key];
    if (!Array.isArray(list)) continue; // reported by the head schema below
    const schema = entryLists[key];
    for (let i = 0; i < list.length; i++) {
      const r = schema.safeParse(list[i]);
      if (r.success) list[i] = r.data;
      else
        for (const is of r.error.issues)
          issues.push({ path: [key, i, ...(is.path as (string | number)[])], message: is.message });
    }
  }
  const head = modelHeadSchema.safeParse(model);
  if (!head.success)
    for (const is of head.error.issues) issues.push({ path: is.path as (string | number)[], message: is.message });
  if (issues.length > 0 || !head.success) return { success: false, issues };
  return { success: true, data: head.data as Model };
}

/**
 * A model written by an earlier version of the program, brought up to this schema before it is checked: models
 * written before the cumulative rule moved into consolidate (2026-12) have no `comparison.periods` and no
 * `earlierLabel` on their cumulative checks. Both are filled from the period ids with the calendar (ids and labels
 * do not depend on the plan's due settings). A closed period's record keeps its bytes; only what is read is upgraded.
 * Anything else is left as it is, for the schema to judge.
 */
export function upgradeModelJson(json: unknown): unknown {
  if (!isRecord(json) || !isRecord(json["comparison"]) || !isRecord(json["period"])) return json;
  const comparison = json["comparison"];
  const period = typeof json["period"]["id"] === "string" ? parsePeriod(json["period"]["id"]) : null;
  if (comparison["periods"] === undefined && period) {
    const ref = (p: { id: string; label: string }) => ({ id: p.id, label: p.label });
    comparison["periods"] = {
      previous: ref(previousPeriod(period)),
      lastYear: ref(samePeriodLastYear(period)),
      cumulative: earlierCumulativePeriods(period).map(ref),
    };
  }
  if (Array.isArray(comparison["cumulativeChecks"]))
    for (const c of comparison["cumulativeChecks"]) {
      if (!isRecord(c) || c["earlierLabel"] !== undefined || typeof c["earlierPeriod"] !== "string") continue;
      c["earlierLabel"] = parsePeriod(c["earlierPeriod"])?.label ?? c["earlierPeriod"];
    }
  return json;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
