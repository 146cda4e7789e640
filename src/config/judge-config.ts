import type { Problem } from "../problems/problem.js";
import { formatProblem } from "../problems/messages.js";
import type { z } from "zod";
import {
  crossRules,
  parseSeedTexts,
  seedFiles,
  seedSchemas,
  type Parsed,
  type SeedFile,
  type SeedTexts,
} from "../plan/validate-plan.js";
import type { ConfigBook } from "./book.js";
import { bookToSeeds, type BuildResult, type ItemPlace, type Places } from "./book-to-seeds.js";
import { seedText } from "./seed-json.js";
import { seedChanges, type SeedChanges } from "./seed-changes.js";

/**
 * Judges a configuration workbook against the seed rules: the workbook → seed texts → the same validation
 * `loadPlan` applies, each problem put back on the cell it came from. A seed file whose content does not change
 * keeps its exact text. Pure.
 */

export interface ConfigJudgement {
  /** the seed texts to write (unchanged files keep their current text) */
  texts: SeedTexts;
  /** files whose text differs from the current one */
  changedFiles: SeedFile[];
  problems: Problem[];
  changes: SeedChanges | null;
}

/** Array names of the seed files whose items come from table rows. */
const arrays: Record<string, string> = {
  groups: "agencies.json|groups",
  agencies: "agencies.json|agencies",
  phrases: "agencies.json|phrases",
  tasks: "tasks.json|tasks",
  indicators: "indicators.json|indicators",
  targets: "targets.json|targets",
};

/** Seed field names whose column in the workbook has another key. */
const columnAliases: Record<string, string> = {
  leadAgencies: "lead",
  otherLead: "lead",
  coordinateAgencies: "coordinate",
  otherCoordinate: "coordinate",
  schedule: "time",
  reporters: "reporterGroups",
  baselineYear: "baseYear",
  baselineValue: "base",
  max: "value",
  shape: "kind",
};

/** The item of a seed array a problem is about ("[3: code]" an index; "[code]", "[stt=12]", "[]" with a value an id). */
function findItem(p: Problem, places: Places): { key: string; item: ItemPlace; rest: string } | null {
  const field = String(p.args["field"] ?? "");
  const m = /^(\w+)\[([^\]]*)\](.*)$/.exec(field);
  if (!m) return null;
  const key = arrays[m[1] as string] ?? "";
  const items = places.items.get(key);
  if (!items) return null;
  const inside = m[2] as string;
  const indexed = /^(\d+)(?::|$)/.exec(inside);
  const id = inside.replace(/^stt=/, "") || String(p.args["value"] ?? "");
  // "[3: code]" names an index; "[code]" or "[stt=12]" an id (its first row); "[]" with the value a duplicate (its last row)
  const item =
    indexed && !inside.startsWith("stt=")
      ? items.find((x) => x.index === Number(indexed[1]))
      : inside === ""
        ? [...items].reverse().find((x) => x.id === id)
        : items.find((x) => x.id === id);
  return item ? { key, item, rest: m[3] as string } : null;
}

/** "tasks.json|tasks#4" for a problem about an item of a seed array. */
function itemOf(p: Problem, places: Places): string | null {
  const f = findItem(p, places);
  return f ? `${f.key}#${f.item.index}` : null;
}

/** The cell a seed problem is about: its file and field ("agencies[3: so-y-te].group", "tasks[stt=12].lead", "years"). */
export function placeOf(p: Problem, places: Places): { sheet: string; cell: string } | null {
  const file = String(p.args["file"] ?? "").replace(/^seeds\//, "");
  const field = String(p.args["field"] ?? "");
  if (!/^(\w+)\[([^\]]*)\](.*)$/.test(field)) {
    const key = field === "years" ? "years.from" : field.replace(/\[(\d+)\]/g, ".$1").replace(/\.name$/, "");
    for (let k = key; k; k = k.includes(".") ? k.slice(0, k.lastIndexOf(".")) : "") {
      const at = places.fields.get(`${file}|${k}`);
      if (at) return at;
    }
    return null;
  }
  const found = findItem(p, places);
  if (!found) return null;
  const { item, rest } = found;
  const segments = rest.split(/[.[\]]+/).filter((s) => s && !/^\d+$/.test(s));
  for (const s of [...segments].reverse()) {
    const col = item.cells[s] ?? item.cells[columnAliases[s] ?? ""];
    if (col) {
      if (s === "reporters" && /codes/.test(rest))
        return { sheet: item.sheet, cell: item.cells["reporterCodes"] ?? col };
      return { sheet: item.sheet, cell: col };
    }
  }
  const first = item.cells["code"] ?? item.cells["id"] ?? item.cells["stt"] ?? Object.values(item.cells)[0];
  return first ? { sheet: item.sheet, cell: first } : null;
}

/** Wording of a seed rule's problem as the workbook's reader needs it: without the seed file and field names. */
function ruleText(p: Problem): string {
  const a = p.args;
  const v = String(a["value"] ?? "");
  switch (p.code) {
    case "seed.duplicate":
      return String(a["field"] ?? "").endsWith(".stt")
        ? `Số thứ tự ${v} bị trùng: mỗi nhiệm vụ có một số thứ tự riêng.`
        : `Mã "${v}" bị trùng: mỗi mã chỉ được dùng một lần.`;
    case "seed.unknown-group":
      return `Không có khối mã "${v}" trên trang Khối.`;
    case "seed.unknown-agency":
      return `Không có cơ quan hoặc cụm từ nhóm mã "${v}" (trang Cơ quan, trang Khối).`;
    case "seed.unknown-indicator":
      return `Không có chỉ số mã "${v}" trên trang Chỉ số.`;
    case "seed.unknown-task":
      return `Không có nhiệm vụ số thứ tự ${v} trên trang Nhiệm vụ.`;
    case "seed.missing-field":
      return "Thiếu giá trị bắt buộc.";
    case "seed.invalid":
      return `Giá trị không hợp lệ: ${String(a["detail"] ?? "")}.`;
    default: {
      // the seed rule's own sentence, without the seed file and field it names
      const text = formatProblem(p).replace(/^Tệp [^,]+, trường "[^"]*": /, "");
      return text.charAt(0).toLocaleUpperCase("vi") + text.slice(1);
    }
  }
}

/** Each item array of the seed files, by file and key. */
const itemArrays: [SeedFile, string][] = [
  ["agencies.json", "groups"],
  ["agencies.json", "agencies"],
  ["agencies.json", "phrases"],
  ["tasks.json", "tasks"],
  ["indicators.json", "indicators"],
  ["targets.json", "targets"],
];

/** Which withheld items a cross-rule finding's value may name, by its code. */
const refersTo: Record<string, string[]> = {
  "seed.unknown-agency": ["agencies.json|agencies", "agencies.json|phrases"],
  "seed.unknown-group": ["agencies.json|groups"],
  "seed.unknown-indicator": ["indicators.json|indicators"],
  "seed.unknown-task": ["tasks.json|tasks"],
};

/**
 * The cross-file rules on whatever rows did read: an item with a finding on one of its cells, one that waits for
 * a row whose key cannot be read, or one its file's schema refuses is left out; a finding that only names a
 * left-out item (a task led by an agency whose row is being fixed) is not reported, since it would go away with
 * the fix. A plan or settings sheet that does not read is judged as the current seeds have it, without its own
 * findings; when an item table as a whole does not read, the cross rules wait for the next import.
 */
function crossSheetProblems(built: BuildResult, parsedBefore: Parsed | null): Problem[] {
  const taken = new Set(built.problems.map((p) => `${p.sheet}!${p.cell ?? ""}`));
  const held = new Set(built.waiting);
  for (const [key, items] of built.places.items)
    for (const it of items) if (it.addresses.some((a) => taken.has(`${it.sheet}!${a}`))) held.add(`${key}#${it.index}`);
  const lenient: Partial<Parsed> = {};
  const substituted = new Set<SeedFile>();
  const heldIds = new Map<string, Set<string>>();
  for (const f of seedFiles) {
    const obj = { ...built.seeds[f] } as Record<string, unknown>;
    for (const [file, key] of itemArrays) {
      if (file !== f || !Array.isArray(obj[key])) continue;
      const placed = built.places.items.get(`${f}|${key}`) ?? [];
      const all = obj[key] as Record<string, unknown>[];
      const check = seedSchemas[f].shape as Record<string, z.ZodType>;
      const element = (check[key] as unknown as z.ZodArray<z.ZodType>).element;
      obj[key] = all.filter((item, i) => {
        let keep = !held.has(`${f}|${key}#${i}`);
        if (keep && !element.safeParse(item).success) keep = false;
        if (!keep) {
          const ids = heldIds.get(`${f}|${key}`) ?? new Set<string>();
          const id = placed.find((x) => x.index === i)?.id;
          if (id) ids.add(id);
          heldIds.set(`${f}|${key}`, ids);
        }
        return keep;
      });
    }
    const r = seedSchemas[f].safeParse(obj);
    if (r.success) (lenient as Record<string, unknown>)[f] = r.data;
    else if ((f === "plan.json" || f === "settings.json") && parsedBefore) {
      (lenient as Record<string, unknown>)[f] = parsedBefore[f];
      substituted.add(f);
    } else return [];
  }
  const problems: Problem[] = [];
  for (const rule of crossRules) {
    for (const sp of rule.check(lenient as Parsed)) {
      if (substituted.has(String(sp.args["file"] ?? "").replace(/^seeds\//, "") as SeedFile)) continue;
      const value = String(sp.args["value"] ?? "");
      if ((refersTo[sp.code] ?? []).some((k) => heldIds.get(k)?.has(value))) continue;
      problems.push(sp);
    }
  }
  return problems;
}

export function judgeConfig(book: ConfigBook, file: string, current: SeedTexts): ConfigJudgement {
  const built = bookToSeeds(book, file);
  const before = parseSeedTexts(current).parsed;
  const texts = {} as SeedTexts;
  for (const f of seedFiles) {
    const now = current[f];
    texts[f] = seedText(built.seeds[f], typeof now === "string" ? now : null);
  }
  const after = parseSeedTexts(texts);
  const changedFiles: SeedFile[] = [];
  for (const f of seedFiles) {
    if (before && after.parsed && JSON.stringify(before[f]) === JSON.stringify(after.parsed[f])) texts[f] = current[f];
    if (texts[f] !== current[f]) changedFiles.push(f);
  }
  const problems = [...built.problems];
  const taken = new Set(problems.map((p) => `${p.sheet}!${p.cell ?? ""}`));
  const waiting = new Set(built.waiting);
  const cross = crossSheetProblems(built, before);
  // the schema's findings (a code with spaces, a required field empty) on cells without a finding yet, then the
  // cross-sheet rules on the rows that did read
  const seen = new Set<string>();
  for (const sp of [...after.problems, ...cross]) {
    const item = itemOf(sp, built.places);
    if (item && waiting.has(item)) continue;
    const at = placeOf(sp, built.places);
    if (at && taken.has(`${at.sheet}!${at.cell}`)) continue;
    const once = `${sp.code}|${at?.sheet ?? ""}!${at?.cell ?? ""}|${String(sp.args["value"] ?? "")}`;
    if (seen.has(once)) continue;
    seen.add(once);
    problems.push({
      code: "config.seed-rule",
      severity: "error",
      file,
      ...(at ? { sheet: at.sheet, cell: at.cell } : {}),
      args: { rule: sp.code, text: ruleText(sp), value: sp.args["value"] ?? null },
    });
  }
  return {
    texts,
    changedFiles,
    problems,
    changes: problems.length === 0 && before && after.parsed ? seedChanges(before, after.parsed) : null,
  };
}
