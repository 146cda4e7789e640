import { integerTolerance } from "../../plan/bounds.js";

/**
 * A tiny expression language for the rules that concern one submission. A rule is written once as an
 * expression over input cells ("slots"); this module evaluates it in TypeScript (what `cchc check` judges, and
 * the cached results the template carries), and forms/check-formula.ts compiles the same expression into a
 * spreadsheet formula for the template's check column. Pure.
 *
 * The semantics follow the spreadsheet, restricted to what computes the same in Excel 2010+, LibreOffice 7+ and
 * WPS: a cell is blank, a number, a text, a boolean or an error; `usable` guards every arithmetic on a cell, and
 * `all`/`any` compile to nested IFs, so no formula ever does arithmetic on a text or divides by zero.
 */

/** The sheets with input cells (layout.ts sheet ids). */
export type InputSheet = "info" | "tasks" | "figures" | "assessment";

/** An input cell, by stable keys: sheet id, row key ("ind:ii.hs-tiep-nhan"), column key ("value"). */
export interface Slot {
  sheet: InputSheet;
  row: string;
  column: string;
}

/** Ids already made, by slot object: the rule book's slots are made once per plan and looked up on every file. */
const slotIds = new WeakMap<Slot, string>();

/** A slot's id from its parts (for a slot that is not kept: no object, nothing remembered). */
export const slotKey = (sheet: InputSheet, row: string, column: string): string => `${sheet}|${row}|${column}`;

export function slotId(s: Slot): string {
  let id = slotIds.get(s);
  if (id === undefined) {
    id = slotKey(s.sheet, s.row, s.column);
    slotIds.set(s, id);
  }
  return id;
}

/** A cell's content as a spreadsheet sees it: blank (null), number, text, boolean or an error value. */
export type CellValue = null | number | string | boolean | { error: string };

export interface NumberBounds {
  min: number;
  max: number;
  integer: boolean;
}

/** Helper columns of the check column, per row: counts of errors, warnings and required cells left empty. */
export type CountColumn = "errors" | "warnings" | "required";

export type Num =
  | { k: "cell"; slot: Slot }
  | { k: "const"; value: number }
  | { k: "sum"; terms: Num[] }
  | { k: "sub"; a: Num; b: Num }
  /** a / b × 100 */
  | { k: "ratio100"; a: Num; b: Num }
  | { k: "round"; a: Num; digits: number }
  | { k: "abs"; a: Num }
  /** the sum of a helper column over a sheet's rows (the summaries) */
  | { k: "total"; sheet: InputSheet; column: CountColumn };

export type Bool =
  /** the cell holds nothing (COUNTA = 0) */
  | { k: "blank"; slot: Slot }
  /** the cell holds a number (ISNUMBER) */
  | { k: "number"; slot: Slot }
  /** the cell holds a number within bounds (and whole when it must be): the only cells arithmetic touches */
  | { k: "usable"; slot: Slot; bounds: NumberBounds }
  /** the cell's text is longer than max characters (LEN) */
  | { k: "longer"; slot: Slot; max: number }
  /** the cell holds this text (case-insensitive, as "=" in a spreadsheet) */
  | { k: "is"; slot: Slot; text: string }
  | { k: "cmp"; op: ">" | "<" | ">=" | "<=" | "=" | "<>"; a: Num; b: Num }
  | { k: "all"; of: Bool[] }
  | { k: "any"; of: Bool[] }
  | { k: "not"; a: Bool };

/** A message: literal text, a number, or a choice. */
export type Part = string | Num | { k: "if"; when: Bool; then: Part[]; else: Part[] } | { k: "rowOf"; slot: Slot };

// ——— builders ———
export const cell = (slot: Slot): Num => ({ k: "cell", slot });
export const num = (value: number): Num => ({ k: "const", value });
export const blank = (slot: Slot): Bool => ({ k: "blank", slot });
export const isNumber = (slot: Slot): Bool => ({ k: "number", slot });
export const usable = (slot: Slot, bounds: NumberBounds): Bool => ({ k: "usable", slot, bounds });
export const longer = (slot: Slot, max: number): Bool => ({ k: "longer", slot, max });
export const is = (slot: Slot, text: string): Bool => ({ k: "is", slot, text });
export const cmp = (a: Num, op: Extract<Bool, { k: "cmp" }>["op"], b: Num): Bool => ({ k: "cmp", op, a, b });
export const all = (...of: Bool[]): Bool => ({ k: "all", of });
export const any = (...of: Bool[]): Bool => ({ k: "any", of });
export const not = (a: Bool): Bool => ({ k: "not", a });
export const sum = (...terms: Num[]): Num => ({ k: "sum", terms });
export const sub = (a: Num, b: Num): Num => ({ k: "sub", a, b });
export const when = (w: Bool, then: Part[], otherwise: Part[] = []): Part => ({
  k: "if",
  when: w,
  then,
  else: otherwise,
});
export const rowOf = (slot: Slot): Part => ({ k: "rowOf", slot });

// ——— evaluation ———

export interface EvalEnv {
  /** the content of a slot; undefined when the file has no such cell (treated as blank) */
  value(slot: Slot): CellValue | undefined;
  /** totals of a helper column (summaries); only needed to evaluate summaries */
  total?(sheet: InputSheet, column: CountColumn): number;
  /** the sheet row of a slot (messages naming another row) */
  row?(slot: Slot): number | null;
}

const isBlankValue = (v: CellValue | undefined): boolean => v === null || v === undefined;

/** Whether a number is whole, give or take a formula's rounding noise: ABS(x - ROUND(x, 0)) <= tolerance. */
const isWhole = (x: number): boolean => Math.abs(x - roundHalfAway(x, 0)) <= integerTolerance;

/** ROUND as spreadsheets do it: half away from zero, on the decimal digits shown (15 significant). */
export function roundHalfAway(x: number, digits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 52) return x;
  const f = 10 ** digits;
  const scaled = digits === 0 ? Math.abs(x) : Number((Math.abs(x) * f).toPrecision(15));
  return (Math.sign(x) * Math.round(scaled)) / f;
}

export function evalNum(e: Num, env: EvalEnv): number {
  switch (e.k) {
    case "cell": {
      const v = env.value(e.slot);
      return typeof v === "number" ? v : 0;
    }
    case "const":
      return e.value;
    case "sum":
      return e.terms.reduce((s, t) => s + evalNum(t, env), 0);
    case "sub":
      return evalNum(e.a, env) - evalNum(e.b, env);
    case "ratio100":
      return (evalNum(e.a, env) / evalNum(e.b, env)) * 100;
    case "round":
      return roundHalfAway(evalNum(e.a, env), e.digits);
    case "abs":
      return Math.abs(evalNum(e.a, env));
    case "total":
      return env.total ? env.total(e.sheet, e.column) : 0;
  }
}

/** Lower-cased texts (Vietnamese rules): the same few status words are compared on every row of every file. */
const lowered = new Map<string, string>();

function lowerVi(s: string): string {
  let l = lowered.get(s);
  if (l === undefined) {
    l = s.toLocaleLowerCase("vi");
    if (lowered.size >= 4096) lowered.clear();
    lowered.set(s, l);
  }
  return l;
}

/** LEN of a cell's content as a spreadsheet counts it. */
function textLength(v: CellValue | undefined): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "string") return v.length;
  if (typeof v === "number") return generalText(v).length;
  if (typeof v === "boolean") return v ? 4 : 5;
  return 0;
}

export function evalBool(e: Bool, env: EvalEnv): boolean {
  switch (e.k) {
    case "blank":
      return isBlankValue(env.value(e.slot));
    case "number":
      return typeof env.value(e.slot) === "number";
    case "usable": {
      const v = env.value(e.slot);
      if (typeof v !== "number") return false;
      return v >= e.bounds.min && v <= e.bounds.max && (!e.bounds.integer || isWhole(v));
    }
    case "longer":
      return textLength(env.value(e.slot)) > e.max;
    case "is": {
      const v = env.value(e.slot);
      return typeof v === "string" && (v === e.text || lowerVi(v) === lowerVi(e.text));
    }
    case "cmp": {
      const a = evalNum(e.a, env);
      const b = evalNum(e.b, env);
      switch (e.op) {
        case ">":
          return a > b;
        case "<":
          return a < b;
        case ">=":
          return a >= b;
        case "<=":
          return a <= b;
        case "=":
          return a === b;
        case "<>":
          return a !== b;
      }
      return false;
    }
    case "all":
      return e.of.every((x) => evalBool(x, env));
    case "any":
      return e.of.some((x) => evalBool(x, env));
    case "not":
      return !evalBool(e.a, env);
  }
}

/** A number as a spreadsheet turns it into text when joined with "&" (General format, 15 significant digits). */
export function generalText(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return String(Number(x.toPrecision(15)));
}

export function evalParts(parts: readonly Part[], env: EvalEnv): string {
  let out = "";
  for (const p of parts) {
    if (typeof p === "string") out += p;
    else if (p.k === "if") out += evalParts(evalBool(p.when, env) ? p.then : p.else, env);
    else if (p.k === "rowOf") out += String(env.row?.(p.slot) ?? "");
    else out += generalText(evalNum(p, env));
  }
  return out;
}
