import type { AgencyEntry, ConsolidatedTaskStatus, Model, ModelFinding, Verdict } from "../consolidate/model.js";
import { CD_AREA_NAME } from "../vn/labels.js";
import type { Tone } from "./xlsx-style.js";

/** Colours of the model's codes as the consolidated workbook shows them (their words: vn/labels.ts); area order. */

/** Area order of the figures: CD first, then the plan's areas I–VI as the model lists them. */
export function areaOrder(model: Model): { id: string; name: string }[] {
  return [{ id: "CD", name: CD_AREA_NAME }, ...model.areas.map((a) => ({ id: a.id, name: a.name }))];
}

/** Agencies in the model's group order, each group keeping the registry's order. */
export function agenciesByGroup(model: Model): Model["agencies"] {
  return model.groups
    .flatMap((g) => model.agencies.filter((a) => a.group === g.id))
    .concat(model.agencies.filter((a) => !model.groups.some((g) => g.id === a.group)));
}

/** "I. Cải cách thể chế"; "all" ⇒ "Chung". */
export function areaLabel(model: Model, id: string): string {
  if (id === "CD") return CD_AREA_NAME;
  if (id === "all") return "Chung";
  const a = model.areas.find((x) => x.id === id);
  return a ? `${a.id}. ${a.name}` : id;
}

export const verdictTones: Record<Verdict, Tone> = { met: "good", "not-met": "bad", "no-data": "none" };

export const taskTones: Record<ConsolidatedTaskStatus, Tone> = {
  done: "good",
  "in-progress": "warn",
  "not-started": "alert",
  "not-applicable": "info",
  "not-reported": "none",
};

export const submissionTones: Record<AgencyEntry["status"], Tone> = {
  "on-time": "good",
  late: "warn",
  rejected: "bad",
  missing: "alert",
};

export const severityTones: Record<ModelFinding["severity"], Tone> = { error: "bad", warning: "warn", info: "info" };

/** The wall-clock fields of an ISO timestamp as written (its own offset, the local time of the province). */
export function wallClock(iso: string): { y: number; m: number; d: number; hh: number; mm: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), hh: Number(m[4] ?? 0), mm: Number(m[5] ?? 0) };
}

/** An Excel date-time (zone-less) holding the wall clock of an ISO timestamp. */
export function excelDate(iso: string | null): Date | null {
  if (!iso) return null;
  const w = wallClock(iso);
  return w ? new Date(Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm)) : null;
}
