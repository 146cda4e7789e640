import { reportedTaskStates, taskStateLabels, type ReportedTaskState } from "../../vn/labels.js";
import { fixLegacyText } from "../../vn/legacy-encoding.js";
import { parseLooseNumber } from "../../vn/parse-number.js";
import { parseLooseDate } from "../../vn/parse-date.js";
import { foldName, stripDiacritics } from "../../vn/fold.js";
import { formatNumber, formatShortDate, plainDecimal } from "../../vn/format.js";
import type { RawCell } from "../xlsx/raw-workbook.js";
import type { IntakeCode } from "../../problems/intake-codes.js";
import type { FindingArgs } from "./finding.js";

/**
 * Turns one raw cell into a value of the expected kind, with notes on what was converted or set aside.
 * Pure. Notes are finding codes with args; parse-submission adds the place (sheet, cell, key, label).
 */

export interface CellNote {
  code: IntakeCode;
  args: FindingArgs;
}

export interface Normalised<T> {
  /** null when the cell is empty or its value was set aside */
  value: T | null;
  /** true when the cell holds nothing (no cell, blank text) */
  empty: boolean;
  notes: CellNote[];
}

const empty = <T>(): Normalised<T> => ({ value: null, empty: true, notes: [] });

/** The value as it stands in the file, for messages ("the value found"). */
export function describeRaw(cell: RawCell | undefined): string {
  if (!cell) return "";
  switch (cell.kind) {
    case "string":
      return cell.text;
    case "number":
      return cell.isDate ? formatSerialAsDate(cell.value) : plainDecimal(cell.value);
    case "boolean":
      return cell.value ? "TRUE" : "FALSE";
    case "error":
      return cell.text;
    case "formula-no-result":
      return `=${cell.formula}`;
    case "unreadable":
      return cell.text;
  }
}

function formatSerialAsDate(serial: number): string {
  const d = parseLooseDate(serial);
  return d ? formatShortDate(d.iso) : plainDecimal(serial);
}

/** The cached-result note for a formula cell; the bad-value finding for an error or a missing result. */
function formulaAndErrors(cell: RawCell): { stop: CellNote | null; note: CellNote | null } {
  if (cell.kind === "formula-no-result")
    return {
      stop: { code: "intake.formula-no-result", args: { formula: cell.formula, found: `=${cell.formula}` } },
      note: null,
    };
  if (cell.kind === "error") {
    return {
      stop: { code: "intake.error-value", args: { found: cell.text, formula: cell.formula ?? null } },
      note: null,
    };
  }
  if (cell.kind === "unreadable") {
    return {
      stop: { code: "intake.unreadable-value", args: { found: cell.text, formula: cell.formula ?? null } },
      note: null,
    };
  }
  return { stop: null, note: null };
}

/** The note on a text that lost characters XML does not allow when it was read (raw-workbook.ts). */
const cleanedNote = (cell: RawCell): CellNote[] =>
  cell.kind === "string" && cell.cleaned ? [{ code: "intake.invalid-chars", args: { chars: cell.cleaned } }] : [];

const formulaNote = (cell: RawCell, value: string | number): CellNote | null =>
  "formula" in cell && cell.formula && cell.kind !== "formula-no-result"
    ? { code: "intake.formula-result", args: { formula: cell.formula, value } }
    : null;

/**
 * Repairs text: TCVN3/VNI → Unicode (font name first, letter patterns second), then NFC.
 * A legacy conversion is a warning with before/after; a decomposed text an info note.
 */
export function repairText(text: string, font?: string): { text: string; notes: CellNote[] } {
  const fixed = fixLegacyText(text, font);
  // without a legacy encoding, the fixed text is the text in NFC
  const nfc = fixed.encoding ? text.normalize("NFC") : fixed.text;
  if (fixed.encoding && fixed.text !== nfc) {
    return {
      text: fixed.text,
      notes: [
        {
          code: "intake.legacy-text",
          args: { encoding: fixed.encoding, font: font ?? null, found: text, value: fixed.text },
        },
      ],
    };
  }
  return { text: nfc, notes: nfc !== text ? [{ code: "intake.nfd-text", args: {} }] : [] };
}

/** Text cells: strings repaired and trimmed; numbers, dates and booleans as text. */
export function readTextCell(cell: RawCell | undefined): Normalised<string> {
  if (!cell) return empty();
  const { stop } = formulaAndErrors(cell);
  if (stop) return { value: null, empty: false, notes: [stop] };
  let text: string;
  const notes: CellNote[] = [];
  if (cell.kind === "string") {
    const r = repairText(cell.text, cell.font);
    text = r.text.trim();
    if (text === "") return cell.cleaned ? { value: null, empty: true, notes: cleanedNote(cell) } : empty();
    notes.push(...cleanedNote(cell), ...r.notes);
  } else if (cell.kind === "number") {
    text = cell.isDate ? formatSerialAsDate(cell.value) : plainDecimal(cell.value);
  } else if (cell.kind === "boolean") {
    text = cell.value ? "TRUE" : "FALSE";
  } else {
    return empty();
  }
  const f = formulaNote(cell, text);
  if (f) notes.push(f);
  return { value: text, empty: false, notes };
}

export interface NumberOptions {
  /** whether "12,5%" is acceptable (percent indicators) */
  percent: boolean;
}

/** Number cells: numbers as they are; numbers typed as text (vi or en style) understood with a warning. */
export function readNumberCell(cell: RawCell | undefined, opts: NumberOptions): Normalised<number> {
  if (!cell) return empty();
  const { stop } = formulaAndErrors(cell);
  if (stop) return { value: null, empty: false, notes: [stop] };
  const notes: CellNote[] = [];
  if (cell.kind === "number") {
    if (cell.isDate) {
      return {
        value: null,
        empty: false,
        notes: [{ code: "intake.not-a-number", args: { found: describeRaw(cell) } }],
      };
    }
    const f = formulaNote(cell, cell.value);
    return { value: cell.value, empty: false, notes: f ? [f] : [] };
  }
  if (cell.kind === "boolean") {
    return { value: null, empty: false, notes: [{ code: "intake.not-a-number", args: { found: describeRaw(cell) } }] };
  }
  if (cell.kind !== "string") return empty();
  const r = repairText(cell.text, cell.font);
  const text = r.text.trim();
  notes.push(...cleanedNote(cell));
  if (text === "") return { value: null, empty: true, notes };
  notes.push(...r.notes.filter((x) => x.code === "intake.legacy-text"));
  const parsed = parseLooseNumber(text);
  if (!parsed || (parsed.percent && !opts.percent)) {
    notes.push({ code: "intake.not-a-number", args: { found: cell.text } });
    return { value: null, empty: false, notes };
  }
  notes.push({
    code: "intake.number-as-text",
    args: { found: cell.text, value: parsed.value, style: parsed.style, percent: parsed.percent },
  });
  const f = formulaNote(cell, parsed.value);
  if (f) notes.push(f);
  return { value: parsed.value, empty: false, notes };
}

/** Date cells: real dates silently; serial numbers with a warning; text dates with a note. ISO out. */
export function readDateCell(cell: RawCell | undefined): Normalised<string> {
  if (!cell) return empty();
  const { stop } = formulaAndErrors(cell);
  if (stop) return { value: null, empty: false, notes: [stop] };
  const notes: CellNote[] = [];
  if (cell.kind === "number") {
    const d = parseLooseDate(cell.value);
    if (!d)
      return {
        value: null,
        empty: false,
        notes: [{ code: "intake.bad-date", args: { found: formatNumber(cell.value, 4) } }],
      };
    if (!cell.isDate)
      notes.push({ code: "intake.date-serial", args: { found: plainDecimal(cell.value), value: d.iso } });
    const f = formulaNote(cell, formatShortDate(d.iso));
    if (f) notes.push(f);
    return { value: d.iso, empty: false, notes };
  }
  if (cell.kind === "boolean")
    return { value: null, empty: false, notes: [{ code: "intake.bad-date", args: { found: describeRaw(cell) } }] };
  if (cell.kind !== "string") return empty();
  const r = repairText(cell.text, cell.font);
  const text = r.text.trim();
  notes.push(...cleanedNote(cell));
  if (text === "") return { value: null, empty: true, notes };
  notes.push(...r.notes.filter((x) => x.code === "intake.legacy-text"));
  const d = parseLooseDate(text);
  if (!d) {
    notes.push({ code: "intake.bad-date", args: { found: cell.text } });
    return { value: null, empty: false, notes };
  }
  notes.push({ code: "intake.date-text", args: { found: cell.text, value: d.iso } });
  return { value: d.iso, empty: false, notes };
}

/** Matching key for status labels: folded (case, tone placement) and without diacritics. */
const foldStatus = (s: string): string => stripDiacritics(foldName(s)).toLowerCase();

/** The keys of texts already seen: a status column holds a handful of distinct labels, each folded once. */
const statusKeys = new Map<string, string>();
const statusKey = (s: string): string => {
  let k = statusKeys.get(s);
  if (k === undefined) {
    k = foldStatus(s);
    if (statusKeys.size >= 512) statusKeys.clear();
    statusKeys.set(s, k);
  }
  return k;
};

const statusByKey: Map<string, ReportedTaskState> = new Map(
  reportedTaskStates.flatMap((st) => [[statusKey(taskStateLabels[st]), st] as const, [statusKey(st), st] as const]),
);

/** Task status cells: the dropdown labels, tolerant of case and diacritics, or the status codes. */
export function readStatusCell(cell: RawCell | undefined): Normalised<ReportedTaskState> {
  const t = readTextCell(cell);
  if (t.value === null) return { value: null, empty: t.empty, notes: t.notes };
  const st = statusByKey.get(statusKey(t.value));
  if (st) return { value: st, empty: false, notes: t.notes.filter((x) => x.code !== "intake.nfd-text") };
  return {
    value: null,
    empty: false,
    notes: [
      ...t.notes.filter((x) => x.code === "intake.legacy-text" || x.code === "intake.invalid-chars"),
      { code: "intake.status-unknown", args: { found: t.value } },
    ],
  };
}
