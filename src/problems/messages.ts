import type { Problem, ProblemCode } from "./problem.js";
import type { Audience, Wording } from "./args.js";
import { seedAudiences, seedMessages } from "./messages-seeds.js";
import { intakeAudiences, intakeMessages, intakeOperatorHints } from "./messages-intake.js";
import { configAudiences, configMessages } from "./messages-config.js";
import { ledgerAudiences, ledgerMessages } from "./messages-ledger.js";

export type { Audience };

/** The words of every coded message (each stage's table is complete for its codes: a missing one does not compile). */
const texts: Record<ProblemCode, Wording> = {
  ...seedMessages,
  ...intakeMessages,
  ...configMessages,
  ...ledgerMessages,
};

/** Who reads each coded message. */
const audiences: Record<ProblemCode, Audience> = {
  ...seedAudiences,
  ...intakeAudiences,
  ...configAudiences,
  ...ledgerAudiences,
};

/** What the operator is told on top of a message read by someone else (commands, paths; printed by the CLI only). */
const operatorHints: Partial<Record<ProblemCode, Wording>> = intakeOperatorHints;

/** Whether a code read back from a file (a cached finding, an earlier model) is one this program words. */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(texts, code);
}

/** The Vietnamese sentence for a problem, for its audience; the single place where wording is produced. */
export function formatProblem(p: Pick<Problem, "code" | "args">): string {
  return texts[p.code](p.args);
}

/** Who a coded message is for; a code this program does not know is the operator's (it never leaves the office). */
export function audienceOf(code: string): Audience {
  return isProblemCode(code) ? audiences[code] : "operator";
}

/** Whether a message may be written into a document that leaves the office (report, letter, feedback workbook). */
export function leavesOffice(code: string): boolean {
  return audienceOf(code) !== "operator";
}

/** What the operator should do on top of the message (names commands and paths), or null. */
export function operatorHint(p: { code: string; args: Problem["args"] }): string | null {
  const f = isProblemCode(p.code) ? operatorHints[p.code] : undefined;
  return f ? f(p.args) : null;
}

/** "Sheet 'X', ô D12" — where a problem sits, for messages. */
export function formatPlace(p: Pick<Problem, "file" | "sheet" | "cell">): string {
  const parts: string[] = [];
  if (p.file) parts.push(`tệp ${p.file}`);
  if (p.sheet) parts.push(`trang "${p.sheet}"`);
  if (p.cell) parts.push(`ô ${p.cell}`);
  return parts.join(", ");
}
