import {
  readDateCell,
  readNumberCell,
  readTextCell,
  describeRaw,
  type Normalised,
} from "../intake/judge/normalise-cell.js";
import type { Problem } from "../problems/problem.js";
import type { ConfigCode } from "../problems/messages-config.js";
import { buildNameIndex, closestNames, nameKey, resolveAgencyWording, type NameIndex } from "../plan/agency-names.js";
import { scheduleFromWording } from "../plan/schedule-wording.js";
import type { SeedFile } from "../plan/validate-plan.js";
import type { BookCell, BookRow, ConfigBook } from "./book.js";
import { areaIds, choices, planFields, settingsFields, type Choices, type FieldSpec } from "./layout.js";

/**
 * The configuration workbook → the seed files as JSON objects, with a finding on every cell that cannot be read
 * (wrong type, not in the list, an agency name or a time that means nothing). Which seed field came from which
 * cell is kept (places), so the seed rules' problems can be shown on their cells too. Pure.
 */

export type SeedObjects = Record<SeedFile, Record<string, unknown>>;

/** Where an item of a seed array came from: its row, and the cell of each of its fields. */
export interface ItemPlace {
  index: number;
  id: string;
  sheet: string;
  cells: Record<string, string>;
  /** every cell of the item, over all its rows (a target spans several) */
  addresses: string[];
}

export interface Places {
  /** "agencies.json|agencies" → items */
  items: Map<string, ItemPlace[]>;
  /** "plan.json|decision.date" → sheet and cell */
  fields: Map<string, { sheet: string; cell: string }>;
}

type J = Record<string, unknown>;

/** Prefix of the stand-in code of an agency row whose code cell cannot be read. */
export const UNREAD_CODE = "?row-";

const CODE_LIKE = /^@?[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/** Cell values the configuration workbook cannot use: the cell reader's finding → the workbook's own. */
const stopsAs = {
  "intake.formula-no-result": "config.formula-no-result",
  "intake.error-value": "config.error-value",
  "intake.unreadable-value": "config.unreadable-value",
  "intake.not-a-number": "config.not-a-number",
  "intake.bad-date": "config.bad-date",
} as const satisfies Record<string, ConfigCode>;

class Reader {
  readonly problems: Problem[] = [];
  /** items ("tasks.json|tasks#4") that name a row whose own key cannot be read */
  readonly waiting: string[] = [];
  constructor(private readonly file: string) {}

  private add(code: ConfigCode, sheet: string, c: BookCell | undefined, args: Problem["args"] = {}): void {
    this.problems.push({
      code,
      severity: "error",
      file: this.file,
      sheet,
      ...(c?.address ? { cell: c.address } : {}),
      args,
    });
  }

  private checked<T>(sheet: string, c: BookCell | undefined, r: Normalised<T>): T | null {
    const stop = r.notes.find((n) => Object.hasOwn(stopsAs, n.code));
    if (stop) {
      this.add(stopsAs[stop.code as keyof typeof stopsAs], sheet, c, { found: describeRaw(c?.raw) });
      return null;
    }
    return r.value;
  }

  text(sheet: string, c: BookCell | undefined, label: string, required: boolean, keepLines = false): string | null {
    const v = this.checked(sheet, c, readTextCell(c?.raw));
    const t =
      v === null
        ? null
        : keepLines
          ? v
              .split(/\r?\n/)
              .map((l) => l.replace(/[ \t\u00a0]+/g, " ").trim())
              .join("\n")
              .trim()
          : v.replace(/\s+/g, " ").trim();
    if (
      (t === null || t === "") &&
      required &&
      !this.problems.some((p) => p.cell === c?.address && p.sheet === sheet)
    ) {
      this.add("config.required", sheet, c, { column: label });
    }
    return t === "" ? null : t;
  }

  list(sheet: string, c: BookCell | undefined, label: string, split: RegExp): string[] {
    const t = this.text(sheet, c, label, false, true);
    return t === null
      ? []
      : t
          .split(split)
          .map((x) => x.trim())
          .filter(Boolean);
  }

  codes(sheet: string, c: BookCell | undefined, label: string): string[] {
    return this.list(sheet, c, label, /[;,\n]/);
  }

  lines(sheet: string, c: BookCell | undefined, label: string): string[] {
    return this.list(sheet, c, label, /\n/);
  }

  number(sheet: string, c: BookCell | undefined, label: string, required: boolean, integer: boolean): number | null {
    const v = this.checked(sheet, c, readNumberCell(c?.raw, { percent: false }));
    if (v === null) {
      if (required && !this.problems.some((p) => p.cell === c?.address && p.sheet === sheet))
        this.add("config.required", sheet, c, { column: label });
      return null;
    }
    if (integer && !Number.isInteger(v)) {
      this.add("config.not-integer", sheet, c, { found: describeRaw(c?.raw) });
      return null;
    }
    return v;
  }

  date(sheet: string, c: BookCell | undefined, label: string, required: boolean): string | null {
    const v = this.checked(sheet, c, readDateCell(c?.raw));
    if (v === null && required && !this.problems.some((p) => p.cell === c?.address && p.sheet === sheet))
      this.add("config.required", sheet, c, { column: label });
    return v;
  }

  choice(sheet: string, c: BookCell | undefined, label: string, list: Choices, required: boolean): string | null {
    const t = this.text(sheet, c, label, required);
    if (t === null) return null;
    const k = nameKey(t);
    const hit = list.find(([v, l]) => nameKey(l) === k || nameKey(v) === k);
    if (!hit) {
      this.add("config.not-in-list", sheet, c, { found: t, list: list.map(([, l]) => l).join("; ") });
      return null;
    }
    return hit[0];
  }

  bool(sheet: string, c: BookCell | undefined, label: string): boolean {
    return this.choice(sheet, c, label, choices.bool, false) === "true";
  }

  finding(code: ConfigCode, sheet: string, c: BookCell | undefined, args: Problem["args"]): void {
    this.add(code, sheet, c, args);
  }
}

const cellsOf = (row: BookRow): Record<string, string> =>
  Object.fromEntries(Object.entries(row.cells).flatMap(([k, c]) => (c?.address ? [[k, c.address]] : [])));

/** Sets a dotted path ("decision.date") in an object. */
function setPath(o: J, path: string, v: unknown): void {
  const parts = path.split(".");
  let cur = o;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as J;
  cur[parts[parts.length - 1] as string] = v;
}

function readFields(
  r: Reader,
  sheet: string,
  fields: FieldSpec[],
  cells: ConfigBook["settings"],
  places: Places,
  file: SeedFile,
): J {
  const out: J = {};
  for (const f of fields) {
    const c = cells[f.key];
    if (c?.address) places.fields.set(`${file}|${f.key}`, { sheet, cell: c.address });
    let v: unknown;
    switch (f.type) {
      case "int":
        v = r.number(sheet, c, f.label, f.required !== false, true);
        break;
      case "number":
        v = r.number(sheet, c, f.label, f.required !== false, false);
        break;
      case "date":
        v = r.date(sheet, c, f.label, f.required !== false);
        break;
      case "lines":
        v = r.lines(sheet, c, f.label);
        break;
      case "choice":
        v = r.choice(sheet, c, f.label, f.choices ?? [], f.required !== false);
        break;
      default:
        v = r.text(sheet, c, f.label, f.required !== false, f.type === "long");
    }
    if (v === null && f.required === false) v = f.key === "protectionPassword" ? null : "";
    if (v !== null || f.key === "protectionPassword") setPath(out, f.key, v ?? null);
  }
  return out;
}

export interface BuildResult {
  seeds: SeedObjects;
  problems: Problem[];
  places: Places;
  /** items ("tasks.json|tasks#4") not to judge yet: they name a row whose own key cannot be read */
  waiting: string[];
}

export function bookToSeeds(book: ConfigBook, file: string): BuildResult {
  const r = new Reader(file);
  const places: Places = { items: new Map(), fields: new Map() };
  const S = book.sheets;

  // Kế hoạch
  const planFlat = readFields(r, S.plan, planFields, book.plan, places, "plan.json");
  const areaNames = (planFlat["area"] ?? {}) as Record<string, string>;
  delete planFlat["area"];
  const planJson: J = {
    id: planFlat["id"],
    name: planFlat["name"],
    decision: planFlat["decision"],
    province: planFlat["province"],
    years: planFlat["years"],
    areas: areaIds.map((id) => ({ id, name: areaNames[id] })),
  };
  areaIds.forEach((id, i) => {
    const at = places.fields.get(`plan.json|area.${id}`);
    if (at) places.fields.set(`plan.json|areas.${i}`, at);
  });

  // Cài đặt
  const settingsJson = readFields(r, S.settings, settingsFields, book.settings, places, "settings.json");
  if (Array.isArray(settingsJson["earlier"]) && settingsJson["earlier"].length === 0) delete settingsJson["earlier"];

  // Khối, cụm từ nhóm
  const place = (key: string, row: BookRow | BookRow[], index: number, id: string, sheet: string): void => {
    const rows = Array.isArray(row) ? row : [row];
    const list = places.items.get(key) ?? [];
    list.push({
      index,
      id,
      sheet,
      cells: cellsOf(rows[0] as BookRow),
      addresses: rows.flatMap((x) => Object.values(cellsOf(x))),
    });
    places.items.set(key, list);
  };
  const groups = book.groups.map((row, i) => {
    const g = {
      id: r.text(S.groups, row.cells["id"], "Mã khối", true),
      name: r.text(S.groups, row.cells["name"], "Tên khối", true),
      shortName: r.text(S.groups, row.cells["shortName"], "Tên ngắn", true),
    };
    place("agencies.json|groups", row, i, String(g.id ?? ""), S.groups);
    return g;
  });
  const phrases = book.phrases.map((row, i) => {
    const x: J = {
      id: r.text(S.phrases, row.cells["id"], "Mã cụm từ", true),
      phrase: r.text(S.phrases, row.cells["phrase"], "Cụm từ", true),
      aliases: r.lines(S.phrases, row.cells["aliases"], "Cách viết khác"),
      groups: r.codes(S.phrases, row.cells["groups"], "Gồm các khối"),
      codes: r.codes(S.phrases, row.cells["codes"], "Gồm các cơ quan"),
    };
    const note = r.text(S.phrases, row.cells["note"], "Ghi chú", false);
    if (note !== null) x["note"] = note;
    place("agencies.json|phrases", row, i, String(x["id"] ?? ""), S.phrases);
    return x;
  });

  // Cơ quan
  const agencies = book.agencies.map((row, i) => {
    const c = row.cells;
    const sh = S.agencies;
    const a: J = {
      code: r.text(sh, c["code"], "Mã", true),
      name: r.text(sh, c["name"], "Tên cơ quan", true),
      shortName: r.text(sh, c["shortName"], "Tên ngắn", true),
      abbr: r.text(sh, c["abbr"], "Viết tắt", true),
      group: r.text(sh, c["group"], "Khối", true),
      level: r.choice(sh, c["level"], "Cấp", choices.level, true),
      validFrom: r.date(sh, c["validFrom"], "Hiệu lực từ", true),
      validTo: r.date(sh, c["validTo"], "Hiệu lực đến", false),
    };
    const succeeds = r.codes(sh, c["succeeds"], "Tiếp nhận từ");
    if (succeeds.length > 0) a["succeeds"] = succeeds;
    a["aliases"] = r.lines(sh, c["aliases"], "Tên gọi khác");
    const email = r.text(sh, c["email"], "Thư điện tử", false);
    if (email !== null) a["email"] = email;
    place("agencies.json|agencies", row, i, String(a["code"] ?? ""), sh);
    return a;
  });
  // a khối given by its name rather than its code
  const groupByKey = new Map(
    groups.flatMap((g) => [
      [nameKey(String(g.id ?? "")), g.id],
      [nameKey(String(g.name ?? "")), g.id],
      [nameKey(String(g.shortName ?? "")), g.id],
    ]),
  );
  for (const a of agencies) {
    const g = groupByKey.get(nameKey(String(a["group"] ?? "")));
    if (g) a["group"] = g;
  }

  // an agency whose code cell cannot be read still answers to its names (under a stand-in code no seed can
  // hold), so the tasks naming it do not get a second, misleading finding
  const index = buildNameIndex({
    agencies: agencies
      .map((a, i) => ({ a, code: typeof a["code"] === "string" ? a["code"] : `${UNREAD_CODE}${i}` }))
      .map(({ a, code }) => ({
        code,
        name: String(a["name"] ?? ""),
        shortName: String(a["shortName"] ?? ""),
        abbr: String(a["abbr"] ?? ""),
        aliases: (a["aliases"] as string[]) ?? [],
      })),
    phrases: phrases
      .filter((x) => typeof x["id"] === "string")
      .map((x) => ({
        id: x["id"] as string,
        phrase: String(x["phrase"] ?? ""),
        aliases: (x["aliases"] as string[]) ?? [],
      })),
  });

  const tasks = readTasks(r, book, index, place);
  const indicators = book.indicators.map((row, i) => {
    const c = row.cells;
    const sh = S.indicators;
    const x: J = {
      code: r.text(sh, c["code"], "Mã chỉ số", true),
      name: r.text(sh, c["name"], "Tên chỉ số", true),
      unit: r.text(sh, c["unit"], "Đơn vị tính", true),
      area: r.choice(sh, c["area"], "Lĩnh vực", choices.indicatorArea, true),
      type: r.choice(sh, c["type"], "Kiểu", choices.indicatorType, true),
      reporters: {
        groups: r.codes(sh, c["reporterGroups"], "Khối báo cáo"),
        codes: r.codes(sh, c["reporterCodes"], "Cơ quan báo cáo"),
      },
      aggregate: r.choice(sh, c["aggregate"], "Cách cộng", choices.aggregate, true),
    };
    const num = r.text(sh, c["numerator"], "Tử số", false);
    if (num !== null) x["numerator"] = num;
    const den = r.text(sh, c["denominator"], "Mẫu số", false);
    if (den !== null) x["denominator"] = den;
    x["partOf"] = r.codes(sh, c["partOf"], "Là phần của");
    const sums = r
      .lines(sh, c["sumOf"], "Bằng tổng của")
      .map((l) =>
        l
          .split(/[+;]/)
          .map((p) => p.trim())
          .filter(Boolean),
      )
      .filter((l) => l.length > 0);
    if (sums.length > 0) x["sumOf"] = sums;
    x["cumulative"] = r.bool(sh, c["cumulative"], "Lũy kế");
    x["required"] = r.bool(sh, c["required"], "Bắt buộc");
    const min = r.number(sh, c["min"], "Giá trị nhỏ nhất", false, false);
    if (min !== null) x["min"] = min;
    const max = r.number(sh, c["max"], "Giá trị lớn nhất", false, false);
    if (max !== null) x["max"] = max;
    const help = r.text(sh, c["help"], "Hướng dẫn điền", false);
    if (help !== null) x["help"] = help;
    place("indicators.json|indicators", row, i, String(x["code"] ?? ""), sh);
    return x;
  });
  const targets = readTargets(r, book, place);

  return {
    seeds: {
      "plan.json": planJson,
      "agencies.json": { groups, agencies, phrases },
      "tasks.json": { tasks },
      "indicators.json": { indicators },
      "targets.json": { targets },
      "settings.json": settingsJson,
    },
    problems: r.problems,
    places,
    waiting: r.waiting,
  };
}

type PlaceFn = (key: string, row: BookRow | BookRow[], index: number, id: string, sheet: string) => void;

function readTasks(r: Reader, book: ConfigBook, index: NameIndex, place: PlaceFn): J[] {
  const sh = book.sheets.tasks;
  const out: J[] = [];
  let area: string | null = null;
  for (const row of book.tasks) {
    const c = row.cells;
    const sttText = r.text(sh, c["stt"], "STT", true);
    if (sttText === null) continue;
    const roman = sttText.replace(/[.\s]+$/, "").toUpperCase();
    if ((areaIds as readonly string[]).includes(roman)) {
      area = roman;
      continue;
    }
    const stt = /^\d+$/.test(sttText.replace(/\.$/, "")) ? Number(sttText.replace(/\.$/, "")) : null;
    if (stt === null) {
      r.finding("config.bad-stt", sh, c["stt"], { found: sttText });
      continue;
    }
    if (area === null) r.finding("config.task-no-area", sh, c["stt"], { stt });
    let waiting = false;
    const lead = r.text(sh, c["lead"], "Cơ quan chủ trì", true) ?? "";
    const coordinate = r.text(sh, c["coordinate"], "Cơ quan phối hợp", false) ?? "";
    const refs = (
      wording: string,
      codesCell: BookCell | undefined,
      wordingCell: BookCell | undefined,
      label: string,
    ): { refs: string[]; other: string[] } => {
      const override = r.codes(sh, codesCell, label);
      if (override.length > 0) {
        return { refs: override.filter((x) => CODE_LIKE.test(x)), other: override.filter((x) => !CODE_LIKE.test(x)) };
      }
      const res = resolveAgencyWording(wording, index);
      // a name of an agency row whose code cannot be read: that row has its finding, this task waits for it
      if (res.refs.some((x) => x.startsWith(UNREAD_CODE))) waiting = true;
      res.refs = res.refs.filter((x) => !x.startsWith(UNREAD_CODE));
      for (const name of res.unresolved) {
        r.finding("config.unknown-agency-name", sh, wordingCell, {
          name,
          suggestions: closestNames(name, index).join("; "),
        });
      }
      for (const a of res.ambiguous)
        r.finding("config.ambiguous-agency-name", sh, wordingCell, { name: a.text, candidates: a.refs.join("; ") });
      return { refs: res.refs, other: [] };
    };
    const l = refs(lead, c["leadCodes"], c["lead"], "Mã cơ quan chủ trì");
    const co = refs(coordinate, c["coordinateCodes"], c["coordinate"], "Mã cơ quan phối hợp");
    const time = r.text(sh, c["time"], "Thời gian hoàn thành", true) ?? "";
    const overrideTime = r.text(sh, c["timeOverride"], "Lịch thực hiện", false);
    const schedule = scheduleFromWording(overrideTime ?? time);
    if (schedule === null && (overrideTime !== null || time !== "")) {
      r.finding("config.unknown-time", sh, overrideTime !== null ? c["timeOverride"] : c["time"], {
        found: overrideTime ?? time,
      });
    }
    out.push({
      stt,
      area,
      goal: r.text(sh, c["goal"], "Mục tiêu", false),
      task: r.text(sh, c["task"], "Nhiệm vụ", true),
      product: r.text(sh, c["product"], "Kết quả/Sản phẩm", true),
      lead,
      coordinate,
      time,
      leadAgencies: l.refs,
      coordinateAgencies: co.refs,
      otherLead: l.other,
      otherCoordinate: co.other,
      schedule: schedule ?? undefined,
    });
    place("tasks.json|tasks", row, out.length - 1, String(stt), sh);
    if (waiting) r.waiting.push(`tasks.json|tasks#${out.length - 1}`);
  }
  return out;
}

function readTargets(r: Reader, book: ConfigBook, place: PlaceFn): J[] {
  const sh = book.sheets.targets;
  const byId = new Map<string, BookRow[]>();
  for (const row of book.targets) {
    const id = r.text(sh, row.cells["id"], "Mã chỉ tiêu", true);
    if (id === null) continue;
    const list = byId.get(id);
    if (list) list.push(row);
    else byId.set(id, [row]);
  }
  const out: J[] = [];
  for (const [id, rows] of byId) {
    const first = rows[0] as BookRow;
    const c = first.cells;
    const num = (row: BookRow, key: string, label: string, integer = false, required = true): number | null =>
      r.number(sh, row.cells[key], label, required, integer);
    const measure = (row: BookRow): J => {
      const groups = r.codes(sh, row.cells["groups"], "Chỉ tính khối");
      const ind = r.text(sh, row.cells["indicator"], "Chỉ số", false);
      const m: J =
        ind !== null
          ? { indicator: ind }
          : {
              numerator: r.text(sh, row.cells["numerator"], "Tử số", true),
              denominator: r.text(sh, row.cells["denominator"], "Mẫu số", true),
            };
      if (groups.length > 0) m["groups"] = groups;
      return m;
    };
    const level = (row: BookRow): J => ({
      level: r.choice(sh, row.cells["level"], "Cấp", choices.level, true),
      label: r.text(sh, row.cells["label"], "Tên cấp", true),
      measure: measure(row),
    });
    const kind = r.choice(sh, c["kind"], "Dạng", choices.targetKind, true);
    const op = (): string | null => r.choice(sh, c["op"], "So sánh", choices.op, true);
    let shape: J = { kind };
    switch (kind) {
      case "threshold": {
        shape = { kind, measure: measure(first), op: op(), value: num(first, "value", "Giá trị cần đạt") };
        const byYear = num(first, "byYear", "Năm phải đạt", true, false);
        if (byYear !== null) shape["byYear"] = byYear;
        break;
      }
      case "threshold-by-level":
        shape = {
          kind,
          op: op(),
          levels: rows.map((row) => ({ ...level(row), value: num(row, "value", "Giá trị cần đạt") })),
        };
        break;
      case "growing":
        shape = {
          kind,
          baseYear: num(first, "baseYear", "Năm gốc", true),
          step: num(first, "step", "Tăng mỗi năm"),
          cap: num(first, "cap", "Mức tối đa"),
          levels: rows.map((row) => ({ ...level(row), base: num(row, "base", "Giá trị năm gốc") })),
        };
        break;
      case "baseline-change": {
        shape = {
          kind,
          measure: measure(first),
          baselineYear: num(first, "baseYear", "Năm gốc", true),
          baselineValue: num(first, "base", "Giá trị năm gốc", false, false),
        };
        const src = r.text(sh, c["baselineSource"], "Nguồn số liệu năm gốc", false);
        if (src !== null) shape["baselineSource"] = src;
        shape["changePercent"] = num(first, "changePercent", "Thay đổi so với năm gốc (%)");
        shape["byYear"] = num(first, "byYear", "Năm phải đạt", true);
        break;
      }
      case "rank":
        shape = {
          kind,
          indicator: r.text(sh, c["indicator"], "Chỉ số", true),
          max: num(first, "value", "Giá trị cần đạt", true),
        };
        break;
      default:
        break;
    }
    const tasks = r.codes(sh, c["tasks"], "Nhiệm vụ liên quan").map((x) => (/^\d+$/.test(x) ? Number(x) : x));
    out.push({
      id,
      area: r.choice(sh, c["area"], "Lĩnh vực", choices.targetArea, true),
      text: r.text(sh, c["text"], "Nội dung chỉ tiêu", true),
      tasks,
      shape,
    });
    place("targets.json|targets", rows, out.length - 1, id, sh);
  }
  return out;
}
