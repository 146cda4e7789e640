import { COLS_MARKER, SHEET_MARKER_PREFIX } from "../intake/template-layout.js";
import {
  formatAddress,
  parseAddress,
  type RawCell,
  type RawSheet,
  type RawWorkbook,
} from "../intake/xlsx/raw-workbook.js";
import type { Problem } from "../problems/problem.js";
import type { BookRow, BookTable, ConfigBook } from "./book.js";
import {
  agenciesTable,
  configSheetNames,
  groupsTable,
  indicatorsTable,
  phrasesTable,
  targetsTable,
  tasksTable,
  type ConfigSheetId,
  type TableSpec,
} from "./layout.js";
import { TABLE_TITLE_MARK } from "./write-book.js";
import { foldName } from "../vn/fold.js";

/**
 * Reads a configuration workbook (already read safely into cells by intake's reader) into a ConfigBook. Sheets
 * are found by their marker, else by name; columns by the hidden key row; table rows by position below the
 * header; key/value rows by their hidden key. Only structure is judged here (a missing sheet or column).
 */

const tableSheet: Record<BookTable, ConfigSheetId> = {
  groups: "cfg-groups",
  phrases: "cfg-groups",
  agencies: "cfg-agencies",
  tasks: "cfg-tasks",
  indicators: "cfg-indicators",
  targets: "cfg-targets",
};

const tableSpecs: Record<BookTable, TableSpec> = {
  groups: groupsTable,
  phrases: phrasesTable,
  agencies: agenciesTable,
  tasks: tasksTable,
  indicators: indicatorsTable,
  targets: targetsTable,
};

const keyOf = (c: RawCell | undefined): string | null =>
  c && c.kind === "string" && c.text.trim() !== "" ? c.text.trim() : null;
const isBlank = (c: RawCell | undefined): boolean => !c || (c.kind === "string" && c.text.trim() === "");

function findSheet(wb: RawWorkbook, id: ConfigSheetId): RawSheet | undefined {
  const byMarker = wb.sheets.find((s) => {
    for (const [addr, c] of s.cells) {
      const k = keyOf(c);
      if (k !== null && k.startsWith(SHEET_MARKER_PREFIX) && parseAddress(addr)?.col === 1)
        return k.slice(SHEET_MARKER_PREFIX.length) === id;
    }
    return false;
  });
  return byMarker ?? wb.sheets.find((s) => foldName(s.name) === foldName(configSheetNames[id]));
}

interface Marks {
  /** rows of "#cols" in column A, with the table key of the nearest "#table:" mark above */
  tables: { key: string | null; colsRow: number; columns: Map<string, number> }[];
  /** rows with any "#…" mark in column A */
  markRows: number[];
  /** key/value keys in column A */
  rowKeys: Map<string, number>;
  lastRow: number;
}

function marks(sheet: RawSheet): Marks {
  const aCells: { row: number; key: string }[] = [];
  let lastRow = 0;
  for (const [addr, c] of sheet.cells) {
    const p = parseAddress(addr);
    if (!p) continue;
    if (!isBlank(c)) lastRow = Math.max(lastRow, p.row);
    if (p.col !== 1) continue;
    const k = keyOf(c);
    if (k !== null) aCells.push({ row: p.row, key: k });
  }
  aCells.sort((a, b) => a.row - b.row);
  const tables: Marks["tables"] = [];
  const rowKeys = new Map<string, number>();
  let tableKey: string | null = null;
  for (const { row, key } of aCells) {
    if (key.startsWith(TABLE_TITLE_MARK)) tableKey = key.slice(TABLE_TITLE_MARK.length);
    else if (key === COLS_MARKER) {
      const columns = new Map<string, number>();
      for (const [addr, c] of sheet.cells) {
        const p = parseAddress(addr);
        const k = keyOf(c);
        if (p && p.row === row && p.col > 1 && k !== null && !columns.has(k)) columns.set(k, p.col);
      }
      tables.push({ key: tableKey, colsRow: row, columns });
      tableKey = null;
    } else if (!key.startsWith("#") && !rowKeys.has(key)) rowKeys.set(key, row);
  }
  return { tables, markRows: aCells.filter((x) => x.key.startsWith("#")).map((x) => x.row), rowKeys, lastRow };
}

export function readBook(wb: RawWorkbook, file: string): { book: ConfigBook | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const missing = (sheet: string, args: Problem["args"] = {}): void => {
    problems.push({ code: "config.missing-sheet", severity: "error", file, sheet, args: { sheet, ...args } });
  };
  const sheets = {} as ConfigBook["sheets"];
  const book: Omit<ConfigBook, "sheets"> = {
    settings: {},
    plan: {},
    groups: [],
    phrases: [],
    agencies: [],
    tasks: [],
    indicators: [],
    targets: [],
  };

  for (const part of ["settings", "plan"] as const) {
    const id: ConfigSheetId = part === "settings" ? "cfg-settings" : "cfg-plan";
    const sheet = findSheet(wb, id);
    if (!sheet) {
      missing(configSheetNames[id]);
      continue;
    }
    sheets[part] = sheet.name;
    const m = marks(sheet);
    const valueCol = m.tables[0]?.columns.get("value");
    if (valueCol === undefined) {
      problems.push({
        code: "config.missing-column",
        severity: "error",
        file,
        sheet: sheet.name,
        args: { column: "Giá trị" },
      });
      continue;
    }
    for (const [key, row] of m.rowKeys) {
      const address = formatAddress(valueCol, row);
      const raw = sheet.cells.get(address);
      book[part][key] = { value: null, address, ...(raw ? { raw } : {}) };
    }
  }

  const bySheet = new Map<ConfigSheetId, { sheet: RawSheet; m: Marks }>();
  for (const part of ["groups", "phrases", "agencies", "tasks", "indicators", "targets"] as const) {
    const id = tableSheet[part];
    let found = bySheet.get(id);
    if (!found) {
      const sheet = findSheet(wb, id);
      if (!sheet) {
        if (part !== "phrases") missing(configSheetNames[id]);
        continue;
      }
      found = { sheet, m: marks(sheet) };
      bySheet.set(id, found);
    }
    const { sheet, m } = found;
    sheets[part] = sheet.name;
    const idx = m.tables.findIndex((t) => t.key === part);
    const table = idx >= 0 ? m.tables[idx] : part === "phrases" ? undefined : m.tables[0];
    if (!table) {
      problems.push({
        code: "config.missing-table",
        severity: "error",
        file,
        sheet: sheet.name,
        args: { table: part },
      });
      continue;
    }
    const absent = tableSpecs[part].columns.filter((c) => c.required && !table.columns.has(c.key));
    for (const c of absent)
      problems.push({
        code: "config.missing-column",
        severity: "error",
        file,
        sheet: sheet.name,
        args: { column: c.header },
      });
    const end = m.markRows.find((r) => r > table.colsRow + 1) ?? m.lastRow + 1;
    const rows: BookRow[] = [];
    for (let r = table.colsRow + 2; r < end; r++) {
      const cells: BookRow["cells"] = {};
      let any = false;
      for (const [key, col] of table.columns) {
        const address = formatAddress(col, r);
        const raw = sheet.cells.get(address);
        if (!isBlank(raw)) any = true;
        cells[key] = { value: null, address, ...(raw ? { raw } : {}) };
      }
      if (any) rows.push({ row: r, cells });
    }
    book[part] = rows;
  }
  if (problems.length > 0) return { book: null, problems };
  return { book: { ...book, sheets }, problems };
}
