import {
  KNOWN_FORMAT_VERSIONS,
  columnKeys,
  figureInputColumns,
  inputInfoFields,
  parseRowKey,
  sheetNames,
  taskInputColumns,
  type MetaKey,
  type SheetId,
} from "../template-layout.js";
import { infoFields, narrativeSections, taskStateLabels, type NarrativeSection } from "../../vn/labels.js";
import { parsePeriod } from "../../calendar/period.js";
import {
  findAgency,
  indicatorsForAgency,
  isExpectedInPeriod,
  tasksForAgency,
  type Indicator,
  type Plan,
  type Task,
} from "../../plan/plan.js";
import { severityOf, type IntakeCode } from "../../problems/intake-codes.js";
import { makeFinding, type FindingArgs, type Place } from "./finding.js";
import {
  cellAt,
  findMarkedSheets,
  locateTable,
  metaText,
  readMetaPairs,
  type KeyedTable,
  type MetaEntry,
} from "./locate-keys.js";
import {
  readDateCell,
  readNumberCell,
  readStatusCell,
  readTextCell,
  type CellNote,
  type Normalised,
} from "./normalise-cell.js";
import { checkVisibleIdentity } from "./identity.js";
import { slotId, slotKey, type CellValue, type InputSheet, type Slot } from "./check-expr.js";
import {
  boundBreachCode,
  declareChecks,
  ruleValue,
  runChecks,
  type CheckEnv,
  type CumulativeFloors,
} from "./rule-book.js";
import { formatAddress, type RawSheet, type RawWorkbook } from "../xlsx/raw-workbook.js";
import type { CellRef, Finding, ReadValue, SubmissionData, TaskReport } from "./submission.js";

/**
 * Judges one workbook: pure (RawWorkbook + plan + expected period + file name + the cumulative rule's floors →
 * {data, findings}). Nothing is thrown for bad content: a file that is not a usable template is
 * rejected with one error finding; anything else is read value by value, each problem a finding on
 * its own cell, a bad value set aside (null) without dropping the rest of the file.
 */

/** Which agency the file claims to be from outside its metadata: its file name, or --agency. */
export interface AgencyHint {
  code: string;
  source: "file-name" | "option";
  fileName: string;
}

export interface ParseInput {
  workbook: RawWorkbook;
  plan: Plan;
  /** the period being checked; null takes it from the file's metadata (`receive` without --period) */
  period: string | null;
  /** the name of the file (as stored in the inbox), for cell references */
  fileName: string;
  agencyHint?: AgencyHint | null;
  /** the cumulative rule's floors per agency (consolidate/cumulative.ts, given by the command); none: no comparison */
  floors?: CumulativeFloors;
}

export interface ParseResult {
  accepted: boolean;
  /** the agency of the metadata when it could be read and is known */
  agency: string | null;
  /** the period of the metadata when it could be read */
  period: string | null;
  data: SubmissionData | null;
  findings: Finding[];
  /** the message of the finding that rejected the file */
  rejectReason: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

const inputColumnsOf: Record<Exclude<SheetId, "guide" | "meta">, readonly string[]> = {
  info: [columnKeys.info.value],
  tasks: taskInputColumns,
  figures: figureInputColumns,
  assessment: [columnKeys.assessment.value],
};

const rowKindOf: Record<Exclude<SheetId, "guide" | "meta">, "info" | "task" | "ind" | "text"> = {
  info: "info",
  tasks: "task",
  figures: "ind",
  assessment: "text",
};

/** Accumulates findings of one file. */
class Collector {
  readonly findings: Finding[] = [];
  add(code: IntakeCode, place: Place, args: FindingArgs = {}): Finding {
    const f = makeFinding(code, place, args);
    this.findings.push(f);
    return f;
  }
}

function rejected(
  c: Collector,
  code: IntakeCode,
  place: Place,
  args: FindingArgs,
  agency: string | null,
  period: string | null,
): ParseResult {
  const f = c.add(code, place, args);
  return { accepted: false, agency, period, data: null, findings: c.findings, rejectReason: f.message };
}

const flags = (notes: readonly CellNote[]): boolean => notes.some((n) => severityOf(n.code) !== "info");

/** One keyed sheet: its rows by key (first occurrence) and a reader of cells that records findings. */
class TableReader {
  /** row id (the part after "kind:") → row number */
  readonly rows = new Map<string, number>();

  constructor(
    readonly table: KeyedTable,
    readonly fileName: string,
    private readonly c: Collector,
  ) {}

  get sheet(): RawSheet {
    return this.table.sheet;
  }

  ref(address: string): CellRef {
    return { file: this.fileName, sheet: this.sheet.name, cell: address };
  }

  keyCellRef(row: number): CellRef {
    return this.ref(formatAddress(this.table.keyCol, row));
  }

  /** Reads a cell through a normaliser; notes become findings on that cell. Null when the column is missing. */
  read<T>(
    row: number,
    column: string,
    key: string,
    label: FindingArgs,
    normalise: (cell: Parameters<typeof readTextCell>[0]) => Normalised<T>,
  ): { n: Normalised<T>; ref: CellRef; flagged: boolean } | null {
    const at = cellAt(this.table, row, column);
    if (!at) return null;
    const n = normalise(at.cell);
    const place: Place = { sheet: this.sheet.name, cell: at.address, key };
    for (const note of n.notes) this.c.add(note.code, place, { ...label, ...note.args });
    return { n, ref: this.ref(at.address), flagged: flags(n.notes) };
  }

  /** Adds a finding on a cell already read. */
  note(ref: CellRef, key: string, code: IntakeCode, args: FindingArgs): void {
    this.c.add(code, { sheet: ref.sheet, cell: ref.cell, key }, args);
  }
}

/** Sheets of the template the agency must have: info and assessment always, tasks and figures when it has any. */
function requiredSheets(
  tasks: { lead: readonly Task[]; coordinate: readonly Task[] },
  indicators: readonly Indicator[],
): Record<Exclude<SheetId, "guide" | "meta">, boolean> {
  return {
    info: true,
    tasks: tasks.lead.length + tasks.coordinate.length > 0,
    figures: indicators.length > 0,
    assessment: true,
  };
}

export function parseSubmission(input: ParseInput): ParseResult {
  const { workbook, plan, fileName } = input;
  const c = new Collector();
  const marked = findMarkedSheets(workbook);

  // ——— is it one of our templates, for this plan and period? ———
  if (marked.byId.size === 0) return rejected(c, "intake.not-template", {}, {}, null, null);
  const metaSheet = marked.byId.get("meta");
  if (!metaSheet) return rejected(c, "intake.meta-missing", {}, {}, null, null);
  const meta = readMetaPairs(metaSheet);
  const metaPlace = (k: MetaKey): Place => ({
    sheet: metaSheet.name,
    cell: (meta.get(k) as MetaEntry | undefined)?.address ?? null,
    key: `meta:${k}`,
  });

  const agencyCode = metaText(meta.get("agency"));
  const agency = agencyCode ? findAgency(plan, agencyCode) : undefined;
  const periodId = metaText(meta.get("period"));
  const metaPeriod = periodId ? parsePeriod(periodId, plan.settings.due) : null;
  const who = agency?.code ?? null;
  const when = metaPeriod?.id ?? (periodId || null);

  const fv = metaText(meta.get("formatVersion"));
  if (!fv || !KNOWN_FORMAT_VERSIONS.includes(Number(fv))) {
    return rejected(
      c,
      "intake.unknown-format-version",
      metaPlace("formatVersion"),
      { found: fv, expected: KNOWN_FORMAT_VERSIONS.join(", ") },
      who,
      when,
    );
  }
  const planId = metaText(meta.get("planId"));
  if (planId !== plan.meta.id) {
    return rejected(c, "intake.other-plan", metaPlace("planId"), { found: planId, expected: plan.meta.id }, who, when);
  }
  if (!metaPeriod)
    return rejected(c, "intake.meta-missing", metaPlace("period"), { field: "period", found: periodId }, who, when);
  if (input.period !== null && metaPeriod.id !== input.period) {
    const expected = parsePeriod(input.period, plan.settings.due);
    return rejected(
      c,
      "intake.other-period",
      metaPlace("period"),
      {
        found: metaPeriod.id,
        foundLabel: metaPeriod.label,
        expected: input.period,
        expectedLabel: expected?.label ?? input.period,
      },
      who,
      when,
    );
  }
  if (!agencyCode) return rejected(c, "intake.meta-missing", metaPlace("agency"), { field: "agency" }, null, when);
  if (!agency) return rejected(c, "intake.unknown-agency", metaPlace("agency"), { found: agencyCode }, null, when);
  const period = metaPeriod;

  // ——— what the agency sees must agree with _meta: else who sent it, or for which period, is unknown ———
  const identity = checkVisibleIdentity({
    plan,
    agency,
    period,
    info: marked.byId.get("info"),
    metaAgency: metaPlace("agency"),
    metaPeriod: metaPlace("period"),
  });
  const [wrong, ...alsoWrong] = identity;
  if (wrong) {
    for (const p of alsoWrong) c.add(p.code, p.place, p.args);
    return rejected(c, wrong.code, wrong.place, wrong.args, null, when);
  }

  // ——— accepted: file-level notes ———
  const hint = input.agencyHint;
  if (hint && hint.code !== agency.code) {
    c.add("intake.agency-mismatch", metaPlace("agency"), {
      meta: agency.code,
      metaName: agency.name,
      hint: hint.code,
      hintName: findAgency(plan, hint.code)?.name ?? hint.code,
      source: hint.source,
      fileName: hint.fileName,
    });
  }
  if (!isExpectedInPeriod(agency, period)) {
    c.add("intake.agency-not-expected", metaPlace("agency"), {
      agency: agency.code,
      name: agency.name,
      period: period.id,
      periodLabel: period.label,
    });
  }
  const fingerprint = metaText(meta.get("fingerprint"));
  if (fingerprint !== plan.fingerprint) {
    c.add("intake.fingerprint-changed", metaPlace("fingerprint"), { found: fingerprint, expected: plan.fingerprint });
  }
  for (const d of marked.duplicates) {
    c.add("intake.sheet-duplicate", { sheet: d.sheet.name }, { sheetId: d.id, first: d.first.name });
  }

  // ——— the keyed sheets ———
  // the agency's tasks and indicators, looked up once for the sheets and the rows
  const myTasks = tasksForAgency(plan, agency.code, period);
  const myIndicators = indicatorsForAgency(plan, agency);
  const required = requiredSheets(myTasks, myIndicators);
  const open = (id: Exclude<SheetId, "guide" | "meta">): TableReader | null => {
    const sheet = marked.byId.get(id);
    if (!sheet) {
      if (required[id]) c.add("intake.sheet-missing", {}, { sheetId: id, name: sheetNames[id] });
      return null;
    }
    const table = locateTable(sheet);
    if (!table) {
      c.add("intake.cols-missing", { sheet: sheet.name }, { sheetId: id });
      return null;
    }
    for (const col of inputColumnsOf[id]) {
      if (!table.columns.has(col)) c.add("intake.column-missing", { sheet: sheet.name }, { sheetId: id, column: col });
    }
    const reader = new TableReader(table, fileName, c);
    const kind = rowKindOf[id];
    for (const [key, rows] of table.rows) {
      const parsed = parseRowKey(key);
      if (!parsed) continue;
      const first = rows[0] as number;
      if (parsed.kind !== kind) {
        c.add("intake.unknown-key", { sheet: sheet.name, cell: formatAddress(table.keyCol, first), key }, { key });
        continue;
      }
      for (const dup of rows.slice(1)) {
        c.add(
          "intake.row-duplicate",
          { sheet: sheet.name, cell: formatAddress(table.keyCol, dup), key },
          {
            key,
            first: formatAddress(table.keyCol, first),
            row: kind,
            id: parsed.id,
          },
        );
      }
      reader.rows.set(parsed.id, first);
    }
    return reader;
  };
  const missingRows = (
    r: TableReader,
    kind: string,
    ids: readonly (string | number)[],
    label: (id: string) => FindingArgs,
  ): void => {
    for (const id of ids.map(String)) {
      if (!r.rows.has(id)) c.add("intake.row-missing", { sheet: r.sheet.name, key: `${kind}:${id}` }, label(id));
    }
  };
  const unknownRows = (r: TableReader, kind: string, known: ReadonlySet<string>): void => {
    for (const [id, row] of r.rows) {
      if (!known.has(id)) {
        c.add(
          "intake.unknown-key",
          { sheet: r.sheet.name, cell: formatAddress(r.table.keyCol, row), key: `${kind}:${id}` },
          { key: `${kind}:${id}` },
        );
        r.rows.delete(id);
      }
    }
  };
  /** What the rules see of each input cell read, where it sits, and how a broken rule marks what was read. */
  const slots = new Map<string, { value: CellValue; address: string; flag: () => void; setAside?: () => void }>();
  const record = (
    sheet: InputSheet,
    row: string,
    column: string,
    value: CellValue,
    ref: CellRef,
    flag: () => void,
    setAside?: () => void,
  ): void => {
    slots.set(slotKey(sheet, row, column), { value, address: ref.cell, flag, ...(setAside ? { setAside } : {}) });
  };

  const data: SubmissionData = {
    agency: agency.code,
    period: period.id,
    planId,
    formatVersion: Number(fv),
    fingerprint,
    info: {},
    values: {},
    notes: {},
    tasks: [],
    narrative: {},
  };

  // info
  const info = open("info");
  if (info) {
    unknownRows(info, "info", new Set<string>(infoFields));
    missingRows(info, "info", inputInfoFields, (id) => ({ row: "info", id }));
    for (const field of infoFields) {
      const row = info.rows.get(field);
      if (row === undefined) continue;
      const key = `info:${field}`;
      const label: FindingArgs = { row: "info", id: field };
      const got =
        field === "doc-date"
          ? info.read(row, columnKeys.info.value, key, { ...label, type: "date" }, readDateCell)
          : info.read(row, columnKeys.info.value, key, label, readTextCell);
      if (!got) continue;
      let flagged = got.flagged;
      const value = got.n.value;
      if (field === "email" && value !== null && !EMAIL.test(value)) {
        info.note(got.ref, key, "intake.bad-email", { ...label, found: value });
        flagged = true;
      }
      const read: ReadValue<string> = { value, ref: got.ref, flagged };
      data.info[field] = read;
      record("info", key, columnKeys.info.value, ruleValue(got.n), got.ref, () => {
        read.flagged = true;
      });
    }
  }

  // tasks
  const tasks = open("tasks");
  if (tasks) {
    const mine = myTasks;
    const leads = new Set(mine.lead.map((t) => t.stt));
    unknownRows(tasks, "task", new Set(plan.tasks.map((t) => String(t.stt))));
    missingRows(
      tasks,
      "task",
      [...mine.lead, ...mine.coordinate].map((t) => t.stt),
      (id) => ({ row: "task", id }),
    );
    const ordered = [...tasks.rows].sort((a, b) => a[1] - b[1]);
    for (const [id, row] of ordered) {
      const stt = Number(id);
      const key = `task:${id}`;
      const col = (column: string): FindingArgs => ({ row: "task", id: stt, column });
      const status = tasks.read(row, "status", key, { ...col("status"), type: "status" }, readStatusCell);
      const text = (column: "result" | "doc" | "difficulties") => {
        const got = tasks.read(row, column, key, col(column), readTextCell);
        return got ? { value: got.n.value, flagged: got.flagged, got } : { value: null, flagged: false, got: null };
      };
      const result = text("result");
      const doc = text("doc");
      const difficulties = text("difficulties");
      const docDate = tasks.read(
        row,
        columnKeys.tasks.docDate,
        key,
        { ...col("doc-date"), type: "date" },
        readDateCell,
      );
      const statusRef = status?.ref ?? tasks.keyCellRef(row);
      const report: TaskReport = {
        stt,
        role: leads.has(stt) ? "lead" : "coordinate",
        status: status?.n.value ?? null,
        result: result.value,
        doc: doc.value,
        docDate: docDate?.n.value ?? null,
        difficulties: difficulties.value,
        ref: statusRef,
        flagged: Boolean(status?.flagged || result.flagged || doc.flagged || difficulties.flagged || docDate?.flagged),
      };
      data.tasks.push(report);
      const flag = (): void => {
        report.flagged = true;
      };
      if (status) {
        const st = status.n.value;
        record(
          "tasks",
          key,
          "status",
          st !== null ? taskStateLabels[st] : status.n.empty ? null : { error: "set-aside" },
          status.ref,
          flag,
        );
      }
      for (const [column, t] of [
        ["result", result],
        ["doc", doc],
        ["difficulties", difficulties],
      ] as const) {
        if (t.got) record("tasks", key, column, ruleValue(t.got.n), t.got.ref, flag);
      }
    }
  }

  // figures
  const figures = open("figures");
  if (figures) {
    unknownRows(figures, "ind", new Set(plan.indicators.map((i) => i.code)));
    const mine = myIndicators;
    missingRows(
      figures,
      "ind",
      mine.map((i) => i.code),
      (id) => ({ row: "ind", id, name: plan.indicators.find((i) => i.code === id)?.name ?? id }),
    );
    const byCode = new Map(plan.indicators.map((i) => [i.code, i]));
    const ordered = [...figures.rows].sort((a, b) => a[1] - b[1]);
    for (const [code, row] of ordered) {
      const ind = byCode.get(code) as Indicator;
      const key = `ind:${code}`;
      const label: FindingArgs = { row: "ind", id: code, name: ind.name };
      const args: FindingArgs = { ...label, type: ind.type, ...(ind.max !== undefined ? { max: ind.max } : {}) };
      const got =
        ind.type === "text"
          ? figures.read(row, columnKeys.figures.value, key, args, readTextCell)
          : figures.read(row, columnKeys.figures.value, key, args, (cell) =>
              readNumberCell(cell, { percent: ind.type === "percent" }),
            );
      if (got) {
        const rv: ReadValue<number | string> = { value: got.n.value, ref: got.ref, flagged: got.flagged };
        data.values[code] = rv;
        record(
          "figures",
          key,
          columnKeys.figures.value,
          ruleValue(got.n),
          got.ref,
          () => {
            rv.flagged = true;
          },
          () => {
            rv.value = null;
          },
        );
      }
      const note = figures.read(row, columnKeys.figures.note, key, { ...label, column: "note" }, readTextCell);
      if (note) {
        if (note.n.value !== null) data.notes[code] = { value: note.n.value, ref: note.ref };
        record("figures", key, columnKeys.figures.note, ruleValue(note.n), note.ref, () => undefined);
      }
    }
  }

  // assessment
  const assessment = open("assessment");
  if (assessment) {
    unknownRows(assessment, "text", new Set<string>(narrativeSections));
    missingRows(assessment, "text", narrativeSections, (id) => ({ row: "text", id }));
    for (const section of narrativeSections) {
      const row = assessment.rows.get(section);
      if (row === undefined) continue;
      const key = `text:${section}`;
      const label: FindingArgs = { row: "text", id: section };
      const got = assessment.read(row, columnKeys.assessment.value, key, label, readTextCell);
      if (!got) continue;
      const read: ReadValue<string> = { value: got.n.value, ref: got.ref, flagged: got.flagged };
      data.narrative[section as NarrativeSection] = read;
      record("assessment", key, columnKeys.assessment.value, ruleValue(got.n), got.ref, () => {
        read.flagged = true;
      });
    }
  }

  // ——— the rules of one submission (rule-book.ts), on the values read ———
  const checks = declareChecks({
    plan,
    agency,
    period,
    floors: input.floors?.[agency.code] ?? {},
  });
  const sheetOf = (slot: Slot): string => marked.byId.get(slot.sheet)?.name ?? sheetNames[slot.sheet];
  const env: CheckEnv = {
    value: (slot) => slots.get(slotId(slot))?.value,
    address: (slot) => slots.get(slotId(slot))?.address ?? null,
  };
  const hits = runChecks(checks, env);
  for (const h of hits) {
    const at = slots.get(slotId(h.check.target));
    c.add(h.code, { sheet: sheetOf(h.check.target), cell: at?.address ?? null, key: h.check.target.row }, h.args);
    at?.flag();
  }
  for (const h of hits) if (h.check.setsAside) slots.get(slotId(h.check.target))?.setAside?.();

  return { accepted: true, agency: agency.code, period: period.id, data, findings: c.findings, rejectReason: null };
}

/** What is wrong with a number for its indicator (the rule book's bound checks, plan/bounds.ts): the finding's code. */
export function judgeNumber(ind: Indicator, v: number): IntakeCode | null {
  return boundBreachCode(ind, v);
}
