import type { Fill, Font, Worksheet } from "exceljs";
import {
  any,
  cmp,
  evalBool,
  evalParts,
  num,
  slotId,
  sub,
  sum,
  when,
  type Bool,
  type CellValue,
  type CountColumn,
  type EvalEnv,
  type InputSheet,
  type Num,
  type Part,
  type Slot,
} from "../intake/judge/check-expr.js";
import type { Check } from "../intake/judge/rule-book.js";
import { severityLabels, type Severity } from "../vn/labels.js";
import { compileBool, compileParts, type FormulaContext } from "./check-formula.js";
import { FIRST_COLUMN, checkColumnKeys, type DataSheet } from "./data-sheet.js";
import { estimateHeight } from "./style.js";

/**
 * The template checks itself: beside the inputs of each sheet, a locked "Kiểm tra" column whose formula shows,
 * per row, a short message for every rule of the rule book (intake/judge/rule-book.ts) the row breaks, empty otherwise;
 * hidden columns count the row's errors, warnings and required cells left empty; conditional formatting colours
 * the offending input cell (red for errors, amber for warnings); summaries at the top of each input sheet, and on
 * the "Thông tin" sheet for the whole file, count them. Every formula carries the result the rule code computes
 * for the cells as they are (empty in an issued template), so viewers that do not recalculate show the truth.
 */

export const inputSheets: readonly InputSheet[] = ["info", "tasks", "figures", "assessment"];

export type CheckedSheets = Record<InputSheet, DataSheet>;

/** What a spreadsheet cell holds, by sheet and address, as the rules see it. */
export type ValueAt = (sheet: InputSheet, address: string) => CellValue;

/** One formula cell of the check machinery. */
export interface CheckCell {
  sheet: InputSheet;
  address: string;
  formula: string;
}

const severityWord = (s: Severity): string => `${severityLabels[s]}: `;

const countColumnKey: Record<CountColumn, string> = {
  errors: checkColumnKeys.errors,
  warnings: checkColumnKeys.warnings,
  required: checkColumnKeys.required,
};

const solid = (argb: string): Fill => ({ type: "pattern", pattern: "solid", bgColor: { argb }, fgColor: { argb } });
const look = {
  error: { fill: solid("FFFFC7CE"), font: { color: { argb: "FF9C0006" } } as Partial<Font> },
  warning: { fill: solid("FFFFEB9C"), font: { color: { argb: "FF9C5700" } } as Partial<Font> },
  ok: { fill: solid("FFC6EFCE"), font: { color: { argb: "FF006100" } } as Partial<Font> },
};

interface RowChecks {
  sheet: InputSheet;
  row: number;
  checks: Check[];
}

/** The check machinery of one template: where every formula goes, what it says, what it computes. */
export class CheckLayout {
  readonly rows: RowChecks[] = [];

  constructor(
    readonly sheets: CheckedSheets,
    checks: readonly Check[],
  ) {
    const byRow = new Map<string, RowChecks>();
    for (const check of checks) {
      const row = this.rowOf(check.target);
      if (row === null || this.address(check.target) === null) continue;
      const id = `${check.target.sheet}|${row}`;
      let rc = byRow.get(id);
      if (!rc) {
        rc = { sheet: check.target.sheet, row, checks: [] };
        byRow.set(id, rc);
        this.rows.push(rc);
      }
      rc.checks.push(check);
    }
  }

  rowOf(slot: Slot): number | null {
    return this.sheets[slot.sheet].rowOfKey.get(slot.row) ?? null;
  }

  private readonly addresses = new Map<string, { relative: string; absolute: string } | null>();
  /** compiled conditions: every check's condition appears in its message, its count and its colour */
  private readonly compiled = new WeakMap<Bool, string>();

  private cond(b: Bool, ctx: FormulaContext): string {
    let f = this.compiled.get(b);
    if (f === undefined) {
      f = compileBool(b, ctx);
      this.compiled.set(b, f);
    }
    return f;
  }

  private located(slot: Slot): { relative: string; absolute: string } | null {
    const id = slotId(slot);
    let hit = this.addresses.get(id);
    if (hit === undefined) {
      const row = this.rowOf(slot);
      const sheet = this.sheets[slot.sheet];
      let col: number | null;
      try {
        col = sheet.col(slot.column);
      } catch {
        col = null;
      }
      const letter = col === null ? null : sheet.ws.getColumn(col).letter;
      hit = row === null || letter === null ? null : { relative: `${letter}${row}`, absolute: `$${letter}$${row}` };
      this.addresses.set(id, hit);
    }
    return hit;
  }

  /** "F23" (relative form) of a slot, null when the template has no such cell. */
  address(slot: Slot): string | null {
    return this.located(slot)?.relative ?? null;
  }

  private helperAddress(sheet: InputSheet, column: CountColumn, row: number): string {
    const ds = this.sheets[sheet];
    return `${ds.ws.getColumn(ds.col(countColumnKey[column])).letter}${row}`;
  }

  private context(on: InputSheet): FormulaContext {
    return {
      ref: (slot) => this.located(slot)?.absolute ?? null,
      row: (slot) => this.rowOf(slot),
      total: (sheet, column) => {
        const ds = this.sheets[sheet];
        const letter = ds.ws.getColumn(ds.col(countColumnKey[column])).letter;
        const first = ds.headerRow + 1;
        const last = Math.max(ds.lastRow, first);
        const prefix = sheet === on ? "" : `'${ds.ws.name.replace(/'/g, "''")}'!`;
        return `SUM(${prefix}$${letter}$${first}:$${letter}$${last})`;
      },
    };
  }

  /** The environment of the rules over a workbook's values. */
  private env(valueAt: ValueAt, totals?: Map<string, number>): EvalEnv {
    return {
      value: (slot) => {
        const a = this.address(slot);
        return a === null ? undefined : valueAt(slot.sheet, a);
      },
      row: (slot) => this.rowOf(slot),
      total: (sheet, column) => totals?.get(`${sheet}|${column}`) ?? 0,
    };
  }

  private rowMessage(rc: RowChecks): Part[] {
    return rc.checks.map((c) => when(c.when, [severityWord(c.severity), ...c.message, ". "]));
  }

  private rowCount(rc: RowChecks, column: CountColumn): Bool[] {
    const pick = (c: Check): boolean =>
      column === "errors"
        ? c.severity === "error"
        : column === "warnings"
          ? c.severity === "warning"
          : c.rule === "required-empty";
    return rc.checks.filter(pick).map((c) => c.when);
  }

  /** The summary of some sheets: errors, warnings and required cells left empty, in words. */
  private summaryParts(of: readonly InputSheet[]): Part[] {
    const total = (column: CountColumn): Num => sum(...of.map((sheet) => ({ k: "total", sheet, column }) as Num));
    const e = total("errors");
    const w = total("warnings");
    const r = total("required");
    const zero = num(0);
    return [
      when(
        cmp(e, ">", zero),
        [
          "Còn ",
          e,
          " lỗi, ",
          w,
          " cảnh báo",
          when(cmp(r, ">", zero), [" (trong đó ", r, " ô bắt buộc chưa điền)"]),
          ": xem cột Kiểm tra.",
        ],
        [
          when(
            cmp(r, ">", zero),
            [
              "Chưa có lỗi; còn ",
              r,
              " ô bắt buộc chưa điền",
              when(cmp(w, ">", r), [" và ", sub(w, r), " cảnh báo khác"]),
              ": xem cột Kiểm tra.",
            ],
            [
              when(
                cmp(w, ">", zero),
                ["Không còn lỗi: có thể gửi (còn ", w, " cảnh báo, nên xem cột Kiểm tra)."],
                ["Không còn lỗi: có thể gửi."],
              ),
            ],
          ),
        ],
      ),
    ];
  }

  private summaries(): { sheet: InputSheet; row: number; parts: Part[]; of: InputSheet[] }[] {
    const out: { sheet: InputSheet; row: number; parts: Part[]; of: InputSheet[] }[] = [];
    for (const sheet of inputSheets) {
      const rows = this.sheets[sheet].summaryRows;
      if (sheet === "info" && rows.length >= 3) {
        const names = (s: InputSheet): string => this.sheets[s].ws.name;
        out.push({
          sheet,
          row: rows[0] as number,
          of: [...inputSheets],
          parts: ["Kiểm tra toàn biểu mẫu: ", ...this.summaryParts(inputSheets)],
        });
        const bySheet: Part[] = ["Theo trang: "];
        inputSheets.forEach((s, i) => {
          bySheet.push(
            `${i > 0 ? "; " : ""}${names(s)} `,
            { k: "total", sheet: s, column: "errors" },
            " lỗi, ",
            { k: "total", sheet: s, column: "warnings" },
            " cảnh báo",
          );
        });
        bySheet.push(".");
        out.push({ sheet, row: rows[1] as number, of: [...inputSheets], parts: bySheet });
        out.push({ sheet, row: rows[2] as number, of: [sheet], parts: ["Trang này: ", ...this.summaryParts([sheet])] });
      } else if (rows.length > 0) {
        out.push({
          sheet,
          row: rows[0] as number,
          of: [sheet],
          parts: ["Kiểm tra trang này: ", ...this.summaryParts([sheet])],
        });
      }
    }
    return out;
  }

  /** Every formula cell with the value it computes over the given cell values (null: an issued, empty template). */
  compute(valueAt: ValueAt | null): (CheckCell & { result: string | number })[] {
    const values: ValueAt = valueAt ?? (() => null);
    const env = this.env(values);
    const out: (CheckCell & { result: string | number })[] = [];
    const totals = new Map<string, number>();
    for (const rc of this.rows) {
      const ctx = this.context(rc.sheet);
      const ds = this.sheets[rc.sheet];
      const checkCol = ds.ws.getColumn(ds.col(checkColumnKeys.check)).letter;
      const message = this.rowMessage(rc);
      out.push({
        sheet: rc.sheet,
        address: `${checkCol}${rc.row}`,
        formula: compileParts(message, ctx),
        result: evalParts(message, env),
      });
      for (const column of ["errors", "warnings", "required"] as const) {
        const conds = this.rowCount(rc, column);
        if (conds.length === 0) continue;
        const formula = conds.map((b) => `IF(${this.cond(b, ctx)},1,0)`).join("+");
        const result = conds.filter((b) => evalBool(b, env)).length;
        totals.set(`${rc.sheet}|${column}`, (totals.get(`${rc.sheet}|${column}`) ?? 0) + result);
        out.push({ sheet: rc.sheet, address: this.helperAddress(rc.sheet, column, rc.row), formula, result });
      }
    }
    const summaryEnv = this.env(values, totals);
    for (const s of this.summaries()) {
      const ctx = this.context(s.sheet);
      const letter = this.sheets[s.sheet].ws.getColumn(FIRST_COLUMN).letter;
      out.push({
        sheet: s.sheet,
        address: `${letter}${s.row}`,
        formula: compileParts(s.parts, ctx),
        result: evalParts(s.parts, summaryEnv),
      });
    }
    return out;
  }

  /** Writes the formulas (with their results for an empty template), the row heights and the conditional formats. */
  write(): void {
    for (const c of this.compute(null)) {
      this.sheets[c.sheet].ws.getCell(c.address).value = { formula: c.formula, result: c.result } as never;
    }
    let priority = 1;
    const rule = (ws: Worksheet, ref: string, formula: string, style: { fill?: Fill; font?: Partial<Font> }): void => {
      ws.addConditionalFormatting({
        ref,
        rules: [{ type: "expression", priority: priority++, formulae: [formula], style }],
      });
    };
    for (const rc of this.rows) {
      const ds = this.sheets[rc.sheet];
      const ctx = this.context(rc.sheet);
      // rows high enough for their longest message
      const longest =
        rc.checks
          .map((c) => sizeText([severityWord(c.severity), ...c.message]))
          .sort((a, b) => b.length - a.length)[0] ?? "";
      const height = estimateHeight([
        { text: longest, width: ds.ws.getColumn(ds.col(checkColumnKeys.check)).width ?? 40, size: 10 },
      ]);
      const row = ds.ws.getRow(rc.row);
      row.height = Math.max(row.height ?? 0, height);
      // the offending input cells
      const targets = new Map<string, { error: Bool[]; warning: Bool[] }>();
      for (const c of rc.checks) {
        const a = this.address(c.target) as string;
        const t = targets.get(a) ?? { error: [], warning: [] };
        if (c.severity === "error") t.error.push(c.when);
        else if (c.severity === "warning") t.warning.push(c.when);
        targets.set(a, t);
      }
      for (const [address, t] of targets) {
        const either = (conds: Bool[]): string =>
          conds.length === 1 ? this.cond(conds[0] as Bool, ctx) : compileBool(any(...conds), ctx);
        if (t.error.length > 0) rule(ds.ws, address, either(t.error), { fill: look.error.fill, font: look.error.font });
        if (t.warning.length > 0)
          rule(ds.ws, address, either(t.warning), { fill: look.warning.fill, font: look.warning.font });
      }
    }
    // the messages, coloured by their row's worst severity: one rule per sheet, relative to the first row
    for (const sheet of inputSheets) {
      const ds = this.sheets[sheet];
      const first = ds.headerRow + 1;
      const last = Math.max(ds.lastRow, first);
      const letter = (key: string): string => ds.ws.getColumn(ds.col(key)).letter;
      const range = `${letter(checkColumnKeys.check)}${first}:${letter(checkColumnKeys.check)}${last}`;
      rule(ds.ws, range, `$${letter(checkColumnKeys.errors)}${first}>0`, { font: look.error.font });
      rule(ds.ws, range, `$${letter(checkColumnKeys.warnings)}${first}>0`, { font: look.warning.font });
    }
    for (const s of this.summaries()) {
      const ds = this.sheets[s.sheet];
      const ctx = this.context(s.sheet);
      const letter = ds.ws.getColumn(FIRST_COLUMN).letter;
      const ref = `${letter}${s.row}`;
      const total = (column: CountColumn): string => s.of.map((sheet) => ctx.total(sheet, column)).join("+");
      rule(ds.ws, ref, `${total("errors")}>0`, look.error);
      rule(ds.ws, ref, `${total("warnings")}>0`, look.warning);
      rule(ds.ws, ref, `${total("errors")}+${total("warnings")}=0`, look.ok);
    }
  }
}

/** A message with room for its numbers, to size the row. */
function sizeText(parts: readonly Part[]): string {
  return parts
    .map((p) => (typeof p === "string" ? p : p.k === "rowOf" ? "00" : p.k === "if" ? sizeText(p.then) : "0000000"))
    .join("");
}
