import type { Problem } from "../problems/problem.js";
import { formatProblem } from "../problems/messages.js";
import { parseSeedTexts, seedFiles, validatePlan, type SeedFile, type SeedTexts } from "../plan/validate-plan.js";
import type { ConfigBook } from "./book.js";
import { bookToSeeds, type Places } from "./book-to-seeds.js";
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

/** The cell a seed problem is about: its file and field ("agencies[3: so-y-te].group", "tasks[stt=12].lead", "years"). */
export function placeOf(p: Problem, places: Places): { sheet: string; cell: string } | null {
  const file = String(p.args["file"] ?? "").replace(/^seeds\//, "");
  const field = String(p.args["field"] ?? "");
  const m = /^(\w+)\[([^\]]*)\](.*)$/.exec(field);
  if (!m) {
    const key = field === "years" ? "years.from" : field.replace(/\[(\d+)\]/g, ".$1").replace(/\.name$/, "");
    for (let k = key; k; k = k.includes(".") ? k.slice(0, k.lastIndexOf(".")) : "") {
      const at = places.fields.get(`${file}|${k}`);
      if (at) return at;
    }
    return null;
  }
  const items = places.items.get(arrays[m[1] as string] ?? "");
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
  if (!item) return null;
  const segments = (m[3] as string).split(/[.[\]]+/).filter((s) => s && !/^\d+$/.test(s));
  for (const s of [...segments].reverse()) {
    const col = item.cells[s] ?? item.cells[columnAliases[s] ?? ""];
    if (col) {
      if (s === "reporters" && /codes/.test(m[3] as string))
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
      return `Mã "${v}" bị trùng: mỗi mã chỉ được dùng một lần.`;
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

export function judgeConfig(book: ConfigBook, file: string, current: SeedTexts): ConfigJudgement {
  const built = bookToSeeds(book, file);
  const before = parseSeedTexts(current).parsed;
  const texts = {} as SeedTexts;
  for (const f of seedFiles) {
    const now = current[f];
    texts[f] = seedText(built.seeds[f], typeof now === "string" ? now : null);
  }
  const after = parseSeedTexts(texts).parsed;
  const changedFiles: SeedFile[] = [];
  for (const f of seedFiles) {
    if (before && after && JSON.stringify(before[f]) === JSON.stringify(after[f])) texts[f] = current[f];
    if (texts[f] !== current[f]) changedFiles.push(f);
  }
  const problems = [...built.problems];
  const taken = new Set(problems.map((p) => `${p.sheet}!${p.cell ?? ""}`));
  for (const sp of validatePlan(texts).problems) {
    const at = placeOf(sp, built.places);
    if (at && taken.has(`${at.sheet}!${at.cell}`)) continue;
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
    changes: problems.length === 0 && before && after ? seedChanges(before, after) : null,
  };
}
