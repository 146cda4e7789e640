import { createHash } from "node:crypto";
import { z } from "zod";
import {
  agenciesFileSchema,
  indicatorsFileSchema,
  planFileSchema,
  settingsFileSchema,
  targetsFileSchema,
  tasksFileSchema,
  type Measure,
} from "./schema.js";
import type { Problem } from "../problems/problem.js";
import type { SeedCode } from "../problems/messages-seeds.js";
import { useVietnameseZodMessages } from "../problems/messages-zod.js";
import { codePointLabel, indexOfNonXmlChar } from "../util/text.js";
import type { Plan, Task } from "./plan.js";
import { dayAfter, findSuccessionCycle, inForceOn } from "./succession.js";
import { scheduleFromWording } from "./schedule-wording.js";
import { seedFiles, type SeedFile, type SeedTexts } from "./seed-files.js";

export { scheduleFromWording, seedFiles, type SeedFile, type SeedTexts };

useVietnameseZodMessages();

/** The schema of each seed file (the configuration workbook judges its rows with them too). */
export const seedSchemas = {
  "plan.json": planFileSchema,
  "agencies.json": agenciesFileSchema,
  "tasks.json": tasksFileSchema,
  "indicators.json": indicatorsFileSchema,
  "targets.json": targetsFileSchema,
  "settings.json": settingsFileSchema,
} as const;
const schemas = seedSchemas;

const problem = (code: SeedCode, args: Problem["args"]): Problem => ({ code, severity: "error", args });

/** Path of a zod issue, with array items named by their code/stt where the data has one: tasks[stt=12].lead */
function fieldPath(data: unknown, path: PropertyKey[]): string {
  let out = "";
  let cur: unknown = data;
  for (const k of path) {
    if (typeof k === "number") {
      const item = Array.isArray(cur) ? (cur[k] as Record<string, unknown> | undefined) : undefined;
      const name = item && typeof item === "object" ? (item["code"] ?? item["stt"] ?? item["id"]) : undefined;
      out += name !== undefined ? `[${k}: ${String(name)}]` : `[${k}]`;
    } else {
      out += out ? `.${String(k)}` : String(k);
    }
    cur = cur && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[k] : undefined;
  }
  return out || "(gốc)";
}

/** Where JSON.parse stopped, as line and column (1-based) with the text there; null at the end of the text. */
function jsonErrorPlace(
  text: string,
  message: string,
): { line: number | null; column: number | null; near: string | null } {
  const at = /at position (\d+)/.exec(message);
  if (!at) return { line: null, column: null, near: null };
  const pos = Number(at[1]);
  const before = text.slice(0, pos).split("\n");
  return {
    line: before.length,
    column: (before.at(-1)?.length ?? 0) + 1,
    near: text.slice(pos, pos + 20).split("\n")[0] ?? "",
  };
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let cur = data;
  for (const k of path)
    cur = cur !== null && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[k] : undefined;
  return cur;
}

/** Every string of a seed (keys too) holding a character XML 1.0 does not allow: it would end in a document. */
function nonXmlTexts(
  json: unknown,
  path: PropertyKey[] = [],
  out: { path: PropertyKey[]; char: string }[] = [],
): { path: PropertyKey[]; char: string }[] {
  const check = (text: string, at: PropertyKey[]) => {
    const i = indexOfNonXmlChar(text);
    if (i >= 0) out.push({ path: at, char: codePointLabel(text.charCodeAt(i)) });
  };
  if (typeof json === "string") check(json, path);
  else if (Array.isArray(json)) json.forEach((v, i) => nonXmlTexts(v, [...path, i], out));
  else if (json && typeof json === "object") {
    for (const [k, v] of Object.entries(json)) {
      check(k, [...path, k]);
      nonXmlTexts(v, [...path, k], out);
    }
  }
  return out;
}

export type Parsed = { [K in SeedFile]: z.infer<(typeof schemas)[K]> };

/** Parses each seed text: JSON syntax, then its file's schema (defaults filled in). Pure. */
export function parseSeedTexts(texts: SeedTexts): { parsed: Parsed | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed: Partial<Parsed> = {};
  for (const file of seedFiles) {
    const text = texts[file];
    if (text === null) {
      problems.push(problem("seed.missing-file", { file: `seeds/${file}` }));
      continue;
    }
    if (typeof text !== "string") {
      problems.push(problem("seed.unreadable", { file: `seeds/${file}`, reason: text.unreadable }));
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
      problems.push(
        problem("seed.bad-json", {
          file: `seeds/${file}`,
          ...jsonErrorPlace(text.replace(/^\uFEFF/, ""), (e as Error).message),
        }),
      );
      continue;
    }
    const badText = nonXmlTexts(json);
    if (badText.length > 0) {
      for (const b of badText) {
        problems.push(
          problem("seed.invalid", {
            file: `seeds/${file}`,
            field: fieldPath(json, b.path),
            detail: `có ký tự ${b.char} không dùng được trong văn bản Word, Excel; hãy xóa ký tự đó`,
          }),
        );
      }
      continue;
    }
    const r = schemas[file].safeParse(json);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const field = fieldPath(json, issue.path);
        const missing =
          (issue.code === "invalid_type" || issue.code === "invalid_value") && valueAt(json, issue.path) === undefined;
        problems.push(
          missing
            ? problem("seed.missing-field", { file: `seeds/${file}`, field })
            : problem("seed.invalid", { file: `seeds/${file}`, field, detail: issue.message }),
        );
      }
      continue;
    }
    (parsed as Record<string, unknown>)[file] = r.data;
  }
  return problems.length > 0 ? { parsed: null, problems } : { parsed: parsed as Parsed, problems };
}

/** Judges the seed texts: JSON syntax, each file's schema, then the cross-file rules. Pure. */
export function validatePlan(texts: SeedTexts): { plan: Plan | null; problems: Problem[] } {
  const { parsed: p, problems } = parseSeedTexts(texts);
  if (!p) return { plan: null, problems };
  for (const rule of crossRules) problems.push(...rule.check(p));
  if (problems.length > 0) return { plan: null, problems };
  return { plan: resolvePlan(p, texts), problems };
}

interface Rule {
  name: string;
  check: (p: Parsed) => Problem[];
}

function duplicates<T>(items: T[], key: (t: T) => string | number): (string | number)[] {
  const seen = new Set<string | number>();
  const dup: (string | number)[] = [];
  for (const it of items) {
    const k = key(it);
    if (seen.has(k)) dup.push(k);
    seen.add(k);
  }
  return dup;
}

function measureIndicators(m: Measure): string[] {
  return "indicator" in m ? [m.indicator] : [m.numerator, m.denominator];
}

/** Names Windows keeps for devices: a file "con.xlsx" or "nul.xlsx" cannot be created there. */
const windowsDeviceName = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** Each cycle of the part → whole relation, once, as the codes along it with the first repeated at the end. */
function partOfCycles(indicators: { code: string; partOf: string[] }[]): string[][] {
  const wholes = new Map(indicators.map((i) => [i.code, i.partOf]));
  const state = new Map<string, "open" | "done">();
  const cycles: string[][] = [];
  const visit = (code: string, trail: string[]): void => {
    if (state.get(code) === "done") return;
    if (state.get(code) === "open") {
      cycles.push([...trail.slice(trail.indexOf(code)), code]);
      return;
    }
    state.set(code, "open");
    for (const whole of wholes.get(code) ?? []) if (wholes.has(whole)) visit(whole, [...trail, code]);
    state.set(code, "done");
  };
  for (const i of indicators) visit(i.code, []);
  return cycles;
}

/** Cross-file rules: each small, named and tested on its own. */
export const crossRules: Rule[] = [
  {
    name: "agency codes are unique",
    check: (p) =>
      duplicates(p["agencies.json"].agencies, (a) => a.code).map((value) =>
        problem("seed.duplicate", { file: "seeds/agencies.json", field: "agencies[].code", value }),
      ),
  },
  {
    name: "agency codes are not Windows device names (they become file names)",
    check: (p) =>
      p["agencies.json"].agencies
        .filter((a) => windowsDeviceName.test(a.code))
        .map((a) =>
          problem("seed.reserved-code", {
            file: "seeds/agencies.json",
            field: `agencies[${a.code}].code`,
            value: a.code,
          }),
        ),
  },
  {
    name: "agencies belong to a defined group",
    check: (p) => {
      const groups = new Set(p["agencies.json"].groups.map((g) => g.id));
      return p["agencies.json"].agencies
        .filter((a) => !groups.has(a.group))
        .map((a) =>
          problem("seed.unknown-group", {
            file: "seeds/agencies.json",
            field: `agencies[${a.code}].group`,
            value: a.group,
          }),
        );
    },
  },
  {
    name: "an agency's validity ends no earlier than it starts",
    check: (p) =>
      p["agencies.json"].agencies
        .filter((a) => a.validTo !== null && a.validTo < a.validFrom)
        .map((a) =>
          problem("seed.agency-ends-before-start", {
            file: "seeds/agencies.json",
            field: `agencies[${a.code}].validTo`,
            from: a.validFrom,
            to: a.validTo,
          }),
        ),
  },
  {
    name: "successors name known agencies",
    check: (p) => {
      const codes = new Set(p["agencies.json"].agencies.map((a) => a.code));
      return p["agencies.json"].agencies.flatMap((a) =>
        a.succeeds
          .filter((c) => !codes.has(c))
          .map((value) =>
            problem("seed.unknown-agency", {
              file: "seeds/agencies.json",
              field: `agencies[${a.code}].succeeds`,
              value,
            }),
          ),
      );
    },
  },
  {
    name: "succession has no cycle",
    check: (p) => {
      const cycle = findSuccessionCycle(p["agencies.json"].agencies);
      return cycle === null
        ? []
        : [
            problem("seed.succession-cycle", {
              file: "seeds/agencies.json",
              field: `agencies[${cycle[0] ?? ""}].succeeds`,
              value: cycle.join(" → "),
            }),
          ];
    },
  },
  {
    name: "a successor is in force the day after its predecessor ends",
    check: (p) => {
      const list = p["agencies.json"].agencies;
      const byCode = new Map(list.map((a) => [a.code, a]));
      const out: Problem[] = [];
      for (const s of list) {
        for (const c of s.succeeds) {
          const pred = byCode.get(c);
          if (!pred || c === s.code) continue;
          const field = `agencies[${s.code}].succeeds`;
          if (pred.validTo === null) {
            out.push(problem("seed.succession-open", { file: "seeds/agencies.json", field, value: c }));
          } else if (!inForceOn(s, dayAfter(pred.validTo))) {
            out.push(
              problem("seed.succession-gap", {
                file: "seeds/agencies.json",
                field,
                value: c,
                day: dayAfter(pred.validTo),
              }),
            );
          }
        }
      }
      return out;
    },
  },
  {
    name: "group phrases name known groups and agencies",
    check: (p) => {
      const f = p["agencies.json"];
      const groups = new Set(f.groups.map((g) => g.id));
      const codes = new Set(f.agencies.map((a) => a.code));
      const out: Problem[] = [];
      for (const ph of f.phrases) {
        for (const g of ph.groups)
          if (!groups.has(g))
            out.push(
              problem("seed.unknown-group", {
                file: "seeds/agencies.json",
                field: `phrases[${ph.id}].groups`,
                value: g,
              }),
            );
        for (const c of ph.codes)
          if (!codes.has(c))
            out.push(
              problem("seed.unknown-agency", {
                file: "seeds/agencies.json",
                field: `phrases[${ph.id}].codes`,
                value: c,
              }),
            );
      }
      out.push(
        ...duplicates(f.phrases, (x) => x.id).map((value) =>
          problem("seed.duplicate", { file: "seeds/agencies.json", field: "phrases[].id", value }),
        ),
      );
      return out;
    },
  },
  {
    name: "task numbers are unique",
    check: (p) =>
      duplicates(p["tasks.json"].tasks, (t) => t.stt).map((value) =>
        problem("seed.duplicate", { file: "seeds/tasks.json", field: "tasks[].stt", value }),
      ),
  },
  {
    name: "tasks reference known agencies and phrases",
    check: (p) => {
      const codes = new Set(p["agencies.json"].agencies.map((a) => a.code));
      const phrases = new Set(p["agencies.json"].phrases.map((x) => x.id));
      const out: Problem[] = [];
      for (const t of p["tasks.json"].tasks) {
        for (const [field, refs] of [
          ["leadAgencies", t.leadAgencies],
          ["coordinateAgencies", t.coordinateAgencies],
        ] as const) {
          for (const ref of refs) {
            const ok = ref.startsWith("@") ? phrases.has(ref) : codes.has(ref);
            if (!ok)
              out.push(
                problem("seed.unknown-agency", {
                  file: "seeds/tasks.json",
                  field: `tasks[stt=${t.stt}].${field}`,
                  value: ref,
                }),
              );
          }
        }
      }
      return out;
    },
  },
  {
    name: "a task's schedule matches its time wording",
    check: (p) =>
      p["tasks.json"].tasks.flatMap((t) => {
        const said = scheduleFromWording(t.time);
        if (said === null || JSON.stringify(said) === JSON.stringify(t.schedule)) return [];
        return [
          problem("seed.schedule-mismatch", {
            file: "seeds/tasks.json",
            field: `tasks[stt=${t.stt}].schedule`,
            time: t.time,
            detail: JSON.stringify(t.schedule),
          }),
        ];
      }),
  },
  {
    name: "indicator codes are unique",
    check: (p) =>
      duplicates(p["indicators.json"].indicators, (i) => i.code).map((value) =>
        problem("seed.duplicate", { file: "seeds/indicators.json", field: "indicators[].code", value }),
      ),
  },
  {
    name: "indicators reference known indicators, groups and agencies",
    check: (p) => {
      const inds = new Map(p["indicators.json"].indicators.map((i) => [i.code, i]));
      const groups = new Set(p["agencies.json"].groups.map((g) => g.id));
      const codes = new Set(p["agencies.json"].agencies.map((a) => a.code));
      const out: Problem[] = [];
      const file = "seeds/indicators.json";
      for (const i of inds.values()) {
        const at = `indicators[${i.code}]`;
        for (const ref of [
          ...i.partOf,
          ...i.sumOf.flat(),
          ...(i.numerator ? [i.numerator] : []),
          ...(i.denominator ? [i.denominator] : []),
        ]) {
          if (!inds.has(ref)) out.push(problem("seed.unknown-indicator", { file, field: at, value: ref }));
        }
        for (const parts of i.sumOf) {
          const bad = [i.code, ...parts].some((c) => {
            const t = inds.get(c)?.type;
            return t !== undefined && t !== "count" && t !== "amount";
          });
          if (bad || parts.includes(i.code) || new Set(parts).size !== parts.length) {
            out.push(
              problem("seed.bad-ratio", {
                file,
                field: `${at}.sumOf`,
                detail: `tổng "sumOf" chỉ gồm chỉ số dạng số lượng hoặc số tiền, mỗi phần một lần, không gồm chính chỉ số tổng: ${parts.join(" + ")}`,
              }),
            );
          }
        }
        for (const g of i.reporters.groups)
          if (!groups.has(g))
            out.push(problem("seed.unknown-group", { file, field: `${at}.reporters.groups`, value: g }));
        for (const c of i.reporters.codes)
          if (!codes.has(c))
            out.push(problem("seed.unknown-agency", { file, field: `${at}.reporters.codes`, value: c }));
        if (i.aggregate === "ratio" && (!i.numerator || !i.denominator)) {
          out.push(
            problem("seed.bad-ratio", {
              file,
              field: at,
              detail: 'chỉ số cách cộng "ratio" cần khai "numerator" và "denominator"',
            }),
          );
        }
        if ((i.type === "text") !== (i.aggregate === "none")) {
          out.push(
            problem("seed.bad-ratio", {
              file,
              field: `${at}.aggregate`,
              detail: 'chỉ số dạng chữ (text) phải có cách cộng "none", và chỉ chỉ số dạng chữ',
            }),
          );
        }
      }
      return out;
    },
  },
  {
    name: "partOf has no cycle",
    check: (p) =>
      partOfCycles(p["indicators.json"].indicators).map((cycle) =>
        problem("seed.part-of-cycle", {
          file: "seeds/indicators.json",
          field: `indicators[${cycle[0]}].partOf`,
          value: cycle.join(" → "),
        }),
      ),
  },
  {
    name: "targets reference known indicators, groups and tasks",
    check: (p) => {
      const inds = new Set(p["indicators.json"].indicators.map((i) => i.code));
      const groups = new Set(p["agencies.json"].groups.map((g) => g.id));
      const stts = new Set(p["tasks.json"].tasks.map((t) => t.stt));
      const file = "seeds/targets.json";
      const out: Problem[] = [];
      out.push(
        ...duplicates(p["targets.json"].targets, (t) => t.id).map((value) =>
          problem("seed.duplicate", { file, field: "targets[].id", value }),
        ),
      );
      for (const t of p["targets.json"].targets) {
        const at = `targets[${t.id}]`;
        const s = t.shape;
        const measures: Measure[] =
          s.kind === "threshold" || s.kind === "baseline-change"
            ? [s.measure]
            : s.kind === "threshold-by-level" || s.kind === "growing"
              ? s.levels.map((l) => l.measure)
              : s.kind === "rank"
                ? [{ indicator: s.indicator }]
                : [];
        for (const m of measures) {
          for (const code of measureIndicators(m))
            if (!inds.has(code))
              out.push(problem("seed.unknown-indicator", { file, field: `${at}.shape`, value: code }));
          for (const g of m.groups ?? [])
            if (!groups.has(g)) out.push(problem("seed.unknown-group", { file, field: `${at}.shape`, value: g }));
        }
        for (const stt of t.tasks)
          if (!stts.has(stt)) out.push(problem("seed.unknown-task", { file, field: `${at}.tasks`, value: stt }));
        if (s.kind === "qualitative" && t.tasks.length === 0) {
          out.push(
            problem("seed.bad-range", {
              file,
              field: `${at}.tasks`,
              detail: "chỉ tiêu định tính phải gắn với ít nhất một nhiệm vụ",
            }),
          );
        }
      }
      return out;
    },
  },
  {
    name: "plan years are in order",
    check: (p) =>
      p["plan.json"].years.from <= p["plan.json"].years.to
        ? []
        : [
            problem("seed.bad-range", {
              file: "seeds/plan.json",
              field: "years",
              detail: "năm bắt đầu phải không lớn hơn năm kết thúc",
            }),
          ],
  },
];

function resolvePlan(p: Parsed, texts: SeedTexts): Plan {
  const af = p["agencies.json"];
  const expand = (refs: string[]): string[] => {
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (c: string): void => {
      if (seen.has(c)) return;
      seen.add(c);
      out.push(c);
    };
    for (const ref of refs) {
      if (!ref.startsWith("@")) {
        add(ref);
        continue;
      }
      const ph = af.phrases.find((x) => x.id === ref);
      if (!ph) continue;
      for (const a of af.agencies) if (ph.groups.includes(a.group)) add(a.code);
      for (const c of ph.codes) add(c);
    }
    return out;
  };
  const tasks: Task[] = p["tasks.json"].tasks
    .slice()
    .sort((a, b) => a.stt - b.stt)
    .map((t) => ({
      ...t,
      leadRefs: t.leadAgencies,
      coordinateRefs: t.coordinateAgencies,
      leadAgencies: expand(t.leadAgencies),
      coordinateAgencies: expand(t.coordinateAgencies),
    }));
  const h = createHash("sha256");
  for (const f of ["plan.json", "agencies.json", "tasks.json", "indicators.json"] as const) {
    const t = texts[f];
    h.update(typeof t === "string" ? t : "");
  }
  return {
    meta: p["plan.json"],
    groups: af.groups,
    agencies: af.agencies,
    phrases: af.phrases,
    tasks,
    indicators: p["indicators.json"].indicators,
    targets: p["targets.json"].targets,
    settings: p["settings.json"],
    fingerprint: h.digest("hex").slice(0, 16),
  };
}
