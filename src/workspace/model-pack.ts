import type { AgencyEntry, Model, TaskResult } from "../consolidate/model.js";

/**
 * tong-hop.json written lean (format 2): every fact and every provenance of the model, each written once. The model
 * in memory is unchanged; only the file is packed (modelJsonBytes, writeModelJson) and unpacked (readModelFile).
 *
 * What changes against the model (format 1, still read):
 * - `format: 2` first, and `tables` before `agencies`: `files` (source file names), `sheets` (sheet names), `texts`
 *   (every text written more than once: task results, difficulties, passages, plan goals) and `reports` (the
 *   distinct lists of indicators agencies are asked to report).
 * - a cell reference `{file, sheet, cell}` is `[file index, sheet index, cell]`;
 * - a text field holding a number is `tables.texts[number]`;
 * - `agencies[].reports` is an index into `tables.reports`;
 * - `agencies[].provenance` is a list of `[file index, sheet index, {indicator: cell}]`, one per file and sheet;
 * - `agencies[].tasks` are rows with the columns of `tables.taskColumns`;
 * - `totalDetails[].contributions`, `tasks[].leadReports` and `tasks[].coordinatorNotes`: a number is an index into
 *   `agencies`, meaning the same as that agency's own value and provenance (or its own row for that task); anything
 *   else is written out;
 * - `targets[].parts[].agencies` and `flaggedBy` lists: indexes into `agencies`.
 * Everything else (`values`, `totals`, `completeness`, `findings`, …) is as in the model, so a tool that only needs
 * the figures reads them directly.
 */

export const MODEL_FORMAT = 2;

type Ref = { file: string; sheet: string; cell: string };
type PackedRef = [number, number, string];
type Json = unknown;

const TASK_COLUMNS = ["stt", "role", "status", "result", "doc", "docDate", "difficulties", "ref"] as const;

/** Texts shorter than this are written where they are used (an index would not be shorter). */
const MIN_SHARED_TEXT = 12;

class Table<K> {
  readonly list: K[] = [];
  private readonly index = new Map<string | K, number>();
  constructor(private readonly keyOf: (k: K) => string | K = (k) => k) {}
  id(k: K): number {
    const key = this.keyOf(k);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(k);
      this.index.set(key, i);
    }
    return i;
  }
}

/**
 * Interns texts: counts them on a first pass; then (freeze) those seen more than once get an index, in the order
 * they were first seen, and the second pass writes the index.
 */
class Texts {
  private readonly counts = new Map<string, number>();
  private readonly ids = new Map<string, number>();
  readonly list: string[] = [];
  private counting = true;
  text(s: string): string | number;
  text(s: string | null): string | number | null;
  text(s: string | null): string | number | null {
    if (s === null || s.length < MIN_SHARED_TEXT) return s;
    if (this.counting) {
      this.counts.set(s, (this.counts.get(s) ?? 0) + 1);
      return s;
    }
    return this.ids.get(s) ?? s;
  }
  freeze(): void {
    for (const [s, n] of this.counts) {
      if (n < 2) continue;
      this.ids.set(s, this.list.length);
      this.list.push(s);
    }
    this.counts.clear();
    this.counting = false;
  }
}

/**
 * How the long lists are made: "eager" builds every entry, "lazy" gives each entry as an object whose toJSON builds it,
 * so that the writer (json-chunks.ts) holds one packed entry at a time and a big model is never held twice.
 */
type Mode = "eager" | "lazy";

interface Tables {
  files: Table<string>;
  sheets: Table<string>;
  reports: Table<string[]>;
  texts: Texts;
}

const sameRef = (a: Ref | null | undefined, b: Ref | null | undefined): boolean =>
  a === b || (!!a && !!b && a.file === b.file && a.sheet === b.sheet && a.cell === b.cell);

type AgencyTask = AgencyEntry["tasks"][number];
type LeadReport = TaskResult["leadReports"][number];

const sameReport = (r: LeadReport, t: AgencyTask | undefined): boolean =>
  !!t &&
  r.status === t.status &&
  r.result === t.result &&
  r.doc === t.doc &&
  r.docDate === t.docDate &&
  r.difficulties === t.difficulties &&
  sameRef(r.ref, t.ref);

/**
 * The model as written to tong-hop.json (format 2). Shares unchanged parts with the model; changes nothing in it.
 * `lazy`: the entries of the long lists (agencies, totals, targets, tasks) are made as they are serialised.
 */
export function packModel(model: Model, opts: { lazy?: boolean } = {}): Record<string, Json> {
  const tables: Tables = {
    files: new Table<string>(),
    sheets: new Table<string>(),
    reports: new Table<string[]>((l) => l.join("\u0000")),
    texts: new Texts(),
  };
  countTables(model, tables);
  tables.texts.freeze();
  return packOnce(model, tables, opts.lazy ? "lazy" : "eager");
}

/** agency → role → stt → the first row of an agency for a task and role: the one unpackModel finds. */
type OwnTaskRows = Map<string, Map<AgencyTask["role"], Map<number, AgencyTask>>>;

/** OwnTaskRows, looked up with no key string made per report (a thousand agencies' reports on every task are tens of thousands). */
function ownTaskRows(model: Model): OwnTaskRows {
  const ownTask: OwnTaskRows = new Map();
  for (const a of model.agencies) {
    let byRole = ownTask.get(a.code);
    if (!byRole) ownTask.set(a.code, (byRole = new Map()));
    for (const t of a.tasks) {
      let bySt = byRole.get(t.role);
      if (!bySt) byRole.set(t.role, (bySt = new Map()));
      if (!bySt.has(t.stt)) bySt.set(t.stt, t);
    }
  }
  return ownTask;
}

/**
 * The tables filled as packOnce fills them, in the same order (the first pass: which texts are written more than once,
 * and the indexes of files, sheets and lists of indicators), with nothing else made: the entries are not built.
 */
function countTables(model: Model, tables: Tables): void {
  const { files, sheets, reports, texts } = tables;
  const ref = (r: Ref | null): void => {
    if (!r) return;
    files.id(r.file);
    sheets.id(r.sheet);
  };
  for (const a of model.agencies) {
    for (const r of Object.values(a.provenance)) {
      files.id(r.file);
      sheets.id(r.sheet);
    }
    reports.id(a.reports);
    for (const v of Object.values(a.texts)) texts.text(v);
    for (const n of Object.values(a.notes)) {
      texts.text(n.text);
      ref(n.ref);
    }
    for (const t of a.tasks) {
      texts.text(t.result);
      texts.text(t.doc);
      texts.text(t.difficulties);
      ref(t.ref);
    }
    for (const v of Object.values(a.narrative)) texts.text(v);
  }
  const byCode = new Map(model.agencies.map((a) => [a.code, a]));
  for (const t of model.totalDetails)
    for (const c of t.contributions) if (c.ref && !isOwnValue(byCode.get(c.agency), t.code, c)) ref(c.ref);
  const own = ownTaskRows(model);
  const agencyCodes = new Set(model.agencies.map((a) => a.code));
  const reportTexts = (stt: number, role: AgencyTask["role"], r: LeadReport): void => {
    if (agencyCodes.has(r.agency) && sameReport(r, own.get(r.agency)?.get(role)?.get(stt))) return;
    texts.text(r.result);
    texts.text(r.doc);
    texts.text(r.difficulties);
    ref(r.ref);
  };
  for (const t of model.tasks) {
    texts.text(t.goal);
    for (const r of t.leadReports) reportTexts(t.stt, "lead", r);
    for (const r of t.coordinatorNotes) reportTexts(t.stt, "coordinate", r);
  }
}

/** Whether a total's contribution is the agency's own value, with its own cell (written as the agency's index). */
const isOwnValue = (a: AgencyEntry | undefined, code: string, c: { value: number | null; ref: Ref | null }): boolean =>
  !!a && a.values[code] === c.value && sameRef(a.provenance[code] ?? null, c.ref);

function packOnce(model: Model, tables: Tables, mode: Mode): Record<string, Json> {
  const { files, sheets, reports, texts } = tables;
  const each = <T>(xs: readonly T[], f: (x: T) => Json): Json[] =>
    mode === "lazy" ? xs.map((x) => ({ toJSON: () => f(x) })) : xs.map(f);
  const ref = (r: Ref): PackedRef => [files.id(r.file), sheets.id(r.sheet), r.cell];
  const refOrNull = (r: Ref | null): PackedRef | null => (r ? ref(r) : null);
  const agencyIndex = new Map(model.agencies.map((a, i) => [a.code, i]));
  const indexes = (codes: string[]): Json[] => codes.map((c) => agencyIndex.get(c) ?? c);

  const agencies = each(model.agencies, (a) => {
    // by file and sheet index (a number: no key string made per value), in the order first seen
    const groups = new Map<number, [number, number, Record<string, string>]>();
    for (const [code, r] of Object.entries(a.provenance)) {
      const f = files.id(r.file);
      const s = sheets.id(r.sheet);
      const key = f * 0x100000 + s;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = [f, s, {}]));
      g[2][code] = r.cell;
    }
    return {
      ...a,
      reports: reports.id(a.reports),
      texts: mapValues(a.texts, (v) => texts.text(v)),
      provenance: [...groups.values()],
      notes: mapValues(a.notes, (n) => ({ text: texts.text(n.text), ref: ref(n.ref) })),
      tasks: a.tasks.map((t) => [
        t.stt,
        t.role,
        t.status,
        texts.text(t.result),
        texts.text(t.doc),
        t.docDate,
        texts.text(t.difficulties),
        refOrNull(t.ref),
      ]),
      narrative: mapValues(a.narrative, (v) => texts.text(v)),
    };
  });

  const ownTask = ownTaskRows(model);
  const report =
    (stt: number, role: AgencyTask["role"]) =>
    (r: LeadReport): Json => {
      const i = agencyIndex.get(r.agency);
      if (i !== undefined && sameReport(r, ownTask.get(r.agency)?.get(role)?.get(stt))) return i;
      return {
        ...r,
        result: texts.text(r.result),
        doc: texts.text(r.doc),
        difficulties: texts.text(r.difficulties),
        ref: refOrNull(r.ref),
      };
    };

  const byCode = new Map(model.agencies.map((a) => [a.code, a]));
  const totalDetails = each(model.totalDetails, (t) => ({
    ...t,
    contributions: t.contributions.map((c) => {
      const i = agencyIndex.get(c.agency);
      if (i !== undefined && isOwnValue(byCode.get(c.agency), t.code, c)) return i;
      return { ...c, ref: refOrNull(c.ref) };
    }),
    flaggedBy: indexes(t.flaggedBy),
  }));

  const targets = each(model.targets, (t) => ({
    ...t,
    parts: t.parts.map((p) => ({ ...p, agencies: indexes(p.agencies), flaggedBy: indexes(p.flaggedBy) })),
  }));

  const tasks = each(model.tasks, (t) => ({
    ...t,
    goal: texts.text(t.goal),
    leadReports: t.leadReports.map(report(t.stt, "lead")),
    coordinatorNotes: t.coordinatorNotes.map(report(t.stt, "coordinate")),
  }));

  const out: Record<string, Json> = { format: MODEL_FORMAT };
  for (const [k, v] of Object.entries(model)) {
    if (k === "agencies") {
      // complete after the counting pass: written before the entries that refer to them
      out["tables"] = {
        files: files.list,
        sheets: sheets.list,
        texts: texts.list,
        reports: reports.list,
        taskColumns: TASK_COLUMNS,
      };
      out[k] = agencies;
    } else if (k === "totalDetails") out[k] = totalDetails;
    else if (k === "targets") out[k] = targets;
    else if (k === "tasks") out[k] = tasks;
    else out[k] = v;
  }
  return out;
}

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(o)) out[k] = f(v);
  return out;
}

/** Whether parsed JSON is a packed tong-hop.json (format 2 or later). */
export function isPackedModel(json: unknown): json is Record<string, Json> {
  return !!json && typeof json === "object" && typeof (json as { format?: unknown }).format === "number";
}

/** Thrown when a packed file does not hold together (an index out of range, a table missing). */
export class PackedModelError extends Error {}

/**
 * The model a packed tong-hop.json holds, ready for the model's schema; anything that is not packed is returned as it
 * is (format 1). Throws PackedModelError when the packing itself is broken; the schema judges the rest.
 */
export function unpackModel(json: unknown): unknown {
  if (!isPackedModel(json)) return json;
  const j = json;
  if (j["format"] !== MODEL_FORMAT) throw new PackedModelError(`định dạng ${String(j["format"])} chưa đọc được`);
  const tables = (j["tables"] ?? {}) as Record<string, unknown>;
  const list = <T>(name: string): T[] => {
    const l = tables[name];
    if (!Array.isArray(l)) throw new PackedModelError(`thiếu bảng tables.${name}`);
    return l as T[];
  };
  const files = list<string>("files");
  const sheets = list<string>("sheets");
  const texts = list<string>("texts");
  const reports = list<string[]>("reports");
  const columns = list<string>("taskColumns");
  const at = <T>(l: T[], i: unknown, what: string): T => {
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= l.length)
      throw new PackedModelError(`chỉ số ${String(i)} ngoài bảng ${what}`);
    return l[i] as T;
  };
  const text = (v: unknown): unknown => (typeof v === "number" ? at(texts, v, "tables.texts") : v);
  const ref = (r: unknown): unknown =>
    Array.isArray(r)
      ? { file: at(files, r[0], "tables.files"), sheet: at(sheets, r[1], "tables.sheets"), cell: r[2] }
      : r;
  const obj = (v: unknown): Record<string, unknown> =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

  const agencies = arr(j["agencies"]).map((raw) => {
    const a = obj(raw);
    const provenance: Record<string, unknown> = {};
    for (const g of arr(a["provenance"])) {
      if (!Array.isArray(g)) throw new PackedModelError("provenance không đúng dạng");
      const [f, s, cells] = g as [unknown, unknown, unknown];
      const file = at(files, f, "tables.files");
      const sheet = at(sheets, s, "tables.sheets");
      for (const [code, cell] of Object.entries(obj(cells))) provenance[code] = { file, sheet, cell };
    }
    return {
      ...a,
      reports: typeof a["reports"] === "number" ? at(reports, a["reports"], "tables.reports") : a["reports"],
      texts: mapValues(obj(a["texts"]), text),
      provenance,
      notes: mapValues(obj(a["notes"]), (n) => ({ ...obj(n), text: text(obj(n)["text"]), ref: ref(obj(n)["ref"]) })),
      tasks: arr(a["tasks"]).map((row) => {
        if (!Array.isArray(row)) return row;
        const t: Record<string, unknown> = {};
        columns.forEach((c, i) => (t[c] = row[i]));
        return {
          ...t,
          result: text(t["result"]),
          doc: text(t["doc"]),
          difficulties: text(t["difficulties"]),
          ref: ref(t["ref"]),
        };
      }),
      narrative: mapValues(obj(a["narrative"]), text),
    };
  });
  const agencyAt = (i: unknown): Record<string, unknown> => obj(at(agencies, i, "agencies"));
  // each agency's rows by task and role, the first row of each (as packModel refers to it)
  const rows = new Map<unknown, Map<string, unknown>>();
  const ownRow = (i: unknown, stt: unknown, role: string): unknown => {
    let m = rows.get(i);
    if (!m) {
      m = new Map();
      for (const x of arr(agencyAt(i)["tasks"])) {
        const key = `${String(obj(x)["stt"])}\u0000${String(obj(x)["role"])}`;
        if (!m.has(key)) m.set(key, x);
      }
      rows.set(i, m);
    }
    return m.get(`${String(stt)}\u0000${role}`);
  };
  const codes = (l: unknown): unknown[] => arr(l).map((c) => (typeof c === "number" ? agencyAt(c)["code"] : c));

  const totalDetails = arr(j["totalDetails"]).map((raw) => {
    const t = obj(raw);
    const code = t["code"] as string;
    return {
      ...t,
      contributions: arr(t["contributions"]).map((c) => {
        if (typeof c !== "number") return { ...obj(c), ref: ref(obj(c)["ref"]) };
        const a = agencyAt(c);
        return { agency: a["code"], value: obj(a["values"])[code], ref: obj(a["provenance"])[code] ?? null };
      }),
      flaggedBy: codes(t["flaggedBy"]),
    };
  });

  const targets = arr(j["targets"]).map((raw) => {
    const t = obj(raw);
    return {
      ...t,
      parts: arr(t["parts"]).map((p) => ({
        ...obj(p),
        agencies: codes(obj(p)["agencies"]),
        flaggedBy: codes(obj(p)["flaggedBy"]),
      })),
    };
  });

  const tasks = arr(j["tasks"]).map((raw) => {
    const t = obj(raw);
    const report = (role: string) => (r: unknown) => {
      if (typeof r !== "number") {
        const o = obj(r);
        return {
          ...o,
          result: text(o["result"]),
          doc: text(o["doc"]),
          difficulties: text(o["difficulties"]),
          ref: ref(o["ref"]),
        };
      }
      const a = agencyAt(r);
      const own = ownRow(r, t["stt"], role);
      if (!own) throw new PackedModelError(`cơ quan ${String(a["code"])} không có dòng nhiệm vụ ${String(t["stt"])}`);
      const o = obj(own);
      return {
        agency: a["code"],
        status: o["status"],
        result: o["result"],
        doc: o["doc"],
        docDate: o["docDate"],
        difficulties: o["difficulties"],
        ref: o["ref"],
      };
    };
    return {
      ...t,
      goal: text(t["goal"]),
      leadReports: arr(t["leadReports"]).map(report("lead")),
      coordinatorNotes: arr(t["coordinatorNotes"]).map(report("coordinate")),
    };
  });

  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(j)) {
    if (k === "format" || k === "tables") continue;
    if (k === "agencies") out[k] = agencies;
    else if (k === "totalDetails") out[k] = totalDetails;
    else if (k === "targets") out[k] = targets;
    else if (k === "tasks") out[k] = tasks;
    else out[k] = v;
  }
  return out;
}
