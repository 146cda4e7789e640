import type { Bool, CountColumn, InputSheet, Num, Part, Slot } from "../intake/judge/check-expr.js";
import { integerTolerance } from "../plan/bounds.js";

/**
 * Compiles the rule book's expressions (intake/judge/check-expr.ts) into spreadsheet formulas that compute the same
 * in Excel 2010+, LibreOffice 7+ and WPS: only IF, AND, NOT, ISNUMBER, LEN, ABS, ROUND, SUM and COUNTA,
 * the operators + - * / & = <> < > <= >=, no array formulas, volatile functions or locale-dependent text functions.
 * Conjunctions are nested IFs (AND evaluates every argument, so a guard could not protect the arithmetic after it).
 */

export interface FormulaContext {
  /** the absolute address of a slot on its sheet ("$F$23"), null when the template has no such cell */
  ref(slot: Slot): string | null;
  /** the sheet row of a slot */
  row(slot: Slot): number | null;
  /** SUM over a helper column of a sheet, qualified with the sheet name when on another sheet */
  total(sheet: InputSheet, column: CountColumn): string;
}

/** A formula string literal: quotes doubled. */
export const literal = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A number as formula text (always "." decimals, "E" exponents). */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  return String(n).toUpperCase();
}

function refOf(slot: Slot, ctx: FormulaContext): string {
  const r = ctx.ref(slot);
  if (r === null) throw new Error(`no cell for ${slot.sheet} ${slot.row} ${slot.column}`);
  return r;
}

export function compileNum(e: Num, ctx: FormulaContext): string {
  switch (e.k) {
    case "cell":
      return refOf(e.slot, ctx);
    case "const":
      return numberLiteral(e.value);
    case "sum":
      return `(${e.terms.map((t) => compileNum(t, ctx)).join("+")})`;
    case "sub":
      return `(${compileNum(e.a, ctx)}-${compileNum(e.b, ctx)})`;
    case "ratio100":
      return `(${compileNum(e.a, ctx)}/${compileNum(e.b, ctx)}*100)`;
    case "round":
      return `ROUND(${compileNum(e.a, ctx)},${e.digits})`;
    case "abs":
      return `ABS(${compileNum(e.a, ctx)})`;
    case "total":
      return ctx.total(e.sheet, e.column);
  }
}

export function compileBool(e: Bool, ctx: FormulaContext): string {
  switch (e.k) {
    case "blank":
      return `COUNTA(${refOf(e.slot, ctx)})=0`;
    case "number":
      return `ISNUMBER(${refOf(e.slot, ctx)})`;
    case "usable": {
      const r = refOf(e.slot, ctx);
      const tests = [`${r}>=${numberLiteral(e.bounds.min)}`, `${r}<=${numberLiteral(e.bounds.max)}`];
      if (e.bounds.integer) tests.push(`ABS(${r}-ROUND(${r},0))<=${numberLiteral(integerTolerance)}`);
      return `IF(ISNUMBER(${r}),AND(${tests.join(",")}),FALSE)`;
    }
    case "longer":
      return `LEN(${refOf(e.slot, ctx)})>${e.max}`;
    case "is":
      return `${refOf(e.slot, ctx)}=${literal(e.text)}`;
    case "cmp":
      return `${compileNum(e.a, ctx)}${e.op}${compileNum(e.b, ctx)}`;
    case "all": {
      if (e.of.length === 0) return "TRUE";
      return e.of.map((x) => compileBool(x, ctx)).reduceRight((inner, cond) => `IF(${cond},${inner},FALSE)`);
    }
    case "any": {
      if (e.of.length === 0) return "FALSE";
      return e.of.map((x) => compileBool(x, ctx)).reduceRight((inner, cond) => `IF(${cond},TRUE,${inner})`);
    }
    case "not":
      return `NOT(${compileBool(e.a, ctx)})`;
  }
}

/** A message as a text formula: literals and numbers joined with "&". */
export function compileParts(parts: readonly Part[], ctx: FormulaContext): string {
  const pieces: string[] = [];
  let text = "";
  const flush = (): void => {
    if (text) pieces.push(literal(text));
    text = "";
  };
  for (const p of parts) {
    if (typeof p === "string") text += p;
    else if (p.k === "rowOf") text += String(ctx.row(p.slot) ?? "");
    else {
      flush();
      pieces.push(
        p.k === "if"
          ? `IF(${compileBool(p.when, ctx)},${compileParts(p.then, ctx)},${compileParts(p.else, ctx)})`
          : compileNum(p, ctx),
      );
    }
  }
  flush();
  return pieces.length === 0 ? '""' : pieces.join("&");
}
