import type { Problem } from "./problem.js";
import { seedAudiences, seedMessages } from "./messages-seeds.js";
import { intakeAudiences, intakeMessages, intakeOperatorHints } from "./messages-intake.js";
import { configAudiences, configMessages } from "./messages-config.js";
import { ledgerAudiences, ledgerMessages } from "./messages-ledger.js";

type Args = Problem["args"];
export type MessageTable = Record<string, (a: Args) => string>;

/**
 * Who reads a message:
 * - "agency": the reporting agency (feedback workbooks, the reminder letter, the template's check column); the
 *   same words may reach the leadership in the report (a rejected file's reason). Never names commands, options,
 *   paths or programs.
 * - "leadership": the report to UBND tỉnh and its companion document only; the same rule.
 * - "operator": the person running the program (CLI, run log, README); may name commands and paths. Such
 *   findings stay out of every document that leaves the office.
 */
export type Audience = "agency" | "leadership" | "operator";

/** The words of every coded message, its reader, and what the operator is told on top (commands, paths). */
export interface MessageSet {
  texts: MessageTable;
  audiences: Record<string, Audience>;
  /** an operator's extra instruction for a message read by someone else (printed by the CLI only) */
  operatorHints?: MessageTable;
}

const sets: MessageSet[] = [
  { texts: seedMessages, audiences: seedAudiences },
  { texts: intakeMessages, audiences: intakeAudiences, operatorHints: intakeOperatorHints },
  { texts: configMessages, audiences: configAudiences },
  { texts: ledgerMessages, audiences: ledgerAudiences },
];

/** Adds a set of coded messages (each stage keeps its own file; they all meet here). */
export function registerMessages(set: MessageSet): void {
  sets.push(set);
}

/** The Vietnamese sentence for a problem, for its audience; the single place where wording is produced. */
export function formatProblem(p: Pick<Problem, "code" | "args">): string {
  for (const t of sets) {
    const f = t.texts[p.code];
    if (f) return f(p.args);
  }
  return `Lỗi ${p.code}: ${JSON.stringify(p.args)}`;
}

/** Who a coded message is for; an unknown code is the operator's (it never leaves the office). */
export function audienceOf(code: string): Audience {
  for (const t of sets) {
    const a = t.audiences[code];
    if (a) return a;
  }
  return "operator";
}

/** Whether a message may be written into a document that leaves the office (report, letter, feedback workbook). */
export function leavesOffice(code: string): boolean {
  return audienceOf(code) !== "operator";
}

/** What the operator should do on top of the message (names commands and paths), or null. */
export function operatorHint(p: Pick<Problem, "code" | "args">): string | null {
  for (const t of sets) {
    const f = t.operatorHints?.[p.code];
    if (f) return f(p.args);
  }
  return null;
}

/** "Sheet 'X', ô D12" — where a problem sits, for messages. */
export function formatPlace(p: Pick<Problem, "file" | "sheet" | "cell">): string {
  const parts: string[] = [];
  if (p.file) parts.push(`tệp ${p.file}`);
  if (p.sheet) parts.push(`trang "${p.sheet}"`);
  if (p.cell) parts.push(`ô ${p.cell}`);
  return parts.join(", ");
}
