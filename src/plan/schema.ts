import { z } from "zod";
import { declaredBoundsProblem } from "./bounds.js";
import { aggregates, dueRules, indicatorTypes, levels } from "../vn/labels.js";

/** Zod schemas of the files in seeds/. Seeds are data: nothing about a province lives in code. */

export const areaIdSchema = z.enum(["I", "II", "III", "IV", "V", "VI"]);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "phải là ngày dạng YYYY-MM-DD");
const code = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "chỉ gồm chữ thường không dấu, số và dấu gạch ngang");

export const planFileSchema = z.object({
  id: code,
  name: z.string().min(1),
  decision: z.object({ number: z.string().min(1), date: isoDate, issuer: z.string().min(1) }),
  province: z.string().min(1),
  years: z.object({ from: z.number().int(), to: z.number().int() }),
  areas: z.array(z.object({ id: areaIdSchema, name: z.string().min(1) })).length(6),
});

export const groupIdSchema = code;
export const levelSchema = z.enum(levels);
export type Level = z.infer<typeof levelSchema>;

export const agencySchema = z.object({
  code,
  name: z.string().min(1),
  shortName: z.string().min(1),
  abbr: z.string().min(1),
  group: groupIdSchema,
  level: levelSchema,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  /** codes of the agencies this one took over (merger, split, renaming); their history maps onto it */
  succeeds: z.array(code).default([]),
  aliases: z.array(z.string()).default([]),
  email: z.string().optional(),
});

export const agenciesFileSchema = z.object({
  groups: z.array(z.object({ id: groupIdSchema, name: z.string().min(1), shortName: z.string().min(1) })).min(1),
  agencies: z.array(agencySchema).min(1),
  phrases: z.array(
    z.object({
      id: z.string().regex(/^@[a-z0-9-]+$/, "phải bắt đầu bằng @"),
      phrase: z.string().min(1),
      aliases: z.array(z.string()).default([]),
      groups: z.array(groupIdSchema).default([]),
      codes: z.array(code).default([]),
      note: z.string().optional(),
    }),
  ),
});

export const scheduleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("year"), year: z.number().int() }),
  z.object({ kind: z.literal("range"), from: z.number().int(), to: z.number().int() }),
  z.object({ kind: z.literal("yearly") }),
  /** "Quý II/2022": due by the end of that quarter */
  z.object({ kind: z.literal("quarter"), year: z.number().int(), quarter: z.number().int().min(1).max(4) }),
  /** "Tháng 6/2026": due by the end of that month */
  z.object({ kind: z.literal("month"), year: z.number().int(), month: z.number().int().min(1).max(12) }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

const agencyRef = z.string().regex(/^@?[a-z0-9]+(?:-[a-z0-9]+)*$/, "phải là mã cơ quan hoặc mã cụm từ nhóm (@...)");

export const taskSeedSchema = z.object({
  stt: z.number().int().positive(),
  area: areaIdSchema,
  goal: z.string().min(1).nullable(),
  task: z.string().min(1),
  product: z.string().min(1),
  lead: z.string().min(1),
  coordinate: z.string(),
  time: z.string().min(1),
  leadAgencies: z.array(agencyRef).min(1),
  coordinateAgencies: z.array(agencyRef).default([]),
  otherLead: z.array(z.string()).default([]),
  otherCoordinate: z.array(z.string()).default([]),
  schedule: scheduleSchema,
});
export const tasksFileSchema = z.object({ tasks: z.array(taskSeedSchema).min(1) });

export const indicatorTypeSchema = z.enum(indicatorTypes);
export type IndicatorType = z.infer<typeof indicatorTypeSchema>;

/** Who reports an indicator: whole groups and/or single agencies. */
export const reportersSchema = z.object({
  groups: z.array(groupIdSchema).default([]),
  codes: z.array(code).default([]),
});

export const indicatorSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, "chỉ gồm chữ thường không dấu, số, dấu chấm và gạch ngang"),
    name: z.string().min(1),
    unit: z.string().min(1),
    /** CD = công tác chỉ đạo, điều hành; I–VI the plan's areas */
    area: z.enum(["CD", "I", "II", "III", "IV", "V", "VI"]),
    type: indicatorTypeSchema,
    reporters: reportersSchema,
    /** How it adds up across agencies. "sum" for counts and amounts; "ratio" for a percent computed
     * from the sums of numerator and denominator; "single" when one agency gives the province figure;
     * "none" for text. */
    aggregate: z.enum(aggregates),
    numerator: z.string().optional(),
    denominator: z.string().optional(),
    /** part ≤ whole must hold within one submission */
    partOf: z.array(z.string()).default([]),
    /**
     * Identities: each list names parts that add up exactly to this indicator (whole = sum of the parts) within
     * one submission, e.g. resolved = early + on time + late. An indicator may have several decompositions.
     */
    sumOf: z.array(z.array(z.string()).min(2)).default([]),
    /** true when the figure accumulates over the year (6-month and annual reports include quý I) */
    cumulative: z.boolean().default(false),
    required: z.boolean().default(false),
    /** plausibility bounds of a number indicator; each optional, over the type's defaults (plan/bounds.ts) */
    min: z.number().optional(),
    max: z.number().optional(),
    help: z.string().optional(),
  })
  .superRefine((ind, ctx) => {
    const problem = declaredBoundsProblem(ind);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: [ind.max !== undefined ? "max" : "min"] });
  });
export const indicatorsFileSchema = z.object({ indicators: z.array(indicatorSchema).min(1) });

/** A measure: a single indicator's province figure, or a ratio of summed parts (in %). */
export const measureSchema = z.union([
  z.object({ indicator: z.string(), groups: z.array(groupIdSchema).optional() }),
  z.object({ numerator: z.string(), denominator: z.string(), groups: z.array(groupIdSchema).optional() }),
]);
export type Measure = z.infer<typeof measureSchema>;

const levelTarget = z.object({ level: levelSchema, label: z.string().min(1), measure: measureSchema });

export const targetShapeSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("threshold"),
    measure: measureSchema,
    op: z.enum([">=", "<="]),
    value: z.number(),
    byYear: z.number().int().optional(),
  }),
  z.object({
    kind: z.literal("threshold-by-level"),
    op: z.enum([">=", "<="]),
    levels: z.array(levelTarget.extend({ value: z.number() })).min(1),
  }),
  z.object({
    kind: z.literal("growing"),
    baseYear: z.number().int(),
    step: z.number(),
    cap: z.number(),
    levels: z.array(levelTarget.extend({ base: z.number() })).min(1),
  }),
  z.object({
    kind: z.literal("baseline-change"),
    measure: measureSchema,
    baselineYear: z.number().int(),
    baselineValue: z.number().nullable(),
    baselineSource: z.string().optional(),
    changePercent: z.number(),
    byYear: z.number().int(),
  }),
  z.object({ kind: z.literal("rank"), indicator: z.string(), max: z.number().int().positive() }),
  z.object({ kind: z.literal("qualitative") }),
]);

export const targetSchema = z.object({
  id: code,
  area: areaIdSchema.or(z.literal("all")),
  text: z.string().min(1),
  tasks: z.array(z.number().int()).default([]),
  shape: targetShapeSchema,
});
export type TargetSeed = z.infer<typeof targetSchema>;
export const targetsFileSchema = z.object({ targets: z.array(targetSchema).min(1) });

export const settingsFileSchema = z.object({
  parentBody: z.string().min(1),
  issuingBody: z.string().min(1),
  issuingBodyName: z.string().min(1),
  issuingAbbr: z.string().min(1),
  place: z.string().min(1),
  reportSymbol: z.string().min(1),
  letterSymbol: z.string().min(1),
  receiver: z.string().min(1),
  signer: z.object({ authority: z.string(), title: z.string().min(1), name: z.string().min(1) }),
  recipients: z.array(z.string().min(1)).min(1),
  due: z.object({
    day: z.number().int().min(1).max(28),
    rule: z.enum(dueRules),
  }),
  issueDay: z.number().int().min(1).max(28),
  contact: z.object({ unit: z.string(), person: z.string(), phone: z.string(), email: z.string() }),
  submission: z.object({ how: z.string().min(1) }),
  protectionPassword: z.string().nullable(),
  timezone: z.string().default("Asia/Ho_Chi_Minh"),
  /** earlier workspaces (paths, relative to this workspace's root or absolute) whose
   * output/<period>/tong-hop.json this one reads for comparisons: the workspace of the previous plan */
  earlier: z.array(z.string().min(1)).default([]),
});
export type Settings = z.infer<typeof settingsFileSchema>;
