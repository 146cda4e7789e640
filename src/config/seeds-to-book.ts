import type { Parsed } from "../plan/validate-plan.js";
import type { Measure, TargetSeed } from "../plan/schema.js";
import { buildNameIndex, resolveAgencyWording, type NameIndex } from "../plan/agency-names.js";
import { scheduleFromWording, scheduleWording } from "../plan/schedule-wording.js";
import { cell, rowOf, type BookRow, type ConfigBook, type Value } from "./book.js";
import { choices, configSheetNames, type Choices } from "./layout.js";
import { aggregateLabels, dueRuleLabels, indicatorTypeLabels, levelLabels, targetKindLabels } from "../vn/labels.js";

/** The seeds as the configuration workbook shows them. Pure. */

export const labelOf = (list: Choices, value: string): string => list.find(([v]) => v === value)?.[1] ?? value;
const day = (iso: string | null): Date | null => (iso ? new Date(`${iso}T00:00:00Z`) : null);
const codes = (list: readonly (string | number)[]): string => list.join("; ");
const lines = (list: readonly string[]): string => list.join("\n");
const bool = (b: boolean): string => labelOf(choices.bool, String(b));

export function seedsToBook(p: Parsed): ConfigBook {
  const af = p["agencies.json"];
  const index = buildNameIndex(af);
  const plan = p["plan.json"];
  const s = p["settings.json"] as Parsed["settings.json"] & { earlier?: string[] };
  const planCells: Record<string, Value> = {
    id: plan.id,
    name: plan.name,
    "decision.number": plan.decision.number,
    "decision.date": day(plan.decision.date),
    "decision.issuer": plan.decision.issuer,
    province: plan.province,
    "years.from": plan.years.from,
    "years.to": plan.years.to,
  };
  for (const a of plan.areas) planCells[`area.${a.id}`] = a.name;
  const settingsCells: Record<string, Value> = {
    parentBody: s.parentBody,
    issuingBody: s.issuingBody,
    issuingBodyName: s.issuingBodyName,
    issuingAbbr: s.issuingAbbr,
    place: s.place,
    reportSymbol: s.reportSymbol,
    letterSymbol: s.letterSymbol,
    receiver: s.receiver,
    "signer.authority": s.signer.authority,
    "signer.title": s.signer.title,
    "signer.name": s.signer.name,
    recipients: lines(s.recipients),
    "due.day": s.due.day,
    "due.rule": dueRuleLabels[s.due.rule],
    issueDay: s.issueDay,
    "contact.unit": s.contact.unit,
    "contact.person": s.contact.person,
    "contact.phone": s.contact.phone,
    "contact.email": s.contact.email,
    "submission.how": s.submission.how,
    protectionPassword: s.protectionPassword,
    timezone: s.timezone,
    earlier: lines(s.earlier ?? []),
  };
  const toCells = (o: Record<string, Value>) =>
    Object.fromEntries(
      Object.entries(o)
        .filter(([, v]) => v !== null && v !== "")
        .map(([k, v]) => [k, cell(v)]),
    );

  return {
    settings: toCells(settingsCells),
    plan: toCells(planCells),
    groups: af.groups.map((g) => rowOf({ id: g.id, name: g.name, shortName: g.shortName })),
    phrases: af.phrases.map((x) =>
      rowOf({
        id: x.id,
        phrase: x.phrase,
        aliases: lines(x.aliases),
        groups: codes(x.groups),
        codes: codes(x.codes),
        note: x.note,
      }),
    ),
    agencies: af.agencies.map((a) =>
      rowOf({
        code: a.code,
        name: a.name,
        shortName: a.shortName,
        abbr: a.abbr,
        group: a.group,
        level: levelLabels[a.level],
        validFrom: day(a.validFrom),
        validTo: day(a.validTo),
        succeeds: codes((a as { succeeds?: string[] }).succeeds ?? []),
        aliases: lines(a.aliases),
        email: a.email,
      }),
    ),
    tasks: tasksRows(p, index),
    indicators: p["indicators.json"].indicators.map((i) =>
      rowOf({
        code: i.code,
        name: i.name,
        unit: i.unit,
        area: i.area,
        type: indicatorTypeLabels[i.type],
        reporterGroups: codes(i.reporters.groups),
        reporterCodes: codes(i.reporters.codes),
        aggregate: aggregateLabels[i.aggregate],
        numerator: i.numerator,
        denominator: i.denominator,
        partOf: codes(i.partOf),
        sumOf: lines(i.sumOf.map((parts) => parts.join(" + "))),
        cumulative: bool(i.cumulative),
        required: bool(i.required),
        min: i.min,
        max: i.max,
        help: i.help,
      }),
    ),
    targets: p["targets.json"].targets.flatMap(targetRows),
    sheets: {
      settings: configSheetNames["cfg-settings"],
      plan: configSheetNames["cfg-plan"],
      groups: configSheetNames["cfg-groups"],
      phrases: configSheetNames["cfg-groups"],
      agencies: configSheetNames["cfg-agencies"],
      tasks: configSheetNames["cfg-tasks"],
      indicators: configSheetNames["cfg-indicators"],
      targets: configSheetNames["cfg-targets"],
    },
  };
}

/** Task rows with a group row ("I" + the area's name) before each area; the code columns only where the wording alone reads otherwise. */
function tasksRows(p: Parsed, index: NameIndex): BookRow[] {
  const areaName = new Map(p["plan.json"].areas.map((a) => [a.id, a.name]));
  const out: BookRow[] = [];
  let area: string | null = null;
  for (const t of p["tasks.json"].tasks) {
    if (t.area !== area) {
      area = t.area;
      out.push(rowOf({ stt: area, goal: (areaName.get(t.area) ?? "").toLocaleUpperCase("vi") }));
    }
    const override = (wording: string, refs: string[], other: string[]): string => {
      const r = resolveAgencyWording(wording, index);
      const same =
        JSON.stringify(r.refs) === JSON.stringify(refs) &&
        r.unresolved.length === 0 &&
        r.ambiguous.length === 0 &&
        other.length === 0;
      return same ? "" : codes([...refs, ...other]);
    };
    const said = scheduleFromWording(t.time);
    out.push(
      rowOf({
        stt: t.stt,
        goal: t.goal,
        task: t.task,
        product: t.product,
        lead: t.lead,
        coordinate: t.coordinate,
        time: t.time,
        leadCodes: override(t.lead, t.leadAgencies, t.otherLead),
        coordinateCodes: override(t.coordinate, t.coordinateAgencies, t.otherCoordinate),
        timeOverride:
          said !== null && JSON.stringify(said) === JSON.stringify(t.schedule) ? "" : scheduleWording(t.schedule),
      }),
    );
  }
  return out;
}

function measureCells(m: Measure): Record<string, Value | undefined> {
  return "indicator" in m
    ? { indicator: m.indicator, groups: m.groups ? codes(m.groups) : undefined }
    : { numerator: m.numerator, denominator: m.denominator, groups: m.groups ? codes(m.groups) : undefined };
}

/** One row per target; a target by level adds one row per level (its id repeated, only the level's cells). */
function targetRows(t: TargetSeed): BookRow[] {
  const head = {
    id: t.id,
    area: labelOf(choices.targetArea, t.area),
    text: t.text,
    tasks: codes(t.tasks),
    kind: targetKindLabels[t.shape.kind],
  };
  const s = t.shape;
  switch (s.kind) {
    case "threshold":
      return [
        rowOf({ ...head, op: labelOf(choices.op, s.op), ...measureCells(s.measure), value: s.value, byYear: s.byYear }),
      ];
    case "threshold-by-level":
      return s.levels.map((l, i) =>
        rowOf({
          ...(i === 0 ? { ...head, op: labelOf(choices.op, s.op) } : { id: t.id }),
          level: levelLabels[l.level],
          label: l.label,
          ...measureCells(l.measure),
          value: l.value,
        }),
      );
    case "growing":
      return s.levels.map((l, i) =>
        rowOf({
          ...(i === 0 ? { ...head, baseYear: s.baseYear, step: s.step, cap: s.cap } : { id: t.id }),
          level: levelLabels[l.level],
          label: l.label,
          ...measureCells(l.measure),
          base: l.base,
        }),
      );
    case "baseline-change":
      return [
        rowOf({
          ...head,
          ...measureCells(s.measure),
          baseYear: s.baselineYear,
          base: s.baselineValue,
          baselineSource: s.baselineSource,
          changePercent: s.changePercent,
          byYear: s.byYear,
        }),
      ];
    case "rank":
      return [rowOf({ ...head, indicator: s.indicator, value: s.max })];
    case "qualitative":
      return [rowOf(head)];
  }
}
