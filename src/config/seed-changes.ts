import type { Parsed } from "../plan/validate-plan.js";

/** What a configuration import changes against the current seeds, item by item. Pure. */

export interface ItemChange {
  id: string;
  name: string;
  /** the fields that differ */
  fields: string[];
}

export interface SeedChanges {
  agencies: {
    added: ItemChange[];
    removed: ItemChange[];
    ended: (ItemChange & { validTo: string | null })[];
    renamed: (ItemChange & { from: string })[];
    changed: ItemChange[];
  };
  groups: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  phrases: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  tasks: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  indicators: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  targets: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  /** changed fields of plan.json and settings.json */
  plan: string[];
  settings: string[];
  total: number;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function fieldsDiffer(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !same(a[k], b[k]));
}

function compare<T extends object>(before: T[], after: T[], id: (t: T) => string, name: (t: T) => string) {
  const old = new Map(before.map((t) => [id(t), t]));
  const now = new Map(after.map((t) => [id(t), t]));
  const added = after.filter((t) => !old.has(id(t))).map((t) => ({ id: id(t), name: name(t), fields: [] }));
  const removed = before.filter((t) => !now.has(id(t))).map((t) => ({ id: id(t), name: name(t), fields: [] }));
  const changed: (ItemChange & { before: T; after: T })[] = [];
  for (const t of after) {
    const o = old.get(id(t));
    if (!o) continue;
    const fields = fieldsDiffer(o as Record<string, unknown>, t as Record<string, unknown>);
    if (fields.length > 0) changed.push({ id: id(t), name: name(t), fields, before: o, after: t });
  }
  return { added, removed, changed };
}

const strip = ({ id, name, fields }: ItemChange): ItemChange => ({ id, name, fields });

export function seedChanges(before: Parsed, after: Parsed): SeedChanges {
  const ag = compare(
    before["agencies.json"].agencies,
    after["agencies.json"].agencies,
    (a) => a.code,
    (a) => a.name,
  );
  const ended = ag.changed
    .filter((c) => c.fields.includes("validTo"))
    .map((c) => ({ ...strip(c), validTo: c.after.validTo }));
  const renamed = ag.changed
    .filter((c) => c.fields.includes("name"))
    .map((c) => ({ ...strip(c), from: c.before.name }));
  const simple = <T extends object>(x: ReturnType<typeof compare<T>>) => ({
    added: x.added,
    removed: x.removed,
    changed: x.changed.map(strip),
  });
  const out: SeedChanges = {
    agencies: {
      added: ag.added,
      removed: ag.removed,
      ended,
      renamed,
      changed: ag.changed.filter((c) => c.fields.some((f) => f !== "validTo" && f !== "name")).map(strip),
    },
    groups: simple(
      compare(
        before["agencies.json"].groups,
        after["agencies.json"].groups,
        (g) => g.id,
        (g) => g.name,
      ),
    ),
    phrases: simple(
      compare(
        before["agencies.json"].phrases,
        after["agencies.json"].phrases,
        (x) => x.id,
        (x) => x.phrase,
      ),
    ),
    tasks: simple(
      compare(
        before["tasks.json"].tasks,
        after["tasks.json"].tasks,
        (t) => String(t.stt),
        (t) => t.task,
      ),
    ),
    indicators: simple(
      compare(
        before["indicators.json"].indicators,
        after["indicators.json"].indicators,
        (i) => i.code,
        (i) => i.name,
      ),
    ),
    targets: simple(
      compare(
        before["targets.json"].targets,
        after["targets.json"].targets,
        (t) => t.id,
        (t) => t.text,
      ),
    ),
    plan: fieldsDiffer(before["plan.json"] as Record<string, unknown>, after["plan.json"] as Record<string, unknown>),
    settings: fieldsDiffer(
      before["settings.json"] as Record<string, unknown>,
      after["settings.json"] as Record<string, unknown>,
    ),
    total: 0,
  };
  const a = out.agencies;
  out.total =
    a.added.length +
    a.removed.length +
    a.ended.length +
    a.renamed.length +
    a.changed.length +
    out.plan.length +
    out.settings.length +
    (["groups", "phrases", "tasks", "indicators", "targets"] as const).reduce(
      (n, k) => n + out[k].added.length + out[k].removed.length + out[k].changed.length,
      0,
    );
  return out;
}
